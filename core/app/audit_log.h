#pragma once
// A staff station's signed, append-only audit log (docs/STAFF.md, "Audit log"): what the station
// did — sign-in and sign-out, scans, card reads, submissions — as ids and times, never personal
// data. One text line per entry: Base64 of a proto::AuditRecord (core/proto/audit.proto), i.e. the
// serialized AuditEntry and the kiosk's device signature over
//   "tongban-audit-v1" 0x00 || entry
// Each entry carries its sequence number (1, 2, 3 …) and the link of the one before it,
//   link = BLAKE2b-256("tongban-audit-link-v1" 0x00 || entry || signature)     (zeros before the first)
// so that verifying the file with the device's public key finds an entry that was changed (its
// signature), removed or moved (the sequence and the links). Cutting entries off the end leaves a
// valid shorter log: the verifier prints the last entry's link, which an operator compares with a
// copy taken before (docs/STAFF.md says how).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/keys.h"
#include "result.h"

namespace tb::app {

struct AuditField {
  std::string key, value;
};
// What happened, for the log. Keys and values are ids, kinds, reasons and counts (see docs/STAFF.md
// for every event); the callers never put a resident's name, number or answers here.
struct AuditEvent {
  std::string event;
  std::vector<AuditField> fields;
};
struct AuditEntry {
  std::uint64_t seq = 0;
  std::int64_t at = 0;  // Unix seconds
  AuditEvent what;
};

enum class AuditError {
  None,
  Malformed,     // a line that is not a record, an entry that does not parse, fields of the wrong size
  WrongDevice,   // an entry names another device key
  BadSignature,  // an entry was changed (or not signed by this device)
  Broken,        // the chain: an entry removed, inserted or moved
};
const char* reason_key(AuditError e);
const char* reason_text(AuditError e);

struct AuditVerification {
  std::vector<AuditEntry> entries;
  std::string head;  // hex link of the last entry (64 zeros for an empty log)
};
// Verifies a whole log (its text, as stored) against the device's public key. The detail of a
// refusal names the line: "line 4: signature does not verify (the entry was changed)".
Result<AuditVerification, AuditError> verify_audit_log(std::string_view log, const crypto::PublicKey& device);

// The writing side: where the chain stands, so the next entry follows the last.
class AuditChain {
 public:
  // Continues the stored log (verified first); an empty log starts a new chain.
  static Result<AuditChain, AuditError> resume(std::string_view stored, const crypto::PublicKey& device);
  // The line to append for `what` at `at` (ends with '\n'), signed with the device key; the chain
  // moves on. Empty when the key cannot sign.
  std::string append(const AuditEvent& what, std::int64_t at, const crypto::KeyPair& device);
  std::uint64_t last_seq() const { return seq_; }

 private:
  std::uint64_t seq_ = 0;
  std::string link_ = std::string(32, '\0');
};

// One line for people: "3 2026-12-03 10:15:04 sign-in staff=S001 credential=5d3d…" (China time).
std::string describe_audit_entry(const AuditEntry& e);

}  // namespace tb::app
