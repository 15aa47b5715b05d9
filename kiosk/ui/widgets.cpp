#include "ui/widgets.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace tb::kiosk {

namespace {
// Wrapped text is laid out a line at a time, each line kLineSpacing font sizes below the last: Dear
// ImGui puts wrapped lines one font size apart, and readers with poor sight need more (MIIT's
// ageing-friendly rules ask for line spacing of at least 1.3).
constexpr float kLineSpacing = 1.35f;

struct Line {
  const char *begin, *end;
};

// Punctuation a Chinese line must not start with (避头点: 。，、；：？！ and closing brackets and
// quotes, and their ASCII twins): a break just before one moves back a character, so the
// punctuation stays with the word it closes.
bool starts_with_closing_punctuation(const char* s, const char* end) {
  static const char* const kClosing[] = {"。", "，", "、", "；", "：", "？", "！", "）", "」", "』", "》", "”", "’", "…",
                                         ",", ".", ";", ":", "?", "!", ")"};
  for (const char* p : kClosing) {
    const std::size_t n = std::strlen(p);
    if (static_cast<std::size_t>(end - s) >= n && std::memcmp(s, p, n) == 0) return true;
  }
  return false;
}

// The start of the UTF-8 character before `s` (not before `floor`).
const char* previous_character(const char* s, const char* floor) {
  do --s;
  while (s > floor && (static_cast<unsigned char>(*s) & 0xC0) == 0x80);
  return s;
}

std::vector<Line> wrap_lines(ImFont* f, const std::string& text, float wrap) {
  std::vector<Line> lines;
  const char* s = text.c_str();
  const char* const end = s + text.size();
  while (s < end) {
    const char* eol = static_cast<const char*>(std::memchr(s, '\n', static_cast<std::size_t>(end - s)));
    if (!eol) eol = end;
    const char* cut = wrap > 0 ? f->CalcWordWrapPositionA(1.0f, s, eol, wrap) : eol;
    if (cut == s) cut = s + 1;  // never stall on a glyph wider than the line
    // Up to two characters back, while the next line would start with closing punctuation (a
    // run like "。”" moves whole), never emptying this line.
    for (int back = 0; back < 2 && cut < eol && starts_with_closing_punctuation(cut, eol); ++back) {
      const char* earlier = previous_character(cut, s);
      if (earlier <= s) break;
      cut = earlier;
    }
    lines.push_back({s, cut});
    s = cut;
    while (s < eol && *s == ' ') ++s;  // a wrapped line does not start with the space it broke at
    if (s == eol && eol < end) ++s;
  }
  return lines;
}
}  // namespace

void DrawnTexts::add(const std::string& text, bool in_sight) {
  if (!in_sight) out_of_sight.push_back(all.size());
  all.push_back(text);
}

std::vector<std::string> DrawnTexts::seen(std::size_t from, std::size_t to) const {
  std::vector<std::string> out;
  auto hidden = std::lower_bound(out_of_sight.begin(), out_of_sight.end(), from);
  for (std::size_t i = from; i < to && i < all.size(); ++i) {
    if (hidden != out_of_sight.end() && *hidden == i) {
      ++hidden;
      continue;
    }
    out.push_back(all[i]);
  }
  return out;
}

ImVec2 measure_text(Canvas& c, FontSize size, const std::string& text, float wrap) {
  c.fonts.want(size, text);
  ImFont* f = c.fonts.get(size);
  if (wrap <= 0) return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, text.c_str());
  const auto lines = wrap_lines(f, text, wrap);
  float w = 0;
  for (const auto& l : lines) w = std::max(w, f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, l.begin, l.end).x);
  const float n = static_cast<float>(lines.size());
  return {w, n == 0 ? 0 : f->FontSize * (1 + (n - 1) * kLineSpacing)};
}

ImVec2 draw_text(Canvas& c, FontSize size, const std::string& text, ImVec2 pos, ImU32 color, float wrap) {
  const ImVec2 sz = measure_text(c, size, text, wrap);
  ImFont* f = c.fonts.get(size);
  if (wrap <= 0) {
    c.dl->AddText(f, f->FontSize, pos, color, text.c_str());
  } else {
    float y = pos.y;
    for (const auto& l : wrap_lines(f, text, wrap)) {
      c.dl->AddText(f, f->FontSize, {pos.x, y}, color, l.begin, l.end);
      y += f->FontSize * kLineSpacing;
    }
  }
  c.texts.add(text, in_sight(pos.x, pos.y, sz.x, sz.y));
  c.automation.text_run(pos.x, pos.y, sz.x, sz.y, f->FontSize, wrap > 0 ? f->FontSize * kLineSpacing : 0, color);
  return sz;
}

