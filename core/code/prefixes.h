#pragma once
// Every code's text prefix, in one place (docs/CODES.md): "TB", a letter for the kind, the format
// version, ':'. Codes are told apart by these first five characters, so a scanner at a kiosk or in
// the CLI knows what it holds before decoding anything. (The phone shell's JavaScript keeps its own
// copy of the ones it reads.)
#include <cstddef>

namespace tb::code::prefix {

inline constexpr std::size_t kLength = 5;
inline constexpr char kDynamic[] = "TBD1:";     // dynamic personal code (phone)
inline constexpr char kPrinted[] = "TBP1:";     // printed personal code (随身码)
inline constexpr char kVenue[] = "TBV1:";       // venue code (场所码)
inline constexpr char kHousePlate[] = "TBH1:";  // house-plate code (门楼牌码)
inline constexpr char kService[] = "TBS1:";     // service code (a guide item or its form)
inline constexpr char kHandOff[] = "TBX1:";     // hand-off part (code/codes.h)
inline constexpr char kReceipt[] = "TBR1:";     // the intake's receipt (seal/receipt.h)
inline constexpr char kChecklist[] = "TBG1:";   // personal checklist (guide/scenario.h), not signed
inline constexpr char kStaff[] = "TBW1:";       // staff credential (工作证, code/staff.h)

static_assert(sizeof kDynamic - 1 == kLength && sizeof kPrinted - 1 == kLength && sizeof kVenue - 1 == kLength &&
              sizeof kHousePlate - 1 == kLength && sizeof kService - 1 == kLength && sizeof kHandOff - 1 == kLength &&
              sizeof kReceipt - 1 == kLength && sizeof kChecklist - 1 == kLength && sizeof kStaff - 1 == kLength);

}  // namespace tb::code::prefix
