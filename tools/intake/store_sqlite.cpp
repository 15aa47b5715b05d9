// The SQLite store: one file in WAL mode, synchronous=FULL (a commit is fsync'd to the WAL before
// insert() says Inserted, so it survives kill -9 and power loss).
//
// Writes go through GROUP COMMIT: a single writer thread owns the write connection; request
// threads queue their operation and block until the transaction holding it has committed. The
// writer takes whatever is queued (at most kMaxBatch operations) as one transaction, so one fsync
// pays for the whole batch; while it commits, the next batch gathers in the queue. No artificial
// wait: under light load an insert costs one fsync, under heavy load the batches grow by themselves.
// Every waiter gets its own result. Reads use a small pool of separate connections (WAL readers
// never block the writer nor each other). Checkpoints run on the writer every 1000 WAL pages, as
// SQLite's automatic ones would, but after the batch's waiters have been answered: between two
// batches, so they always complete and the WAL never grows unbounded under sustained load.
// Several processes may open the same file (SQLite's locks serialise their writers), but the
// embedded default is one intake process; several share a PostgreSQL database instead.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <algorithm>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "intake/store.h"

namespace tb::intake {
namespace {

constexpr int kSchemaVersion = 4;  // 2: submission ids unique per device; 3: heartbeats; 4: notices
constexpr std::size_t kMaxBatch = 256;
constexpr int kBusyTimeoutMs = 10000;
constexpr std::size_t kMaxIdleReaders = 16;
constexpr int kCheckpointPages = 1000;  // SQLite's default autocheckpoint

// Waiting for a lock another connection holds (another process's writer, a checkpoint): poll
// finely. sqlite3_busy_timeout sleeps up to 100 ms between tries, and a busy writer that commits
// every fraction of a millisecond leaves only short gaps: coarse polls starve.
int busy_handler(void*, int tries) {
  const int fine = 40;  // 40 x 0.25 ms, then every 2 ms
  const long waited_us = tries < fine ? tries * 250L : fine * 250L + (tries - fine) * 2000L;
  if (waited_us >= kBusyTimeoutMs * 1000L) return 0;
  std::this_thread::sleep_for(std::chrono::microseconds(tries < fine ? 250 : 2000));
  return 1;
}

std::string column_string(sqlite3_stmt* st, int col) {
  const void* p = sqlite3_column_blob(st, col);
  const int n = sqlite3_column_bytes(st, col);
  return p && n > 0 ? std::string(static_cast<const char*>(p), std::size_t(n)) : std::string();
}

void bind_text(sqlite3_stmt* st, int i, const std::string& s) {
  sqlite3_bind_text(st, i, s.data(), int(s.size()), SQLITE_STATIC);
}
void bind_blob(sqlite3_stmt* st, int i, const std::string& s) {
  // Never NULL: an empty string is a zero-length blob.
  sqlite3_bind_blob(st, i, s.empty() ? "" : s.data(), int(s.size()), SQLITE_STATIC);
}

// A prepared statement, finalized with its owner.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(st_); }
  bool prepare(sqlite3* db, const char* sql) {
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st_, nullptr) == SQLITE_OK;
  }
  sqlite3_stmt* get() const { return st_; }

 private:
  sqlite3_stmt* st_ = nullptr;
};

struct ResetGuard {
  sqlite3_stmt* st;
  ~ResetGuard() {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
  }
};

StoredSubmission read_submission(sqlite3_stmt* st, bool with_envelope) {
  StoredSubmission s;
  s.id = column_string(st, 0);
  s.digest = column_string(st, 1);
  s.device = column_string(st, 2);
  s.received_at = sqlite3_column_int64(st, 3);
  s.kind = column_string(st, 4);
  s.departments = column_string(st, 5);
  s.status = column_string(st, 6);
  s.receipt = column_string(st, 7);
  if (with_envelope) s.envelope = column_string(st, 8);
  return s;
}

// The device's latest heartbeat replaces the one before, unless that one was received later.
constexpr const char* kPutHeartbeat =
    "INSERT INTO heartbeats (device, received_at, app_version, bundle_version, queued, last_update, free_disk_bytes)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (device) DO UPDATE SET received_at = excluded.received_at,"
    " app_version = excluded.app_version, bundle_version = excluded.bundle_version, queued = excluded.queued,"
    " last_update = excluded.last_update, free_disk_bytes = excluded.free_disk_bytes"
    " WHERE excluded.received_at >= heartbeats.received_at";

