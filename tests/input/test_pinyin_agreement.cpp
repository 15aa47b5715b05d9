// How far the two pinyin engines agree: the native kiosk's libgooglepinyin and the browser
// kiosk's lexicon engine over googlepinyin's own lexicon (kiosk/input/pinyin_lexicon.h), on one set
// of queries a kiosk sees (names, places, form words; full pinyin, initials, phrases). Both rank
// from the same words and weights, but googlepinyin adds its own language model, so they differ
// somewhat; this measures by how much and keeps it bounded, and prints each disagreement.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "input/engines.h"
#include "input/pinyin_lexicon.h"
#include "lexicon_file.h"

namespace input = tb::kiosk::input;

namespace {

struct Query {
  const char* kind;
  const char* letters;
};

// What people type at a village kiosk: their names, their address, the words of the forms.
const Query kQueries[] = {
    {"full", "zhongguo"},     {"full", "shenfenzheng"}, {"full", "beijing"},      {"full", "shanghai"},
    {"full", "hukou"},        {"full", "dizhi"},        {"full", "xingming"},     {"full", "minzu"},
    {"full", "nongcun"},      {"full", "cunweihui"},    {"full", "zhangsan"},     {"full", "lisi"},
    {"full", "wangfang"},     {"full", "liuyang"},      {"full", "chenjing"},     {"full", "xian"},
    {"full", "xi'an"},        {"full", "nvren"},        {"full", "lvse"},         {"full", "yiliao"},
    {"full", "yanglao"},      {"full", "baoxian"},      {"full", "gongzuo"},      {"full", "danwei"},
    {"full", "xiaoxue"},      {"full", "yinhang"},      {"full", "shouji"},       {"full", "dianhua"},
    {"full", "jiedao"},       {"full", "xiangzhen"},    {"full", "shequ"},        {"full", "xuexiao"},
    {"full", "yiyuan"},       {"full", "chusheng"},     {"full", "jiehun"},       {"full", "tuixiu"},
    {"full", "nongmin"},      {"full", "gongren"},      {"full", "laoshi"},       {"full", "haizi"},
    {"initials", "zg"},       {"initials", "sfz"},      {"initials", "bj"},       {"initials", "sh"},
    {"initials", "hk"},       {"initials", "yh"},       {"initials", "sj"},       {"initials", "dh"},
    {"initials", "xm"},       {"initials", "mz"},       {"initials", "rmzf"},     {"initials", "sbk"},
    {"initials", "ylbx"},     {"initials", "jd"},       {"initials", "cwh"},      {"initials", "zhg"},
    {"initials", "xx"},       {"initials", "yy"},       {"initials", "gz"},       {"initials", "nm"},
    {"phrase", "zhongguorenmin"},      {"phrase", "renminzhengfu"},     {"phrase", "shehuibaozhang"},
    {"phrase", "jumingweiyuanhui"},    {"phrase", "woaizhongguo"},      {"phrase", "jintiantianqihenhao"},
    {"phrase", "wangdashan"},          {"phrase", "lanjingdukou"},      {"phrase", "zhangxiaoming"},
    {"phrase", "qingheshirenmin"},     {"phrase", "xianzhengfu"},       {"phrase", "nongcunhezuo"},
    {"phrase", "yiliaobaoxian"},       {"phrase", "shenfenzhenghaoma"}, {"phrase", "shoujihaoma"},
    {"phrase", "jiatingzhuzhi"},       {"phrase", "beijingshi"},        {"phrase", "xiaomingtongxue"},
};

std::vector<std::string> top(const std::vector<input::PinyinCandidate>& cs, std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < cs.size() && out.size() < n; ++i) out.push_back(cs[i].text);
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pinyin_agreement)

BOOST_AUTO_TEST_CASE(googlepinyin_and_the_lexicon_engine_agree_within_bounds) {
  auto parsed = input::PinyinLexicon::parse(generated_lexicon());
  BOOST_REQUIRE_MESSAGE(parsed, parsed.message());
  const input::PinyinLexicon& lex = parsed.value();
  struct Tally {
    int queries = 0, top1 = 0, first_in_top5 = 0;
    double overlap5 = 0;
  };
  std::map<std::string, Tally> by_kind;
  Tally all;
  for (const Query& q : kQueries) {
    std::vector<input::PinyinCandidate> native;
    const auto st = input::pinyin_candidates(q.letters, 5, native);
    BOOST_REQUIRE_MESSAGE(st, st.message());
    const auto a = top(native, 5), b = top(lex.candidates(q.letters, 5), 5);
    BOOST_REQUIRE_MESSAGE(!a.empty() && !b.empty(), std::string("no candidates for ") + q.letters);
    std::set<std::string> sa(a.begin(), a.end());
    int common = 0;
    for (const auto& x : b) common += sa.count(x) ? 1 : 0;
    for (Tally* t : {&all, &by_kind[q.kind]}) {
      ++t->queries;
      t->top1 += a[0] == b[0];
      t->first_in_top5 += std::find(b.begin(), b.end(), a[0]) != b.end();
      t->overlap5 += common / 5.0;
    }
    if (a[0] != b[0])
      BOOST_TEST_MESSAGE(q.kind << " " << q.letters << ": googlepinyin [" << join(a) << "] lexicon [" << join(b) << "]");
  }
  const auto pct = [](double x, int n) { return 100.0 * x / n; };
  for (const auto& [kind, t] : by_kind)
    BOOST_TEST_MESSAGE(kind << ": " << t.queries << " queries, top-1 " << pct(t.top1, t.queries) << " %, googlepinyin's first in the lexicon's top 5 "
                            << pct(t.first_in_top5, t.queries) << " %, top-5 overlap " << pct(t.overlap5, t.queries) << " %");
  BOOST_TEST_MESSAGE("all: " << all.queries << " queries, top-1 " << pct(all.top1, all.queries) << " %, first in top 5 "
                             << pct(all.first_in_top5, all.queries) << " %, top-5 overlap " << pct(all.overlap5, all.queries) << " %");
  // The bounds (docs/BUILDING.md records the measured figures): what the browser kiosk offers
  // first is what the native kiosk offers first for most queries, and googlepinyin's first is
  // almost always on the browser's first page.
  BOOST_TEST(pct(all.top1, all.queries) >= 90.0);          // measured: 97.4 %
  BOOST_TEST(pct(all.first_in_top5, all.queries) >= 95.0);  // measured: 98.7 %
  BOOST_TEST(pct(all.overlap5, all.queries) >= 90.0);       // measured: 98.2 %
  input::forget();
}

BOOST_AUTO_TEST_SUITE_END()
