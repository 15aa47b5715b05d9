#include "ui/composition.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

namespace tb::kiosk {

ImVec2 imgui_caret(ImVec2 fallback) {
  const ImGuiContext* g = ImGui::GetCurrentContext();
  // NewFrame puts it at (1, 1), "top-left of the window", until a text box draws its caret.
  if (!g || (g->PlatformImePos.x == 1.0f && g->PlatformImePos.y == 1.0f)) return fallback;
  return {g->PlatformImePos.x + 1.0f, g->PlatformImePos.y};  // it sits 1 px left of the caret
}

TextCaret draw_composition(Canvas& c, FontSize size, const std::string& composing, ImVec2 caret, float line_h) {
  if (composing.empty()) return {true, caret.x, caret.y, 1.0f, line_h};
  const float pad = std::max(3.0f, line_h * 0.15f);
  const ImVec2 text = measure_text(c, size, composing);
  // On whole pixels: the border is crisp.
  const ImVec2 min{std::floor(caret.x), std::floor(caret.y - pad)};
  const ImVec2 max{std::ceil(caret.x + text.x + 2 * pad), std::ceil(caret.y + line_h + pad)};
  // Boxed over what follows the caret, underlined like an IME's own composition.
  c.dl->AddRectFilled(min, max, color::kWhite);
  c.dl->AddRect(min, max, color::kPrimary, 0, 0, 2);
  draw_text(c, size, composing, {caret.x + pad, caret.y + (line_h - text.y) * 0.5f}, color::kText);
  c.dl->AddLine({caret.x + pad, caret.y + line_h + pad * 0.5f}, {max.x - pad, caret.y + line_h + pad * 0.5f}, color::kPrimary, 2);
  // For tests: where it is and that it is there (the composition itself is among the drawn texts).
  c.automation.target("ime.composing", "", min.x, min.y, max.x - min.x, max.y - min.y, "composing");
  return {true, min.x, min.y, max.x - min.x, max.y - min.y};
}

}  // namespace tb::kiosk
