#include "image/image.h"

#include <algorithm>
#include <cstddef>

#include "crypto/wipe.h"

namespace tb::image {
namespace {

std::uint8_t clamp8(int v) { return static_cast<std::uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v); }

// Full-range BT.601 (JPEG's YCbCr), in 16.16 fixed point.
void put_rgb(std::uint8_t* out, int y, int cb, int cr) {
  cb -= 128, cr -= 128;
  const int yy = y << 16;
  out[0] = clamp8((yy + 91881 * cr + 32768) >> 16);
  out[1] = clamp8((yy - 22554 * cb - 46802 * cr + 32768) >> 16);
  out[2] = clamp8((yy + 116130 * cb + 32768) >> 16);
}

Rgb sized(int width, int height) {
  Rgb out;
  out.width = width, out.height = height;
  out.pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  return out;
}

}  // namespace

Rgb from_yuv420(const std::uint8_t* y, const std::uint8_t* u, const std::uint8_t* v, int width, int height) {
  Rgb out = sized(width, height);
  const int cw = (width + 1) / 2;
  for (int r = 0; r < height; ++r) {
    const std::uint8_t* yr = y + static_cast<std::ptrdiff_t>(r) * width;
    const std::uint8_t* ur = u + static_cast<std::ptrdiff_t>(r / 2) * cw;
    const std::uint8_t* vr = v + static_cast<std::ptrdiff_t>(r / 2) * cw;
    std::uint8_t* o = &out.pixels[static_cast<std::size_t>(r) * static_cast<std::size_t>(width) * 3];
    for (int c = 0; c < width; ++c) put_rgb(o + 3 * c, yr[c], ur[c / 2], vr[c / 2]);
  }
  return out;
}

Rgb from_yuyv(const std::uint8_t* yuyv, int width, int height, int stride) {
  Rgb out = sized(width, height);
  for (int r = 0; r < height; ++r) {
    const std::uint8_t* in = yuyv + static_cast<std::ptrdiff_t>(r) * stride;
    std::uint8_t* o = &out.pixels[static_cast<std::size_t>(r) * static_cast<std::size_t>(width) * 3];
    for (int c = 0; c < width; ++c) {
      const std::uint8_t* pair = in + (c / 2) * 4;  // Y0 U Y1 V
      put_rgb(o + 3 * c, pair[(c & 1) * 2], pair[1], pair[3]);
    }
  }
  return out;
}

Rgb from_grey(const std::uint8_t* grey, int width, int height, int stride) {
  Rgb out = sized(width, height);
  for (int r = 0; r < height; ++r) {
    const std::uint8_t* in = grey + static_cast<std::ptrdiff_t>(r) * stride;
    std::uint8_t* o = &out.pixels[static_cast<std::size_t>(r) * static_cast<std::size_t>(width) * 3];
    for (int c = 0; c < width; ++c) o[3 * c] = o[3 * c + 1] = o[3 * c + 2] = in[c];
  }
  return out;
}

Rgb from_rgba(const std::uint8_t* rgba, int width, int height) {
  Rgb out = sized(width, height);
  const std::size_t n = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  for (std::size_t i = 0; i < n; ++i) {
    out.pixels[3 * i] = rgba[4 * i];
    out.pixels[3 * i + 1] = rgba[4 * i + 1];
    out.pixels[3 * i + 2] = rgba[4 * i + 2];
  }
  return out;
}

Rgb shrink(const RgbView& src, int max_side) {
  const int longest = std::max(src.width, src.height);
  const int factor = std::max(1, (longest + max_side - 1) / std::max(1, max_side));
  const int w = std::max(1, src.width / factor), h = std::max(1, src.height / factor);
  Rgb out = sized(w, h);
  std::vector<int> sum(static_cast<std::size_t>(w) * 3);
  const int area = factor * factor;
  for (int r = 0; r < h; ++r) {
    std::fill(sum.begin(), sum.end(), 0);
    for (int dy = 0; dy < factor; ++dy) {
      const std::uint8_t* in = src.data + static_cast<std::ptrdiff_t>(r * factor + dy) * src.stride;
      for (int c = 0; c < w; ++c) {
        const std::uint8_t* p = in + static_cast<std::ptrdiff_t>(c) * factor * 3;
        for (int dx = 0; dx < factor; ++dx, p += 3) {
          sum[3 * c] += p[0];
          sum[3 * c + 1] += p[1];
          sum[3 * c + 2] += p[2];
        }
      }
    }
    std::uint8_t* o = &out.pixels[static_cast<std::size_t>(r) * static_cast<std::size_t>(w) * 3];
    for (int i = 0; i < 3 * w; ++i) o[i] = static_cast<std::uint8_t>(sum[i] / area);
  }
  return out;
}

void wipe(Rgb& image) {
  crypto::wipe(image.pixels.data(), image.pixels.size());
  image.pixels.clear();
  image.pixels.shrink_to_fit();
  image.width = image.height = 0;
}

}  // namespace tb::image
