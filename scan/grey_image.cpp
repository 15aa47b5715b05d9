#include "scan/grey_image.h"

#include <algorithm>
#include <cmath>
#include <cstring>

// stb_image_resize from Debian's libstb-dev, its functions made static to this file: the same
// source in the native build and the browser's scan module (which has no libstb.so to link).
#define STB_IMAGE_RESIZE_IMPLEMENTATION
#define STB_IMAGE_RESIZE_STATIC
#include "core/image/third_party_warnings_off.h"
#include <stb_image_resize.h>
#include "core/image/third_party_warnings_on.h"

namespace tb::scan {

Grey copy_of(const GreyView& v) {
  Grey g{v.width, v.height, std::vector<std::uint8_t>(static_cast<std::size_t>(v.width) * static_cast<std::size_t>(v.height))};
  for (int y = 0; y < v.height; ++y)
    std::memcpy(&g.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(v.width)], v.pixels + static_cast<std::ptrdiff_t>(y) * v.stride,
                static_cast<std::size_t>(v.width));
  return g;
}

Grey resized(const Grey& img, int w, int h) {
  Grey out{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * static_cast<std::size_t>(h))};
  stbir_resize_uint8(img.px.data(), img.w, img.h, 0, out.px.data(), w, h, 0, 1);
  return out;
}

// Local contrast normalisation: each pixel's distance from the mean of the window around it, in
// units of that window's spread, back to 0..255. Under a reflection the code's modules still differ,
// only by a few grey levels; this spreads them again, while flat areas stay flat (grey).
Grey normalised(const GreyView& v, int radius) {
  const int w = v.width, h = v.height;
  const std::size_t W = static_cast<std::size_t>(w) + 1;
  std::vector<double> sum(W * static_cast<std::size_t>(h + 1), 0), sq(sum.size(), 0);
  for (int y = 0; y < h; ++y) {
    double row = 0, row_sq = 0;
    for (int x = 0; x < w; ++x) {
      const double p = v.pixels[static_cast<std::ptrdiff_t>(y) * v.stride + x];
      row += p, row_sq += p * p;
      const std::size_t i = static_cast<std::size_t>(y + 1) * W + static_cast<std::size_t>(x + 1);
      sum[i] = sum[i - W] + row;
      sq[i] = sq[i - W] + row_sq;
    }
  }
  Grey out{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * static_cast<std::size_t>(h))};
  for (int y = 0; y < h; ++y) {
    const std::size_t y0 = static_cast<std::size_t>(std::max(0, y - radius)), y1 = static_cast<std::size_t>(std::min(h, y + radius + 1));
    for (int x = 0; x < w; ++x) {
      const std::size_t x0 = static_cast<std::size_t>(std::max(0, x - radius)), x1 = static_cast<std::size_t>(std::min(w, x + radius + 1));
      const double n = static_cast<double>((y1 - y0) * (x1 - x0));
      const double s = sum[y1 * W + x1] - sum[y0 * W + x1] - sum[y1 * W + x0] + sum[y0 * W + x0];
      const double q = sq[y1 * W + x1] - sq[y0 * W + x1] - sq[y1 * W + x0] + sq[y0 * W + x0];
      const double mean = s / n, spread = std::sqrt(std::max(0.0, q / n - mean * mean));
      const double p = v.pixels[static_cast<std::ptrdiff_t>(y) * v.stride + x];
      // The floor on the spread keeps sensor noise in flat areas from being blown up into texture.
      const double z = (p - mean) / std::max(spread, 4.0);
      out.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)] =
          static_cast<std::uint8_t>(std::clamp(128.0 + 64.0 * z, 0.0, 255.0));
    }
  }
  return out;
}