void draw_icon(ImDrawList* dl, Icon icon, ImVec2 ctr, float s, ImU32 col) {
  const float h = s * 0.5f, t = std::max(2.0f, s * 0.07f);
  switch (icon) {
    case Icon::Guides: {  // a page with lines
      dl->AddRect({ctr.x - h * 0.75f, ctr.y - h}, {ctr.x + h * 0.75f, ctr.y + h}, col, s * 0.08f, 0, t);
      for (int i = 0; i < 3; ++i) {
        const float y = ctr.y - h * 0.45f + i * h * 0.45f;
        dl->AddLine({ctr.x - h * 0.45f, y}, {ctr.x + h * 0.45f, y}, col, t);
      }
      break;
    }
    case Icon::Scan: {  // four corner brackets around a small square
      const float a = h, l = h * 0.4f;
      const ImVec2 corners[4] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
      for (const auto& k : corners) {
        const ImVec2 p{ctr.x + k.x * a, ctr.y + k.y * a};
        dl->AddLine(p, {p.x - k.x * l, p.y}, col, t);
        dl->AddLine(p, {p.x, p.y - k.y * l}, col, t);
      }
      dl->AddRectFilled({ctr.x - h * 0.3f, ctr.y - h * 0.3f}, {ctr.x + h * 0.3f, ctr.y + h * 0.3f}, col);
      break;
    }
    case Icon::Apply: {  // a form with a tick
      dl->AddRect({ctr.x - h * 0.75f, ctr.y - h}, {ctr.x + h * 0.75f, ctr.y + h}, col, s * 0.08f, 0, t);
      dl->AddLine({ctr.x - h * 0.4f, ctr.y}, {ctr.x - h * 0.1f, ctr.y + h * 0.35f}, col, t * 1.3f);
      dl->AddLine({ctr.x - h * 0.1f, ctr.y + h * 0.35f}, {ctr.x + h * 0.45f, ctr.y - h * 0.35f}, col, t * 1.3f);
      break;
    }
    case Icon::Mine: {  // a person: head and shoulders
      dl->AddCircle({ctr.x, ctr.y - h * 0.35f}, h * 0.38f, col, 32, t);
      dl->PathArcTo({ctr.x, ctr.y + h}, h * 0.8f, 3.14159265f, 6.2831853f, 32);
      dl->PathStroke(col, 0, t);
      break;
    }
    case Icon::Back: {
      dl->AddLine({ctr.x + h * 0.3f, ctr.y - h * 0.6f}, {ctr.x - h * 0.3f, ctr.y}, col, t * 1.4f);
      dl->AddLine({ctr.x - h * 0.3f, ctr.y}, {ctr.x + h * 0.3f, ctr.y + h * 0.6f}, col, t * 1.4f);
      break;
    }
    case Icon::Home: {
      dl->AddTriangle({ctr.x, ctr.y - h * 0.8f}, {ctr.x - h * 0.8f, ctr.y}, {ctr.x + h * 0.8f, ctr.y}, col, t);
      dl->AddRect({ctr.x - h * 0.55f, ctr.y}, {ctr.x + h * 0.55f, ctr.y + h * 0.7f}, col, 0, 0, t);
      break;
    }
    case Icon::Up:
    case Icon::Down: {
      const float d = icon == Icon::Up ? -1.0f : 1.0f;
      dl->AddTriangleFilled({ctr.x - h * 0.7f, ctr.y - d * h * 0.35f}, {ctr.x + h * 0.7f, ctr.y - d * h * 0.35f},
                            {ctr.x, ctr.y + d * h * 0.45f}, col);
      break;
    }
    case Icon::Search: {
      dl->AddCircle({ctr.x - h * 0.15f, ctr.y - h * 0.15f}, h * 0.5f, col, 32, t);
      dl->AddLine({ctr.x + h * 0.22f, ctr.y + h * 0.22f}, {ctr.x + h * 0.7f, ctr.y + h * 0.7f}, col, t * 1.3f);
      break;
    }
    case Icon::None: break;
  }
}

namespace {
ImU32 darken(ImU32 c) {
  ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  return ImGui::ColorConvertFloat4ToU32({v.x * 0.8f, v.y * 0.8f, v.z * 0.8f, v.w});
}

// An invisible ImGui button over the rectangle gives hover/press/click behaviour for touch; a
// press that turned into a drag (scrolling a list) is not a tap.
bool hit(const char* id, ImVec2 pos, ImVec2 size, bool* held) {
  ImGui::SetCursorScreenPos(pos);
  const bool clicked = ImGui::InvisibleButton(id, size);
  *held = ImGui::IsItemActive() && tapped_not_dragged();
  return clicked && tapped_not_dragged();
}
}  // namespace

