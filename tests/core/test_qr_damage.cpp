// Damaged codes on the camera path (scan/qr_read.h, what the kiosk's camera and the benchmark run):
// codes made by Debian's qrencode — an encoder other than ours — photographed in software with a
// bright reflection washing out part of them, or at any angle under heavy sensor noise and blur
// (tools/bench/camera_frames.h; fixed seeds, not the benchmark's). Frames without a code must give
// nothing. The target is >= 97 % read for each kind. Without a budget today's reader reads
// 35 of 36 of each here (smoothing then sharpening, and enlarging the patch where the code is, read
// what used to be lost: small dense codes at ~3 px a module under heavy blur); on the benchmark's
// larger set, under the real budget, it reads 72 and 70 of 72 (docs/PERFORMANCE.md). The frames are
// deterministic, so each kind is held to what it reads today (a regression floor, to be raised as
// the reader improves) and a miss against 97 % is printed on every run. Since the scanner reads a
// symbol's modules itself (scan/symbol_grid.h), it reads all 36 of each.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "camera_frames.h"
#include "code/prefixes.h"
#include "scan/qr_read.h"

using namespace tb;

namespace {

constexpr int kFrames = 36;
// Every retry runs: what is tested is what the retries can read, the same on an idle and a loaded
// machine. How many of them fit the scanner's real per-frame budget (scan::kFrameBudgetMs), and
// the frame rate that leaves, is the benchmark's to measure (tools/bench/bench_codes.mjs).
constexpr double kTestBudgetMs = 1e9;

std::string text_for(std::mt19937& rng, int i) {
  static const char* b45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  std::uniform_int_distribution<int> c(0, 44);
  std::string s = i % 2 ? code::prefix::kVenue : "https://tongban.example.gov.cn/s/";
  for (int k = 0, n = i % 2 ? 120 : 12; k < n; ++k) s.push_back(b45[c(rng)]);
  return s;
}

std::vector<std::string> read_frame(const std::vector<std::uint8_t>& px) {
  return scan::read_qr_frame({px.data(), bench::kFrameW, bench::kFrameH, bench::kFrameW}, kTestBudgetMs);
}

// A frame not read, kept for a look: build/native/test-artifacts/qr-damage/<kind>-<i>.pgm.
void keep_miss(const std::vector<std::uint8_t>& px, const std::string& name) {
  const std::string dir = std::string(TB_BINARY_DIR) + "/test-artifacts/qr-damage";
  std::filesystem::create_directories(dir);
  std::ofstream out(dir + "/" + name + ".pgm", std::ios::binary);
  out << "P5\n" << bench::kFrameW << " " << bench::kFrameH << "\n255\n";
  out.write(reinterpret_cast<const char*>(px.data()), static_cast<std::streamsize>(px.size()));
}

void check_damage(bench::Damage damage, unsigned seed, int floor) {
  std::mt19937 rng(seed);
  int read = 0, wrong = 0;
  for (int i = 0; i < kFrames; ++i) {
    const std::string text = text_for(rng, i);
    const auto qr = bench::qrencode_symbol(text);
    BOOST_REQUIRE_MESSAGE(qr, qr.describe());
    const auto px = bench::photograph(*qr, damage, rng);
    const auto texts = read_frame(px);
    read += !texts.empty() && texts[0] == text;
    if (texts.empty() || texts[0] != text) keep_miss(px, std::string(bench::damage_name(damage)) + "-" + std::to_string(i));
    wrong += !texts.empty() && texts[0] != text;
  }
  const double pct = 100.0 * read / kFrames;
  BOOST_TEST_MESSAGE(bench::damage_name(damage) << ": " << read << " of " << kFrames << " read (" << pct << " %), " << wrong << " wrong");
  if (pct < 97.0) BOOST_TEST_MESSAGE(bench::damage_name(damage) << ": target >= 97 % MISSED (" << pct << " %)");
  BOOST_TEST(read >= floor, bench::damage_name(damage) << ": " << read << " of " << kFrames << ", fewer than the " << floor << " read before");
  BOOST_TEST(wrong == 0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(qr_damage)

BOOST_AUTO_TEST_CASE(glare_is_read) { check_damage(bench::Damage::Glare, 1801, 36); }

BOOST_AUTO_TEST_CASE(noisy_rotated_codes_are_read) { check_damage(bench::Damage::NoisyRotated, 1802, 36); }

BOOST_AUTO_TEST_CASE(frames_without_a_code_give_nothing) {
  std::mt19937 rng(1803);
  for (int i = 0; i < 60; ++i) BOOST_TEST(read_frame(bench::empty_scene(rng)).empty(), "empty frame " << i);
}

BOOST_AUTO_TEST_CASE(the_budget_bounds_a_frame_and_bad_frames_give_nothing) {
  std::mt19937 rng(1804);
  const auto px = bench::empty_scene(rng);
  BOOST_TEST(scan::read_qr_frame({px.data(), bench::kFrameW, bench::kFrameH, bench::kFrameW}, 0).empty());
  BOOST_TEST(scan::read_qr_frame({nullptr, 640, 480, 640}).empty());
  BOOST_TEST(scan::read_qr_frame({px.data(), 640, 480, 10}).empty());  // stride shorter than a row
  BOOST_TEST(scan::read_qr_frame({px.data(), 0, 0, 0}).empty());
}

BOOST_AUTO_TEST_SUITE_END()