// Each pixel the median of its 3x3 neighbourhood: noise goes, while module edges stay sharp (what
// small, blurred modules need, where a box filter would merge them). The border keeps its pixels.
// The median comes from a sorting network of 19 compare-exchanges (Paeth's), branch-free: a
// general sort of nine values per pixel cost ten times as much.
Grey median3(const GreyView& v) {
  Grey out = copy_of(v);
  const int w = v.width, h = v.height;
  const auto sort2 = [](int& a, int& b) {
    const int lo = std::min(a, b);
    b = std::max(a, b), a = lo;
  };
  for (int y = 1; y + 1 < h; ++y) {
    const std::uint8_t* above = v.pixels + static_cast<std::ptrdiff_t>(y - 1) * v.stride;
    const std::uint8_t* row = above + v.stride;
    const std::uint8_t* below = row + v.stride;
    std::uint8_t* o = &out.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w)];
    for (int x = 1; x + 1 < w; ++x) {
      int p0 = above[x - 1], p1 = above[x], p2 = above[x + 1], p3 = row[x - 1], p4 = row[x], p5 = row[x + 1],
          p6 = below[x - 1], p7 = below[x], p8 = below[x + 1];
      sort2(p1, p2), sort2(p4, p5), sort2(p7, p8), sort2(p0, p1), sort2(p3, p4), sort2(p6, p7);
      sort2(p1, p2), sort2(p4, p5), sort2(p7, p8), sort2(p0, p3), sort2(p5, p8), sort2(p4, p7);
      sort2(p3, p6), sort2(p1, p4), sort2(p2, p5), sort2(p4, p7), sort2(p4, p2), sort2(p6, p4);
      sort2(p4, p2);
      o[x] = static_cast<std::uint8_t>(p4);
    }
  }
  return out;
}

// A separable box blur of `radius` (a window 2r+1 wide), run `passes` times: n passes of width w
// come close to a Gaussian of sqrt(n (w^2 - 1) / 12) px. Edges repeat the border pixel. Both passes
// read memory in order (the vertical one keeps a running sum per column). The rounded mean of a
// window comes from a table (a division per pixel was most of the cost); the row pass clamps only
// at the row's two ends.
Grey box_blurred(const Grey& img, int radius, int passes) {
  Grey a = img;
  Grey b{img.w, img.h, std::vector<std::uint8_t>(img.px.size())};
  const int w = img.w, h = img.h, n = 2 * radius + 1;
  if (w <= 0 || h <= 0 || radius <= 0) return a;
  std::vector<std::uint8_t> mean(static_cast<std::size_t>(255 * n + 1));
  for (std::size_t sum = 0; sum < mean.size(); ++sum) mean[sum] = static_cast<std::uint8_t>((static_cast<int>(sum) + n / 2) / n);
  std::vector<int> sums(static_cast<std::size_t>(w));
  for (int round = 0; round < passes; ++round) {
    for (int y = 0; y < h; ++y) {  // rows: a -> b
      const std::uint8_t* row = &a.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w)];
      std::uint8_t* out = &b.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w)];
      auto px = [&](int x) { return static_cast<int>(row[std::clamp(x, 0, w - 1)]); };
      int sum = 0;
      for (int x = -radius; x <= radius; ++x) sum += px(x);
      // Where x - radius and x + radius + 1 both fall inside the row, no clamping is needed.
      const int inner_from = std::min(radius, w), inner_to = std::max(inner_from, w - radius - 1);
      int x = 0;
      for (; x < inner_from; ++x) {
        out[x] = mean[static_cast<std::size_t>(sum)];
        sum += px(x + radius + 1) - px(x - radius);
      }
      for (; x < inner_to; ++x) {
        out[x] = mean[static_cast<std::size_t>(sum)];
        sum += row[x + radius + 1] - row[x - radius];
      }
      for (; x < w; ++x) {
        out[x] = mean[static_cast<std::size_t>(sum)];
        sum += px(x + radius + 1) - px(x - radius);
      }
    }
    // Columns: b -> a, a row at a time with a running sum per column, so memory is read in order.
    auto row_of = [&](int y) { return &b.px[static_cast<std::size_t>(std::clamp(y, 0, h - 1)) * static_cast<std::size_t>(w)]; };
    std::fill(sums.begin(), sums.end(), 0);
    for (int y = -radius; y <= radius; ++y) {
      const std::uint8_t* r = row_of(y);
      for (int x = 0; x < w; ++x) sums[static_cast<std::size_t>(x)] += r[x];
    }
    for (int y = 0; y < h; ++y) {
      std::uint8_t* out = &a.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w)];
      const std::uint8_t *enter = row_of(y + radius + 1), *leave = row_of(y - radius);
      for (int x = 0; x < w; ++x) {
        const auto i = static_cast<std::size_t>(x);
        out[x] = mean[static_cast<std::size_t>(sums[i])];
        sums[i] += enter[x] - leave[x];
      }
    }
  }
  return a;
}

// Sensor noise smoothed: a 3x3 box filter run twice (close to a Gaussian of 1.15 px), which keeps
// modules of 3 px and more while it cuts independent noise by about four.
Grey denoised(const GreyView& v) { return box_blurred(copy_of(v), 1, 2); }

