// 确认提交 (form/review.h) on the real sample forms, and through the phone API (form.review,
// form.goto): every answer listed under its page, as the person reads it, masked where the form
// says so, and 修改 going back to the field's page.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "api/api.h"
#include "crypto/keys.h"
#include "form/elicence.h"
#include "form/merge.h"
#include "form/review.h"
#include "guide/bundle.h"
#include "sample_form.h"

using namespace tb;
using nlohmann::json;

namespace {

const std::map<std::string, std::string> kProfile = {
    {"name", "张丽华"}, {"id", "211402198803151234"}, {"mobile", "13800138000"}, {"address", "211402|兴工街道文化路88号"}};

testing::OpenedForm open(const std::string& item) { return testing::open_sample_form(item, kProfile); }

void set(form::FormSession& s, const std::string& path, const std::string& value) {
  const auto r = s.set(path, value);
  BOOST_REQUIRE_MESSAGE(r, path << ": " << r.describe());
}

const form::ReviewItem* find(const form::Review& r, const std::string& path, std::size_t* page = nullptr) {
  for (const auto& p : r.pages)
    for (const auto& it : p.items)
      if (it.path == path) {
        if (page) *page = p.page;
        return &it;
      }
  return nullptr;
}

// 社保卡申领 for oneself, every page answered.
void fill_shebaoka(form::FormSession& s) {
  set(s, "for_whom", "self");
  set(s, "holder_nationality", "中国");
  set(s, "first_card", "false");
  set(s, "card_photo", "att:abc:photo.png:68");
  set(s, "open_finance", "true");
  set(s, "card_bank", "icbc");
  set(s, "card_collect", "branch");
  set(s, "pickup_hall", "changan-hall");
  set(s, "pledge", "true");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(form_review)

BOOST_AUTO_TEST_CASE(every_answer_is_listed_under_its_page_as_the_person_reads_it) {
  testing::OpenedForm o = open("shebaoka-shenling");
  auto& s = *o.session;
  fill_shebaoka(s);
  BOOST_REQUIRE(s.can_submit());
  const form::Review r = form::review(s);
  BOOST_TEST(r.can_submit);
  // Pages in order, titled as the form titles them, only those that are asked.
  std::vector<std::string> titles;
  for (const auto& p : r.pages) titles.push_back(p.title);
  BOOST_TEST(titles == (std::vector<std::string>{"持卡人信息", "申请人信息", "金融功能", "制卡与领卡"}), boost::test_tools::per_element());
  // Every answer the departments receive is on the review page, under the page it was asked on.
  std::set<std::string> listed;
  for (const auto& p : r.pages)
    for (const auto& it : p.items) {
      listed.insert(it.path);
      const auto slot = o.compiled->slot_of(it.path.substr(0, it.path.find('[')));
      BOOST_REQUIRE(slot);
      BOOST_TEST(o.compiled->slots()[*slot].page == p.page, it.path);
    }
  for (const auto& a : s.answers()) BOOST_TEST(listed.count(a.path()) == 1u, a.path() << " is sent but not reviewed");
  // Read as a person reads it: labels, 是/否, place names, dates in Chinese, 已上传.
  BOOST_TEST(find(r, "for_whom")->value == "本人");
  BOOST_TEST(find(r, "holder_gender")->value == "男");  // from the ID number's 17th digit
  BOOST_TEST(find(r, "holder_birth_date")->value == "1988年3月15日");
  BOOST_TEST(find(r, "open_finance")->value == "是");
  BOOST_TEST(find(r, "first_card")->value == "否");
  BOOST_TEST(find(r, "card_bank")->value == "中国工商银行");
  BOOST_TEST(find(r, "card_photo")->value == "已上传");
  BOOST_TEST(find(r, "pledge")->value == "已确认");
  BOOST_TEST(find(r, "home_address")->value == "辽宁省 葫芦岛市 连山区 兴工街道文化路88号");
  // Masked where the form says sensitive, and only there.
  BOOST_TEST(find(r, "holder_id")->value == "211402********1234");
  BOOST_TEST(find(r, "holder_id")->masked);
  BOOST_TEST(find(r, "applicant_id")->value == "211402********1234");
  BOOST_TEST(find(r, "holder_name")->value == "张丽华");
  BOOST_TEST(!find(r, "holder_name")->masked);
  // Notes are not answers; a field that is not asked is not listed.
  BOOST_TEST(!find(r, "holder_bundle_note"));
  BOOST_TEST(!find(r, "minor_note"));
  BOOST_TEST(!find(r, "agent_entrust"));
  // 修改 knows the page: the holder's ID is on the first.
  std::size_t page = 99;
  BOOST_REQUIRE(find(r, "holder_id", &page));
  BOOST_TEST(page == 0u);
}

BOOST_AUTO_TEST_CASE(optional_fields_left_empty_and_repeat_group_rows_are_listed_too) {
  // An optional attachment not uploaded is brought to the window.
  testing::OpenedForm o = open("chusheng-luohu");
  set(*o.session, "parents_married", "false");
  const form::Review luohu = form::review(*o.session);
  const auto* feihun = find(luohu, "nonmarital_proof");
  BOOST_REQUIRE(feihun);
  BOOST_TEST(feihun->value == "到窗口现场提交");
  // Repeat group rows, each field named with its row; masked where sensitive.
  testing::OpenedForm p = open("jumin-yanglao-canbao");
  auto& y = *p.session;
  BOOST_REQUIRE(y.add_row("members"));
  set(y, "members[0].member_name", "张小华");
  set(y, "members[0].member_id", "211402198601204510");
  const form::Review r = form::review(y);
  const auto* row = find(r, "members[0].member_name");
  BOOST_REQUIRE(row);
  BOOST_TEST(row->label == "家庭成员第1条：姓名");
  BOOST_TEST(row->value == "张小华");
  const auto* id = find(r, "members[0].member_id");
  BOOST_REQUIRE(id);
  BOOST_TEST(id->masked);  // member_id is sensitive in this form
  BOOST_TEST(id->value == "211402********4510");
  // A field that is asked and left empty is listed as such, not skipped.
  const auto* mobile = find(r, "mobile");
  BOOST_REQUIRE(mobile);
  BOOST_TEST(mobile->missing);
  BOOST_TEST(mobile->value == "未填写");
}

// Through the phone API, as mobile-shell/js/forms.js uses it.
BOOST_AUTO_TEST_CASE(phone_api_review_and_goto) {
  const auto& c = testing::sample_catalogue();
  crypto::Seed seed{7};
  const auto key = crypto::keypair_from_seed(crypto::KeyKind::Sign, "review-test", seed);
  const std::string bundle = guide::build_bundle(c, 1, 0, key);
  auto call = [](const json& req) { return json::parse(phone::call(req.dump())); };
  json r = call({{"op", "guide.load"},
                 {"ptr", reinterpret_cast<std::uintptr_t>(bundle.data())},
                 {"len", bundle.size()},
                 {"trust", {crypto::format_public_key_file(crypto::public_half(key))}}});
  BOOST_REQUIRE_MESSAGE(r["ok"].get<bool>(), r.dump());
  json profile = json::object();
  for (const auto& [k, v] : kProfile) profile[k] = v;
  r = call({{"op", "form.open"}, {"item", "shebaoka-shenling"}, {"today", 20250601}, {"now", 1750000000}, {"profile", profile}});
  BOOST_REQUIRE_MESSAGE(r["ok"].get<bool>(), r.dump());
  for (const auto& [path, value] : std::vector<std::pair<std::string, std::string>>{
           {"for_whom", "self"}, {"first_card", "false"}, {"card_photo", "att:abc:photo.png:68"}}) {
    r = call({{"op", "form.set"}, {"path", path}, {"value", value}});
    BOOST_REQUIRE_MESSAGE(r["ok"].get<bool>(), r.dump());
  }
  r = call({{"op", "form.next"}});
  BOOST_REQUIRE(r["moved"].get<bool>());
  BOOST_TEST(r["page"].get<int>() == 1);
  r = call({{"op", "form.review"}});
  BOOST_REQUIRE_MESSAGE(r["ok"].get<bool>(), r.dump());
  BOOST_TEST(r["departments"][0].get<std::string>() == "青禾市人力资源和社会保障局");
  BOOST_TEST(r["pages"][0]["title"].get<std::string>() == "持卡人信息");
  bool masked = false;
  for (const auto& it : r["pages"][0]["items"])
    if (it["path"] == "holder_id") masked = it["masked"].get<bool>() && it["value"] == "211402********1234";
  BOOST_TEST(masked);
  // 修改: back to the holder's page (page 0) …
  r = call({{"op", "form.goto"}, {"path", "holder_id"}});
  BOOST_REQUIRE(r["ok"].get<bool>());
  BOOST_TEST(r["page"].get<int>() == 0);
  BOOST_TEST(r["moved"].get<bool>());
  // … and forward again to a later page's field, through pages without errors.
  r = call({{"op", "form.goto"}, {"path", "contact_mobile"}});
  BOOST_TEST(r["page"].get<int>() == 1);
  r = call({{"op", "form.goto"}, {"path", "no_such_field"}});
  BOOST_TEST(!r["ok"].get<bool>());
  BOOST_TEST(r["error"].get<std::string>() == "no field 'no_such_field' in this form");
  call({{"op", "form.close"}});
}

BOOST_AUTO_TEST_SUITE_END()
