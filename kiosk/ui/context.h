#pragma once
// What every kiosk screen shares for drawing: the app (and through it the person's state, the only
// place anything personal lives), the catalogue, the submitter, the code verifier, and the UI-only
// state of the screen that is up (its scroll area, frames still wanted). Owned by KioskUi.
#include <cstdint>

#include "app/kiosk_app.h"
#include "code/codes.h"
#include "guide/guides.h"
#include "ui/automation.h"
#include "ui/fonts.h"
#include "ui/scroll.h"
#include "ui/submitter.h"

namespace tb::kiosk {

struct UiContext {
  app::KioskApp& app;
  Fonts& fonts;
  Automation& automation;
  const guide::Guides* guides = nullptr;  // null: guides unavailable
  Submitter* submitter = nullptr;
  code::Verifier* verifier = nullptr;
  bool staff = false;                      // a hall staff station (帮办)
  ScrollArea scroll;                       // the scroll area of the screen up (UI state only)
  int redraw = 0;                          // frames the current draw asks for beyond this one

  app::PersonState& person() { return app.person(); }
};

}  // namespace tb::kiosk
