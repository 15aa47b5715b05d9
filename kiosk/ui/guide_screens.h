#pragma once
// 办事指南 on the kiosk: guide home (by life event, by department, search), search with the
// on-screen keyboard, item lists, the item page, and scenario guidance ending in a checklist with
// a QR code for hall staff. Drawn from core's guide view-models; holds no state of its own.
#include <cstdint>

#include "ui/context.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class GuideScreens {
 public:
  explicit GuideScreens(UiContext& ui) : ui_(ui) {}
  void draw_home(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);
  void draw_search(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);
  void draw_list(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);
  void draw_item(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);
  void draw_scenario(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);

 private:
  UiContext& ui_;
};

}  // namespace tb::kiosk
