#pragma once
// The intake API (docs/INTAKE.md) on the asynchronous HTTP server (tools/http). Checks what can be
// checked without being able to read a submission — structure, size, the device's signature, that
// the device is registered, rate — stores the envelope opaque, and answers with a signed receipt.
//   POST /api/v1/submissions                body: envelope → 201 receipt | 200 receipt (already had it)
//   PUT  /api/v1/uploads/{id}?offset=N      resumable upload of a large envelope, in pieces  (signed)
//   GET  /api/v1/uploads/{id}               → {"received": N}                              (signed)
//   POST /api/v1/uploads/{id}/complete      the assembled envelope, as POST /submissions   (signed)
//   GET  /api/v1/submissions/{id}[?device=] → {"status", "received_at", "receipt"}
//   POST /api/v1/devices                    {"public_key", "kind"} (open registration only; signed)
//   POST /api/v1/heartbeat                  {"app_version", "bundle_version", "queued", "last_update",
//                                           "free_disk_bytes"} → 204, kept as the device's latest (signed)
//   GET  /api/v1/push-key                  → {"key"}: the VAPID public key (base64url), when notices are on
//   POST /api/v1/push-subscriptions        a browser's PushSubscription.toJSON() → 204, the device's (signed)
//   DELETE /api/v1/push-subscriptions      → 204: no more notices for the device (signed)
//   GET  /api/v1/wechat-templates          → {"status", "reminder"}: the mini-program's subscription message templates
//   POST /api/v1/push-subscriptions/wechat {"code", "kinds"}: a wx.login code and the kinds consented to → 204 (signed)
//   GET  /api/v1/health
// "Signed": a device's request signature (core/seal/request_signature.h). Uploads belong to the
// device that signed them, and submission ids are unique per device.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "crypto/keys.h"
#include "http/server.h"
#include "intake/notifier.h"
#include "intake/store.h"
#include "result.h"

namespace tb::intake {

struct Config {
  crypto::KeyPair key;                         // signs receipts
  std::string name = "tongban-intake";         // written into receipts
  std::uint64_t max_bytes = 64ull << 20;       // largest envelope accepted
  double rate_per_device = 50;                 // submissions per second per device (token bucket)
  double burst_per_device = 200;
  bool open_registration = false;              // let devices register themselves (demo, tests)
  // Open registration, per client address: a burst, then this many an hour.
  double registrations_per_hour_per_ip = 60;
  double registration_burst_per_ip = 60;
  std::string upload_dir;                      // where resumable uploads are assembled
  std::int64_t max_clock_skew_s = 24 * 3600;   // created_at may not be further in the future
  std::int64_t request_skew_s = 600;           // a signed request's time: within ± this of the intake's clock
  // Uploads nobody finished (a device that never came back) are removed after upload_ttl_s; while
  // the pieces on disk exceed upload_budget_bytes (or a device's own exceed upload_per_device),
  // new pieces are refused (507), so abandoned or hostile uploads cannot fill the disk.
  std::int64_t upload_ttl_s = 48 * 3600;
  std::uint64_t upload_budget_bytes = 8ull << 30;
  std::uint64_t upload_per_device = 0;         // 0: twice max_bytes
};

struct SweepReport {
  std::size_t removed = 0;       // stale uploads deleted
  std::size_t kept = 0;          // uploads still in progress
  std::uint64_t kept_bytes = 0;
};

struct Outcome {
  int http = 0;            // 201 stored, 200 already stored, 4xx refused, 5xx failed; 0: go on
  std::string reason;      // for refusals, in words
  std::string receipt;     // signed receipt bytes when 200/201
};

class Intake {
 public:
  Intake(Config config, Store& store);
  ~Intake();
  Intake(const Intake&) = delete;
  Intake& operator=(const Intake&) = delete;

  // Opens the upload folder: created 0700 when missing; refused when it is a symbolic link, not a
  // folder, another user's, or open to other users. Then removes stale uploads.
  Status<Fault> open_uploads(std::int64_t now);
  void mount(http::Server& server);
  // Turns on the push routes: subscriptions are checked against its push services, and GET
  // /api/v1/push-key answers with its key. Without one, they answer 404.
  void set_notifier(const Notifier* n) { notifier_ = n; }

  // The whole check-store-receipt path. `expected` (an assembled upload) must name the envelope's
  // device and submission id.
  Outcome submit(std::string envelope, std::int64_t now, const SubmissionKey* expected = nullptr);
  // Removes uploads untouched for upload_ttl_s and recounts what is left (at start, then every
  // 10 minutes from the upload handler).
  SweepReport sweep_uploads(std::int64_t now);

  // The routes' handlers (public for the fuzz target, which calls them without a socket).
  http::Response on_submit(http::Request& req);
  http::Response on_status(http::Request& req);
  http::Response on_upload_put(http::Request& req);
  http::Response on_upload_get(http::Request& req);
  http::Response on_upload_complete(http::Request& req);
  http::Response on_register(http::Request& req);
  http::Response on_heartbeat(http::Request& req);
  http::Response on_push_key(http::Request& req);
  http::Response on_push_subscribe(http::Request& req);
  http::Response on_push_unsubscribe(http::Request& req);
  http::Response on_wechat_templates(http::Request& req);
  http::Response on_wechat_subscribe(http::Request& req);

 private:
  // The registered device that signed `req`: its key id in `device`, or the refusal.
  Outcome signer(const http::Request& req, std::int64_t now, std::string* device);
  bool allow(std::map<std::string, std::pair<double, double>>& buckets, const std::string& who, double rate, double burst,
             double now);
  SweepReport sweep_uploads_locked(std::int64_t now);
  std::uint64_t upload_size(const std::string& name) const;

  Config config_;
  Store& store_;
  const Notifier* notifier_ = nullptr;
  std::mutex mu_;
  std::map<std::string, std::pair<double, double>> device_buckets_;        // device → (tokens, last time)
  std::map<std::string, std::pair<double, double>> registration_buckets_;  // client address → …
  std::mutex upload_mu_;
  int upload_fd_ = -1;               // the upload folder, opened once (names are resolved in it)
  std::uint64_t upload_bytes_ = 0;   // pieces on disk (recounted by each sweep)
  std::map<std::string, std::uint64_t> upload_by_device_;
  std::int64_t last_sweep_ = 0;
};

}  // namespace tb::intake
