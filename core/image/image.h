#pragma once
// Pixels the core works on: 8-bit RGB, rows top to bottom, no padding unless a view says so. The
// shells convert what their cameras give (YUV 4:2:0 from a .y4m or V4L2, YUYV, a browser canvas's
// RGBA) with the functions here, so every platform hands the document pipeline the same thing.
#include <cstdint>
#include <vector>

namespace tb::image {

struct RgbView {
  const std::uint8_t* data = nullptr;
  int width = 0, height = 0;
  int stride = 0;  // bytes from one row to the next (>= 3 * width)
};

struct Rgb {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;  // width * height * 3
  RgbView view() const { return {pixels.data(), width, height, width * 3}; }
};

// Planar YUV 4:2:0 (YUV4MPEG2 C420jpeg, I420): full-range BT.601, chroma halved both ways.
Rgb from_yuv420(const std::uint8_t* y, const std::uint8_t* u, const std::uint8_t* v, int width, int height);
// Packed YUYV 4:2:2 (V4L2_PIX_FMT_YUYV), `stride` bytes a row.
Rgb from_yuyv(const std::uint8_t* yuyv, int width, int height, int stride);
// Grey (one byte a pixel), as RGB.
Rgb from_grey(const std::uint8_t* grey, int width, int height, int stride);
// RGBA (a browser canvas's ImageData), alpha dropped.
Rgb from_rgba(const std::uint8_t* rgba, int width, int height);

// A smaller copy, each pixel the average of the block it covers; `max_side` bounds the larger side.
Rgb shrink(const RgbView& src, int max_side);

// Overwrites the pixels before releasing them (a photo of a document is personal).
void wipe(Rgb& image);

}  // namespace tb::image
