#pragma once
// QR Code encoder (ISO/IEC 18004): text in, module matrix out. Pure computation: no I/O, no
// exceptions on bad input (a failure comes back in QrResult), so it runs the same natively and in wasm.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace tb::code {

// Error correction level: recovers roughly 7% (L), 15% (M), 25% (Q) or 30% (H) of the codewords.
enum class QrEcc { L, M, Q, H };

// Which mode the data will use: numeric (all digits), alphanumeric (0-9A-Z space $%*+-./:) or
// byte (anything else, UTF-8 bytes as is). The whole input is one segment in that mode.
enum class QrMode { Numeric, Alphanumeric, Byte };

struct QrOptions {
  QrEcc ecc = QrEcc::M;
  int min_version = 1;  // 1..40; the smallest version in [min_version, max_version] that fits is used
  int max_version = 40;
  int mask = -1;  // 0..7 forces a mask pattern; -1 chooses the one with the lowest penalty score
};

struct QrMatrix {
  int size = 0;  // modules per side, 17 + 4 * version (no quiet zone)
  int version = 0;
  QrEcc ecc = QrEcc::M;
  int mask = 0;
  std::vector<std::uint8_t> modules;  // size * size, row-major, 1 = dark
  bool dark(int x, int y) const;      // false outside the symbol (the quiet zone is light)
};

// The matrix, or Fault::Invalid (options out of range) or Fault::TooLarge (the text does not fit
// max_version at that level).
using QrResult = Result<QrMatrix, Fault>;

// The modules every symbol of `version` (1..40) shows whatever it holds: finders and separators,
// timing patterns, alignment patterns and the dark module (not the format and version
// information, which depend on the symbol). A reader that finds the module grid itself
// (scan/symbol_grid.h) fits it to these. Size 0 for a version out of range.
struct QrFixedPatterns {
  int size = 0;
  std::vector<std::uint8_t> known;  // size * size, row-major, 1 = a fixed module
  std::vector<std::uint8_t> dark;   // its colour where known, 1 = dark
};
QrFixedPatterns qr_fixed_patterns(int version);

QrMode qr_mode(std::string_view data);
QrResult qr_encode(std::string_view data, const QrOptions& options = {});

}  // namespace tb::code
