#pragma once
// Where the intake server keeps submissions: envelopes stored opaque (the intake can't read them),
// their receipts, statuses, the registered devices and each device's latest heartbeat. Two implementations behind one interface:
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

// Why the store could not do what was asked (core/result.h). The detail names the database and
// says how it failed, never what a submission holds.
enum class StoreError {
  None,
  Unavailable,  // the database failed or cannot be opened (the detail: which one, and what it said)
  BadUrl,       // open_store: not a store URL this program opens (any password in it redacted)
  NotFound,     // no such submission or device
  Ambiguous,    // find_submission: no device named, and several devices used this id
  KeyConflict,  // register_device: the key id is registered with another public key
};
const char* reason_key(StoreError e);   // "unavailable", "bad-url", "not-found", "ambiguous", "key-conflict"
const char* reason_text(StoreError e);  // "数据库不可用", …

// What insert() did with a submission, when the database worked.
enum class InsertOutcome {
  Inserted,   // new: stored and durable (committed) when insert() returns
  Duplicate,  // the same submission id with the same digest was already stored
  Conflict,   // the same submission id with a different digest: refused (a replay or a forgery)
};
struct Insertion {
  InsertOutcome outcome = InsertOutcome::Inserted;
  StoredSubmission existing;  // Duplicate and Conflict: what the same device stored under the id
};

struct Device {
  std::string key_id;     // hex
  std::string public_key; // 32 raw bytes
  std::string kind;       // "kiosk", "phone"
  std::int64_t registered_at = 0;
};

// What a device last said about itself (POST /api/v1/heartbeat, docs/INTAKE.md): the state of the
// machine, nothing about the people who used it.
struct Heartbeat {
  std::int64_t received_at = 0;      // Unix seconds, the intake's clock (not the device's)
  std::string app_version;           // the device's program version, at most 32 bytes
  std::int64_t bundle_version = 0;   // the guide bundle it runs
  std::int64_t queued = 0;           // submissions waiting in its outbox
  std::int64_t last_update = 0;      // Unix seconds of its last update (0: never)
  std::int64_t free_disk_bytes = 0;
};

// A registered device with its latest heartbeat, if it ever sent one (`tongban intake fleet`).
struct FleetDevice {
  std::string key_id;  // hex
  std::string kind;    // "kiosk", "phone"
  std::int64_t registered_at = 0;
  std::optional<Heartbeat> heartbeat;
};

// A submission's name: submission ids are unique per device, not across devices, so a device
// cannot take another's id first (docs/INTAKE.md).
struct SubmissionKey {
  std::string device;  // device key id, hex
  std::string id;      // submission id, hex
};

// Every method fails with Unavailable when the database does (nothing was changed then).
class Store {
 public:
  virtual ~Store() = default;
  // Durable when it returns Inserted (committed, fsync'd per the database's rules). Duplicate and
  // Conflict compare with what the same device stored under the same id.
  virtual Result<Insertion, StoreError> insert(const StoredSubmission& s) = 0;
  // The envelope only when asked for (it may be tens of MiB). NotFound when there is none.
  virtual Result<StoredSubmission, StoreError> get(const SubmissionKey& key, bool with_envelope) = 0;
  // The devices that stored a submission with this id (one, unless a device used another's id).
  virtual Result<std::vector<std::string>, StoreError> devices_of(const std::string& id) = 0;
  virtual Status<StoreError> set_status(const SubmissionKey& key, const std::string& status) = 0;  // NotFound
  virtual Result<std::int64_t, StoreError> count() = 0;
  // Submissions for one department (routing), oldest first (received_at, id, device), without
  // envelopes; with `after` (id not empty), only those after that submission (keyset paging:
  // stable while new ones arrive).
  virtual Result<std::vector<StoredSubmission>, StoreError> list(const std::string& department, std::size_t limit,
                                                                 const SubmissionKey& after) = 0;
  // Idempotent for the same key; KeyConflict for another public key under a registered key id.
  virtual Status<StoreError> register_device(const Device& d) = 0;
  virtual Result<Device, StoreError> device(const std::string& key_id) = 0;  // NotFound
  // Keeps `h` as the device's latest heartbeat, replacing the one before — unless that one was
  // received later (two intake processes, or a retry overtaken by a newer one). The caller checks
  // the device is registered: heartbeats of devices that are not are never listed.
  virtual Status<StoreError> put_heartbeat(const std::string& device_key_id, const Heartbeat& h) = 0;
  // Every registered device, by key id, with its latest heartbeat.
  virtual Result<std::vector<FleetDevice>, StoreError> list_fleet() = 0;
};

// Finding a submission by its id, for operators and queries that may not name the device.
// `device` empty: whichever device used `id`, as long as only one did (Ambiguous otherwise).
Result<StoredSubmission, StoreError> find_submission(Store& store, const std::string& device, const std::string& id,
                                                     bool with_envelope);

// "sqlite:/path/to/intake.db" or "postgresql://user@host/db" (libpq connection URI).
Result<std::unique_ptr<Store>, StoreError> open_store(const std::string& url);

}  // namespace tb::intake
