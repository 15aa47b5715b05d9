#pragma once
// What the kiosk's receipt slip says: the service, where it went, when, the submission's short
// number and, once the intake has signed for it, the receipt code (TBR1:…) a clerk scans. A slip
// printed while the application still waits for the network says so and carries no code.
#include <cstdint>
#include <string>

#include "print/escpos.h"

namespace tb::print {

struct ReceiptFacts {
  std::string title;         // the service applied for
  std::string departments;   // their names, joined for reading
  std::string id;            // submission id, hex
  std::string receipt_code;  // "TBR1:…", or empty while queued
  std::int64_t local_seconds = 0;  // when it was sealed, as seconds since 1970 in the kiosk's time zone
};

Slip receipt_slip(const ReceiptFacts& facts);

}  // namespace tb::print
