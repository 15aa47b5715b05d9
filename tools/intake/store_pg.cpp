// The PostgreSQL store (city scale): several stateless intake processes share one database, so
// nothing here holds state that correctness depends on — the database decides everything:
// duplicates through the primary key (INSERT … ON CONFLICT DO NOTHING RETURNING, then a SELECT to
// tell Duplicate from Conflict), durability through its commit (synchronous_commit is forced back
// on for our sessions if the server has it off). Requests borrow a connection from a small pool
// (created lazily, at most kPoolSize); PostgreSQL's own group commit batches the WAL flushes of
// concurrent inserts. All parameters and results travel in binary (no escaping, blobs as they are).
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "intake/store.h"

namespace tb::intake {
namespace {

constexpr int kSchemaVersion = 4;  // 2: submission ids unique per device; 3: heartbeats; 4: notices
constexpr int kPoolSize = 8;
constexpr auto kPoolWait = std::chrono::seconds(30);
// Type OIDs (pg_type.dat): fixed since forever.
constexpr Oid kText = 25, kInt8 = 20, kBytea = 17;

// libpq messages end in a newline and may span lines (DETAIL, HINT; tab-indented): one line.
std::string one_line(const char* msg) {
  std::string s;
  for (const char* p = msg ? msg : ""; *p; ++p) {
    const bool space = *p == '\n' || *p == '\t' || *p == ' ';
    if (!space) s += *p;
    else if (!s.empty() && s.back() != ' ') s += ' ';
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s.empty() ? "unknown error" : s;
}

// A libpq result, cleared with its owner.
struct Reply {
  PGresult* r;
  explicit Reply(PGresult* res) : r(res) {}
  Reply(const Reply&) = delete;
  Reply& operator=(const Reply&) = delete;
  ~Reply() { PQclear(r); }
  ExecStatusType status() const { return PQresultStatus(r); }
  int rows() const { return PQntuples(r); }
  std::string str(int row, int col) const {
    if (PQgetisnull(r, row, col)) return std::string();
    return std::string(PQgetvalue(r, row, col), std::size_t(PQgetlength(r, row, col)));
  }
  std::int64_t int8(int row, int col) const {
    if (PQgetisnull(r, row, col) || PQgetlength(r, row, col) != 8) return 0;
    const auto* p = reinterpret_cast<const unsigned char*>(PQgetvalue(r, row, col));
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
    return std::int64_t(v);
  }
  std::string error() const { return one_line(PQresultErrorMessage(r)); }
};

// Parameters, all in binary: text and bytea as their bytes, int8 as 8 big-endian bytes.
class Params {
 public:
  void add(const std::string& s) {
    values_.push_back(s.data());
    lengths_.push_back(int(s.size()));
  }
  void add(std::int64_t v) {
    auto& b = ints_[n_ints_++];
    for (int i = 7; i >= 0; --i, v = std::int64_t(std::uint64_t(v) >> 8)) b[i] = char(v & 0xff);
    values_.push_back(b);
    lengths_.push_back(8);
  }
  PGresult* exec(PGconn* c, const char* statement) const {
    static const int kBinary[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    return PQexecPrepared(c, statement, int(values_.size()), values_.data(), lengths_.data(), kBinary, 1);
  }

 private:
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  char ints_[8][8];  // the most int8 parameters a statement takes
  int n_ints_ = 0;
};

struct Statement {
  const char* name;
  const char* sql;
  std::vector<Oid> types;
};

const Statement kStatements[] = {
    {"tb_insert",
     "INSERT INTO submissions (id, digest, device, received_at, kind, departments, status, receipt, envelope)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (device, id) DO NOTHING RETURNING id",
     {kText, kText, kText, kInt8, kText, kText, kText, kBytea, kBytea}},
    {"tb_get",
     "SELECT id, digest, device, received_at, kind, departments, status, receipt, envelope"
     " FROM submissions WHERE device = $1 AND id = $2",
     {kText, kText}},
    {"tb_get_bare",
     "SELECT id, digest, device, received_at, kind, departments, status, receipt"
     " FROM submissions WHERE device = $1 AND id = $2",
     {kText, kText}},
    {"tb_devices_of", "SELECT device FROM submissions WHERE id = $1 ORDER BY received_at, device", {kText}},
    // The status and its notice in one statement (one transaction); the rows inserted say whether
    // the submission was there.
    {"tb_set_status",
     "WITH changed AS (UPDATE submissions SET status = $3 WHERE device = $1 AND id = $2 RETURNING device)"
     " INSERT INTO notices (device, kind, due_at, attempts)"
     " SELECT device, 'status', extract(epoch FROM now())::bigint, 0 FROM changed",
     {kText, kText, kText}},
    {"tb_sub_put",
     "INSERT INTO push_subscriptions (device, endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, $5)"
     " ON CONFLICT (device) DO UPDATE SET endpoint = EXCLUDED.endpoint, p256dh = EXCLUDED.p256dh,"
     " auth = EXCLUDED.auth, created_at = EXCLUDED.created_at",
     {kText, kText, kBytea, kBytea, kInt8}},
    {"tb_sub_drop", "DELETE FROM push_subscriptions WHERE device = $1", {kText}},
    {"tb_sub_get", "SELECT device, endpoint, p256dh, auth, created_at FROM push_subscriptions WHERE device = $1", {kText}},
    {"tb_notice_add", "INSERT INTO notices (device, kind, due_at, attempts) VALUES ($1, $2, $3, 0)", {kText, kText, kInt8}},
    // SKIP LOCKED: two intake processes claiming at once take different notices.
    {"tb_notice_claim",
     "WITH due AS (SELECT id, due_at FROM notices WHERE due_at <= $1 ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)"
     " UPDATE notices n SET due_at = $2, attempts = n.attempts + 1 FROM due WHERE n.id = due.id"
     " RETURNING n.id, n.device, n.kind, due.due_at, n.attempts",
     {kInt8, kInt8, kInt8}},
    {"tb_notice_drop", "DELETE FROM notices WHERE id = $1", {kInt8}},
    {"tb_notice_count", "SELECT count(*) FROM notices", {}},
    {"tb_count", "SELECT count(*) FROM submissions", {}},
    // Exact element match in the comma-separated list ("12" does not match "123").
    {"tb_list",
     "SELECT id, digest, device, received_at, kind, departments, status, receipt FROM submissions"
     " WHERE $1 = ANY (string_to_array(departments, ','))"
     " AND ($3 = '' OR (received_at, id, device) >"
     " (SELECT received_at, id, device FROM submissions WHERE device = $4 AND id = $3))"
     " ORDER BY received_at, id, device LIMIT $2",
     {kText, kInt8, kText, kText}},
    {"tb_device_insert",
     "INSERT INTO devices (key_id, public_key, kind, registered_at) VALUES ($1, $2, $3, $4)"
     " ON CONFLICT (key_id) DO NOTHING RETURNING key_id",
     {kText, kBytea, kText, kInt8}},
    {"tb_device_get", "SELECT key_id, public_key, kind, registered_at FROM devices WHERE key_id = $1", {kText}},
    // The device's latest heartbeat replaces the one before, unless that one was received later
    // (another intake process answered a newer one first).
    {"tb_heartbeat_put",
     "INSERT INTO heartbeats (device, received_at, app_version, bundle_version, queued, last_update, free_disk_bytes)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (device) DO UPDATE SET received_at = EXCLUDED.received_at,"
     " app_version = EXCLUDED.app_version, bundle_version = EXCLUDED.bundle_version, queued = EXCLUDED.queued,"
     " last_update = EXCLUDED.last_update, free_disk_bytes = EXCLUDED.free_disk_bytes"
     " WHERE heartbeats.received_at <= EXCLUDED.received_at",
     {kText, kInt8, kText, kInt8, kInt8, kInt8, kInt8}},
    // Byte order (COLLATE "C"), as SQLite sorts.
    {"tb_fleet",
     "SELECT d.key_id, d.kind, d.registered_at, h.received_at, h.app_version, h.bundle_version, h.queued,"
     " h.last_update, h.free_disk_bytes FROM devices d LEFT JOIN heartbeats h ON h.device = d.key_id"
     " ORDER BY d.key_id COLLATE \"C\"",
     {}},
};

// The heartbeats table, as a fresh database gets it and as version 2 is moved to version 3.
constexpr const char* kHeartbeatsTable =
    "CREATE TABLE IF NOT EXISTS heartbeats (device text PRIMARY KEY, received_at bigint NOT NULL,"
    " app_version text NOT NULL, bundle_version bigint NOT NULL, queued bigint NOT NULL, last_update bigint NOT NULL,"
    " free_disk_bytes bigint NOT NULL);";

// The notice tables, as a fresh database gets them and as version 3 is moved to version 4.
constexpr const char* kNoticeTables =
    "CREATE TABLE IF NOT EXISTS push_subscriptions (device text PRIMARY KEY, endpoint text NOT NULL,"
    " p256dh bytea NOT NULL, auth bytea NOT NULL, created_at bigint NOT NULL);"
    "CREATE TABLE IF NOT EXISTS notices (id bigserial PRIMARY KEY, device text NOT NULL, kind text NOT NULL,"
    " due_at bigint NOT NULL, attempts bigint NOT NULL);"
    "CREATE INDEX IF NOT EXISTS notices_by_due ON notices (due_at, id);";

StoredSubmission submission_of(const Reply& r, int row, bool with_envelope) {
  StoredSubmission s;
  s.id = r.str(row, 0);
  s.digest = r.str(row, 1);
  s.device = r.str(row, 2);
  s.received_at = r.int8(row, 3);
  s.kind = r.str(row, 4);
  s.departments = r.str(row, 5);
  s.status = r.str(row, 6);
  s.receipt = r.str(row, 7);
  if (with_envelope) s.envelope = r.str(row, 8);
  return s;
}

// A registered device and, when it sent one, its heartbeat (the LEFT JOIN's columns 3…8, NULL
// when it never did).
FleetDevice fleet_device_of(const Reply& r, int row) {
  FleetDevice f;
  f.key_id = r.str(row, 0);
  f.kind = r.str(row, 1);
  f.registered_at = r.int8(row, 2);
  if (PQgetisnull(r.r, row, 3)) return f;
  Heartbeat h;
  h.received_at = r.int8(row, 3);
  h.app_version = r.str(row, 4);
  h.bundle_version = r.int8(row, 5);
  h.queued = r.int8(row, 6);
  h.last_update = r.int8(row, 7);
  h.free_disk_bytes = r.int8(row, 8);
  f.heartbeat = std::move(h);
  return f;
}

// A statement that failed, in words with_connection() prefixes with the database's name.
Status<StoreError> failed(const std::string& what, const Reply& r) { return {StoreError::Unavailable, what + ": " + r.error()}; }

std::string describe(PGconn* c) {
  std::string d = "PostgreSQL database \"";
  d += PQdb(c) ? PQdb(c) : "?";
  d += "\" on ";
  d += PQhost(c) ? PQhost(c) : "?";
  d += ":";
  d += PQport(c) ? PQport(c) : "?";
  return d;
}

class PgStore final : public Store {
 public:
  explicit PgStore(std::string url) : url_(std::move(url)) {}

  ~PgStore() override {
    std::lock_guard<std::mutex> lk(mu_);
    for (PGconn* c : idle_) PQfinish(c);
  }

  Status<StoreError> open() {
    const auto c = connect(/*first=*/true);
    if (!c) return c;
    ++open_;
    release(*c);
    return {};
  }

  Result<Insertion, StoreError> insert(const StoredSubmission& s) override {
    Insertion done;
    const auto worked = with_connection([&](PGconn* c) -> Status<StoreError> {
      Params p;
      p.add(s.id);
      p.add(s.digest);
      p.add(s.device);
      p.add(s.received_at);
      p.add(s.kind);
      p.add(s.departments);
      p.add(s.status);
      p.add(s.receipt);
      p.add(s.envelope);
      {
        Reply r(p.exec(c, "tb_insert"));
        if (r.status() != PGRES_TUPLES_OK) return failed("insert failed", r);
        if (r.rows() == 1) return {};  // Inserted
      }
      Params q;
      q.add(s.device);
      q.add(s.id);
      Reply r(q.exec(c, "tb_get"));
      if (r.status() != PGRES_TUPLES_OK) return failed("reading the existing submission failed", r);
      if (r.rows() != 1) return {StoreError::Unavailable, "submission " + s.id + " was neither inserted nor found"};
      done.existing = submission_of(r, 0, true);
      done.outcome = done.existing.digest == s.digest ? InsertOutcome::Duplicate : InsertOutcome::Conflict;
      return {};
    });
    if (!worked) return worked;
    return done;
  }

  Result<StoredSubmission, StoreError> get(const SubmissionKey& key, bool with_envelope) override {
    std::optional<StoredSubmission> out;
    const auto worked = with_connection([&](PGconn* c) -> Status<StoreError> {
      Params p;
      p.add(key.device);
      p.add(key.id);
      Reply r(p.exec(c, with_envelope ? "tb_get" : "tb_get_bare"));
      if (r.status() != PGRES_TUPLES_OK) return failed("read failed", r);
      if (r.rows() == 1) out = submission_of(r, 0, with_envelope);
      return {};
    });
    if (!worked) return worked;
    if (!out) return {StoreError::NotFound, "no submission " + key.id + " from device " + key.device};
    return std::move(*out);
  }

  Result<std::vector<std::string>, StoreError> devices_of(const std::string& id) override {
    std::vector<std::string> out;
    const auto worked = with_connection([&](PGconn* c) -> Status<StoreError> {
      out.clear();
      Params p;
      p.add(id);
      Reply r(p.exec(c, "tb_devices_of"));
      if (r.status() != PGRES_TUPLES_OK) return failed("read failed", r);
      for (int i = 0; i < r.rows(); ++i) out.push_back(r.str(i, 0));
      return {};
    });
    if (!worked) return worked;
    return out;
  }

  Status<StoreError> set_status(const SubmissionKey& key, const std::string& status) override {
    bool found = false;
    const auto worked = with_connection([&](PGconn* c) -> Status<StoreError> {
      Params p;
      p.add(key.device);
      p.add(key.id);
      p.add(status);
      Reply r(p.exec(c, "tb_set_status"));
      if (r.status() != PGRES_COMMAND_OK) return failed("status update failed", r);
      // found: one notice inserted, so one submission updated
      found = std::string(PQcmdTuples(r.r)) == "1";
      return {};
    });
    if (!worked) return worked;
    if (!found) return {StoreError::NotFound, "no submission " + key.id + " from device " + key.device};
    return {};
  }

  Result<std::int64_t, StoreError> count() override {
    std::int64_t out = 0;
    const auto worked = with_connection([&](PGconn* c) -> Status<StoreError> {
      Reply r(Params().exec(c, "tb_count"));
      if (r.status() != PGRES_TUPLES_OK || r.rows() != 1) return failed("count failed", r);
      out = r.int8(0, 0);
      return {};
    });
    if (!worked) return worked;
    return out;
  }

  Result<std::vector<StoredSubmission>, StoreError> list(const std::string& department, std::size_t limit,
                                                         const SubmissionKey& after) override {
    std::vector<StoredSubmission> out;
    const auto worked = with_connection([&](PGconn* c) -> Status<StoreError> {
      out.clear();
      Params p;
      p.add(department);
      p.add(limit > std::size_t(INT64_MAX) ? INT64_MAX : std::int64_t(limit));
      p.add(after.id);
      p.add(after.device);
      Reply r(p.exec(c, "tb_list"));
      if (r.status() != PGRES_TUPLES_OK) return failed("list failed", r);
      out.reserve(std::size_t(r.rows()));
      for (int i = 0; i < r.rows(); ++i) out.push_back(submission_of(r, i, false));
      return {};
    });
    if (!worked) return worked;
    return out;
  }

  Status<StoreError> register_device(const Device& d) override {
    bool same = false;
    const auto worked = with_connection([&](PGconn* c) -> Status<StoreError> {
      Params p;
      p.add(d.key_id);
      p.add(d.public_key);
      p.add(d.kind);
      p.add(d.registered_at);
      {
        Reply r(p.exec(c, "tb_device_insert"));
        if (r.status() != PGRES_TUPLES_OK) return failed("device registration failed", r);
        if (r.rows() == 1) {
          same = true;
          return {};
        }
      }
      Params q;
      q.add(d.key_id);
      Reply r(q.exec(c, "tb_device_get"));
      if (r.status() != PGRES_TUPLES_OK || r.rows() != 1) return failed("reading the registered device failed", r);
      same = r.str(0, 1) == d.public_key;
      return {};
    });
    if (!worked) return worked;
    if (!same) return {StoreError::KeyConflict, "device " + d.key_id + " is already registered with a different public key"};
    return {};
  }

  Result<Device, StoreError> device(const std::string& key_id) override {
    std::optional<Device> out;
    const auto worked = with_connection([&](PGconn* c) -> Status<StoreError> {
      Params p;
      p.add(key_id);
      Reply r(p.exec(c, "tb_device_get"));
      if (r.status() != PGRES_TUPLES_OK) return failed("read failed", r);
      if (r.rows() == 1) {
        Device d;
        d.key_id = r.str(0, 0);
        d.public_key = r.str(0, 1);
        d.kind = r.str(0, 2);
        d.registered_at = r.int8(0, 3);
        out = std::move(d);
      }
      return {};
    });
    if (!worked) return worked;
    if (!out) return {StoreError::NotFound, "no device " + key_id};
    return std::move(*out);
  }

  Status<StoreError> put_heartbeat(const std::string& device_key_id, const Heartbeat& h) override {
    return with_connection([&](PGconn* c) -> Status<StoreError> {
      Params p;
      p.add(device_key_id);
      p.add(h.received_at);
      p.add(h.app_version);
      p.add(h.bundle_version);
      p.add(h.queued);
      p.add(h.last_update);
      p.add(h.free_disk_bytes);
      Reply r(p.exec(c, "tb_heartbeat_put"));
      if (r.status() != PGRES_COMMAND_OK) return failed("storing a heartbeat failed", r);
      return {};
    });
  }

  Result<std::vector<FleetDevice>, StoreError> list_fleet() override {
    std::vector<FleetDevice> out;
    const auto worked = with_connection([&](PGconn* c) -> Status<StoreError> {
      out.clear();
      Reply r(Params().exec(c, "tb_fleet"));
      if (r.status() != PGRES_TUPLES_OK) return failed("listing the devices failed", r);
      out.reserve(std::size_t(r.rows()));
      for (int i = 0; i < r.rows(); ++i) out.push_back(fleet_device_of(r, i));
      return {};
    });
    if (!worked) return worked;
    return out;
  }

  Status<StoreError> put_subscription(const PushSubscription& sub) override {
    return with_connection([&](PGconn* c) -> Status<StoreError> {
      Params p;
      p.add(sub.device);
      p.add(sub.endpoint);
      p.add(sub.p256dh);
      p.add(sub.auth);
      p.add(sub.created_at);
      Reply r(p.exec(c, "tb_sub_put"));
      if (r.status() != PGRES_COMMAND_OK) return failed("storing a push subscription failed", r);
      return {};
    });
  }

  Status<StoreError> drop_subscription(const std::string& device) override {
    return with_connection([&](PGconn* c) -> Status<StoreError> {
      Params p;
      p.add(device);
      Reply r(p.exec(c, "tb_sub_drop"));
      if (r.status() != PGRES_COMMAND_OK) return failed("removing a push subscription failed", r);
      return {};
    });
  }

  Result<std::optional<PushSubscription>, StoreError> subscription(const std::string& device) override {
    std::optional<PushSubscription> out;
    const auto worked = with_connection([&](PGconn* c) -> Status<StoreError> {
      Params p;
      p.add(device);
      Reply r(p.exec(c, "tb_sub_get"));
      if (r.status() != PGRES_TUPLES_OK) return failed("reading a push subscription failed", r);
      if (r.rows() == 1) out = PushSubscription{r.str(0, 0), r.str(0, 1), r.str(0, 2), r.str(0, 3), r.int8(0, 4)};
      return {};
    });
    if (!worked) return worked;
    return out;
  }

  Status<StoreError> add_notice(const Notice& n) override {
    return with_connection([&](PGconn* c) -> Status<StoreError> {
      Params p;
      p.add(n.device);
      p.add(n.kind);
      p.add(n.due_at);
      Reply r(p.exec(c, "tb_notice_add"));
      if (r.status() != PGRES_COMMAND_OK) return failed("storing a notice failed", r);
      return {};
    });
  }

  Result<std::vector<Notice>, StoreError> claim_notices(std::int64_t now, std::int64_t lease_until, std::size_t limit) override {
    std::vector<Notice> out;
    const auto worked = with_connection([&](PGconn* c) -> Status<StoreError> {
      out.clear();
      Params p;
      p.add(now);
      p.add(lease_until);
      p.add(limit > std::size_t(INT64_MAX) ? INT64_MAX : std::int64_t(limit));
      Reply r(p.exec(c, "tb_notice_claim"));
      if (r.status() != PGRES_TUPLES_OK) return failed("claiming notices failed", r);
      for (int i = 0; i < r.rows(); ++i) out.push_back(Notice{r.int8(i, 0), r.str(i, 1), r.str(i, 2), r.int8(i, 3), r.int8(i, 4)});
      return {};
    });
    if (!worked) return worked;
    std::sort(out.begin(), out.end(), [](const Notice& a, const Notice& b) { return a.id < b.id; });
    return out;
  }

  Status<StoreError> drop_notice(std::int64_t id) override {
    return with_connection([&](PGconn* c) -> Status<StoreError> {
      Params p;
      p.add(id);
      Reply r(p.exec(c, "tb_notice_drop"));
      if (r.status() != PGRES_COMMAND_OK) return failed("removing a notice failed", r);
      return {};
    });
  }

  Result<std::int64_t, StoreError> count_notices() override {
    std::int64_t out = 0;
    const auto worked = with_connection([&](PGconn* c) -> Status<StoreError> {
      Reply r(Params().exec(c, "tb_notice_count"));
      if (r.status() != PGRES_TUPLES_OK || r.rows() != 1) return failed("counting notices failed", r);
      out = r.int8(0, 0);
      return {};
    });
    if (!worked) return worked;
    return out;
  }

 private:
  // Opens and sets up one connection. The first one also checks or creates the schema.
  Result<PGconn*, StoreError> connect(bool first) {
    // The URL's own settings win over connect_timeout; later entries win over the URL's.
    const char* keys[] = {"connect_timeout", "dbname", "fallback_application_name", nullptr};
    const char* values[] = {"10", url_.c_str(), "tongban-intake", nullptr};
    PGconn* c = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (!c) return {StoreError::Unavailable, "cannot connect to PostgreSQL: out of memory"};
    auto fail = [&](const std::string& what) -> Result<PGconn*, StoreError> {
      Result<PGconn*, StoreError> why_not{StoreError::Unavailable, describe(c) + ": " + what};
      PQfinish(c);
      return why_not;
    };
    if (PQstatus(c) != CONNECTION_OK)
      return fail("cannot connect: " + one_line(PQerrorMessage(c)));
    {
      // An insert is acknowledged only once its commit is on disk, whatever the server's default.
      Reply r(PQexec(c, "SELECT current_setting('synchronous_commit')"));
      if (r.status() != PGRES_TUPLES_OK || r.rows() != 1) return fail("cannot read settings: " + r.error());
      if (r.str(0, 0) == "off") {
        Reply s(PQexec(c, "SET synchronous_commit = on"));
        if (s.status() != PGRES_COMMAND_OK) return fail("cannot turn synchronous_commit on: " + s.error());
      }
    }
    if (first) {
      if (const auto schema = init_schema(c); !schema) return fail(schema.detail());
      label_ = describe(c);
    }
    for (const Statement& st : kStatements) {
      Reply r(PQprepare(c, st.name, st.sql, int(st.types.size()), st.types.data()));
      if (r.status() != PGRES_COMMAND_OK)
        return fail(std::string("cannot prepare ") + st.name + ": " + r.error());
    }
    return c;
  }

  static Status<StoreError> init_schema(PGconn* c) {
    {
      // Already there (the usual case, and the only one for a role without CREATE rights)?
      Reply r(PQexec(c,
                      "SELECT to_regclass('schema_version') IS NOT NULL AND to_regclass('submissions') IS NOT NULL"
                      " AND to_regclass('devices') IS NOT NULL AND to_regclass('heartbeats') IS NOT NULL"
                      " AND to_regclass('notices') IS NOT NULL AND to_regclass('push_subscriptions') IS NOT NULL"));
      if (r.status() != PGRES_TUPLES_OK || r.rows() != 1) return failed("cannot inspect the schema", r);
      if (PQgetvalue(r.r, 0, 0)[0] != 't') {
        // Several processes may start at once: one creates, the others wait on the lock.
        // (A database of an older version has its version already: the steps below move it on.)
        const std::string create =
            "BEGIN;"
            "SET LOCAL client_min_messages = warning;"
            "SELECT pg_advisory_xact_lock(7470111712);"
            "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL);"
            "CREATE TABLE IF NOT EXISTS submissions (device text NOT NULL, id text NOT NULL, digest text NOT NULL,"
            " received_at bigint, kind text, departments text, status text, receipt bytea, envelope bytea,"
            " PRIMARY KEY (device, id));"
            "CREATE INDEX IF NOT EXISTS submissions_by_id ON submissions (id);"
            "CREATE INDEX IF NOT EXISTS submissions_by_time ON submissions (received_at, id, device);"
            "CREATE TABLE IF NOT EXISTS devices (key_id text PRIMARY KEY, public_key bytea, kind text,"
            " registered_at bigint);" +
            std::string(kHeartbeatsTable) + kNoticeTables +
            "INSERT INTO schema_version (version) SELECT 4 WHERE NOT EXISTS (SELECT 1 FROM schema_version);"
            "COMMIT;";
        Reply d(PQexec(c, create.c_str()));
        if (d.status() != PGRES_COMMAND_OK) {
          const auto not_created = failed("cannot create the schema", d);
          PQclear(PQexec(c, "ROLLBACK"));
          return not_created;
        }
      }
    }
    {
      // Version 1 had submission ids unique across devices: the key becomes (device, id). Version 2
      // lacks the heartbeats. Under the lock, and only if nobody did it meanwhile.
      const std::string migrate =
          "BEGIN;"
          "SET LOCAL client_min_messages = warning;"
          "SELECT pg_advisory_xact_lock(7470111712);"
          "DO $$ BEGIN IF (SELECT max(version) FROM schema_version) = 1 THEN"
          " UPDATE submissions SET device = '' WHERE device IS NULL;"
          " ALTER TABLE submissions ALTER COLUMN device SET NOT NULL;"
          " ALTER TABLE submissions DROP CONSTRAINT submissions_pkey;"
          " ALTER TABLE submissions ADD PRIMARY KEY (device, id);"
          " CREATE INDEX IF NOT EXISTS submissions_by_id ON submissions (id);"
          " DROP INDEX IF EXISTS submissions_by_time;"
          " CREATE INDEX submissions_by_time ON submissions (received_at, id, device);"
          " UPDATE schema_version SET version = 2;"
          " END IF;"
          " IF (SELECT max(version) FROM schema_version) = 2 THEN " +
          std::string(kHeartbeatsTable) +
          " UPDATE schema_version SET version = 3;"
          " END IF;"
          " IF (SELECT max(version) FROM schema_version) = 3 THEN " +
          std::string(kNoticeTables) +
          " UPDATE schema_version SET version = 4;"
          " END IF; END $$;"
          "COMMIT;";
      Reply m(PQexec(c, migrate.c_str()));
      if (m.status() != PGRES_COMMAND_OK) {
        const auto not_moved = failed("cannot move the schema to version 4", m);
        PQclear(PQexec(c, "ROLLBACK"));
        return not_moved;
      }
    }
    Reply v(PQexec(c, "SELECT max(version) FROM schema_version"));
    if (v.status() != PGRES_TUPLES_OK || v.rows() != 1) return failed("cannot read the schema version", v);
    const std::string version = v.str(0, 0);
    if (version != std::to_string(kSchemaVersion))
      return {StoreError::Unavailable, "schema version " + (version.empty() ? std::string("(none)") : version) +
                                           " is not the one this program uses (" + std::to_string(kSchemaVersion) + ")"};
    return {};
  }

  Result<PGconn*, StoreError> acquire() {
    std::unique_lock<std::mutex> lk(mu_);
    if (!cv_.wait_for(lk, kPoolWait, [&] { return !idle_.empty() || open_ < kPoolSize; }))
      return {StoreError::Unavailable, label_ + ": all " + std::to_string(kPoolSize) + " connections stayed busy for " +
                                           std::to_string(kPoolWait.count()) + " s"};
    if (!idle_.empty()) {
      PGconn* c = idle_.back();
      idle_.pop_back();
      return c;
    }
    ++open_;
    lk.unlock();
    auto c = connect(false);
    if (!c) {
      lk.lock();
      --open_;
      lk.unlock();
      cv_.notify_one();
    }
    return c;
  }

  // Back to the pool, or closed if it broke or was left inside a transaction.
  void release(PGconn* c) {
    const bool good = PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) == PQTRANS_IDLE;
    {
      std::lock_guard<std::mutex> lk(mu_);
      if (good) idle_.push_back(c);
      else --open_;
    }
    if (!good) PQfinish(c);
    cv_.notify_one();
  }

  // Runs `f(conn)` on a pooled connection; its failure is named after the database. If the
  // connection itself broke (a server restart, an idle connection cut by the network), once more on
  // a fresh one: every operation here is safe to repeat (a repeated insert that had in fact
  // committed answers Duplicate).
  template <typename F>
  Status<StoreError> with_connection(F&& f) {
    for (int attempt = 0;; ++attempt) {
      const auto c = acquire();
      if (!c) return c;
      const Status<StoreError> done = f(*c);
      const bool broken = PQstatus(*c) != CONNECTION_OK;
      release(*c);
      if (done) return done;
      if (!broken || attempt == 1) return {done.reason(), label_ + ": " + done.detail()};
    }
  }

  const std::string url_;
  std::string label_;  // "PostgreSQL database "x" on host:port", for messages (never the password)
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<PGconn*> idle_;
  int open_ = 0;  // idle + borrowed + being opened
};

}  // namespace

Result<std::unique_ptr<Store>, StoreError> open_pg_store(const std::string& url) {
  if (!PQisthreadsafe()) return {StoreError::Unavailable, "this libpq was built without thread safety"};
  auto store = std::make_unique<PgStore>(url);
  if (const auto opened = store->open(); !opened) return opened;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace tb::intake
