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

// Where a device wants its notices pushed (POST /api/v1/push-subscriptions, docs/INTAKE.md,
// "Notices"): a Web Push endpoint (RFC 8030) of one of the push services the intake is configured
// to call, with the browser's keys for the payload's encryption (RFC 8291); or, from the
// mini-program, "wxsub:OPENID": WeChat's subscription messages to that person, for the notice
// kinds they consented to (one message per consent). One per device.
struct PushSubscription {
  std::string device;      // key id, hex
  std::string endpoint;    // https URL of the push service, or "wxsub:OPENID"
  std::string p256dh;      // the browser's P-256 public key, 65 raw bytes (uncompressed point); wxsub: empty
  std::string auth;        // the browser's auth secret, 16 raw bytes; wxsub: the kinds, "status,reminder"
  std::int64_t created_at = 0;
};

// Something to tell a device's owner: "status" (a submission of theirs changed status: 已受理,
// 退回) or "reminder" (an appointment of theirs is near). Only the kind travels: the push carries
// nothing personal, the phone shows the details it keeps itself.
struct Notice {
  std::int64_t id = 0;       // assigned by the store
  std::string device;        // key id, hex
  std::string kind;          // "status" or "reminder"
  std::int64_t due_at = 0;   // Unix seconds: not sent before
  std::int64_t attempts = 0; // claims so far
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
  // NotFound. In the same transaction, a "status" notice for the submission's device, due at once
  // (the database's clock): a status never changes without its owner being told.
  virtual Status<StoreError> set_status(const SubmissionKey& key, const std::string& status) = 0;
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

  // --- notices (docs/INTAKE.md, "Notices") ---
  // Keeps `s` as the device's subscription, replacing the one before.
  virtual Status<StoreError> put_subscription(const PushSubscription& s) = 0;
  virtual Status<StoreError> drop_subscription(const std::string& device) = 0;  // none: not an error
  virtual Result<std::optional<PushSubscription>, StoreError> subscription(const std::string& device) = 0;
  virtual Status<StoreError> add_notice(const Notice& n) = 0;  // n.id is ignored
  // Claims up to `limit` notices due at `now`, oldest first: each one's due_at moves to
  // `lease_until` and its attempts go up by one, in one statement, so several intake processes
  // never claim the same notice at once and one that dies mid-send leaves it to be claimed again
  // once the lease ends. Returns them as they were before the claim, attempts counted.
  virtual Result<std::vector<Notice>, StoreError> claim_notices(std::int64_t now, std::int64_t lease_until,
                                                                std::size_t limit) = 0;
  virtual Status<StoreError> drop_notice(std::int64_t id) = 0;  // sent, or given up on
  virtual Result<std::int64_t, StoreError> count_notices() = 0;  // waiting to be sent
};

// Finding a submission by its id, for operators and queries that may not name the device.
// `device` empty: whichever device used `id`, as long as only one did (Ambiguous otherwise).
Result<StoredSubmission, StoreError> find_submission(Store& store, const std::string& device, const std::string& id,
                                                     bool with_envelope);

// "sqlite:/path/to/intake.db" or "postgresql://user@host/db" (libpq connection URI).
Result<std::unique_ptr<Store>, StoreError> open_store(const std::string& url);

}  // namespace tb::intake
