#include "serve_codes.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>

#include "check/validate.h"
#include "code/codes.h"
#include "crypto/sm.h"
#include "files.h"
#include "report.h"
#include "text/mask.h"

namespace tb::cli {

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

void mount_demo_credentials(http::Server& server, crypto::KeyPair issuer, std::vector<DemoResident> residents) {
  // The handler is copied (std::function); the key is not: each copy shares the one the server owns.
  auto key = std::make_shared<const crypto::KeyPair>(std::move(issuer));
  server.route("POST", "/api/v1/codes/credential", {4096, false}, [key, residents](http::Request& req) {
    const auto j = nlohmann::json::parse(req.body, nullptr, false);
    auto text_field = [&j](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
    if (!j.is_object()) return http::Response::text(400, "expected JSON {public_key, name, id}");
    // The phone's device key is in the issuer's suite (a code is one suite throughout): 32 bytes of
    // Ed25519, or an SM2 point (65 bytes, even y: what tongban's SM2 keys are) from an `sm` city's phone.
    const auto pub = crypto::from_base64(text_field("public_key"));
    const crypto::KeyKind device_kind = crypto::is_sm_kind(key->kind) ? crypto::KeyKind::Sm2Device : crypto::KeyKind::Device;
    const std::size_t want = crypto::public_key_size(device_kind);
    if (!pub || pub->size() != want)
      return http::Response::text(400, "public_key must be " + std::to_string(want) + " bytes of base64 (a " +
                                           crypto::key_kind_name(device_kind) + " key, the issuer's suite)");
    if (crypto::is_sm_kind(device_kind) && !crypto::sm::has_even_y(crypto::bytes_view(*pub)))
      return http::Response::text(400, "public_key is not an SM2 point with an even y (docs/CODES.md, \"Suites\")");
    const std::string name = text_field("name"), id = text_field("id");
    if (name.empty() || id.empty()) return http::Response::text(400, "name and id are required");
    const auto id_checked = check::check_resident_id(id);
    const std::string id_normal = id_checked.acceptable() ? id_checked.normalized : id;
    const bool listed = std::any_of(residents.begin(), residents.end(),
                                    [&](const DemoResident& r) { return r.name == name && r.id == id_normal; });
    if (!listed) return http::Response::text(403, "this demo desk issues personal codes to the demo residents only (只为示范居民发个人码)");
    code::Credential c;  // credential id: derived from the device key (keeps the code within QR 10-M)
    c.holder.name_masked = text::mask_name(name);
    c.holder.id_masked = text::mask_resident_id(id_normal);
    c.device_public_key = *pub;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    c.valid_from = now - 60;
    c.valid_until = now + 365LL * 24 * 3600;
    const std::string credential = code::issue_credential(c, *key);
    return http::Response::json(
        201, nlohmann::json{{"credential", crypto::to_base64(reinterpret_cast<const unsigned char*>(credential.data()), credential.size())},
                            {"valid_until", c.valid_until}}
                 .dump());
  });
}

}  // namespace tb::cli
