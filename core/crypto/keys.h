#pragma once
// Keys: Ed25519 signing keys (issuers, devices) and X25519 sealing keys (departments), their ids,
// and the text files operators keep them in. Key generation takes a seed: the core has no
// randomness of its own, the caller (CLI, kiosk, phone) hands it 32 random bytes. A secret half is a
// SecretKey: a key pair cannot be copied, only moved or referred to, and its secret wipes itself.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/secret_key.h"
#include "result.h"

namespace tb::crypto {

using Bytes = std::vector<unsigned char>;
// Key bytes seen as text bytes (the sm suite and protobuf fields take string_views).
inline std::string_view bytes_view(const Bytes& b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }
using Seed = std::array<unsigned char, 32>;

// 8 bytes of BLAKE2b-256(public key): short enough for codes, long enough to tell keys apart.
struct KeyId {
  std::array<unsigned char, 8> bytes{};
  std::string hex() const;
  bool operator==(const KeyId& o) const { return bytes == o.bytes; }
  bool operator<(const KeyId& o) const { return bytes < o.bytes; }
  static std::optional<KeyId> from_hex(std::string_view hex);
  static std::optional<KeyId> from_bytes(std::string_view raw);
};
KeyId key_id_of(const unsigned char* public_key, std::size_t size);

enum class KeyKind {
  Sign,    // "ed25519-sign": signs bundles, codes, receipts (issuers, the intake)
  Device,  // "ed25519-device": a kiosk's or phone install's signing key
  Seal,    // "x25519-seal": a department's key that submissions are sealed to
  // The national-cryptography suite `sm` (crypto/sm.h): the same three roles with SM2 keys.
  Sm2Sign,    // "sm2-sign"
  Sm2Device,  // "sm2-device"
  Sm2Seal,    // "sm2-seal": SM2 public-key encryption of part keys
};
const char* key_kind_name(KeyKind k);
std::optional<KeyKind> key_kind_from_name(std::string_view name);
bool is_signing_kind(KeyKind k);
// The suite a key belongs to: "ed25519-v1" (Ed25519 and X25519 keys) or "sm2-v1" (SM2 keys).
bool is_sm_kind(KeyKind k);
const char* suite_of(KeyKind k);
// The same role in the `sm` suite (Sign -> Sm2Sign, …); an SM2 kind stays itself.
KeyKind sm_kind_of(KeyKind k);
std::size_t public_key_size(KeyKind k);  // 32, or 65 for SM2 (04 || x || y)
std::size_t secret_key_size(KeyKind k);  // Ed25519 64, X25519 32, SM2 32

struct KeyPair {
  KeyKind kind = KeyKind::Sign;
  std::string name;
  KeyId id;
  Bytes public_key;      // 32 bytes; SM2: 65 (04 || x || y)
  SecretKey secret_key;  // Ed25519: 64 bytes (seed || public); X25519: 32 bytes; SM2: the scalar d, 32 bytes
};
// An SM2 kind in a build without the `sm` suite gives a pair with empty keys.
KeyPair keypair_from_seed(KeyKind kind, std::string name, const Seed& seed);

// The public half as operators distribute it.
struct PublicKey {
  KeyKind kind = KeyKind::Sign;
  std::string name;
  KeyId id;
  Bytes key;  // 32 bytes; SM2: 65
};
PublicKey public_half(const KeyPair& k);

// Key files: short, line-based, text-safe (docs/FORMATS.md):
//   tongban-key: 1 / kind: … / name: … / id: <16 hex> / public: <base64> [/ secret: <base64>]
std::string format_key_file(const KeyPair& k);          // NAME.key (contains the secret)
std::string format_public_key_file(const PublicKey& k);  // NAME.pub
// Why a key file was not read; the detail names the line ("line 3: unknown field 'x'").
enum class KeyError {
  None,
  NotAKeyFile,  // no "tongban-key: 1" line
  Unsupported,  // another file version or key kind
  Malformed,    // a line that is not "key: value", an unknown field, a key of the wrong length
  Mismatch,     // the id or the secret does not belong to the public key (edited or damaged)
};
const char* reason_key(KeyError e);
const char* reason_text(KeyError e);

// Parses either file; ids and key lengths are checked.
struct ParsedKey {
  PublicKey pub;
  std::optional<KeyPair> pair;  // present when the file holds the secret
};
Result<ParsedKey, KeyError> parse_key_file(std::string_view text);

std::string to_base64(const unsigned char* data, std::size_t size);
std::optional<Bytes> from_base64(std::string_view text);
// base64url without padding (RFC 7515 §2: JWS parts, JWK members), refused the same strict way:
// other characters, padding or a non-canonical last character (one encoding per token).
std::string to_base64url(const unsigned char* data, std::size_t size);
std::optional<Bytes> from_base64url(std::string_view text);
std::string to_hex(const unsigned char* data, std::size_t size);
std::string to_hex(std::string_view bytes);
// Hex (either case, even length) to bytes; nullopt if it is not hex.
std::optional<std::string> from_hex(std::string_view hex);

}  // namespace tb::crypto
