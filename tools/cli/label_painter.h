#pragma once
// Label text on grey images (`tongban code sheet`), through stb_truetype: the kiosk's subset CJK
// font from the build, then Debian's WenQuanYi Micro Hei for any character it lacks.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "qr_image.h"

namespace tb::cli {

struct Font;

class LabelPainter {
 public:
  explicit LabelPainter(std::vector<std::unique_ptr<Font>> fonts);
  LabelPainter(LabelPainter&&) noexcept;
  ~LabelPainter();

  // Width in pixels of `text` at `px` pixels of font height; notes characters no font has.
  int width(const std::u32string& text, float px, std::vector<char32_t>* missing = nullptr) const;
  // Dark text on `img`, left edge x, baseline y.
  void draw(Gray& img, const std::u32string& text, float px, int x, int baseline) const;
  // Ascent of the first font at `px`, for placing baselines.
  int ascent(float px) const;

 private:
  std::vector<std::unique_ptr<Font>> fonts_;
};

// With --font FILE, that font (it must load); else the kiosk's font from the build; then WenQuanYi
// Micro Hei for whatever the first one lacks. No font at all, or a --font that does not load: a
// Failure (exit 3) saying what to do.
LabelPainter make_label_painter(const std::optional<std::string>& font_file);

}  // namespace tb::cli
