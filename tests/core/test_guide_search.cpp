#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "guide/guides.h"
#include "sample_guides.h"

using namespace tb;

namespace {
const guide::Guides& sample() { return testing::sample_guides(); }

int rank_of(const std::string& query, const std::string& id, std::size_t limit = 10) {
  const auto hits = sample().search(query, limit);
  for (std::size_t i = 0; i < hits.size(); ++i)
    if (sample().item_at(static_cast<int>(hits[i].item))->id() == id) return static_cast<int>(i) + 1;
  return 0;
}

std::string top(const std::string& query, std::size_t n = 3) {
  std::string out;
  for (const auto& h : sample().search(query, n)) out += sample().item_at(static_cast<int>(h.item))->id() + " ";
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(guide_search)

BOOST_AUTO_TEST_CASE(query_set_expected_items_in_top_3) {
  std::ifstream in(std::string(TB_SOURCE_DIR) + "/tests/data/search-queries.tsv");
  BOOST_REQUIRE(in);
  std::string line;
  int queries = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string query, id, kind;
    std::getline(fields, query, '\t');
    std::getline(fields, id, '\t');
    std::getline(fields, kind, '\t');
    int best = 0;
    std::istringstream alternatives(id);
    for (std::string alt; std::getline(alternatives, alt, '|');) {
      BOOST_REQUIRE_MESSAGE(sample().item(alt), "query set names an unknown item: " << alt);
      const int r = rank_of(query, alt);
      if (r && (!best || r < best)) best = r;
    }
    BOOST_TEST((best >= 1 && best <= 3), kind << " query '" << query << "': " << id << " at rank " << best << "; top: " << top(query));
    ++queries;
  }
  BOOST_TEST(queries >= 50);
}

BOOST_AUTO_TEST_CASE(name_matches_rank_above_longer_names_and_other_fields) {
  BOOST_TEST(rank_of("结婚登记", "jiehun-dengji") == 1, top("结婚登记"));
  BOOST_TEST(rank_of("结婚登记", "jiehun-dengji") < rank_of("结婚登记", "hunyin-dengji-zhengming", 20));
  // A name match beats a body match: 社保卡 items come before items that merely mention it.
  BOOST_TEST(rank_of("社会保障卡申领", "shebaoka-shenling") == 1);
}

BOOST_AUTO_TEST_CASE(highlights_mark_the_matched_characters_of_the_name) {
  const auto hits = sample().search("sfz", 1);
  BOOST_REQUIRE(!hits.empty());
  BOOST_TEST(sample().item_at(static_cast<int>(hits[0].item))->name() == "居民身份证补领");
  BOOST_REQUIRE(hits[0].highlights.size() == 1u);
  BOOST_TEST(hits[0].highlights[0].start == 2);
  BOOST_TEST(hits[0].highlights[0].length == 3);
  BOOST_TEST(int(hits[0].field) == int(guide::Field::Name));
}

BOOST_AUTO_TEST_CASE(nonsense_and_hostile_queries_return_nothing_or_little_and_never_crash) {
  BOOST_TEST(sample().search("", 10).empty());
  BOOST_TEST(sample().search("   ，。！", 10).empty());
  BOOST_TEST(sample().search("zzzzqqqq", 10).empty());
  BOOST_TEST(sample().search("\xff\xfe\xc3", 10).empty());
  BOOST_TEST(sample().search(std::string(5000, 'a'), 10).size() <= 10u);
  BOOST_TEST(sample().search(std::string(3000, '\xe8'), 10).size() <= 10u);
  std::string many;
  for (int i = 0; i < 200; ++i) many += "身份证 sfz ";
  BOOST_TEST(!sample().search(many, 10).empty());
}

BOOST_AUTO_TEST_CASE(index_is_small) {
  BOOST_TEST(sample().index().size() == static_cast<std::size_t>(sample().size()));
  BOOST_TEST(sample().index().memory_bytes() < 2u * 1024 * 1024, "index bytes: " << sample().index().memory_bytes());
}

BOOST_AUTO_TEST_SUITE_END()
