// Revocation list: hash-partitioned, Golomb-Rice coded fingerprint sets. The format and the
// false-positive arithmetic are described in revocation.h.
#include "code/revocation.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "crypto/init.h"

namespace tb::code {
namespace {

// log2 of the average number of ids per bucket the builder aims for. Larger buckets make the offset
// table smaller (32 / 2^kBucketBits bits per id) and lookups slower (they decode half a bucket on
// average). Only the builder uses it: the format records bucket_count and value_bits themselves.
constexpr int kBucketBits = 8;

constexpr unsigned char kPersonal[crypto_generichash_blake2b_PERSONALBYTES] = {
    't', 'o', 'n', 'g', 'b', 'a', 'n', '.', 'r', 'e', 'v', 'o', 'k', 'e', '.', '1'};
static_assert(sizeof(kPersonal) == 16, "BLAKE2b personalization is 16 bytes");
static_assert(crypto_generichash_blake2b_SALTBYTES == 16, "the seed is the BLAKE2b salt");

struct Hash {
  std::uint64_t h0 = 0;  // bucket (high half) and value (low bits)
  std::uint64_t h1 = 0;  // only used by the builder to count distinct ids
};

std::uint64_t load_le64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
std::uint32_t load_le32(const unsigned char* p) {
  return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}
void put_le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

Hash hash_id(std::string_view id, const unsigned char* seed) {
  unsigned char out[16];
  crypto_generichash_blake2b_salt_personal(out, sizeof out, reinterpret_cast<const unsigned char*>(id.data()),
                                           id.size(), nullptr, 0, seed, kPersonal);
  return {load_le64(out), load_le64(out + 8)};
}

std::uint32_t bucket_of(std::uint64_t h0, std::uint32_t buckets) {
  return static_cast<std::uint32_t>(((h0 >> 32) * buckets) >> 32);
}
std::uint32_t value_of(std::uint64_t h0, int value_bits) {
  return static_cast<std::uint32_t>(h0 & ((std::uint64_t{1} << value_bits) - 1));
}

// --- Bit stream -----------------------------------------------------------------------------------

class BitWriter {
 public:
  void put(std::uint64_t value, int bits) {  // the low `bits` bits of value, 0 <= bits <= 32
    if (bits == 0) return;
    value &= (std::uint64_t{1} << bits) - 1;
    const std::size_t word = bits_ >> 6;
    const int shift = static_cast<int>(bits_ & 63);
    if (word >= words_.size()) words_.push_back(0);
    words_[word] |= value << shift;
    if (shift + bits > 64) words_.push_back(value >> (64 - shift));
    bits_ += static_cast<std::uint64_t>(bits);
  }
  void put_unary(std::uint64_t q) {  // q zero bits, then a one bit
    while (q >= 32) {
      put(0, 32);
      q -= 32;
    }
    put(std::uint64_t{1} << q, static_cast<int>(q) + 1);
  }
  std::uint64_t bits() const { return bits_; }
  const std::vector<std::uint64_t>& words() const { return words_; }

