#pragma once
// The kiosk's fonts: three sizes of one CJK font, each rasterised only for the characters the
// screens actually draw. Dear ImGui 1.86 bakes glyphs into one texture up front; baking all of
// GB 2312 at three sizes would need a 4096x4096 texture and most of a second. Instead every text
// the UI draws goes through want():
// - a character not yet baked is rasterised at once into a spare band kept empty in the atlas
//   (GlyphRaster, the same rasteriser and metrics as ImGui's builder), so the frame that first
//   shows a candidate draws it: no atlas rebuild while a person types;
// - only when the band is full is the whole atlas rebuilt, between frames, with every character
//   wanted so far and a fresh band.
// The atlas pixels change either way; the runner uploads what changed (take_changed_rows) or, after
// a rebuild, the whole texture.
#include <imgui.h>

#include <set>
#include <string_view>
#include <vector>

#include "ui/glyph_raster.h"

namespace tb::kiosk {

enum class FontSize { Small = 0, Medium = 1, Large = 2 };  // 28, 40, 52 px

// Rows [first, end) of the atlas texture whose pixels changed since the last upload.
struct AtlasRows {
  int first = 0, end = 0;
  bool empty() const { return end <= first; }
};

class Fonts {
 public:
  // Takes the font file bytes (kept alive here: ImGui reads them at every rebuild).
  bool init(std::vector<unsigned char> ttf);
  ImFont* get(FontSize s) const { return fonts_[int(s)]; }
  float pixel_size(FontSize s) const;

  // Declares that `text` will be drawn in size `s`: bakes any character not yet in the atlas.
  // Cheap for baked characters. Call it before drawing the text, outside ImGui's own text calls.
  void want(FontSize s, std::string_view utf8);
  // True when characters are waiting for a full rebuild: call rebuild() before the next NewFrame().
  bool needs_rebuild() const { return pending_; }
  // Re-bakes the atlas with every wanted character. The caller re-uploads the whole texture.
  void rebuild();
  // The atlas rows that characters baked since the last call were drawn into (empty: none).
  AtlasRows take_changed_rows();
  // Characters that were wanted but that the font file does not have (drawn as boxes).
  int missing_glyphs() const { return missing_; }
  // The characters the font file has (its generated list, tongban-ui.chars.txt): what an input
  // engine offers is shown only when every character of it can be drawn. Unset: all can.
  void set_coverage(std::string_view chars_utf8);
  bool can_draw(std::string_view utf8) const;
  int baked_glyphs() const;
  // Full atlas builds since init (the first included) and characters added without one.
  int rebuilds() const { return rebuilds_; }
  int added_in_place() const { return added_; }

 private:
  // The empty band at the bottom of the atlas that characters are added to, filled row by row.
  struct Band {
    int x = 0, y = 0, w = 0, h = 0;  // in atlas pixels
    int pen_x = 0, pen_y = 0, row_h = 0;
  };
  bool bake_in_place(int size, ImWchar c);

  std::vector<unsigned char> ttf_;
  GlyphRaster raster_;
  ImFont* fonts_[3] = {nullptr, nullptr, nullptr};
  std::set<ImWchar> wanted_[3];
  std::vector<ImWchar> ranges_[3];  // must outlive the atlas build
  std::set<char32_t> coverage_;
  Band band_;
  AtlasRows changed_;
  bool pending_ = false;
  int missing_ = 0;
  int rebuilds_ = 0;
  int added_ = 0;
};

}  // namespace tb::kiosk
