// What a stranger on the internet sends the intake (docs/INTAKE.md), through the intake's own
// handlers, with registration open and no rate limit in the way, on a SQLite store and an upload
// folder in scratch places. The first byte picks the request (its value mod 9):
//   0, 6: a submission's body (an envelope)        1, 7: a device registration (JSON)
//   2: a submission's status    3: a piece of a resumable upload (PUT)    4: an upload's progress
//   5: an upload's completion   8: a device's heartbeat (JSON)
// For 2–5 and 8 the next bytes say which of four submission ids, whether the request is signed by the
// device registered at start (else it carries a forged signature, as a stranger's would), and the
// upload offset; the rest is the body. Inputs share the store and the uploads, so a run of them
// builds up, resumes and completes uploads as devices do.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>

#include "demo_keys.h"
#include "intake/server.h"
#include "intake/store.h"
#include "seal/request_signature.h"

using namespace tb;

namespace {
intake::Config open_config() {
  intake::Config c;
  auto key = fuzz::demo_key("intake.key");
  c.key = std::move(*key.pair);
  c.open_registration = true;
  c.registrations_per_hour_per_ip = 1e12;
  c.registration_burst_per_ip = 1e12;
  return c;
}

intake::Store& store() {
  static const std::string db = "/tmp/tongban-fuzz-intake-" + std::to_string(::getpid()) + ".db";
  static std::unique_ptr<intake::Store> s = [] {
    auto opened = intake::open_store("sqlite:" + db);
    if (!opened) {
      std::fprintf(stderr, "%s: %s\n", db.c_str(), opened.describe().c_str());
      std::abort();
    }
    std::atexit([] {
      for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((db + suffix).c_str());
    });
    return std::move(*opened);
  }();
  return *s;
}

intake::Intake& server() {
  static intake::Intake intake = [] {
    intake::Config c = open_config();
    static std::string uploads = "/tmp/tongban-fuzz-uploads-" + std::to_string(::getpid());
    c.upload_dir = uploads;
    c.upload_budget_bytes = 64ull << 20;  // a long run does not fill the disk
    std::atexit([] { std::filesystem::remove_all(uploads); });
    return intake::Intake(std::move(c), store());
  }();
  static const bool opened = [] {
    if (const auto o = intake.open_uploads(static_cast<std::int64_t>(std::time(nullptr))); !o) {
      std::fprintf(stderr, "upload folder: %s\n", o.describe().c_str());
      std::abort();
    }
    return true;
  }();
  (void)opened;
  return intake;
}
}  // namespace

// The device registered at start: signs requests that get past the signature check.
const crypto::KeyPair& device() {
  static const crypto::KeyPair pair = [] {
    crypto::Seed seed{};
    seed.fill(0x5a);  // fixed: a crash replays with the same key
    auto p = crypto::keypair_from_seed(crypto::KeyKind::Device, "fuzz-device", seed);
    intake::Device d{p.id.hex(), std::string(p.public_key.begin(), p.public_key.end()), "kiosk", 0};
    (void)store().register_device(d);
    return p;
  }();
  return pair;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const int pick = data[0] % 9;
  http::Request req;
  req.method = "POST";
  req.peer = "192.0.2.1";
  if (pick == 0 || pick == 6 || pick == 1 || pick == 7) {
    req.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (pick % 2) {
      req.target = req.path = "/api/v1/devices";
      (void)server().on_register(req);
    } else {
      req.target = req.path = "/api/v1/submissions";
      (void)server().on_submit(req);
    }
    return 0;
  }
  if (size < 7) return 0;
  static const char* const ids[] = {"00000000000000000000000000000000", "0123456789abcdef0123456789abcdef",
                                    "ffffffffffffffffffffffffffffffff", "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"};
  const std::string id = ids[data[1] % 4];
  const bool signed_by_device = data[2] & 1;
  const std::uint32_t offset = data[3] | (data[4] << 8) | (data[5] << 16) | (std::uint32_t{data[6]} << 24);
  req.body.assign(reinterpret_cast<const char*>(data) + 7, size - 7);
  req.matches = {"", id};
  switch (pick) {
    case 2: req.method = "GET", req.path = "/api/v1/submissions/" + id, req.target = req.path; break;
    case 3: req.method = "PUT", req.path = "/api/v1/uploads/" + id; break;
    case 4: req.method = "GET", req.path = "/api/v1/uploads/" + id; break;
    case 8: req.path = req.target = "/api/v1/heartbeat"; break;
    default: req.path = "/api/v1/uploads/" + id + "/complete", req.target = req.path; break;
  }
  if (pick == 3 || pick == 4) {
    req.query["offset"] = std::to_string(offset);
    req.target = req.path + "?offset=" + std::to_string(offset);
  }
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  if (signed_by_device) {
    const auto sig = seal::sign_request(device(), req.method, req.target, now, req.body);
    req.headers["x-tongban-device"] = sig.device, req.headers["x-tongban-time"] = sig.time;
    req.headers["x-tongban-signature"] = sig.signature;
  } else {
    // A stranger who knows the device's id, but not its key: the signature is the body's start.
    req.headers["x-tongban-device"] = device().id.hex(), req.headers["x-tongban-time"] = std::to_string(now);
    req.headers["x-tongban-signature"] = req.body.substr(0, 88);
  }
  switch (pick) {
    case 2: (void)server().on_status(req); break;
    case 3: (void)server().on_upload_put(req); break;
    case 4: (void)server().on_upload_get(req); break;
    case 8: (void)server().on_heartbeat(req); break;
    default: (void)server().on_upload_complete(req); break;
  }
  return 0;
}
