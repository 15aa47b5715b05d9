// 拍照上传: the page found in a document camera's frame, straightened and encoded (core/image).
// Frames are drawn here: a page with bars of "text" at known places, laid on a darker, unevenly lit
// and noisy base at an angle and in perspective, so the test knows where every corner and line is.
#include <boost/test/unit_test.hpp>

#include <stb_image.h>

#include <cmath>
#include <cstdint>
#include <random>

#include "image/document.h"
#include "image/image.h"
#include "image/jpeg.h"
#include "image/page.h"

using namespace tb::image;

namespace {

constexpr int kBars = 6;  // dark bars across the page at 1/8, 2/8 … of its height, each 1/40 high

// Is page point (u, v) in [0,1]² on one of the bars?
bool on_bar(double u, double v) {
  if (u < 0.1 || u > 0.9) return false;
  for (int i = 1; i <= kBars; ++i)
    if (std::fabs(v - i / 8.0) < 1.0 / 80) return true;
  return false;
}

// The page's point under frame pixel (x, y): the perspective that takes the unit square to the
// quadrilateral, found here by solving its eight equations (not core's closed form), inverted.
bool page_point(const Quad& q, double x, double y, double* u, double* v) {
  // x = (h0 u + h1 v + h2) / (h6 u + h7 v + 1), y = (h3 u + h4 v + h5) / (h6 u + h7 v + 1)
  double m[8][9] = {};
  const double us[4] = {0, 1, 1, 0}, vs[4] = {0, 0, 1, 1};
  for (int k = 0; k < 4; ++k) {
    const double X = q.corners[static_cast<std::size_t>(k)].x, Y = q.corners[static_cast<std::size_t>(k)].y;
    double* r0 = m[2 * k];
    double* r1 = m[2 * k + 1];
    r0[0] = us[k], r0[1] = vs[k], r0[2] = 1, r0[6] = -us[k] * X, r0[7] = -vs[k] * X, r0[8] = X;
    r1[3] = us[k], r1[4] = vs[k], r1[5] = 1, r1[6] = -us[k] * Y, r1[7] = -vs[k] * Y, r1[8] = Y;
  }
  for (int c = 0; c < 8; ++c) {  // Gaussian elimination with partial pivoting
    int p = c;
    for (int r = c + 1; r < 8; ++r)
      if (std::fabs(m[r][c]) > std::fabs(m[p][c])) p = r;
    if (std::fabs(m[p][c]) < 1e-12) return false;
    for (int k = 0; k < 9; ++k) std::swap(m[c][k], m[p][k]);
    for (int r = 0; r < 8; ++r)
      if (r != c) {
        const double f = m[r][c] / m[c][c];
        for (int k = c; k < 9; ++k) m[r][k] -= f * m[c][k];
      }
  }
  double h[9];
  for (int k = 0; k < 8; ++k) h[k] = m[k][8] / m[k][k];
  h[8] = 1;
  // Invert the 3x3 matrix (adjugate; the scale does not matter).
  const double i0 = h[4] * h[8] - h[5] * h[7], i1 = h[2] * h[7] - h[1] * h[8], i2 = h[1] * h[5] - h[2] * h[4];
  const double i3 = h[5] * h[6] - h[3] * h[8], i4 = h[0] * h[8] - h[2] * h[6], i5 = h[2] * h[3] - h[0] * h[5];
  const double i6 = h[3] * h[7] - h[4] * h[6], i7 = h[1] * h[6] - h[0] * h[7], i8 = h[0] * h[4] - h[1] * h[3];
  const double w = i6 * x + i7 * y + i8;
  if (std::fabs(w) < 1e-12) return false;
  *u = (i0 * x + i1 * y + i2) / w;
  *v = (i3 * x + i4 * y + i5) / w;
  return *u >= 0 && *u <= 1 && *v >= 0 && *v <= 1;
}

// A frame with the page at `q` on a base of grey `base`, lit from one side, with sensor noise.
Rgb frame_with_page(int w, int h, const Quad& q, int base = 70, unsigned seed = 7) {
  Rgb f;
  f.width = w, f.height = h;
  f.pixels.resize(static_cast<std::size_t>(w) * h * 3);
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 6);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double light = 0.8 + 0.2 * x / w;  // brighter to the right
      double u, v, value = base;
      if (page_point(q, x + 0.5, y + 0.5, &u, &v)) value = on_bar(u, v) ? 40 : 235;
      const int g = static_cast<int>(std::lround(value * light + noise(rng)));
      std::uint8_t* p = &f.pixels[(static_cast<std::size_t>(y) * w + x) * 3];
      p[0] = static_cast<std::uint8_t>(std::clamp(g + 4, 0, 255));  // a warm tint, as under a lamp
      p[1] = static_cast<std::uint8_t>(std::clamp(g, 0, 255));
      p[2] = static_cast<std::uint8_t>(std::clamp(g - 6, 0, 255));
    }
  return f;
}

