#pragma once
// The staff station's audit log on disk (docs/STAFF.md, "Audit log"): `audit.log` in the kiosk's data
// folder, one signed, hash-chained line per event (core's app::AuditChain, signed with the kiosk's
// device key), verifiable with `tongban audit verify audit.log --device-pub device.pub`. Events are
// ids, kinds, reasons and counts, never personal data. Each append rewrites the file atomically
// (platform::write_data_atomic), so a power cut leaves the log with or without the new line, never
// a half line. A stored log that does not verify is kept aside (audit.log.refused-<time>) for
// whoever investigates, and a new chain starts.
#include <cstdint>
#include <string>

#include "app/audit_log.h"
#include "crypto/keys.h"

namespace tb::kiosk {

class AuditTrail {
 public:
  // With the device key (null: no data folder, nothing is logged).
  void init(const crypto::KeyPair* device, std::int64_t wall_s);
  void record(const app::AuditEvent& what, std::int64_t wall_s);
  bool enabled() const { return device_ != nullptr; }

 private:
  const crypto::KeyPair* device_ = nullptr;
  app::AuditChain chain_;
  std::string text_;  // the log as stored (ids and times only)
};

}  // namespace tb::kiosk
