#pragma once
// A still image handed to the scanner (`tongban code scan`'s PNG or JPEG, a photo of a printed
// code), decoded to grey with Debian's stb_image — bytes from a stranger, so bounded: an image
// declaring more than kMaxImagePixels is refused from its header, before anything is decoded (a PNG
// of a few hundred KB can declare hundreds of megapixels; one once took 600 MB to scan).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scan/qr_read.h"

namespace tb::scan {

inline constexpr long long kMaxImagePixels = 40'000'000;  // a 48 MP phone photo scaled down, a 300 dpi A2 sheet

struct GreyImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;  // row-major, 0 = black
  GreyView view() const { return {pixels.data(), width, height, width}; }
};

// PNG, JPEG (or anything else stb_image reads: BMP, GIF, TGA, PNM) to grey. Empty on success, else
// why not, in words for the person who gave the file ("empty file", "more than 40 megapixels …").
std::string decode_still_image(std::string_view bytes, GreyImage* out);

}  // namespace tb::scan
