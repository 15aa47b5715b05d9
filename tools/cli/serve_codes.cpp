#include "serve_codes.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "check/validate.h"
#include "code/codes.h"
#include "crypto/sm.h"
#include "files.h"
#include "report.h"
#include "text/mask.h"

namespace tb::cli {
namespace {

std::int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// ID tokens already used to bind a key, until they expire: a token replayed (by whoever saw it) binds
// nothing. Bounded: past kMax unexpired tokens the desk refuses new sign-ins rather than forget.
class UsedTokens {
 public:
  static constexpr std::size_t kMax = 200000;
  enum class Outcome { Fresh, Replayed, Full };
  Outcome remember(const std::string& token_id, std::int64_t expires_at, std::int64_t now) {
    std::lock_guard<std::mutex> lock(m_);
    for (auto it = by_expiry_.begin(); it != by_expiry_.end() && it->first + 120 < now;) {
      seen_.erase(it->second);
      it = by_expiry_.erase(it);
    }
    if (seen_.count(token_id)) return Outcome::Replayed;
    if (seen_.size() >= kMax) return Outcome::Full;
    seen_[token_id] = expires_at;
    by_expiry_.emplace(expires_at, token_id);
    return Outcome::Fresh;
  }

 private:
  std::mutex m_;
  std::map<std::string, std::int64_t> seen_;
  std::multimap<std::int64_t, std::string> by_expiry_;
};

struct Shared {
  Shared(crypto::KeyPair k, CredentialDesk d) : issuer(std::move(k)), desk(std::move(d)) {}
  crypto::KeyPair issuer;
  CredentialDesk desk;
  UsedTokens used;
};

http::Response refusal(int status, const char* reason, const std::string& error) {
  return http::Response::json(status, nlohmann::json{{"reason", reason}, {"error", error}}.dump());
}

}  // namespace

std::vector<DemoResident> load_demo_residents(const std::vector<std::string>& profile_files) {
  std::vector<DemoResident> out;
  for (const auto& path : profile_files) {
    const auto text = try_read_file(path);
    if (!text) fail_with(text, "--demo-resident: ", kExitIo);
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object() || !j.contains("name") || !j["name"].is_string() || !j.contains("id") || !j["id"].is_string())
      fail_usage("--demo-resident " + path + ": expected a profile {\"name\": …, \"id\": …}");
    out.push_back({j["name"].get<std::string>(), j["id"].get<std::string>()});
  }
  return out;
}

std::vector<identity::ProviderKey> load_provider_keys(const std::string& jwks_file) {
  const auto text = try_read_file(jwks_file);
  if (!text) fail_with(text, "--signin-jwks: ", kExitIo);
  auto keys = identity::parse_jwks(*text);
  if (!keys) fail_usage("--signin-jwks " + jwks_file + ": " + keys.detail());
  return std::move(*keys);
}

void mount_signin_offer(http::Server& server, const std::optional<SignInDesk>& signin) {
  const std::string body = signin ? nlohmann::json{{"offered", true}, {"issuer", signin->issuer}, {"client_id", signin->client_id},
                                                   {"scope", "openid realname"}}
                                        .dump()
                                  : nlohmann::json{{"offered", false}}.dump();
  server.route("GET", "/api/v1/signin", {0, true}, [body](http::Request&) { return http::Response::json(200, body); });
}

void mount_credential_desk(http::Server& server, crypto::KeyPair issuer, CredentialDesk desk) {
  // The handlers are copied (std::function); the key and the used tokens are not: one, shared.
  auto s = std::make_shared<Shared>(std::move(issuer), std::move(desk));
  server.route("POST", "/api/v1/codes/credential", {32 * 1024, false}, [s](http::Request& req) {
    const auto j = nlohmann::json::parse(req.body, nullptr, false);
    auto text_field = [&j](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
    if (!j.is_object()) return http::Response::text(400, "expected JSON {public_key, id_token} or {public_key, name, id}");
    // The phone's device key is in the issuer's suite (a code is one suite throughout): 32 bytes of
    // Ed25519, or an SM2 point (65 bytes, even y: what tongban's SM2 keys are) from an `sm` city's phone.
    const auto pub = crypto::from_base64(text_field("public_key"));
    const crypto::KeyKind device_kind = crypto::is_sm_kind(s->issuer.kind) ? crypto::KeyKind::Sm2Device : crypto::KeyKind::Device;
    const std::size_t want = crypto::public_key_size(device_kind);
    if (!pub || pub->size() != want)
      return http::Response::text(400, "public_key must be " + std::to_string(want) + " bytes of base64 (a " +
                                           crypto::key_kind_name(device_kind) + " key, the issuer's suite)");
    if (crypto::is_sm_kind(device_kind) && !crypto::sm::has_even_y(crypto::bytes_view(*pub)))
      return http::Response::text(400, "public_key is not an SM2 point with an even y (docs/CODES.md, \"Suites\")");
    const std::int64_t now = now_s();
    std::string name, id, verified;
    if (j.contains("id_token")) {
      if (!s->desk.signin) return refusal(404, "no-signin", "这里没有接入统一身份认证");
      const auto& cfg = *s->desk.signin;
      identity::IdTokenPolicy policy;
      policy.issuer = cfg.issuer, policy.audience = cfg.client_id, policy.keys = cfg.keys, policy.now = now;
      policy.nonce = identity::device_nonce(*pub);  // signed for this key, or it binds nothing
      const auto who = identity::verify_id_token(text_field("id_token"), policy);
      if (!who) return refusal(401, identity::reason_key(who.reason()), who.message());
      switch (s->used.remember(who->token_id, who->expires_at, now)) {
        case UsedTokens::Outcome::Fresh: break;
        case UsedTokens::Outcome::Replayed: return refusal(401, "replayed", "这次登录已经用过，请重新登录");
        case UsedTokens::Outcome::Full: return refusal(503, "busy", "登录的人太多，请稍后再试");
      }
      name = who->name, id = who->id_number, verified = "signin";
    } else {
      if (s->desk.demo_residents.empty()) return refusal(403, "no-demo", "请先通过统一身份认证登录");
      name = text_field("name"), id = text_field("id");
      if (name.empty() || id.empty()) return http::Response::text(400, "name and id are required");
      verified = "demo";
    }
    const auto id_checked = check::check_resident_id(id);
    const std::string id_normal = id_checked.acceptable() ? id_checked.normalized : id;
    if (verified == "demo" && std::none_of(s->desk.demo_residents.begin(), s->desk.demo_residents.end(),
                                           [&](const DemoResident& r) { return r.name == name && r.id == id_normal; }))
      return http::Response::text(403, "this demo desk issues personal codes to the demo residents only (只为示范居民发个人码)");
    code::Credential c;  // credential id: derived from the device key (keeps the code within QR 10-M)
    c.holder.name_masked = text::mask_name(name);
    c.holder.id_masked = text::mask_resident_id(id_normal);
    c.device_public_key = *pub;
    c.valid_from = now - 60;
    c.valid_until = now + 365LL * 24 * 3600;
    const std::string credential = code::issue_credential(c, s->issuer);
    return http::Response::json(
        201, nlohmann::json{{"credential", crypto::to_base64(reinterpret_cast<const unsigned char*>(credential.data()), credential.size())},
                            {"valid_until", c.valid_until},
                            {"profile", {{"name", name}, {"id", id_normal}}},
                            {"verified", verified}}
                 .dump());
  });
}

}  // namespace tb::cli
