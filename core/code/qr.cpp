// QR Code encoder written from ISO/IEC 18004:2015. Section numbers below refer to that edition.
//
// The pipeline (clause 7.1): pick a mode and a version, turn the text into a bit stream, pad it
// to the data capacity, split it into blocks and append Reed-Solomon codewords to each, interleave
// the blocks, draw the function patterns, lay the codewords into the remaining modules, and finally
// choose a data mask and write the format (and version) information that names it.
#include "code/qr.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>

namespace tb::code {
namespace {

constexpr int kMinVersion = 1;
constexpr int kMaxVersion = 40;

// --- Error correction block structure (7.5.1, Table 9) -------------------------------------------
// Rows are the levels L, M, Q, H (the QrEcc order); columns are versions 1..40. Every block of a
// symbol carries the same number of EC codewords; the data codewords are shared out between the
// blocks as evenly as possible (see split_into_blocks), so these two numbers describe the table.
constexpr std::uint8_t kEccPerBlock[4][40] = {
    {7,  10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
     28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
    {10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
     26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28},
    {13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
     28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
    {17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
     30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
};
constexpr std::uint8_t kBlockCount[4][40] = {
    {1,  1,  1,  1,  1,  2,  2,  2,  2,  4,  4,  4,  4,  4,  6,  6,  6,  6,  7,  8,
     8,  9,  9,  10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25},
    {1,  1,  1,  2,  2,  4,  4,  4,  5,  5,  5,  8,  9,  9,  10, 10, 11, 13, 14, 16,
     17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49},
    {1,  1,  2,  2,  4,  4,  6,  6,  8,  8,  8,  10, 12, 16, 12, 17, 16, 18, 21, 20,
     23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68},
    {1,  1,  2,  4,  4,  4,  5,  6,  8,  8,  11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
     25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81},
};

int level(QrEcc ecc) { return static_cast<int>(ecc); }
char level_name(QrEcc ecc) { return "LMQH"[level(ecc)]; }

// --- Symbol geometry (6.3) -----------------------------------------------------------------------

int symbol_size(int version) { return 17 + 4 * version; }

// Alignment patterns sit on every combination of a short list of row/column coordinates (6.3.6,
// Annex E). Version 1 has none; otherwise the list has version/7 + 2 entries running from 6 to
// size-7. The gaps after the first are equal and even; the first gap takes up what is left over.
// Annex E rounds the gap up to an even number, except for version 32, which uses 26 instead of 28.
int alignment_coordinates(int version, int out[7]) {
  if (version == 1) return 0;
  const int n = version / 7 + 2;
  const int span = symbol_size(version) - 13;  // distance from the first (6) to the last coordinate
  const int gaps = n - 1;
  const int step = version == 32 ? 26 : 2 * ((span + 2 * gaps - 1) / (2 * gaps));
  out[0] = 6;
  for (int i = n - 1; i >= 1; --i) out[i] = 6 + span - (n - 1 - i) * step;
  return n;
}

// Modules left for codewords once every function pattern is drawn: the whole square minus the
// three finders with separators (8x8 each), two copies of the 15-bit format information plus the
// dark module, the two timing patterns between the separators, the alignment patterns (those
// crossing a timing pattern share 5 modules with it) and, from version 7, 2 x 18 version bits.
int codeword_module_count(int version) {
  const int size = symbol_size(version);
  int function = 3 * 64 + (2 * 15 + 1) + 2 * (size - 16);
  int coords[7];
  const int n = alignment_coordinates(version, coords);
  if (n > 0) function += 25 * (n * n - 3) - 5 * 2 * (n - 2);
  if (version >= 7) function += 2 * 18;
  return size * size - function;
}

// Codewords in the symbol (7.1): whole bytes only; the 0..7 modules left over are remainder bits.
int total_codewords(int version) { return codeword_module_count(version) / 8; }

int ecc_per_block(int version, QrEcc ecc) { return kEccPerBlock[level(ecc)][version - 1]; }
int block_count(int version, QrEcc ecc) { return kBlockCount[level(ecc)][version - 1]; }

int data_codewords(int version, QrEcc ecc) {
  return total_codewords(version) - block_count(version, ecc) * ecc_per_block(version, ecc);
}

// --- Modes and the data bit stream (7.4) ---------------------------------------------------------

constexpr char kAlphanumeric[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

// Value of a character in the alphanumeric table (7.4.5, Table 5), or -1 if it has none.
int alphanumeric_value(char c) {
  for (int i = 0; i < 45; ++i)
    if (kAlphanumeric[i] == c) return i;
  return -1;
}

// Mode indicator (7.4.2, Table 2).
int mode_indicator(QrMode mode) {
  switch (mode) {
    case QrMode::Numeric: return 0b0001;
    case QrMode::Alphanumeric: return 0b0010;
    case QrMode::Byte: return 0b0100;
  }
  return 0;
}

// Length of the character count indicator, which grows with the version range (7.4.1, Table 3).
int count_bits(QrMode mode, int version) {
  static constexpr std::uint8_t kBits[3][3] = {{10, 12, 14}, {9, 11, 13}, {8, 16, 16}};
  const int range = version <= 9 ? 0 : version <= 26 ? 1 : 2;
  return kBits[static_cast<int>(mode)][range];
}

// Bits of a whole single-segment stream, before the terminator: mode, count and payload. Numeric
// packs 3 digits in 10 bits (a tail of 2 in 7, of 1 in 4, 7.4.4); alphanumeric packs 2 characters
// in 11 bits (a tail of 1 in 6, 7.4.5); byte mode spends 8 bits per byte (7.4.6).
std::int64_t stream_bits(QrMode mode, std::int64_t n, int version) {
  std::int64_t payload = 0;
  switch (mode) {
    case QrMode::Numeric: payload = 10 * (n / 3) + (n % 3 == 2 ? 7 : n % 3 == 1 ? 4 : 0); break;
    case QrMode::Alphanumeric: payload = 11 * (n / 2) + 6 * (n % 2); break;
    case QrMode::Byte: payload = 8 * n; break;
  }
  return 4 + count_bits(mode, version) + payload;
}

// Appends bits most significant first into whole bytes, as the codewords are read (7.4.1).
class BitWriter {
 public:
  void put(std::uint32_t value, int bits) {
    for (int i = bits - 1; i >= 0; --i) {
      if (count_ % 8 == 0) bytes_.push_back(0);
      if ((value >> i) & 1u) bytes_.back() |= static_cast<std::uint8_t>(0x80u >> (count_ % 8));
      ++count_;
    }
  }
  int size() const { return count_; }
  std::vector<std::uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
  int count_ = 0;
};

void put_payload(BitWriter& w, std::string_view data, QrMode mode) {
  const std::size_t n = data.size();
  if (mode == QrMode::Numeric) {
    for (std::size_t i = 0; i < n; i += 3) {
      const std::size_t len = std::min<std::size_t>(3, n - i);
      std::uint32_t group = 0;
      for (std::size_t k = 0; k < len; ++k) group = group * 10 + static_cast<std::uint32_t>(data[i + k] - '0');
      w.put(group, len == 3 ? 10 : len == 2 ? 7 : 4);
    }
  } else if (mode == QrMode::Alphanumeric) {
    for (std::size_t i = 0; i < n; i += 2) {
      if (i + 1 < n)
        w.put(static_cast<std::uint32_t>(alphanumeric_value(data[i]) * 45 + alphanumeric_value(data[i + 1])), 11);
      else
        w.put(static_cast<std::uint32_t>(alphanumeric_value(data[i])), 6);
    }
  } else {
    for (char c : data) w.put(static_cast<std::uint8_t>(c), 8);
  }
}

// The data codewords for one version: the segment, then the terminator (up to four 0 bits, fewer
// if the capacity is reached, 7.4.9), 0 bits to the next byte boundary, then the pad codewords
// 11101100 and 00010001 alternately until the data capacity is full (7.4.10).
std::vector<std::uint8_t> make_data_codewords(std::string_view data, QrMode mode, int version, QrEcc ecc) {
  const int capacity = data_codewords(version, ecc) * 8;
  BitWriter w;
  w.put(static_cast<std::uint32_t>(mode_indicator(mode)), 4);
  w.put(static_cast<std::uint32_t>(data.size()), count_bits(mode, version));
  put_payload(w, data, mode);
  w.put(0, std::min(4, capacity - w.size()));
  w.put(0, (8 - w.size() % 8) % 8);
  for (bool first = true; w.size() < capacity; first = !first) w.put(first ? 0xEC : 0x11, 8);
  return std::move(w.bytes());
}

// --- Reed-Solomon error correction (7.5.2) -------------------------------------------------------

// GF(2^8) with the field's prime modulus polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D). Products go
// through log/antilog tables of the generator alpha = 2, built at compile time.
struct GaloisField {
  std::uint8_t antilog[512];  // doubled so a sum of two logs needs no reduction mod 255
  std::uint8_t log[256];
  constexpr GaloisField() : antilog{}, log{} {
    int x = 1;
    for (int i = 0; i < 255; ++i) {
      antilog[i] = static_cast<std::uint8_t>(x);
      log[x] = static_cast<std::uint8_t>(i);
      x <<= 1;
      if (x & 0x100) x ^= 0x11D;
    }
    for (int i = 255; i < 512; ++i) antilog[i] = antilog[i - 255];
  }
  constexpr std::uint8_t mul(std::uint8_t a, std::uint8_t b) const {
    return (a == 0 || b == 0) ? 0 : antilog[log[a] + log[b]];
  }
};
constexpr GaloisField kGf;

// Generator polynomial of degree n: (x - a^0)(x - a^1)...(x - a^(n-1)), coefficients from the
// highest power down (the leading 1 included). Subtraction is addition (XOR) in GF(2^8).
std::vector<std::uint8_t> rs_generator(int degree) {
  std::vector<std::uint8_t> g{1};
  for (int i = 0; i < degree; ++i) {
    g.push_back(0);
    for (std::size_t j = g.size() - 1; j > 0; --j) g[j] ^= kGf.mul(g[j - 1], kGf.antilog[i]);
  }
  return g;
}

// The EC codewords of a block: the remainder of data(x) * x^n divided by the generator, computed
// by long division one data codeword at a time (a shift register, as in Figure 8 of the spec).
std::vector<std::uint8_t> rs_remainder(const std::uint8_t* data, int len, const std::vector<std::uint8_t>& g) {
  const std::size_t n = g.size() - 1;
  std::vector<std::uint8_t> rem(n, 0);
  for (int i = 0; i < len; ++i) {
    const std::uint8_t factor = data[i] ^ rem[0];
    std::rotate(rem.begin(), rem.begin() + 1, rem.end());
    rem[n - 1] = 0;
    for (std::size_t j = 0; j < n; ++j) rem[j] ^= kGf.mul(g[j + 1], factor);
  }
  return rem;
}

// Splits the data into blocks (the first ones one codeword shorter when it does not divide evenly,
// Table 9), computes each block's EC codewords, and interleaves: the first data codeword of every
// block, then the second of every block, and so on, then the EC codewords the same way (7.6).
std::vector<std::uint8_t> add_ecc_and_interleave(const std::vector<std::uint8_t>& data, int version, QrEcc ecc) {
  const int blocks = block_count(version, ecc);
  const int ecc_len = ecc_per_block(version, ecc);
  const int short_len = static_cast<int>(data.size()) / blocks;
  const int long_blocks = static_cast<int>(data.size()) % blocks;
  const std::vector<std::uint8_t> generator = rs_generator(ecc_len);

  std::vector<int> start(blocks), length(blocks);
  std::vector<std::vector<std::uint8_t>> ecc_blocks(blocks);
  for (int b = 0, offset = 0; b < blocks; ++b) {
    start[b] = offset;
    length[b] = short_len + (b >= blocks - long_blocks ? 1 : 0);
    ecc_blocks[b] = rs_remainder(data.data() + offset, length[b], generator);
    offset += length[b];
  }
  std::vector<std::uint8_t> out;
  out.reserve(static_cast<std::size_t>(total_codewords(version)));
  for (int i = 0; i <= short_len; ++i)
    for (int b = 0; b < blocks; ++b)
      if (i < length[b]) out.push_back(data[static_cast<std::size_t>(start[b] + i)]);
  for (int i = 0; i < ecc_len; ++i)
    for (int b = 0; b < blocks; ++b) out.push_back(ecc_blocks[b][static_cast<std::size_t>(i)]);
  return out;
}

// --- BCH-coded format and version information (7.9, 7.10) ---------------------------------------

// Remainder of value(x) * x^degree divided by generator(x) over GF(2), both as bit patterns.
std::uint32_t bch_remainder(std::uint32_t value, std::uint32_t generator, int degree) {
  std::uint32_t r = value << degree;
  for (int bit = 31; bit >= degree; --bit)
    if ((r >> bit) & 1u) r ^= generator << (bit - degree);
  return r;
}

// 15 bits: 2 bits of EC level (L=01, M=00, Q=11, H=10, Table 12), 3 bits of mask reference, 10
// bits of BCH(15,5) with generator x^10+x^8+x^5+x^4+x^2+x+1 (0x537), all XORed with 101010000010010
// (0x5412) so that no combination gives all zeros (7.9.1).
std::uint32_t format_bits(QrEcc ecc, int mask) {
  static constexpr std::uint32_t kLevelBits[4] = {0b01, 0b00, 0b11, 0b10};
  const std::uint32_t data = (kLevelBits[level(ecc)] << 3) | static_cast<std::uint32_t>(mask);
  return ((data << 10) | bch_remainder(data, 0x537, 10)) ^ 0x5412;
}

// 18 bits: 6 bits of version number and 12 bits of BCH(18,6) with generator
// x^12+x^11+x^10+x^9+x^8+x^5+x^2+1 (0x1F25); no masking (7.10).
std::uint32_t version_bits(int version) {
  const auto v = static_cast<std::uint32_t>(version);
  return (v << 12) | bch_remainder(v, 0x1F25, 12);
}

// --- The module grid ---------------------------------------------------------------------------

struct Grid {
  explicit Grid(int version)
      : version(version), size(symbol_size(version)),
        dark(static_cast<std::size_t>(size * size), 0), function(dark.size(), 0) {}
  std::size_t at(int x, int y) const { return static_cast<std::size_t>(y * size + x); }
  void set_function(int x, int y, bool d) {
    dark[at(x, y)] = d ? 1 : 0;
    function[at(x, y)] = 1;
  }
  int version;
  int size;
  std::vector<std::uint8_t> dark;
  std::vector<std::uint8_t> function;  // 1 = function pattern, never data and never masked
};

// Finder pattern (6.3.3): 7x7 dark ring, light ring, 3x3 dark core, centred at (cx, cy), plus the
// one-module light separator around it (6.3.4); parts falling outside the symbol are dropped.
void draw_finder(Grid& g, int cx, int cy) {
  for (int dy = -4; dy <= 4; ++dy)
    for (int dx = -4; dx <= 4; ++dx) {
      const int x = cx + dx, y = cy + dy;
      if (x < 0 || y < 0 || x >= g.size || y >= g.size) continue;
      const int ring = std::max(std::abs(dx), std::abs(dy));
      g.set_function(x, y, ring != 2 && ring != 4);
    }
}

// Alignment pattern (6.3.6): 5x5 dark ring, light ring, single dark centre.
void draw_alignment(Grid& g, int cx, int cy) {
  for (int dy = -2; dy <= 2; ++dy)
    for (int dx = -2; dx <= 2; ++dx) g.set_function(cx + dx, cy + dy, std::max(std::abs(dx), std::abs(dy)) != 1);
}

// Format information, both copies (7.9.1, Figure 25); bit 0 is the least significant. Around the
// top-left finder: bits 0-5 down column 8, bits 6-8 bending around the corner (skipping the timing
// pattern), bits 9-14 leftwards along row 8. Second copy: bits 0-7 along row 8 at the right edge
// (from the edge inwards), bits 8-14 down column 8 at the bottom.
void draw_format(Grid& g, QrEcc ecc, int mask) {
  const std::uint32_t bits = format_bits(ecc, mask);
  const auto bit = [bits](int i) { return ((bits >> i) & 1u) != 0; };
  const int s = g.size;
  for (int i = 0; i <= 5; ++i) g.set_function(8, i, bit(i));
  g.set_function(8, 7, bit(6));
  g.set_function(8, 8, bit(7));
  g.set_function(7, 8, bit(8));
  for (int i = 9; i <= 14; ++i) g.set_function(14 - i, 8, bit(i));
  for (int i = 0; i <= 7; ++i) g.set_function(s - 1 - i, 8, bit(i));
  for (int i = 8; i <= 14; ++i) g.set_function(8, s - 15 + i, bit(i));
}

// Version information (7.10, Figure 27): a 6x3 block above the bottom-left finder and its
// transpose left of the top-right finder; bit i at column i/3, row i%3 of the lower block.
void draw_version(Grid& g) {
  const std::uint32_t bits = version_bits(g.version);
  for (int i = 0; i < 18; ++i) {
    const bool d = ((bits >> i) & 1u) != 0;
    const int a = i / 3, b = g.size - 11 + i % 3;
    g.set_function(a, b, d);
    g.set_function(b, a, d);
  }
}

// What every symbol of a version shows whatever it holds: finders, separators, timing patterns
// (alternating, dark on even coordinates, 6.3.5), alignment patterns except the three overlapping
// finders, and the dark module beside the bottom-left finder (7.9.1).
void draw_fixed_patterns(Grid& g) {
  const int s = g.size;
  for (int i = 0; i < s; ++i) {
    g.set_function(6, i, i % 2 == 0);
    g.set_function(i, 6, i % 2 == 0);
  }
  draw_finder(g, 3, 3);
  draw_finder(g, s - 4, 3);
  draw_finder(g, 3, s - 4);
  int coords[7];
  const int n = alignment_coordinates(g.version, coords);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const bool on_finder = (i == 0 && j == 0) || (i == 0 && j == n - 1) || (i == n - 1 && j == 0);
      if (!on_finder) draw_alignment(g, coords[i], coords[j]);
    }
  g.set_function(8, s - 8, true);
}

// Everything but the data: the fixed patterns, version information, and the format areas
// (reserved now, written for real once the mask is known).
void draw_function_patterns(Grid& g) {
  draw_fixed_patterns(g);
  if (g.version >= 7) draw_version(g);
  draw_format(g, QrEcc::M, 0);
}

// Codeword placement (7.7.3, Figure 13): two-module-wide columns from the right edge, zigzagging
// up then down, right module before left, skipping function modules; the vertical timing column
// is skipped altogether. Codewords go most significant bit first; leftover modules (remainder
// bits) stay 0.
void place_codewords(Grid& g, const std::vector<std::uint8_t>& codewords) {
  const std::size_t total_bits = codewords.size() * 8;
  std::size_t bit = 0;
  bool upward = true;
  for (int right = g.size - 1; right >= 1; right -= 2) {
    if (right == 6) right = 5;
    for (int step = 0; step < g.size; ++step) {
      const int y = upward ? g.size - 1 - step : step;
      for (int x = right; x >= right - 1; --x) {
        if (g.function[g.at(x, y)]) continue;
        const bool d = bit < total_bits && ((codewords[bit / 8] >> (7 - bit % 8)) & 1u);
        g.dark[g.at(x, y)] = d ? 1 : 0;
        ++bit;
      }
    }
    upward = !upward;
  }
}

// --- Data masking (7.8) --------------------------------------------------------------------------

// Mask pattern conditions (Table 10), i = row, j = column; where true the module is inverted.
bool mask_condition(int mask, int i, int j) {
  switch (mask) {
    case 0: return (i + j) % 2 == 0;
    case 1: return i % 2 == 0;
    case 2: return j % 3 == 0;
    case 3: return (i + j) % 3 == 0;
    case 4: return (i / 2 + j / 3) % 2 == 0;
    case 5: return (i * j) % 2 + (i * j) % 3 == 0;
    case 6: return ((i * j) % 2 + (i * j) % 3) % 2 == 0;
    case 7: return ((i + j) % 2 + (i * j) % 3) % 2 == 0;
  }
  return false;
}

// XOR is its own inverse, so applying the same mask twice restores the grid.
void apply_mask(Grid& g, int mask) {
  for (int y = 0; y < g.size; ++y)
    for (int x = 0; x < g.size; ++x)
      if (!g.function[g.at(x, y)] && mask_condition(mask, y, x)) g.dark[g.at(x, y)] ^= 1;
}

// Rules 1 and 3 of Table 11 along one row or column. Rule 1 (N1 = 3): a run of 5 + k modules of
// one colour scores 3 + k. Rule 3 (N3 = 40): the finder-like 1:1:3:1:1 sequence dark-light-dark-
// dark-dark-light-dark with 4 light modules before it, or after it, scores 40 for each; modules
// outside the symbol count as light, as the quiet zone is.
int line_penalty(const std::vector<std::uint8_t>& line) {
  const int n = static_cast<int>(line.size());
  int score = 0;
  int run = 1;
  for (int i = 1; i <= n; ++i) {
    if (i < n && line[static_cast<std::size_t>(i)] == line[static_cast<std::size_t>(i - 1)]) {
      ++run;
      continue;
    }
    if (run >= 5) score += 3 + (run - 5);
    run = 1;
  }
  const auto dark = [&](int i) { return i >= 0 && i < n && line[static_cast<std::size_t>(i)] != 0; };
  const auto light_span = [&](int from) { return !dark(from) && !dark(from + 1) && !dark(from + 2) && !dark(from + 3); };
  static constexpr std::uint8_t kCore[7] = {1, 0, 1, 1, 1, 0, 1};
  for (int i = 0; i + 7 <= n; ++i) {
    bool match = true;
    for (int k = 0; k < 7 && match; ++k) match = dark(i + k) == (kCore[k] != 0);
    if (!match) continue;
    if (light_span(i - 4)) score += 40;
    if (light_span(i + 7)) score += 40;
  }
  return score;
}

// Total penalty of a masked symbol (7.8.3): rules 1 and 3 per row and column, rule 2 (N2 = 3 for
// each 2x2 block of one colour), rule 4 (N4 = 10 for each full 5% the dark share is off 50%).
int penalty_score(const Grid& g) {
  const int s = g.size;
  int score = 0;
  std::vector<std::uint8_t> row(static_cast<std::size_t>(s)), column(static_cast<std::size_t>(s));
  for (int a = 0; a < s; ++a) {
    for (int b = 0; b < s; ++b) {
      row[static_cast<std::size_t>(b)] = g.dark[g.at(b, a)];
      column[static_cast<std::size_t>(b)] = g.dark[g.at(a, b)];
    }
    score += line_penalty(row) + line_penalty(column);
  }
  for (int y = 0; y + 1 < s; ++y)
    for (int x = 0; x + 1 < s; ++x) {
      const std::uint8_t c = g.dark[g.at(x, y)];
      if (c == g.dark[g.at(x + 1, y)] && c == g.dark[g.at(x, y + 1)] && c == g.dark[g.at(x + 1, y + 1)]) score += 3;
    }
  long dark_count = 0;
  for (std::uint8_t d : g.dark) dark_count += d;
  const long total = static_cast<long>(s) * s;
  score += 10 * static_cast<int>(std::labs(20 * dark_count - 10 * total) / total);
  return score;
}

// The mask with the lowest penalty, each evaluated with its own format information drawn (7.8.3).
int choose_mask(Grid& g, QrEcc ecc) {
  int best = 0, best_score = INT_MAX;
  for (int mask = 0; mask < 8; ++mask) {
    apply_mask(g, mask);
    draw_format(g, ecc, mask);
    const int score = penalty_score(g);
    if (score < best_score) best = mask, best_score = score;
    apply_mask(g, mask);
  }
  return best;
}

std::string check_options(const QrOptions& o) {
  if (level(o.ecc) < 0 || level(o.ecc) > 3) return "invalid QR error correction level";
  if (o.min_version < kMinVersion || o.min_version > kMaxVersion || o.max_version < kMinVersion ||
      o.max_version > kMaxVersion || o.min_version > o.max_version)
    return "invalid QR version range " + std::to_string(o.min_version) + ".." + std::to_string(o.max_version) +
           " (versions are 1..40, min <= max)";
  if (o.mask < -1 || o.mask > 7) return "invalid QR mask " + std::to_string(o.mask) + " (0..7, or -1 for automatic)";
  return {};
}

}  // namespace

bool QrMatrix::dark(int x, int y) const {
  if (x < 0 || y < 0 || x >= size || y >= size) return false;
  return modules[static_cast<std::size_t>(y * size + x)] != 0;
}

QrFixedPatterns qr_fixed_patterns(int version) {
  if (version < 1 || version > 40) return {};
  Grid g(version);
  draw_fixed_patterns(g);
  return {g.size, std::move(g.function), std::move(g.dark)};
}

QrMode qr_mode(std::string_view data) {
  if (std::all_of(data.begin(), data.end(), [](char c) { return c >= '0' && c <= '9'; })) return QrMode::Numeric;
  if (std::all_of(data.begin(), data.end(), [](char c) { return alphanumeric_value(c) >= 0; }))
    return QrMode::Alphanumeric;
  return QrMode::Byte;
}

QrResult qr_encode(std::string_view data, const QrOptions& options) {
  if (std::string bad = check_options(options); !bad.empty()) return {Fault::Invalid, std::move(bad)};

  // The smallest version in range whose data capacity holds the stream, and whose character count
  // indicator can hold the length.
  const QrMode mode = qr_mode(data);
  const auto length = static_cast<std::int64_t>(data.size());
  int version = 0;
  for (int v = options.min_version; v <= options.max_version && version == 0; ++v)
    if (stream_bits(mode, length, v) <= 8LL * data_codewords(v, options.ecc) && length < (1LL << count_bits(mode, v)))
      version = v;
  if (version == 0) {
    const int v = options.max_version;
    return {Fault::TooLarge, "text too long for QR version <= " + std::to_string(v) + " at level " + level_name(options.ecc) +
                                 " (needs " + std::to_string(stream_bits(mode, length, v)) + " bits, has " +
                                 std::to_string(8 * data_codewords(v, options.ecc)) + ")"};
  }

  Grid grid(version);
  draw_function_patterns(grid);
  place_codewords(grid, add_ecc_and_interleave(make_data_codewords(data, mode, version, options.ecc), version, options.ecc));
  const int mask = options.mask >= 0 ? options.mask : choose_mask(grid, options.ecc);
  apply_mask(grid, mask);
  draw_format(grid, options.ecc, mask);

  QrMatrix matrix;
  matrix.size = grid.size;
  matrix.version = version;
  matrix.ecc = options.ecc;
  matrix.mask = mask;
  matrix.modules = std::move(grid.dark);
  return matrix;
}

}  // namespace tb::code
