#include "intake/server.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "crypto/keys.h"
#include "crypto/sm.h"
#include "host/log.h"
#include "seal/envelope.h"
#include "seal/receipt.h"
#include "seal/request_signature.h"

namespace tb::intake {
namespace {

constexpr std::size_t kMaxRateEntries = 100000;  // client addresses remembered by the registration limiter

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}
std::int64_t unix_now() { return static_cast<std::int64_t>(now_seconds()); }

http::Response reply(const Outcome& o) {
  if (o.http == 200 || o.http == 201) {
    http::Response r;
    r.status = o.http;
    r.content_type = "application/octet-stream";
    r.headers.emplace_back("X-Tongban-Status", o.http == 201 ? "stored" : "duplicate");
    r.body = o.receipt;
    return r;
  }
  http::Response r = http::Response::text(o.http, o.reason);
  if (o.http == 429 || o.http == 503 || o.http == 507) r.headers.emplace_back("Retry-After", "30");
  return r;
}

http::Response received_json(int status, std::uint64_t n) {
  return http::Response::json(status, nlohmann::json{{"received", n}}.dump());
}

bool is_hex_key_id(const std::string& s) {
  return s.size() == 16 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// "offset" as a device writes it: decimal digits only.
bool parse_offset(const std::string& s, std::uint64_t* out) {
  if (s.empty() || s.size() > 19) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

std::string upload_name(const std::string& device, const std::string& id) { return device + "-" + id + ".part"; }

// "<16 hex>-<32 hex>.part": only our pieces are counted and swept.
bool is_upload_name(const std::string& name, std::string* device) {
  if (name.size() != 16 + 1 + 32 + 5 || name[16] != '-' || name.compare(49, 5, ".part") != 0) return false;
  *device = name.substr(0, 16);
  return is_hex_key_id(*device);
}

// A heartbeat (docs/INTAKE.md, "Heartbeats"): the state of a machine, a few numbers and a version.
constexpr std::size_t kMaxHeartbeatBytes = 1024;
constexpr std::size_t kMaxAppVersionBytes = 32;
constexpr std::int64_t kMaxQueued = 1000000;
constexpr std::int64_t kLastSecondOf9999 = 253402300799;  // a last_update the fleet listing can show as a date
constexpr std::int64_t kMaxWhole = std::numeric_limits<std::int64_t>::max();

struct WholeField {
  const char* name;
  std::int64_t max;
  std::int64_t Heartbeat::*into;
};
const WholeField kWholeFields[] = {
    {"bundle_version", kMaxWhole, &Heartbeat::bundle_version},
    {"queued", kMaxQueued, &Heartbeat::queued},
    {"last_update", kLastSecondOf9999, &Heartbeat::last_update},
    {"free_disk_bytes", kMaxWhole, &Heartbeat::free_disk_bytes},
};

// A JSON integer from 0 to max: not 1.0, 1e3, "1" or true.
bool whole_number(const nlohmann::json& v, std::int64_t max, std::int64_t* out) {
  if (!v.is_number_integer()) return false;
  if (!v.is_number_unsigned()) {  // nlohmann reads only negative numbers (and -0) as signed
    const auto i = v.get<std::int64_t>();
    if (i < 0) return false;
    *out = i;
    return true;
  }
  const auto u = v.get<std::uint64_t>();
  if (u > static_cast<std::uint64_t>(max)) return false;
  *out = static_cast<std::int64_t>(u);
  return true;
}

// Printable ASCII without spaces: the fleet listing prints it as a column, on an operator's terminal.
bool is_app_version(const nlohmann::json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return !s.empty() && s.size() <= kMaxAppVersionBytes && std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// The body as JSON, and the first key its top-level object names twice (JSON parsers disagree on
// which one counts: refused rather than guessed).
nlohmann::json parse_once(const std::string& body, std::string* twice) {
  std::set<std::string> seen;
  return nlohmann::json::parse(
      body,
      [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        if (event == nlohmann::json::parse_event_t::key && depth == 1 && !seen.insert(parsed.get<std::string>()).second &&
            twice->empty())
          *twice = parsed.get<std::string>();
        return true;
      },
      false);
}

// Reads a heartbeat's body into `h` (all but received_at); "" when it is one, else why not, naming
// the field.
std::string read_heartbeat(const std::string& body, Heartbeat* h) {
  std::string twice;
  const auto j = parse_once(body, &twice);
  if (j.is_discarded()) return "the body is not JSON";
  if (!j.is_object())
    return "the body must be a JSON object {\"app_version\", \"bundle_version\", \"queued\", \"last_update\", \"free_disk_bytes\"}";
  if (!twice.empty()) return "field '" + host::log_field(twice, 64) + "' is given twice";
  for (const auto& item : j.items()) {
    const std::string& name = item.key();  // not a structured binding: clang's C++17 cannot capture one
    const bool known = name == "app_version" ||
                       std::any_of(std::begin(kWholeFields), std::end(kWholeFields), [&](const WholeField& f) { return name == f.name; });
    if (!known) return "unknown field '" + host::log_field(name, 64) + "'";
  }
  if (!j.contains("app_version")) return "missing field 'app_version'";
  if (!is_app_version(j["app_version"]))
    return "field 'app_version' must be a string of 1 to " + std::to_string(kMaxAppVersionBytes) + " printable ASCII characters, no spaces";
  h->app_version = j["app_version"].get<std::string>();
  for (const WholeField& f : kWholeFields) {
    if (!j.contains(f.name)) return std::string("missing field '") + f.name + "'";
    if (!whole_number(j[f.name], f.max, &(h->*f.into)))
      return std::string("field '") + f.name + "' must be a whole number from 0 to " + std::to_string(f.max);
  }
  return {};
}

// A push subscription (docs/INTAKE.md, "Notices"): what a browser's PushSubscription.toJSON()
// gives, {"endpoint", "expirationTime", "keys": {"p256dh", "auth"}}.
constexpr std::size_t kMaxSubscriptionBytes = 2048;

// The raw bytes of a base64url key of `size` bytes, or "" (with why in `why`).
std::string key_bytes(const nlohmann::json& keys, const char* name, std::size_t size, std::string* why) {
  if (!keys.contains(name) || !keys[name].is_string()) {
    *why = std::string("keys.") + name + " must be a base64url string";
    return {};
  }
  const auto b = crypto::from_base64url(keys[name].get_ref<const std::string&>());
  if (!b || b->size() != size) {
    *why = std::string("keys.") + name + " must be base64url of " + std::to_string(size) + " bytes";
    return {};
  }
  return std::string(b->begin(), b->end());
}

// Reads a subscription's body into `s` (all but device and created_at); "" when it is one.
std::string read_subscription(const std::string& body, PushSubscription* s) {
  std::string twice;
  const auto j = parse_once(body, &twice);
  if (j.is_discarded()) return "the body is not JSON";
  if (!j.is_object()) return "the body must be a JSON object {\"endpoint\", \"keys\": {\"p256dh\", \"auth\"}}";
  if (!twice.empty()) return "field '" + host::log_field(twice, 64) + "' is given twice";
  for (const auto& item : j.items()) {
    const std::string& name = item.key();
    if (name != "endpoint" && name != "keys" && name != "expirationTime") return "unknown field '" + host::log_field(name, 64) + "'";
  }
  if (!j.contains("endpoint") || !j["endpoint"].is_string()) return "field 'endpoint' must be a string";
  if (j.contains("expirationTime") && !j["expirationTime"].is_null() && !j["expirationTime"].is_number())
    return "field 'expirationTime' must be null or a number";
  if (!j.contains("keys") || !j["keys"].is_object()) return "field 'keys' must be an object {\"p256dh\", \"auth\"}";
  const auto& keys = j["keys"];
  for (const auto& item : keys.items())
    if (item.key() != "p256dh" && item.key() != "auth") return "unknown field 'keys." + host::log_field(item.key(), 64) + "'";
  std::string why;
  s->endpoint = j["endpoint"].get<std::string>();
  s->p256dh = key_bytes(keys, "p256dh", 65, &why);
  if (!why.empty()) return why;
  if (!webpush::is_p256_point(s->p256dh)) return "keys.p256dh is not a P-256 public key";
  s->auth = key_bytes(keys, "auth", 16, &why);
  return why;
}

bool write_all(int fd, const std::string& data) {
  std::size_t at = 0;
  while (at < data.size()) {
    const ssize_t n = ::write(fd, data.data() + at, data.size() - at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    at += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

Intake::Intake(Config config, Store& store) : config_(std::move(config)), store_(store) {
  if (!config_.upload_per_device) config_.upload_per_device = 2 * config_.max_bytes;
}

Intake::~Intake() {
  if (upload_fd_ >= 0) ::close(upload_fd_);
}

bool Intake::allow(std::map<std::string, std::pair<double, double>>& buckets, const std::string& who, double rate, double burst,
                   double now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (buckets.size() > kMaxRateEntries) {
    // Forget whoever has refilled completely: they are as if never seen.
    for (auto it = buckets.begin(); it != buckets.end();)
      it = it->second.first + (now - it->second.second) * rate >= burst ? buckets.erase(it) : std::next(it);
  }
  auto& [tokens, last] = buckets.try_emplace(who, burst, now).first->second;
  tokens = std::min(burst, tokens + (now - last) * rate);
  last = now;
  if (tokens < 1) return false;
  tokens -= 1;
  return true;
}

Outcome Intake::submit(std::string envelope, std::int64_t now, const SubmissionKey* expected) {
  if (envelope.size() > config_.max_bytes) return {413, "envelope too large (超过大小限制)", {}};
  const seal::Inspection in = seal::inspect_envelope(envelope, config_.max_bytes);
  if (!in) {
    const int http = in.reason() == seal::Refusal::TooLarge ? 413 : in.reason() == seal::Refusal::BadSignature ? 401 : 400;
    return {http, in.describe(), {}};
  }
  const auto& h = in.header;
  const std::string device_id = crypto::to_hex(h.device_key_id());
  const std::string id = crypto::to_hex(h.submission_id());
  if (expected && (expected->device != device_id || expected->id != id))
    return {400, "the uploaded envelope is not submission " + expected->id + " of device " + expected->device + " (上传内容与办件不符)", {}};
  const auto device = store_.device(device_id);
  if (!device && device.reason() != StoreError::NotFound) return {503, device.describe(), {}};
  if (!device || device->public_key != h.device_public_key())
    return {403, "unknown device " + device_id + " (设备未登记)", {}};
  if (h.created_at() > now + config_.max_clock_skew_s) return {400, "created in the future (设备时钟错误)", {}};
  if (!allow(device_buckets_, device_id, config_.rate_per_device, config_.burst_per_device, now_seconds()))
    return {429, "too many submissions from this device (提交过于频繁)", {}};

  proto::Receipt r;
  r.set_submission_id(h.submission_id());
  r.set_received_at(now);
  r.set_envelope_digest(in.digest);
  r.set_intake(config_.name);
  r.set_kind(h.kind());
  std::string departments;
  for (const auto& p : h.parts()) {
    r.add_departments(p.department());
    departments += (departments.empty() ? "" : ",") + p.department();
  }
  StoredSubmission s;
  s.id = id;
  s.digest = crypto::to_hex(in.digest);
  s.device = device_id;
  s.received_at = now;
  s.kind = h.kind();
  s.departments = departments;
  s.status = "submitted";
  s.receipt = seal::sign_receipt(r, config_.key);
  s.envelope = std::move(envelope);  // no copy: an envelope may be tens of MiB
  const auto stored = store_.insert(s);
  if (!stored) return {503, "not stored: " + stored.describe(), {}};
  switch (stored->outcome) {
    case InsertOutcome::Inserted: return {201, {}, s.receipt};
    case InsertOutcome::Duplicate: return {200, {}, stored->existing.receipt};  // sent again: the same receipt
    case InsertOutcome::Conflict: return {409, "submission id already used for other content (重放或伪造)", {}};
  }
  return {500, "unexpected", {}};
}

Outcome Intake::signer(const http::Request& req, std::int64_t now, std::string* device) {
  const seal::RequestSignature headers{req.header("x-tongban-device"), req.header("x-tongban-time"),
                                       req.header("x-tongban-signature")};
  const auto id = seal::read_request_signature(headers);
  if (!id) return {401, id.describe(), {}};
  const auto d = store_.device(headers.device);
  if (!d && d.reason() != StoreError::NotFound) return {503, d.describe(), {}};
  if (!d) return {403, "unknown device " + headers.device + " (设备未登记)", {}};
  const crypto::Bytes key(d->public_key.begin(), d->public_key.end());
  const auto ok = seal::verify_request(headers, key, req.method, req.target, req.body, now, config_.request_skew_s);
  if (!ok) return {401, ok.describe(), {}};
  *device = headers.device;
  return {};
}

http::Response Intake::on_submit(http::Request& req) { return reply(submit(std::move(req.body), unix_now())); }

http::Response Intake::on_status(http::Request& req) {
  const std::int64_t now = unix_now();
  std::string device = req.param("device");
  if (!device.empty() && !is_hex_key_id(device)) return http::Response::text(400, "device must be a key id (16 hex digits)");
  if (device.empty() && !req.header("x-tongban-signature").empty()) {  // a device asking about its own
    const Outcome o = signer(req, now, &device);
    if (o.http) return reply(o);
  }
  const auto s = find_submission(store_, device, req.matches[1], false);
  if (!s) {
    const int status = s.reason() == StoreError::NotFound ? 404 : s.reason() == StoreError::Ambiguous ? 409 : 503;
    // A database failure's detail (which database, what it said) is not for whoever asks.
    return http::Response::text(status, status == 503 ? "database unavailable" : s.describe());
  }
  nlohmann::json j = {{"id", s->id},
                      {"device", s->device},
                      {"status", s->status},
                      {"received_at", s->received_at},
                      {"receipt", crypto::to_base64(reinterpret_cast<const unsigned char*>(s->receipt.data()), s->receipt.size())}};
  return http::Response::json(200, j.dump());
}

std::uint64_t Intake::upload_size(const std::string& name) const {
  struct stat st{};
  if (::fstatat(upload_fd_, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<std::uint64_t>(st.st_size);
}

http::Response Intake::on_upload_put(http::Request& req) {
  if (upload_fd_ < 0) return http::Response::text(404, "uploads not enabled");
  const std::int64_t now = unix_now();
  std::string device;
  if (const Outcome o = signer(req, now, &device); o.http) return reply(o);
  std::uint64_t offset = 0;
  if (!parse_offset(req.param("offset"), &offset)) return http::Response::text(400, "offset must be a whole number of bytes");
  const std::string name = upload_name(device, req.matches[1]);
  std::lock_guard<std::mutex> lock(upload_mu_);
  if (now - last_sweep_ >= 600) sweep_uploads_locked(now);
  const std::uint64_t have = upload_size(name);
  if (offset != have) return received_json(409, have);  // out of step: tell the device where to continue
  const std::uint64_t n = req.body.size();
  if (have + n > config_.max_bytes) return http::Response::text(413, "envelope too large (超过大小限制)");
  std::uint64_t& mine = upload_by_device_[device];
  if (mine + n > config_.upload_per_device)
    return reply({507, "this device's unfinished uploads take all the space it may use, try again later (上传空间已满，请稍后重试)", {}});
  if (upload_bytes_ + n > config_.upload_budget_bytes)
    return reply({507, "upload space full, try again later (上传空间已满，请稍后重试)", {}});
  const int fd = ::openat(upload_fd_, name.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return reply({503, "cannot store the upload", {}});
  const bool ok = write_all(fd, req.body);
  ::close(fd);
  if (!ok) {
    // Cut back to what was there: the device resends the piece from `have`.
    const int back = ::openat(upload_fd_, name.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
    if (back >= 0) {
      if (::ftruncate(back, static_cast<off_t>(have)) != 0) host::log(host::Severity::Warning, "tongban intake: cannot cut back an upload");
      ::close(back);
    }
    return reply({503, "cannot store the upload", {}});
  }
  mine += n;
  upload_bytes_ += n;
  return received_json(200, have + n);
}

http::Response Intake::on_upload_get(http::Request& req) {
  if (upload_fd_ < 0) return http::Response::text(404, "uploads not enabled");
  std::string device;
  if (const Outcome o = signer(req, unix_now(), &device); o.http) return reply(o);
  std::lock_guard<std::mutex> lock(upload_mu_);
  return received_json(200, upload_size(upload_name(device, req.matches[1])));
}

http::Response Intake::on_upload_complete(http::Request& req) {
  if (upload_fd_ < 0) return http::Response::text(404, "uploads not enabled");
  const std::int64_t now = unix_now();
  std::string device;
  if (const Outcome o = signer(req, now, &device); o.http) return reply(o);
  const SubmissionKey key{device, req.matches[1]};
  const std::string name = upload_name(device, key.id);
  std::string envelope;
  {
    std::lock_guard<std::mutex> lock(upload_mu_);
    const int fd = ::openat(upload_fd_, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return http::Response::text(404, "no upload with this id");
    struct stat st{};
    const bool sized = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    const auto size = sized ? static_cast<std::uint64_t>(st.st_size) : 0;
    // The assembled envelope is read into memory: it takes its share of the server's budget.
    if (!sized || size > config_.max_bytes || !req.memory || !req.memory->resize(size)) {
      ::close(fd);
      if (sized && size > config_.max_bytes) return http::Response::text(413, "envelope too large (超过大小限制)");
      return reply({503, "server busy, try again later (服务繁忙，请稍后重试)", {}});
    }
    envelope.resize(static_cast<std::size_t>(size));
    std::size_t at = 0;
    while (at < envelope.size()) {
      const ssize_t n = ::pread(fd, &envelope[at], envelope.size() - at, static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      at += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (at != envelope.size()) return reply({503, "cannot read the upload", {}});
  }
  const Outcome o = submit(std::move(envelope), now, &key);
  // Decided for good (stored, or refused for what the bytes are): the pieces are not needed. An
  // unregistered device (403), a rate limit (429) or a failure (5xx) is retried with the same
  // upload, so it stays.
  if (o.http != 403 && o.http != 429 && o.http < 500) {
    std::lock_guard<std::mutex> lock(upload_mu_);
    const std::uint64_t size = upload_size(name);
    if (::unlinkat(upload_fd_, name.c_str(), 0) == 0) {
      upload_bytes_ -= std::min(upload_bytes_, size);
      auto& mine = upload_by_device_[device];
      mine -= std::min(mine, size);
    }
  }
  return reply(o);
}

http::Response Intake::on_register(http::Request& req) {
  if (!config_.open_registration) return http::Response::text(403, "device registration is closed");
  if (!allow(registration_buckets_, req.peer, config_.registrations_per_hour_per_ip / 3600, config_.registration_burst_per_ip,
             now_seconds()))
    return reply({429, "too many registrations from this address (登记过于频繁)", {}});
  const auto j = nlohmann::json::parse(req.body, nullptr, false);
  if (!j.is_object() || !j.contains("public_key") || !j["public_key"].is_string() || (j.contains("kind") && !j["kind"].is_string()))
    return http::Response::text(400, "expected {\"public_key\": base64, \"kind\": \"phone\" | \"kiosk\"}");
  const auto pub = crypto::from_base64(j["public_key"].get<std::string>());
  // Ed25519 (32 bytes) or, in the 国密 suite, an SM2 point (65 bytes 04 || x || y, on the curve).
  if (!pub || (pub->size() != 32 && pub->size() != crypto::sm::kPublicKeyBytes))
    return http::Response::text(400, "public_key must be base64 of 32 bytes (Ed25519) or 65 (SM2)");
  if (pub->size() == crypto::sm::kPublicKeyBytes)
    if (const auto point = crypto::sm::check_public_key(crypto::sm::recommended_curve(),
                                                        {reinterpret_cast<const char*>(pub->data()), pub->size()});
        !point)
      return http::Response::text(400, "public_key: " + point.describe());
  Device d;
  d.key_id = crypto::key_id_of(pub->data(), pub->size()).hex();
  d.public_key.assign(pub->begin(), pub->end());
  d.kind = j.value("kind", std::string("phone"));
  if (d.kind != "phone" && d.kind != "kiosk") return http::Response::text(400, "kind must be phone or kiosk");
  // The request is signed with the key it registers: nobody registers a key they do not hold.
  const seal::RequestSignature headers{req.header("x-tongban-device"), req.header("x-tongban-time"),
                                       req.header("x-tongban-signature")};
  const auto ok = seal::verify_request(headers, *pub, req.method, req.target, req.body, unix_now(), config_.request_skew_s);
  if (!ok) return reply({401, ok.describe(), {}});
  d.registered_at = unix_now();
  if (const auto registered = store_.register_device(d); !registered)
    return http::Response::text(503, "not registered: " + registered.describe());
  return http::Response::json(201, nlohmann::json{{"key_id", d.key_id}}.dump());
}

// A device's heartbeat: signed, by a registered device, like everything a device says about
// itself. The body is never logged (nothing personal is in it, and it stays that way).
http::Response Intake::on_heartbeat(http::Request& req) {
  const std::int64_t now = unix_now();
  std::string device;
  if (const Outcome o = signer(req, now, &device); o.http) return reply(o);
  Heartbeat h;
  if (const std::string why = read_heartbeat(req.body, &h); !why.empty())
    return http::Response::text(400, "heartbeat: " + why + " (心跳内容有误)");
  h.received_at = now;  // the intake's clock: a device's own may be wrong
  if (const auto kept = store_.put_heartbeat(device, h); !kept) return reply({503, "not stored: " + kept.describe(), {}});
  http::Response r;
  r.status = 204;
  return r;
}

http::Response Intake::on_push_key(http::Request&) {
  if (!notifier_) return http::Response::text(404, "notices are not set up on this intake (未开通消息提醒)");
  const std::string& k = notifier_->key().public_raw();
  return http::Response::json(
      200, nlohmann::json{{"key", crypto::to_base64url(reinterpret_cast<const unsigned char*>(k.data()), k.size())}}.dump());
}

// A device asks for its notices to be pushed to a browser's subscription. Signed by a registered
// device; the endpoint must be one of the configured push services (the intake calls it later:
// a stranger's URL must not make it call anywhere else). The body is never logged.
http::Response Intake::on_push_subscribe(http::Request& req) {
  if (!notifier_) return http::Response::text(404, "notices are not set up on this intake (未开通消息提醒)");
  const std::int64_t now = unix_now();
  std::string device;
  if (const Outcome o = signer(req, now, &device); o.http) return reply(o);
  PushSubscription s;
  if (const std::string why = read_subscription(req.body, &s); !why.empty())
    return http::Response::text(400, "push subscription: " + why + " (订阅内容有误)");
  const auto endpoint = webpush::parse_endpoint(s.endpoint);
  if (!endpoint) return http::Response::text(400, "push subscription: " + endpoint.detail() + " (订阅内容有误)");
  if (!notifier_->allowed(*endpoint))
    return http::Response::text(403, "push subscription: " + endpoint->host + ":" + std::to_string(endpoint->port) +
                                          " is not a push service this intake sends to (不支持的推送服务)");
  s.device = device;
  s.created_at = now;
  if (const auto kept = store_.put_subscription(s); !kept) return reply({503, "not stored: " + kept.describe(), {}});
  http::Response r;
  r.status = 204;
  return r;
}

http::Response Intake::on_push_unsubscribe(http::Request& req) {
  std::string device;
  if (const Outcome o = signer(req, unix_now(), &device); o.http) return reply(o);
  if (const auto dropped = store_.drop_subscription(device); !dropped) return reply({503, "not removed: " + dropped.describe(), {}});
  http::Response r;
  r.status = 204;
  return r;
}

http::Response Intake::on_wechat_templates(http::Request&) {
  if (!notifier_ || !notifier_->wechat()) return http::Response::text(404, "subscription messages are not set up on this intake (未开通消息提醒)");
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [kind, id] : notifier_->wechat()->config().templates) j[kind] = id;
  return http::Response::json(200, j.dump());
}

// The mini-program's consent to subscription messages: its wx.login code (traded with WeChat for the
// person's openid; the code itself is never kept) and the kinds the person accepted. The openid is
// kept as the device's subscription until each consented kind has had its one message. Signed by a
// registered device.
http::Response Intake::on_wechat_subscribe(http::Request& req) {
  if (!notifier_ || !notifier_->wechat()) return http::Response::text(404, "subscription messages are not set up on this intake (未开通消息提醒)");
  const std::int64_t now = unix_now();
  std::string device;
  if (const Outcome o = signer(req, now, &device); o.http) return reply(o);
  std::string twice;
  const auto j = parse_once(req.body, &twice);
  auto bad = [](const std::string& why) { return http::Response::text(400, "wechat subscription: " + why + " (订阅内容有误)"); };
  if (!j.is_object()) return bad("the body must be a JSON object {\"code\", \"kinds\"}");
  if (!twice.empty()) return bad("field '" + host::log_field(twice, 64) + "' is given twice");
  for (const auto& item : j.items())
    if (item.key() != "code" && item.key() != "kinds") return bad("unknown field '" + host::log_field(item.key(), 64) + "'");
  if (!j.contains("code") || !j["code"].is_string()) return bad("field 'code' must be the wx.login code");
  const std::string code = j["code"].get<std::string>();
  if (code.empty() || code.size() > 128 ||
      !std::all_of(code.begin(), code.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }))
    return bad("field 'code' must be 1 to 128 letters, digits, '_' or '-'");
  if (!j.contains("kinds") || !j["kinds"].is_array() || j["kinds"].empty() || j["kinds"].size() > 2)
    return bad("field 'kinds' must list what the person consented to: \"status\", \"reminder\"");
  std::set<std::string> kinds;
  for (const auto& k : j["kinds"]) {
    if (!k.is_string() || !notifier_->wechat()->config().templates.count(k.get<std::string>()))
      return bad("field 'kinds': each is \"status\" or \"reminder\"");
    kinds.insert(k.get<std::string>());
  }
  const auto openid = notifier_->wechat()->openid_of(code);
  if (!openid) return http::Response::text(openid.reason() == Fault::Refused ? 400 : 502, "wechat subscription: " + openid.detail());
  PushSubscription s;
  s.device = device;
  s.endpoint = "wxsub:" + *openid;
  for (const auto& k : kinds) s.auth += (s.auth.empty() ? "" : ",") + k;
  s.created_at = now;
  if (const auto kept = store_.put_subscription(s); !kept) return reply({503, "not stored: " + kept.describe(), {}});
  http::Response r;
  r.status = 204;
  return r;
}

Status<Fault> Intake::open_uploads(std::int64_t now) {
  if (config_.upload_dir.empty()) return {};
  const std::string& dir = config_.upload_dir;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return {Fault::Invalid, "cannot create the upload folder " + dir + ": " + std::strerror(errno)};
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return {Fault::Refused, "upload folder " + dir + ": " +
                                (errno == ELOOP || errno == ENOTDIR ? std::string("is a symbolic link or not a folder") : std::strerror(errno))};
  struct stat st{};
  std::string why;
  if (::fstat(fd, &st) != 0) why = std::strerror(errno);
  else if (st.st_uid != ::geteuid()) why = "belongs to another user (uid " + std::to_string(st.st_uid) + ")";
  else if ((st.st_mode & 077) != 0) why = "other users can use it (mode " + std::to_string((st.st_mode >> 6) & 7) + std::to_string((st.st_mode >> 3) & 7) + std::to_string(st.st_mode & 7) + "; it must be 700)";
  if (!why.empty()) {
    ::close(fd);
    return {Fault::Refused, "upload folder " + dir + " " + why};
  }
  {
    std::lock_guard<std::mutex> lock(upload_mu_);
    if (upload_fd_ >= 0) ::close(upload_fd_);
    upload_fd_ = fd;
  }
  const SweepReport r = sweep_uploads(now);
  if (r.removed)
    host::log(host::Severity::Notice, "tongban intake: removed " + std::to_string(r.removed) + " unfinished upload" +
                                          (r.removed == 1 ? "" : "s") + " older than " + std::to_string(config_.upload_ttl_s / 3600) + " h");
  return {};
}

void Intake::mount(http::Server& server) {
  server.route("GET", "/api/v1/health", {0, true}, [](http::Request&) { return http::Response::text(200, "ok"); });
  server.route("POST", "/api/v1/submissions", {config_.max_bytes, false}, [this](http::Request& r) { return on_submit(r); });
  server.route("GET", "/api/v1/submissions/([0-9a-f]{32})", {0, false}, [this](http::Request& r) { return on_status(r); });
  // Resumable uploads: a large envelope arrives in pieces; a dropped connection resumes where the
  // intake's copy ends (GET tells how much it has).
  server.route("PUT", "/api/v1/uploads/([0-9a-f]{32})", {config_.max_bytes, false}, [this](http::Request& r) { return on_upload_put(r); });
  server.route("GET", "/api/v1/uploads/([0-9a-f]{32})", {0, false}, [this](http::Request& r) { return on_upload_get(r); });
  server.route("POST", "/api/v1/uploads/([0-9a-f]{32})/complete", {0, false},
               [this](http::Request& r) { return on_upload_complete(r); });
  server.route("POST", "/api/v1/devices", {4096, false}, [this](http::Request& r) { return on_register(r); });
  server.route("POST", "/api/v1/heartbeat", {kMaxHeartbeatBytes, false}, [this](http::Request& r) { return on_heartbeat(r); });
  server.route("GET", "/api/v1/push-key", {0, true}, [this](http::Request& r) { return on_push_key(r); });
  server.route("POST", "/api/v1/push-subscriptions", {kMaxSubscriptionBytes, false}, [this](http::Request& r) { return on_push_subscribe(r); });
  server.route("DELETE", "/api/v1/push-subscriptions", {0, false}, [this](http::Request& r) { return on_push_unsubscribe(r); });
  server.route("GET", "/api/v1/wechat-templates", {0, true}, [this](http::Request& r) { return on_wechat_templates(r); });
  server.route("POST", "/api/v1/push-subscriptions/wechat", {kMaxSubscriptionBytes, false},
               [this](http::Request& r) { return on_wechat_subscribe(r); });
}

SweepReport Intake::sweep_uploads(std::int64_t now) {
  std::lock_guard<std::mutex> lock(upload_mu_);
  return sweep_uploads_locked(now);
}

SweepReport Intake::sweep_uploads_locked(std::int64_t now) {
  SweepReport r;
  last_sweep_ = now;
  if (upload_fd_ < 0) return r;
  const int fd = ::dup(upload_fd_);  // fdopendir takes the descriptor over
  DIR* dir = fd >= 0 ? ::fdopendir(fd) : nullptr;
  if (!dir) {
    if (fd >= 0) ::close(fd);
    return r;
  }
  ::rewinddir(dir);
  std::map<std::string, std::uint64_t> by_device;
  while (const dirent* e = ::readdir(dir)) {
    const std::string name = e->d_name;
    std::string device;
    if (!is_upload_name(name, &device)) continue;  // only our pieces
    struct stat st{};
    if (::fstatat(upload_fd_, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) continue;
    if (now - static_cast<std::int64_t>(st.st_mtime) > config_.upload_ttl_s && ::unlinkat(upload_fd_, name.c_str(), 0) == 0) {
      ++r.removed;
      continue;
    }
    ++r.kept;
    r.kept_bytes += static_cast<std::uint64_t>(st.st_size);
    by_device[device] += static_cast<std::uint64_t>(st.st_size);
  }
  ::closedir(dir);
  upload_bytes_ = r.kept_bytes;
  upload_by_device_ = std::move(by_device);
  return r;
}

}  // namespace tb::intake
