#include "ui/code_lists.h"

#include <cstdio>
#include <string>

#include "crypto/keys.h"
#include "platform/platform.h"

namespace tb::kiosk {

// The city's code issuers (a trust list signed by its root key, both shipped with the kiosk) and,
// when the data folder has one, the latest revocation list a sync agent dropped there.
code::Verifier load_code_verifier(bool staff) {
  code::Verifier verifier(code::VerifierOptions{staff ? code::Scope::Staff : code::Scope::Venue, {}, 90, 30, 100'000});
  auto root = platform::read_trust("code-root.pub");
  auto list = root ? platform::read_trust("code-trust.tbt") : root;
  if (!list) {
    std::fprintf(stderr, "tongban-kiosk: codes: %s (scans will be refused as unknown issuer)\n", list.detail().c_str());
    return verifier;
  }
  auto key = crypto::parse_key_file(std::string(root->begin(), root->end()));
  if (!key) {
    std::fprintf(stderr, "tongban-kiosk: codes: code-root.pub: %s\n", key.describe().c_str());
    return verifier;
  }
  crypto::TrustStore roots;
  roots.add({key->pub, 0, 0, {}});
  const std::int64_t now = platform::wall_ms() / 1000;
  if (const auto installed = verifier.set_trust_list(std::string(list->begin(), list->end()), roots, now); !installed)
    std::fprintf(stderr, "tongban-kiosk: codes: trust list refused: %s\n", installed.describe().c_str());
  if (auto revoked = platform::read_data("code-revoked.tbl")) {
    if (const auto installed = verifier.set_revocation_list(std::string(revoked->begin(), revoked->end()), now); !installed)
      std::fprintf(stderr, "tongban-kiosk: codes: revocation list refused: %s\n", installed.describe().c_str());
  }
  return verifier;
}

}  // namespace tb::kiosk