// A registered device (key_id, kind, registered_at) and, when it sent one, its heartbeat (the
// LEFT JOIN's columns 3…8, NULL when it never did).
FleetDevice read_fleet_device(sqlite3_stmt* st) {
  FleetDevice f;
  f.key_id = column_string(st, 0);
  f.kind = column_string(st, 1);
  f.registered_at = sqlite3_column_int64(st, 2);
  if (sqlite3_column_type(st, 3) == SQLITE_NULL) return f;
  Heartbeat h;
  h.received_at = sqlite3_column_int64(st, 3);
  h.app_version = column_string(st, 4);
  h.bundle_version = sqlite3_column_int64(st, 5);
  h.queued = sqlite3_column_int64(st, 6);
  h.last_update = sqlite3_column_int64(st, 7);
  h.free_disk_bytes = sqlite3_column_int64(st, 8);
  f.heartbeat = std::move(h);
  return f;
}

// The database holds envelopes, receipts and device keys: only the intake's user may read it.
// SQLite creates the -wal and -shm files with the database file's permissions, so the file is
// created 0600 before SQLite opens it, and an existing one (and its -wal, -shm) made 0600 when it
// is ours and others could read it. When the file cannot be created here, SQLite cannot open it
// either, and its own error (which the caller reports) says why.
void make_private(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;
  ::close(fd);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    struct stat st{};
    const std::string p = path + suffix;
    if (::stat(p.c_str(), &st) == 0 && st.st_uid == ::geteuid() && (st.st_mode & 077) != 0) ::chmod(p.c_str(), 0600);
  }
}

// A failure's detail is SQLite's reason only; the callers say which database and what for.
Result<sqlite3*, StoreError> open_connection(const std::string& path, bool create) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Result<sqlite3*, StoreError> failed{StoreError::Unavailable, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)};
    sqlite3_close_v2(db);
    return failed;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_handler(db, busy_handler, nullptr);
  return db;
}

Status<StoreError> exec(sqlite3* db, const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) == SQLITE_OK) return {};
  Status<StoreError> failed{StoreError::Unavailable, msg ? msg : sqlite3_errmsg(db)};
  sqlite3_free(msg);
  return failed;
}

