// The browser kiosk's pinyin engine on its own: full pinyin, initials, unfinished syllables, ',
// v for ü, how many letters a candidate converts, predictions, and lexicons it must refuse.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "input/pinyin_lexicon.h"
#include "lexicon_file.h"

using tb::kiosk::input::PinyinCandidate;
using tb::kiosk::input::PinyinLexicon;

namespace {

const PinyinLexicon& lexicon() {
  static const PinyinLexicon lex = [] {
    auto r = PinyinLexicon::parse(generated_lexicon());
    BOOST_REQUIRE_MESSAGE(r, r.message());
    return std::move(r.value());
  }();
  return lex;
}

std::vector<std::string> texts(const std::vector<PinyinCandidate>& cs, std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < cs.size() && i < n; ++i) out.push_back(cs[i].text);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(pinyin_lexicon)

BOOST_AUTO_TEST_CASE(reads_the_generated_lexicon) {
  BOOST_TEST(lexicon().words() > 60000u);
}

BOOST_AUTO_TEST_CASE(full_pinyin_gives_the_word_first_and_converts_all_letters) {
  const auto c = lexicon().candidates("shenfenzheng", 20);
  BOOST_REQUIRE(!c.empty());
  BOOST_TEST(c[0].text == "身份证");
  BOOST_TEST(c[0].letters == 12u);
  // Then shorter words from the start: 身份 converts "shenfen", 身 "shen".
  for (const auto& x : c) {
    if (x.text == "身份") BOOST_TEST(x.letters == 7u);
    if (x.text == "身") BOOST_TEST(x.letters == 4u);
  }
  BOOST_TEST(has(texts(c, 20), "身份"));
}

BOOST_AUTO_TEST_CASE(a_sentence_of_several_words) {
  const auto c = lexicon().candidates("zhongguorenmin", 10);
  BOOST_REQUIRE(!c.empty());
  BOOST_TEST(c[0].text == "中国人民");
  BOOST_TEST(lexicon().candidates("wangdashan", 5)[0].letters == 10u);
}

BOOST_AUTO_TEST_CASE(initials_and_unfinished_syllables) {
  BOOST_TEST(has(texts(lexicon().candidates("sfz", 5), 5), "身份证"));
  BOOST_TEST(has(texts(lexicon().candidates("zg", 5), 5), "中国"));
  BOOST_TEST(has(texts(lexicon().candidates("zhg", 10), 10), "中国"));
  const auto c = lexicon().candidates("zhon", 5);
  BOOST_REQUIRE(!c.empty());
  BOOST_TEST(c[0].text == "中");
  BOOST_TEST(c[0].letters == 4u);
}

BOOST_AUTO_TEST_CASE(apostrophe_separates_syllables) {
  BOOST_TEST(lexicon().candidates("xian", 1)[0].text != "西安");
  const auto c = lexicon().candidates("xi'an", 3);
  BOOST_REQUIRE(!c.empty());
  BOOST_TEST(c[0].text == "西安");
  BOOST_TEST(c[0].letters == 5u);
  // A character converts its syllable and the ' after it.
  for (const auto& x : lexicon().candidates("xi'an", 40))
    if (x.text == "西") BOOST_TEST(x.letters == 3u);
}

BOOST_AUTO_TEST_CASE(v_for_u_umlaut) {
  BOOST_TEST(has(texts(lexicon().candidates("lv", 5), 5), "绿"));
  BOOST_TEST(has(texts(lexicon().candidates("nv", 5), 5), "女"));
  BOOST_TEST(has(texts(lexicon().candidates("lve", 5), 5), "略"));
}

BOOST_AUTO_TEST_CASE(letters_no_syllable_starts_with_are_left) {
  BOOST_TEST(lexicon().candidates("iii", 5).empty());
  const auto c = lexicon().candidates("zhangi", 5);
  BOOST_REQUIRE(!c.empty());
  for (const auto& x : c) BOOST_TEST(x.letters <= 5u);
}

BOOST_AUTO_TEST_CASE(predictions_follow_the_last_characters) {
  const auto p = lexicon().predictions("身份", 20);
  BOOST_TEST(has(p, "证"));
  const auto q = lexicon().predictions("中", 30);
  BOOST_TEST(has(q, "国"));
  BOOST_TEST(lexicon().predictions("", 5).empty());
}

BOOST_AUTO_TEST_CASE(refuses_malformed_lexicons_naming_the_line) {
  auto no_tab = PinyinLexicon::parse("# c\n中国\tzhong guo\t5\n中国 zhong guo 5\n");
  BOOST_TEST(!static_cast<bool>(no_tab));
  BOOST_TEST(no_tab.detail().find("line 3") != std::string::npos);
  BOOST_TEST(!static_cast<bool>(PinyinLexicon::parse("中国\tzhong\t5\n")));           // one syllable per character
  BOOST_TEST(!static_cast<bool>(PinyinLexicon::parse("中国\tzhong guo\tmany\n")));    // a weight
  BOOST_TEST(!static_cast<bool>(PinyinLexicon::parse("中国\tZhong guo\t5\n")));       // letters a-z
  BOOST_TEST(!static_cast<bool>(PinyinLexicon::parse("\xff\xfe\tzhong\t5\n")));       // UTF-8
  BOOST_TEST(!static_cast<bool>(PinyinLexicon::parse("")));                           // no words
  BOOST_TEST(static_cast<bool>(PinyinLexicon::parse("中国\tzhong guo\t5\n")));
}

BOOST_AUTO_TEST_SUITE_END()
