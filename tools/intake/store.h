#pragma once
// Where the intake server keeps submissions: envelopes stored opaque (the intake can't read them),
// their receipts, statuses, and the registered devices. Two implementations behind one interface:
// SQLite (WAL, the embedded default) and PostgreSQL (city scale: several stateless intake
// processes share one database). Safe to call from many request threads at once.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "result.h"

namespace tb::intake {

struct StoredSubmission {
  std::string id;            // submission id, lower-case hex (32 chars)
  std::string digest;        // BLAKE2b-256 of the envelope bytes, lower-case hex
  std::string device;        // device key id, hex
  std::int64_t received_at = 0;  // Unix seconds
  std::string kind;          // "application", "rating", "appointment"
  std::string departments;   // comma-separated recipient department ids (routing metadata)
  std::string status;        // "submitted" (已提交) or "accepted" (已受理)
  std::string receipt;       // the signed receipt bytes returned to the device
  std::string envelope;      // the envelope bytes, opaque
};

enum class InsertResult {
  Inserted,   // new: stored and durable (committed) when this returns
  Duplicate,  // the same submission id with the same digest was already stored: `existing` is filled
  Conflict,   // the same submission id with a different digest: refused (a replay or a forgery)
  Failed,     // the database failed: `error` says why; nothing was stored
};

struct Device {
  std::string key_id;     // hex
  std::string public_key; // 32 raw bytes
  std::string kind;       // "kiosk", "phone"
  std::int64_t registered_at = 0;
};

// A submission's name: submission ids are unique per device, not across devices, so a device
// cannot take another's id first (docs/INTAKE.md).
struct SubmissionKey {
  std::string device;  // device key id, hex
  std::string id;      // submission id, hex
};

class Store {
 public:
  virtual ~Store() = default;
  // Durable when it returns Inserted (committed, fsync'd per the database's rules). Duplicate and
  // Conflict compare with what the same device stored under the same id.
  virtual InsertResult insert(const StoredSubmission& s, StoredSubmission* existing, std::string* error) = 0;
  // The envelope only when asked for (it may be tens of MiB).
  virtual std::optional<StoredSubmission> get(const SubmissionKey& key, bool with_envelope, std::string* error) = 0;
  // The devices that stored a submission with this id (one, unless a device used another's id).
  virtual std::vector<std::string> devices_of(const std::string& id, std::string* error) = 0;
  virtual bool set_status(const SubmissionKey& key, const std::string& status, std::string* error) = 0;
  virtual std::optional<std::int64_t> count(std::string* error) = 0;
  // Submissions for one department (routing), oldest first (received_at, id, device), without
  // envelopes; with `after` (id not empty), only those after that submission (keyset paging:
  // stable while new ones arrive).
  virtual std::vector<StoredSubmission> list(const std::string& department, std::size_t limit, const SubmissionKey& after,
                                             std::string* error) = 0;
  virtual bool register_device(const Device& d, std::string* error) = 0;  // idempotent for the same key
  virtual std::optional<Device> device(const std::string& key_id, std::string* error) = 0;
};

// Finding a submission by its id, for operators and queries that may not name the device.
enum class LookupError {
  None,
  NotFound,
  Ambiguous,    // no device named, and several devices used this id
  Unavailable,  // the database failed (the detail says how)
};
const char* reason_key(LookupError e);
const char* reason_text(LookupError e);
// `device` empty: whichever device used `id`, as long as only one did.
Result<StoredSubmission, LookupError> find_submission(Store& store, const std::string& device, const std::string& id,
                                                      bool with_envelope);

// "sqlite:/path/to/intake.db" or "postgresql://user@host/db" (libpq connection URI).
std::unique_ptr<Store> open_store(const std::string& url, std::string* error);

}  // namespace tb::intake
