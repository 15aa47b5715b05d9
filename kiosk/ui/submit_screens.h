#pragma once
// After 确认提交 on the kiosk: the submission's status (排队中 → 已提交), its receipt as a QR code a
// clerk can scan and as a printed slip, and a 好差评 rating sealed to the item's department through
// the same outbox; and the footer's count of submissions waiting for the network (no personal
// data). The person's rating and slip live in PersonState::submitted.
#include <cstdint>
#include <string>

#include "ui/context.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class SubmittedScreen {
 public:
  explicit SubmittedScreen(UiContext& ui) : ui_(ui) {}
  void draw(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);
  // The outbox's count in the footer, between x = left and x = right.
  void draw_outbox_status(Canvas& c, float y0, float left, float right);

 private:
  void draw_print_button(Canvas& c, const std::string& id, ImVec2 at, float width, std::int64_t now);
  UiContext& ui_;
};

}  // namespace tb::kiosk
