#pragma once
// Real-name sign-in (实名登录): the city's unified identity platform (统一身份认证, an OpenID Connect
// provider) signs an ID token for the resident; the credential desk checks it here before it binds
// the phone's device key to that real name. Pure: the shell hands in the token, the provider's
// pinned keys, the expected issuer and audience, and the time.
//
// What is accepted, and nothing else (one canonical way, RFC 7519/7515 as OpenID Connect Core 1.0
// §3.1.3.7 profiles it): a compact JWS of three base64url parts without padding; header alg "EdDSA"
// (Ed25519, RFC 8037) with the kid of a pinned key; payload with iss, aud (the desk's client id,
// alone or with azp naming it), sub, iat, exp, and the nonce the phone derived from its device key
// (device_nonce), so a token signed for one phone's key cannot bind another's.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/keys.h"
#include "identity/signin_request.h"  // device_nonce: what policy.nonce is
#include "result.h"

namespace tb::identity {

enum class IdTokenError {
  None,
  Malformed,      // not a compact JWS, bad base64url or JSON, a claim missing or of the wrong type
  UnknownKey,     // alg other than EdDSA, or a kid that is not pinned
  BadSignature,   // the signature does not verify
  WrongIssuer,    // iss is not the configured provider
  WrongAudience,  // aud (or azp) is not this desk's client
  Expired,        // exp is past (beyond the allowed clock skew)
  NotYetValid,    // iat is in the future (beyond the allowed skew)
  WrongNonce,     // signed for another device key (or another sign-in)
  NoRealName,     // no verified name and resident ID in the token
};
const char* reason_key(IdTokenError e);
const char* reason_text(IdTokenError e);

// A provider's signing key, pinned in the desk's configuration (a JWKS file).
struct ProviderKey {
  std::string kid;
  crypto::Bytes ed25519_public;  // 32 bytes
};

// The keys of a JWKS document ({"keys": [{"kty": "OKP", "crv": "Ed25519", "kid", "x"}, …]}). Keys of
// other types are skipped (a provider may publish RSA keys too); none usable is an error.
Result<std::vector<ProviderKey>, IdTokenError> parse_jwks(std::string_view json);

struct IdTokenPolicy {
  std::string issuer;    // exactly the provider's issuer URL
  std::string audience;  // the desk's client id at the provider
  std::vector<ProviderKey> keys;
  std::int64_t now = 0;  // seconds since the epoch, from the shell's clock
  std::int64_t skew_seconds = 60;
  std::string nonce;  // what the token must carry (device_nonce of the key being bound)
  // The claims that carry the real name: OpenID's `name`, and the resident ID under this claim.
  std::string id_number_claim = "id_number";
};

struct RealName {
  std::string subject;    // the provider's stable id for the person (sub)
  std::string name;       // 姓名, as the provider verified it
  std::string id_number;  // 公民身份号码, as the provider verified it
  std::int64_t expires_at = 0;
  std::string token_id;  // base64url SHA-256 of the whole token: what a desk remembers against replay
};

Result<RealName, IdTokenError> verify_id_token(std::string_view token, const IdTokenPolicy& policy);

}  // namespace tb::identity
