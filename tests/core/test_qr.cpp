#include <boost/test/unit_test.hpp>

#define ZX_USE_UTF8
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "code/qr.h"
#include "qr_readback.h"
#include "status_checks.h"

using namespace tb::code;

namespace {

struct Decoded {
  bool ok = false;
  std::string text;                 // as ZXing presents it (UTF-8)
  std::vector<std::uint8_t> bytes;  // the raw content, for byte strings that are not text
  std::string ec_level;
};

// Renders the symbol as an 8-bit grey image (0 = dark, 255 = light) with a 4-module quiet zone and
// `scale` pixels per module, then reads it with ZXing's full detector (not the "pure" shortcut).
Decoded decode(const QrMatrix& m, int scale = 4) {
  const ZXing::Result r = tb::test::read_back(m, scale);
  Decoded d;
  d.ok = r.isValid();
  if (d.ok) {
    d.text = r.text();
    d.bytes.assign(r.bytes().begin(), r.bytes().end());
    d.ec_level = r.ecLevel();
  }
  return d;
}

std::string round_trip(std::string_view text, const QrOptions& options = {}) {
  const QrResult r = qr_encode(text, options);
  if (!r) return "<encode failed: " + r.describe() + ">";
  const Decoded d = decode(*r);
  return d.ok ? d.text : "<decode failed>";
}

bool bytes_round_trip(const std::string& data, const QrOptions& options) {
  const QrResult r = qr_encode(data, options);
  if (!r) return false;
  const Decoded d = decode(*r);
  return d.ok && d.bytes == std::vector<std::uint8_t>(data.begin(), data.end());
}

// Largest byte-mode input that still fits exactly version v at level ecc (found by bisection).
int byte_capacity(int v, QrEcc ecc) {
  int lo = 0, hi = 3000;
  while (lo < hi) {
    const int mid = (lo + hi + 1) / 2;
    if (qr_encode(std::string(static_cast<std::size_t>(mid), 'a'), {ecc, v, v, 0})) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// Independent BCH arithmetic for the known-answer checks below.
std::uint32_t bch(std::uint32_t data, std::uint32_t poly, int degree) {
  std::uint32_t r = data << degree;
  for (int b = 31; b >= degree; --b)
    if ((r >> b) & 1u) r ^= poly << (b - degree);
  return (data << degree) | r;
}

std::uint32_t expected_format(QrEcc ecc, int mask) {
  const std::uint32_t level_bits[4] = {1, 0, 3, 2};  // L, M, Q, H
  return bch((level_bits[static_cast<int>(ecc)] << 3) | static_cast<std::uint32_t>(mask), 0x537, 10) ^ 0x5412;
}

// The two copies of the format information as placed in the symbol (ISO/IEC 18004 Figure 25).
std::uint32_t format_copy(const QrMatrix& m, int copy) {
  std::uint32_t bits = 0;
  for (int i = 0; i < 15; ++i) {
    bool d;
    if (copy == 0) d = i <= 5 ? m.dark(8, i) : i == 6 ? m.dark(8, 7) : i == 7 ? m.dark(8, 8) : i == 8 ? m.dark(7, 8) : m.dark(14 - i, 8);
    else d = i <= 7 ? m.dark(m.size - 1 - i, 8) : m.dark(8, m.size - 15 + i);
    bits |= static_cast<std::uint32_t>(d) << i;
  }
  return bits;
}

bool finder_at(const QrMatrix& m, int left, int top) {
  for (int dy = -1; dy <= 7; ++dy)
    for (int dx = -1; dx <= 7; ++dx) {
      const int x = left + dx, y = top + dy;
      if (x < 0 || y < 0 || x >= m.size || y >= m.size) continue;
      const int ring = std::max(std::abs(dx - 3), std::abs(dy - 3));
      if (m.dark(x, y) != (ring <= 1 || ring == 3)) return false;  // ring 4 is the light separator
    }
  return true;
}

std::string random_bytes(std::mt19937& rng, std::size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(qr)

BOOST_AUTO_TEST_CASE(modes_round_trip_through_a_real_decoder) {
  BOOST_TEST((qr_mode("0123456789") == QrMode::Numeric));
  BOOST_TEST((qr_mode("HELLO WORLD $%*+-./:") == QrMode::Alphanumeric));
  BOOST_TEST((qr_mode("Hello") == QrMode::Byte));  // lower case is not in the alphanumeric set
  BOOST_TEST((qr_mode("居民身份证补领") == QrMode::Byte));

  BOOST_TEST(round_trip("01234567") == "01234567");
  BOOST_TEST(round_trip("3141592653589793238462643383279") == "3141592653589793238462643383279");
  BOOST_TEST(round_trip("HELLO WORLD $%*+-./:") == "HELLO WORLD $%*+-./:");
  BOOST_TEST(round_trip("https://example.org/guide?id=42&lang=zh") == "https://example.org/guide?id=42&lang=zh");
  BOOST_TEST(round_trip("居民身份证补领") == "居民身份证补领");
  BOOST_TEST(round_trip("补领 ID card: 110105199001010021 ✓") == "补领 ID card: 110105199001010021 ✓");
}

BOOST_AUTO_TEST_CASE(capacities_match_the_spec_table) {
  // ISO/IEC 18004 Table 7: the most compact mode gives the most characters per version.
  BOOST_TEST(qr_encode(std::string(41, '7'), {QrEcc::L})->version == 1);
  BOOST_TEST(qr_encode(std::string(42, '7'), {QrEcc::L})->version == 2);
  BOOST_TEST(qr_encode(std::string(25, 'Q'), {QrEcc::L})->version == 1);
  BOOST_TEST(qr_encode(std::string(26, 'Q'), {QrEcc::L})->version == 2);
  BOOST_TEST(qr_encode(std::string(7089, '1'), {QrEcc::L})->version == 40);
  BOOST_TEST(!qr_encode(std::string(7090, '1'), {QrEcc::L}));
  BOOST_TEST(qr_encode(std::string(4296, 'A'), {QrEcc::L})->version == 40);
  BOOST_TEST(!qr_encode(std::string(4297, 'A'), {QrEcc::L}));
  const int expected[3][4] = {{17, 14, 11, 7}, {271, 213, 151, 119}, {2953, 2331, 1663, 1273}};
  const int versions[3] = {1, 10, 40};
  for (int i = 0; i < 3; ++i)
    for (int e = 0; e < 4; ++e)
      BOOST_TEST(byte_capacity(versions[i], static_cast<QrEcc>(e)) == expected[i][e],
                 "version " << versions[i] << " level " << e);
}

BOOST_AUTO_TEST_CASE(every_version_and_level_decodes_when_full) {
  // Fills each of the 160 symbol types to its byte capacity, which exercises the whole block table,
  // every alignment pattern layout and the version information; ZXing uses its own tables.
  std::mt19937 rng(18004);
  for (int v = 1; v <= 40; ++v)
    for (int e = 0; e < 4; ++e) {
      const QrEcc ecc = static_cast<QrEcc>(e);
      const std::string data = random_bytes(rng, static_cast<std::size_t>(byte_capacity(v, ecc)));
      const QrResult r = qr_encode(data, {ecc, v, v});
      TB_REQUIRE_OK(r);
      BOOST_TEST(r->version == v);
      BOOST_TEST(bytes_round_trip(data, {ecc, v, v}), "version " << v << " level " << "LMQH"[e]);
    }
}

BOOST_AUTO_TEST_CASE(each_error_correction_level) {
  const char* names[4] = {"L", "M", "Q", "H"};
  for (int e = 0; e < 4; ++e) {
    const QrResult r = qr_encode("TONGBAN 2024", {static_cast<QrEcc>(e)});
    TB_REQUIRE_OK(r);
    BOOST_TEST(static_cast<int>(r->ecc) == e);
    const Decoded d = decode(*r);
    BOOST_TEST(d.ok);
    BOOST_TEST(d.text == "TONGBAN 2024");
    BOOST_TEST(d.ec_level == names[e]);
  }
}

BOOST_AUTO_TEST_CASE(version_boundaries) {
  // 7 is the first version with version information; 10 and 27 widen the character counts.
  for (int v : {1, 2, 6, 7, 9, 10, 14, 26, 27, 40}) {
    for (const char* text : {"8675309", "SFZ-110105", "居民 #3"}) {
      const QrResult r = qr_encode(text, {QrEcc::M, v});
      TB_REQUIRE_OK(r);
      BOOST_TEST(r->version == v);
      BOOST_TEST(r->size == 17 + 4 * v);
      BOOST_TEST(r->modules.size() == static_cast<std::size_t>(r->size * r->size));
      BOOST_TEST(round_trip(text, {QrEcc::M, v}) == text, "version " << v);
    }
  }
}

BOOST_AUTO_TEST_CASE(version_information_known_answer) {
  // Version 7's information is 000111110010010100 (ISO/IEC 18004 Annex D); bit i sits at column
  // i/3, row size-11+i%3 (bottom left) and transposed at the top right.
  const QrResult r = qr_encode("A", {QrEcc::M, 7});
  TB_REQUIRE_OK(r);
  BOOST_TEST(bch(7, 0x1F25, 12) == 0x07C94u);
  std::uint32_t lower = 0, upper = 0;
  for (int i = 0; i < 18; ++i) {
    lower |= static_cast<std::uint32_t>(r->dark(i / 3, r->size - 11 + i % 3)) << i;
    upper |= static_cast<std::uint32_t>(r->dark(r->size - 11 + i % 3, i / 3)) << i;
  }
  BOOST_TEST(lower == 0x07C94u);
  BOOST_TEST(upper == 0x07C94u);
  // Version 6 has none: that area is data, so it is not a copy of anything in particular.
  BOOST_TEST(qr_encode("A", {QrEcc::M, 6})->size == 41);
}

BOOST_AUTO_TEST_CASE(every_forced_mask) {
  BOOST_TEST(expected_format(QrEcc::M, 5) == 0b100000011001110u);  // the example in the spec
  BOOST_TEST(expected_format(QrEcc::M, 0) == 0x5412u);
  for (int mask = 0; mask < 8; ++mask)
    for (int e = 0; e < 4; ++e) {
      const QrEcc ecc = static_cast<QrEcc>(e);
      const QrResult r = qr_encode("MASK TEST 0123456789", {ecc, 1, 40, mask});
      TB_REQUIRE_OK(r);
      BOOST_TEST(r->mask == mask);
      BOOST_TEST(format_copy(*r, 0) == expected_format(ecc, mask));
      BOOST_TEST(format_copy(*r, 1) == expected_format(ecc, mask));
      BOOST_TEST(round_trip("MASK TEST 0123456789", {ecc, 1, 40, mask}) == "MASK TEST 0123456789",
                 "mask " << mask << " level " << "LMQH"[e]);
    }
}

BOOST_AUTO_TEST_CASE(automatic_mask_is_valid_and_decodes) {
  const QrResult r = qr_encode("AUTOMATIC MASK SELECTION", {QrEcc::Q});
  TB_REQUIRE_OK(r);
  BOOST_TEST(r->mask >= 0);
  BOOST_TEST(r->mask <= 7);
  BOOST_TEST(format_copy(*r, 0) == expected_format(QrEcc::Q, r->mask));
  BOOST_TEST(round_trip("AUTOMATIC MASK SELECTION", {QrEcc::Q}) == "AUTOMATIC MASK SELECTION");
}

BOOST_AUTO_TEST_CASE(bit_exact_against_zxing_writer) {
  // A decoder corrects errors, so a slightly wrong symbol could still read back. ZXing's own
  // encoder is an independent implementation: for the same version, level and mask the two symbols
  // must agree module for module. (Its mask choice may differ, so try all 32 level/mask pairs.)
  const std::vector<std::string> inputs = {"01234567", "HELLO WORLD", "https://example.org/a?b=c",
                                          std::string(200, '9'), std::string(120, 'Z'), std::string(500, 'x')};
  for (const std::string& text : inputs) {
    const ZXing::BitMatrix zx = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode).setMargin(0).encode(text, 0, 0);
    const int version = (zx.width() - 17) / 4;
    bool match = false;
    for (int e = 0; e < 4 && !match; ++e)
      for (int mask = 0; mask < 8 && !match; ++mask) {
        const QrResult r = qr_encode(text, {static_cast<QrEcc>(e), version, version, mask});
        if (!r || r->size != zx.width()) continue;
        bool same = true;
        for (int y = 0; y < r->size && same; ++y)
          for (int x = 0; x < r->size && same; ++x) same = r->dark(x, y) == zx.get(x, y);
        match = same;
      }
    BOOST_TEST(match, "no bit-exact match for a " << text.size() << "-character input");
  }
}

BOOST_AUTO_TEST_CASE(fixed_patterns_match_symbols_zxing_writes) {
  // What a reader fits a grid to (scan/symbol_grid.cpp): the modules every symbol of a version has.
  // Each must be what ZXing's independent writer puts there, across versions 1 to 40.
  std::vector<int> versions;
  for (const std::size_t length : {1, 20, 50, 100, 200, 400, 800, 1500, 2900}) {
    const ZXing::BitMatrix zx = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode).setMargin(0).encode(std::string(length, 'x'), 0, 0);
    const int version = (zx.width() - 17) / 4;
    versions.push_back(version);
    const QrFixedPatterns p = qr_fixed_patterns(version);
    BOOST_REQUIRE(p.size == zx.width());
    int known = 0, differ = 0;
    for (int y = 0; y < p.size; ++y)
      for (int x = 0; x < p.size; ++x) {
        const std::size_t i = static_cast<std::size_t>(y * p.size + x);
        if (!p.known[i]) continue;
        ++known;
        differ += (p.dark[i] != 0) != zx.get(x, y);
      }
    BOOST_TEST(differ == 0, "version " << version << ": " << differ << " of " << known << " fixed modules differ");
    // Three finders with separators (8x8 each), the timing patterns between them, the dark module,
    // and 25 modules for each alignment pattern, less the 5 that each one on row or column 6 shares
    // with a timing pattern.
    const int n = version == 1 ? 0 : version / 7 + 2, alignments = n ? n * n - 3 : 0, on_timing = n > 2 ? 2 * (n - 2) : 0;
    BOOST_TEST(known == 3 * 64 + 2 * (p.size - 16) + 1 + 25 * alignments - 5 * on_timing, "version " << version << ": " << known);
  }
  BOOST_TEST(versions.front() == 1);
  BOOST_TEST(versions.back() == 40);
  BOOST_TEST(qr_fixed_patterns(0).size == 0);
  BOOST_TEST(qr_fixed_patterns(41).size == 0);
}

BOOST_AUTO_TEST_CASE(capacity_limit_fails_cleanly) {
  // Version 10-M holds 311 alphanumeric characters (Table 7).
  const std::string fits(311, 'A');
  const QrResult ok = qr_encode(fits, {QrEcc::M, 1, 10});
  TB_REQUIRE_OK(ok);
  BOOST_TEST(ok->version == 10);
  BOOST_TEST(round_trip(fits, {QrEcc::M, 1, 10}) == fits);

  const QrResult too_long = qr_encode(fits + "A", {QrEcc::M, 1, 10});
  BOOST_TEST(!too_long);
  BOOST_TEST(!too_long.has_value());
  BOOST_TEST(int(too_long.reason()) == int(tb::Fault::TooLarge));
  BOOST_TEST(too_long.detail() == "text too long for QR version <= 10 at level M (needs 1731 bits, has 1728)");
  // Beyond version 40 it fails the same way, without a crash.
  BOOST_TEST(!qr_encode(std::string(3000, 'x')));
}

BOOST_AUTO_TEST_CASE(bad_options_are_errors_not_crashes) {
  QrOptions o;
  o.min_version = 0;
  BOOST_TEST(!qr_encode("A", o));
  o = {};
  o.max_version = 41;
  BOOST_TEST(!qr_encode("A", o));
  o = {};
  o.min_version = 5;
  o.max_version = 4;
  BOOST_TEST(!qr_encode("A", o));
  o = {};
  o.mask = 8;
  const QrResult r = qr_encode("A", o);
  BOOST_TEST(!r);
  BOOST_TEST(!r.detail().empty());
  BOOST_TEST(!qr_encode("A", {static_cast<QrEcc>(9)}));
}

BOOST_AUTO_TEST_CASE(empty_input) {
  const QrResult r = qr_encode("");
  TB_REQUIRE_OK(r);
  BOOST_TEST(r->version == 1);
  const Decoded d = decode(*r);
  BOOST_TEST(d.ok);
  BOOST_TEST(d.text.empty());
}

BOOST_AUTO_TEST_CASE(structure) {
  for (int v : {1, 7, 25, 40}) {
    const QrMatrix m = qr_encode("STRUCTURE", {QrEcc::H, v}).value();
    BOOST_TEST(m.size == 17 + 4 * v);
    BOOST_TEST(finder_at(m, 0, 0));
    BOOST_TEST(finder_at(m, m.size - 7, 0));
    BOOST_TEST(finder_at(m, 0, m.size - 7));
    BOOST_TEST(!finder_at(m, m.size - 7, m.size - 7));  // no finder at the bottom right
    BOOST_TEST(m.dark(8, m.size - 8));                  // the dark module
    for (int i = 8; i < m.size - 8; ++i) {              // timing patterns
      BOOST_TEST(m.dark(i, 6) == (i % 2 == 0));
      BOOST_TEST(m.dark(6, i) == (i % 2 == 0));
    }
    BOOST_TEST(!m.dark(-1, 0));  // outside is the light quiet zone
    BOOST_TEST(!m.dark(m.size, 3));
  }
  // Version 2's one alignment pattern is centred at (18, 18).
  const QrMatrix m = qr_encode("A", {QrEcc::M, 2}).value();
  for (int dy = -2; dy <= 2; ++dy)
    for (int dx = -2; dx <= 2; ++dx)
      BOOST_TEST(m.dark(18 + dx, 18 + dy) == (std::max(std::abs(dx), std::abs(dy)) != 1));
}

BOOST_AUTO_TEST_CASE(random_byte_strings_round_trip) {
  std::mt19937 rng(20240611);
  int failures = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string data = random_bytes(rng, rng() % 400);
    QrOptions o;
    o.ecc = static_cast<QrEcc>(rng() % 4);
    o.mask = static_cast<int>(rng() % 9) - 1;
    if (!bytes_round_trip(data, o)) ++failures;
  }
  BOOST_TEST(failures == 0);
}

BOOST_AUTO_TEST_SUITE_END()