 private:
  std::vector<std::uint64_t> words_;
  std::uint64_t bits_ = 0;
};

// Reads 64 bits starting at bit `pos`. The words vector carries two zero words past the stream, so
// any pos <= stream length is safe.
inline std::uint64_t peek64(const std::uint64_t* words, std::uint64_t pos) {
  const std::uint64_t i = pos >> 6;
  const unsigned shift = static_cast<unsigned>(pos & 63);
  std::uint64_t v = words[i] >> shift;
  if (shift) v |= words[i + 1] << (64 - shift);
  return v;
}

// Decodes one Rice code starting at `pos`, not reading past `end`. Returns false if the code does
// not fit before `end` or codes a gap of 2^32 or more (only possible in a malformed list).
inline bool read_rice(const std::uint64_t* words, std::uint64_t& pos, std::uint64_t end, int rice_bits,
                      std::uint64_t& gap) {
  std::uint64_t q = 0;
  std::uint64_t x;
  for (;;) {  // the unary quotient: almost always shorter than 64 bits, so one pass
    if (pos >= end) return false;
    x = peek64(words, pos);
    if (x != 0) break;
    q += 64;
    pos += 64;
  }
  const unsigned z = static_cast<unsigned>(__builtin_ctzll(x));
  q += z;
  const std::uint64_t length = z + 1 + static_cast<unsigned>(rice_bits);  // from pos: rest of unary + low bits
  if (end - pos < length) return false;
  if (q > (std::uint64_t{0xFFFFFFFF} >> rice_bits)) return false;  // every gap is < 2^32
  const std::uint64_t mask = (std::uint64_t{1} << rice_bits) - 1;
  std::uint64_t low = 0;
  if (length <= 64)  // the low bits are in the word already read
    low = rice_bits ? (x >> (z + 1)) & mask : 0;
  else
    low = peek64(words, pos + z + 1) & mask;
  pos += length;
  gap = (q << rice_bits) | low;
  return true;
}

// Every failure names the list, as the CLI and the kiosk's log print it.
template <class T>
Result<T, Fault> refused(Fault reason, const std::string& why) {
  return {reason, "revocation list: " + why};
}

}  // namespace

double RevocationList::expected_false_positive_rate() const {
  if (bucket_count == 0 || value_bits <= 0) return 0.0;
  return static_cast<double>(entry_count) / (static_cast<double>(bucket_count) * std::ldexp(1.0, value_bits));
}

// --- Building -------------------------------------------------------------------------------------

Result<std::string, Fault> revocation_build(const std::vector<std::string>& ids, const std::array<unsigned char, 16>& seed,
                                            int fingerprint_bits) {
  const auto fail = [](Fault reason, const std::string& why) { return refused<std::string>(reason, why); };
  if (fingerprint_bits < kRevocationMinFingerprintBits || fingerprint_bits > kRevocationMaxFingerprintBits) {
    return fail(Fault::Invalid, "fingerprint_bits " + std::to_string(fingerprint_bits) + " is outside [" +
                         std::to_string(kRevocationMinFingerprintBits) + ", " +
                         std::to_string(kRevocationMaxFingerprintBits) + "]");
  }
  if (ids.size() > 0xFFFFFFFFu) {
    return fail(Fault::TooLarge, "more than 2^32-1 ids");
  }
  if (!crypto::ensure_sodium()) {
    return fail(Fault::Unsupported, "libsodium failed to initialise");
  }

  // Hash, then count distinct ids by their 128-bit hashes (a collision would need ~2^64 ids).
  std::vector<Hash> hashes;
  hashes.reserve(ids.size());
  for (const auto& id : ids) hashes.push_back(hash_id(id, seed.data()));
  std::sort(hashes.begin(), hashes.end(),
            [](const Hash& a, const Hash& b) { return a.h0 != b.h0 ? a.h0 < b.h0 : a.h1 < b.h1; });
  hashes.erase(std::unique(hashes.begin(), hashes.end(),
                           [](const Hash& a, const Hash& b) { return a.h0 == b.h0 && a.h1 == b.h1; }),
               hashes.end());
  const std::uint64_t n = hashes.size();

  RevocationList list;
  list.value_bits = fingerprint_bits + kBucketBits;
  const std::uint64_t per_bucket = std::uint64_t{1} << kBucketBits;
  list.bucket_count = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, (n + per_bucket - 1) / per_bucket));
  list.id_count = static_cast<std::uint32_t>(n);
  list.seed = seed;

  // Counting sort into buckets, then sort and deduplicate each bucket's values.
  std::vector<std::uint32_t> start(list.bucket_count + 1, 0);
  for (const auto& h : hashes) ++start[bucket_of(h.h0, list.bucket_count) + 1];
  for (std::uint32_t b = 0; b < list.bucket_count; ++b) start[b + 1] += start[b];
  std::vector<std::uint32_t> values(n);
  {
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (const auto& h : hashes) values[fill[bucket_of(h.h0, list.bucket_count)]++] = value_of(h.h0, list.value_bits);
  }
  std::vector<std::uint32_t> count(list.bucket_count, 0);
  std::uint64_t entries = 0;
  for (std::uint32_t b = 0; b < list.bucket_count; ++b) {
    const auto first = values.begin() + start[b], last = values.begin() + start[b + 1];
    std::sort(first, last);
    count[b] = static_cast<std::uint32_t>(std::unique(first, last) - first);
    entries += count[b];
  }
  list.entry_count = static_cast<std::uint32_t>(entries);

  // Gaps (v[0], v[i] - v[i-1] - 1) and the Rice parameter that codes them in the fewest bits. For
  // geometric gaps the best is near log2(mean gap), so only a window around it is tried.
  auto for_each_gap = [&](auto&& fn) {
    for (std::uint32_t b = 0; b < list.bucket_count; ++b) {
      std::uint64_t next = 0;  // smallest value the next entry may take
      for (std::uint32_t i = 0; i < count[b]; ++i) {
        const std::uint32_t v = values[start[b] + i];
        fn(b, v - next);
        next = std::uint64_t{v} + 1;
      }
    }
  };
  int rice = 0;
  if (entries > 0) {
    const double mean_gap = std::ldexp(static_cast<double>(list.bucket_count), list.value_bits) / double(entries);
    const int guess = static_cast<int>(std::floor(std::log2(std::max(1.0, mean_gap))));
    const int lo = std::max(0, guess - 3), hi = std::min(list.value_bits, guess + 3);
    std::vector<std::uint64_t> cost(static_cast<std::size_t>(hi + 1), 0);
    for_each_gap([&](std::uint32_t, std::uint64_t gap) {
      for (int r = lo; r <= hi; ++r) cost[static_cast<std::size_t>(r)] += (gap >> r) + 1 + static_cast<std::uint64_t>(r);
    });
    rice = lo;
    for (int r = lo; r <= hi; ++r)
      if (cost[static_cast<std::size_t>(r)] < cost[static_cast<std::size_t>(rice)]) rice = r;
  }
  list.rice_bits = rice;

  BitWriter stream;
  std::vector<std::uint64_t> offsets(list.bucket_count + 1, 0);
  std::uint32_t current = 0;
  for_each_gap([&](std::uint32_t b, std::uint64_t gap) {
    while (current < b) offsets[++current] = stream.bits();
    stream.put_unary(gap >> rice);
    stream.put(gap, rice);
  });
  while (current < list.bucket_count) offsets[++current] = stream.bits();
  if (stream.bits() > 0xFFFFFFFFu) {
    return fail(Fault::TooLarge, "the bit stream would exceed 2^32 bits");
  }

  std::string out;
  const std::size_t stream_bytes = static_cast<std::size_t>((stream.bits() + 7) / 8);
  out.reserve(RevocationList::kHeaderBytes + 4 * (std::size_t{list.bucket_count} + 1) + stream_bytes);
  out += "TBRL";
  out += static_cast<char>(list.version);
  out += static_cast<char>(list.value_bits);
  out += static_cast<char>(list.rice_bits);
  out += '\0';
  put_le32(out, list.bucket_count);
  put_le32(out, list.id_count);
  put_le32(out, list.entry_count);
  out.append(reinterpret_cast<const char*>(seed.data()), seed.size());
  for (const auto o : offsets) put_le32(out, static_cast<std::uint32_t>(o));
  const auto& words = stream.words();
  for (std::size_t i = 0; i < stream_bytes; ++i) out += static_cast<char>((words[i / 8] >> (8 * (i % 8))) & 0xFF);
  return out;
}

