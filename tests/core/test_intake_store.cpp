// The intake server's store, both backends through the one interface: insert / duplicate /
// conflict semantics, reads, statuses, devices, heartbeats and the fleet, concurrent inserts (exact
// counts), durability across kill -9 (SQLite), and two stores sharing one PostgreSQL database.
//
// PostgreSQL cases need a real server: TB_TEST_PG_URL=postgresql://… (tools/test.sh runs the tests
// under Debian's pg_virtualenv, which starts a throwaway one and sets PGHOST, PGPORT…; the URL
// `postgresql://` then takes everything from those). Unset, they FAIL; set to "skip", they are skipped.
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "intake/store.h"

using namespace tb::intake;
namespace fs = std::filesystem;

namespace {

std::string hex(std::uint64_t v, int width) {
  static const char* d = "0123456789abcdef";
  std::string s(std::size_t(width), '0');
  for (int i = width - 1; i >= 0 && v; --i, v >>= 4) s[std::size_t(i)] = d[v & 15];
  return s;
}

// Each run uses its own ids, so a PostgreSQL database can be reused across runs.
const std::string& run_tag() {
  static const std::string tag = [] {
    std::random_device rd;
    return hex((std::uint64_t(rd()) << 32) ^ rd() ^ std::uint64_t(::getpid()), 8);
  }();
  return tag;
}

// 32 hex chars: run tag, a namespace byte (which test), a serial.
std::string make_id(unsigned ns, std::uint64_t n) { return run_tag() + hex(ns, 2) + hex(n, 22); }

// A stand-in for BLAKE2b-256: 64 hex chars that differ whenever the bytes do (for these tests).
std::string digest_of(const std::string& bytes) {
  std::string out;
  for (std::uint64_t seed : {0xcbf29ce484222325ull, 0x84222325cbf29ce4ull, 0x9e3779b97f4a7c15ull, 7ull}) {
    std::uint64_t h = seed;
    for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ull;
    out += hex(h, 16);
  }
  return out;
}

// A submission whose envelope (and so digest) depends on id and variant. Envelopes and receipts
// hold every byte value, NULs included.
StoredSubmission make_sub(const std::string& id, int variant = 0, std::int64_t received_at = 1700000000,
                          const std::string& departments = "110105-mz", std::size_t size = 600) {
  StoredSubmission s;
  s.id = id;
  s.device = "d1e5" + id.substr(0, 12);
  s.received_at = received_at;
  s.kind = "application";
  s.departments = departments;
  s.status = "submitted";
  s.receipt = std::string("rcpt\0\xff", 6) + id;
  std::string env = "TBEV" + id + "/" + std::to_string(variant) + "/";
  for (std::size_t i = 0; env.size() < size; ++i) env.push_back(char(i * 131 + std::size_t(variant)));
  s.envelope = env;
  s.digest = digest_of(env);
  return s;
}

// The key make_sub stores a submission under (its device is derived from its id).
SubmissionKey key_of(const std::string& id) { return {"d1e5" + id.substr(0, 12), id}; }

void expect_same(const StoredSubmission& got, const StoredSubmission& want, bool with_envelope = true) {
  BOOST_TEST(got.id == want.id);
  BOOST_TEST(got.digest == want.digest);
  BOOST_TEST(got.device == want.device);
  BOOST_TEST(got.received_at == want.received_at);
  BOOST_TEST(got.kind == want.kind);
  BOOST_TEST(got.departments == want.departments);
  BOOST_TEST(got.status == want.status);
  BOOST_TEST((got.receipt == want.receipt), "receipt differs for " << want.id);
  if (with_envelope) BOOST_TEST((got.envelope == want.envelope), "envelope differs for " << want.id);
  else BOOST_TEST(got.envelope.empty());
}

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/tb-intake-test-XXXXXX";
    BOOST_REQUIRE(::mkdtemp(tmpl));
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string url(const char* name) const { return "sqlite:" + (path / name).string(); }
};

std::unique_ptr<Store> must_open(const std::string& url) {
  auto st = open_store(url);
  BOOST_REQUIRE_MESSAGE(st, "open_store failed: " << st.describe());
  return std::move(*st);
}

std::int64_t count_of(Store& st) {
  auto n = st.count();
  BOOST_REQUIRE_MESSAGE(n, "count failed: " << n.describe());
  return *n;
}

// What insert() did; a database failure fails the test, in the store's words.
InsertOutcome inserted(Store& st, const StoredSubmission& s) {
  const auto r = st.insert(s);
  BOOST_REQUIRE_MESSAGE(r, "insert failed: " << r.describe());
  return r->outcome;
}

// open_store's refusal of `url`, in the words an operator reads (describe()), after checking why.
std::string refusal(const std::string& url, StoreError why) {
  const auto st = open_store(url);
  BOOST_TEST(!st, url << " was opened");
  BOOST_TEST(int(st.reason()) == int(why), url << ": " << st.describe());
  return st.describe();
}

std::vector<StoredSubmission> list_of(Store& st, const std::string& department, std::size_t limit, const SubmissionKey& after = {}) {
  auto listed = st.list(department, limit, after);
  BOOST_REQUIRE_MESSAGE(listed, "list failed: " << listed.describe());
  return std::move(*listed);
}

