#pragma once
// The city's credential desk for personal codes: a phone sends its device public key and proof of
// who the resident is; it gets back an issuer-signed credential binding that key, from which it
// makes its rotating code. Two proofs, each only when configured:
//   - real-name sign-in (实名登录): an ID token from the city's identity provider (OpenID Connect,
//     `--signin-issuer`, `--signin-client-id`, `--signin-jwks`), signed for this device key (its
//     nonce is identity::device_nonce of the key), used once;
//   - the demo residents (`--demo-resident`, the embedded defaults): name and ID number of a
//     fictional profile the desk was given, so the demo works without a provider. The desk never
//     signs any other name and ID on the phone's word.
//   GET  /api/v1/signin            → 200 {"offered": true, "issuer", "client_id", "scope"} | {"offered": false}
//   POST /api/v1/codes/credential  {"public_key": base64, "id_token": JWS}
//                                  | {"public_key": base64, "name": "张丽华", "id": "2114…"} (demo)
//   → 201 {"credential": base64, "valid_until": unix, "profile": {"name", "id"}, "verified": "signin"|"demo"}
//   | 400 malformed | 401 {"reason", "error"} token refused | 403 not a demo resident
#include <optional>
#include <string>
#include <vector>

#include "crypto/keys.h"
#include "http/server.h"
#include "identity/id_token.h"

namespace tb::cli {

struct DemoResident {
  std::string name, id;
};

struct SignInDesk {
  std::string issuer, client_id;
  std::vector<identity::ProviderKey> keys;
};

struct CredentialDesk {
  std::vector<DemoResident> demo_residents;  // empty: no demo path
  std::optional<SignInDesk> signin;          // none: no real-name path
};

// Reads the demo residents from profile files ({"name", "id", …}); fails the command when one
// cannot be read.
std::vector<DemoResident> load_demo_residents(const std::vector<std::string>& profile_files);
// The provider's pinned keys from a JWKS file; fails the command with file and reason when unusable.
std::vector<identity::ProviderKey> load_provider_keys(const std::string& jwks_file);
// GET /api/v1/signin: what the phone offers on 我的 (every site answers, with or without sign-in).
void mount_signin_offer(http::Server& server, const std::optional<SignInDesk>& signin);
void mount_credential_desk(http::Server& server, crypto::KeyPair issuer, CredentialDesk desk);

}  // namespace tb::cli
