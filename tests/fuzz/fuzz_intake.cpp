// What a stranger on the internet sends the intake (docs/INTAKE.md): a submission's body (an
// envelope) and a device registration (JSON), through the intake's own handlers, with
// registration open and no rate limit in the way, on a SQLite store in a scratch file.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "demo_keys.h"
#include "intake/server.h"
#include "intake/store.h"

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

intake::Intake& server() {
  static const std::string db = "/tmp/tongban-fuzz-intake-" + std::to_string(::getpid()) + ".db";
  static std::unique_ptr<intake::Store> store = [] {
    auto s = intake::open_store("sqlite:" + db);
    if (!s) {
      std::fprintf(stderr, "%s: %s\n", db.c_str(), s.describe().c_str());
      std::abort();
    }
    std::atexit([] {
      for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((db + suffix).c_str());
    });
    return std::move(*s);
  }();
  static intake::Intake intake(open_config(), *store);
  return intake;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  http::Request req;
  req.method = "POST";
  req.peer = "192.0.2.1";
  req.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    req.target = req.path = "/api/v1/devices";
    (void)server().on_register(req);
  } else {
    req.target = req.path = "/api/v1/submissions";
    (void)server().on_submit(req);
  }
  return 0;
}
