#include "scan/qr_read.h"

#define ZX_USE_UTF8
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/ReadBarcode.h>
#include <ZXing/Result.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "stb_image_resize.h"

namespace tb::scan {
namespace {

struct Grey {
  int w = 0, h = 0;
  std::vector<std::uint8_t> px;
  GreyView view() const { return {px.data(), w, h, w}; }
};

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

ZXing::DecodeHints hints_for(bool camera, ZXing::Binarizer binarizer) {
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  hints.setTryHarder(true);
  hints.setTryRotate(!camera);
  hints.setBinarizer(binarizer);
  if (camera) hints.setMaxNumberOfSymbols(1);
  return hints;
}

ZXing::Results read(const GreyView& v, const ZXing::DecodeHints& hints) {
  return ZXing::ReadBarcodes(ZXing::ImageView(v.pixels, v.width, v.height, ZXing::ImageFormat::Lum, v.stride), hints);
}

// Every QR code found with one binarizer. ZXing 1.4 may miss a code when many stand in a grid (a
// print sheet: it pairs finder patterns across neighbouring symbols), so each pass whitens the codes
// it read and the next pass looks again, until a pass finds nothing new.
std::vector<std::string> read_all(const GreyView& original, ZXing::Binarizer binarizer) {
  const auto hints = hints_for(false, binarizer);
  std::vector<std::string> texts;
  Grey work;
  GreyView img = original;
  for (int pass = 0; pass < 16; ++pass) {
    const auto results = read(img, hints);
    std::vector<const ZXing::Result*> found;
    for (const auto& r : results)
      if (r.isValid()) found.push_back(&r);
    if (found.empty()) break;
    if (work.px.empty()) {
      work = copy_of(original);
      img = work.view();
    }
    for (const auto* r : found) {
      texts.push_back(r->text());
      int x0 = work.w, y0 = work.h, x1 = 0, y1 = 0;
      for (int k = 0; k < 4; ++k) {
        const auto& p = r->position()[k];
        x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
      }
      x0 = std::max(x0, 0), y0 = std::max(y0, 0), x1 = std::min(x1, work.w - 1), y1 = std::min(y1, work.h - 1);
      for (int y = y0; y <= y1; ++y)
        std::memset(&work.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(work.w) + static_cast<std::size_t>(x0)], 255,
                    static_cast<std::size_t>(std::max(0, x1 - x0 + 1)));
    }
  }
  return texts;
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
// small, blurred modules need, where a box filter would merge them).
Grey median3(const GreyView& v) {
  Grey out = copy_of(v);
  const int w = v.width, h = v.height;
  for (int y = 1; y + 1 < h; ++y)
    for (int x = 1; x + 1 < w; ++x) {
      std::uint8_t n[9];
      int k = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) n[k++] = v.pixels[static_cast<std::ptrdiff_t>(y + dy) * v.stride + x + dx];
      std::nth_element(n, n + 4, n + 9);
      out.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)] = n[4];
    }
  return out;
}

// A separable box blur of `radius` (a window 2r+1 wide), run `passes` times: n passes of width w
// come close to a Gaussian of sqrt(n (w^2 - 1) / 12) px. Edges repeat the border pixel. Both passes
// read memory in order (the vertical one keeps a running sum per column).
Grey box_blurred(const Grey& img, int radius, int passes) {
  Grey a = img, b = img;
  const int w = img.w, h = img.h, n = 2 * radius + 1;
  std::vector<int> sums(static_cast<std::size_t>(w));
  for (int round = 0; round < passes; ++round) {
    for (int y = 0; y < h; ++y) {  // rows: a -> b
      const std::uint8_t* row = &a.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w)];
      auto px = [&](int x) { return static_cast<int>(row[std::clamp(x, 0, w - 1)]); };
      int sum = 0;
      for (int x = -radius; x <= radius; ++x) sum += px(x);
      for (int x = 0; x < w; ++x) {
        b.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)] = static_cast<std::uint8_t>((sum + n / 2) / n);
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
        out[x] = static_cast<std::uint8_t>((sums[i] + n / 2) / n);
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
  for (std::size_t i = 0; i < out.px.size(); ++i)
    out.px[i] = static_cast<std::uint8_t>(std::clamp(img.px[i] + amount * (img.px[i] - blur.px[i]), 0.0, 255.0));
  return out;
}

// The frame enlarged `num`/`den` times, smoothed against the noise and sharpened against the blur:
// the binarizer and the sampling grid get more pixels where a small, blurred, noisy code had few —
// what still reads most of the codes at any angle under heavy noise that nothing at full size does.
struct Enlarging {
  int num, den;  // the scale
  int blur_radius, blur_passes;
  int sharpen_radius;  // of the blur the sharpening takes back (2 passes)
  double amount;
};
// Twice: about 0.7 px of the original smoothed, 1.4 px sharpened (alone 67 of the benchmark's 72
// noisy-rotated frames). One and a half: more smoothing for its size (68 of 72). Three times: the
// densest codes, at 3 px a module (68 of 72). Each reads frames the others miss.
constexpr Enlarging kTwice{2, 1, 2, 1, 3, 2.0}, kOneAndAHalf{3, 2, 1, 2, 3, 2.0}, kThrice{3, 1, 3, 2, 4, 2.0};

Grey enlarged_sharpened(const GreyView& v, const Enlarging& e) {
  const Grey big = resized(copy_of(v), v.width * e.num / e.den, v.height * e.num / e.den);
  return sharpened(box_blurred(big, e.blur_radius, e.blur_passes), e.sharpen_radius, 2, e.amount);
}

