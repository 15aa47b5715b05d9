#include "crypto/aead.h"

#include <sodium.h>

#include "crypto/init.h"
#include "crypto/sm.h"
#include "crypto/wipe.h"

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

namespace {

constexpr std::size_t kSm4Nonce = 12, kTag = 16;  // SM4-GCM's tag, the same length as Poly1305's
static_assert(kTag == crypto_aead_xchacha20poly1305_ietf_ABYTES);

// A key of its own for SM4 (16 bytes), so the two ciphers never share key material.
std::string sm4_key_of(const Key32& key) {
  std::string input = "tongban-at-rest-sm4-v1";
  input.append(reinterpret_cast<const char*>(key.data()), key.size());
  std::string k = sm::sm3(input).substr(0, 16);
  wipe(input);
  return k;
}

std::optional<std::string> open_sm4(const Key32& key, std::string_view sealed, std::string_view associated) {
  if (!sm::available() || sealed.size() < kSm4Nonce + kTag) return std::nullopt;
  std::string k = sm4_key_of(key);
  auto out = sm::sm4_gcm_open(k, sealed.substr(0, kSm4Nonce), sealed.substr(kSm4Nonce), associated);
  wipe(k);
  return out;
}

}  // namespace

AtRest at_rest_for(KeyKind key) { return is_sm_kind(key) ? AtRest::Sm4Gcm : AtRest::XChaCha20Poly1305; }

std::size_t sealed_at_rest_size(AtRest cipher, std::size_t plaintext_bytes) {
  const std::size_t nonce = cipher == AtRest::Sm4Gcm ? kSm4Nonce : crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  return nonce + plaintext_bytes + kTag;
}

std::string seal_at_rest(AtRest cipher, const Key32& key, const Nonce24& nonce, std::string_view plaintext,
                         std::string_view associated) {
  if (cipher == AtRest::XChaCha20Poly1305) return seal_at_rest(key, nonce, plaintext, associated);
  if (!sm::available()) return {};
  const std::string_view n(reinterpret_cast<const char*>(nonce.data()), kSm4Nonce);
  std::string k = sm4_key_of(key);
  std::string out(n);
  out += sm::sm4_gcm_seal(k, n, plaintext, associated);
  wipe(k);
  return out;
}

std::optional<std::string> open_at_rest(const Key32& key, std::string_view sealed, std::string_view associated) {
  if (auto sm4 = open_sm4(key, sealed, associated)) return sm4;
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
