#include "intake/server.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "seal/envelope.h"
#include "seal/receipt.h"

namespace tb::intake {
namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void reply_text(httplib::Response& res, int status, const std::string& text) {
  res.status = status;
  res.set_content(text + "\n", "text/plain; charset=utf-8");
}

void reply_outcome(httplib::Response& res, const Outcome& o) {
  if (o.http == 200 || o.http == 201) {
    res.status = o.http;
    res.set_header("X-Tongban-Status", o.http == 201 ? "stored" : "duplicate");
    res.set_content(o.receipt, "application/octet-stream");
  } else {
    reply_text(res, o.http, o.reason);
  }
}

}  // namespace

bool Intake::allow(const std::string& device, double now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& [tokens, last] = buckets_.try_emplace(device, config_.burst_per_device, now).first->second;
  tokens = std::min(config_.burst_per_device, tokens + (now - last) * config_.rate_per_device);
  last = now;
  if (tokens < 1) return false;
  tokens -= 1;
  return true;
}

Outcome Intake::submit(const std::string& envelope, std::int64_t now) {
  Outcome o;
  if (envelope.size() > config_.max_bytes) return {413, "envelope too large (超过大小限制)", {}};
  const seal::Inspection in = seal::inspect_envelope(envelope, config_.max_bytes);
  if (!in) {
    o.http = in.reason() == seal::Refusal::TooLarge ? 413 : in.reason() == seal::Refusal::BadSignature ? 401 : 400;
    o.reason = in.describe();
    return o;
  }
  const auto& h = in.header;
  const std::string device_id = crypto::to_hex(h.device_key_id());
  std::string error;
  const auto device = store_.device(device_id, &error);
  if (!error.empty()) return {503, "database unavailable: " + error, {}};
  if (!device || device->public_key != h.device_public_key())
    return {403, "unknown device " + device_id + " (设备未登记)", {}};
  if (h.created_at() > now + config_.max_clock_skew_s) return {400, "created in the future (设备时钟错误)", {}};
  if (!allow(device_id, now_seconds())) return {429, "too many submissions from this device (提交过于频繁)", {}};

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
  s.id = crypto::to_hex(h.submission_id());
  s.digest = crypto::to_hex(in.digest);
  s.device = device_id;
  s.received_at = now;
  s.kind = h.kind();
  s.departments = departments;
  s.status = "submitted";
  s.receipt = seal::sign_receipt(r, config_.key);
  s.envelope = envelope;
  StoredSubmission existing;
  switch (store_.insert(s, &existing, &error)) {
    case InsertResult::Inserted: return {201, {}, s.receipt};
    case InsertResult::Duplicate: return {200, {}, existing.receipt};  // sent again: the same receipt
    case InsertResult::Conflict: return {409, "submission id already used for other content (重放或伪造)", {}};
    case InsertResult::Failed: return {503, "not stored: " + error, {}};
  }
  return {500, "unexpected", {}};
}