// One read connection with its statements, prepared on first use. sqlite3_close_v2 defers the
// close until the statements (members, destroyed after this body) are finalized.
struct Reader {
  sqlite3* db = nullptr;
  Stmt get, get_bare, devices_of, count, list, device, fleet, subscription, notices;
  ~Reader() { sqlite3_close_v2(db); }
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::string path) : path_(std::move(path)) {}

  Status<StoreError> open() {
    auto fail = [&](const std::string& what, const std::string& why = {}) -> Status<StoreError> {
      return {StoreError::Unavailable, "SQLite database " + path_ + ": " + what + (why.empty() ? "" : ": " + why)};
    };
    make_private(path_);
    const auto db = open_connection(path_, true);
    if (!db) return fail("cannot open it", db.detail());
    wdb_ = *db;
    // journal_mode answers with the mode in force: anything but "wal" (e.g. a read-only
    // location, or a file system without shared memory) is refused rather than silently slower.
    {
      Stmt st;
      if (!st.prepare(wdb_, "PRAGMA journal_mode=WAL")) return fail("cannot read it", sqlite3_errmsg(wdb_));
      const int rc = sqlite3_step(st.get());
      if (rc != SQLITE_ROW) return fail("cannot switch to WAL mode", sqlite3_errmsg(wdb_));
      const std::string mode = column_string(st.get(), 0);
      if (mode != "wal") return fail("cannot switch to WAL mode (journal mode is '" + mode + "')");
    }
    if (const auto set = exec(wdb_, "PRAGMA synchronous=FULL"); !set) return fail("cannot set synchronous=FULL", set.detail());
    sqlite3_wal_hook(wdb_, &SqliteStore::wal_hook, this);  // replaces the automatic checkpoint
    if (const auto schema = init_schema(); !schema) return fail("cannot set up the schema", schema.detail());
    if (const auto prepared = prepare_writer(); !prepared) return fail("cannot prepare statements", prepared.detail());
    // One reader up front, so a database the readers cannot open fails here, not on first read.
    {
      auto r = open_reader();
      if (!r) return r;
      give_back(std::move(*r));
    }
    writer_ = std::thread([this] { writer_loop(); });
    return {};
  }

  ~SqliteStore() override {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    if (writer_.joinable()) writer_.join();  // drains the queue first
    sqlite3_close_v2(wdb_);  // closes once the statement members are finalized
    std::lock_guard<std::mutex> lk(readers_mu_);
    readers_.clear();
  }

  Result<Insertion, StoreError> insert(const StoredSubmission& s) override {
    Op op;
    op.kind = Op::Insert;
    op.sub = &s;
    submit(op);
    if (!op.result) return op.result;
    return Insertion{op.outcome, std::move(op.existing)};
  }

  Status<StoreError> set_status(const SubmissionKey& key, const std::string& status) override {
    Op op;
    op.kind = Op::SetStatus;
    op.key = &key;
    op.new_status = &status;
    submit(op);
    return op.result;
  }

  Status<StoreError> register_device(const Device& d) override {
    Op op;
    op.kind = Op::RegisterDevice;
    op.dev = &d;
    submit(op);
    return op.result;
  }

  Status<StoreError> put_heartbeat(const std::string& device_key_id, const Heartbeat& h) override {
    Op op;
    op.kind = Op::PutHeartbeat;
    op.device = &device_key_id;
    op.heartbeat = &h;
    submit(op);
    return op.result;
  }

  Status<StoreError> put_subscription(const PushSubscription& sub) override {
    return write(
        "INSERT INTO push_subscriptions (device, endpoint, p256dh, auth, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (device) DO UPDATE SET endpoint = excluded.endpoint, p256dh = excluded.p256dh,"
        " auth = excluded.auth, created_at = excluded.created_at",
        [&](sqlite3_stmt* st) {
          bind_text(st, 1, sub.device);
          bind_text(st, 2, sub.endpoint);
          bind_blob(st, 3, sub.p256dh);
          bind_blob(st, 4, sub.auth);
          sqlite3_bind_int64(st, 5, sub.created_at);
        },
        {}, "storing a push subscription failed");
  }

  Status<StoreError> drop_subscription(const std::string& device) override {
    return write("DELETE FROM push_subscriptions WHERE device = ?1", [&](sqlite3_stmt* st) { bind_text(st, 1, device); }, {},
                 "removing a push subscription failed");
  }

  Result<std::optional<PushSubscription>, StoreError> subscription(const std::string& device) override {
    std::optional<PushSubscription> out;
    const auto done = read(&Reader::subscription,
                           "SELECT device, endpoint, p256dh, auth, created_at FROM push_subscriptions WHERE device = ?1",
                           [&](sqlite3_stmt* st) { bind_text(st, 1, device); },
                           [&](sqlite3_stmt* st) {
                             out = PushSubscription{column_string(st, 0), column_string(st, 1), column_string(st, 2),
                                                    column_string(st, 3), sqlite3_column_int64(st, 4)};
                           });
    if (!done) return done;
    return out;
  }

  Status<StoreError> add_notice(const Notice& n) override {
    return write("INSERT INTO notices (device, kind, due_at, attempts) VALUES (?1, ?2, ?3, 0)",
                 [&](sqlite3_stmt* st) {
                   bind_text(st, 1, n.device);
                   bind_text(st, 2, n.kind);
                   sqlite3_bind_int64(st, 3, n.due_at);
                 },
                 {}, "storing a notice failed");
  }

  Result<std::vector<Notice>, StoreError> claim_notices(std::int64_t now, std::int64_t lease_until, std::size_t limit) override {
    std::vector<Notice> out;
    auto bind = [&](sqlite3_stmt* st) {
      sqlite3_bind_int64(st, 1, now);
      sqlite3_bind_int64(st, 2, lease_until);
      sqlite3_bind_int64(st, 3, limit > std::size_t(INT64_MAX) ? INT64_MAX : std::int64_t(limit));
    };
    // Read, then lease the same rows: one transaction on the one write connection (BEGIN
    // IMMEDIATE holds the database's write lock), so nothing changes them in between.
    const auto done = write(
        "SELECT id, device, kind, due_at, attempts + 1 FROM notices WHERE due_at <= ?1 ORDER BY due_at, id LIMIT ?3",
        bind,
        [&](sqlite3_stmt* st) {
          out.push_back(Notice{sqlite3_column_int64(st, 0), column_string(st, 1), column_string(st, 2),
                               sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4)});
        },
        "claiming notices failed",
        "UPDATE notices SET due_at = ?2, attempts = attempts + 1 WHERE id IN"
        " (SELECT id FROM notices WHERE due_at <= ?1 ORDER BY due_at, id LIMIT ?3)");
    if (!done) return done;
    std::sort(out.begin(), out.end(), [](const Notice& a, const Notice& b) { return a.id < b.id; });
    return out;
  }

  Status<StoreError> drop_notice(std::int64_t id) override {
    return write("DELETE FROM notices WHERE id = ?1", [&](sqlite3_stmt* st) { sqlite3_bind_int64(st, 1, id); }, {},
                 "removing a notice failed");
  }

  Result<std::int64_t, StoreError> count_notices() override {
    std::int64_t out = 0;
    const auto done = read(&Reader::notices, "SELECT count(*) FROM notices", [](sqlite3_stmt*) {},
                           [&](sqlite3_stmt* st) { out = sqlite3_column_int64(st, 0); });
    if (!done) return done;
    return out;
  }

  Result<StoredSubmission, StoreError> get(const SubmissionKey& key, bool with_envelope) override {
    std::optional<StoredSubmission> out;
    auto bind = [&](sqlite3_stmt* st) {
      bind_text(st, 1, key.device);
      bind_text(st, 2, key.id);
    };
    auto row = [&](sqlite3_stmt* st) { out = read_submission(st, with_envelope); };
    const auto done = with_envelope ? read(&Reader::get,
                                           "SELECT id, digest, device, received_at, kind, departments, status, receipt, envelope"
                                           " FROM submissions WHERE device = ?1 AND id = ?2",
                                           bind, row)
                                    : read(&Reader::get_bare,
                                           "SELECT id, digest, device, received_at, kind, departments, status, receipt"
                                           " FROM submissions WHERE device = ?1 AND id = ?2",
                                           bind, row);
    if (!done) return done;
    if (!out) return {StoreError::NotFound, "no submission " + key.id + " from device " + key.device};
    return std::move(*out);
  }

  Result<std::vector<std::string>, StoreError> devices_of(const std::string& id) override {
    std::vector<std::string> out;
    const auto done = read(&Reader::devices_of, "SELECT device FROM submissions WHERE id = ?1 ORDER BY received_at, device",
                           [&](sqlite3_stmt* st) { bind_text(st, 1, id); },
                           [&](sqlite3_stmt* st) { out.push_back(column_string(st, 0)); });
    if (!done) return done;
    return out;
  }

  Result<std::int64_t, StoreError> count() override {
    std::int64_t out = 0;
    const auto done = read(&Reader::count, "SELECT count(*) FROM submissions", [](sqlite3_stmt*) {},
                           [&](sqlite3_stmt* st) { out = sqlite3_column_int64(st, 0); });
    if (!done) return done;
    return out;
  }

  Result<std::vector<StoredSubmission>, StoreError> list(const std::string& department, std::size_t limit,
                                                         const SubmissionKey& after) override {
    std::vector<StoredSubmission> out;
    // Exact element match in the comma-separated list ("12" does not match "123").
    const auto done = read(
        &Reader::list,
        "SELECT id, digest, device, received_at, kind, departments, status, receipt FROM submissions"
        " WHERE instr(',' || departments || ',', ',' || ?1 || ',') > 0"
        " AND (?3 = '' OR (received_at, id, device) >"
        " (SELECT received_at, id, device FROM submissions WHERE device = ?4 AND id = ?3))"
        " ORDER BY received_at, id, device LIMIT ?2",
        [&](sqlite3_stmt* st) {
          bind_text(st, 1, department);
          bind_text(st, 3, after.id);
          bind_text(st, 4, after.device);
          sqlite3_bind_int64(st, 2, limit > std::size_t(INT64_MAX) ? INT64_MAX : std::int64_t(limit));
        },
        [&](sqlite3_stmt* st) { out.push_back(read_submission(st, false)); });
    if (!done) return done;
    return out;
  }

  Result<Device, StoreError> device(const std::string& key_id) override {
    std::optional<Device> out;
    const auto done = read(&Reader::device, "SELECT key_id, public_key, kind, registered_at FROM devices WHERE key_id = ?1",
                           [&](sqlite3_stmt* st) { bind_text(st, 1, key_id); },
                           [&](sqlite3_stmt* st) {
                             Device d;
                             d.key_id = column_string(st, 0);
                             d.public_key = column_string(st, 1);
                             d.kind = column_string(st, 2);
                             d.registered_at = sqlite3_column_int64(st, 3);
                             out = std::move(d);
                           });
    if (!done) return done;
    if (!out) return {StoreError::NotFound, "no device " + key_id};
    return std::move(*out);
  }

  Result<std::vector<FleetDevice>, StoreError> list_fleet() override {
    std::vector<FleetDevice> out;
    const auto done = read(&Reader::fleet,
                           "SELECT d.key_id, d.kind, d.registered_at, h.received_at, h.app_version, h.bundle_version,"
                           " h.queued, h.last_update, h.free_disk_bytes"
                           " FROM devices d LEFT JOIN heartbeats h ON h.device = d.key_id ORDER BY d.key_id",
                           [](sqlite3_stmt*) {}, [&](sqlite3_stmt* st) { out.push_back(read_fleet_device(st)); });
    if (!done) return done;
    return out;
  }

 private:
  // One queued write. Lives on the requesting thread's stack until `done`.
  struct Op {
    enum Kind { Insert, SetStatus, RegisterDevice, PutHeartbeat, Statement } kind = Insert;
    const StoredSubmission* sub = nullptr;
    const SubmissionKey* key = nullptr;
    const std::string* new_status = nullptr;
    const Device* dev = nullptr;
    const std::string* device = nullptr;  // put_heartbeat
    const Heartbeat* heartbeat = nullptr;
    // Statement: one of the notice tables' rare writes, prepared each time.
    const char* sql = nullptr;
    const char* then_sql = nullptr;  // a second statement, bound the same way, in the same transaction
    const char* what = nullptr;  // "… failed", for the error
    std::function<void(sqlite3_stmt*)> bind, row;
    // Results: success until something fails.
    Status<StoreError> result;
    InsertOutcome outcome = InsertOutcome::Inserted;
    StoredSubmission existing;  // insert: Duplicate, Conflict
    bool done = false;
    std::condition_variable cv;
  };

  Status<StoreError> init_schema() {
    if (const auto begun = exec(wdb_, "BEGIN IMMEDIATE"); !begun) return begun;
    auto rollback = [&](Status<StoreError> failed) {
      exec(wdb_, "ROLLBACK");
      return failed;
    };
    int version = 0;
    {
      Stmt st;
      if (!st.prepare(wdb_, "PRAGMA user_version") || sqlite3_step(st.get()) != SQLITE_ROW)
        return rollback({StoreError::Unavailable, sqlite3_errmsg(wdb_)});
      version = sqlite3_column_int(st.get(), 0);
    }
    if (version > kSchemaVersion)
      return rollback({StoreError::Unavailable, "schema version " + std::to_string(version) + " is newer than this program's (" +
                                                    std::to_string(kSchemaVersion) + ")"});
    // Version 1 had submission ids unique across devices: its rows move into the version 2 table.
    // Versions 2 and 3 lack only later tables: IF NOT EXISTS leaves their tables as they are.
    if (version == 1) {
      const auto renamed = exec(wdb_,
                                "DROP INDEX IF EXISTS submissions_by_time;"
                                "ALTER TABLE submissions RENAME TO submissions_v1;");
      if (!renamed) return rollback(renamed);
    }
    if (version < kSchemaVersion) {
      const char* ddl =
          "CREATE TABLE IF NOT EXISTS submissions ("
          " device TEXT NOT NULL, id TEXT NOT NULL, digest TEXT NOT NULL, received_at INTEGER, kind TEXT,"
          " departments TEXT, status TEXT, receipt BLOB, envelope BLOB, PRIMARY KEY (device, id));"
          "CREATE INDEX IF NOT EXISTS submissions_by_id ON submissions(id);"
          "CREATE INDEX IF NOT EXISTS submissions_by_time ON submissions(received_at, id, device);"
          "CREATE TABLE IF NOT EXISTS devices ("
          " key_id TEXT PRIMARY KEY, public_key BLOB, kind TEXT, registered_at INTEGER);"
          "CREATE TABLE IF NOT EXISTS heartbeats ("
          " device TEXT PRIMARY KEY, received_at INTEGER NOT NULL, app_version TEXT NOT NULL,"
          " bundle_version INTEGER NOT NULL, queued INTEGER NOT NULL, last_update INTEGER NOT NULL,"
          " free_disk_bytes INTEGER NOT NULL);"
          "CREATE TABLE IF NOT EXISTS push_subscriptions ("
          " device TEXT PRIMARY KEY, endpoint TEXT NOT NULL, p256dh BLOB NOT NULL, auth BLOB NOT NULL,"
          " created_at INTEGER NOT NULL);"
          "CREATE TABLE IF NOT EXISTS notices ("
          " id INTEGER PRIMARY KEY AUTOINCREMENT, device TEXT NOT NULL, kind TEXT NOT NULL, due_at INTEGER NOT NULL,"
          " attempts INTEGER NOT NULL);"
          "CREATE INDEX IF NOT EXISTS notices_by_due ON notices(due_at, id);"
          "PRAGMA user_version = 4;";
      if (const auto created = exec(wdb_, ddl); !created) return rollback(created);
    }
    if (version == 1) {
      const auto moved = exec(wdb_,
                              "INSERT INTO submissions (device, id, digest, received_at, kind, departments, status,"
                              " receipt, envelope) SELECT coalesce(device, ''), id, digest, received_at, kind,"
                              " departments, status, receipt, envelope FROM submissions_v1;"
                              "DROP TABLE submissions_v1;");
      if (!moved) return rollback(moved);
    }
    const auto committed = exec(wdb_, "COMMIT");
    return committed ? committed : rollback(committed);
  }

  Status<StoreError> prepare_writer() {
    if (!ins_.prepare(wdb_,
                      "INSERT OR IGNORE INTO submissions (id, digest, device, received_at, kind, departments,"
                      " status, receipt, envelope) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)") ||
        !sel_.prepare(wdb_,
                      "SELECT id, digest, device, received_at, kind, departments, status, receipt, envelope"
                      " FROM submissions WHERE device = ?1 AND id = ?2") ||
        !upd_.prepare(wdb_, "UPDATE submissions SET status = ?3 WHERE device = ?1 AND id = ?2") ||
        !notice_ins_.prepare(wdb_, "INSERT INTO notices (device, kind, due_at, attempts) VALUES (?1, 'status', unixepoch(), 0)") ||
        !dev_ins_.prepare(wdb_,
                          "INSERT OR IGNORE INTO devices (key_id, public_key, kind, registered_at)"
                          " VALUES (?1, ?2, ?3, ?4)") ||
        !dev_sel_.prepare(wdb_, "SELECT public_key FROM devices WHERE key_id = ?1") ||
        !hb_put_.prepare(wdb_, kPutHeartbeat))
      return {StoreError::Unavailable, sqlite3_errmsg(wdb_)};
    return {};
  }

  // Queues the operation and waits until the batch holding it has committed (or failed).
  void submit(Op& op) {
    std::unique_lock<std::mutex> lk(mu_);
    if (stopping_) {
      op.result = {StoreError::Unavailable, "SQLite database " + path_ + ": the store is closing"};
      return;
    }
    queue_.push_back(&op);
    lk.unlock();
    queue_cv_.notify_one();
    lk.lock();
    op.cv.wait(lk, [&] { return op.done; });
  }

  void writer_loop() {
    std::vector<Op*> batch;
    batch.reserve(kMaxBatch);
    for (;;) {
      {
        std::unique_lock<std::mutex> lk(mu_);
        queue_cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and everything queued has been answered
        while (!queue_.empty() && batch.size() < kMaxBatch) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      run_batch(batch);
      {
        // Notify under the lock: the waiter cannot return (and destroy its Op) before we're done.
        std::lock_guard<std::mutex> lk(mu_);
        for (Op* op : batch) {
          op->done = true;
          op->cv.notify_one();
        }
      }
      batch.clear();
      if (wal_pages_ >= kCheckpointPages) {
        wal_pages_ = 0;
        sqlite3_wal_checkpoint_v2(wdb_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      }
    }
  }

  // Called by SQLite on the writer thread after each commit with the WAL's size.
  static int wal_hook(void* self, sqlite3*, const char*, int pages) {
    static_cast<SqliteStore*>(self)->wal_pages_ = pages;
    return SQLITE_OK;
  }

  void fail_all(std::vector<Op*>& batch, const std::string& what) {
    for (Op* op : batch) {
      op->result = {StoreError::Unavailable, what};
      op->existing = StoredSubmission();
    }
  }

  std::string db_error(const char* what) const {
    return "SQLite database " + path_ + ": " + what + ": " + sqlite3_errmsg(wdb_);
  }

  void run_batch(std::vector<Op*>& batch) {
    if (const auto begun = exec(wdb_, "BEGIN IMMEDIATE"); !begun) {
      fail_all(batch, "SQLite database " + path_ + ": cannot begin a transaction: " + begun.detail());
      return;
    }
    for (Op* op : batch) {
      switch (op->kind) {
        case Op::Insert: do_insert(*op); break;
        case Op::SetStatus: do_set_status(*op); break;
        case Op::RegisterDevice: do_register(*op); break;
        case Op::PutHeartbeat: do_put_heartbeat(*op); break;
        case Op::Statement: do_statement(*op); break;
      }
      // Some errors (disk full, I/O error) roll the whole transaction back: then nothing of this
      // batch will be stored, whatever the earlier operations were told.
      if (sqlite3_get_autocommit(wdb_)) {
        fail_all(batch, op->result ? db_error("the transaction was rolled back") : op->result.detail());
        return;
      }
    }
    if (const auto committed = exec(wdb_, "COMMIT"); !committed) {
      const std::string what = "SQLite database " + path_ + ": commit failed: " + committed.detail();
      if (!sqlite3_get_autocommit(wdb_)) exec(wdb_, "ROLLBACK");
      fail_all(batch, what);
    }
  }

  void do_insert(Op& op) {
    const StoredSubmission& s = *op.sub;
    {
      sqlite3_stmt* st = ins_.get();
      ResetGuard g{st};
      bind_text(st, 1, s.id);
      bind_text(st, 2, s.digest);
      bind_text(st, 3, s.device);
      sqlite3_bind_int64(st, 4, s.received_at);
      bind_text(st, 5, s.kind);
      bind_text(st, 6, s.departments);
      bind_text(st, 7, s.status);
      bind_blob(st, 8, s.receipt);
      bind_blob(st, 9, s.envelope);
      if (sqlite3_step(st) != SQLITE_DONE) {
        op.result = {StoreError::Unavailable, db_error("insert failed")};
        return;
      }
      if (sqlite3_changes(wdb_) == 1) {
        op.outcome = InsertOutcome::Inserted;
        return;
      }
    }
    sqlite3_stmt* st = sel_.get();
    ResetGuard g{st};
    bind_text(st, 1, s.device);
    bind_text(st, 2, s.id);
    const int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
      op.result = {StoreError::Unavailable, rc == SQLITE_DONE ? "SQLite database " + path_ + ": submission " + s.id +
                                                                    " was neither inserted nor found"
                                                              : db_error("reading the existing submission failed")};
      return;
    }
    op.existing = read_submission(st, true);
    op.outcome = op.existing.digest == s.digest ? InsertOutcome::Duplicate : InsertOutcome::Conflict;
  }

  void do_set_status(Op& op) {
    sqlite3_stmt* st = upd_.get();
    ResetGuard g{st};
    bind_text(st, 1, op.key->device);
    bind_text(st, 2, op.key->id);
    bind_text(st, 3, *op.new_status);
    if (sqlite3_step(st) != SQLITE_DONE) {
      op.result = {StoreError::Unavailable, db_error("status update failed")};
      return;
    }
    if (sqlite3_changes(wdb_) != 1) {
      op.result = {StoreError::NotFound, "no submission " + op.key->id + " from device " + op.key->device};
      return;
    }
    sqlite3_stmt* n = notice_ins_.get();
    ResetGuard gn{n};
    bind_text(n, 1, op.key->device);
    if (sqlite3_step(n) != SQLITE_DONE) op.result = {StoreError::Unavailable, db_error("storing the status notice failed")};
  }

  void do_statement(Op& op) {
    for (const char* sql : {op.sql, op.then_sql}) {
      if (!sql) break;
      Stmt stmt;
      if (!stmt.prepare(wdb_, sql)) {
        op.result = {StoreError::Unavailable, db_error(op.what)};
        return;
      }
      sqlite3_stmt* st = stmt.get();
      op.bind(st);
      int rc;
      while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (op.row && sql == op.sql) op.row(st);
      if (rc != SQLITE_DONE) {
        op.result = {StoreError::Unavailable, db_error(op.what)};
        return;
      }
    }
  }

  // One write statement through the writer (group commit): `bind` its parameters, `row` for each
  // row it returns.
  Status<StoreError> write(const char* sql, std::function<void(sqlite3_stmt*)> bind, std::function<void(sqlite3_stmt*)> row,
                           const char* what, const char* then_sql = nullptr) {
    Op op;
    op.then_sql = then_sql;
    op.kind = Op::Statement;
    op.sql = sql;
    op.what = what;
    op.bind = std::move(bind);
    op.row = std::move(row);
    submit(op);
    return op.result;
  }

  void do_register(Op& op) {
    const Device& d = *op.dev;
    {
      sqlite3_stmt* st = dev_ins_.get();
      ResetGuard g{st};
      bind_text(st, 1, d.key_id);
      bind_blob(st, 2, d.public_key);
      bind_text(st, 3, d.kind);
      sqlite3_bind_int64(st, 4, d.registered_at);
      if (sqlite3_step(st) != SQLITE_DONE) {
        op.result = {StoreError::Unavailable, db_error("device registration failed")};
        return;
      }
      if (sqlite3_changes(wdb_) == 1) return;
    }
    sqlite3_stmt* st = dev_sel_.get();
    ResetGuard g{st};
    bind_text(st, 1, d.key_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
      op.result = {StoreError::Unavailable, db_error("reading the registered device failed")};
      return;
    }
    if (column_string(st, 0) != d.public_key)
      op.result = {StoreError::KeyConflict, "device " + d.key_id + " is already registered with a different public key"};
  }

  void do_put_heartbeat(Op& op) {
    const Heartbeat& h = *op.heartbeat;
    sqlite3_stmt* st = hb_put_.get();
    ResetGuard g{st};
    bind_text(st, 1, *op.device);
    sqlite3_bind_int64(st, 2, h.received_at);
    bind_text(st, 3, h.app_version);
    sqlite3_bind_int64(st, 4, h.bundle_version);
    sqlite3_bind_int64(st, 5, h.queued);
    sqlite3_bind_int64(st, 6, h.last_update);
    sqlite3_bind_int64(st, 7, h.free_disk_bytes);
    if (sqlite3_step(st) != SQLITE_DONE) op.result = {StoreError::Unavailable, db_error("storing a heartbeat failed")};
  }

  // --- read connections ---
  Result<std::unique_ptr<Reader>, StoreError> open_reader() {
    auto r = std::make_unique<Reader>();
    const auto db = open_connection(path_, false);
    Status<StoreError> ready = db;
    if (db) {
      r->db = *db;
      ready = exec(r->db, "PRAGMA query_only=1");
    }
    if (!ready) return {StoreError::Unavailable, "SQLite database " + path_ + ": cannot open a read connection: " + ready.detail()};
    return r;
  }

  Result<std::unique_ptr<Reader>, StoreError> borrow() {
    {
      std::lock_guard<std::mutex> lk(readers_mu_);
      if (!readers_.empty()) {
        auto r = std::move(readers_.back());
        readers_.pop_back();
        return r;
      }
    }
    return open_reader();
  }

  void give_back(std::unique_ptr<Reader> r) {
    std::lock_guard<std::mutex> lk(readers_mu_);
    if (readers_.size() < kMaxIdleReaders) readers_.push_back(std::move(r));
  }

  // Runs one read statement on a pooled connection: `bind` its parameters, `row` for each row.
  // On failure the connection is dropped (a fresh one replaces it next time).
  template <typename Bind, typename Row>
  Status<StoreError> read(Stmt Reader::*which, const char* sql, Bind&& bind, Row&& row) {
    auto borrowed = borrow();
    if (!borrowed) return borrowed;
    std::unique_ptr<Reader> r = std::move(*borrowed);
    Stmt& stmt = (*r).*which;
    bool ok = stmt.get() || stmt.prepare(r->db, sql);
    std::string why = ok ? "" : sqlite3_errmsg(r->db);
    if (ok) {
      sqlite3_stmt* st = stmt.get();
      ResetGuard g{st};
      bind(st);
      int rc;
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) row(st);
      ok = rc == SQLITE_DONE;
      if (!ok) why = sqlite3_errmsg(r->db);
    }
    if (!ok) return {StoreError::Unavailable, "SQLite database " + path_ + ": read failed: " + why};
    give_back(std::move(r));
    return {};
  }

  const std::string path_;
  sqlite3* wdb_ = nullptr;
  Stmt ins_, sel_, upd_, notice_ins_, dev_ins_, dev_sel_, hb_put_;
  int wal_pages_ = 0;  // writer thread only

  std::mutex mu_;
  std::condition_variable queue_cv_;
  std::deque<Op*> queue_;
  bool stopping_ = false;
  std::thread writer_;

  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Reader>> readers_;
};

}  // namespace

Result<std::unique_ptr<Store>, StoreError> open_sqlite_store(const std::string& path) {
  if (path.empty()) return {StoreError::BadUrl, "SQLite store URL has no file path (expected sqlite:/path/to/intake.db)"};
  if (path == ":memory:" || path.rfind("file:", 0) == 0)
    return {StoreError::BadUrl, "SQLite store needs a plain file path (WAL mode and several connections), not '" + path + "'"};
  if (!sqlite3_threadsafe()) return {StoreError::Unavailable, "this SQLite library was built without thread support"};
  auto store = std::make_unique<SqliteStore>(path);
  if (const auto opened = store->open(); !opened) return opened;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace tb::intake
