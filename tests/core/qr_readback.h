#pragma once
// Test helper: a QR symbol from our encoder rendered as an 8-bit grey image (0 = dark) with a
// 4-module quiet zone and `scale` pixels per module, then read with ZXing's full detector (not the
// "pure" shortcut) — how the core tests check that what we encode is what a scanner reads.
#ifndef ZX_USE_UTF8
#define ZX_USE_UTF8
#endif
#include <ZXing/ReadBarcode.h>

#include <cstdint>
#include <vector>

#include "code/qr.h"

namespace tb::test {

inline ZXing::Result read_back(const code::QrMatrix& m, int scale = 4) {
  const int quiet = 4, side = (m.size + 2 * quiet) * scale;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(side) * static_cast<std::size_t>(side), 255);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x)
      if (m.dark(x / scale - quiet, y / scale - quiet)) pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(side) + x] = 0;
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  return ZXing::ReadBarcode(ZXing::ImageView(pixels.data(), side, side, ZXing::ImageFormat::Lum), hints);
}

}  // namespace tb::test
