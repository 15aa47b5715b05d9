#pragma once
// What every kiosk screen shares for drawing: the app (and through it the person's state, the only
// place anything personal lives), the catalogue, the submitter, the code verifier, and the UI-only
// state of the screen that is up (its scroll area, frames still wanted). Owned by KioskUi.
#include <cstdint>

#include "app/kiosk_app.h"
#include "code/codes.h"
#include "guide/guides.h"
#include "ui/audit_trail.h"
#include "ui/automation.h"
#include "ui/composition.h"
#include "ui/fonts.h"
#include "ui/scroll.h"
#include "ui/submitter.h"

namespace tb::kiosk {

struct UiContext {
  UiContext(app::KioskApp& a, Fonts& f, Automation& au) : app(a), fonts(f), automation(au) {}
  app::KioskApp& app;
  Fonts& fonts;
  Automation& automation;
  const guide::Guides* guides = nullptr;  // null: guides unavailable
  Submitter* submitter = nullptr;
  code::Verifier* verifier = nullptr;
  bool staff = false;                      // a hall staff station (帮办)
  bool card_reader = false;                // an ID-card reader is attached (读取身份证 is offered)
  AuditTrail* audit = nullptr;             // the station's audit log (null: none)
  ScrollArea scroll;                       // the scroll area of the screen up (UI state only)
  int redraw = 0;                          // frames the current draw asks for beyond this one
  float header_h = 0;                      // the header as drawn this frame (two rows for a long title in portrait)
  TextCaret caret{};                       // the caret of the text box taking the keyboard this frame (composition.h)

  app::PersonState& person() { return app.person(); }
  // Logs what the kiosk did (ids, kinds, reasons; never personal data): everything on a staff
  // station, and on a public kiosk what happens while a clerk is signed in (audit_trail.cpp).
  void log(const app::AuditEvent& what);
  // A fault the screen shows in plain Chinese (a card that cannot be read, a printer offline, a
  // camera gone): also read aloud when the person has asked for 读给我听 (PersonState::read_aloud).
  void fault_shown(const std::string& text);
};

}  // namespace tb::kiosk
