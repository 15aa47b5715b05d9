#pragma once
// Authenticated encryption (XChaCha20-Poly1305, libsodium's crypto_aead_xchacha20poly1305_ietf)
// for data at rest: drafts, outbox items, a kiosk's stored files. Keys and nonces are handed in
// (the core has no randomness): a 24-byte random nonce per message is safe with XChaCha20.
// The output carries the nonce: nonce (24) || ciphertext || tag (16).
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace tb::crypto {

using Key32 = std::array<unsigned char, 32>;
using Nonce24 = std::array<unsigned char, 24>;

std::string seal_at_rest(const Key32& key, const Nonce24& nonce, std::string_view plaintext, std::string_view associated);
// nullopt when the data was changed, is truncated, or belongs to another key or context.
std::optional<std::string> open_at_rest(const Key32& key, std::string_view sealed, std::string_view associated);

}  // namespace tb::crypto
