#include "ui/glyph_raster.h"

// stb_truetype as Dear ImGui ships it (imstb_truetype.h), compiled here with static linkage: the
// copy inside imgui_draw.cpp is static too, so the two never meet. Third-party code: its own
// warnings are not ours to fix.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#include <imstb_truetype.h>
#pragma GCC diagnostic pop

namespace tb::kiosk {

struct GlyphRaster::Font {
  stbtt_fontinfo info{};
};

GlyphRaster::GlyphRaster() = default;
GlyphRaster::~GlyphRaster() = default;

bool GlyphRaster::open(const unsigned char* ttf) {
  auto font = std::make_unique<Font>();
  const int offset = stbtt_GetFontOffsetForIndex(ttf, 0);
  if (offset < 0 || !stbtt_InitFont(&font->info, ttf, offset)) return false;
  font_ = std::move(font);
  return true;
}

float GlyphRaster::scale_for(float pixel_height) const {
  return font_ ? stbtt_ScaleForPixelHeight(&font_->info, pixel_height) : 0.0f;
}

int GlyphRaster::glyph_of(char32_t c) const {
  return font_ ? stbtt_FindGlyphIndex(&font_->info, static_cast<int>(c)) : 0;
}

GlyphBox GlyphRaster::box(int glyph, float scale) const {
  GlyphBox b;
  if (!font_) return b;
  stbtt_GetGlyphBitmapBox(&font_->info, glyph, scale, scale, &b.x0, &b.y0, &b.x1, &b.y1);
  int advance = 0, left_bearing = 0;
  stbtt_GetGlyphHMetrics(&font_->info, glyph, &advance, &left_bearing);
  b.advance = scale * static_cast<float>(advance);
  return b;
}

void GlyphRaster::render(int glyph, float scale, unsigned char* out, int width, int height, int stride) const {
  if (font_) stbtt_MakeGlyphBitmap(&font_->info, out, width, height, stride, scale, scale, glyph);
}

}  // namespace tb::kiosk
