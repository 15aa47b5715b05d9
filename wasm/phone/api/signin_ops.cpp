// Real-name sign-in's request, decided by the core for every shell (identity/signin_request.h):
//   signin.request {public_key (base64), verifier} → {nonce, challenge}
// The shell makes the verifier from the host's randomness and keeps it until the provider returns.
#include "crypto/keys.h"
#include "identity/signin_request.h"
#include "registry.h"

namespace tb::phone {
namespace {

json op_signin_request(const json& req) {
  std::string verifier;
  json error;
  if (!arg_string(req, "verifier", &verifier, &error)) return error;
  if (!identity::pkce_verifier_valid(verifier))
    return fail("argument 'verifier': 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)");
  const auto key = req.contains("public_key") ? from_b64(req["public_key"]) : std::nullopt;
  if (!key || key->empty()) return fail("argument 'public_key': the device's public key, base64, is required");
  const crypto::Bytes raw(key->begin(), key->end());
  return ok({{"nonce", identity::device_nonce(raw)}, {"challenge", identity::pkce_challenge(verifier)}});
}

}  // namespace

void register_signin_ops(Registry& r) { r["signin.request"] = op_signin_request; }

}  // namespace tb::phone