Quad quad(double x0, double y0, double x1, double y1, double x2, double y2, double x3, double y3) {
  Quad q;
  q.corners = {Point{x0, y0}, Point{x1, y1}, Point{x2, y2}, Point{x3, y3}};
  return q;
}

// An A4 page (1 : 1.414) centred at (cx, cy), `height` pixels tall, turned by `degrees`.
Quad turned_page(double cx, double cy, double height, double degrees) {
  const double w = height / std::sqrt(2.0), t = degrees * M_PI / 180;
  const double c = std::cos(t), s = std::sin(t);
  Quad q;
  const double dx[4] = {-w / 2, w / 2, w / 2, -w / 2}, dy[4] = {-height / 2, -height / 2, height / 2, height / 2};
  for (int k = 0; k < 4; ++k) q.corners[static_cast<std::size_t>(k)] = {cx + dx[k] * c - dy[k] * s, cy + dx[k] * s + dy[k] * c};
  return q;
}

double max_corner_error(const Quad& a, const Quad& b) {
  double worst = 0;
  for (std::size_t k = 0; k < 4; ++k)
    worst = std::max(worst, std::hypot(a.corners[k].x - b.corners[k].x, a.corners[k].y - b.corners[k].y));
  return worst;
}

double mean_grey(const Rgb& img, int y0, int y1, int x0, int x1) {
  double sum = 0;
  int n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x, ++n) {
      const std::uint8_t* p = &img.pixels[(static_cast<std::size_t>(y) * img.width + x) * 3];
      sum += (p[0] + p[1] + p[2]) / 3.0;
    }
  return n ? sum / n : 0;
}

