#pragma once
// Offline revocation list: a compact probabilistic filter over revoked credential ids (opaque byte
// strings, typically 16 bytes) that an issuer tool builds deterministically, signs elsewhere, and
// offline verifiers open and query. Answers "maybe revoked" (always true for a revoked id: no false
// negatives) or "not revoked" (certain). Pure computation: no I/O, no clock, no randomness (the
// issuer hands in the 16-byte seed), no exceptions on bad input.
//
// ---- How it works --------------------------------------------------------------------------------
// Each id is hashed with BLAKE2b (libsodium crypto_generichash_blake2b_salt_personal, 16-byte output,
// no key, salt = the list's 16-byte seed, personalization = "tongban.revoke.1"). Let h0 be the first
// 8 output bytes read as a little-endian uint64. Then
//     bucket = ((h0 >> 32) * bucket_count) >> 32          (uniform in [0, bucket_count))
//     value  = h0 & (2^value_bits - 1)                       (the low value_bits bits, value_bits <= 32)
// Each bucket stores the sorted distinct values of its ids, Golomb-Rice coded: the gaps
// v[0], v[1]-v[0]-1, v[2]-v[1]-1, ... each written as quotient q = gap >> rice_bits in unary (q zero
// bits then a one bit) followed by the low rice_bits bits of the gap. A per-bucket bit offset table
// lets a lookup decode only its own bucket (on average half of it).
//
// False-positive rate: a non-member lands in a bucket holding n_b values and matches one of them with
// probability n_b / 2^value_bits, so the rate is entry_count / (bucket_count * 2^value_bits).
// revocation_build(…, fingerprint_bits = F) sizes buckets to hold at most 2^8 values on average
// (bucket_count = ceil(ids / 256)) and sets value_bits = F + 8, so the rate is <= 2^-F:
//     F = 11 (default): <= 4.9e-4, 12.66 bits per id -> 7,909,958 bytes for 5,000,000 ids (measured)
//     F = 14:           <= 6.1e-5, 15.66 bits per id -> 9.79 MB
//     F = 16:           <= 1.5e-5, 17.66 bits per id -> 11.04 MB
//     F = 17:           <= 7.6e-6, 18.66 bits per id -> 11.66 MB
// Size per id is F + ~1.53 (Rice coding of geometric gaps) + 0.125 (offset table) bits. No filter
// can do much better: any structure with false-positive rate e needs >= log2(1/e) bits per id, so
// 8 MB for 5 M ids (12.8 bits/id) cannot go below ~1.4e-4, and 1e-5 needs >= 10.4 MB (this format:
// ~11 MB). The default keeps a 5 M list under 8 MB; issuers wanting fewer false alarms pass a larger F.
// Lookups hash once and decode ~128 Rice codes (half a bucket): well under 1 us natively.
// The seed is public (it is in the list), so the filter resists nothing on its own: it assumes ids
// are assigned by the issuer (random or sequential), not picked by holders, who could otherwise
// search for an id that collides with a revoked fingerprint. Use a fresh seed for each list, so
// a false positive does not persist from one list to the next.
//
// ---- Serialized format, version 1 (all integers little-endian) ----------------------------------
//   offset  size        field
//   0       4           magic "TBRL"
//   4       1           version = 1
//   5       1           value_bits: width of a stored value, 1..32
//   6       1           rice_bits: low bits per Rice code, 0..value_bits
//   7       1           reserved, must be 0
//   8       4           bucket_count B, 1..2^26
//   12      4           id_count: distinct ids the list was built from (what count() reports)
//   16      4           entry_count: values stored over all buckets (<= id_count; two ids of one
//                       bucket can share a value). 0 exactly when id_count is 0.
//   20      16          seed: BLAKE2b salt
//   36      4*(B+1)     bucket bit offsets o[0..B] into the stream: o[0] = 0, non-decreasing;
//                       bucket b is bits [o[b], o[b+1]); o[B] is the stream length in bits
//   36+4(B+1)  ceil(o[B]/8)  the bit stream: stream bit i is bit (i % 8) (LSB first) of byte i/8;
//                       the unused high bits of the last byte are 0
// Nothing follows. open() checks every field, the exact total length, and decodes every bucket
// once (each must hold strictly increasing values < 2^value_bits ending exactly at its end offset,
// and the counts must add up to entry_count), so a list that opens is fully well-formed. Rice codes
// carry no redundancy, so many bit flips still give a well-formed (different) list: integrity is
// the signature's job, checked before open().
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace tb::code {

// The header of a list (the fixed 36 bytes), as parsed by RevocationFilter::open.
struct RevocationList {
  static constexpr std::uint8_t kVersion = 1;
  static constexpr std::size_t kHeaderBytes = 36;
  static constexpr std::uint32_t kMaxBuckets = 1u << 26;

  std::uint8_t version = kVersion;
  int value_bits = 0;
  int rice_bits = 0;
  std::uint32_t bucket_count = 0;
  std::uint32_t id_count = 0;
  std::uint32_t entry_count = 0;
  std::array<unsigned char, 16> seed{};

  // entry_count / (bucket_count * 2^value_bits): the chance a non-member answers "maybe revoked".
  double expected_false_positive_rate() const;
};

// The default F of revocation_build: false-positive rate <= 2^-11 (~4.9e-4), ~7.9 MB for 5 M ids.
constexpr int kRevocationDefaultFingerprintBits = 11;
constexpr int kRevocationMinFingerprintBits = 1;
constexpr int kRevocationMaxFingerprintBits = 24;

// Builds the serialized list from `ids` (duplicates are counted once; the order does not matter:
// the same set, seed and fingerprint_bits always give the same bytes). fingerprint_bits = F sets the
// false-positive rate to <= 2^-F (see above); it must be in [1, 24] (Fault::Invalid otherwise).
// Fault::TooLarge for more than 2^32-1 ids.
Result<std::string, Fault> revocation_build(const std::vector<std::string>& ids, const std::array<unsigned char, 16>& seed,
                                            int fingerprint_bits = kRevocationDefaultFingerprintBits);

class RevocationFilter {
 public:
  // Validates `bytes` completely (see the format above) and copies what it needs, so `bytes` may go
  // away afterwards. Fault::Malformed (or Unsupported: another version) and what is wrong otherwise.
  static Result<RevocationFilter, Fault> open(std::string_view bytes);

  // False for an id that is certainly not in the list; true for every listed id and, with the
  // list's false-positive rate, for others.
  bool maybe_revoked(std::string_view id) const;

  std::size_t size_bytes() const { return size_bytes_; }  // the serialized size
  std::size_t count() const { return list_.id_count; }   // distinct ids the list was built from
  std::size_t entries() const { return list_.entry_count; }
  const RevocationList& list() const { return list_; }

 private:
  RevocationFilter() = default;

  RevocationList list_;
  std::size_t size_bytes_ = 0;
  std::vector<std::uint32_t> offsets_;  // bucket_count + 1 bit offsets
  std::vector<std::uint64_t> words_;    // the bit stream, little-endian words, plus 2 zero words
};

}  // namespace tb::code
