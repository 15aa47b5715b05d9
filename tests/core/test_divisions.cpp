#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include "check/divisions.h"

using tb::check::Division;
using tb::check::Divisions;

namespace {

bool contains(const std::vector<Division>& v, std::uint32_t code, std::string_view name) {
  return std::any_of(v.begin(), v.end(),
                     [&](const Division& d) { return d.code == code && d.name == name; });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(divisions)

BOOST_AUTO_TEST_CASE(names_of_real_divisions) {
  const auto& d = Divisions::builtin();
  BOOST_TEST(d.name(110000) == "北京市");
  BOOST_TEST(d.name(110105) == "朝阳区");
  BOOST_TEST(d.name(440000) == "广东省");
  BOOST_TEST(d.name(440300) == "深圳市");
  BOOST_TEST(d.name(440305) == "南山区");
  BOOST_TEST(d.name(330100) == "杭州市");
  BOOST_TEST(d.name(650000) == "新疆维吾尔自治区");
  BOOST_TEST(d.name(429004) == "仙桃市");
  // Changes of 2021 are in: Hangzhou's 临平区 and 钱塘区 replaced 下城区 and 江干区.
  BOOST_TEST(d.name(330113) == "临平区");
  BOOST_TEST(!d.known(330103));
  for (std::uint32_t code : {110000u, 110105u, 440300u, 440305u, 330100u, 441900u, 460321u}) {
    BOOST_TEST(d.known(code), code);
  }
}

BOOST_AUTO_TEST_CASE(unknown_codes_and_placeholders) {
  const auto& d = Divisions::builtin();
  for (std::uint32_t code : {999999u, 0u, 110100u /*市辖区*/, 500200u /*县*/, 429000u /*省直辖*/,
                             130171u /*开发区*/, 232761u /*NBS-only*/, 810000u, 820000u, 710000u,
                             1100000u, 4294967295u}) {
    BOOST_TEST(!d.known(code), code);
    BOOST_TEST(d.name(code).empty(), code);
    BOOST_TEST(d.full_name(code).empty(), code);
    BOOST_TEST(d.children(code).empty(), code);
  }
}

BOOST_AUTO_TEST_CASE(provinces_are_the_31_mainland_divisions) {
  const auto p = Divisions::builtin().provinces();
  BOOST_TEST(p.size() == 31u);
  BOOST_TEST(contains(p, 110000, "北京市"));
  BOOST_TEST(contains(p, 500000, "重庆市"));
  BOOST_TEST(contains(p, 440000, "广东省"));
  BOOST_TEST(contains(p, 650000, "新疆维吾尔自治区"));
  BOOST_TEST(std::is_sorted(p.begin(), p.end(),
                            [](const Division& a, const Division& b) { return a.code < b.code; }));
  for (const auto& d : p) BOOST_TEST(d.code % 10000 == 0u, d.code);
}

BOOST_AUTO_TEST_CASE(children_follow_the_hierarchy) {
  const auto& d = Divisions::builtin();
  const auto guangdong = d.children(440000);
  BOOST_TEST(contains(guangdong, 440300, "深圳市"));
  BOOST_TEST(contains(guangdong, 441900, "东莞市"));
  BOOST_TEST(guangdong.size() == 21u);  // Guangdong's 21 prefecture-level cities
  const auto shenzhen = d.children(440300);
  BOOST_TEST(contains(shenzhen, 440305, "南山区"));
  for (const auto& c : shenzhen) BOOST_TEST(c.code / 100 == 4403u, c.code);
  BOOST_TEST(d.children(441900).empty());  // 东莞: no counties
  BOOST_TEST(d.children(440305).empty());  // a county has no children here
}

BOOST_AUTO_TEST_CASE(municipalities_and_directly_administered_counties) {
  const auto& d = Divisions::builtin();
  // Counties of the four municipalities come straight under the province.
  const auto beijing = d.children(110000);
  BOOST_TEST(contains(beijing, 110105, "朝阳区"));
  BOOST_TEST(beijing.size() == 16u);  // Beijing's 16 districts
  const auto chongqing = d.children(500000);
  BOOST_TEST(contains(chongqing, 500101, "万州区"));
  BOOST_TEST(contains(chongqing, 500229, "城口县"));
  for (std::uint32_t m : {110000u, 120000u, 310000u, 500000u}) {
    for (const auto& c : d.children(m)) BOOST_TEST(c.code % 100 != 0u, c.code);
  }
  // 省直辖县级行政区划: after the province's prefectures.
  const auto hubei = d.children(420000);
  BOOST_TEST(contains(hubei, 420100, "武汉市"));
  BOOST_TEST(contains(hubei, 429004, "仙桃市"));
  BOOST_TEST(contains(hubei, 429021, "神农架林区"));
  BOOST_TEST(hubei.back().code > 420100u);
  BOOST_TEST(contains(d.children(650000), 659001, "石河子市"));
}

BOOST_AUTO_TEST_CASE(full_names) {
  const auto& d = Divisions::builtin();
  BOOST_TEST(d.full_name(110105) == "北京市 朝阳区");
  BOOST_TEST(d.full_name(440305) == "广东省 深圳市 南山区");
  BOOST_TEST(d.full_name(429004) == "湖北省 仙桃市");
  BOOST_TEST(d.full_name(440300) == "广东省 深圳市");
  BOOST_TEST(d.full_name(110000) == "北京市");
}

BOOST_AUTO_TEST_CASE(table_is_whole_and_consistent) {
  const auto& d = Divisions::builtin();
  BOOST_TEST(d.size() > 3000u);
  BOOST_TEST(d.size() < 4000u);
  // Walking the tree from the provinces reaches every entry exactly once.
  std::set<std::uint32_t> seen;
  std::size_t counties = 0;
  for (const auto& p : d.provinces()) {
    BOOST_TEST(seen.insert(p.code).second);
    for (const auto& c : d.children(p.code)) {
      BOOST_TEST(seen.insert(c.code).second, c.code);
      BOOST_TEST(!c.name.empty());
      if (c.code % 100 != 0) ++counties;
      for (const auto& g : d.children(c.code)) {
        BOOST_TEST(seen.insert(g.code).second, g.code);
        BOOST_TEST(!g.name.empty());
        ++counties;
      }
    }
  }
  BOOST_TEST(seen.size() == d.size());
  BOOST_TEST(counties > 2800u);
}

BOOST_AUTO_TEST_SUITE_END()
