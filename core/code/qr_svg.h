#pragma once
// A QR matrix as a compact SVG (one path of horizontal runs), for the phone's screens, the CLI's
// `code render --svg` and print sheets. Scales to any size without blurring.
#include <string>

#include "code/qr.h"

namespace tb::code {

std::string qr_svg(const QrMatrix& m, int quiet_zone = 4);

}  // namespace tb::code
