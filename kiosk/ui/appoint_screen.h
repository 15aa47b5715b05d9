#pragma once
// 预约 at the kiosk, for items done in person: the hall, a working day and an hour, the person's
// name and mobile (through the editor panel, checked as forms check them), then sealed to the
// item's department and sent through the outbox like an application. The request being put
// together is the person's (PersonState::appoint), wiped with their session.
#include <cstdint>
#include <string>

#include "ui/context.h"
#include "ui/editor.h"
#include "ui/form_screens.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class AppointScreen {
 public:
  AppointScreen(UiContext& ui, Editor& editor, ApplyScreens& apply) : ui_(ui), editor_(editor), apply_(apply) {}
  void draw(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);

 private:
  // The editor's 确定 for the name and mobile boxes: "" when taken, else the reason (also on screen).
  std::string commit_field(bool mobile, const std::string& value);

  UiContext& ui_;
  Editor& editor_;
  ApplyScreens& apply_;  // draws the same field boxes as the forms
};

}  // namespace tb::kiosk
