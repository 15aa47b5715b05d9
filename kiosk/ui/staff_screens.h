#pragma once
// Staff assist (帮办) at the kiosk (docs/STAFF.md): a clerk scans their staff credential (工作证) and
// types its PIN on a large on-screen keypad; a staff station (--staff) shows only its sign-in screen
// until then; on a public kiosk the resident is asked first whether they agree to be helped. The
// sign-in itself is core's (app::StaffDesk, through KioskApp::desk()); this class draws it and
// keeps the PIN only while it is typed.
#include <cstdint>
#include <string>
#include <string_view>

#include "ui/context.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class StaffScreens {
 public:
  explicit StaffScreens(UiContext& ui) : ui_(ui) {}
  ~StaffScreens();
  // A staff credential read by the scanner: verified, then the PIN is asked.
  void scanned_credential(std::string_view code, std::int64_t now);
  // Something the station does not take before sign-in (a resident's code, a card).
  void refuse(const char* why) { message_ = why; }
  // The station's screen while nobody is signed in.
  void draw_sign_in(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);
  // The clerk signed in, in the header (with 退出登录); returns the width it took from the right.
  float draw_badge(Canvas& c, float right, std::int64_t now);
  // Over everything: the PIN keypad while a sign-in waits for it, the resident's consent.
  void draw_modals(Canvas& c, std::int64_t now);

 private:
  void draw_pin(Canvas& c, std::int64_t now);
  void draw_consent(Canvas& c, std::int64_t now);
  void forget_pin();

  UiContext& ui_;
  std::string pin_;      // the clerk's PIN as typed; wiped at 确定, 取消 and sign-out
  std::string message_;  // why the last scan or PIN was refused (nothing personal)
};

}  // namespace tb::kiosk
