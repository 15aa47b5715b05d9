#pragma once
// One TrueType font rasterised a glyph at a time, the way Dear ImGui 1.86's atlas builder does it
// (stb_truetype, no oversampling): what Fonts needs to add a character to a built atlas without
// rebuilding it. The font bytes are the caller's and must outlive this object.
#include <memory>

namespace tb::kiosk {

struct GlyphBox {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // bitmap box relative to the pen on the baseline, in pixels
  float advance = 0;                   // unrounded horizontal advance, in pixels
  int width() const { return x1 - x0; }
  int height() const { return y1 - y0; }
};

class GlyphRaster {
 public:
  GlyphRaster();
  ~GlyphRaster();
  GlyphRaster(const GlyphRaster&) = delete;
  GlyphRaster& operator=(const GlyphRaster&) = delete;

  // False when stb_truetype cannot read the font.
  bool open(const unsigned char* ttf);
  // The scale that makes the font `pixel_height` tall (ascent - descent), as ImGui sizes fonts.
  float scale_for(float pixel_height) const;
  // The font's glyph for a character; 0 when the font does not have it.
  int glyph_of(char32_t c) const;
  GlyphBox box(int glyph, float scale) const;
  // Draws the glyph's coverage into an 8-bit bitmap of `box(glyph, scale)`'s size; `stride` bytes a row.
  void render(int glyph, float scale, unsigned char* out, int width, int height, int stride) const;

 private:
  struct Font;
  std::unique_ptr<Font> font_;
};

}  // namespace tb::kiosk
