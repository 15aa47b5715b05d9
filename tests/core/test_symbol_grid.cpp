// Reading a symbol's modules ourselves (scan/symbol_grid.h, the scanner's pass 2): codes made by
// Debian's qrencode, photographed in software at any angle under heavy sensor noise and blur
// (tools/bench/camera_frames.h, the benchmark's noisy-rotated kind, seeds of this test's own). The
// pass is checked without any decoder: the symbol it redraws against the symbol qrencode made,
// module for module. A decoder then only has to correct the few it got wrong.
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>

#include "camera_frames.h"
#include "scan/frame_passes.h"
#include "scan/symbol_grid.h"

using namespace tb;

namespace {

constexpr int kSymbolPass = 2;

std::string text_for(std::mt19937& rng, int length) {
  static const char* b45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  std::uniform_int_distribution<int> c(0, 44);
  std::string s = "https://tongban.example.gov.cn/v/";
  for (int k = 0; k < length; ++k) s.push_back(b45[c(rng)]);
  return s;
}

// The modules of a redrawn symbol (4 pixels a module, 4 modules of quiet zone), read back from the
// middle pixel of each; the symbol's size from the image's.
std::vector<std::uint8_t> modules_of(const scan::GreyView& drawn) {
  const int size = drawn.width / 4 - 8;
  std::vector<std::uint8_t> dark(static_cast<std::size_t>(size * size));
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      dark[static_cast<std::size_t>(y * size + x)] = drawn.pixels[static_cast<std::ptrdiff_t>((y + 4) * 4 + 2) * drawn.stride + (x + 4) * 4 + 2] < 128;
  return dark;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(symbol_grid)

// Each frame's symbol redrawn in its own orientation, of the right version, with at most 1 % of
// its modules wrong, and at most 1 in 2,000 over all frames (version 10 at level M corrects about 1 codeword in 7: far more than 1 % of
// modules spread over the codewords). What one pixel a module gives on such frames is what the
// benchmark shows: the decoders alone read under 70 % of them.
BOOST_AUTO_TEST_CASE(noisy_rotated_symbols_are_redrawn_module_for_module) {
  std::mt19937 rng(2601);
  int redrawn = 0, close = 0, wrong_all = 0, modules_all = 0;
  constexpr int kFrames = 24;
  for (int i = 0; i < kFrames; ++i) {
    const auto qr = bench::qrencode_symbol(text_for(rng, 10 + 25 * (i % 8)));  // versions 3 to 9
    BOOST_REQUIRE_MESSAGE(qr, qr.describe());
    const auto px = bench::photograph(*qr, bench::Damage::NoisyRotated, rng);
    scan::FramePasses passes({px.data(), bench::kFrameW, bench::kFrameH, bench::kFrameW});
    const auto pass = passes.make(kSymbolPass);
    if (!pass) {
      BOOST_TEST_MESSAGE("frame " << i << ": no symbol found");
      continue;
    }
    ++redrawn;
    const auto dark = modules_of(pass->image);
    if (static_cast<int>(dark.size()) != qr->size * qr->size) {
      BOOST_TEST_MESSAGE("frame " << i << ": size " << pass->image.width / 4 - 8 << ", not " << qr->size);
      continue;
    }
    int wrong = 0;
    for (int y = 0; y < qr->size; ++y)
      for (int x = 0; x < qr->size; ++x) wrong += dark[static_cast<std::size_t>(y * qr->size + x)] != qr->dark(x, y);
    BOOST_TEST_MESSAGE("frame " << i << ": version " << qr->version << ", " << wrong << " of " << qr->size * qr->size << " modules wrong");
    close += wrong * 100 <= qr->size * qr->size;
    wrong_all += wrong;
    modules_all += qr->size * qr->size;
  }
  // With the blur's share taken from each module (the neighbours' colours fitted), 2 of 43,848
  // modules come out wrong here; each module decided by its own mean alone, 63.
  BOOST_TEST(wrong_all * 2000 <= modules_all, wrong_all << " of " << modules_all << " modules wrong in all");
  BOOST_TEST(redrawn >= kFrames - 1, redrawn << " of " << kFrames << " redrawn");
  BOOST_TEST(close >= kFrames - 2, close << " of " << kFrames << " within 1 % of their modules");
}

// Nothing to find: a flat grey patch, one too small, scenes without a code. A scene may hold
// three finder-like spots by chance, but a grid laid over them does not read back a symbol's fixed
// patterns, and nothing is redrawn.
BOOST_AUTO_TEST_CASE(no_symbol_where_there_is_none) {
  const scan::Grey flat{200, 200, std::vector<std::uint8_t>(200 * 200, 128)};
  BOOST_TEST(!scan::redrawn_symbol(flat.view()).has_value());
  const scan::Grey tiny{30, 30, std::vector<std::uint8_t>(30 * 30, 0)};
  BOOST_TEST(!scan::redrawn_symbol(tiny.view()).has_value());
  BOOST_TEST(!scan::redrawn_symbol({nullptr, 0, 0, 0}).has_value());
  std::mt19937 rng(2602);
  int found = 0;
  for (int i = 0; i < 20; ++i) {
    const auto px = bench::empty_scene(rng);
    scan::FramePasses passes({px.data(), bench::kFrameW, bench::kFrameH, bench::kFrameW});
    found += passes.make(kSymbolPass).has_value();
  }
  BOOST_TEST(found == 0, found << " of 20 scenes without a code redrawn as a symbol");
}

BOOST_AUTO_TEST_SUITE_END()
