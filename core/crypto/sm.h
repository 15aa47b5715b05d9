#pragma once
// The national-cryptography (国密) suite `sm`: SM3 digests (GB/T 32905), SM2 signatures and public
// key encryption (GB/T 32918, the recommended curve of part 5) and SM4-GCM (GB/T 32907 block
// cipher, GCM mode as in RFC 8998). Natively from OpenSSL 3 (SM2 curve arithmetic, SM3, HMAC-SM3)
// and libgcrypt (SM4-GCM: OpenSSL 3.0 has SM4 but not its GCM mode, which arrived in 3.2);
// core/crypto/suite_sm.cpp. A build without the suite (the WebAssembly modules this round) links
// core/crypto/suite_sm_absent.cpp instead, where available() is false and every operation fails.
//
// Byte layouts (docs/FORMATS.md, "The sm suite"):
//   public key   65 bytes, 04 || x || y (uncompressed, big-endian coordinates)
//   secret key   32 bytes, the scalar d (big-endian), 1 <= d <= n-2
//   signature    64 bytes, r || s (big-endian, 32 each): the raw form, not DER
//   ciphertext   C1 || C3 || C2: 65-byte point 04 || x1 || y1, 32-byte SM3 check value, then the
//                message xor the KDF stream (same length as the message): 97 bytes + message
//
// The core stays pure: signing draws no randomness (k is derived deterministically from the secret
// key and the message digest with HMAC-SM3, like RFC 6979 does with HMAC-SHA-2; a verifier cannot
// tell), encryption draws its k from the Entropy the caller hands in.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/entropy.h"
#include "crypto/secret_key.h"
#include "result.h"

namespace tb::crypto::sm {

// GM/T 0009's default distinguishing identifier (ID_A), used when a format names no other.
inline constexpr std::string_view kDefaultId = "1234567812345678";
inline constexpr std::size_t kPublicKeyBytes = 65, kSecretKeyBytes = 32, kSignatureBytes = 64;
inline constexpr std::size_t kCiphertextOverhead = 65 + 32;
inline constexpr std::size_t kSm4KeyBytes = 16, kGcmNonceBytes = 12, kGcmTagBytes = 16;

// False in a build without the suite: callers refuse `sm` documents as "not in this build".
bool available();

// Why an SM2 operation refused its input.
enum class SmError {
  None,
  BadLength,     // a key, signature or ciphertext of the wrong size (a truncated ciphertext)
  NotOnCurve,    // a point that is not on the curve, or not in the uncompressed 04 || x || y form
  Infinity,      // the point at infinity, or one whose cofactor multiple is
  BadSignature,  // r or s out of range, or the equation does not hold (tampered, another key or ID)
  Tampered,      // the ciphertext's SM3 check value does not match: changed or for another key
  Unavailable,   // the suite is not in this build
};
const char* reason_key(SmError e);
const char* reason_text(SmError e);

// SM3 digest (32 bytes).
std::string sm3(std::string_view data);

// An SM2 curve. Production uses the recommended curve; the conformance tests also build the
// standard's example curve (GB/T 32918 annexes), whose vectors fix their own k.
struct Curve;
const Curve& recommended_curve();
// Hex parameters (p, a, b, Gx, Gy, n; cofactor 1); nullptr if they do not make a curve.
std::shared_ptr<const Curve> curve_from_hex(const char* p, const char* a, const char* b, const char* gx,
                                            const char* gy, const char* n);

// SM2 keys in codes travel as their 32-byte x coordinate (a QR code has no room for 65 bytes):
// every key secret_from_seed makes has an even y, so x alone names the point.
bool has_even_y(std::string_view pub);           // a 65-byte 04 || x || y whose y is even
std::string point_from_x(std::string_view x32);  // 04 || x || y with y even; empty if x is on no point

// The secret scalar from 32 seed bytes (d = 1 + KDF(seed) mod (n - 2): never 0 or n - 1, where
// (1 + d) would have no inverse), replaced by n - d where d·G would have an odd y; and the public
// point of a secret.
SecretKey secret_from_seed(const unsigned char* seed32);
std::string public_from_secret(const Curve& curve, const SecretKey& d);
// A public key as 65 bytes, or why it is not one (wrong size, not on the curve, infinity).
Status<SmError> check_public_key(const Curve& curve, std::string_view pub);

// Z_A = SM3(ENTL || ID || a || b || Gx || Gy || xA || yA) (GB/T 32918.2 §5.5).
std::string z_value(const Curve& curve, std::string_view pub, std::string_view id);

// 64 bytes r || s over SM3(Z_A || msg); k derived from d and that digest (see above). Empty when
// the secret is not 32 bytes in range.
std::string sign(const SecretKey& d, std::string_view id, std::string_view msg);
// The same, given d's public key (a KeyPair's, which key files check against the secret): Z_A then
// needs no multiplication, which is half of a signature's time. A key that is not d's gives a
// signature that does not verify.
std::string sign(const SecretKey& d, std::string_view pub, std::string_view id, std::string_view msg);
// The same with k handed in (the standard's examples), on any curve.
std::string sign_with_k(const Curve& curve, const SecretKey& d, std::string_view id, std::string_view msg,
                        std::string_view k32);
// GB/T 32918.2 §7.1 on the recommended curve (with a precomputed table of multiples of G), or on
// any curve. The tests hold it to OpenSSL's own EVP SM2 verifier and to npm sm-crypto.
Status<SmError> verify(std::string_view pub, std::string_view id, std::string_view msg, std::string_view sig);
Status<SmError> verify_on(const Curve& curve, std::string_view pub, std::string_view id, std::string_view msg,
                          std::string_view sig);

// C1 || C3 || C2 for `msg` to `pub`, k drawn from `entropy` (64 bytes, reduced mod n - 1, plus 1).
// Fails on a bad public key (the caller must also refuse the result when a HandedEntropy ran short).
Result<std::string, SmError> encrypt(std::string_view pub, std::string_view msg, Entropy& entropy);
Result<std::string, SmError> encrypt_with_k(const Curve& curve, std::string_view pub, std::string_view msg,
                                            std::string_view k32);
Result<std::string, SmError> decrypt(const SecretKey& d, std::string_view ciphertext);
Result<std::string, SmError> decrypt_on(const Curve& curve, const SecretKey& d, std::string_view ciphertext);

// SM4-GCM with a 16-byte key and a 12-byte nonce: ciphertext || 16-byte tag.
std::string sm4_gcm_seal(std::string_view key16, std::string_view nonce12, std::string_view plaintext,
                         std::string_view associated);
// nullopt when changed, truncated, or for another key, nonce or associated data.
std::optional<std::string> sm4_gcm_open(std::string_view key16, std::string_view nonce12, std::string_view sealed,
                                        std::string_view associated);
// SM4 (ECB) applied `times` times to one block: the GB/T 32907 example vectors only.
std::string sm4_encrypt_block(std::string_view key16, std::string_view block16, unsigned long times = 1);

}  // namespace tb::crypto::sm
