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
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include "intake/store.h"

namespace tb::intake {
namespace {

constexpr int kSchemaVersion = 2;  // 2: submission ids unique per device
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

void set_error(std::string* error, std::string message) {
  if (error) *error = std::move(message);
}
void clear_error(std::string* error) {
  if (error) error->clear();
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

// `error` gets SQLite's reason only; the callers say which database and what for.
sqlite3* open_connection(const std::string& path, bool create, std::string* error) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    set_error(error, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return nullptr;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_handler(db, busy_handler, nullptr);
  return db;
}

bool exec(sqlite3* db, const char* sql, std::string* error) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) == SQLITE_OK) return true;
  set_error(error, msg ? msg : sqlite3_errmsg(db));
  sqlite3_free(msg);
  return false;
}

// One read connection with its statements, prepared on first use. sqlite3_close_v2 defers the
// close until the statements (members, destroyed after this body) are finalized.
struct Reader {
  sqlite3* db = nullptr;
  Stmt get, get_bare, devices_of, count, list, device;
  ~Reader() { sqlite3_close_v2(db); }
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::string path) : path_(std::move(path)) {}

  bool open(std::string* error) {
    std::string e;
    auto fail = [&](const std::string& what) {
      set_error(error, "SQLite database " + path_ + ": " + what + (e.empty() ? "" : ": " + e));
      return false;
    };
    make_private(path_);
    wdb_ = open_connection(path_, true, &e);
    if (!wdb_) return fail("cannot open it");
    // journal_mode answers with the mode in force: anything but "wal" (e.g. a read-only
    // location, or a file system without shared memory) is refused rather than silently slower.
    {
      Stmt st;
      if (!st.prepare(wdb_, "PRAGMA journal_mode=WAL")) return e = sqlite3_errmsg(wdb_), fail("cannot read it");
      const int rc = sqlite3_step(st.get());
      if (rc != SQLITE_ROW) return e = sqlite3_errmsg(wdb_), fail("cannot switch to WAL mode");
      const std::string mode = column_string(st.get(), 0);
      if (mode != "wal") return fail("cannot switch to WAL mode (journal mode is '" + mode + "')");
    }
    if (!exec(wdb_, "PRAGMA synchronous=FULL", &e)) return fail("cannot set synchronous=FULL");
    sqlite3_wal_hook(wdb_, &SqliteStore::wal_hook, this);  // replaces the automatic checkpoint
    if (!init_schema(&e)) return fail("cannot set up the schema");
    if (!prepare_writer(&e)) return fail("cannot prepare statements");
    // One reader up front, so a database the readers cannot open fails here, not on first read.
    {
      std::unique_ptr<Reader> r = open_reader(error);
      if (!r) return false;
      give_back(std::move(r));
    }
    writer_ = std::thread([this] { writer_loop(); });
    return true;
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

  InsertResult insert(const StoredSubmission& s, StoredSubmission* existing, std::string* error) override {
    Op op;
    op.kind = Op::Insert;
    op.sub = &s;
    submit(op);
    if (op.result == InsertResult::Failed) {
      set_error(error, op.error);
    } else {
      clear_error(error);
      if (existing && op.has_existing) *existing = std::move(op.existing);
    }
    return op.result;
  }

  bool set_status(const SubmissionKey& key, const std::string& status, std::string* error) override {
    Op op;
    op.kind = Op::SetStatus;
    op.key = &key;
    op.status = &status;
    submit(op);
    if (op.ok) clear_error(error);
    else set_error(error, op.error);
    return op.ok;
  }

  bool register_device(const Device& d, std::string* error) override {
    Op op;
    op.kind = Op::RegisterDevice;
    op.dev = &d;
    submit(op);
    if (op.ok) clear_error(error);
    else set_error(error, op.error);
    return op.ok;
  }

  std::optional<StoredSubmission> get(const SubmissionKey& key, bool with_envelope, std::string* error) override {
    std::optional<StoredSubmission> out;
    auto bind = [&](sqlite3_stmt* st) {
      bind_text(st, 1, key.device);
      bind_text(st, 2, key.id);
    };
    auto row = [&](sqlite3_stmt* st) { out = read_submission(st, with_envelope); };
    if (with_envelope)
      read(error, &Reader::get,
           "SELECT id, digest, device, received_at, kind, departments, status, receipt, envelope"
           " FROM submissions WHERE device = ?1 AND id = ?2",
           bind, row);
    else
      read(error, &Reader::get_bare,
           "SELECT id, digest, device, received_at, kind, departments, status, receipt"
           " FROM submissions WHERE device = ?1 AND id = ?2",
           bind, row);
    return out;
  }

  std::vector<std::string> devices_of(const std::string& id, std::string* error) override {
    std::vector<std::string> out;
    read(error, &Reader::devices_of, "SELECT device FROM submissions WHERE id = ?1 ORDER BY received_at, device",
         [&](sqlite3_stmt* st) { bind_text(st, 1, id); }, [&](sqlite3_stmt* st) { out.push_back(column_string(st, 0)); });
    return out;
  }

  std::optional<std::int64_t> count(std::string* error) override {
    std::optional<std::int64_t> out;
    if (!read(error, &Reader::count, "SELECT count(*) FROM submissions", [](sqlite3_stmt*) {},
              [&](sqlite3_stmt* st) { out = sqlite3_column_int64(st, 0); }))
      return std::nullopt;
    return out;
  }

  std::vector<StoredSubmission> list(const std::string& department, std::size_t limit, const SubmissionKey& after,
                                     std::string* error) override {
    std::vector<StoredSubmission> out;
    // Exact element match in the comma-separated list ("12" does not match "123").
    const bool ok = read(
        error, &Reader::list,
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
    if (!ok) out.clear();
    return out;
  }

  std::optional<Device> device(const std::string& key_id, std::string* error) override {
    std::optional<Device> out;
    read(error, &Reader::device, "SELECT key_id, public_key, kind, registered_at FROM devices WHERE key_id = ?1",
         [&](sqlite3_stmt* st) { bind_text(st, 1, key_id); },
         [&](sqlite3_stmt* st) {
           Device d;
           d.key_id = column_string(st, 0);
           d.public_key = column_string(st, 1);
           d.kind = column_string(st, 2);
           d.registered_at = sqlite3_column_int64(st, 3);
           out = std::move(d);
         });
    return out;
  }

 private:
  // One queued write. Lives on the requesting thread's stack until `done`.
  struct Op {
    enum Kind { Insert, SetStatus, RegisterDevice } kind = Insert;
    const StoredSubmission* sub = nullptr;
    const SubmissionKey* key = nullptr;
    const std::string* status = nullptr;
    const Device* dev = nullptr;
    // Results.
    InsertResult result = InsertResult::Failed;
    bool ok = false;
    bool has_existing = false;
    StoredSubmission existing;
    std::string error;
    bool done = false;
    std::condition_variable cv;
  };

  bool init_schema(std::string* error) {
    if (!exec(wdb_, "BEGIN IMMEDIATE", error)) return false;
    auto rollback = [&] {
      exec(wdb_, "ROLLBACK", nullptr);
      return false;
    };
    int version = 0;
    {
      Stmt st;
      if (!st.prepare(wdb_, "PRAGMA user_version") || sqlite3_step(st.get()) != SQLITE_ROW) {
        set_error(error, sqlite3_errmsg(wdb_));
        return rollback();
      }
      version = sqlite3_column_int(st.get(), 0);
    }
    if (version > kSchemaVersion) {
      set_error(error, "schema version " + std::to_string(version) + " is newer than this program's (" +
                           std::to_string(kSchemaVersion) + ")");
      return rollback();
    }
    // Version 1 had submission ids unique across devices: its rows move into the version 2 table.
    if (version == 1 && !exec(wdb_,
                              "DROP INDEX IF EXISTS submissions_by_time;"
                              "ALTER TABLE submissions RENAME TO submissions_v1;",
                              error))
      return rollback();
    if (version < kSchemaVersion) {
      const char* ddl =
          "CREATE TABLE IF NOT EXISTS submissions ("
          " device TEXT NOT NULL, id TEXT NOT NULL, digest TEXT NOT NULL, received_at INTEGER, kind TEXT,"
          " departments TEXT, status TEXT, receipt BLOB, envelope BLOB, PRIMARY KEY (device, id));"
          "CREATE INDEX IF NOT EXISTS submissions_by_id ON submissions(id);"
          "CREATE INDEX IF NOT EXISTS submissions_by_time ON submissions(received_at, id, device);"
          "CREATE TABLE IF NOT EXISTS devices ("
          " key_id TEXT PRIMARY KEY, public_key BLOB, kind TEXT, registered_at INTEGER);"
          "PRAGMA user_version = 2;";
      if (!exec(wdb_, ddl, error)) return rollback();
    }
    if (version == 1 && !exec(wdb_,
                              "INSERT INTO submissions (device, id, digest, received_at, kind, departments, status,"
                              " receipt, envelope) SELECT coalesce(device, ''), id, digest, received_at, kind,"
                              " departments, status, receipt, envelope FROM submissions_v1;"
                              "DROP TABLE submissions_v1;",
                              error))
      return rollback();
    return exec(wdb_, "COMMIT", error) || rollback();
  }

  bool prepare_writer(std::string* error) {
    if (!ins_.prepare(wdb_,
                      "INSERT OR IGNORE INTO submissions (id, digest, device, received_at, kind, departments,"
                      " status, receipt, envelope) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)") ||
        !sel_.prepare(wdb_,
                      "SELECT id, digest, device, received_at, kind, departments, status, receipt, envelope"
                      " FROM submissions WHERE device = ?1 AND id = ?2") ||
        !upd_.prepare(wdb_, "UPDATE submissions SET status = ?3 WHERE device = ?1 AND id = ?2") ||
        !dev_ins_.prepare(wdb_,
                          "INSERT OR IGNORE INTO devices (key_id, public_key, kind, registered_at)"
                          " VALUES (?1, ?2, ?3, ?4)") ||
        !dev_sel_.prepare(wdb_, "SELECT public_key FROM devices WHERE key_id = ?1")) {
      set_error(error, sqlite3_errmsg(wdb_));
      return false;
    }
    return true;
  }

  // Queues the operation and waits until the batch holding it has committed (or failed).
  void submit(Op& op) {
    std::unique_lock<std::mutex> lk(mu_);
    if (stopping_) {
      op.error = "SQLite database " + path_ + ": the store is closing";
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
      op->result = InsertResult::Failed;
      op->ok = false;
      op->has_existing = false;
      op->existing = StoredSubmission();
      op->error = what;
    }
  }

  std::string db_error(const char* what) const {
    return "SQLite database " + path_ + ": " + what + ": " + sqlite3_errmsg(wdb_);
  }

  void run_batch(std::vector<Op*>& batch) {
    std::string e;
    if (!exec(wdb_, "BEGIN IMMEDIATE", &e)) {
      fail_all(batch, "SQLite database " + path_ + ": cannot begin a transaction: " + e);
      return;
    }
    for (Op* op : batch) {
      switch (op->kind) {
        case Op::Insert: do_insert(*op); break;
        case Op::SetStatus: do_set_status(*op); break;
        case Op::RegisterDevice: do_register(*op); break;
      }
      // Some errors (disk full, I/O error) roll the whole transaction back: then nothing of this
      // batch will be stored, whatever the earlier operations were told.
      if (sqlite3_get_autocommit(wdb_)) {
        fail_all(batch, op->error.empty() ? db_error("the transaction was rolled back") : op->error);
        return;
      }
    }
    if (!exec(wdb_, "COMMIT", &e)) {
      const std::string what = "SQLite database " + path_ + ": commit failed: " + e;
      if (!sqlite3_get_autocommit(wdb_)) exec(wdb_, "ROLLBACK", nullptr);
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
        op.error = db_error("insert failed");
        return;
      }
      if (sqlite3_changes(wdb_) == 1) {
        op.result = InsertResult::Inserted;
        return;
      }
    }
    sqlite3_stmt* st = sel_.get();
    ResetGuard g{st};
    bind_text(st, 1, s.device);
    bind_text(st, 2, s.id);
    const int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
      op.error = rc == SQLITE_DONE ? "SQLite database " + path_ + ": submission " + s.id +
                                         " was neither inserted nor found"
                                   : db_error("reading the existing submission failed");
      return;
    }
    op.existing = read_submission(st, true);
    op.has_existing = true;
    op.result = op.existing.digest == s.digest ? InsertResult::Duplicate : InsertResult::Conflict;
  }

  void do_set_status(Op& op) {
    sqlite3_stmt* st = upd_.get();
    ResetGuard g{st};
    bind_text(st, 1, op.key->device);
    bind_text(st, 2, op.key->id);
    bind_text(st, 3, *op.status);
    if (sqlite3_step(st) != SQLITE_DONE) {
      op.error = db_error("status update failed");
      return;
    }
    op.ok = sqlite3_changes(wdb_) == 1;
    if (!op.ok) op.error = "no submission " + op.key->id + " from device " + op.key->device;
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
        op.error = db_error("device registration failed");
        return;
      }
      if (sqlite3_changes(wdb_) == 1) {
        op.ok = true;
        return;
      }
    }
    sqlite3_stmt* st = dev_sel_.get();
    ResetGuard g{st};
    bind_text(st, 1, d.key_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
      op.error = db_error("reading the registered device failed");
      return;
    }
    op.ok = column_string(st, 0) == d.public_key;
    if (!op.ok) op.error = "device " + d.key_id + " is already registered with a different public key";
  }

  // --- read connections ---
  std::unique_ptr<Reader> open_reader(std::string* error) {
    auto r = std::make_unique<Reader>();
    std::string e;
    r->db = open_connection(path_, false, &e);
    if (!r->db || !exec(r->db, "PRAGMA query_only=1", &e)) {
      set_error(error, "SQLite database " + path_ + ": cannot open a read connection: " + e);
      return nullptr;
    }
    return r;
  }

  std::unique_ptr<Reader> borrow(std::string* error) {
    {
      std::lock_guard<std::mutex> lk(readers_mu_);
      if (!readers_.empty()) {
        auto r = std::move(readers_.back());
        readers_.pop_back();
        return r;
      }
    }
    return open_reader(error);
  }

  void give_back(std::unique_ptr<Reader> r) {
    std::lock_guard<std::mutex> lk(readers_mu_);
    if (readers_.size() < kMaxIdleReaders) readers_.push_back(std::move(r));
  }

  // Runs one read statement on a pooled connection: `bind` its parameters, `row` for each row.
  // On failure the error is set and the connection dropped (a fresh one replaces it next time).
  template <typename Bind, typename Row>
  bool read(std::string* error, Stmt Reader::*which, const char* sql, Bind&& bind, Row&& row) {
    clear_error(error);
    std::unique_ptr<Reader> r = borrow(error);
    if (!r) return false;
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
    if (!ok) {
      set_error(error, "SQLite database " + path_ + ": read failed: " + why);
      return false;
    }
    give_back(std::move(r));
    return true;
  }

  const std::string path_;
  sqlite3* wdb_ = nullptr;
  Stmt ins_, sel_, upd_, dev_ins_, dev_sel_;
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

std::unique_ptr<Store> open_sqlite_store(const std::string& path, std::string* error) {
  if (path.empty()) {
    set_error(error, "SQLite store URL has no file path (expected sqlite:/path/to/intake.db)");
    return nullptr;
  }
  if (path == ":memory:" || path.rfind("file:", 0) == 0) {
    set_error(error, "SQLite store needs a plain file path (WAL mode and several connections), not '" + path + "'");
    return nullptr;
  }
  if (!sqlite3_threadsafe()) {
    set_error(error, "this SQLite library was built without thread support");
    return nullptr;
  }
  auto store = std::make_unique<SqliteStore>(path);
  if (!store->open(error)) return nullptr;
  return store;
}

}  // namespace tb::intake
