#pragma once
// Look and metrics of the kiosk. Two modes: standard and elderly (长辈版: larger type, bigger
// targets, stronger contrast), switched with one tap and applied from the next frame.
#include <imgui.h>

#include "ui/fonts.h"

namespace tb::kiosk {

struct Theme {
  FontSize body;
  FontSize title;
  float pad;          // outer margin
  float gap;          // space between targets
  float header_h;
  float footer_h;
  float button_h;     // minimum height of any touch target
  float corner;
};

Theme theme_for(bool elderly);
void apply_style(bool elderly);

namespace color {
inline constexpr ImU32 kBackground = IM_COL32(0xF2, 0xF4, 0xF7, 0xFF);
inline constexpr ImU32 kPrimary = IM_COL32(0x1A, 0x5F, 0xC8, 0xFF);     // header, main actions
inline constexpr ImU32 kPrimaryDark = IM_COL32(0x12, 0x46, 0x96, 0xFF);
inline constexpr ImU32 kText = IM_COL32(0x1C, 0x1F, 0x24, 0xFF);
inline constexpr ImU32 kTextMuted = IM_COL32(0x4A, 0x52, 0x5E, 0xFF);   // still >= 7:1 on white
inline constexpr ImU32 kWhite = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kCard = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kBorder = IM_COL32(0xD5, 0xDA, 0xE1, 0xFF);
inline constexpr ImU32 kAccentGuides = IM_COL32(0x1A, 0x5F, 0xC8, 0xFF);
inline constexpr ImU32 kAccentScan = IM_COL32(0x0B, 0x7A, 0x6E, 0xFF);
inline constexpr ImU32 kAccentApply = IM_COL32(0xC2, 0x4E, 0x0C, 0xFF);
inline constexpr ImU32 kAccentMine = IM_COL32(0x2E, 0x7D, 0x32, 0xFF);
inline constexpr ImU32 kWarning = IM_COL32(0xB2, 0x3A, 0x12, 0xFF);
inline constexpr ImU32 kOverlay = IM_COL32(0x00, 0x00, 0x00, 0x99);
}  // namespace color

}  // namespace tb::kiosk
