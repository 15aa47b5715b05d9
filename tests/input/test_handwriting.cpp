// Handwriting through the native kiosk's engine (zinnia with Debian's tegaki model), from real
// stroke data: the medians of Make Me a Hanzi (npm hanzi-writer-data, a test dependency), each
// stroke a polyline in writing order on a 1024 box, drawn onto a pad as a finger would (points
// every few pixels). zinnia with this model is no perfect reader of these tidy strokes (山 comes
// back as 幺, 人 as 入 first), so the bound is measured: most characters first, nearly all on the
// candidate bar's first page, where the person picks the right one.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "input/engines.h"

namespace input = tb::kiosk::input;

namespace {

// A character's strokes on a pad of `side` pixels (Make Me a Hanzi's y axis points up from -124).
input::Ink ink_of(const std::string& ch, float side) {
  std::ifstream in(std::string(TB_SOURCE_DIR) + "/node_modules/hanzi-writer-data/" + ch + ".json");
  BOOST_REQUIRE_MESSAGE(in, "no stroke data for " << ch << " (npm ci installs hanzi-writer-data)");
  const auto j = nlohmann::json::parse(in);
  input::Ink ink;
  const float scale = side / 1024.0f;
  for (const auto& median : j.at("medians")) {
    std::vector<tb::app::InkPoint> stroke;
    for (std::size_t i = 0; i < median.size(); ++i) {
      const float x = median[i][0].get<float>() * scale, y = (900.0f - median[i][1].get<float>()) * scale;
      if (!stroke.empty()) {  // a finger reports a point every few pixels
        const auto prev = stroke.back();
        const int steps = static_cast<int>(std::hypot(x - prev.x, y - prev.y) / 6.0f);
        for (int k = 1; k < steps; ++k)
          stroke.push_back({prev.x + (x - prev.x) * k / steps, prev.y + (y - prev.y) * k / steps});
      }
      stroke.push_back({x, y});
    }
    ink.push_back(std::move(stroke));
  }
  return ink;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(handwriting)

BOOST_AUTO_TEST_CASE(zinnia_recognises_characters_written_stroke_by_stroke) {
  const auto ready = input::prepare_handwriting();
  BOOST_REQUIRE_MESSAGE(ready, ready.message());
  int right = 0, on_first_page = 0, total = 0;
  for (const char* ch : {"张", "王", "李", "刘", "陈", "中", "国", "村", "路", "号", "山", "水", "大", "人", "民", "汉", "永", "青", "禾", "市"}) {
    std::vector<std::string> got;
    const auto st = input::recognise(ink_of(ch, 480), 480, 480, 5, got);
    BOOST_REQUIRE_MESSAGE(st, st.message());
    ++total;
    if (!got.empty() && got[0] == ch) ++right;
    else BOOST_TEST_MESSAGE(ch << ": got " << (got.empty() ? std::string("nothing") : got[0]));
    if (std::find(got.begin(), got.end(), ch) != got.end()) ++on_first_page;
  }
  BOOST_TEST_MESSAGE(right << " of " << total << " first, " << on_first_page << " in the first five");
  BOOST_TEST(right >= 12);          // measured: 13 of 20
  BOOST_TEST(on_first_page >= 14);  // measured: 15 of 20
}

BOOST_AUTO_TEST_CASE(a_scribble_matches_nothing_well_and_nothing_breaks) {
  std::vector<std::string> got;
  BOOST_TEST(static_cast<bool>(input::recognise({}, 480, 480, 5, got)));
  BOOST_TEST(got.empty());
  input::Ink dot{{{240, 240}}};
  BOOST_TEST(static_cast<bool>(input::recognise(dot, 480, 480, 5, got)));
}

BOOST_AUTO_TEST_SUITE_END()
