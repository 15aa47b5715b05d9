#pragma once
// Reading a QR symbol's modules ourselves, for the codes a decoder's own sampling loses to sensor
// noise and blur. A decoder binarizes pixels and samples one pixel per module; under heavy noise
// and a blur as wide as a module, too many modules come out wrong for its error correction. A
// careful reader instead finds the symbol's grid (the three finder patterns, then every fixed
// pattern of its version fitted at once), takes each module as the mean of its middle, and
// cancels the grey its neighbours blurred into it, before deciding dark or light. The result is
// the symbol redrawn clean, for any decoder to read (the decoder still does the error correction).
//
// Pure pixel work, like grey_image.h: compiled natively and into the browser's scan module.
#include <optional>

#include "scan/grey_image.h"

namespace tb::scan {

// `upright`: a patch holding one code turned upright (its module rows along the pixel rows, within
// the tilt a mild perspective leaves), modules of about 2.5 to 16 pixels. The symbol redrawn at
// 4 pixels a module with a 4-module quiet zone, or nothing when no three finder patterns in the
// right places stand out. Never reads a code that is not there: a wrong grid redraws noise, which
// no decoder's error correction accepts.
std::optional<Grey> redrawn_symbol(const GreyView& upright);

}  // namespace tb::scan
