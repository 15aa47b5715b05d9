#pragma once
// 扫码 at the kiosk: what the hall's scanner (a keyboard-wedge scanner, or the camera) read, as
// core decided it (app/scan.h): a refusal with its reason, a hand-off part taken, a resident's
// personal code (masked; staff stations also show the masked ID number), a house plate with the
// services there. What a code opens (a guide item, a form, a phone's hand-off, a checklist) core
// opens itself; this screen only draws the view.
#include <cstdint>

#include "ui/context.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class ScanScreen {
 public:
  explicit ScanScreen(UiContext& ui) : ui_(ui) {}
  void draw(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);

 private:
  UiContext& ui_;
};

}  // namespace tb::kiosk
