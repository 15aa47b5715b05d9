#pragma once
// The demo city's credential desk for personal codes: a phone sends its device public key and the
// demo resident's name and ID number; it gets back an issuer-signed credential binding that key,
// from which it makes its rotating code. A real city issues credentials only after real-name
// verification (实名认证) behind its login. This desk exists for the embedded defaults and tests
// (`tongban serve --code-issuer KEY`), so it signs only for the demo residents it was given (the
// fictional profiles of assets/demo-wallet): it is not an oracle that signs any name and ID.
//   POST /api/v1/codes/credential  {"public_key": base64, "name": "张丽华", "id": "2114…"}
//   → 201 {"credential": base64, "valid_until": unix} | 403 not a demo resident
#include <string>
#include <vector>

#include "crypto/keys.h"
#include "http/server.h"

namespace tb::cli {

struct DemoResident {
  std::string name, id;
};

// Reads the demo residents from profile files ({"name", "id", …}); fails the command when one
// cannot be read.
std::vector<DemoResident> load_demo_residents(const std::vector<std::string>& profile_files);
void mount_demo_credentials(http::Server& server, crypto::KeyPair issuer, std::vector<DemoResident> residents);

}  // namespace tb::cli
