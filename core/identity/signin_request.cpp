#include "identity/signin_request.h"

#include <sodium.h>

namespace tb::identity {
namespace {

std::string sha256_base64url(std::string_view a, std::string_view b = {}) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(a.data()), a.size());
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(b.data()), b.size());
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, h);
  return crypto::to_base64url(h, sizeof h);
}

}  // namespace

std::string device_nonce(const crypto::Bytes& device_public_key) {
  static constexpr char kContext[] = "tongban-device-nonce";  // with its NUL: a separator
  return sha256_base64url(std::string_view(kContext, sizeof kContext),
                          crypto::bytes_view(device_public_key));
}

std::string pkce_challenge(std::string_view verifier) { return sha256_base64url(verifier); }

bool pkce_verifier_valid(std::string_view verifier) {
  if (verifier.size() < 43 || verifier.size() > 128) return false;
  for (const char c : verifier) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (!unreserved) return false;
  }
  return true;
}

}  // namespace tb::identity
