// Intake load generator and "nothing lost, nothing duplicated" checker: a separate process that
// drives an already running intake (`tongban intake serve`) on loopback like many devices would.
//   1. K device keys (fresh random), registered through the store (--db) or the intake's open
//      registration (--open-registration); N envelopes of ~1 KiB form data sealed before the clock
//      starts (or loaded with --envelopes FILE, written by an earlier run's --save FILE);
//   2. C threads, each with one keep-alive connection (cpp-httplib), POST /api/v1/submissions
//      until N were sent (or --duration seconds passed): accepted/s, latency p50/p99/max, answers
//      by status (0: no answer: connection refused, reset or timed out);
//   3. checks: every receipt verifies with the intake's public key and names the submission id and
//      the digest of the bytes sent; GET /api/v1/submissions/{id} has the same receipt for every
//      acknowledged id; with --db, each is in the store with that digest, and the store's count is
//      what it must be (see below).
// Fault-test modes: --acked FILE appends "id status digest receipt-base64" for each
// acknowledgement as it arrives (flushed); --retry-for S resends what got no receipt (no answer,
// 429, 5xx) until everything is acknowledged or S seconds pass without progress, as a device does;
// --prior-acked FILE: these ids were acknowledged before (e.g. before a kill -9): each must come
// back 200 "already stored" with the very same receipt, never 201 (that would mean an acknowledged
// submission was lost); --expect-count N: the store must hold exactly N submissions.
// Under attack (docs/SECURITY.md): --hold-idle N and --hold-slow M open N connections that send
// nothing and M that send a request head a byte every 2 s, from --attack-from (default 127.0.0.2,
// another client address on loopback), before the load starts and for as long as it runs; the
// figures then say what devices get while strangers hold the intake's connections, and
// "health_ms" how long a health check took with them in place.
// Prints one JSON line (stdout); progress and failures on stderr. Exit 0 only if every envelope
// was acknowledged and every check passed.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "crypto/keys.h"
#include "crypto/sign.h"
#include "host/entropy.h"
#include "intake/store.h"
#include "seal/envelope.h"
#include "seal/receipt.h"
#include "seal/request_signature.h"

using namespace tb;
using Clock = std::chrono::steady_clock;

namespace {

const char* kUsage =
    "usage: intake_load --url http://127.0.0.1:PORT --intake-pub INTAKE.pub [options]\n"
    "  --count N              envelopes to send (default 20000)\n"
    "  --duration S           stop sending after S seconds (default: when all N were sent)\n"
    "  --connections C        concurrent keep-alive connections (default 8)\n"
    "  --devices K            device keys the envelopes are spread over (default 16)\n"
    "  --db URL               register the devices in this store, and check it afterwards\n"
    "  --open-registration    register the devices through POST /api/v1/devices instead\n"
    "  --save FILE            write the sealed envelopes to FILE (for a later --envelopes run)\n"
    "  --envelopes FILE       send these envelopes (devices already registered) instead of sealing\n"
    "  --acked FILE           append each acknowledgement to FILE as it arrives\n"
    "  --retry-for S          resend what got no receipt until all are acknowledged (S s without progress)\n"
    "  --prior-acked FILE     ids acknowledged before: must be 200 with the same receipt\n"
    "  --expect-count N       the store (--db) must hold exactly N submissions afterwards\n"
    "  --no-verify            skip the GET of every acknowledged id (the store check still runs)\n";

// Connections strangers hold open (--hold-idle, --hold-slow): sockets bound to `from`, connected
// to the intake's host and port; the slow ones get a request head one byte every 2 s.
class Strangers {
 public:
  Strangers(const std::string& from, const std::string& host, int port, int idle, int slow) {
    for (int i = 0; i < idle + slow; ++i) {
      const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in me{}, to{};
      me.sin_family = to.sin_family = AF_INET;
      to.sin_port = htons(static_cast<std::uint16_t>(port));
      if (fd < 0 || ::inet_pton(AF_INET, from.c_str(), &me.sin_addr) != 1 || ::inet_pton(AF_INET, host.c_str(), &to.sin_addr) != 1 ||
          ::bind(fd, reinterpret_cast<sockaddr*>(&me), sizeof me) != 0 ||
          ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        if (fd >= 0) ::close(fd);
        continue;
      }
      (i < idle ? idle_ : slow_).push_back(fd);
    }
    if (!slow_.empty()) trickler_ = std::thread([this] { trickle(); });
  }
  ~Strangers() {
    stop_ = true;
    if (trickler_.joinable()) trickler_.join();
    for (int fd : idle_) ::close(fd);
    for (int fd : slow_) ::close(fd);
  }
  std::size_t opened() const { return idle_.size() + slow_.size(); }

