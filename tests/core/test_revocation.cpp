// Revocation list: no false negatives, a measured false-positive rate within the documented bound,
// deterministic bytes, and a reader that refuses (or safely answers for) every corrupted input.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "code/revocation.h"
#include "status_checks.h"

using namespace tb::code;

namespace {

using Seed = std::array<unsigned char, 16>;

Seed make_seed(unsigned char first) {
  Seed s{};
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<unsigned char>(first + 7 * i);
  return s;
}

// `n` random 16-byte ids; `tag` goes into the first byte so different sets never overlap.
std::vector<std::string> random_ids(std::size_t n, std::uint64_t rng_seed, unsigned char tag) {
  std::mt19937_64 rng(rng_seed);
  std::vector<std::string> ids(n, std::string(16, '\0'));
  for (auto& id : ids) {
    const std::uint64_t a = rng(), b = rng();
    std::memcpy(&id[0], &a, 8);
    std::memcpy(&id[8], &b, 8);
    id[0] = static_cast<char>(tag);
  }
  return ids;
}

// The list's bytes; building them must work.
std::string must_build(const std::vector<std::string>& ids, const std::array<unsigned char, 16>& seed,
                       int fingerprint_bits = kRevocationDefaultFingerprintBits) {
  auto built = revocation_build(ids, seed, fingerprint_bits);
  BOOST_REQUIRE_MESSAGE(built.has_value(), built.describe());
  return std::move(built).value();
}

RevocationFilter must_open(const std::string& bytes) {
  auto f = RevocationFilter::open(bytes);
  BOOST_REQUIRE_MESSAGE(f.has_value(), "open failed: " << f.describe());
  return std::move(f).value();
}

void must_refuse(const std::string& bytes, const std::string& what) {
  const auto f = RevocationFilter::open(bytes);
  BOOST_CHECK_MESSAGE(!f.has_value(), "should be refused (" << what << ")");
  const std::string& error = f.detail();
  BOOST_CHECK_MESSAGE(error.find(what) != std::string::npos, "error lacks '" << what << "': " << error);
}

void put_le32(std::string& bytes, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
std::uint32_t get_le32(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
  return v;
}

// Opening must either fail with a message or give a filter that answers queries (no crash, no
// out-of-bounds read: run under -fsanitize=address to see the latter).
void open_and_poke(const std::string& bytes, const std::vector<std::string>& probes) {
  const auto f = RevocationFilter::open(bytes);
  if (!f) {
    BOOST_REQUIRE(!f.detail().empty());
    return;
  }
  std::size_t hits = 0;
  for (const auto& id : probes) hits += f->maybe_revoked(id);
  BOOST_CHECK_LE(hits, probes.size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(revocation)

BOOST_AUTO_TEST_CASE(no_false_negatives) {
  for (const std::size_t n : {0u, 1u, 1000u, 200000u}) {
    const auto ids = random_ids(n, 1000 + n, 0x01);
    const std::string bytes = must_build(ids, make_seed(3));
    const RevocationFilter f = must_open(bytes);
    BOOST_CHECK_EQUAL(f.count(), n);
    BOOST_CHECK_LE(f.entries(), n);
    BOOST_CHECK_EQUAL(f.size_bytes(), bytes.size());
    std::size_t missing = 0;
    for (const auto& id : ids) missing += !f.maybe_revoked(id);
    BOOST_CHECK_MESSAGE(missing == 0, missing << " of " << n << " listed ids not found");
  }
}

BOOST_AUTO_TEST_CASE(ids_of_any_length) {
  std::vector<std::string> ids = {"", "a", std::string(1, '\0'), std::string(300, 'x'), "身份证-1"};
  for (int i = 0; i < 64; ++i) ids.push_back(std::string(static_cast<std::size_t>(i), static_cast<char>(i)));
  const RevocationFilter f = must_open(must_build(ids, make_seed(9)));
  BOOST_CHECK_EQUAL(f.count(), ids.size() - 1);  // "" appears twice (i = 0)
  for (const auto& id : ids) BOOST_CHECK(f.maybe_revoked(id));
}

BOOST_AUTO_TEST_CASE(empty_list_revokes_nothing) {
  const RevocationFilter f = must_open(must_build({}, make_seed(1)));
  BOOST_CHECK_EQUAL(f.count(), 0u);
  BOOST_CHECK_EQUAL(f.list().bucket_count, 1u);
  for (const auto& id : random_ids(1000, 5, 0x02)) BOOST_CHECK(!f.maybe_revoked(id));
  BOOST_CHECK(!f.maybe_revoked(""));
}

BOOST_AUTO_TEST_CASE(false_positive_rate_within_bound) {
  const auto ids = random_ids(200000, 77, 0x01);
  const auto others = random_ids(1000000, 78, 0x02);  // tag 0x02: never one of `ids`
  for (const int bits : {kRevocationDefaultFingerprintBits, 14}) {
    const std::string bytes = must_build(ids, make_seed(5), bits);
    const RevocationFilter f = must_open(bytes);
    const double bound = std::ldexp(1.0, -bits);  // documented: rate <= 2^-fingerprint_bits
    const double expected = f.list().expected_false_positive_rate();
    BOOST_CHECK_LE(expected, bound);
    std::size_t hits = 0;
    for (const auto& id : others) hits += f.maybe_revoked(id);
    const double measured = static_cast<double>(hits) / static_cast<double>(others.size());
    BOOST_TEST_MESSAGE("fingerprint_bits " << bits << ": " << bytes.size() << " bytes for " << ids.size() << " ids ("
                                           << 8.0 * bytes.size() / ids.size() << " bits/id), false positives "
                                           << hits << "/" << others.size() << " = " << measured
                                           << " (expected " << expected << ", bound " << bound << ")");
    BOOST_CHECK_LE(measured, 3 * bound);
    if (bits == kRevocationDefaultFingerprintBits) BOOST_CHECK_GE(measured, expected / 3);  // ~490 hits: not luck
    // The size the header comment promises: about F + 1.5 + 0.125 bits per id.
    BOOST_CHECK_LE(8.0 * bytes.size() / ids.size(), bits + 2.0);
  }
}

BOOST_AUTO_TEST_CASE(deterministic_and_order_independent) {
  auto ids = random_ids(5000, 11, 0x01);
  const std::string a = must_build(ids, make_seed(4));
  BOOST_CHECK(a == must_build(ids, make_seed(4)));
  // Same set in another order, with duplicates: same bytes.
  auto shuffled = ids;
  std::mt19937 rng(2);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  shuffled.insert(shuffled.end(), ids.begin(), ids.begin() + 100);
  BOOST_CHECK(a == must_build(shuffled, make_seed(4)));
  BOOST_CHECK_EQUAL(must_open(must_build(shuffled, make_seed(4))).count(), 5000u);
  // Another seed: other bytes, same answers for members.
  const std::string b = must_build(ids, make_seed(40));
  BOOST_CHECK(a != b);
  const RevocationFilter fb = must_open(b);
  for (const auto& id : ids) BOOST_REQUIRE(fb.maybe_revoked(id));
  // The header holds what was asked for.
  const RevocationFilter fa = must_open(a);
  BOOST_CHECK(fa.list().seed == make_seed(4));
  BOOST_CHECK_EQUAL(fa.list().value_bits, kRevocationDefaultFingerprintBits + 8);
  BOOST_CHECK_EQUAL(fa.list().bucket_count, (5000u + 255) / 256);
}

BOOST_AUTO_TEST_CASE(build_rejects_bad_parameters) {
  tb::test::check_fails_with(revocation_build({"x"}, make_seed(1), 0), "fingerprint_bits 0");
  tb::test::check_fails_with(revocation_build({"x"}, make_seed(1), 25), "fingerprint_bits 25");
  BOOST_CHECK(!revocation_build({"x"}, make_seed(1), 1)->empty());
  BOOST_CHECK(!revocation_build({"x"}, make_seed(1), 24)->empty());
  // The extremes of the range work.
  const auto ids = random_ids(3000, 8, 0x01);
  for (const int bits : {1, 24}) {
    const RevocationFilter f = must_open(must_build(ids, make_seed(2), bits));
    for (const auto& id : ids) BOOST_REQUIRE(f.maybe_revoked(id));
  }
}

BOOST_AUTO_TEST_CASE(refuses_malformed_headers) {
  const auto ids = random_ids(2000, 21, 0x01);
  const std::string good = must_build(ids, make_seed(6));
  must_open(good);
  const std::uint32_t buckets = get_le32(good, 8);
  const std::size_t table = 36, stream = table + 4 * (std::size_t{buckets} + 1);

  must_refuse("", "truncated");
  must_refuse(good.substr(0, 35), "truncated");
  must_refuse(good.substr(0, table + 2), "truncated");  // inside the offset table
  must_refuse(good.substr(0, good.size() - 1), "truncated");
  must_refuse(good + std::string(1, '\0'), "trailing bytes");
  auto with = [&](std::size_t at, char c) {
    std::string b = good;
    b[at] = c;
    return b;
  };
  auto with32 = [&](std::size_t at, std::uint32_t v) {
    std::string b = good;
    put_le32(b, at, v);
    return b;
  };
  must_refuse(with(0, 'X'), "wrong magic");
  must_refuse(with(4, 2), "unsupported version 2");
  must_refuse(with(5, 0), "value_bits 0");
  must_refuse(with(5, 33), "value_bits 33");
  must_refuse(with(6, 20), "rice_bits 20 exceeds value_bits 19");
  must_refuse(with(7, 1), "reserved header byte");
  must_refuse(with32(8, 0), "bucket_count 0");
  must_refuse(with32(8, 0xFFFFFFFF), "bucket_count 4294967295");
  must_refuse(with32(8, buckets + 1), "");  // offsets no longer line up with the length
  must_refuse(with32(8, buckets - 1), "");
  must_refuse(with32(12, 0), "inconsistent with id_count");           // id_count 0, entries > 0
  must_refuse(with32(16, 0), "inconsistent with id_count");           // entries 0, ids > 0
  must_refuse(with32(16, get_le32(good, 12) + 1), "inconsistent");    // entries > ids
  must_refuse(with32(16, get_le32(good, 16) - 1), "entry_count");     // stream holds more
  {
    std::string b = with32(12, get_le32(good, 16) + 5);  // id_count is not checkable beyond >= entries
    BOOST_CHECK(RevocationFilter::open(b).has_value());
  }
  must_refuse(with32(table, 1), "first bucket offset is not 0");
  must_refuse(with32(table + 8, get_le32(good, table + 4) - 1), "below the previous one");
  must_refuse(with32(table + 4 * buckets, get_le32(good, table + 4 * buckets) + 64), "truncated");
  must_refuse(with32(table + 4 * buckets, get_le32(good, table + 4 * buckets) - 64), "trailing bytes");
  // Moving an inner offset makes a bucket end inside a code (or hold values of the next one).
  must_refuse(with32(table + 4, get_le32(good, table + 4) + 1), "bucket");
  {
    // A stream of zero bits: a unary code that never ends.
    std::string b = good;
    std::fill(b.begin() + static_cast<std::ptrdiff_t>(stream), b.end(), '\0');
    must_refuse(b, "malformed code");
  }
  {
    // A stream of one bits: every gap is 2^rice_bits - 1, so values overflow or counts disagree.
    std::string b = good;
    std::fill(b.begin() + static_cast<std::ptrdiff_t>(stream), b.end(), '\xFF');
    BOOST_CHECK(!RevocationFilter::open(b).has_value());
  }
  {
    // Non-zero padding bits after the stream.
    const std::uint32_t bits = get_le32(good, table + 4 * buckets);
    if (bits % 8 != 0) {
      std::string b = good;
      b.back() = static_cast<char>(static_cast<unsigned char>(b.back()) | 0x80);
      must_refuse(b, "padding bits");
    }
  }
}

BOOST_AUTO_TEST_CASE(refuses_or_survives_every_corruption) {
  const auto ids = random_ids(3000, 31, 0x01);
  const std::string good = must_build(ids, make_seed(8));
  std::vector<std::string> probes(ids.begin(), ids.begin() + 200);
  for (const auto& id : random_ids(200, 32, 0x02)) probes.push_back(id);
  probes.push_back("");

  // Every truncation is refused (the length is exact).
  for (std::size_t len = 0; len < good.size(); ++len)
    BOOST_REQUIRE_MESSAGE(!RevocationFilter::open(std::string_view(good).substr(0, len)).has_value(), "length " << len);

  const std::uint32_t buckets = get_le32(good, 8);
  const std::size_t stream = 36 + 4 * (std::size_t{buckets} + 1);
  // Every byte of the header and the offset table, with several flips each.
  for (std::size_t at = 0; at < stream; ++at)
    for (const unsigned char mask : {0x01, 0x02, 0x10, 0x80, 0xFF}) {
      std::string b = good;
      b[at] = static_cast<char>(static_cast<unsigned char>(b[at]) ^ mask);
      open_and_poke(b, probes);
    }
  // Random flips across the stream (single bytes and bursts).
  std::mt19937 rng(99);
  std::uniform_int_distribution<std::size_t> where(stream, good.size() - 1);
  std::uniform_int_distribution<int> value(1, 255);
  std::size_t refused = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string b = good;
    const int flips = 1 + trial % 4;
    for (int i = 0; i < flips; ++i) {
      const std::size_t at = where(rng);
      b[at] = static_cast<char>(static_cast<unsigned char>(b[at]) ^ value(rng));
    }
    refused += !RevocationFilter::open(b).has_value();
    open_and_poke(b, probes);
  }
  BOOST_TEST_MESSAGE("stream corruption: " << refused << " of 3000 refused, the rest still well-formed");
  BOOST_CHECK_GT(refused, 0u);  // Rice codes carry no redundancy: many flips still decode (the signature covers them)
  // Random bytes after a valid header prefix, and wholly random inputs.
  for (int trial = 0; trial < 2000; ++trial) {
    std::string b = good.substr(0, static_cast<std::size_t>(trial % 60));
    const std::size_t extra = static_cast<std::size_t>(trial % 97);
    for (std::size_t i = 0; i < extra; ++i) b += static_cast<char>(value(rng));
    open_and_poke(b, probes);
  }
}

BOOST_AUTO_TEST_SUITE_END()