// --- the semantics every backend must have ---
void check_semantics(Store& st) {
  const std::int64_t before = count_of(st);
  const StoredSubmission a = make_sub(make_id(0x01, 1));

  // Inserted, then Duplicate (same digest, `existing` is the stored row), then Conflict.
  auto r = st.insert(a);
  BOOST_REQUIRE_MESSAGE(r, r.describe());
  BOOST_TEST(int(r->outcome) == int(InsertOutcome::Inserted));
  BOOST_TEST(r->existing.id.empty());  // nothing was there

  StoredSubmission again = a;
  again.received_at += 60;  // a retry arrives later: still the same submission
  again.receipt = "another receipt";
  r = st.insert(again);
  BOOST_REQUIRE_MESSAGE(r, r.describe());
  BOOST_TEST(int(r->outcome) == int(InsertOutcome::Duplicate));
  expect_same(r->existing, a);
  BOOST_TEST(int(inserted(st, a)) == int(InsertOutcome::Duplicate));

  const StoredSubmission forged = make_sub(a.id, 1);
  BOOST_REQUIRE(forged.digest != a.digest);
  r = st.insert(forged);
  BOOST_REQUIRE_MESSAGE(r, r.describe());
  BOOST_TEST(int(r->outcome) == int(InsertOutcome::Conflict));
  BOOST_TEST(r->existing.digest == a.digest);
  BOOST_TEST(count_of(st) == before + 1);

  // get: the whole row, binary bytes intact; a missing id is NotFound, not a database failure.
  auto got = st.get(key_of(a.id), true);
  BOOST_REQUIRE_MESSAGE(got, got.describe());
  expect_same(*got, a);
  const auto missing = st.get(key_of(make_id(0x01, 999)), true);
  BOOST_TEST(!missing);
  BOOST_TEST(int(missing.reason()) == int(StoreError::NotFound), missing.describe());

  // A large envelope round-trips.
  const StoredSubmission big = make_sub(make_id(0x01, 2), 0, 1700000001, "110105-mz", 3 << 20);
  BOOST_TEST(int(inserted(st, big)) == int(InsertOutcome::Inserted));
  got = st.get(key_of(big.id), true);
  BOOST_REQUIRE(got);
  expect_same(*got, big);

  // set_status.
  const auto accepted = st.set_status(key_of(a.id), "accepted");
  BOOST_TEST(bool(accepted), accepted.describe());
  got = st.get(key_of(a.id), true);
  BOOST_REQUIRE(got);
  BOOST_TEST(got->status == "accepted");
  const auto not_there = st.set_status(key_of(make_id(0x01, 998)), "accepted");
  BOOST_TEST(int(not_there.reason()) == int(StoreError::NotFound));
  BOOST_TEST(not_there.detail().find("no submission") != std::string::npos);
  // A duplicate's `existing` shows the current status.
  r = st.insert(a);
  BOOST_REQUIRE_MESSAGE(r, r.describe());
  BOOST_TEST(int(r->outcome) == int(InsertOutcome::Duplicate));
  BOOST_TEST(r->existing.status == "accepted");

  // list: exact department match, oldest first, at most `limit`, no envelopes.
  const std::string dep = "dep" + run_tag();
  const StoredSubmission l1 = make_sub(make_id(0x02, 1), 0, 300, dep + ",other");
  const StoredSubmission l2 = make_sub(make_id(0x02, 2), 0, 100, "other," + dep);
  const StoredSubmission l3 = make_sub(make_id(0x02, 3), 0, 200, dep);
  const StoredSubmission l4 = make_sub(make_id(0x02, 4), 0, 50, dep + "x," + dep.substr(1));  // no match
  const StoredSubmission l5 = make_sub(make_id(0x02, 5), 0, 200, "a," + dep + ",b");
  for (const auto* s : {&l1, &l2, &l3, &l4, &l5}) BOOST_TEST(int(inserted(st, *s)) == int(InsertOutcome::Inserted));
  auto listed = list_of(st, dep, 100);
  BOOST_REQUIRE(listed.size() == 4u);
  expect_same(listed[0], l2, false);
  // Same received_at: ordered by id.
  expect_same(listed[1], l3, false);
  expect_same(listed[2], l5, false);
  expect_same(listed[3], l1, false);
  listed = list_of(st, dep, 2);
  BOOST_REQUIRE(listed.size() == 2u);
  BOOST_TEST(listed[1].id == l3.id);
  // Paging: after the last one seen, in the same order (ties on received_at broken by id).
  listed = list_of(st, dep, 2, key_of(l3.id));
  BOOST_REQUIRE(listed.size() == 2u);
  BOOST_TEST(listed[0].id == l5.id);
  BOOST_TEST(listed[1].id == l1.id);
  BOOST_TEST(list_of(st, dep, 2, key_of(l1.id)).empty());
  BOOST_TEST(list_of(st, dep, 2, key_of(make_id(0x7f, 9))).empty());  // an id not stored: nothing after it
  BOOST_TEST(list_of(st, "nobody" + run_tag(), 10).empty());
  BOOST_TEST(count_of(st) == before + 7);

  // Ids are unique per device: another device's submission under a stored id is its own (Inserted,
  // not a Conflict), each reads back as it was, and asked by id alone the store names both devices.
  StoredSubmission theirs_stored = make_sub(a.id, 2);
  theirs_stored.device = "e7e7" + a.id.substr(0, 12);
  BOOST_TEST(int(inserted(st, theirs_stored)) == int(InsertOutcome::Inserted));
  got = st.get({theirs_stored.device, a.id}, true);
  BOOST_REQUIRE(got);
  expect_same(*got, theirs_stored);
  got = st.get(key_of(a.id), false);  // without its envelope
  BOOST_REQUIRE(got);
  BOOST_TEST(got->status == "accepted");
  BOOST_TEST(got->envelope.empty());
  auto devices = st.devices_of(a.id);
  BOOST_REQUIRE_MESSAGE(devices, devices.describe());
  std::sort(devices->begin(), devices->end());
  BOOST_TEST(*devices == (std::vector<std::string>{key_of(a.id).device, theirs_stored.device}), boost::test_tools::per_element());
  const auto nobody = st.devices_of(make_id(0x01, 997));
  BOOST_REQUIRE_MESSAGE(nobody, nobody.describe());
  BOOST_TEST(nobody->empty());
  const auto either = find_submission(st, "", a.id, false);
  BOOST_TEST(int(either.reason()) == int(StoreError::Ambiguous));
  const auto theirs = find_submission(st, theirs_stored.device, a.id, true);
  BOOST_REQUIRE(theirs);
  expect_same(*theirs, theirs_stored);
  const auto only = find_submission(st, "", big.id, false);
  BOOST_REQUIRE(only);
  BOOST_TEST(only->device == big.device);
  BOOST_TEST(int(find_submission(st, "", make_id(0x01, 997), false).reason()) == int(StoreError::NotFound));
  BOOST_TEST(count_of(st) == before + 8);

  // Devices: idempotent for the same key, refused for another key under the same id.
  Device d;
  d.key_id = "k" + run_tag() + "0001";
  d.public_key = std::string("\0\x01\xfe\xff", 4) + std::string(28, 'P');
  d.kind = "kiosk";
  d.registered_at = 1700000123;
  const auto registered = st.register_device(d);
  BOOST_TEST(bool(registered), registered.describe());
  BOOST_TEST(bool(st.register_device(d)));
  Device other = d;
  other.public_key = std::string(32, 'Q');
  const auto refused = st.register_device(other);
  BOOST_TEST(int(refused.reason()) == int(StoreError::KeyConflict));
  BOOST_TEST(refused.detail().find("different public key") != std::string::npos);
  auto dev = st.device(d.key_id);
  BOOST_REQUIRE_MESSAGE(dev, dev.describe());
  BOOST_TEST(dev->key_id == d.key_id);
  BOOST_TEST((dev->public_key == d.public_key));
  BOOST_TEST(dev->kind == "kiosk");
  BOOST_TEST(dev->registered_at == 1700000123);
  BOOST_TEST(int(st.device("k" + run_tag() + "0002").reason()) == int(StoreError::NotFound));
}

