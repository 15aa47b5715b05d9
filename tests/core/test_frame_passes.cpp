// The pixel steps behind the scanner's passes (scan/grey_image.h) against their definitions,
// computed here the slow, obvious way on random images: the fast versions (a sorting network, a
// division table, integer sharpening) must give exactly the same pixels. And the list of passes
// (scan/frame_passes.h): which apply to which frame. What the passes read is tested on damaged codes
// in test_qr_damage.cpp (natively) and tests/web/scanner.test.mjs (in the browser's scan module).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "scan/frame_passes.h"
#include "scan/grey_image.h"

using namespace tb::scan;

namespace {

Grey random_image(std::mt19937& rng, int w, int h, bool two_tone) {
  Grey g{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * static_cast<std::size_t>(h))};
  for (auto& p : g.px) p = static_cast<std::uint8_t>(two_tone ? (rng() % 2 ? 230 : 20) : rng() % 256);
  return g;
}

int px(const Grey& g, int x, int y) {
  return g.px[static_cast<std::size_t>(std::clamp(y, 0, g.h - 1)) * static_cast<std::size_t>(g.w) + static_cast<std::size_t>(std::clamp(x, 0, g.w - 1))];
}

// One pass of the box blur by its definition: the rounded mean of the 2r+1 pixels along a row, the
// border pixel repeated; then the same down each column of that.
Grey blurred_by_definition(Grey g, int radius, int passes) {
  const int n = 2 * radius + 1;
  for (int p = 0; p < passes; ++p) {
    Grey rows = g, cols = g;
    for (int y = 0; y < g.h; ++y)
      for (int x = 0; x < g.w; ++x) {
        int sum = 0;
        for (int k = -radius; k <= radius; ++k) sum += px(g, x + k, y);
        rows.px[static_cast<std::size_t>(y * g.w + x)] = static_cast<std::uint8_t>((sum + n / 2) / n);
      }
    for (int y = 0; y < g.h; ++y)
      for (int x = 0; x < g.w; ++x) {
        int sum = 0;
        for (int k = -radius; k <= radius; ++k) sum += px(rows, x, y + k);
        cols.px[static_cast<std::size_t>(y * g.w + x)] = static_cast<std::uint8_t>((sum + n / 2) / n);
      }
    g = cols;
  }
  return g;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(frame_passes)

BOOST_AUTO_TEST_CASE(the_median_is_the_middle_of_the_nine_sorted) {
  std::mt19937 rng(41);
  for (int t = 0; t < 40; ++t) {
    const Grey g = random_image(rng, 1 + static_cast<int>(rng() % 40), 1 + static_cast<int>(rng() % 40), t % 2 == 0);
    const Grey m = median3(g.view());
    for (int y = 0; y < g.h; ++y)
      for (int x = 0; x < g.w; ++x) {
        int want = px(g, x, y);  // the border keeps its pixels
        if (x > 0 && y > 0 && x + 1 < g.w && y + 1 < g.h) {
          std::vector<int> nine;
          for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) nine.push_back(px(g, x + dx, y + dy));
          std::sort(nine.begin(), nine.end());
          want = nine[4];
        }
        BOOST_TEST_REQUIRE(px(m, x, y) == want, "median at " << x << "," << y << " of " << g.w << "x" << g.h);
      }
  }
}

BOOST_AUTO_TEST_CASE(the_box_blur_is_the_rounded_mean_of_its_window) {
  std::mt19937 rng(42);
  for (int t = 0; t < 30; ++t) {
    const Grey g = random_image(rng, 1 + static_cast<int>(rng() % 30), 1 + static_cast<int>(rng() % 30), t % 3 == 0);
    for (int radius = 1; radius <= 4; ++radius)
      for (int passes = 1; passes <= 2; ++passes)
        BOOST_TEST_REQUIRE((box_blurred(g, radius, passes).px == blurred_by_definition(g, radius, passes).px),
                           "blur r" << radius << " x" << passes << " of " << g.w << "x" << g.h);
  }
}

BOOST_AUTO_TEST_CASE(sharpening_is_the_image_plus_amount_times_its_difference_from_the_blur) {
  std::mt19937 rng(43);
  for (int t = 0; t < 20; ++t) {
    const Grey g = random_image(rng, 2 + static_cast<int>(rng() % 30), 2 + static_cast<int>(rng() % 30), t % 2 == 0);
    for (const double amount : {1.5, 2.0}) {
      const Grey blur = blurred_by_definition(g, 3, 2), s = sharpened(g, 3, 2, amount);
      for (std::size_t i = 0; i < g.px.size(); ++i)
        BOOST_TEST_REQUIRE(static_cast<int>(s.px[i]) ==
                           static_cast<int>(std::clamp(g.px[i] + amount * (g.px[i] - blur.px[i]), 0.0, 255.0)));
    }
  }
}

