#pragma once
// What a scanned code opens, decided once for every front end: the kiosk's 扫码 screen (keyboard-
// wedge scanner, camera) and the phone's 扫一扫 draw this view-model and act on its outcome; neither
// decides for itself what a code means.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "code/codes.h"
#include "guide/guides.h"

namespace tb::app {

enum class ScanOutcome {
  None,           // nothing scanned yet
  Refused,        // not a valid code, or not one this channel takes: `headline` says why
  Message,        // something to tell the person (a hand-off part taken, an item this catalogue lacks)
  OpenItem,       // a service code for a guide item: open `item`
  OpenForm,       // a service code for an online form: open the form of `item`
  OpenHandOff,    // every part of a hand-off is in: open the form of `item` with `draft`
  OpenChecklist,  // a personal checklist code (TBG1): open the scenario of `item` with `answers`
  Person,         // a personal code (dynamic or printed): who it is, masked
  HousePlate,     // a house-plate code: its address and the services there
  Venue,          // a venue code
  Other,          // a valid code of another kind
};
const char* scan_outcome_key(ScanOutcome o);  // "refused", "open-item", … for the phone API and tests

struct ScanService {
  std::string id, name;
};

struct ScanView {
  ScanOutcome outcome = ScanOutcome::None;
  std::string kind;                   // the code kind ("dynamic", "house-plate", …); empty if not a code
  std::string headline;               // the line shown large
  std::string detail;                 // a second line in plain Chinese: why it was refused, what to do next
  std::string technical;              // staff stations only: the parser's own words, for 帮办 and support
  std::string name_masked, id_masked; // Person (the ID number only on staff stations)
  std::string item;                   // the Open* outcomes
  std::vector<std::string> answers;   // OpenChecklist
  std::string draft;                  // OpenHandOff: a serialized proto::FormDraft (personal)
  std::vector<ScanService> services;  // HousePlate: the services this catalogue has
  bool opens() const;                 // an Open* outcome: the front end navigates instead of showing it
  void wipe();
};

// Who is scanning.
struct ScanChannel {
  bool takes_handoff = false;  // kiosks and staff stations; a phone makes hand-offs, it does not take them
  bool staff = false;          // 帮办 station: the view includes the masked ID number
};

// Decides what `text` opens. `verifier` checks signed codes offline against the trust and
// revocation lists (null: every signed code is refused with why); `guides` names the items (null:
// service codes and checklists cannot open); `handoff` collects hand-off parts across calls (a
// completed or refused transfer resets it).
ScanView decide_scan(std::string_view text, std::int64_t now_s, const ScanChannel& channel, code::Verifier* verifier,
                     const guide::Guides* guides, code::HandOffAssembler& handoff);

// Where a code a keyboard-wedge scanner typed starts in `typed` (text typed since the last Enter):
// the offset of the first of our prefixes (TBD1: … TBG1:), or npos. On the search screen the
// scanner's keystrokes arrive like a person's; what precedes the prefix was the person's.
std::size_t code_start(std::string_view typed);

}  // namespace tb::app