// --- heartbeats: the latest per device, listed with every registered device ---

// This run's devices in the fleet (a PostgreSQL database keeps other runs' and other tests').
std::vector<FleetDevice> fleet_of(Store& st, const std::string& prefix) {
  auto listed = st.list_fleet();
  BOOST_REQUIRE_MESSAGE(listed, "list_fleet failed: " << listed.describe());
  std::vector<FleetDevice> mine;
  for (auto& d : *listed)
    if (d.key_id.rfind(prefix, 0) == 0) mine.push_back(std::move(d));
  return mine;
}

Heartbeat make_heartbeat(std::int64_t received_at, std::int64_t queued) {
  Heartbeat h;
  h.received_at = received_at;
  h.app_version = "1.4.0-rc.1+build.7";
  h.bundle_version = 2026030112;
  h.queued = queued;
  h.last_update = 1767225600;
  h.free_disk_bytes = INT64_MAX;  // the widest a device may say: the integers travel whole
  return h;
}

void expect_heartbeat(const FleetDevice& d, const Heartbeat& want) {
  BOOST_REQUIRE_MESSAGE(d.heartbeat, d.key_id << " has no heartbeat");
  BOOST_TEST(d.heartbeat->received_at == want.received_at);
  BOOST_TEST(d.heartbeat->app_version == want.app_version);
  BOOST_TEST(d.heartbeat->bundle_version == want.bundle_version);
  BOOST_TEST(d.heartbeat->queued == want.queued);
  BOOST_TEST(d.heartbeat->last_update == want.last_update);
  BOOST_TEST(d.heartbeat->free_disk_bytes == want.free_disk_bytes);
}

// --- notices: a subscription per device, notices claimed under a lease, a status change tells ---

std::vector<Notice> claimed_of(Store& st, std::int64_t now, const std::string& prefix) {
  auto claimed = st.claim_notices(now, now + 300, 1000);
  BOOST_REQUIRE_MESSAGE(claimed, "claim_notices failed: " << claimed.describe());
  std::vector<Notice> mine;
  for (auto& n : *claimed)
    if (n.device.rfind(prefix, 0) == 0) mine.push_back(std::move(n));
  return mine;
}

