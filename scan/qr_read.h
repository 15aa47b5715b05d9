#pragma once
// Reading QR codes from pixels, natively, with Debian's ZXing-cpp (libzxing 1.4). One place for the
// settings the CLI (`tongban code scan`), the kiosk's camera and the benchmark all use, so what is
// measured is what ships. The browser reads with zxing-wasm instead (mobile-shell/js/scanner.js),
// with the same camera settings.
#include <cstdint>
#include <string>
#include <vector>

namespace tb::scan {

// 8-bit grey pixels, row-major, 0 = black; `stride` bytes from one row to the next.
struct GreyView {
  const std::uint8_t* pixels = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;
};

// One camera frame, as a live preview can afford (the next frame comes ~100 ms later): QR only,
// try harder, no rotation search, stop at the first code; coarse to fine: the frame averaged down
// to half size, then the frame itself. When that reads nothing, what a careful reader tries next,
// while `budget_ms` (wall time for the whole frame) lasts: local contrast normalisation (a
// reflection washing out part of a code); then, on the patch of the frame where the code most
// likely is (the busiest cluster of blocks), smoothing then sharpening and the patch enlarged 1.5,
// 2 and 3 times (small codes under sensor noise and blur); then the whole frame enlarged,
// smoothed, its median, normalised with a global threshold.
// Texts of the codes read; none: empty.
inline constexpr double kFrameBudgetMs = 40;
std::vector<std::string> read_qr_frame(const GreyView& frame, double budget_ms = kFrameBudgetMs);

// A still image (a photo, a scanned print sheet): every code in it. When the usual reading finds
// nothing, the ways ZXing-cpp 1.4 can still be helped are tried in turn (each reads codes in the
// public sample set that the others miss): the image inverted (1.4 has no tryInvert), a global or a
// fixed threshold, half size (coarse print, camera noise), double size (tiny codes).
std::vector<std::string> read_qr_still(const GreyView& image);

}  // namespace tb::scan
