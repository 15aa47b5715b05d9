// The ID card as readers hand it over (core/card/id_card.h) and put into a form (core/app/card_fill.h):
// GA 467's WZ layout round-trips; truncated, mis-encoded and inconsistent cards are refused with
// the reason; an expired card is refused with the day it expired; the form takes name, sex, 民族,
// birth date, address and ID number by its profile.<key> prefill declarations and keeps the rest.
#include <boost/test/unit_test.hpp>

#include "app/card_fill.h"
#include "card/id_card.h"
#include "check/ethnicity.h"
#include "form/model.h"
#include "form/session.h"

using namespace tb;

namespace {

card::IdCard sample_card() {
  card::IdCard c;
  c.name = "张丽华";
  c.sex = "2";
  c.ethnicity = "11";
  c.birth_date = "19880315";
  c.address = "辽宁省葫芦岛市连山区兴工街道文化路88号3单元201室";
  c.id_number = "211402198803151248";
  c.authority = "葫芦岛市公安局连山分局";
  c.valid_from = "20200301";
  c.valid_until = "20400301";
  return c;
}

// A check character that fits the first 17 digits (GB 11643), so the samples are real numbers.
std::string with_check(std::string first17) {
  static const int w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * w[i];
  return first17 + "10X98765432"[sum % 11];
}

proto::FormField field(const std::string& id, proto::FieldType t, const std::string& label, const std::string& prefill = {}) {
  proto::FormField f;
  f.set_id(id);
  f.set_type(t);
  f.set_label(label);
  f.set_required(true);
  f.set_prefill(prefill);
  return f;
}

// An applicant page that declares every profile key, and a field the card has nothing for.
proto::FormDef applicant_form() {
  proto::FormDef d;
  d.set_id("card-test");
  d.set_item("jumin-yanglao-canbao");
  d.set_title("参保登记");
  d.set_department("renshe");
  d.set_version(1);
  auto* p = d.add_pages();
  p->set_id("me");
  p->set_title("参保人");
  *p->add_fields() = field("name", proto::PERSON_NAME, "姓名", "profile.name");
  auto gender = field("gender", proto::SINGLE_CHOICE, "性别", "profile.gender");
  for (auto [v, l] : {std::pair{"male", "男"}, std::pair{"female", "女"}}) {
    auto* c = gender.add_choices();
    c->set_value(v);
    c->set_label(l);
  }
  *p->add_fields() = gender;
  *p->add_fields() = field("ethnicity", proto::TEXT, "民族", "profile.ethnicity");
  *p->add_fields() = field("birth_date", proto::DATE, "出生日期", "profile.birth_date");
  *p->add_fields() = field("home", proto::ADDRESS, "家庭住址", "profile.address");
  *p->add_fields() = field("id_number", proto::RESIDENT_ID, "公民身份号码", "profile.id");
  *p->add_fields() = field("mobile", proto::MOBILE, "联系电话", "profile.mobile");
  return d;
}

std::string answer(const form::FormSession& s, const std::string& path) {
  for (const auto& a : s.answers())
    if (a.path() == path) return a.text();
  return "<none>";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(id_card)

BOOST_AUTO_TEST_CASE(wz_round_trips_in_the_layout_of_ga_467) {
  card::IdCard c = sample_card();
  c.id_number = with_check("21140219880315124");
  auto wz = card::encode_wz(c);
  BOOST_REQUIRE(wz);
  BOOST_TEST(wz->size() == card::kWzBytes);
  // The name's first character at offset 0 (张 U+5F20, little-endian), padded with spaces to 30 bytes;
  // the sex code at 30, the ethnicity at 32, the birth date at 36, the ID number at 122.
  BOOST_TEST(static_cast<unsigned char>((*wz)[0]) == 0x20);
  BOOST_TEST(static_cast<unsigned char>((*wz)[1]) == 0x5F);
  BOOST_TEST((*wz)[6] == ' ');
  BOOST_TEST((*wz)[30] == '2');
  BOOST_TEST((*wz)[32] == '1');
  BOOST_TEST((*wz)[34] == '1');
  BOOST_TEST((*wz)[36] == '1');
  BOOST_TEST((*wz)[122] == '2');
  BOOST_TEST((*wz)[122 + 2 * 17] == c.id_number[17]);
  auto back = card::parse_wz(*wz);
  BOOST_REQUIRE_MESSAGE(back, back.message());
  BOOST_TEST(back->name == c.name);
  BOOST_TEST(back->sex_name() == "女");
  BOOST_TEST(back->ethnicity_name() == "满族");
  BOOST_TEST(back->address == c.address);
  BOOST_TEST(back->id_number == c.id_number);
  BOOST_TEST(back->authority == c.authority);
  BOOST_TEST(back->valid_until == "20400301");

  // The card file: WZ, then the photo bytes; their format is told by their first bytes.
  auto file = card::parse_card_file(*wz + std::string(1024, '\x11'));
  BOOST_REQUIRE(file);
  BOOST_TEST(file->photo.size() == 1024u);
  BOOST_TEST((file->photo_format == card::PhotoFormat::Wlt));
  BOOST_TEST((card::parse_card_file(*wz + "\xFF\xD8\xFF\xE0")->photo_format == card::PhotoFormat::Jpeg));
  BOOST_TEST((card::parse_card_file(*wz + "BM\x10")->photo_format == card::PhotoFormat::Bmp));
  BOOST_TEST((card::parse_card_file(*wz)->photo_format == card::PhotoFormat::None));

  // 长期 (long-term) validity and a name with a character outside the BMP (UTF-16 surrogates).
  c.valid_until = "长期";
  c.name = "王𠀀明";
  auto lt = card::parse_wz(*card::encode_wz(c));
  BOOST_REQUIRE(lt);
  BOOST_TEST(lt->long_term());
  BOOST_TEST(lt->name == "王𠀀明");
}

BOOST_AUTO_TEST_CASE(unreadable_cards_are_refused_with_what_is_wrong) {
  card::IdCard c = sample_card();
  c.id_number = with_check("21140219880315124");
  const std::string wz = *card::encode_wz(c);
  auto short_read = card::parse_card_file(wz.substr(0, 200));
  BOOST_TEST(!short_read);
  BOOST_TEST((short_read.reason() == card::CardError::Unreadable));
  BOOST_TEST(short_read.detail().find("200") != std::string::npos);
  std::string lone = wz;
  lone[0] = '\x00', lone[1] = '\xDC';  // a lone low surrogate in the name
  BOOST_TEST((card::parse_wz(lone).reason() == card::CardError::Unreadable));
  std::string bad_date = wz;
  bad_date[36 + 2 * 4] = '1', bad_date[36 + 2 * 5] = '3';  // month 13
  auto d = card::parse_wz(bad_date);
  BOOST_TEST((d.reason() == card::CardError::Unreadable));
  BOOST_TEST(d.detail() == "出生日期不对");
  card::IdCard too_long = c;
  too_long.name = "一二三四五六七八九十一二三四五六";  // 16 characters: the field holds 15
  BOOST_TEST((card::encode_wz(too_long).reason() == card::CardError::Unreadable));
}

BOOST_AUTO_TEST_CASE(checks_number_birth_date_sex_and_validity) {
  card::IdCard c = sample_card();
  c.id_number = with_check("21140219880315124");
  BOOST_TEST(bool(card::check_card(c, 20261203)));
  card::IdCard bad = c;
  bad.id_number[17] = bad.id_number[17] == '0' ? '1' : '0';
  BOOST_TEST((card::check_card(bad, 20261203).reason() == card::CardError::BadNumber));
  bad = c;
  bad.birth_date = "19880316";
  BOOST_TEST((card::check_card(bad, 20261203).reason() == card::CardError::Inconsistent));
  BOOST_TEST(card::check_card(bad, 20261203).detail() == "出生日期与身份证号码不一致");
  bad = c;
  bad.sex = "1";  // the 17th digit (4) is even: a woman's number
  BOOST_TEST((card::check_card(bad, 20261203).reason() == card::CardError::Inconsistent));
  // Expired: the day it expired is what the person reads; the last valid day is still valid.
  bad = c;
  bad.valid_until = "20250301";
  BOOST_TEST(bool(card::check_card(bad, 20250301)));
  auto expired = card::check_card(bad, 20250302);
  BOOST_TEST((expired.reason() == card::CardError::Expired));
  BOOST_TEST(expired.detail() == "证件已于2025年3月1日过期");
  bad.valid_until = "长期";
  BOOST_TEST(bool(card::check_card(bad, 20990101)));
  bad = c;
  bad.valid_from = "20270101";
  BOOST_TEST((card::check_card(bad, 20261203).reason() == card::CardError::NotYetValid));
}

BOOST_AUTO_TEST_CASE(ethnicity_codes_of_gb_3304) {
  BOOST_TEST(check::ethnicities().size() == 58u);
  BOOST_TEST(check::ethnicity_name("01") == "汉族");
  BOOST_TEST(check::ethnicity_name("56") == "基诺族");
  BOOST_TEST(check::ethnicity_name("98") == "外国血统中国籍人士");
  BOOST_TEST(check::ethnicity_name("57").empty());
  BOOST_TEST(check::ethnicity_code("满族") == "11");
  BOOST_TEST(check::ethnicity_code("满") == "11");
  BOOST_TEST(check::ethnicity_code("火星族").empty());
}

BOOST_AUTO_TEST_CASE(fills_the_applicant_fields_of_a_form_and_tracks_changes) {
  auto compiled = form::CompiledForm::compile(applicant_form(), nullptr);
  BOOST_REQUIRE(compiled);
  form::Context ctx;
  ctx.today = 20261203;
  form::FormSession session(*compiled, ctx);
  session.set("mobile", "13800138000");
  card::IdCard c = sample_card();
  c.id_number = with_check("21140219880315124");
  auto fill = app::fill_form_from_card(session, c, 20261203);
  BOOST_REQUIRE_MESSAGE(fill, fill.message());
  BOOST_TEST(fill->fields.size() == 6u);
  BOOST_TEST(answer(session, "name") == "张丽华");
  BOOST_TEST(answer(session, "gender") == "female");
  BOOST_TEST(answer(session, "ethnicity") == "满族");
  BOOST_TEST(answer(session, "birth_date") == "1988-03-15");
  BOOST_TEST(answer(session, "home") == "211402|兴工街道文化路88号3单元201室");
  BOOST_TEST(answer(session, "id_number") == c.id_number);
  BOOST_TEST(answer(session, "mobile") == "13800138000");  // what the card has nothing for is kept
  for (const auto& f : fill->fields) BOOST_TEST(f.accepted, f.path);
  // What the person is shown: the number masked, the date in words.
  for (const auto& f : fill->fields) {
    if (f.key == "id") BOOST_TEST(f.shown == "211402********124" + c.id_number.substr(17));
    if (f.key == "birth_date") BOOST_TEST(f.shown == "1988年3月15日");
  }
  BOOST_TEST(app::paths_still_from_card(session, *fill).size() == 6u);
  session.set("name", "张丽");  // the person corrects a field: it is no longer "from the card"
  const auto still = app::paths_still_from_card(session, *fill);
  BOOST_TEST(still.size() == 5u);
  BOOST_TEST((std::find(still.begin(), still.end(), "name") == still.end()));
}

BOOST_AUTO_TEST_CASE(an_expired_card_fills_nothing) {
  auto compiled = form::CompiledForm::compile(applicant_form(), nullptr);
  BOOST_REQUIRE(compiled);
  form::Context ctx;
  ctx.today = 20261203;
  form::FormSession session(*compiled, ctx);
  session.set("name", "李四");
  card::IdCard c = sample_card();
  c.id_number = with_check("21140219880315124");
  c.valid_until = "20250301";
  auto fill = app::fill_form_from_card(session, c, 20261203);
  BOOST_TEST(!fill);
  BOOST_TEST(fill.detail() == "证件已于2025年3月1日过期");
  BOOST_TEST(answer(session, "name") == "李四");  // the form keeps what it had
  BOOST_TEST(answer(session, "id_number") == "<none>");
}

BOOST_AUTO_TEST_CASE(addresses_find_their_divisions) {
  BOOST_TEST(app::address_answer("辽宁省葫芦岛市连山区兴工街道文化路88号") == "211402|兴工街道文化路88号");
  BOOST_TEST(app::address_answer("北京市朝阳区建国路1号") == "110105|建国路1号");
  BOOST_TEST(app::address_answer("某地某村") == "|某地某村");
}

BOOST_AUTO_TEST_CASE(the_session_forgets_the_card) {
  app::CardState s;
  s.card = sample_card();
  s.card.photo = std::string(1024, 'p');
  s.outcome = "已读取";
  s.fill.fields.push_back({"name", "name", "姓名", "张丽华", "x", true});
  BOOST_TEST(!s.empty());
  s.wipe();
  BOOST_TEST(s.empty());
  BOOST_TEST(s.card.photo.empty());
}

BOOST_AUTO_TEST_SUITE_END()
