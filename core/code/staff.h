#pragma once
// Staff credentials (工作证, code kind TBW1): how a clerk signs in at a kiosk and signs what they do
// there as staff, offline (docs/CODES.md, "Staff credentials"; docs/STAFF.md).
//
// The issuer makes a fresh Ed25519 key for the staff member, seals its 32-byte seed with
// XChaCha20-Poly1305 under a key derived from their PIN (Argon2id, libsodium's crypto_pwhash,
// a fresh 16-byte salt), and signs the public key, the seal and the staff member's id, masked name
// and validity into the code. A kiosk verifies the code like any other (trust list, revocation
// list, validity), then opens the seal with the PIN typed on its keypad: a wrong PIN does not
// authenticate, so the PIN is checked offline without any PIN hash being stored anywhere; the right
// one yields the key, which the kiosk keeps only while the staff member is signed in.
//
// Seal:  key  = crypto_pwhash(32, PIN, salt, opslimit, memlimit, Argon2id 1.3)
//        ad   = "tongban-staff-key-v1" 0x00 || credential_id || public_key
//        sealed = nonce (24) || XChaCha20-Poly1305(key, nonce, ad, seed)      (72 bytes)
// In the sm suite (an SM2 issuer) the staff key is SM2 (65-byte public key) and the seal is
// crypto/aead.h's SM4-GCM at rest: nonce (12) || SM4-GCM(…) (60 bytes). The PIN stretching stays
// Argon2id: no SM-family password hash is standardised.
// The seed's public half must equal the credential's public key.
#include <cstdint>
#include <string>
#include <string_view>

#include "code/codes.h"
#include "crypto/entropy.h"
#include "crypto/keys.h"
#include "result.h"

namespace tb::code {

enum class StaffError {
  None,
  WeakPin,     // not 6–12 digits
  WrongPin,    // the seal does not open with this PIN
  Malformed,   // the credential's fields are not what a staff credential holds
  CannotSign,  // the issuer key cannot sign, or the derived key does not match the credential
};
const char* reason_key(StaffError e);   // "weak-pin", "wrong-pin", …
const char* reason_text(StaffError e);  // plain Chinese

inline constexpr std::size_t kMinPinDigits = 6, kMaxPinDigits = 12;
// Argon2id's "interactive" cost (2 passes, 64 MiB): about 0.1–0.3 s on a kiosk's CPU per try.
struct PinCost {
  std::uint32_t opslimit = 2;
  std::uint32_t memlimit_kib = 64 * 1024;
};

// A PIN is 6 to 12 digits (0–9, nothing else).
Status<StaffError> check_pin(std::string_view pin);

struct StaffIssue {
  std::string credential_id;  // 16 random bytes; empty: drawn from the entropy
  std::string staff_id, name, unit;  // name: masked before it goes in
  std::int64_t valid_from = 0, valid_until = 0;
};
struct IssuedStaff {
  std::string code;           // TBW1:…
  std::string credential_id;  // raw bytes (what `code revoke --id` names, in hex)
  crypto::PublicKey public_key;
};
// Makes the staff member's key from `entropy`, seals it under `pin` and signs the credential.
Result<IssuedStaff, StaffError> issue_staff_credential(const StaffIssue& issue, std::string_view pin,
                                                       const crypto::KeyPair& issuer, crypto::Entropy& entropy,
                                                       PinCost cost = {});
// Opens the staff key with the PIN (the credential as Verifier::verify returned it). The key's
// kind is Sign and its name the staff id; the caller wipes it (crypto::wipe) at sign-out.
Result<crypto::KeyPair, StaffError> unlock_staff_key(const Staff& staff, std::string_view pin);

}  // namespace tb::code