// Where the code most likely is: the largest connected patch of 8x8 blocks busier (more change of
// grey between neighbours, in the smoothed frame) than twice the frame's median block, with two
// blocks of margin. Retries on that patch alone cost a fraction of the whole frame's, so the costly
// ones (enlarging) fit a frame's budget. When nothing stands out: the whole frame.
struct Region {
  int x = 0, y = 0, w = 0, h = 0;
};

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
      const int left = std::max(0, (x0 - margin) * B), top = std::max(0, (y0 - margin) * B);
      found = {left, top, std::min(smooth.w, (x1 + 1 + margin) * B) - left, std::min(smooth.h, (y1 + 1 + margin) * B) - top};
    }
  }
  return found;
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

std::vector<std::string> valid_texts(const ZXing::Results& results) {
  std::vector<std::string> texts;
  for (const auto& r : results)
    if (r.isValid()) texts.push_back(r.text());
  return texts;
}

}  // namespace

std::vector<std::string> read_qr_frame(const GreyView& frame, double budget_ms) {
  if (!frame.pixels || frame.width <= 0 || frame.height <= 0 || frame.stride < frame.width) return {};
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto camera = hints_for(true, ZXing::Binarizer::LocalAverage);
  // Coarse to fine: the frame averaged down to half size first. A quarter of the pixels, and the
  // noise of independent pixels halved, it reads most codes a camera is held to (in the benchmark
  // as many synthetic and photo frames as the full frame, and twice the noisy-rotated ones) in
  // about a third of the time; then the frame itself (small, dense codes).
  const bool halvable = frame.width >= 64 && frame.height >= 64;
  auto texts = halvable ? valid_texts(read(halved(frame).view(), camera)) : valid_texts(read(frame, camera));
  // Each further pass is started only when one more of the slowest so far still fits the budget.
  double slowest = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  auto fits = [&] {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count() + slowest <= budget_ms;
  };
  auto attempt = [&](auto&& make_and_read) {
    if (!texts.empty() || !fits()) return;
    const auto t0 = Clock::now();
    texts = make_and_read();
    slowest = std::max(slowest, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  };
  if (halvable) attempt([&] { return valid_texts(read(frame, camera)); });
  const int radius = std::max(8, std::min(frame.width, frame.height) / 30);
  Grey norm, smooth;
  // Glare's retry first: it reads every glare frame of the benchmark.
  attempt([&] {
    norm = normalised(frame, radius);
    return valid_texts(read(norm.view(), camera));
  });
  // Then noise and blur, on the patch where the code most likely is (busy_region), cheapest first:
  // smoothed then sharpened (62 of the benchmark's 72 noisy-rotated frames alone), then enlarged
  // one and a half, two and three times (see Enlarging).
  GreyView code = frame;
  const bool camera_sized = frame.width * frame.height <= 1280 * 960;
  attempt([&] {
    smooth = denoised(frame);
    code = part_of(frame, busy_region(smooth));
    return valid_texts(read(sharpened(denoised(code), 2, 2, 1.5).view(), camera));
  });
  if (camera_sized)
    for (const Enlarging* e : {&kOneAndAHalf, &kTwice, &kThrice}) attempt([&] { return valid_texts(read(enlarged_sharpened(code, *e).view(), camera)); });
  // The whole frame, in case the patch was not the code.
  const bool part = code.width != frame.width || code.height != frame.height;
  if (part && camera_sized) attempt([&] { return valid_texts(read(enlarged_sharpened(frame, kTwice).view(), camera)); });
  attempt([&] { return smooth.px.empty() ? std::vector<std::string>{} : valid_texts(read(smooth.view(), camera)); });
  attempt([&] { return smooth.px.empty() ? std::vector<std::string>{} : valid_texts(read(normalised(smooth.view(), radius).view(), camera)); });
  attempt([&] { return valid_texts(read(median3(frame).view(), camera)); });
  attempt([&] { return norm.px.empty() ? std::vector<std::string>{} : valid_texts(read(norm.view(), hints_for(true, ZXing::Binarizer::GlobalHistogram))); });
  return texts;
}

std::vector<std::string> read_qr_still(const GreyView& image) {
  if (!image.pixels || image.width <= 0 || image.height <= 0 || image.stride < image.width) return {};
  auto texts = read_all(image, ZXing::Binarizer::LocalAverage);
  if (!texts.empty()) return texts;
  Grey img = copy_of(image);
  Grey inverted = img;
  for (auto& v : inverted.px) v = static_cast<std::uint8_t>(255 - v);
  if (!(texts = read_all(inverted.view(), ZXing::Binarizer::LocalAverage)).empty()) return texts;
  if (!(texts = read_all(img.view(), ZXing::Binarizer::GlobalHistogram)).empty()) return texts;
  if (!(texts = read_all(img.view(), ZXing::Binarizer::FixedThreshold)).empty()) return texts;
  if (img.w >= 64 && img.h >= 64 && !(texts = read_all(resized(img, img.w / 2, img.h / 2).view(), ZXing::Binarizer::LocalAverage)).empty())
    return texts;
  if (std::max(img.w, img.h) <= 1500) texts = read_all(resized(img, img.w * 2, img.h * 2).view(), ZXing::Binarizer::LocalAverage);
  return texts;
}

}  // namespace tb::scan
