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

std::unique_ptr<CardSource> open_sim_reader(const std::string& path, std::string* error);
std::unique_ptr<CardSource> open_vendor_reader(const std::string& library, const std::string& entries, int port, std::string* error);

// What the person is told (app/strings.h keeps the screen's own texts; these come from the reader).
inline constexpr const char* kNoCardOnReader = "未检测到身份证，请将身份证放在读卡区";
inline constexpr const char* kReaderGone = "读卡器未连接，请联系工作人员";
inline constexpr const char* kReadFailed = "读卡失败，请将身份证重新放好后再试";

}  // namespace tb::kiosk::platform
