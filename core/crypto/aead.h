#pragma once
// Authenticated encryption for data at rest: drafts, outbox items, a kiosk's stored files.
// XChaCha20-Poly1305 (libsodium's crypto_aead_xchacha20poly1305_ietf), or SM4-GCM for devices of
// the sm suite. Keys and nonces are handed in
// (the core has no randomness): a 24-byte random nonce per message is safe with XChaCha20.
// The output carries the nonce: nonce (24) || ciphertext || tag (16).
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/keys.h"

namespace tb::crypto {

using Key32 = std::array<unsigned char, 32>;
using Nonce24 = std::array<unsigned char, 24>;

std::string seal_at_rest(const Key32& key, const Nonce24& nonce, std::string_view plaintext, std::string_view associated);
// nullopt when the data was changed, is truncated, or belongs to another key or context. Opens
// either cipher below: a device whose city changed suites still reads what it stored before.
std::optional<std::string> open_at_rest(const Key32& key, std::string_view sealed, std::string_view associated);

// The cipher a device seals its own data with: its suite's (docs/FORMATS.md, "Data at rest").
enum class AtRest {
  XChaCha20Poly1305,  // the ed25519 suite: nonce (24) || ciphertext || tag (16), as above
  Sm4Gcm,             // the sm suite (国密): nonce (12, the first 12 of the handed 24) || ciphertext ||
                      // tag (16), under the first 16 bytes of SM3("tongban-at-rest-sm4-v1" || key)
};
// The cipher of `key`'s suite: a device's own key, or (staff credentials) the key whose seed is sealed.
AtRest at_rest_for(KeyKind key);
// How long seal_at_rest(cipher, …) of `plaintext_bytes` is: its nonce, the bytes, the tag.
std::size_t sealed_at_rest_size(AtRest cipher, std::size_t plaintext_bytes);
// Seals with `cipher`; an empty string when the sm suite is not in this build.
std::string seal_at_rest(AtRest cipher, const Key32& key, const Nonce24& nonce, std::string_view plaintext,
                         std::string_view associated);

}  // namespace tb::crypto
