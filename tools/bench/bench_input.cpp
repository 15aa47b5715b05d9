// Chinese input benchmark (issue 13: pinyin candidates <= 16 ms after a key natively, handwriting
// <= 30 ms per character natively): the kiosk's engine port (kiosk/input/engines.h) beside the
// engines used directly — libgooglepinyin's im_search + im_get_candidate, zinnia's classify — and
// the browser's lexicon engine (input/pinyin_lexicon.h) run natively, on the same inputs (listed in
// the output for bench_input.mjs's browser half). Pinyin: each query is typed key by key and every
// prefix timed (what the bar asks after each key). Strokes: the medians of Make Me a Hanzi (npm
// hanzi-writer-data), as tests/input/test_handwriting.cpp draws them. Prints one JSON object on
// stdout (medians and p95 in ms). Run by tools/bench/run_all.sh.
//   bench_input SOURCE_DIR LEXICON_TSV [--reps N]
#include <pinyinime.h>
#include <zinnia.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "input/engines.h"
#include "input/pinyin_lexicon.h"

namespace input = tb::kiosk::input;
using Clock = std::chrono::steady_clock;

namespace {

const char* const kQueries[] = {"zhanglihua", "wenhualu", "zhongguorenmin", "shehuibaozhang", "chusheng", "zgrm", "xian", "beijingshi"};
const char* const kChars[] = {"张", "王", "李", "刘", "陈", "中", "国", "村", "路", "号", "山", "水", "大", "人", "民", "汉", "永", "青", "禾", "市"};
constexpr std::size_t kMax = 60;  // what the kiosk's bar asks for
constexpr float kPad = 480;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

nlohmann::json stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * (v.size() - 1) + 0.5))]; };
  return {{"median_ms", at(0.5)}, {"p95_ms", at(0.95)}, {"max_ms", v.back()}, {"samples", v.size()}};
}

input::Ink ink_of(const std::string& dir, const std::string& ch) {
  std::ifstream in(dir + "/node_modules/hanzi-writer-data/" + ch + ".json");
  if (!in) {
    std::fprintf(stderr, "bench_input: no stroke data for %s (npm ci installs hanzi-writer-data)\n", ch.c_str());
    std::exit(1);
  }
  const auto j = nlohmann::json::parse(in);
  input::Ink ink;
  const float scale = kPad / 1024.0f;
  for (const auto& median : j.at("medians")) {
    std::vector<tb::app::InkPoint> stroke;
    for (const auto& p : median) {
      const float x = p[0].get<float>() * scale, y = (900.0f - p[1].get<float>()) * scale;
      if (!stroke.empty()) {
        const auto prev = stroke.back();
        const int steps = static_cast<int>(std::hypot(x - prev.x, y - prev.y) / 6.0f);
        for (int k = 1; k < steps; ++k) stroke.push_back({prev.x + (x - prev.x) * k / steps, prev.y + (y - prev.y) * k / steps});
      }
      stroke.push_back({x, y});
    }
    ink.push_back(std::move(stroke));
  }
  return ink;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_input SOURCE_DIR LEXICON_TSV [--reps N]\n");
    return 2;
  }
  const std::string dir = argv[1];
  int reps = 5;
  for (int i = 3; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--reps") reps = std::max(1, std::atoi(argv[i + 1]));
  std::ifstream lex_in(argv[2]);
  std::stringstream lex_text;
  lex_text << lex_in.rdbuf();
  auto lexicon = input::PinyinLexicon::parse(lex_text.str());
  if (!lex_in || !lexicon) {
    std::fprintf(stderr, "bench_input: cannot read the lexicon %s\n", argv[2]);
    return 1;
  }
  // Open everything once, outside the timings (the kiosk opens them on first use).
  std::vector<input::PinyinCandidate> cands;
  if (auto s = input::pinyin_candidates("a", kMax, cands); !s) return std::fprintf(stderr, "bench_input: %s\n", s.message().c_str()), 1;
  if (auto s = input::prepare_handwriting(); !s) return std::fprintf(stderr, "bench_input: %s\n", s.message().c_str()), 1;
  std::unique_ptr<zinnia::Recognizer> zin(zinnia::Recognizer::create());
  if (!zin->open(TB_ZINNIA_MODEL)) return std::fprintf(stderr, "bench_input: zinnia: %s\n", zin->what()), 1;

  std::vector<double> port_pinyin, direct_pinyin, lexicon_pinyin;
  ime_pinyin::char16 buf[64];
  for (int r = 0; r < reps; ++r)
    for (const char* q : kQueries)
      for (std::size_t n = 1; q[n - 1]; ++n) {
        const std::string prefix(q, n);
        auto t = Clock::now();
        (void)input::pinyin_candidates(prefix, kMax, cands);
        port_pinyin.push_back(ms_since(t));
        t = Clock::now();
        const std::size_t found = ime_pinyin::im_search(prefix.c_str(), prefix.size());
        for (std::size_t i = 0; i < std::min(found, kMax); ++i) ime_pinyin::im_get_candidate(i, buf, 64);
        direct_pinyin.push_back(ms_since(t));
        t = Clock::now();
        const auto got = lexicon.value().candidates(prefix, kMax);
        lexicon_pinyin.push_back(ms_since(t));
      }
  std::vector<double> port_hand, direct_hand;
  std::vector<std::string> out;
  for (int r = 0; r < reps; ++r)
    for (const char* ch : kChars) {
      const auto ink = ink_of(dir, ch);
      auto t = Clock::now();
      (void)input::recognise(ink, kPad, kPad, kMax, out);
      port_hand.push_back(ms_since(t));
      t = Clock::now();
      std::unique_ptr<zinnia::Character> c(zinnia::Character::create());
      c->set_width(static_cast<std::size_t>(kPad));
      c->set_height(static_cast<std::size_t>(kPad));
      for (std::size_t s = 0; s < ink.size(); ++s)
        for (const auto& p : ink[s]) c->add(s, static_cast<int>(p.x), static_cast<int>(p.y));
      std::unique_ptr<zinnia::Result> res(zin->classify(*c, kMax));
      direct_hand.push_back(ms_since(t));
    }
  input::forget();
  const nlohmann::json j = {{"pinyin_port", stats(port_pinyin)}, {"pinyin_googlepinyin_direct", stats(direct_pinyin)},
                            {"pinyin_lexicon_engine", stats(lexicon_pinyin)}, {"handwriting_port", stats(port_hand)},
                            {"handwriting_zinnia_direct", stats(direct_hand)},
                            // What was typed and written, so the browser half (bench_input.mjs) does the same.
                            {"queries", std::vector<std::string>(std::begin(kQueries), std::end(kQueries))},
                            {"chars", std::vector<std::string>(std::begin(kChars), std::end(kChars))}};
  std::printf("%s\n", j.dump(2).c_str());
  return 0;
}
