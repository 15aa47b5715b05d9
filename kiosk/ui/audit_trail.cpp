#include "ui/audit_trail.h"

#include <cstdio>

#include "platform/platform.h"
#include "ui/context.h"

namespace tb::kiosk {
namespace {
constexpr const char* kLogName = "audit.log";
}  // namespace

void AuditTrail::init(const crypto::KeyPair* device, std::int64_t wall_s) {
  device_ = device;
  if (!device_) return;
  const auto stored = platform::read_data(kLogName);
  const std::string text = stored ? std::string(stored->begin(), stored->end()) : std::string();
  auto chain = app::AuditChain::resume(text, crypto::public_half(*device_));
  if (chain) {
    chain_ = std::move(*chain);
    text_ = text;
    return;
  }
  const std::string aside = std::string(kLogName) + ".refused-" + std::to_string(wall_s);
  std::fprintf(stderr, "tongban-kiosk: audit log refused (%s): kept as %s, a new log starts\n", chain.detail().c_str(), aside.c_str());
  platform::write_data_atomic(aside, platform::Bytes(text.begin(), text.end()));
  record({"log-restarted", {{"refused", app::reason_key(chain.reason())}, {"kept-as", aside}}}, wall_s);
}

void AuditTrail::record(const app::AuditEvent& what, std::int64_t wall_s) {
  if (!device_) return;
  const std::string line = chain_.append(what, wall_s, *device_);
  if (line.empty()) return;
  text_ += line;
  if (!platform::write_data_atomic(kLogName, platform::Bytes(text_.begin(), text_.end())))
    std::fprintf(stderr, "tongban-kiosk: could not write the audit log (event %s)\n", what.event.c_str());
}

void UiContext::log(const app::AuditEvent& what) {
  if (audit && (staff || app.desk().phase() == app::DeskPhase::SignedIn)) audit->record(what, platform::wall_ms() / 1000);
}

}  // namespace tb::kiosk
