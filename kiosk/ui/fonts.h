#pragma once
// The kiosk's fonts: three sizes of one CJK font, each rasterised only for the characters the
// screens actually draw. Dear ImGui 1.86 bakes glyphs into one texture up front; baking all of
// GB 2312 at three sizes would need a 4096x4096 texture and most of a second. Instead every text
// the UI draws goes through want(); characters not yet baked are collected and the atlas is
// rebuilt between frames (rare after the first frame: a new catalogue, a rare name).
#include <imgui.h>

#include <set>
#include <string_view>
#include <vector>

namespace tb::kiosk {

enum class FontSize { Small = 0, Medium = 1, Large = 2 };  // 28, 40, 52 px

class Fonts {
 public:
  // Takes the font file bytes (kept alive here: ImGui reads them at every rebuild).
  bool init(std::vector<unsigned char> ttf);
  ImFont* get(FontSize s) const { return fonts_[int(s)]; }
  float pixel_size(FontSize s) const;

  // Declares that `text` will be drawn in size `s`. Cheap for already-baked characters.
  void want(FontSize s, std::string_view utf8);
  // True when characters are waiting to be baked: call rebuild() before the next NewFrame().
  bool needs_rebuild() const { return pending_; }
  // Re-bakes the atlas with every wanted character. The caller re-uploads the GPU texture.
  void rebuild();
  // Characters that were wanted but that the font file does not have (drawn as boxes).
  int missing_glyphs() const { return missing_; }
  // The characters the font file has (its generated list, tongban-ui.chars.txt): what an input
  // engine offers is shown only when every character of it can be drawn. Unset: all can.
  void set_coverage(std::string_view chars_utf8);
  bool can_draw(std::string_view utf8) const;
  int baked_glyphs() const;

 private:
  std::vector<unsigned char> ttf_;
  ImFont* fonts_[3] = {nullptr, nullptr, nullptr};
  std::set<ImWchar> wanted_[3];
  std::vector<ImWchar> ranges_[3];  // must outlive the atlas build
  std::set<char32_t> coverage_;
  bool pending_ = false;
  int missing_ = 0;
};

}  // namespace tb::kiosk