void Intake::mount(httplib::Server& server) {
  if (!config_.upload_dir.empty()) ::mkdir(config_.upload_dir.c_str(), 0700);
  // cpp-httplib writes a response's headers and body in separate send()s; with Nagle on, the body
  // waits for the client's delayed ACK (~40 ms on Linux) on every request of a keep-alive
  // connection, which alone capped the intake at ~25 requests/s per connection.
  server.set_tcp_nodelay(true);
  server.Get("/api/v1/health", [](const httplib::Request&, httplib::Response& res) { reply_text(res, 200, "ok"); });

  server.Post("/api/v1/submissions", [this](const httplib::Request& req, httplib::Response& res) {
    reply_outcome(res, submit(req.body, static_cast<std::int64_t>(now_seconds())));
  });

  server.Get(R"(/api/v1/submissions/([0-9a-f]{32}))", [this](const httplib::Request& req, httplib::Response& res) {
    std::string error;
    const auto s = store_.get(req.matches[1], &error);
    if (!error.empty()) return reply_text(res, 503, "database unavailable");
    if (!s) return reply_text(res, 404, "no such submission");
    nlohmann::json j = {{"id", s->id}, {"status", s->status}, {"received_at", s->received_at},
                        {"receipt", crypto::to_base64(reinterpret_cast<const unsigned char*>(s->receipt.data()), s->receipt.size())}};
    res.set_content(j.dump(), "application/json");
  });

  if (!config_.upload_dir.empty()) {
    const SweepReport r = sweep_uploads(static_cast<std::int64_t>(now_seconds()));
    if (r.removed) std::fprintf(stderr, "tongban intake: removed %zu unfinished upload%s older than %lld h\n", r.removed,
                                r.removed == 1 ? "" : "s", static_cast<long long>(config_.upload_ttl_s / 3600));
  }
  // Resumable uploads: a large envelope arrives in pieces; a dropped connection resumes where the
  // server's copy ends (GET tells how much it has).
  auto part_path = [this](const std::string& id) { return config_.upload_dir + "/" + id + ".part"; };
  auto received = [](const std::string& path) -> std::uint64_t {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
  };
  server.Get(R"(/api/v1/uploads/([0-9a-f]{32}))", [part_path, received](const httplib::Request& req, httplib::Response& res) {
    res.set_content(nlohmann::json{{"received", received(part_path(req.matches[1]))}}.dump(), "application/json");
  });
  server.Put(R"(/api/v1/uploads/([0-9a-f]{32}))", [this, part_path, received](const httplib::Request& req, httplib::Response& res) {
    if (config_.upload_dir.empty()) return reply_text(res, 404, "uploads not enabled");
    const std::string path = part_path(req.matches[1]);
    std::lock_guard<std::mutex> lock(upload_mu_);
    const auto now = static_cast<std::int64_t>(now_seconds());
    if (now - last_sweep_ >= 600) sweep_uploads_locked(now);
    const std::uint64_t have = received(path);
    const std::uint64_t offset = std::strtoull(req.get_param_value("offset").c_str(), nullptr, 10);
    if (offset != have) {  // out of step: tell the device where to continue
      res.status = 409;
      res.set_content(nlohmann::json{{"received", have}}.dump(), "application/json");
      return;
    }
    if (have + req.body.size() > config_.max_bytes) return reply_text(res, 413, "envelope too large (超过大小限制)");
    if (upload_bytes_ + req.body.size() > config_.upload_budget_bytes)
      return reply_text(res, 507, "upload space full, try again later (上传空间已满，请稍后重试)");
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out.write(req.body.data(), static_cast<std::streamsize>(req.body.size()));
    out.flush();
    if (!out) return reply_text(res, 503, "cannot store the upload");
    upload_bytes_ += req.body.size();
    res.set_content(nlohmann::json{{"received", have + req.body.size()}}.dump(), "application/json");
  });
  server.Post(R"(/api/v1/uploads/([0-9a-f]{32})/complete)", [this, part_path](const httplib::Request& req, httplib::Response& res) {
    const std::string path = part_path(req.matches[1]);
    std::ifstream in(path, std::ios::binary);
    if (!in) return reply_text(res, 404, "no upload with this id");
    const std::string envelope((std::istreambuf_iterator<char>(in)), {});
    const Outcome o = submit(envelope, static_cast<std::int64_t>(now_seconds()));
    if (o.http < 500) {  // decided either way: the pieces are not needed
      std::lock_guard<std::mutex> lock(upload_mu_);
      if (::unlink(path.c_str()) == 0) upload_bytes_ -= std::min<std::uint64_t>(upload_bytes_, envelope.size());
    }
    reply_outcome(res, o);
  });

  server.Post("/api/v1/devices", [this](const httplib::Request& req, httplib::Response& res) {
    if (!config_.open_registration) return reply_text(res, 403, "device registration is closed");
    const auto j = nlohmann::json::parse(req.body, nullptr, false);
    if (j.is_discarded() || !j.contains("public_key") || !j["public_key"].is_string())
      return reply_text(res, 400, "expected {\"public_key\": base64, \"kind\": …}");
    const auto pub = crypto::from_base64(j["public_key"].get<std::string>());
    if (!pub || pub->size() != 32) return reply_text(res, 400, "public_key must be 32 bytes of base64");
    Device d;
    d.key_id = crypto::key_id_of(pub->data(), pub->size()).hex();
    d.public_key.assign(pub->begin(), pub->end());
    d.kind = j.value("kind", std::string("phone"));
    if (d.kind != "phone" && d.kind != "kiosk") return reply_text(res, 400, "kind must be phone or kiosk");
    d.registered_at = static_cast<std::int64_t>(now_seconds());
    std::string error;
    if (!store_.register_device(d, &error)) return reply_text(res, 503, "not registered: " + error);
    res.status = 201;
    res.set_content(nlohmann::json{{"key_id", d.key_id}}.dump(), "application/json");
  });
}

SweepReport Intake::sweep_uploads(std::int64_t now) {
  std::lock_guard<std::mutex> lock(upload_mu_);
  return sweep_uploads_locked(now);
}

SweepReport Intake::sweep_uploads_locked(std::int64_t now) {
  SweepReport r;
  last_sweep_ = now;
  DIR* dir = ::opendir(config_.upload_dir.c_str());
  if (!dir) return r;
  while (const dirent* e = ::readdir(dir)) {
    const std::string name = e->d_name;
    if (name.size() != 32 + 5 || name.compare(32, 5, ".part") != 0) continue;  // only our pieces
    const std::string path = config_.upload_dir + "/" + name;
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (now - static_cast<std::int64_t>(st.st_mtime) > config_.upload_ttl_s && ::unlink(path.c_str()) == 0) {
      ++r.removed;
      continue;
    }
    ++r.kept;
    r.kept_bytes += static_cast<std::uint64_t>(st.st_size);
  }
  ::closedir(dir);
  upload_bytes_ = r.kept_bytes;
  return r;
}

}  // namespace tb::intake