bool tapped_not_dragged() { return ImGui::GetIO().MouseDragMaxDistanceSqr[0] < 14.0f * 14.0f; }

float paragraph(Canvas& c, FontSize size, const std::string& text, ImVec2 pos, float width, ImU32 color) {
  return draw_text(c, size, text, pos, color, width).y;
}

bool row(Canvas& c, const char* id, ImVec2 pos, ImVec2 size, const std::string& label_for_tests) {
  bool held = false;
  const bool clicked = hit(id, pos, size, &held);
  c.dl->AddRectFilled(pos, {pos.x + size.x, pos.y + size.y}, held ? IM_COL32(0xE8, 0xEE, 0xF6, 0xFF) : color::kCard,
                      c.theme.corner);
  c.automation.target(id, label_for_tests, pos.x, pos.y, size.x, size.y);
  return clicked;
}

bool tile(Canvas& c, const char* id, const std::string& title, const std::string& hint, Icon icon,
          ImU32 accent, ImVec2 pos, ImVec2 size) {
  bool held = false;
  const bool clicked = hit(id, pos, size, &held);
  const ImVec2 end{pos.x + size.x, pos.y + size.y};
  const float r = c.theme.corner * 1.5f;
  c.dl->AddRectFilled({pos.x + 4, pos.y + 6}, {end.x + 4, end.y + 6}, IM_COL32(0, 0, 0, 0x18), r);  // shadow
  c.dl->AddRectFilled(pos, end, held ? IM_COL32(0xE8, 0xEE, 0xF6, 0xFF) : color::kCard, r);
  c.dl->AddRectFilled(pos, {end.x, pos.y + 14}, accent, r, ImDrawFlags_RoundCornersTop);
  const float icon_size = std::min(size.x, size.y) * 0.28f;
  const ImVec2 icon_ctr{pos.x + size.x * 0.5f, pos.y + size.y * 0.12f + icon_size * 0.9f};
  c.dl->AddCircleFilled(icon_ctr, icon_size * 0.95f, (accent & 0x00FFFFFF) | 0x22000000, 48);
  draw_icon(c.dl, icon, icon_ctr, icon_size, accent);
  const float text_top = icon_ctr.y + icon_size * 1.3f;
  const ImVec2 ts = measure_text(c, c.theme.title, title);
  draw_text(c, c.theme.title, title, {pos.x + (size.x - ts.x) * 0.5f, text_top}, color::kText);
  const float wrap = size.x - 2 * c.theme.gap;
  const ImVec2 hs = measure_text(c, c.theme.body, hint, wrap);
  draw_text(c, c.theme.body, hint, {pos.x + (size.x - std::min(hs.x, wrap)) * 0.5f, text_top + ts.y + c.theme.gap},
            color::kTextMuted, wrap);
  c.automation.target(id, title, pos.x, pos.y, size.x, size.y);
  return clicked;
}

bool button(Canvas& c, const char* id, const std::string& label, ImVec2 pos, ImVec2 size, bool filled, Icon icon,
            ImU32 fill, ImU32 on_fill) {
  bool held = false;
  const bool clicked = hit(id, pos, size, &held);
  const ImVec2 end{pos.x + size.x, pos.y + size.y};
  const float r = size.y * 0.5f;
  if (filled) {
    c.dl->AddRectFilled(pos, end, held ? darken(fill) : fill, r);
  } else {
    c.dl->AddRectFilled(pos, end, held ? IM_COL32(0xE8, 0xEE, 0xF6, 0xFF) : color::kWhite, r);
    c.dl->AddRect(pos, end, fill, r, 0, 3.0f);
  }
  const ImU32 fg = filled ? on_fill : fill;
  const ImVec2 ts = measure_text(c, c.theme.body, label);
  const float icon_w = icon == Icon::None ? 0 : ts.y * 1.2f;
  const float x0 = pos.x + (size.x - ts.x - icon_w) * 0.5f;
  if (icon != Icon::None) draw_icon(c.dl, icon, {x0 + icon_w * 0.4f, pos.y + size.y * 0.5f}, ts.y * 0.7f, fg);
  draw_text(c, c.theme.body, label, {x0 + icon_w, pos.y + (size.y - ts.y) * 0.5f}, fg);
  c.automation.target(id, label, pos.x, pos.y, size.x, size.y);
  return clicked;
}

}  // namespace tb::kiosk
