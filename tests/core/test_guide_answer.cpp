// Questions as residents ask them (tests/data/guide-questions.tsv) against the sample catalogue:
// the expected item at rank 1 and in the top 3, the section asked about read right, and the
// answer view quoting that section; bad input answered with a reason and life events, never a crash.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "guide/answer.h"
#include "guide/question.h"
#include "sample_guides.h"

using namespace tb;

namespace {

const guide::Guides& sample() { return testing::sample_guides(); }

struct Question {
  std::string text, expected, section, part, style;
};

std::vector<Question> question_set() {
  std::ifstream in(std::string(TB_SOURCE_DIR) + "/tests/data/guide-questions.tsv");
  BOOST_REQUIRE(in);
  std::vector<Question> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    Question q;
    std::getline(f, q.text, '\t');
    std::getline(f, q.expected, '\t');
    std::getline(f, q.section, '\t');
    std::getline(f, q.part, '\t');
    std::getline(f, q.style, '\t');
    out.push_back(q);
  }
  return out;
}

// Rank (1-based) of the first expected item among the top `n`; 0 when none of them is there.
int rank_of_expected(const Question& q, const std::vector<guide::Hit>& hits, std::size_t n) {
  for (std::size_t i = 0; i < hits.size() && i < n; ++i) {
    const std::string id = sample().item_at(static_cast<int>(hits[i].item))->id();
    std::istringstream alts(q.expected);
    for (std::string a; std::getline(alts, a, '|');)
      if (a == id) return static_cast<int>(i) + 1;
  }
  return 0;
}

std::string top_ids(const std::vector<guide::Hit>& hits) {
  std::string out;
  for (std::size_t i = 0; i < hits.size() && i < 3; ++i)
    out += sample().item_at(static_cast<int>(hits[i].item))->id() + " ";
  return out;
}

