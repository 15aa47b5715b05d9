#pragma once
// The demo city's credential desk for personal codes: a phone sends its device public key and the
// (demo) resident's name and ID number; it gets back an issuer-signed credential binding that key,
// from which it makes its rotating code. A real city issues credentials only after real-name
// verification (实名认证) behind its login; this endpoint exists for the embedded defaults and tests
// (`tongban serve --code-issuer KEY`).
//   POST /api/v1/codes/credential  {"public_key": base64, "name": "张丽华", "id": "2114…"}
//   → 201 {"credential": base64, "valid_until": unix}
#include <httplib.h>

#include "crypto/keys.h"

namespace tb::cli {

void mount_demo_credentials(httplib::Server& server, crypto::KeyPair issuer);

}  // namespace tb::cli
