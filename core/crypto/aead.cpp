#include "crypto/aead.h"

#include <sodium.h>

#include "crypto/init.h"

namespace tb::crypto {

std::string seal_at_rest(const Key32& key, const Nonce24& nonce, std::string_view plaintext, std::string_view associated) {
  ensure_sodium();
  std::string out(nonce.size() + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  std::copy(nonce.begin(), nonce.end(), out.begin());
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(out.data()) + nonce.size(), &len,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(associated.data()), associated.size(), nullptr, nonce.data(), key.data());
  out.resize(nonce.size() + len);
  return out;
}

std::optional<std::string> open_at_rest(const Key32& key, std::string_view sealed, std::string_view associated) {
  ensure_sodium();
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (sealed.size() < kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES) return std::nullopt;
  std::string out(sealed.size() - kNonce, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &len, nullptr,
          reinterpret_cast<const unsigned char*>(sealed.data()) + kNonce, sealed.size() - kNonce,
          reinterpret_cast<const unsigned char*>(associated.data()), associated.size(),
          reinterpret_cast<const unsigned char*>(sealed.data()), key.data()) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

}  // namespace tb::crypto