struct Tally {
  int n = 0, top1 = 0, top3 = 0, section = 0;
  double pct(int x) const { return n ? 100.0 * x / n : 0; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(guide_answer)

BOOST_AUTO_TEST_CASE(question_set_is_large_and_names_real_items) {
  const auto set = question_set();
  int held = 0;
  for (const auto& q : set) {
    std::istringstream alts(q.expected);
    for (std::string a; std::getline(alts, a, '|');) BOOST_TEST(sample().item(a) != nullptr, "unknown item " << a << " for " << q.text);
    BOOST_TEST((q.part == "tune" || q.part == "held"), q.text);
    static const std::string kSections = " - materials place time fee online conditions steps ";
    BOOST_TEST(kSections.find(" " + q.section + " ") != std::string::npos, q.text << ": section " << q.section);
    held += q.part == "held";
  }
  BOOST_TEST(set.size() >= 300u);
  BOOST_TEST(held >= 60);
}

// The targets (top-3 >= 95 %, top-1 >= 85 %) on both parts, each reported on its own: the
// part the grammar and the everyday words were tuned on, and the held-out part, which was only ever
// measured (its misses are not printed, so nobody tunes on them). A held-out miss fails the test.
BOOST_AUTO_TEST_CASE(questions_find_their_item_and_the_section_they_ask_about) {
  Tally tune, held;
  for (const auto& q : question_set()) {
    const auto asked = sample().ask(q.text, 10);
    const int rank = rank_of_expected(q, asked.hits, 3);
    const bool section_ok = (q.section == "-" ? std::string() : q.section) == guide::aspect_key(asked.aspect);
    Tally& t = q.part == "held" ? held : tune;
    ++t.n;
    t.top1 += rank == 1;
    t.top3 += rank >= 1;
    t.section += section_ok;
    if (q.part == "tune" && (rank != 1 || !section_ok))
      BOOST_TEST_MESSAGE("tune miss [" << q.style << "] " << q.text << ": want " << q.expected << " / " << q.section << ", rank " << rank
                                       << ", read as '" << guide::aspect_key(asked.aspect) << "'; top: " << top_ids(asked.hits));
  }
  BOOST_TEST_MESSAGE("tune: " << tune.n << " questions, top-1 " << tune.pct(tune.top1) << " %, top-3 " << tune.pct(tune.top3)
                              << " %, section " << tune.pct(tune.section) << " %");
  BOOST_TEST_MESSAGE("held out: " << held.n << " questions, top-1 " << held.pct(held.top1) << " %, top-3 " << held.pct(held.top3)
                                  << " %, section " << held.pct(held.section) << " %");
  for (const Tally* t : {&tune, &held}) {
    const char* part = t == &tune ? "tuned part" : "held-out part";
    BOOST_TEST(t->pct(t->top3) >= 95.0, part << ": top-3 " << t->pct(t->top3) << " %");
    BOOST_TEST(t->pct(t->top1) >= 85.0, part << ": top-1 " << t->pct(t->top1) << " %");
    BOOST_TEST(t->pct(t->section) >= 95.0, part << ": section " << t->pct(t->section) << " %");
  }
}

BOOST_AUTO_TEST_CASE(filler_words_never_outweigh_the_subject) {
  // The case: the question's words used to rank 身后一件事 first.
  const auto hits = sample().search("生小孩要办什么", 3);
  BOOST_REQUIRE(!hits.empty());
  BOOST_TEST(sample().item_at(static_cast<int>(hits[0].item))->id() == "chusheng-yijianshi");
  // The same subject with and without question words: the same first item.
  for (const char* subject : {"身份证丢了", "社保卡", "公积金贷款", "低保", "护照"}) {
    const auto plain = sample().search(subject, 1);
    BOOST_REQUIRE(!plain.empty());
    for (const char* form : {"请问{}要带什么材料", "我想问一下{}怎么办", "{}在哪里办啊", "{}要多少钱呢"}) {
      std::string q = form;
      q.replace(q.find("{}"), 2, subject);
      const auto asked = sample().search(q, 1);
      BOOST_REQUIRE(!asked.empty());
      BOOST_TEST(asked[0].item == plain[0].item, q);
    }
  }
  // Words inside an everyday word stay: 丢了 keeps its 了, and 结婚证怎么办 is an item's synonym.
  BOOST_TEST(sample().item_at(static_cast<int>(sample().search("身份证丢了", 1)[0].item))->id() == "sfz-buling");
  BOOST_TEST(sample().item_at(static_cast<int>(sample().search("结婚证怎么办", 1)[0].item))->id() == "jiehun-dengji");
}

BOOST_AUTO_TEST_CASE(question_forms_are_read_in_characters_and_in_spaced_pinyin) {
  auto aspect = [](const char* q) { return std::string(guide::aspect_key(sample().ask(q).aspect)); };
  BOOST_TEST(aspect("身份证补领要带什么") == "materials");
  BOOST_TEST(aspect("身份證補領要帶什麼") == "materials");
  BOOST_TEST(aspect("护照在哪里办") == "place");
  BOOST_TEST(aspect("护照多久能拿到") == "time");
  BOOST_TEST(aspect("护照多少钱") == "fee");
  BOOST_TEST(aspect("护照能不能网上办") == "online");
  BOOST_TEST(aspect("低保要什么条件") == "conditions");
  BOOST_TEST(aspect("低保申请流程") == "steps");
  BOOST_TEST(aspect("护照") == "");
  BOOST_TEST(aspect("huzhao duoshao qian") == "fee");
  BOOST_TEST(aspect("jiehun dengji yao dai shenme") == "materials");
  // The subject in pinyin survives: spaced syllables stay one word, everyday words become characters.
  BOOST_TEST(sample().item_at(static_cast<int>(sample().search("shen fen zheng zenme ban", 1)[0].item))->id() == "sfz-buling");
  BOOST_TEST(sample().item_at(static_cast<int>(sample().search("sfz diule", 1)[0].item))->id() == "sfz-buling");
}

BOOST_AUTO_TEST_CASE(pinyin_in_another_order_than_the_name) {
  // tqgjj: the initials of 提取公积金, said in that order; the items are named 公积金提取.
  const auto hits = sample().search("tqgjj", 3);
  BOOST_REQUIRE(!hits.empty());
  BOOST_TEST(sample().item_at(static_cast<int>(hits[0].item))->id().rfind("gjj-", 0) == 0u, top_ids(hits));
  BOOST_TEST(sample().item_at(static_cast<int>(hits[0].item))->name().find("公积金提取") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_answer_quotes_the_section_from_the_catalogue_with_the_item) {
  const auto a = guide::answer_view(sample(), "身份证丢了要带什么材料");
  BOOST_TEST(guide::unanswered_key(a.unanswered) == std::string());
  BOOST_TEST(a.item.id == "sfz-buling");
  BOOST_TEST(a.item.name == "居民身份证补领");
  BOOST_TEST(guide::aspect_key(a.asks) == std::string("materials"));
  const auto item = guide::detail_view(sample(), "sfz-buling");
  BOOST_REQUIRE(a.materials.size() == item.materials.size());
  for (std::size_t i = 0; i < a.materials.size(); ++i) BOOST_TEST(a.materials[i].name == item.materials[i].name);
  BOOST_TEST(a.halls.empty());
  BOOST_TEST(a.fee.empty());
  BOOST_TEST(!a.items.empty());
  BOOST_TEST(a.items.front().id == "sfz-buling");

  const auto fee = guide::answer_view(sample(), "补办身份证要多少钱");
  BOOST_TEST(fee.fee == sample().item("sfz-buling")->fee());
  const auto place = guide::answer_view(sample(), "护照在哪里办");
  BOOST_REQUIRE(!place.halls.empty());
  BOOST_TEST(place.halls[0].name == sample().hall(sample().item("huzhao-shenling")->halls(0))->name());
  BOOST_TEST(place.halls[0].hours == sample().hall(sample().item("huzhao-shenling")->halls(0))->hours());
  const auto time = guide::answer_view(sample(), "低保多长时间能批下来");
  BOOST_TEST(time.time_limit == guide::detail_view(sample(), "dibao-shenqing").time_limit);
  const auto online = guide::answer_view(sample(), "特困人员救助能网上申请吗");
  BOOST_TEST(online.item.id == "tekun-jiuzhu");
  BOOST_TEST(online.channels == "大厅窗口办");  // the catalogue says: at the hall only
  BOOST_TEST(!online.online);
  const auto cond = guide::answer_view(sample(), "吃低保要什么条件");
  BOOST_TEST(cond.conditions.size() == static_cast<std::size_t>(sample().item("dibao-shenqing")->conditions_size()));
  const auto steps = guide::answer_view(sample(), "低保申请流程");
  BOOST_TEST(steps.steps.size() == static_cast<std::size_t>(sample().item("dibao-shenqing")->steps_size()));
  // A question about the whole item: the item, no section.
  const auto whole = guide::answer_view(sample(), "生小孩要办什么");
  BOOST_TEST(whole.item.id == "chusheng-yijianshi");
  BOOST_TEST(whole.asks == proto::ASPECT_NONE);
  BOOST_TEST(whole.materials.empty());
}

BOOST_AUTO_TEST_CASE(when_nothing_fits_it_says_so_and_offers_life_events) {
  auto check = [](const std::string& q, guide::Unanswered why) {
    const auto a = guide::answer_view(sample(), q);
    BOOST_TEST(guide::unanswered_key(a.unanswered) == std::string(guide::unanswered_key(why)), "query of " << q.size() << " bytes");
    BOOST_TEST(a.item.id.empty());
    BOOST_TEST(!a.life_events.empty());
    BOOST_TEST(a.life_events.size() <= 4u);
    for (const auto& e : a.life_events) BOOST_TEST(sample().life_event(e.id) != nullptr);
  };
  check("", guide::Unanswered::Empty);
  check("   ，。！？", guide::Unanswered::Empty);
  check("\xF0\x9F\x98\x80\xF0\x9F\x99\x8F\xF0\x9F\x8F\xA0", guide::Unanswered::Empty);  // 😀🙏🏠
  check(std::string("\x01\x02\x1b\x7f\t\r\n\0\x1f", 9), guide::Unanswered::Empty);
  check("\xff\xfe\xc3", guide::Unanswered::Empty);
  check("要带什么", guide::Unanswered::NoSubject);
  check("请问在哪里办啊", guide::Unanswered::NoSubject);
  std::string long_question;
  for (int i = 0; i < 70; ++i) long_question += "身份证";
  check(long_question, guide::Unanswered::TooLong);
  check(std::string(100000, 'a'), guide::Unanswered::TooLong);
  check("zzzzqqqq", guide::Unanswered::NoMatch);
}

BOOST_AUTO_TEST_SUITE_END()
