#include "serve_codes.h"

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>

#include "code/codes.h"
#include "text/mask.h"

namespace tb::cli {

void mount_demo_credentials(httplib::Server& server, crypto::KeyPair issuer) {
  // The handler is copied (std::function); the key is not: each copy shares the one the server owns.
  auto key = std::make_shared<const crypto::KeyPair>(std::move(issuer));
  server.Post("/api/v1/codes/credential", [key](const httplib::Request& req, httplib::Response& res) {
    auto refuse = [&res](const std::string& why) {
      res.status = 400;
      res.set_content(why + "\n", "text/plain; charset=utf-8");
    };
    const auto j = nlohmann::json::parse(req.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return refuse("expected JSON {public_key, name, id}");
    const auto pub = crypto::from_base64(j.value("public_key", ""));
    if (!pub || pub->size() != 32) return refuse("public_key must be 32 bytes of base64");
    const std::string name = j.value("name", ""), id = j.value("id", "");
    if (name.empty() || id.empty()) return refuse("name and id are required");
    code::Credential c;  // credential id: derived from the device key (keeps the code within QR 10-M)
    c.holder.name_masked = text::mask_name(name);
    c.holder.id_masked = text::mask_resident_id(id);
    c.device_public_key = *pub;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    c.valid_from = now - 60;
    c.valid_until = now + 365LL * 24 * 3600;
    const std::string credential = code::issue_credential(c, *key);
    res.status = 201;
    res.set_content(nlohmann::json{{"credential", crypto::to_base64(reinterpret_cast<const unsigned char*>(credential.data()),
                                                                      credential.size())},
                                   {"valid_until", c.valid_until}}
                        .dump(),
                    "application/json");
  });
}

}  // namespace tb::cli
