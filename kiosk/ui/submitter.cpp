#include "ui/submitter.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "crypto/aead.h"
#include "crypto/wipe.h"
#include "platform/platform.h"
#include "version.h"
#include "print/receipt_slip.h"
#include "seal/receipt.h"
#include "seal/request_signature.h"

namespace tb::kiosk {
namespace {

constexpr const char* kIndexContext = "tongban.kiosk.outbox.v1";

std::string as_string(const platform::Bytes& b) { return std::string(b.begin(), b.end()); }
platform::Bytes as_bytes(const std::string& s) { return platform::Bytes(s.begin(), s.end()); }
std::string envelope_name(const std::string& id) { return "outbox-" + id + ".tbs"; }

// One of the kiosk's two 32-byte secrets, or why not. From the secrets folder when the kiosk has
// one (systemd's decrypted credentials: read only, never made there, so a kiosk installed to keep
// them in its TPM never quietly falls back to a plain file); else from the data folder, made on
// first use.
Result<std::string, platform::PlatformError> secret_file(const std::string& name) {
  if (platform::has_secrets_dir()) {
    auto b = platform::read_secret(name);
    if (!b) return {b.reason(), b.detail()};
    if (b->size() != 32) {
      crypto::wipe(b->data(), b->size());
      return {platform::PlatformError::BadSpec, name + ": expected 32 bytes in the secrets folder, found " + std::to_string(b->size())};
    }
    std::string out = as_string(*b);
    crypto::wipe(b->data(), b->size());
    return out;
  }
  if (auto b = platform::read_data(name); b && b->size() == 32) return as_string(*b);
  platform::Bytes fresh(32);
  platform::entropy().fill(fresh.data(), fresh.size());
  if (!platform::write_data_atomic(name, fresh)) return {platform::PlatformError::Unavailable, "cannot write to the data folder"};
  return as_string(fresh);
}

// A deployment's suite is its guide issuer's (docs/FORMATS.md, "The `sm` suite"): in an `sm` city
// the kiosk's own key is SM2, so its envelopes, requests and audit log are all SM2/SM3/SM4. The
// seed is the same either way; only the key made from it differs.
crypto::KeyKind deployment_device_kind() {
  if (auto pub = platform::read_trust("guide-issuer.pub"))
    if (auto k = crypto::parse_key_file(as_string(*pub)); k && crypto::is_sm_kind(k->pub.kind)) return crypto::KeyKind::Sm2Device;
  return crypto::KeyKind::Device;
}

}  // namespace

void Submitter::init(std::int64_t wall_ms) {
  now_ = wall_ms;
  if (!platform::has_data_dir()) {
    problem_ = "no data folder (start the kiosk with --data DIR)";
    return;
  }
  auto seed = secret_file("device.seed");
  auto key = secret_file("data.key");
  if (!seed || !key) {
    problem_ = !seed ? seed.detail() : key.detail();
    if (seed) crypto::wipe(*seed);
    if (key) crypto::wipe(*key);
    return;
  }
  crypto::Seed s;
  std::copy(seed->begin(), seed->end(), s.begin());
  device_ = crypto::keypair_from_seed(deployment_device_kind(), "kiosk", s);
  crypto::wipe(s.data(), s.size());
  crypto::wipe(*seed);
  data_key_ = std::move(*key);
  platform::write_data_atomic("device.pub", as_bytes(crypto::format_public_key_file(crypto::public_half(device_))));

  // Receipts are trusted only from the intake whose key the kiosk was installed with.
  std::string why;
  if (auto pub = platform::read_trust("intake.pub")) {
    if (auto k = crypto::parse_key_file(as_string(*pub))) {
      crypto::TrustStore trust;
      trust.add({k->pub, 0, 0, {seal::kReceiptFormat}});
      outbox_.set_receipt_trust(std::move(trust));
    } else {
      why = k.describe();
    }
  } else {
    why = pub.detail();
  }
  if (!why.empty()) std::fprintf(stderr, "tongban-kiosk: intake key: %s (receipts can't be verified)\n", why.c_str());

  if (auto sealed = platform::read_data("outbox.index")) {
    crypto::Key32 k;
    std::copy(data_key_.begin(), data_key_.end(), k.begin());
    auto index = crypto::open_at_rest(k, as_string(*sealed), kIndexContext);
    if (!index || !outbox_.restore(*index))
      std::fprintf(stderr, "tongban-kiosk: outbox index unreadable; rebuilding it from the stored envelopes\n");
  }
  // Envelopes stored but not in the index (the power went between the two writes): adopt them.
  for (const auto& name : platform::list_data("outbox-")) {
    const std::string id = name.substr(7, name.size() - 7 - 4);
    if (outbox_.item(id)) continue;
    if (auto env = platform::read_data(name)) {
      auto effects = outbox_.adopt(as_string(*env), wall_ms);
      if (effects.empty()) std::fprintf(stderr, "tongban-kiosk: %s is not a usable envelope; left in place\n", name.c_str());
      perform(effects, nullptr);
    }
  }
  registered_ = platform::read_data("device.registered").has_value();
  available_ = true;
  if (!registered_) register_device();
}

void Submitter::register_device() {
  // The demo intake lets devices register themselves; a city's intake has its operator register
  // device.pub instead (tongban intake register-device), and this request is simply refused.
  const std::string body =
      nlohmann::json{{"public_key", crypto::to_base64(device_.public_key.data(), device_.public_key.size())}, {"kind", "kiosk"}}.dump();
  // Signed with the key it registers: the intake registers only keys their holder presents.
  const auto sig = seal::sign_request(device_, "POST", "/api/v1/devices", platform::wall_ms() / 1000, body);
  registration_ticket_ = platform::http_request("POST", "/api/v1/devices", body, "application/json",
                                                {{seal::kRequestDeviceHeader, sig.device},
                                                 {seal::kRequestTimeHeader, sig.time},
                                                 {seal::kRequestSignatureHeader, sig.signature}});
}

void Submitter::send_heartbeat(std::uint64_t bundle_version, std::int64_t last_update_s, std::uint64_t free_disk_bytes) {
  if (!available_) return;
  const std::string body = nlohmann::json{{"app_version", std::string(version())},
                                          {"bundle_version", bundle_version},
                                          {"queued", outbox_.queued()},
                                          {"last_update", last_update_s},
                                          {"free_disk_bytes", free_disk_bytes}}
                               .dump();
  const auto sig = seal::sign_request(device_, "POST", "/api/v1/heartbeat", platform::wall_ms() / 1000, body);
  platform::http_request("POST", "/api/v1/heartbeat", body, "application/json",
                         {{seal::kRequestDeviceHeader, sig.device},
                          {seal::kRequestTimeHeader, sig.time},
                          {seal::kRequestSignatureHeader, sig.signature}});
}

Result<std::string, SubmitError> Submitter::submit(const seal::SubmissionPlan& plan, const std::string& title,
                                                   const AttachmentBytes& attachment) {
  if (!available_) return {SubmitError::Unavailable};  // why is the operator's: problem(), said at start
  // Each part's attachments, in the order the plan lists them (the order the envelope wants).
  std::vector<std::vector<std::string>> bytes(plan.seal.parts.size());
  for (const auto& a : plan.attachments) {
    const std::string* b = attachment ? attachment(a.ref) : nullptr;
    if (!b || a.part >= bytes.size()) {
      for (auto& part : bytes)
        for (auto& x : part) crypto::wipe(x);
      return {SubmitError::PhotoGone};
    }
    bytes[a.part].push_back(*b);
  }
  auto envelope = seal::seal_envelope(plan.seal, bytes, device_, platform::entropy());
  for (auto& part : bytes)
    for (auto& x : part) crypto::wipe(x);
  if (!envelope) return {SubmitError::NotKept, envelope.message()};
  auto effects = outbox_.enqueue(*envelope, title, now_);
  if (!effects || effects->empty()) {  // refused, or (a fresh id cannot be) already queued
    return {SubmitError::NotKept, effects ? "已在待发送队列中" : effects.message()};
  }
  const std::string id = effects->front().id;
  perform(*effects, &*envelope);
  crypto::wipe(*envelope);
  return id;
}

void Submitter::perform(const std::vector<outbox::Effect>& effects, const std::string* envelope) {
  for (const auto& e : effects) {
    switch (e.kind) {
      case outbox::Effect::Kind::StoreEnvelope:
        if (envelope && !platform::write_data_atomic(envelope_name(e.id), as_bytes(*envelope)))
          std::fprintf(stderr, "tongban-kiosk: could not store envelope %s\n", e.id.c_str());
        platform::crash_point("after-store");
        break;
      case outbox::Effect::Kind::SaveIndex:
        save_index();
        platform::crash_point("after-index");
        break;
      case outbox::Effect::Kind::Send: send(e.id); break;
      case outbox::Effect::Kind::DeleteEnvelope: platform::remove_data(envelope_name(e.id)); break;
      case outbox::Effect::Kind::QueryStatus: break;
    }
  }
}

void Submitter::save_index() {
  crypto::Key32 k;
  crypto::Nonce24 n;
  std::copy(data_key_.begin(), data_key_.end(), k.begin());
  platform::entropy().fill(n.data(), n.size());
  if (!platform::write_data_atomic("outbox.index", as_bytes(crypto::seal_at_rest(crypto::at_rest_for(device_.kind), k, n, outbox_.index(), kIndexContext))))
    std::fprintf(stderr, "tongban-kiosk: could not save the outbox index\n");
}

void Submitter::send(const std::string& id) {
  auto env = platform::read_data(envelope_name(id));
  if (!env) {
    perform(outbox_.sent(id, {outbox::SendResult::Kind::Refused, {}, "本机已找不到这份申请的加密数据"}, now_), nullptr);
    return;
  }
  in_flight_[platform::http_request("POST", "/api/v1/submissions", as_string(*env))] = id;
}

bool Submitter::poll(std::int64_t wall_ms) {
  now_ = wall_ms;
  if (!available_) return false;
  bool changed = false;
  for (auto& r : platform::print_results()) {
    print_outcomes_[r.ticket] = std::move(r.problem);
    changed = true;
  }
  for (auto& r : platform::http_results()) {
    if (r.ticket == registration_ticket_) {
      registration_ticket_ = 0;
      if (r.status == 200 || r.status == 201) {
        registered_ = true;
        platform::write_data_atomic("device.registered", as_bytes(device_.id.hex()));
      }
      continue;
    }
    auto it = in_flight_.find(r.ticket);
    if (it == in_flight_.end()) continue;
    const std::string id = it->second;
    in_flight_.erase(it);
    outbox::SendResult result;
    offline_ = r.status == 0;
    if (r.status == 200 || r.status == 201) {
      result = {outbox::SendResult::Kind::Receipt, r.body, {}};
    } else if (r.status == 0) {
      result = {outbox::SendResult::Kind::Transient, {}, "网络不通，恢复后自动提交"};
    } else if (r.status == 403 || r.status == 429 || r.status >= 500) {
      // Not registered yet (the operator may still do it), busy, or down: try again later.
      result = {outbox::SendResult::Kind::Transient, {}, r.status == 403 ? "本机尚未登记" : "服务繁忙"};
      if (r.status == 403 && !registration_ticket_) register_device();
    } else {
      result = {outbox::SendResult::Kind::Refused, {}, r.body};
    }
    perform(outbox_.sent(id, result, wall_ms), nullptr);
    changed = true;
  }
  const auto due = outbox_.tick(wall_ms, true);
  if (!due.empty()) {
    perform(due, nullptr);
    changed = true;
  }
  return changed;
}

const char* reason_key(SubmitError e) {
  switch (e) {
    case SubmitError::None: return "ok";
    case SubmitError::Unavailable: return "unavailable";
    case SubmitError::PhotoGone: return "photo-gone";
    case SubmitError::NotKept: return "not-kept";
    case SubmitError::NotFound: return "not-found";
    case SubmitError::Unprintable: return "unprintable";
  }
  return "unknown";
}

const char* reason_text(SubmitError e) {
  switch (e) {
    case SubmitError::None: return "";
    case SubmitError::Unavailable: return "本机暂时不能提交申请，请到窗口办理";
    case SubmitError::PhotoGone: return "拍摄的材料照片已不在本机，请重新拍照";
    case SubmitError::NotKept: return "申请未能保存";
    case SubmitError::NotFound: return "找不到这份申请";
    case SubmitError::Unprintable: return "回执无法打印";
  }
  return "";
}

std::int64_t Submitter::ms_until_due(std::int64_t wall_ms) const {
  if (!available_) return -1;
  return outbox_.ms_until_due(wall_ms);
}

Result<std::string, SubmitError> Submitter::receipt_slip(const std::string& id, const std::string& departments) const {
  const auto* it = outbox_.item(id);
  if (!it) return {SubmitError::NotFound};
  print::ReceiptFacts f;
  f.title = it->title();
  f.id = id;
  f.departments = departments;
  if (!it->receipt().empty()) f.receipt_code = seal::receipt_code(it->receipt());
  f.local_seconds = platform::local_seconds(it->created_at_ms() / 1000);
  auto bytes = print::escpos_slip(print::receipt_slip(f), platform::printer_text, shape_);
  if (!bytes) return {SubmitError::Unprintable, bytes.message()};
  return std::move(*bytes);
}

Submitter::PrintStart Submitter::print(const std::string& slip, const std::string& id) {
  PrintStart s;
  if (platform::printer_configured()) s.ticket = platform::print_job(slip);
  else if (!platform::write_data_atomic("print-" + id.substr(0, 8) + ".escpos", as_bytes(slip)))
    s.problem = "回执没能保存，请联系工作人员";
  return s;
}

std::optional<std::string> Submitter::print_outcome(std::uint64_t ticket) {
  const auto it = print_outcomes_.find(ticket);
  if (it == print_outcomes_.end()) return std::nullopt;
  std::string problem = std::move(it->second);
  print_outcomes_.erase(it);
  return problem;
}

}  // namespace tb::kiosk
