// One service item as every kiosk list draws it (ui/item_row.h).
#include "ui/item_row.h"

#include <algorithm>
#include <cfloat>

#include "ui_strings.h"
#include "text/utf8.h"
#include "ui/automation.h"

namespace tb::kiosk {

void badge(Canvas& c, float* x, float y, const std::string& text, ImU32 bg, ImU32 fg) {
  const ImVec2 s = measure_text(c, c.theme.body, text);
  const float pad = c.theme.gap * 0.4f;
  c.dl->AddRectFilled({*x, y}, {*x + s.x + 2 * pad, y + s.y + 4}, bg, 6);
  draw_text(c, c.theme.body, text, {*x + pad, y + 2}, fg);
  *x += s.x + 2 * pad + c.theme.gap * 0.5f;
}

namespace {

// Draws a name with search highlights (code-point ranges) underlined in yellow.
void highlighted_name(Canvas& c, const std::string& name, const std::vector<guide::Highlight>& marks, ImVec2 pos) {
  const std::u32string cps = text::decode_utf8_lossy(name);
  ImFont* f = c.fonts.get(c.theme.title);
  c.fonts.want(c.theme.title, name);
  float x = pos.x;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const std::string ch = text::encode_utf8(std::u32string(1, cps[i]));
    const float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, ch.c_str()).x;
    const bool marked = std::any_of(marks.begin(), marks.end(), [&](const guide::Highlight& h) {
      return i >= h.start && i < static_cast<std::size_t>(h.start + h.length);
    });
    if (marked) c.dl->AddRectFilled({x, pos.y}, {x + w, pos.y + f->FontSize * 1.1f}, IM_COL32(0xFF, 0xE5, 0x8A, 0xFF));
    c.dl->AddText(f, f->FontSize, {x, pos.y}, color::kText, ch.c_str());
    x += w;
  }
  c.texts.add(name, in_sight(pos.x, pos.y, x - pos.x, f->FontSize));
}

}  // namespace


bool item_row(Canvas& c, const guide::ItemSummary& it, float x, float* y, float w, const char* id_prefix) {
  const float pad = c.theme.gap * 0.6f;
  const float title_h = c.fonts.pixel_size(c.theme.title) * 1.15f, body_h = c.fonts.pixel_size(c.theme.body) * 1.3f;
  const float h = std::max(c.theme.button_h, pad * 2 + title_h + body_h);
  const std::string id = id_prefix + it.id;
  const bool tapped = row(c, id.c_str(), {x, *y}, {w, h}, it.name);
  highlighted_name(c, it.name, it.highlights, {x + pad, *y + pad});
  float bx = x + pad;
  const float by = *y + pad + title_h;
  draw_text(c, c.theme.body, it.department, {bx, by}, color::kTextMuted);
  bx += measure_text(c, c.theme.body, it.department).x + c.theme.gap;
  if (it.is_bundle) badge(c, &bx, by, ui::kBadgeBundle, IM_COL32(0xFD, 0xE8, 0xDC, 0xFF), IM_COL32(0x8A, 0x35, 0x08, 0xFF));
  if (it.online) badge(c, &bx, by, ui::kBadgeOnline, IM_COL32(0xDF, 0xF3, 0xE4, 0xFF), IM_COL32(0x1E, 0x5E, 0x26, 0xFF));
  if (it.needs_visit) badge(c, &bx, by, ui::kBadgeVisit, IM_COL32(0xEE, 0xF1, 0xF5, 0xFF), IM_COL32(0x3B, 0x43, 0x50, 0xFF));
  *y += h + c.theme.gap * 0.4f;
  return tapped;
}

}  // namespace tb::kiosk
