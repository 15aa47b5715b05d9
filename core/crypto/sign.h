#pragma once
// Signed documents (proto::Signed): Ed25519 (suite "ed25519-v1") or SM2 (suite "sm2-v1", the key's
// kind decides) over a domain-separated message, so a signature made for one format can never be
// replayed as another:
//   <domain> 0x00 <format> 0x00 <format_version, u32 little-endian> <body>
// where the domain is "tongban-sig-v1" for Ed25519 and "tongban-sig-sm2-v1" for SM2.
// Verification checks the suite, the format, the version and the issuer against a TrustStore, and
// says precisely why it refuses; a suite that is not the trusted key's is refused (no downgrade).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/keys.h"
#include "proto/common.pb.h"

namespace tb::crypto {

inline constexpr const char* kSuiteEd25519 = "ed25519-v1";
// SM2 with SM3 (crypto/sm.h), ID "1234567812345678", raw r || s; signed message domain
// "tongban-sig-sm2-v1" instead of "tongban-sig-v1", so the suite is inside what is signed.
inline constexpr const char* kSuiteSm2 = "sm2-v1";

struct TrustedKey {
  PublicKey key;
  std::int64_t valid_from = 0;   // Unix seconds; 0: no lower bound
  std::int64_t valid_until = 0;  // Unix seconds; 0: no upper bound
  std::vector<std::string> formats;  // formats it may sign; empty: any
};

class TrustStore {
 public:
  void add(TrustedKey k) { keys_.push_back(std::move(k)); }
  const TrustedKey* find(const KeyId& id) const;
  bool empty() const { return keys_.empty(); }
  const std::vector<TrustedKey>& keys() const { return keys_; }

 private:
  std::vector<TrustedKey> keys_;
};

enum class SignError {
  None,
  Unsigned,          // no signature or no key id
  WrongFormat,       // signed, but for another kind of document
  UnsupportedVersion,
  UnknownSuite,
  UnknownIssuer,     // key id not in the trust store
  IssuerNotAllowed,  // key known, but not for this format, or not valid at that time
  BadSignature,      // tampered, or signed by another key
};
const char* reason_key(SignError e);
const char* reason_text(SignError e);

proto::Signed sign_document(std::string_view format, std::uint32_t format_version, std::string body,
                            const KeyPair& key);

// The trusted key that signed it, or why not (the detail: the unknown key id, the wrong format …).
using Verified = Result<const TrustedKey*, SignError>;
// `at` (Unix seconds) is checked against the key's validity; pass 0 to skip that check.
Verified verify_document(const proto::Signed& doc, std::string_view format, std::uint32_t max_version,
                         const TrustStore& trust, std::int64_t at);

// BLAKE2b-256.
std::string digest256(std::string_view data);
// The content digest of a suite: BLAKE2b-256 for "ed25519-v1", SM3 for "sm2-v1".
std::string digest_for_suite(std::string_view suite, std::string_view data);

// A detached Ed25519 (or, with an SM2 key, SM2) signature over `domain` 0x00 || bytes, for records
// that are not Signed documents (audit log entries, assistance records): the domain keeps each
// kind's signatures apart from every other's. Empty when the key cannot sign (not a signing pair
// with its secret). The verifier tells the suites apart by the public key's size (32 or 65).
std::string sign_detached(std::string_view domain, std::string_view bytes, const KeyPair& key);
bool verify_detached(std::string_view domain, std::string_view bytes, std::string_view signature,
                     const Bytes& public_key);

}  // namespace tb::crypto