// After straightening, each bar lies level across the page where it was drawn, and the paper
// between bars is light.
void check_bars_level(const Rgb& flat) {
  const int x0 = flat.width / 5, x1 = flat.width * 4 / 5;
  for (int i = 1; i <= kBars; ++i) {
    const int y = static_cast<int>(flat.height * i / 8.0);
    BOOST_TEST_CONTEXT("bar " << i) {
      BOOST_TEST(mean_grey(flat, y - 1, y + 2, x0, x1) < 110);  // dark along its whole length: level
      const int gap = static_cast<int>(flat.height * (i + 0.5) / 8.0);
      BOOST_TEST(mean_grey(flat, gap - 2, gap + 2, x0, x1) > 150);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document)

BOOST_AUTO_TEST_CASE(yuv_and_rgba_frames_convert_to_the_same_rgb) {
  const std::uint8_t y[4] = {255, 0, 76, 128}, u[1] = {128}, v[1] = {128};
  const Rgb grey = from_yuv420(y, u, v, 2, 2);
  BOOST_TEST(grey.pixels[0] == 255);
  BOOST_TEST(grey.pixels[3] == 0);
  BOOST_TEST((grey.pixels[9] == 128 && grey.pixels[10] == 128 && grey.pixels[11] == 128));
  const std::uint8_t red_y[4] = {76, 76, 76, 76}, red_u[1] = {85}, red_v[1] = {255};  // JPEG YCbCr of pure red
  const Rgb red = from_yuv420(red_y, red_u, red_v, 2, 2);
  BOOST_TEST(red.pixels[0] >= 250);
  BOOST_TEST(red.pixels[1] <= 4);
  BOOST_TEST(red.pixels[2] <= 4);
  const std::uint8_t yuyv[8] = {76, 85, 76, 255, 76, 85, 76, 255};
  BOOST_TEST(from_yuyv(yuyv, 2, 2, 4).pixels == red.pixels);
  const std::uint8_t rgba[8] = {1, 2, 3, 255, 4, 5, 6, 0};
  const Rgb packed = from_rgba(rgba, 2, 1);
  BOOST_TEST((packed.pixels == std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6}));
}

BOOST_AUTO_TEST_CASE(a_page_turned_on_the_base_is_found_to_within_a_few_pixels) {
  for (double degrees : {0.0, 8.0, -17.0, 33.0, 90.0}) {
    BOOST_TEST_CONTEXT("turned " << degrees << " degrees") {
      const Quad truth = turned_page(640, 480, 760, degrees);
      const Rgb f = frame_with_page(1280, 960, truth);
      auto found = find_page(f.view());
      BOOST_REQUIRE(bool(found));
      // 90 degrees: the page lies on its side and is read that way (its top-left is where it is).
      if (degrees != 90.0) BOOST_TEST(max_corner_error(*found, truth) < 6.0);
      BOOST_TEST(std::fabs(found->height() / found->width() - (degrees == 90.0 ? 1 / std::sqrt(2.0) : std::sqrt(2.0))) < 0.03);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_page_photographed_at_an_angle_comes_out_square_with_its_lines_level) {
  // Perspective: the top edge farther from the camera than the bottom, and the page turned.
  const Quad truth = quad(420, 150, 900, 190, 1010, 880, 300, 830);
  const Rgb f = frame_with_page(1280, 960, truth, 60, 11);
  auto found = find_page(f.view());
  BOOST_REQUIRE(bool(found));
  BOOST_TEST(max_corner_error(*found, truth) < 6.0);
  const Rgb flat = straighten(f.view(), *found, 700, 990);
  check_bars_level(flat);
  // The base does not show at the straightened page's edges.
  BOOST_TEST(mean_grey(flat, 3, 8, 30, 670) > 150);
  BOOST_TEST(mean_grey(flat, 982, 987, 30, 670) > 150);
}

BOOST_AUTO_TEST_CASE(a_page_on_a_light_base_is_found_as_the_darker_region) {
  // Brown paper on a white desk.
  const Quad truth = turned_page(640, 480, 700, 12);
  Rgb f = frame_with_page(1280, 960, truth, 245, 3);
  for (std::size_t i = 0; i < f.pixels.size(); i += 3) {
    double u, v;
    const int x = static_cast<int>((i / 3) % 1280), y = static_cast<int>((i / 3) / 1280);
    if (page_point(truth, x + 0.5, y + 0.5, &u, &v) && !on_bar(u, v)) f.pixels[i] = 150, f.pixels[i + 1] = 120, f.pixels[i + 2] = 90;
  }
  auto found = find_page(f.view());
  BOOST_REQUIRE(bool(found));
  BOOST_TEST(max_corner_error(*found, truth) < 8.0);
}

BOOST_AUTO_TEST_CASE(no_page_or_a_shape_that_is_not_a_page_is_said_so) {
  Rgb empty = frame_with_page(640, 480, quad(0, 0, 0, 0, 0, 0, 0, 0), 90);
  auto none = find_page(empty.view());
  BOOST_TEST(!none);
  BOOST_TEST(int(none.reason()) == int(PageError::NoPage));
  BOOST_TEST(std::string(reason_text(none.reason())).find("没有找到纸张") == 0);
  // A round light thing (a plate, a face) is not four-sided.
  Rgb disc = empty;
  for (int y = 0; y < 480; ++y)
    for (int x = 0; x < 640; ++x)
      if (std::hypot(x - 320, y - 240) < 200) {
        std::uint8_t* p = &disc.pixels[(static_cast<std::size_t>(y) * 640 + x) * 3];
        p[0] = p[1] = p[2] = 230;
      }
  auto round = find_page(disc.view());
  BOOST_TEST(!round);
  BOOST_TEST(int(round.reason()) == int(PageError::NotFourSided));
  const std::uint8_t tiny[3 * 10 * 10] = {};
  BOOST_TEST(int(find_page(RgbView{tiny, 10, 10, 30}).reason()) == int(PageError::TooSmall));
}

BOOST_AUTO_TEST_CASE(the_document_photo_is_a_jpeg_of_the_straightened_page_or_of_the_whole_frame) {
  const Quad truth = turned_page(800, 600, 1000, -6);
  const Rgb f = frame_with_page(1600, 1200, truth);
  DocumentPhoto photo = document_photo(f.view());
  BOOST_REQUIRE(photo.page_found);
  BOOST_TEST((photo.jpeg.size() > 1000 && photo.jpeg[0] == 0xFF && photo.jpeg[1] == 0xD8));
  BOOST_TEST((photo.jpeg[photo.jpeg.size() - 2] == 0xFF && photo.jpeg.back() == 0xD9));
  int w = 0, h = 0, n = 0;
  std::uint8_t* decoded = stbi_load_from_memory(photo.jpeg.data(), static_cast<int>(photo.jpeg.size()), &w, &h, &n, 3);
  BOOST_REQUIRE(decoded);
  BOOST_TEST(w == photo.width);
  BOOST_TEST(h == photo.height);
  BOOST_TEST(std::fabs(static_cast<double>(h) / w - std::sqrt(2.0)) < 0.03);
  Rgb flat;
  flat.width = w, flat.height = h;
  flat.pixels.assign(decoded, decoded + static_cast<std::size_t>(w) * h * 3);
  stbi_image_free(decoded);
  check_bars_level(flat);
  photo.wipe();
  BOOST_TEST(photo.jpeg.empty());
  // No page: the whole frame is kept, and why is told.
  const Rgb empty = frame_with_page(320, 240, quad(0, 0, 0, 0, 0, 0, 0, 0));
  const DocumentPhoto whole = document_photo(empty.view());
  BOOST_TEST(!whole.page_found);
  BOOST_TEST(int(whole.why_not) == int(PageError::NoPage));
  BOOST_TEST((whole.width == 320 && whole.height == 240));
  // A page larger than max_side is scaled down to it.
  DocumentOptions small;
  small.max_side = 400;
  const DocumentPhoto capped = document_photo(f.view(), small);
  BOOST_TEST(std::max(capped.width, capped.height) == 400);
}

BOOST_AUTO_TEST_SUITE_END()
