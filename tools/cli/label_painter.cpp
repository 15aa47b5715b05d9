#include "label_painter.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>

#include "files.h"
#include "host/install_paths.h"
#include "report.h"
#include "stb_truetype.h"

namespace tb::cli {

struct Font {
  std::string data;
  stbtt_fontinfo info{};
};

namespace {

const char* kFallbackFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

// The font in `data`, or nullptr if stb_truetype cannot read it.
std::unique_ptr<Font> font_from(std::string data) {
  auto f = std::make_unique<Font>();
  f->data = std::move(data);
  const auto* bytes = reinterpret_cast<const unsigned char*>(f->data.data());
  const int offset = stbtt_GetFontOffsetForIndex(bytes, 0);  // .ttc: the first face
  if (offset < 0 || !stbtt_InitFont(&f->info, bytes, offset)) return nullptr;
  return f;
}

// A font file that exists and loads, or nullptr.
std::unique_ptr<Font> font_if_usable(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
  auto data = try_read_file(path);
  return data ? font_from(std::move(*data)) : nullptr;
}

float scale(const Font& f, float px) { return stbtt_ScaleForPixelHeight(&f.info, px); }

// The first font that has `cp`, and its glyph; else the first font's .notdef (glyph 0).
const Font& pick(const std::vector<std::unique_ptr<Font>>& fonts, char32_t cp, int* glyph) {
  for (const auto& f : fonts)
    if (const int g = stbtt_FindGlyphIndex(&f->info, static_cast<int>(cp))) {
      *glyph = g;
      return *f;
    }
  *glyph = 0;
  return *fonts.front();
}

}  // namespace

LabelPainter::LabelPainter(std::vector<std::unique_ptr<Font>> fonts) : fonts_(std::move(fonts)) {}
LabelPainter::LabelPainter(LabelPainter&&) noexcept = default;
LabelPainter::~LabelPainter() = default;

int LabelPainter::width(const std::u32string& text, float px, std::vector<char32_t>* missing) const {
  float x = 0;
  for (char32_t cp : text) {
    int glyph = 0;
    const Font& f = pick(fonts_, cp, &glyph);
    if (!glyph && missing) missing->push_back(cp);
    int adv = 0, lsb = 0;
    stbtt_GetGlyphHMetrics(&f.info, glyph, &adv, &lsb);
    x += static_cast<float>(adv) * scale(f, px);
  }
  return static_cast<int>(std::ceil(x));
}

void LabelPainter::draw(Gray& img, const std::u32string& text, float px, int x, int baseline) const {
  float pen = static_cast<float>(x);
  for (char32_t cp : text) {
    int glyph = 0;
    const Font& f = pick(fonts_, cp, &glyph);
    const float s = scale(f, px);
    int w = 0, h = 0, xo = 0, yo = 0;
    const float shift = pen - std::floor(pen);
    unsigned char* bm = stbtt_GetGlyphBitmapSubpixel(&f.info, s, s, shift, 0, glyph, &w, &h, &xo, &yo);
    if (bm) {
      const int gx = static_cast<int>(std::floor(pen)) + xo, gy = baseline + yo;
      for (int yy = 0; yy < h; ++yy)
        for (int xx = 0; xx < w; ++xx) {
          const int X = gx + xx, Y = gy + yy;
          if (X < 0 || Y < 0 || X >= img.w || Y >= img.h) continue;
          const int ink = bm[yy * w + xx];
          auto& p = img.at(X, Y);
          p = static_cast<std::uint8_t>(std::min<int>(p, p * (255 - ink) / 255));
        }
      stbtt_FreeBitmap(bm, nullptr);
    }
    int adv = 0, lsb = 0;
    stbtt_GetGlyphHMetrics(&f.info, glyph, &adv, &lsb);
    pen += static_cast<float>(adv) * s;
  }
}

int LabelPainter::ascent(float px) const {
  int a = 0, d = 0, g = 0;
  stbtt_GetFontVMetrics(&fonts_.front()->info, &a, &d, &g);
  return static_cast<int>(std::lround(static_cast<float>(a) * scale(*fonts_.front(), px)));
}

LabelPainter make_label_painter(const std::optional<std::string>& font_file) {
  std::vector<std::unique_ptr<Font>> fonts;
  if (font_file) {
    auto f = font_from(read_file(*font_file, "--font"));
    if (!f) fail_io(*font_file + ": not a TrueType/OpenType font stb_truetype can read");
    fonts.push_back(std::move(f));
  } else {
    // The kiosk's subset font, where this binary's assets are (installed, or its build tree's).
    if (auto f = font_if_usable(host::assets_dir() + "/tongban-ui.ttf")) fonts.push_back(std::move(f));
  }
  if (auto f = font_if_usable(kFallbackFont)) fonts.push_back(std::move(f));
  if (fonts.empty())
    fail_io("no font found for the labels: build the kiosk font (build/native/assets/tongban-ui.ttf), install "
            "fonts-wqy-microhei, or pass --font FILE");
  return LabelPainter(std::move(fonts));
}

}  // namespace tb::cli