void check_notices(Store& st, unsigned ns) {
  const std::string prefix = "n" + run_tag() + hex(ns, 2);
  const std::string a = prefix + "01", b = prefix + "02";

  // Subscriptions: none, kept (binary keys whole), replaced, dropped (twice: not an error).
  auto none = st.subscription(a);
  BOOST_REQUIRE_MESSAGE(none, none.describe());
  BOOST_TEST(!*none);
  PushSubscription sub{a, "https://push.example/send/1", std::string("\x04\0\xff", 3) + std::string(62, 'p'),
                       std::string("\0auth", 5) + std::string(11, 'a'), 1800000000};
  BOOST_REQUIRE(bool(st.put_subscription(sub)));
  auto got = st.subscription(a);
  BOOST_REQUIRE(got && *got);
  BOOST_TEST((*got)->endpoint == sub.endpoint);
  BOOST_TEST((*got)->p256dh == sub.p256dh);
  BOOST_TEST((*got)->auth == sub.auth);
  BOOST_TEST((*got)->created_at == sub.created_at);
  sub.endpoint = "https://push.example/send/2";
  BOOST_REQUIRE(bool(st.put_subscription(sub)));
  BOOST_TEST((*st.subscription(a))->endpoint == "https://push.example/send/2");
  BOOST_TEST(!*st.subscription(b));
  BOOST_REQUIRE(bool(st.drop_subscription(a)));
  BOOST_TEST(!*st.subscription(a));
  BOOST_TEST(bool(st.drop_subscription(a)));

  // Notices: claimed when due, oldest first, then leased (not claimed again until the lease ends).
  const auto before = st.count_notices();
  BOOST_REQUIRE(before);
  BOOST_REQUIRE(bool(st.add_notice({0, a, "reminder", 1000, 0})));
  BOOST_REQUIRE(bool(st.add_notice({0, b, "reminder", 2000, 0})));
  BOOST_TEST(*st.count_notices() == *before + 2);
  auto first = claimed_of(st, 1500, prefix);
  BOOST_REQUIRE(first.size() == 1u);
  BOOST_TEST(first[0].device == a);
  BOOST_TEST(first[0].kind == "reminder");
  BOOST_TEST(first[0].due_at == 1000);
  BOOST_TEST(first[0].attempts == 1);
  BOOST_TEST(claimed_of(st, 1600, prefix).empty());  // leased until 1800
  auto again = claimed_of(st, 2100, prefix);          // a's lease is over, b is due
  BOOST_REQUIRE(again.size() == 2u);
  BOOST_TEST(again[0].device == a);
  BOOST_TEST(again[0].attempts == 2);
  BOOST_TEST(again[1].device == b);
  BOOST_TEST(again[1].attempts == 1);
  for (const Notice& n : again) BOOST_REQUIRE(bool(st.drop_notice(n.id)));
  BOOST_TEST(*st.count_notices() == *before);
  BOOST_TEST(claimed_of(st, 5000, prefix).empty());

  // A status change queues a "status" notice for the submission's device, due now (the database's
  // clock); no submission, no status and no notice.
  const StoredSubmission s = make_sub(make_id(ns, 1));
  BOOST_TEST(int(inserted(st, s)) == int(InsertOutcome::Inserted));
  BOOST_REQUIRE(bool(st.set_status(key_of(s.id), "accepted")));
  const auto missing = st.set_status({s.device, make_id(ns, 2)}, "accepted");
  BOOST_TEST(int(missing.reason()) == int(StoreError::NotFound));
  const std::int64_t wall = std::int64_t(::time(nullptr));
  auto told = claimed_of(st, wall + 600, s.device);
  BOOST_REQUIRE(told.size() == 1u);
  BOOST_TEST(told[0].kind == "status");
  BOOST_TEST(std::abs(told[0].due_at - wall) <= 60);
  BOOST_REQUIRE(bool(st.drop_notice(told[0].id)));
}

void check_heartbeats(Store& st, unsigned ns) {
  const std::string prefix = "h" + run_tag() + hex(ns, 2);
  Device kiosk{prefix + "01", std::string(32, 'K'), "kiosk", 1700000100};
  Device phone{prefix + "02", std::string(32, 'P'), "phone", 1700000200};
  for (const Device* d : {&phone, &kiosk}) BOOST_REQUIRE(bool(st.register_device(*d)));

  // Registered, never heard from: listed, by key id, without a heartbeat.
  auto fleet = fleet_of(st, prefix);
  BOOST_REQUIRE(fleet.size() == 2u);
  BOOST_TEST(fleet[0].key_id == kiosk.key_id);
  BOOST_TEST(fleet[0].kind == "kiosk");
  BOOST_TEST(fleet[0].registered_at == 1700000100);
  BOOST_TEST(!fleet[0].heartbeat);
  BOOST_TEST(fleet[1].key_id == phone.key_id);
  BOOST_TEST(fleet[1].kind == "phone");
  BOOST_TEST(!fleet[1].heartbeat);

  // Kept, then replaced by a later one; an earlier one (overtaken) does not replace it; one
  // received in the same second does.
  const Heartbeat first = make_heartbeat(1800000000, 3);
  BOOST_TEST(bool(st.put_heartbeat(kiosk.key_id, first)));
  fleet = fleet_of(st, prefix);
  expect_heartbeat(fleet[0], first);
  BOOST_TEST(!fleet[1].heartbeat);
  Heartbeat second = make_heartbeat(1800000600, 0);
  second.app_version = std::string(32, 'v');
  second.last_update = 0;
  second.free_disk_bytes = 0;
  BOOST_TEST(bool(st.put_heartbeat(kiosk.key_id, second)));
  expect_heartbeat(fleet_of(st, prefix)[0], second);
  BOOST_TEST(bool(st.put_heartbeat(kiosk.key_id, make_heartbeat(1800000300, 9))));
  expect_heartbeat(fleet_of(st, prefix)[0], second);
  const Heartbeat same_second = make_heartbeat(1800000600, 1000000);
  BOOST_TEST(bool(st.put_heartbeat(kiosk.key_id, same_second)));
  expect_heartbeat(fleet_of(st, prefix)[0], same_second);

  // A key id nobody registered: stored if asked (the intake never asks), never listed.
  BOOST_TEST(bool(st.put_heartbeat(prefix + "99", first)));
  BOOST_TEST(fleet_of(st, prefix).size() == 2u);

  // Many at once for one device, in no particular order: the latest received is what stays.
  std::vector<std::thread> pool;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i)
        if (!st.put_heartbeat(phone.key_id, make_heartbeat(1800001000 + (i * 8 + t) * 7919 % 320, i))) ++failures;
    });
  for (auto& th : pool) th.join();
  BOOST_TEST(failures == 0);
  fleet = fleet_of(st, prefix);
  BOOST_REQUIRE(fleet[1].heartbeat);
  BOOST_TEST(fleet[1].heartbeat->received_at == 1800001319);
}

// --- concurrent inserts with deliberate duplicates and conflicts ---
// Thread t, insert j: every 10th id is shared by all threads with the same envelope (one Inserted,
// the rest Duplicate); every 10th+5 is shared with a per-thread envelope (one Inserted, the rest
// Conflict); the others are the thread's own.
struct Attempt {
  std::string id, digest;
  bool failed;            // the database failed (in Load::errors)
  InsertOutcome outcome;  // when it did not
  double ms;
};

