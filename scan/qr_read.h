#pragma once
// Reading QR codes from pixels, natively, with Debian's ZXing-cpp (libzxing 1.4). One place for the
// settings the CLI (`tongban code scan`), the kiosk's camera and the benchmark all use, so what is
// measured is what ships. The browser reads with zxing-wasm instead (mobile-shell/js/scanner.js),
// with the same camera settings and the same passes over a frame (scan/frame_passes.h).
#include <string>
#include <vector>

#include "scan/grey_image.h"

namespace tb::scan {

// One camera frame, as a live preview can afford (the next frame comes ~100 ms later): QR only,
// try harder, no rotation search, stop at the first code; the passes of scan/frame_passes.h in
// turn (half size, the frame, then what a careful reader tries next for glare, noise and blur),
// each started only while one more of the slowest so far fits `budget_ms` (wall time for the
// whole frame). The first pass always runs.
// Texts of the codes read; none: empty.
inline constexpr double kFrameBudgetMs = 40;
std::vector<std::string> read_qr_frame(const GreyView& frame, double budget_ms = kFrameBudgetMs);

// A still image (a photo, a scanned print sheet): every code in it. When the usual reading finds
// nothing, the ways ZXing-cpp 1.4 can still be helped are tried in turn (each reads codes in the
// public sample set that the others miss): the image inverted (1.4 has no tryInvert), a global or a
// fixed threshold, half size (coarse print, camera noise), double size (tiny codes).
std::vector<std::string> read_qr_still(const GreyView& image);

}  // namespace tb::scan
