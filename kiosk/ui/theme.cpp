#include "ui/theme.h"

namespace tb::kiosk {

Theme theme_for(bool elderly) {
  if (elderly) return {FontSize::Medium, FontSize::Large, 36, 28, 150, 120, 110, 18};
  return {FontSize::Small, FontSize::Medium, 32, 24, 120, 96, 80, 14};
}

void apply_style(bool elderly) {
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  ImGui::StyleColorsLight(&s);
  const Theme t = theme_for(elderly);
  s.WindowPadding = ImVec2(0, 0);
  s.WindowBorderSize = 0;
  s.FrameRounding = t.corner;
  s.FramePadding = ImVec2(t.gap, t.gap * 0.5f);
  s.ItemSpacing = ImVec2(t.gap, t.gap * 0.75f);
  s.ScrollbarSize = elderly ? 36 : 28;  // a finger must be able to hit it
  s.Colors[ImGuiCol_WindowBg] = ImColor(color::kBackground);
  s.Colors[ImGuiCol_Text] = ImColor(color::kText);
  s.Colors[ImGuiCol_Button] = ImColor(color::kPrimary);
  s.Colors[ImGuiCol_ButtonHovered] = ImColor(color::kPrimary);
  s.Colors[ImGuiCol_ButtonActive] = ImColor(color::kPrimaryDark);
}

}  // namespace tb::kiosk
