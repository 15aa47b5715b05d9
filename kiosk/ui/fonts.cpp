#include "ui/fonts.h"

#include <algorithm>
#include <cmath>

#include "text/utf8.h"

namespace tb::kiosk {
namespace {
constexpr float kSizes[3] = {28.0f, 40.0f, 52.0f};
// The atlas is this wide; the band below its glyphs holds about 450 characters of mixed sizes
// (a 52 px glyph takes about 50x52 pixels) before a rebuild, 3.5 MB of RGBA.
constexpr int kAtlasWidth = 2048;
constexpr int kBandHeight = 448;
constexpr int kPadding = 1;  // between glyphs, as ImGui's TexGlyphPadding: no bleeding when sampled
}  // namespace

float Fonts::pixel_size(FontSize s) const { return kSizes[int(s)]; }

bool Fonts::init(std::vector<unsigned char> ttf) {
  if (ttf.empty()) return false;
  ttf_ = std::move(ttf);
  if (!raster_.open(ttf_.data())) return false;
  for (auto& set : wanted_) {
    for (ImWchar c = 0x20; c < 0x7F; ++c) set.insert(c);  // ASCII always
    set.insert(0x2026);                                    // … used for elided text
  }
  rebuild();
  return fonts_[0] != nullptr;
}

void Fonts::want(FontSize s, std::string_view utf8) {
  const int i = int(s);
  ImFont* font = fonts_[i];
  for (char32_t c : text::decode_utf8_lossy(utf8)) {
    if (c < 0x20 || c > 0xFFFF) continue;  // ImGui 1.86 is built with 16-bit ImWchar
    const auto w = static_cast<ImWchar>(c);
    if (wanted_[i].count(w)) continue;  // baked, or tried and known to be missing
    wanted_[i].insert(w);
    if (font && font->FindGlyphNoFallback(w)) continue;
    if (!raster_.glyph_of(c)) {
      ++missing_;  // not in the font file: drawn as the fallback box, nothing to bake
      continue;
    }
    if (pending_ || !bake_in_place(i, w)) pending_ = true;
  }
}

// Rasterises one character into the band and tells its font where it is, as ImGui's builder would
// have placed it (same box, same baseline offset, same advance rounding through AddGlyph).
bool Fonts::bake_in_place(int size, ImWchar c) {
  ImFont* font = fonts_[size];
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  if (!font || !atlas->TexPixelsAlpha8 || band_.w <= 0) return false;
  const int glyph = raster_.glyph_of(c);
  const float scale = raster_.scale_for(kSizes[size]);
  const GlyphBox box = raster_.box(glyph, scale);
  const int w = box.width(), h = box.height();
  if (band_.pen_x + w + kPadding > band_.w) {  // next row
    band_.pen_y += band_.row_h + kPadding;
    band_.pen_x = 0;
    band_.row_h = 0;
  }
  if (w + kPadding > band_.w || band_.pen_y + h + kPadding > band_.h) return false;  // full: rebuild
  const int x = band_.x + band_.pen_x, y = band_.y + band_.pen_y;
  const int tex_w = atlas->TexWidth, tex_h = atlas->TexHeight;
  if (w > 0 && h > 0) {
    raster_.render(glyph, scale, atlas->TexPixelsAlpha8 + y * tex_w + x, w, h, tex_w);
    if (atlas->TexPixelsRGBA32) {  // the copy the GL backend uploads: white, coverage in alpha
      for (int row = y; row < y + h; ++row)
        for (int col = x; col < x + w; ++col)
          atlas->TexPixelsRGBA32[row * tex_w + col] = IM_COL32(255, 255, 255, atlas->TexPixelsAlpha8[row * tex_w + col]);
    }
    changed_.first = changed_.empty() ? y : std::min(changed_.first, y);
    changed_.end = std::max(changed_.end, y + h);
  }
  band_.pen_x += w + kPadding;
  band_.row_h = std::max(band_.row_h, h);

  const float off_y = std::floor(font->Ascent + 0.5f);  // ImGui's IM_ROUND of the ascent
  const float fx0 = static_cast<float>(box.x0), fy0 = static_cast<float>(box.y0) + off_y;
  font->AddGlyph(font->ConfigData, c, fx0, fy0, fx0 + static_cast<float>(w), fy0 + static_cast<float>(h),
                 static_cast<float>(x) / static_cast<float>(tex_w), static_cast<float>(y) / static_cast<float>(tex_h),
                 static_cast<float>(x + w) / static_cast<float>(tex_w), static_cast<float>(y + h) / static_cast<float>(tex_h),
                 box.advance);
  // ImGui keeps a TAB glyph last and appends another one whenever it is not; keep it last.
  ImVector<ImFontGlyph>& glyphs = font->Glyphs;
  if (glyphs.Size >= 2 && glyphs[glyphs.Size - 2].Codepoint == '\t') std::swap(glyphs[glyphs.Size - 2], glyphs[glyphs.Size - 1]);
  font->BuildLookupTable();
  ++added_;
  return true;
}

void Fonts::rebuild() {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  io.Fonts->TexDesiredWidth = kAtlasWidth;
  io.Fonts->TexGlyphPadding = kPadding;
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // the bytes live in ttf_
  cfg.OversampleH = 1;               // CJK glyphs gain nothing from horizontal oversampling
  cfg.OversampleV = 1;               // (and GlyphRaster draws without it)
  cfg.PixelSnapH = true;
  for (int i = 0; i < 3; ++i) {
    ranges_[i].clear();
    for (ImWchar c : wanted_[i]) {  // each character as a one-element range
      ranges_[i].push_back(c);
      ranges_[i].push_back(c);
    }
    ranges_[i].push_back(0);
    fonts_[i] = io.Fonts->AddFontFromMemoryTTF(ttf_.data(), static_cast<int>(ttf_.size()), kSizes[i],
                                               &cfg, ranges_[i].data());
  }
  // Reserved empty, packed like any other rectangle; characters are later drawn into it.
  const int band = io.Fonts->AddCustomRectRegular(kAtlasWidth - 2 * kPadding, kBandHeight);
  io.Fonts->Build();
  band_ = Band{};
  if (const ImFontAtlasCustomRect* r = io.Fonts->GetCustomRectByIndex(band); r && r->IsPacked())
    band_ = Band{r->X, r->Y, r->Width, r->Height};
  missing_ = 0;
  for (int i = 0; i < 3; ++i)
    for (ImWchar c : wanted_[i])
      if (fonts_[i] && !fonts_[i]->FindGlyphNoFallback(c)) ++missing_;
  changed_ = AtlasRows{};
  pending_ = false;
  ++rebuilds_;
}

AtlasRows Fonts::take_changed_rows() {
  const AtlasRows rows = changed_;
  changed_ = AtlasRows{};
  return rows;
}

void Fonts::set_coverage(std::string_view chars_utf8) {
  for (char32_t c : text::decode_utf8_lossy(chars_utf8))
    if (c >= 0x80) coverage_.insert(c);
}

bool Fonts::can_draw(std::string_view utf8) const {
  if (coverage_.empty()) return true;
  for (char32_t c : text::decode_utf8_lossy(utf8))
    if (c >= 0x80 && !coverage_.count(c)) return false;
  return true;
}

int Fonts::baked_glyphs() const {
  int n = 0;
  for (auto* f : fonts_) n += f ? f->Glyphs.Size : 0;
  return n;
}

}  // namespace tb::kiosk
