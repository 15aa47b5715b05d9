#pragma once
// Camera frames made in software, for the QR decoding benchmark (bench_qr_decode) and the damaged-
// code test (tests/core/test_qr_damage.cpp): a code photographed at a scale, an angle and a mild
// perspective in front of a cluttered scene, with blur, sensor noise and uneven light; optionally
// with one kind of damage the phone meets in halls and streets. Fixed-seed std::mt19937 in, the
// same frames out.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "code/qr.h"

namespace tb::bench {

inline constexpr int kFrameW = 640, kFrameH = 480;  // what a phone camera's Y plane gives a scanner

enum class Damage {
  None,          // the usual: slight tilt, some blur and noise
  Glare,         // a bright reflection (a lamp on a sheet, hall lights on a screen) washing out part
  NoisyRotated,  // any angle, heavy sensor noise and blur (dim light, a shaking hand)
};
const char* damage_name(Damage d);  // "synthetic", "glare", "noisy-rotated"

// 8-bit grey, kFrameW x kFrameH, row-major.
std::vector<std::uint8_t> photograph(const code::QrMatrix& code, Damage damage, std::mt19937& rng);
// The scene alone: what a scanner sees most of the time.
std::vector<std::uint8_t> empty_scene(std::mt19937& rng);

// The symbol Debian's `qrencode` (libqrencode, an encoder other than ours) makes for `text` at error
// correction level M; Unsupported when qrencode cannot be run or says no.
code::QrResult qrencode_symbol(const std::string& text);

}  // namespace tb::bench