// A grid of random modules turned by a known angle: its orientation comes back, modulo a quarter
// turn, within a degree; and turned upright again, the modules sit square on the pixel grid: the
// middle of each (away from the turned corners) is clearly dark or clearly light, not on an edge.
BOOST_AUTO_TEST_CASE(a_turned_code_is_found_at_its_angle_and_turned_upright) {
  std::mt19937 rng(44);
  constexpr int kModules = 21, kModule = 6, kSize = 200;
  std::vector<int> modules(kModules * kModules);
  for (auto& m : modules) m = static_cast<int>(rng() % 2);
  for (const double degrees : {0.0, 12.0, 30.0, 45.0, 63.0, -20.0}) {
    const double a = degrees * M_PI / 180, c = std::cos(a), s = std::sin(a);
    Grey g{kSize, kSize, std::vector<std::uint8_t>(kSize * kSize, 200)};
    for (int y = 0; y < kSize; ++y)
      for (int x = 0; x < kSize; ++x) {
        // The pixel's place in the code's own (unturned) frame, from the image's middle.
        const double u = c * (x - kSize / 2.0) + s * (y - kSize / 2.0), v = -s * (x - kSize / 2.0) + c * (y - kSize / 2.0);
        const int mx = static_cast<int>(std::floor(u / kModule + kModules / 2.0)), my = static_cast<int>(std::floor(v / kModule + kModules / 2.0));
        if (mx >= 0 && my >= 0 && mx < kModules && my < kModules) g.px[static_cast<std::size_t>(y * kSize + x)] = modules[static_cast<std::size_t>(my * kModules + mx)] ? 30 : 220;
      }
    const double found = quarter_turn_angle(denoised(g.view()).view()) * 180 / M_PI;
    double off = std::fmod(found - degrees, 90.0);
    if (off > 45) off -= 90;
    if (off < -45) off += 90;
    BOOST_TEST(std::abs(off) < 1.0, "turned " << degrees << " degrees, found " << found);
    // Upright at 1:1, no smoothing or sharpening: the middle of each module is its own grey.
    const Grey up = upright_enlarged_sharpened(g.view(), found * M_PI / 180, Enlarging{1, 1, 0, 0, 0, 0.0});
    int wrong = 0, seen = 0;
    for (int my = 3; my < kModules - 3; ++my)
      for (int mx = 3; mx < kModules - 3; ++mx) {
        // Where the module's middle lands upright: the turn found may be the code's plus quarter turns.
        const int x = static_cast<int>(kSize / 2.0 + (mx - kModules / 2.0 + 0.5) * kModule), y = static_cast<int>(kSize / 2.0 + (my - kModules / 2.0 + 0.5) * kModule);
        // Neither clearly dark (30) nor clearly light (220): an edge runs through the module's middle.
        ++seen;
        wrong += px(up, x, y) > 80 && px(up, x, y) < 170;
      }
    // Right, none is (0 of 225 at each angle here); turned 10 degrees off, 11 to 20 are.
    BOOST_TEST(wrong * 50 <= seen, "turned " << degrees << ": " << wrong << " of " << seen << " module middles on an edge upright");
  }
}

BOOST_AUTO_TEST_CASE(the_passes_that_apply_depend_on_the_frame) {
  std::mt19937 rng(45);
  const Grey camera = random_image(rng, 640, 480, false), small = random_image(rng, 40, 40, false), large = random_image(rng, 1600, 1200, false);
  FramePasses c(camera.view());
  const auto first = c.make(0);
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(first->image.width == 320);  // half size first
  BOOST_TEST(!first->frame_itself);
  const auto second = c.make(1);
  BOOST_REQUIRE(second.has_value());
  BOOST_TEST(second->frame_itself);
  BOOST_TEST((second->image.pixels == camera.px.data()));
  for (int i = 2; i < FramePasses::kCount; ++i) {
    const auto p = c.make(i);
    if (!p) continue;  // the whole frame enlarged: only when the patch is not the whole frame;
                       // the symbol redrawn: only when finders stand out (not in random pixels)
    BOOST_TEST(p->image.width > 0);
    BOOST_TEST((p->threshold == Threshold::kGlobal) == (i == FramePasses::kCount - 1), "pass " << i);
  }
  BOOST_TEST(!c.make(-1).has_value());
  BOOST_TEST(!c.make(FramePasses::kCount).has_value());

  FramePasses s(small.view());  // too small to halve: the frame itself first, no second pass
  BOOST_TEST(s.make(0)->frame_itself);
  BOOST_TEST(!s.make(1).has_value());

  FramePasses l(large.view());  // larger than a camera's preview: nothing turned, redrawn or enlarged
  for (const int i : {2, 5, 6, 7, 8, 9}) BOOST_TEST(!l.make(i).has_value(), "pass " << i);
  for (const int i : {0, 3, 4, 10, 11, 12, 13}) BOOST_TEST(l.make(i).has_value(), "pass " << i);
}

BOOST_AUTO_TEST_SUITE_END()