// --- Opening and querying -------------------------------------------------------------------------

Result<RevocationFilter, Fault> RevocationFilter::open(std::string_view bytes) {
  const auto bad = [](const std::string& why) { return refused<RevocationFilter>(Fault::Malformed, why); };
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  if (size < RevocationList::kHeaderBytes) {
    return bad("truncated: " + std::to_string(size) + " bytes, the header alone is " +
                         std::to_string(RevocationList::kHeaderBytes));
  }
  if (std::memcmp(p, "TBRL", 4) != 0) {
    return bad("wrong magic (not a TBRL revocation list)");
  }
  RevocationFilter f;
  RevocationList& l = f.list_;
  l.version = p[4];
  l.value_bits = p[5];
  l.rice_bits = p[6];
  l.bucket_count = load_le32(p + 8);
  l.id_count = load_le32(p + 12);
  l.entry_count = load_le32(p + 16);
  std::memcpy(l.seed.data(), p + 20, 16);
  if (l.version != RevocationList::kVersion) {
    return refused<RevocationFilter>(Fault::Unsupported, "unsupported version " + std::to_string(l.version) + " (this build reads version " +
                         std::to_string(RevocationList::kVersion) + ")");
  }
  if (l.value_bits < 1 || l.value_bits > 32) {
    return bad("value_bits " + std::to_string(l.value_bits) + " is outside [1, 32]");
  }
  if (l.rice_bits > l.value_bits) {
    return bad("rice_bits " + std::to_string(l.rice_bits) + " exceeds value_bits " + std::to_string(l.value_bits));
  }
  if (p[7] != 0) {
    return bad("reserved header byte 7 is " + std::to_string(p[7]) + ", must be 0");
  }
  if (l.bucket_count < 1 || l.bucket_count > RevocationList::kMaxBuckets) {
    return bad("bucket_count " + std::to_string(l.bucket_count) + " is outside [1, 2^26]");
  }
  if (l.entry_count > l.id_count || (l.entry_count == 0) != (l.id_count == 0)) {
    return bad("entry_count " + std::to_string(l.entry_count) + " is inconsistent with id_count " +
                         std::to_string(l.id_count));
  }
  const std::uint64_t table_end = RevocationList::kHeaderBytes + 4 * (std::uint64_t{l.bucket_count} + 1);
  if (size < table_end) {
    return bad("truncated: " + std::to_string(size) + " bytes, the offset table for " +
                         std::to_string(l.bucket_count) + " buckets ends at byte " + std::to_string(table_end));
  }
  f.offsets_.resize(std::size_t{l.bucket_count} + 1);
  for (std::size_t b = 0; b < f.offsets_.size(); ++b) {
    f.offsets_[b] = load_le32(p + RevocationList::kHeaderBytes + 4 * b);
    if (b == 0 ? f.offsets_[0] != 0 : f.offsets_[b] < f.offsets_[b - 1]) {
      return bad(b == 0 ? std::string("first bucket offset is not 0")
                              : "bucket offset " + std::to_string(b) + " (" + std::to_string(f.offsets_[b]) +
                                    ") is below the previous one (" + std::to_string(f.offsets_[b - 1]) + ")");
    }
  }
  const std::uint64_t stream_bits = f.offsets_.back();
  const std::uint64_t stream_bytes = (stream_bits + 7) / 8;
  if (size != table_end + stream_bytes) {
    return bad(std::string(size < table_end + stream_bytes ? "truncated" : "trailing bytes") + ": " +
                         std::to_string(size) + " bytes, the offsets call for " + std::to_string(table_end + stream_bytes) +
                         " (" + std::to_string(stream_bits) + "-bit stream)");
  }
  if (stream_bits % 8 != 0 && (p[size - 1] >> (stream_bits % 8)) != 0) {
    return bad("padding bits after the stream are not 0");
  }
  f.words_.assign(static_cast<std::size_t>((stream_bits + 63) / 64 + 2), 0);
  for (std::uint64_t i = 0; i < stream_bytes; ++i)
    f.words_[static_cast<std::size_t>(i / 8)] |= std::uint64_t{p[table_end + i]} << (8 * (i % 8));

  // Decode every bucket once: values strictly increasing, below 2^value_bits, ending exactly at the
  // bucket's end offset, and entry_count values in all.
  const std::uint64_t limit = std::uint64_t{1} << l.value_bits;
  std::uint64_t total = 0;
  for (std::uint32_t b = 0; b < l.bucket_count; ++b) {
    std::uint64_t pos = f.offsets_[b];
    const std::uint64_t end = f.offsets_[b + 1];
    std::uint64_t next = 0;
    while (pos < end) {
      std::uint64_t gap = 0;
      if (!read_rice(f.words_.data(), pos, end, l.rice_bits, gap)) {
        return bad("bucket " + std::to_string(b) + ": malformed code (runs past the bucket's end at bit " +
                             std::to_string(end) + " or codes a gap >= 2^32)");
      }
      if (gap >= limit - next) {
        return bad("bucket " + std::to_string(b) + ": value out of range (ends at bit " + std::to_string(pos) + ")");
      }
      next += gap + 1;
      if (++total > l.entry_count) {
        return bad("more values in the stream than entry_count " + std::to_string(l.entry_count));
      }
    }
  }
  if (total != l.entry_count) {
    return bad("the stream holds " + std::to_string(total) + " values, entry_count says " +
                         std::to_string(l.entry_count));
  }
  if (!crypto::ensure_sodium()) {
    return refused<RevocationFilter>(Fault::Unsupported, "libsodium failed to initialise");
  }
  f.size_bytes_ = size;
  return f;
}

bool RevocationFilter::maybe_revoked(std::string_view id) const {
  if (list_.entry_count == 0) return false;
  const Hash h = hash_id(id, list_.seed.data());
  const std::uint32_t b = bucket_of(h.h0, list_.bucket_count);
  const std::uint64_t target = value_of(h.h0, list_.value_bits);
  std::uint64_t pos = offsets_[b];
  const std::uint64_t end = offsets_[b + 1];
  std::uint64_t next = 0;
  while (pos < end) {
    std::uint64_t gap = 0;
    if (!read_rice(words_.data(), pos, end, list_.rice_bits, gap)) return false;  // cannot happen after open()
    const std::uint64_t v = next + gap;
    if (v >= target) return v == target;
    next = v + 1;
  }
  return false;
}

}  // namespace tb::code
