#pragma once
// Inside the native card-reader port (platform.h, "ID-card reader"): where a card comes from. The
// simulated reader (card_sim_native.cpp) and the vendor library adapter (card_vendor_native.cpp)
// each make one; the worker in card_reader_native.cpp polls it.
#include <memory>
#include <optional>
#include <string>

#include "platform/platform.h"

namespace tb::kiosk::platform {

class CardSource {
 public:
  virtual ~CardSource() = default;
  // One look at the reader, at most ~150 ms: a card laid on it (or read again because `read_now`),
  // taken off, or a failure to tell the person; nothing when nothing changed.
  virtual std::optional<CardEvent> poll(bool read_now) = 0;
};

// A reader, or why not (Unavailable; BadSpec for entries the adapter cannot read).
using OpenedReader = Result<std::unique_ptr<CardSource>, PlatformError>;
OpenedReader open_sim_reader(const std::string& path);
OpenedReader open_vendor_reader(const std::string& library, const std::string& entries, int port);

// What the person is told comes from the string table (ui_strings.h: kCardNoCard, kCardReaderGone,
// kCardReadFailed).

}  // namespace tb::kiosk::platform
