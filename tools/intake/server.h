#pragma once
// The intake API on an httplib::Server (docs/INTAKE.md). Checks what can be checked without being
// able to read a submission — structure, size, the device's signature, that the device is
// registered, rate — stores the envelope opaque, and answers with a signed receipt.
//   POST /api/v1/submissions               body: envelope → 201 receipt | 200 receipt (already had it)
//   PUT  /api/v1/uploads/{id}?offset=N     resumable upload of a large envelope, in pieces
//   GET  /api/v1/uploads/{id}              → {"received": N}
//   POST /api/v1/uploads/{id}/complete     the assembled envelope, as POST /submissions
//   GET  /api/v1/submissions/{id}          → {"status", "receipt"}
//   POST /api/v1/devices                   {"public_key", "kind"} (open registration only)
//   GET  /api/v1/health
#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "crypto/keys.h"
#include "intake/store.h"

namespace tb::intake {

struct Config {
  crypto::KeyPair key;                         // signs receipts
  std::string name = "tongban-intake";         // written into receipts
  std::uint64_t max_bytes = 64ull << 20;       // largest envelope accepted
  double rate_per_device = 50;                 // submissions per second per device (token bucket)
  double burst_per_device = 200;
  bool open_registration = false;              // let devices register themselves (demo, tests)
  std::string upload_dir;                      // where resumable uploads are assembled
  std::int64_t max_clock_skew_s = 24 * 3600;   // created_at may not be further in the future
  // Uploads nobody finished (a device that never came back) are removed after upload_ttl_s; while
  // the pieces on disk exceed upload_budget_bytes, new pieces are refused (507), so abandoned or
  // hostile uploads cannot fill the disk.
  std::int64_t upload_ttl_s = 48 * 3600;
  std::uint64_t upload_budget_bytes = 8ull << 30;
};

struct SweepReport {
  std::size_t removed = 0;       // stale uploads deleted
  std::size_t kept = 0;          // uploads still in progress
  std::uint64_t kept_bytes = 0;
};

struct Outcome {
  int http = 0;            // 201 stored, 200 already stored, 4xx refused, 5xx failed
  std::string reason;      // for refusals, in words
  std::string receipt;     // signed receipt bytes when 200/201
};

class Intake {
 public:
  Intake(Config config, Store& store) : config_(std::move(config)), store_(store) {}
  void mount(httplib::Server& server);
  Outcome submit(const std::string& envelope, std::int64_t now);  // the whole check-store-receipt path
  // Removes uploads untouched for upload_ttl_s and recounts what is left (at start, then every
  // 10 minutes from the upload handler).
  SweepReport sweep_uploads(std::int64_t now);

 private:
  bool allow(const std::string& device, double now);
  Config config_;
  Store& store_;
  std::mutex mu_;
  std::map<std::string, std::pair<double, double>> buckets_;  // device → (tokens, last time)
  SweepReport sweep_uploads_locked(std::int64_t now);
  std::mutex upload_mu_;
  std::uint64_t upload_bytes_ = 0;   // pieces on disk (recounted by each sweep)
  std::int64_t last_sweep_ = 0;
};

}  // namespace tb::intake