 private:
  void trickle() {
    static const char kHead[] = "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    for (std::size_t at = 0; !stop_; at = (at + 1) % (sizeof kHead - 1)) {
      for (int fd : slow_) (void)!::send(fd, kHead + at, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      for (int t = 0; t < 20 && !stop_; ++t) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  std::vector<int> idle_, slow_;
  std::atomic<bool> stop_{false};
  std::thread trickler_;
};

[[noreturn]] void die(const std::string& m) {
  std::fprintf(stderr, "intake_load: %s\n", m.c_str());
  std::exit(2);
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

double pct(std::vector<double>& xs, double p) {
  if (xs.empty()) return 0;
  std::sort(xs.begin(), xs.end());
  return xs[std::min(xs.size() - 1, static_cast<std::size_t>(p * static_cast<double>(xs.size())))];
}

std::string form_json(std::size_t i) {
  std::string j = R"({"applicant_name":"张丽华","id_number":"211402198803151234","seq":)" + std::to_string(i) +
                  R"(,"reason":")";
  while (j.size() + 12 <= 1022) j += "申请办理";
  while (j.size() < 1022) j += ' ';
  return j + "\"}";
}

struct Envelope {
  std::string bytes, id_raw, id_hex, device_hex, digest_raw;
};

Envelope describe(std::string bytes) {
  const auto in = seal::inspect_envelope(bytes, 1ull << 32);
  if (!in) die("not an envelope: " + in.describe());
  Envelope e;
  e.id_raw = in.header.submission_id();
  e.id_hex = crypto::to_hex(e.id_raw);
  e.device_hex = crypto::to_hex(in.header.device_key_id());
  e.digest_raw = in.digest;
  e.bytes = std::move(bytes);
  return e;
}

const char kMagic[] = "TBLOAD1\n";

void save_envelopes(const std::string& path, const std::vector<Envelope>& envs) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(kMagic, 8);
  for (const auto& e : envs) {
    const std::uint32_t n = static_cast<std::uint32_t>(e.bytes.size());
    unsigned char len[4] = {static_cast<unsigned char>(n), static_cast<unsigned char>(n >> 8),
                            static_cast<unsigned char>(n >> 16), static_cast<unsigned char>(n >> 24)};
    out.write(reinterpret_cast<char*>(len), 4);
    out.write(e.bytes.data(), static_cast<std::streamsize>(n));
  }
  out.flush();
  if (!out) die("cannot write " + path);
}

std::vector<Envelope> load_envelopes(const std::string& path) {
  const std::string all = read_all(path);
  if (all.compare(0, 8, kMagic) != 0) die(path + ": not an intake_load envelope file");
  std::vector<Envelope> out;
  for (std::size_t at = 8; at < all.size();) {
    if (at + 4 > all.size()) die(path + ": truncated");
    const auto* p = reinterpret_cast<const unsigned char*>(all.data() + at);
    const std::size_t n = p[0] | (p[1] << 8) | (p[2] << 16) | (std::size_t(p[3]) << 24);
    if (at + 4 + n > all.size()) die(path + ": truncated");
    out.push_back(describe(all.substr(at + 4, n)));
    at += 4 + n;
  }
  return out;
}

struct Ack {
  int status = 0;
  std::string receipt;
};

// "id status digest receipt-base64" lines; the last line per id wins.
std::map<std::string, Ack> read_acked(const std::string& path) {
  std::map<std::string, Ack> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string id, digest, b64;
    int status = 0;
    if (!(ls >> id >> status >> digest >> b64)) continue;  // a line cut by a kill: not an ack
    const auto r = crypto::from_base64(b64);
    if (!r) continue;
    out[id] = {status, std::string(r->begin(), r->end())};
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt;
  std::set<std::string> flags;
  const std::set<std::string> valued = {"--url", "--count", "--duration", "--connections", "--devices", "--db", "--intake-pub",
                                        "--save", "--envelopes", "--acked", "--retry-for", "--prior-acked", "--expect-count",
                                        "--hold-idle", "--hold-slow", "--attack-from"};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (a == "--open-registration" || a == "--no-verify") {
      flags.insert(a);
    } else if (valued.count(a) && i + 1 < argc) {
      opt[a] = argv[++i];
    } else {
      std::fprintf(stderr, "intake_load: unknown or incomplete option '%s'\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  auto num = [&](const char* name, double dflt) { return opt.count(name) ? std::atof(opt[name].c_str()) : dflt; };
  if (!opt.count("--url") || !opt.count("--intake-pub")) {
    std::fprintf(stderr, "intake_load: --url and --intake-pub are required\n%s", kUsage);
    return 2;
  }
  if (sodium_init() < 0) die("sodium_init failed");
  const std::string url = opt["--url"];
  const std::size_t count = static_cast<std::size_t>(num("--count", 20000));
  const double duration = num("--duration", 0);
  const int connections = std::max(1, static_cast<int>(num("--connections", 8)));
  const int devices = std::max(1, static_cast<int>(num("--devices", 16)));
  const double retry_for = num("--retry-for", 0);

  crypto::TrustStore trust;
  {
    auto k = crypto::parse_key_file(read_all(opt["--intake-pub"]));
    if (!k) die(opt["--intake-pub"] + ": " + k.describe());
    trust.add({k->pub, 0, 0, {}});
  }
  std::unique_ptr<intake::Store> store;
  std::int64_t count_before = -1;
  if (opt.count("--db")) {
    auto opened = intake::open_store(opt["--db"]);
    if (!opened) die(opened.describe());
    store = std::move(*opened);
    const auto n = store->count();
    if (!n) die(n.describe());
    count_before = *n;
  }

  // --- 1. devices and envelopes (before the clock starts) ------------------------------------------
  std::vector<Envelope> envs;
  const auto seal_t0 = Clock::now();
  if (opt.count("--envelopes")) {
    envs = load_envelopes(opt["--envelopes"]);
  } else {
    std::vector<crypto::KeyPair> keys;
    for (int d = 0; d < devices; ++d) {
      keys.push_back(crypto::keypair_from_seed(crypto::KeyKind::Device, "load-" + std::to_string(d), host::random_seed()));
      const auto& k = keys.back();
      if (store) {
        intake::Device dev{k.id.hex(), std::string(k.public_key.begin(), k.public_key.end()), "kiosk",
                           static_cast<std::int64_t>(std::time(nullptr))};
        if (const auto registered = store->register_device(dev); !registered) die("register device: " + registered.describe());
      } else if (flags.count("--open-registration")) {
        httplib::Client c(url);
        const std::string body =
            nlohmann::json{{"public_key", crypto::to_base64(k.public_key.data(), k.public_key.size())}, {"kind", "kiosk"}}.dump();
        // Signed with the key it registers (docs/INTAKE.md, "Signed requests").
        const auto sig = seal::sign_request(k, "POST", "/api/v1/devices", static_cast<std::int64_t>(std::time(nullptr)), body);
        const httplib::Headers headers = {{seal::kRequestDeviceHeader, sig.device},
                                          {seal::kRequestTimeHeader, sig.time},
                                          {seal::kRequestSignatureHeader, sig.signature}};
        auto r = c.Post("/api/v1/devices", headers, body, "application/json");
        if (!r || r->status != 201) die("open registration failed: " + (r ? std::to_string(r->status) + " " + r->body : std::string("no answer")));
      } else {
        die("fresh device keys need --db URL or --open-registration to be registered");
      }
    }
    crypto::Seed s;
    s.fill(7);
    const crypto::KeyPair dept = crypto::keypair_from_seed(crypto::KeyKind::Seal, "gongan", s);
    envs.resize(count);
    const unsigned workers = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> ts;
    std::atomic<std::size_t> next{0};
    for (unsigned w = 0; w < workers; ++w)
      ts.emplace_back([&] {
        host::SystemEntropy entropy;
        for (std::size_t i; (i = next++) < count;) {
          seal::SealPlan plan;
          plan.form = "load-form";
          plan.item = "load-item";
          plan.form_version = 1;
          plan.created_at = static_cast<std::int64_t>(std::time(nullptr));
          plan.parts.push_back({dept.name, crypto::public_half(dept), form_json(i), {}});
          auto env = seal::seal_envelope(plan, {}, keys[i % keys.size()], entropy);
          if (!env) die(env.describe());
          envs[i] = describe(std::move(env).value());
        }
      });
    for (auto& t : ts) t.join();
  }
  if (envs.empty()) die("no envelopes");
  if (opt.count("--save")) save_envelopes(opt["--save"], envs);
  const double seal_s = std::chrono::duration<double>(Clock::now() - seal_t0).count();
  std::fprintf(stderr, "intake_load: %zu envelopes of %zu bytes ready in %.1f s; sending over %d connections to %s\n",
               envs.size(), envs[0].bytes.size(), seal_s, connections, url.c_str());

  std::map<std::string, Ack> prior;
  if (opt.count("--prior-acked")) prior = read_acked(opt["--prior-acked"]);
  std::FILE* acked_file = nullptr;
  if (opt.count("--acked") && !(acked_file = std::fopen(opt["--acked"].c_str(), "a"))) die("cannot open " + opt["--acked"]);

  // --- 2. load (with strangers holding connections, when asked) ------------------------------------
  std::unique_ptr<Strangers> strangers;
  double health_ms = -1;
  const int hold_idle = static_cast<int>(num("--hold-idle", 0)), hold_slow = static_cast<int>(num("--hold-slow", 0));
  if (hold_idle + hold_slow > 0) {
    const auto scheme = url.find("://");
    const std::string hostport = url.substr(scheme == std::string::npos ? 0 : scheme + 3);
    const auto colon = hostport.rfind(':');
    if (colon == std::string::npos) die("--hold-idle/--hold-slow need --url http://HOST:PORT");
    strangers = std::make_unique<Strangers>(opt.count("--attack-from") ? opt["--attack-from"] : "127.0.0.2", hostport.substr(0, colon),
                                            std::atoi(hostport.substr(colon + 1).c_str()), hold_idle, hold_slow);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    httplib::Client probe(url);
    probe.set_connection_timeout(5);
    const auto h0 = Clock::now();
    const auto h = probe.Get("/api/v1/health");
    if (h && h->status == 200) health_ms = std::chrono::duration<double, std::milli>(Clock::now() - h0).count();
    std::fprintf(stderr, "intake_load: %zu stranger connections held; health check %s\n", strangers->opened(),
                 health_ms >= 0 ? (std::to_string(health_ms) + " ms").c_str() : "got no answer");
  }
  const std::size_t n = envs.size();
  std::vector<Ack> acks(n);
  std::vector<std::uint8_t> acked(n, 0), tried(n, 0);
  std::mutex mu;  // guards the retry queue, the status map, the acked file, progress
  std::vector<std::size_t> retry;  // indices waiting to be resent
  std::map<int, std::size_t> by_status;
  std::map<int, std::string> reasons;  // one sample per refused status
  std::atomic<std::size_t> next{0}, done{0}, created{0}, duplicate{0};
  std::atomic<bool> stop{false};
  auto last_progress = Clock::now();
  std::vector<std::vector<double>> lat(static_cast<std::size_t>(connections));
  std::vector<std::string> failures;  // check failures, in words
  const auto t0 = Clock::now();
  std::vector<std::thread> ts;
  for (int c = 0; c < connections; ++c)
    ts.emplace_back([&, c] {
      httplib::Client cli(url);
      cli.set_keep_alive(true);
      cli.set_tcp_nodelay(true);  // headers and body go out in separate writes: no Nagle wait
      cli.set_connection_timeout(2);
      cli.set_read_timeout(30);
      cli.set_write_timeout(30);
      auto& my = lat[static_cast<std::size_t>(c)];
      my.reserve(n / static_cast<std::size_t>(connections) + 16);
      int backoff_ms = 0;
      for (;;) {
        if (stop) return;
        std::size_t i = n;
        {
          std::lock_guard<std::mutex> lk(mu);
          if (!retry.empty()) {
            i = retry.back();
            retry.pop_back();
          }
        }
        if (i == n) {
          i = next.fetch_add(1);
          if (i >= n) {
            // Nothing new: in retry mode, wait for others' failures to come back (or for the end).
            if (retry_for <= 0 || done.load() >= n) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            std::lock_guard<std::mutex> lk(mu);
            if (std::chrono::duration<double>(Clock::now() - last_progress).count() > retry_for) stop = true;
            continue;
          }
        }
        if (duration > 0 && std::chrono::duration<double>(Clock::now() - t0).count() > duration) {
          stop = true;
          return;
        }
        const auto& e = envs[i];
        const auto r0 = Clock::now();
        auto r = cli.Post("/api/v1/submissions", e.bytes, "application/octet-stream");
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - r0).count();
        const int status = r ? r->status : 0;
        const bool ok = status == 200 || status == 201;
        if (ok) my.push_back(ms);
        {
          std::lock_guard<std::mutex> lk(mu);
          ++by_status[status];
          tried[i] = 1;
          if (!ok && !reasons.count(status)) reasons[status] = r ? r->body : httplib::to_string(r.error());
          if (ok) {
            acks[i] = {status, r->body};
            acked[i] = 1;
            ++(status == 201 ? created : duplicate);
            last_progress = Clock::now();
            if (acked_file) {
              std::fprintf(acked_file, "%s %d %s %s\n", e.id_hex.c_str(), status, crypto::to_hex(e.digest_raw).c_str(),
                           crypto::to_base64(reinterpret_cast<const unsigned char*>(r->body.data()), r->body.size()).c_str());
              std::fflush(acked_file);
            }
          } else if (retry_for > 0 && (status == 0 || status == 429 || status >= 500)) {
            retry.push_back(i);  // a device keeps it in its outbox and tries again
          }
        }
        if (ok || retry_for <= 0 || !(status == 0 || status == 429 || status >= 500)) {
          ++done;
          backoff_ms = 0;
        } else {
          backoff_ms = std::min(1000, backoff_ms ? backoff_ms * 2 : 20);
          std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
        }
      }
    });
  for (auto& t : ts) t.join();
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  if (acked_file) std::fclose(acked_file);

  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  const std::size_t n_acked = static_cast<std::size_t>(std::count(acked.begin(), acked.end(), 1));
  const double p50 = pct(all, 0.5), p99 = pct(all, 0.99), mx = all.empty() ? 0 : all.back();
  std::fprintf(stderr, "intake_load: %zu of %zu acknowledged in %.2f s (%.0f/s); p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
               n_acked, n, wall, n_acked / wall, p50, p99, mx);

  // --- 3. checks ---------------------------------------------------------------------------------
  auto fail = [&](const std::string& m) {
    if (failures.size() < 20) std::fprintf(stderr, "intake_load: CHECK FAILED: %s\n", m.c_str());
    failures.push_back(m);
  };
  const std::size_t n_tried = static_cast<std::size_t>(std::count(tried.begin(), tried.end(), 1));
  if (n_acked != n_tried) fail(std::to_string(n_tried - n_acked) + " envelopes sent were never acknowledged");
  if (n_tried != n && duration <= 0) fail(std::to_string(n - n_tried) + " envelopes were never sent");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < n; ++i) {
    if (!ids.insert(envs[i].id_hex).second) fail("the same submission id twice in the load: " + envs[i].id_hex);
    if (!acked[i]) continue;
    const auto c = seal::verify_receipt(acks[i].receipt, trust, envs[i].id_raw, envs[i].digest_raw);
    if (!c) fail("receipt for " + envs[i].id_hex + " does not verify: " + c.describe());
    const auto p = prior.find(envs[i].id_hex);
    if (p != prior.end()) {
      if (acks[i].status != 200) fail("LOST: " + envs[i].id_hex + " was acknowledged before, but was stored anew (" + std::to_string(acks[i].status) + ")");
      if (p->second.receipt != acks[i].receipt) fail("receipt for " + envs[i].id_hex + " changed since it was first acknowledged");
    }
  }
  // Everything acknowledged (now or before) must be readable with its receipt.
  std::size_t verified = 0;
  if (!flags.count("--no-verify")) {
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < n; ++i)
      if (acked[i]) todo.push_back(i);
    std::atomic<std::size_t> at{0}, okc{0};
    std::mutex fmu;
    std::vector<std::thread> vs;
    for (int c = 0; c < std::min(connections, 4); ++c)
      vs.emplace_back([&] {
        httplib::Client cli(url);
        cli.set_keep_alive(true);
        cli.set_tcp_nodelay(true);
        cli.set_read_timeout(30);
        for (std::size_t k; (k = at++) < todo.size();) {
          const std::size_t i = todo[k];
          const std::string path = "/api/v1/submissions/" + envs[i].id_hex + "?device=" + envs[i].device_hex;
          httplib::Result r = cli.Get(path);
          for (int tries = 0; (!r || r->status == 503) && tries < 5; ++tries) r = cli.Get(path);
          std::string why;
          if (!r || r->status != 200) {
            why = "GET " + envs[i].id_hex + ": " + (r ? std::to_string(r->status) : httplib::to_string(r.error()));
          } else {
            const auto j = nlohmann::json::parse(r->body, nullptr, false);
            const auto rec = j.is_object() && j.contains("receipt") ? crypto::from_base64(j["receipt"].get<std::string>()) : std::nullopt;
            if (!rec || std::string(rec->begin(), rec->end()) != acks[i].receipt)
              why = "stored receipt for " + envs[i].id_hex + " differs from the one the device holds";
          }
          if (why.empty()) {
            ++okc;
          } else {
            std::lock_guard<std::mutex> lk(fmu);
            fail(why);
          }
        }
      });
    for (auto& t : vs) t.join();
    verified = okc;
  }
  std::int64_t count_after = -1;
  std::size_t in_store = 0;
  if (store) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!acked[i]) continue;
      const auto s = store->get({envs[i].device_hex, envs[i].id_hex}, true);
      if (!s)
        fail("ACKNOWLEDGED BUT NOT STORED: " + envs[i].id_hex + (s.reason() == intake::StoreError::NotFound ? "" : " (" + s.describe() + ")"));
      else if (s->digest != crypto::to_hex(envs[i].digest_raw) || s->envelope != envs[i].bytes) fail("stored bytes of " + envs[i].id_hex + " differ");
      else ++in_store;
    }
    const auto c = store->count();
    if (!c) fail("count: " + c.describe());
    else count_after = *c;
    if (opt.count("--expect-count") && count_after != static_cast<std::int64_t>(num("--expect-count", 0)))
      fail("store holds " + std::to_string(count_after) + " submissions, expected " + opt["--expect-count"]);
    // A fresh store that got everything: exactly one row per distinct submission.
    if (count_before == 0 && n_acked == n && !opt.count("--expect-count") && count_after != static_cast<std::int64_t>(ids.size()))
      fail("store holds " + std::to_string(count_after) + " submissions for " + std::to_string(ids.size()) + " distinct ones");
  }

  nlohmann::json out = {
      {"envelopes", n}, {"sent", n_tried}, {"envelope_bytes", envs[0].bytes.size()}, {"connections", connections}, {"devices", devices},
      {"acknowledged", n_acked}, {"created", created.load()}, {"duplicate", duplicate.load()},
      {"wall_s", wall}, {"accepted_per_s", n_acked / wall}, {"p50_ms", p50}, {"p99_ms", p99}, {"max_ms", mx},
      {"verified_get", verified}, {"in_store", in_store}, {"count_before", count_before}, {"count_after", count_after},
      {"check_failures", failures.size()}, {"seal_s", seal_s},
      {"strangers_held", strangers ? strangers->opened() : 0}, {"health_ms", health_ms}};
  nlohmann::json st = nlohmann::json::object(), rs = nlohmann::json::object();
  for (const auto& [k, v] : by_status) st[std::to_string(k)] = v;
  for (const auto& [k, v] : reasons) rs[std::to_string(k)] = v.substr(0, 200);
  out["by_status"] = st;
  out["reasons"] = rs;
  std::printf("%s\n", out.dump().c_str());
  return failures.empty() ? 0 : 1;
}