// Unsharp masking: the image plus `amount` times its difference from a blurred copy. Blur spreads
// a small module into its neighbours; this takes back part of the spread, so modules of 3 px that
// blur and the smoothing of noise have left a few grey levels apart stand apart again.
Grey sharpened(const Grey& img, int radius, int passes, double amount) {
  const Grey blur = box_blurred(img, radius, passes);
  Grey out = img;
  // In whole quarters (the amounts used are 1.5 and 2), in integers: the same values as the
  // arithmetic in doubles, at a fraction of its cost. A negative value is clamped to 0 first, so
  // the shift rounds down exactly where truncation did.
  const int quarters = static_cast<int>(std::lround(amount * 4));
  for (std::size_t i = 0; i < out.px.size(); ++i) {
    const int v = 4 * img.px[i] + quarters * (img.px[i] - blur.px[i]);
    out.px[i] = static_cast<std::uint8_t>(std::clamp(v, 0, 4 * 255) >> 2);
  }
  return out;
}

Grey enlarged_sharpened(const GreyView& v, const Enlarging& e) {
  const Grey big = resized(copy_of(v), v.width * e.num / e.den, v.height * e.num / e.den);
  return sharpened(box_blurred(big, e.blur_radius, e.blur_passes), e.sharpen_radius, 2, e.amount);
}

// A code's edges run at some angle and at that angle plus a quarter turn; four times the angle is
// the same for both. So each gradient, as a complex number g, is raised to the fourth power and
// weighed by its strength (g^4 / |g|^2, no trigonometry per pixel), and the sum's angle over four
// is the code's orientation.
double quarter_turn_angle(const GreyView& v) {
  double c = 0, s = 0;
  for (int y = 1; y + 1 < v.height; ++y) {
    const std::uint8_t* row = v.pixels + static_cast<std::ptrdiff_t>(y) * v.stride;
    for (int x = 1; x + 1 < v.width; ++x) {
      const long long gx = row[x + 1] - row[x - 1], gy = row[x + v.stride] - row[x - v.stride];
      const long long m = gx * gx + gy * gy;
      if (m == 0) continue;
      const long long a = gx * gx - gy * gy, b = 2 * gx * gy;  // g^2
      c += static_cast<double>(a * a - b * b) / static_cast<double>(m);
      s += static_cast<double>(2 * a * b) / static_cast<double>(m);
    }
  }
  return std::atan2(s, c) / 4;
}

Grey turned_upright(const GreyView& v, double angle, int num, int den) {
  const int w = v.width * num / den, h = v.height * num / den;
  Grey big{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * static_cast<std::size_t>(h))};
  if (w <= 0 || h <= 0) return big;
  // Outside the patch: its mean grey, so the turned corners add no edges of their own.
  long long total = 0;
  for (int y = 0; y < v.height; ++y)
    for (int x = 0; x < v.width; ++x) total += v.pixels[static_cast<std::ptrdiff_t>(y) * v.stride + x];
  const int fill = static_cast<int>(total / (static_cast<long long>(v.width) * v.height));
  // Output pixel (X, Y) samples the patch at its centre turned by `angle` about the middle:
  // x = cos a * u - sin a * u' + cx, y = sin a * u + cos a * u', with u, u' its offset from the
  // middle in patch pixels. Bilinear, in 16.16 fixed point, stepping along each output row.
  const double scale = static_cast<double>(num) / den, cs = std::cos(angle), sn = std::sin(angle);
  const double cx = v.width / 2.0, cy = v.height / 2.0;
  constexpr double kOne = 65536.0;
  const auto step_x = static_cast<long long>(std::lround(cs / scale * kOne)), step_y = static_cast<long long>(std::lround(sn / scale * kOne));
  const auto at = [&](int x, int y) {
    return x < 0 || y < 0 || x >= v.width || y >= v.height ? fill : v.pixels[static_cast<std::ptrdiff_t>(y) * v.stride + x];
  };
  for (int Y = 0; Y < h; ++Y) {
    const double u = 0.5 / scale - cx, u2 = (Y + 0.5) / scale - cy;
    auto fx = static_cast<long long>(std::llround((cs * u - sn * u2 + cx - 0.5) * kOne));
    auto fy = static_cast<long long>(std::llround((sn * u + cs * u2 + cy - 0.5) * kOne));
    std::uint8_t* out = &big.px[static_cast<std::size_t>(Y) * static_cast<std::size_t>(w)];
    for (int X = 0; X < w; ++X, fx += step_x, fy += step_y) {
      const int x0 = static_cast<int>(fx >> 16), y0 = static_cast<int>(fy >> 16);
      const int ax = static_cast<int>((fx >> 8) & 255), ay = static_cast<int>((fy >> 8) & 255);
      const int top = at(x0, y0) * (256 - ax) + at(x0 + 1, y0) * ax, bottom = at(x0, y0 + 1) * (256 - ax) + at(x0 + 1, y0 + 1) * ax;
      out[X] = static_cast<std::uint8_t>((top * (256 - ay) + bottom * ay + (1 << 15)) >> 16);
    }
  }
  return big;
}

