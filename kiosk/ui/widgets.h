#pragma once
// The kiosk's few widgets, drawn with Dear ImGui's draw list: large touch targets with text that
// always goes through Fonts::want (so it is baked) and through Automation (so tests can find it).
#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ui/automation.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace tb::kiosk {

enum class Icon { None, Guides, Scan, Apply, Mine, Back, Home, Up, Down, Search };

// Every text drawn in a frame, in order (for the automation hook), and which of them the person
// cannot see because they are scrolled out of a scroll area's view (读给我听 leaves those out).
struct DrawnTexts {
  std::vector<std::string> all;
  std::vector<std::size_t> out_of_sight;  // indices into `all`, ascending
  // `in_sight`: in_sight() of where it was drawn (automation.h).
  void add(const std::string& text, bool in_sight);
  // The texts in [from, to) that were in sight, in order.
  std::vector<std::string> seen(std::size_t from, std::size_t to) const;
  std::size_t size() const { return all.size(); }
};

// What every widget needs for one frame.
struct Canvas {
  ImDrawList* dl;
  Fonts& fonts;
  Automation& automation;
  Theme theme;
  ImVec2 size;                     // window size in pixels
  DrawnTexts& texts;               // every text drawn this frame (for automation and 读给我听)
  int* redraw = nullptr;           // set > 0 to ask for that many more frames (e.g. a scroll in flight)
};

// Draws text; returns its size. wrap > 0 wraps at that width.
ImVec2 draw_text(Canvas& c, FontSize size, const std::string& text, ImVec2 pos, ImU32 color, float wrap = 0);
ImVec2 measure_text(Canvas& c, FontSize size, const std::string& text, float wrap = 0);
void draw_icon(ImDrawList* dl, Icon icon, ImVec2 center, float size, ImU32 color);

// A block of text wrapped to `width`; returns its height.
float paragraph(Canvas& c, FontSize size, const std::string& text, ImVec2 pos, float width, ImU32 color);
// A row that can be tapped (a list entry); returns true when tapped. Draws nothing but its
// background: callers draw the content inside.
bool row(Canvas& c, const char* id, ImVec2 pos, ImVec2 size, const std::string& label_for_tests);
// True when the last press ended as a tap rather than a drag (used for every touch target).
bool tapped_not_dragged();

// A large tile with an icon, a title and a hint. Returns true when tapped.
bool tile(Canvas& c, const char* id, const std::string& title, const std::string& hint, Icon icon,
          ImU32 accent, ImVec2 pos, ImVec2 size);
// A button with a label (and optional icon). `filled` for the main action, outlined otherwise.
bool button(Canvas& c, const char* id, const std::string& label, ImVec2 pos, ImVec2 size, bool filled,
            Icon icon = Icon::None, ImU32 fill = color::kPrimary, ImU32 on_fill = color::kWhite);

}  // namespace tb::kiosk
