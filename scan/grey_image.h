#pragma once
// Grey images and what a careful reader does to one when a code in it does not read: smoothing,
// sharpening, enlarging, contrast normalisation. Pure pixel work, no decoder: the same source is
// compiled natively (scan/qr_read.cpp reads its results with libzxing) and into the browser's
// scan module (wasm/scan: js/scanner.js reads them with zxing-wasm), so both try the same pixels.
#include <cstdint>
#include <vector>

namespace tb::scan {

// 8-bit grey pixels, row-major, 0 = black; `stride` bytes from one row to the next.
struct GreyView {
  const std::uint8_t* pixels = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;
};

// A grey image that owns its pixels (stride = width).
struct Grey {
  int w = 0, h = 0;
  std::vector<std::uint8_t> px;
  GreyView view() const { return {px.data(), w, h, w}; }
};

Grey copy_of(const GreyView& v);
// `img` resampled to w x h (stb_image_resize: Catmull-Rom up, Mitchell down).
Grey resized(const Grey& img, int w, int h);
// Half size, each pixel the mean of four: the noise of independent pixels halves.
Grey halved(const GreyView& v);

// Local contrast normalisation over a (2 radius + 1)-wide window: each pixel's distance from the
// window's mean in units of its spread. What a reflection washed out stands apart again.
Grey normalised(const GreyView& v, int radius);
// Each pixel the median of its 3x3 neighbourhood: noise goes, module edges stay sharp.
Grey median3(const GreyView& v);
// A separable box blur of `radius`, run `passes` times (close to a Gaussian); edges repeat.
Grey box_blurred(const Grey& img, int radius, int passes);
// Sensor noise smoothed: a 3x3 box filter run twice.
Grey denoised(const GreyView& v);
// Unsharp masking: the image plus `amount` times its difference from a blurred copy.
Grey sharpened(const Grey& img, int radius, int passes, double amount);

// The frame enlarged `num`/`den` times, smoothed against the noise and sharpened against the blur:
// the binarizer and the sampling grid get more pixels where a small, blurred, noisy code had few.
struct Enlarging {
  int num, den;  // the scale
  int blur_radius, blur_passes;
  int sharpen_radius;  // of the blur the sharpening takes back (2 passes)
  double amount;
};
// Twice: about 0.7 px of the original smoothed, 1.4 px sharpened (alone 67 of the benchmark's 72
// noisy-rotated frames). One and a half: more smoothing for its size (68 of 72). Three times: the
// densest codes, at 3 px a module (68 of 72). Each reads frames the others miss.
inline constexpr Enlarging kTwice{2, 1, 2, 1, 3, 2.0}, kOneAndAHalf{3, 2, 1, 2, 3, 2.0}, kThrice{3, 1, 3, 2, 4, 2.0};
Grey enlarged_sharpened(const GreyView& v, const Enlarging& e);

// The code's orientation in `v` (a smoothed patch holding it), modulo a quarter turn, in radians.
double quarter_turn_angle(const GreyView& v);
// The patch turned upright (by -`angle`) and enlarged as `e` says (bilinear), smoothed and
// sharpened. At any angle but a right one, each module's edges cross the pixel grid and blur into
// their neighbours along the diagonal; upright, a module fills its pixels, and the binarizer and
// the sampling grid see squares again.
Grey upright_enlarged_sharpened(const GreyView& v, double angle, const Enlarging& e);
// The patch turned upright and scaled `num`/`den` times, nothing more (bilinear); outside the patch
// its mean grey.
Grey turned_upright(const GreyView& v, double angle, int num, int den);

// Where the code most likely is: the largest connected patch of 8x8 blocks busier (more change of
// grey between neighbours, in the smoothed frame) than twice the frame's median block, with two
// blocks of margin. When nothing stands out: the whole frame.
struct Region {
  int x = 0, y = 0, w = 0, h = 0;
};
Region busy_region(const Grey& smooth);
// `r` grown by `by` pixels each way, kept inside a `width` x `height` image.
Region widened(const Region& r, int by, int width, int height);
GreyView part_of(const GreyView& v, const Region& r);

}  // namespace tb::scan