struct Load {
  std::vector<Attempt> attempts;
  std::vector<std::string> errors;
  double seconds = 0;
};

Load run_load(const std::vector<Store*>& stores, int threads, int per_thread, unsigned ns) {
  std::vector<std::vector<Attempt>> per(static_cast<std::size_t>(threads));
  std::vector<std::vector<std::string>> errs(static_cast<std::size_t>(threads));
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      Store& st = *stores[std::size_t(t) % stores.size()];
      // Prepare all submissions first, so the timing is the store's.
      std::vector<StoredSubmission> subs;
      for (int j = 0; j < per_thread; ++j) {
        if (j % 10 == 0) subs.push_back(make_sub(make_id(ns, std::uint64_t(j / 10)), 0, 1700000000 + j, "load", 2048));
        else if (j % 10 == 5)
          subs.push_back(make_sub(make_id(ns + 1, std::uint64_t(j / 10)), 100 + t, 1700000000 + j, "load", 2048));
        else
          subs.push_back(make_sub(make_id(ns + 2, std::uint64_t(t) * 100000 + std::uint64_t(j)), 0,
                                  1700000000 + j, "load", 2048));
      }
      ++ready;
      while (!go) std::this_thread::yield();
      for (const auto& s : subs) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto r = st.insert(s);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        per[std::size_t(t)].push_back({s.id, s.digest, !r, r ? r->outcome : InsertOutcome::Inserted, ms});
        if (!r) errs[std::size_t(t)].push_back(r.describe());
      }
    });
  }
  while (ready < threads) std::this_thread::yield();
  const auto t0 = std::chrono::steady_clock::now();
  go = true;
  for (auto& th : pool) th.join();
  Load load;
  load.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (int t = 0; t < threads; ++t) {
    for (auto& a : per[std::size_t(t)]) load.attempts.push_back(std::move(a));
    for (auto& e : errs[std::size_t(t)]) load.errors.push_back(std::move(e));
  }
  return load;
}

void check_load(const char* label, const std::vector<Store*>& stores, int threads, int per_thread, unsigned ns) {
  Store& st = *stores[0];
  const std::int64_t before = count_of(st);
  const Load load = run_load(stores, threads, per_thread, ns);
  BOOST_TEST(load.errors.empty(), "first failure: " << (load.errors.empty() ? "" : load.errors[0]));

  std::map<std::string, std::vector<const Attempt*>> by_id;
  std::map<int, int> results;
  int failures = 0;
  std::vector<double> ms;
  for (const auto& a : load.attempts) {
    by_id[a.id].push_back(&a);
    if (a.failed) ++failures;
    else ++results[int(a.outcome)];
    ms.push_back(a.ms);
  }
  const int shared = (per_thread + 9) / 10, conflicting = (per_thread + 4) / 10;
  const int own = threads * per_thread - (shared + conflicting) * threads;
  BOOST_TEST(results[int(InsertOutcome::Inserted)] == own + shared + conflicting);
  BOOST_TEST(results[int(InsertOutcome::Duplicate)] == shared * (threads - 1));
  BOOST_TEST(results[int(InsertOutcome::Conflict)] == conflicting * (threads - 1));
  BOOST_TEST(failures == 0);
  BOOST_TEST(count_of(st) == before + own + shared + conflicting);

  // Every id: exactly one Inserted, and the stored row is that attempt's.
  int checked = 0;
  for (const auto& [id, attempts] : by_id) {
    const Attempt* winner = nullptr;
    int winners = 0;
    for (const Attempt* a : attempts)
      if (!a->failed && a->outcome == InsertOutcome::Inserted) winner = a, ++winners;
    BOOST_TEST_REQUIRE(winners == 1, id << " was inserted " << winners << " times");
    auto row = stores[std::size_t(checked++) % stores.size()]->get(key_of(id), true);
    BOOST_TEST_REQUIRE(bool(row), id << " is missing: " << row.describe());
    BOOST_TEST_REQUIRE(row->digest == winner->digest);
    for (const Attempt* a : attempts) {
      if (a->failed) continue;
      if (a->outcome == InsertOutcome::Duplicate) BOOST_TEST_REQUIRE(a->digest == winner->digest);
      if (a->outcome == InsertOutcome::Conflict) BOOST_TEST_REQUIRE(a->digest != winner->digest);
    }
  }

  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, std::size_t(p * double(ms.size())))]; };
  BOOST_TEST_MESSAGE(label << ": " << threads << " threads x " << per_thread << " inserts (2 KiB envelopes) in "
                           << load.seconds << " s: " << int(double(ms.size()) / load.seconds)
                           << " inserts/s; latency p50 " << pct(0.50) << " ms, p99 " << pct(0.99)
                           << " ms, max " << ms.back() << " ms");
}

// --- PostgreSQL: the URL from the environment ---
const char* pg_env() { return std::getenv("TB_TEST_PG_URL"); }

struct pg_not_skipped {
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
    const char* u = pg_env();
    if (u && std::string(u) == "skip") {
      boost::test_tools::assertion_result r(false);
      r.message() << "TB_TEST_PG_URL=skip: PostgreSQL cases skipped";
      return r;
    }
    return true;
  }
};