Grey upright_enlarged_sharpened(const GreyView& v, double angle, const Enlarging& e) {
  const Grey big = turned_upright(v, angle, e.num, e.den);
  return sharpened(box_blurred(big, e.blur_radius, e.blur_passes), e.sharpen_radius, 2, e.amount);
}

Region busy_region(const Grey& smooth) {
  constexpr int B = 8, margin = 2;
  const int bw = smooth.w / B, bh = smooth.h / B;
  const Region whole{0, 0, smooth.w, smooth.h};
  if (bw < 3 || bh < 3) return whole;
  const auto at = [](int x, int y, int w) { return static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x); };
  std::vector<float> busy(static_cast<std::size_t>(bw) * static_cast<std::size_t>(bh));
  for (int by = 0; by < bh; ++by)
    for (int bx = 0; bx < bw; ++bx) {
      int change = 0;
      for (int y = by * B; y < by * B + B; ++y) {
        const std::uint8_t* row = &smooth.px[at(0, y, smooth.w)];
        const std::uint8_t* below = &smooth.px[at(0, std::min(y + 1, smooth.h - 1), smooth.w)];
        for (int x = bx * B; x < bx * B + B; ++x) change += std::abs(row[x] - row[std::min(x + 1, smooth.w - 1)]) + std::abs(row[x] - below[x]);
      }
      busy[at(bx, by, bw)] = static_cast<float>(change) / (B * B);
    }
  std::vector<float> order = busy;
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(order.size() / 2), order.end());
  const float median = order[order.size() / 2];
  const float threshold = std::max(2.0f * median, median + 4.0f);
  // Patches of busy blocks (8-connected): a flood fill from each busy block not yet in one.
  std::vector<char> seen(busy.size(), 0);
  std::vector<int> stack;
  int best = 0;
  Region found = whole;
  for (int i = 0; i < bw * bh; ++i) {
    if (seen[static_cast<std::size_t>(i)] || busy[static_cast<std::size_t>(i)] < threshold) continue;
    int count = 0, x0 = bw, y0 = bh, x1 = 0, y1 = 0;
    seen[static_cast<std::size_t>(i)] = 1;
    stack.push_back(i);
    while (!stack.empty()) {
      const int j = stack.back(), x = j % bw, y = j / bw;
      stack.pop_back();
      ++count;
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int X = x + dx, Y = y + dy;
          if (X < 0 || Y < 0 || X >= bw || Y >= bh || seen[at(X, Y, bw)] || busy[at(X, Y, bw)] < threshold) continue;
          seen[at(X, Y, bw)] = 1;
          stack.push_back(Y * bw + X);
        }
    }
    if (count > best) {
      best = count;
      found = widened({x0 * B, y0 * B, (x1 + 1 - x0) * B, (y1 + 1 - y0) * B}, margin * B, smooth.w, smooth.h);
    }
  }
  return found;
}

Region widened(const Region& r, int by, int width, int height) {
  const int left = std::max(0, r.x - by), top = std::max(0, r.y - by);
  return {left, top, std::min(width, r.x + r.w + by) - left, std::min(height, r.y + r.h + by) - top};
}

GreyView part_of(const GreyView& v, const Region& r) {
  return {v.pixels + static_cast<std::ptrdiff_t>(r.y) * v.stride + r.x, r.w, r.h, v.stride};
}

// Half size, each pixel the mean of four: the noise of independent pixels halves.
Grey halved(const GreyView& v) {
  const int w = v.width / 2, h = v.height / 2;
  Grey out{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * static_cast<std::size_t>(h))};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const std::uint8_t* p = v.pixels + static_cast<std::ptrdiff_t>(2 * y) * v.stride + 2 * x;
      out.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)] =
          static_cast<std::uint8_t>((p[0] + p[1] + p[v.stride] + p[v.stride + 1] + 2) / 4);
    }
  return out;
}

}  // namespace tb::scan