std::string pg_url() {
  const char* u = pg_env();
  if (!u || !*u)
    BOOST_FAIL(
        "TB_TEST_PG_URL is not set. The PostgreSQL store is tested against a real server: run the "
        "tests under a throwaway one, `pg_virtualenv -t env TB_TEST_PG_URL=postgresql:// ctest …` "
        "(as tools/test.sh does), or set TB_TEST_PG_URL=skip to skip these cases deliberately.");
  return u;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(intake_store)

BOOST_AUTO_TEST_CASE(open_store_refuses_unknown_urls_clearly) {
  std::string error = refusal("", StoreError::BadUrl);
  BOOST_TEST(error.find("no store URL") != std::string::npos);
  error = refusal("mysql://intake:hunter2@db.local/intake", StoreError::BadUrl);
  BOOST_TEST(error.find("unsupported store URL 'mysql://intake:***@db.local/intake'") != std::string::npos, error);
  BOOST_TEST(error.find("hunter2") == std::string::npos);
  BOOST_TEST(error.find("sqlite:") != std::string::npos);
  error = refusal("intake.db", StoreError::BadUrl);
  BOOST_TEST(error.find("'intake.db'") != std::string::npos);
  error = refusal("sqlite:", StoreError::BadUrl);
  BOOST_TEST(error.find("no file path") != std::string::npos);
  error = refusal("sqlite::memory:", StoreError::BadUrl);
  BOOST_TEST(error.find("plain file path") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(open_store_names_the_database_when_it_cannot_connect) {
  std::string error = refusal("sqlite:/nonexistent-dir-tb/intake.db", StoreError::Unavailable);
  BOOST_TEST(error.find("/nonexistent-dir-tb/intake.db") != std::string::npos, error);
  BOOST_TEST(error.find("unable to open") != std::string::npos, error);

  TempDir dir;
  std::ofstream(dir.path / "junk.db") << std::string(8192, 'x');
  error = refusal(dir.url("junk.db"), StoreError::Unavailable);
  BOOST_TEST(error.find("junk.db") != std::string::npos, error);
  BOOST_TEST(error.find("not a database") != std::string::npos, error);

  // Port 1 on loopback: refused at once. The password never shows.
  error = refusal("postgresql://intake:hunter2@127.0.0.1:1/intake_nodb?connect_timeout=3", StoreError::Unavailable);
  BOOST_TEST(error.find("\"intake_nodb\"") != std::string::npos, error);
  BOOST_TEST(error.find("127.0.0.1:1") != std::string::npos, error);
  BOOST_TEST(error.find("cannot connect") != std::string::npos, error);
  BOOST_TEST(error.find("hunter2") == std::string::npos, error);
  error = refusal("postgres://127.0.0.1:1/x?connect_timeout=3", StoreError::Unavailable);
  BOOST_TEST(error.find("cannot connect") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(sqlite_semantics) {
  TempDir dir;
  auto st = must_open(dir.url("intake.db"));
  check_semantics(*st);
}

BOOST_AUTO_TEST_CASE(sqlite_notices) {
  TempDir dir;
  auto st = must_open(dir.url("intake.db"));
  check_notices(*st, 0x50);
}

BOOST_AUTO_TEST_CASE(sqlite_heartbeats) {
  TempDir dir;
  auto st = must_open(dir.url("intake.db"));
  check_heartbeats(*st, 0x40);
}

// A database of version 2 (before heartbeats) keeps its devices and submissions and gets the
// heartbeats and notice tables; it is version 4 afterwards.
BOOST_AUTO_TEST_CASE(sqlite_moves_a_version_2_database_to_heartbeats) {
  TempDir dir;
  const std::string path = (dir.path / "intake.db").string();
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  BOOST_REQUIRE(sqlite3_exec(db,
                             "PRAGMA journal_mode=WAL;"
                             "CREATE TABLE submissions (device TEXT NOT NULL, id TEXT NOT NULL, digest TEXT NOT NULL,"
                             " received_at INTEGER, kind TEXT, departments TEXT, status TEXT, receipt BLOB, envelope BLOB,"
                             " PRIMARY KEY (device, id));"
                             "CREATE INDEX submissions_by_id ON submissions(id);"
                             "CREATE INDEX submissions_by_time ON submissions(received_at, id, device);"
                             "CREATE TABLE devices (key_id TEXT PRIMARY KEY, public_key BLOB, kind TEXT, registered_at INTEGER);"
                             "INSERT INTO devices VALUES ('00aa00aa00aa00aa', x'00', 'kiosk', 1700000000);"
                             "PRAGMA user_version = 2;",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  {
    auto st = must_open("sqlite:" + path);
    const StoredSubmission a = make_sub(make_id(0x41, 1));
    BOOST_TEST(int(inserted(*st, a)) == int(InsertOutcome::Inserted));
    auto fleet = fleet_of(*st, "00aa");
    BOOST_REQUIRE(fleet.size() == 1u);
    BOOST_TEST(!fleet[0].heartbeat);
    const Heartbeat h = make_heartbeat(1800000000, 2);
    BOOST_TEST(bool(st->put_heartbeat("00aa00aa00aa00aa", h)));
    expect_heartbeat(fleet_of(*st, "00aa")[0], h);
  }
  BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, nullptr);
  BOOST_REQUIRE(sqlite3_step(q) == SQLITE_ROW);
  BOOST_TEST(sqlite3_column_int(q, 0) == 4);
  sqlite3_finalize(q);
  sqlite3_close(db);
}

// A database written by the first version (ids unique across devices) keeps its rows and takes
// another device's submission under a stored id.
BOOST_AUTO_TEST_CASE(sqlite_moves_a_version_1_database_to_ids_per_device) {
  TempDir dir;
  const std::string path = (dir.path / "intake.db").string();
  const StoredSubmission a = make_sub(make_id(0x05, 1));
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  BOOST_REQUIRE(sqlite3_exec(db,
                             "PRAGMA journal_mode=WAL;"
                             "CREATE TABLE submissions (id TEXT PRIMARY KEY, digest TEXT NOT NULL, device TEXT,"
                             " received_at INTEGER, kind TEXT, departments TEXT, status TEXT, receipt BLOB, envelope BLOB);"
                             "CREATE INDEX submissions_by_time ON submissions(received_at, id);"
                             "CREATE TABLE devices (key_id TEXT PRIMARY KEY, public_key BLOB, kind TEXT, registered_at INTEGER);"
                             "PRAGMA user_version = 1;",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_stmt* ins = nullptr;
  BOOST_REQUIRE(sqlite3_prepare_v2(db, "INSERT INTO submissions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1, &ins, nullptr) ==
                SQLITE_OK);
  const std::string* text[] = {&a.id, &a.digest, &a.device};
  for (int i = 0; i < 3; ++i) sqlite3_bind_text(ins, i + 1, text[i]->data(), int(text[i]->size()), SQLITE_STATIC);
  sqlite3_bind_int64(ins, 4, a.received_at);
  sqlite3_bind_text(ins, 5, a.kind.data(), int(a.kind.size()), SQLITE_STATIC);
  sqlite3_bind_text(ins, 6, a.departments.data(), int(a.departments.size()), SQLITE_STATIC);
  sqlite3_bind_text(ins, 7, a.status.data(), int(a.status.size()), SQLITE_STATIC);
  sqlite3_bind_blob(ins, 8, a.receipt.data(), int(a.receipt.size()), SQLITE_STATIC);
  sqlite3_bind_blob(ins, 9, a.envelope.data(), int(a.envelope.size()), SQLITE_STATIC);
  BOOST_REQUIRE(sqlite3_step(ins) == SQLITE_DONE);
  sqlite3_finalize(ins);
  sqlite3_close(db);

  auto st = must_open("sqlite:" + path);
  auto got = st->get(key_of(a.id), true);
  BOOST_REQUIRE_MESSAGE(got, got.describe());
  expect_same(*got, a);
  StoredSubmission other = make_sub(a.id, 3);
  other.device = "e7e7" + a.id.substr(0, 12);
  BOOST_TEST(int(inserted(*st, other)) == int(InsertOutcome::Inserted));
  BOOST_TEST(int(inserted(*st, make_sub(a.id, 4))) == int(InsertOutcome::Conflict));
  BOOST_TEST(count_of(*st) == 2);
}

// The database holds envelopes and receipts: only its owner may read it, WAL and shared memory too.
BOOST_AUTO_TEST_CASE(sqlite_files_are_private) {
  TempDir dir;
  const std::string path = (dir.path / "intake.db").string();
  const mode_t old_mask = ::umask(022);
  {
    auto st = must_open("sqlite:" + path);
    BOOST_TEST(int(inserted(*st, make_sub(make_id(0x06, 1)))) == int(InsertOutcome::Inserted));
    for (const char* suffix : {"", "-wal", "-shm"}) {
      struct stat s{};
      BOOST_REQUIRE_MESSAGE(::stat((path + suffix).c_str(), &s) == 0, path + suffix);
      BOOST_TEST((s.st_mode & 0777) == 0600u, "intake.db" << suffix << " has mode " << std::oct << (s.st_mode & 0777));
    }
  }
  // One made readable by others (an older version, a careless copy) is made private again.
  ::chmod(path.c_str(), 0644);
  {
    auto st = must_open("sqlite:" + path);
    struct stat s{};
    BOOST_REQUIRE(::stat(path.c_str(), &s) == 0);
    BOOST_TEST((s.st_mode & 0777) == 0600u);
  }
  ::umask(old_mask);
}

BOOST_AUTO_TEST_CASE(sqlite_reopens_and_refuses_a_newer_schema) {
  TempDir dir;
  const std::string path = (dir.path / "intake.db").string();
  const StoredSubmission a = make_sub(make_id(0x03, 1));
  {
    auto st = must_open("sqlite:" + path);
    BOOST_TEST(int(inserted(*st, a)) == int(InsertOutcome::Inserted));
  }
  {
    auto st = must_open("sqlite://" + path);  // sqlite:///abs/path works too
    auto got = st->get(key_of(a.id), true);
    BOOST_REQUIRE_MESSAGE(got, got.describe());
    expect_same(*got, a);
  }
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
    BOOST_REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    BOOST_TEST(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "wal");
    sqlite3_finalize(st);
  }
  BOOST_REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  const std::string error = refusal("sqlite:" + path, StoreError::Unavailable);
  BOOST_TEST(error.find("schema version 99") != std::string::npos, error);
  BOOST_TEST(error.find(path) != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(sqlite_concurrent_inserts_group_commit) {
  TempDir dir;
  auto st = must_open(dir.url("intake.db"));
  check_load("sqlite", {st.get()}, 8, 500, 0x10);
}

BOOST_AUTO_TEST_CASE(sqlite_two_stores_on_one_file) {
  // Two processes' worth of stores on one file: each has its own writer; SQLite's lock and the
  // busy timeout serialise them.
  TempDir dir;
  auto a = must_open(dir.url("intake.db"));
  auto b = must_open(dir.url("intake.db"));
  check_load("sqlite, two stores", {a.get(), b.get()}, 4, 200, 0x14);
}

BOOST_AUTO_TEST_CASE(sqlite_acknowledged_inserts_survive_kill_9) {
  // A child process inserts from 4 threads and reports every Inserted id through a pipe; the
  // thread that gets the k-th acknowledgement kills the process with SIGKILL at once (the other
  // threads' inserts are in flight). Every acknowledged id must be there after reopening, once.
  TempDir dir;
  const std::string url = dir.url("intake.db");
  const std::string dep = "dur" + run_tag();
  std::set<std::string> acked;
  int round = 0;
  for (const int k : {1, 57, 300, 1000}) {
    ++round;
    int fds[2];
    BOOST_REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    BOOST_REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(fds[0]);
      auto opened = open_store(url);
      if (!opened) {
        const std::string line = "E " + opened.describe() + "\n";
        (void)!::write(fds[1], line.data(), line.size());
        ::_exit(3);
      }
      const auto st = std::move(*opened);
      std::atomic<int> count{0};
      std::vector<std::thread> threads;
      for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
          for (std::uint64_t j = 0; j < 100000; ++j) {
            const StoredSubmission s =
                make_sub(make_id(0x20 + unsigned(round), std::uint64_t(t) << 32 | j), 0, 1700000000, dep, 1024);
            const auto r = st->insert(s);
            const bool acknowledged = r && r->outcome == InsertOutcome::Inserted;
            const std::string why = r ? "not new: outcome " + std::to_string(int(r->outcome)) : r.describe();
            const std::string line = acknowledged ? s.id + "\n" : "E " + why + "\n";
            (void)!::write(fds[1], line.data(), line.size());  // < PIPE_BUF: atomic
            if (!acknowledged) ::_exit(4);
            if (++count == k) ::kill(::getpid(), SIGKILL);
          }
        });
      }
      for (auto& th : threads) th.join();
      ::_exit(5);  // not reached: killed first
    }
    ::close(fds[1]);
    std::string data;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) data.append(buf, std::size_t(n));
    ::close(fds[0]);
    int status = 0;
    BOOST_REQUIRE(::waitpid(pid, &status, 0) == pid);
    BOOST_REQUIRE_MESSAGE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                          "child was not killed by SIGKILL (status " << status << "): " << data.substr(0, 300));
    int this_round = 0;
    std::size_t pos = 0;
    while (pos < data.size()) {
      const std::size_t nl = data.find('\n', pos);
      BOOST_REQUIRE(nl != std::string::npos);
      const std::string line = data.substr(pos, nl - pos);
      pos = nl + 1;
      BOOST_REQUIRE_MESSAGE(line.size() == 32, "child reported: " << line);
      BOOST_TEST(acked.insert(line).second);
      ++this_round;
    }
    BOOST_TEST(this_round >= k);
    BOOST_TEST_MESSAGE("kill -9 round " << round << ": killed after ack " << k << ", " << this_round
                                        << " acknowledged in all");
  }

  // Reopen (WAL recovery) and check: every acknowledged id present, intact, once; nothing else.
  auto st = must_open(url);
  const auto rows = list_of(*st, dep, 1000000);
  std::map<std::string, int> seen;
  for (const auto& r : rows) ++seen[r.id];
  BOOST_TEST(std::int64_t(rows.size()) == count_of(*st));
  for (const auto& [id, times] : seen) BOOST_TEST_REQUIRE(times == 1, id << " listed " << times << " times");
  int missing = 0;
  for (const auto& id : acked) {
    if (!seen.count(id)) {
      ++missing;
      continue;
    }
    auto got = st->get(key_of(id), true);
    BOOST_REQUIRE(got);
    BOOST_TEST_REQUIRE(got->digest == digest_of(got->envelope), id << " is damaged");
  }
  BOOST_TEST(missing == 0, missing << " acknowledged inserts lost");
  BOOST_TEST_MESSAGE("kill -9: " << acked.size() << " acknowledged, " << rows.size() << " stored, " << missing
                                 << " lost");
  // A retry of an acknowledged insert is a Duplicate.
  const std::string first = *acked.begin();
  auto got = st->get(key_of(first), true);
  BOOST_REQUIRE(got);
  StoredSubmission retry = *got;
  BOOST_TEST(int(inserted(*st, retry)) == int(InsertOutcome::Duplicate));
  st.reset();

  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open((dir.path / "intake.db").c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, nullptr);
  BOOST_REQUIRE(sqlite3_step(q) == SQLITE_ROW);
  BOOST_TEST(std::string(reinterpret_cast<const char*>(sqlite3_column_text(q, 0))) == "ok");
  sqlite3_finalize(q);
  sqlite3_close(db);
}

BOOST_AUTO_TEST_CASE(postgres_semantics, *boost::unit_test::precondition(pg_not_skipped())) {
  auto st = must_open(pg_url());
  check_semantics(*st);
}

BOOST_AUTO_TEST_CASE(postgres_notices, *boost::unit_test::precondition(pg_not_skipped())) {
  auto st = must_open(pg_url());
  check_notices(*st, 0x52);
}

BOOST_AUTO_TEST_CASE(postgres_heartbeats, *boost::unit_test::precondition(pg_not_skipped())) {
  auto st = must_open(pg_url());
  check_heartbeats(*st, 0x42);
}

BOOST_AUTO_TEST_CASE(postgres_concurrent_inserts, *boost::unit_test::precondition(pg_not_skipped())) {
  auto st = must_open(pg_url());
  check_load("postgresql", {st.get()}, 8, 500, 0x30);
}

BOOST_AUTO_TEST_CASE(postgres_two_processes_share_one_database,
                     *boost::unit_test::precondition(pg_not_skipped())) {
  // Two stores = two intake processes: separate pools, no shared state; overlapping ids.
  const std::string url = pg_url();
  auto a = must_open(url);
  auto b = must_open(url);
  check_load("postgresql, two stores", {a.get(), b.get()}, 8, 500, 0x34);
  // What one wrote, the other reads.
  const StoredSubmission s = make_sub(make_id(0x38, 1));
  BOOST_TEST(int(inserted(*a, s)) == int(InsertOutcome::Inserted));
  auto got = b->get(key_of(s.id), true);
  BOOST_REQUIRE_MESSAGE(got, got.describe());
  expect_same(*got, s);
  BOOST_TEST(int(inserted(*b, s)) == int(InsertOutcome::Duplicate));
}

BOOST_AUTO_TEST_SUITE_END()
