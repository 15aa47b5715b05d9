#include <boost/test/unit_test.hpp>

#include "crypto/aead.h"
#include "form/elicence.h"
#include "form/merge.h"
#include "form/session.h"
#include "status_checks.h"

using namespace tb;
using namespace tb::form;

namespace {
proto::FormField field(const std::string& id, proto::FieldType t, const std::string& label, bool required = false) {
  proto::FormField f;
  f.set_id(id);
  f.set_type(t);
  f.set_label(label);
  f.set_required(required);
  return f;
}

// A household form: applicant, a yes/no that reveals a question, a family repeat group with a
// calculated total, a constraint and a commitment.
proto::FormDef household() {
  proto::FormDef d;
  d.set_id("household");
  d.set_item("jumin-yanglao-canbao");
  d.set_title("参保登记");
  d.set_department("renshe");
  d.set_version(1);
  auto* p1 = d.add_pages();
  p1->set_id("me");
  p1->set_title("申请人");
  *p1->add_fields() = field("name", proto::PERSON_NAME, "姓名", true);
  auto id = field("id_number", proto::RESIDENT_ID, "公民身份号码", true);
  id.set_prefill("profile.id");
  *p1->add_fields() = id;
  *p1->add_fields() = field("birth", proto::DATE, "出生日期", true);
  auto older = field("over60", proto::YES_NO, "是否年满60周岁");
  older.set_calculate("age(birth) >= 60");
  *p1->add_fields() = older;
  auto pension = field("pension_start", proto::DATE, "领取养老金起始日期", true);
  pension.set_relevant("over60");
  *p1->add_fields() = pension;
  auto grade = field("grade", proto::SINGLE_CHOICE, "缴费档次", true);
  for (const char* g : {"200", "500", "1000"}) {
    auto* c = grade.add_choices();
    c->set_value(g);
    c->set_label(std::string(g) + "元");
  }
  grade.mutable_choices(2)->set_filter("not over60");  // the top grade only for those under 60
  *p1->add_fields() = grade;
  auto* p2 = d.add_pages();
  p2->set_id("family");
  p2->set_title("家庭成员");
  auto members = field("members", proto::GROUP, "家庭成员");
  members.set_max_rows(5);
  *members.add_fields() = field("mname", proto::PERSON_NAME, "姓名", true);
  auto income = field("income", proto::MONEY, "年收入", true);
  income.set_constraint(". >= 0 and . < 10000000");
  income.set_constraint_message("年收入应在0到1000万元之间");
  *members.add_fields() = income;
  *p2->add_fields() = members;
  auto total = field("total", proto::MONEY, "家庭年收入合计");
  total.set_calculate("sum(members.income)");
  *p2->add_fields() = total;
  auto people = field("people", proto::NUMBER, "家庭人数");
  people.set_calculate("count(members) + 1");
  *p2->add_fields() = people;
  auto pledge = field("pledge", proto::COMMITMENT, "告知承诺", true);
  pledge.set_commitment_text("本人承诺所填信息真实有效。");
  *p2->add_fields() = pledge;
  return d;
}

const CompiledForm& compiled() {
  static CompiledForm f = [] {
    std::vector<FormError> errors;
    auto c = CompiledForm::compile(household(), &errors);
    BOOST_REQUIRE_MESSAGE(c.has_value(), (errors.empty() ? std::string() : errors[0].field + ": " + errors[0].message));
    return std::move(*c);
  }();
  return f;
}

Context ctx() {
  Context c;
  c.today = 20250601;
  c.profile["id"] = "11010519491231002X";
  return c;
}

const FieldView* find(const FormView& v, const std::string& id) {
  for (const auto& f : v.fields)
    if (f.id == id) return &f;
  return nullptr;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(form_session)

BOOST_AUTO_TEST_CASE(prefill_normalisation_and_errors_beside_fields) {
  FormSession s(compiled(), ctx());
  FormView v = s.view();
  BOOST_TEST(find(v, "id_number")->value == "11010519491231002X");
  BOOST_TEST(find(v, "id_number")->prefilled_from == "个人资料");
  BOOST_TEST(find(v, "id_number")->keypad == "id");
  BOOST_TEST(find(v, "name")->error == "");  // untouched: not shouted at yet
  TB_CHECK_OK(s.set("id_number", "１１０１０５ １９４９１２３１ ００２ｘ"));  // full-width, spaces, lower-case x
  BOOST_TEST(find(s.view(), "id_number")->value == "11010519491231002X");
  TB_CHECK_OK(s.set("id_number", "110105194912310021"));
  BOOST_TEST(find(s.view(), "id_number")->error.find("校验") != std::string::npos);
  TB_CHECK_OK(s.set("birth", "1950年3月5日"));
  BOOST_TEST(find(s.view(), "birth")->value == "1950-03-05");
  BOOST_TEST(!s.set("nope", "x"));
  BOOST_TEST(!s.set("over60", "true"));  // calculated: not typed
}

BOOST_AUTO_TEST_CASE(relevance_calculation_and_choice_filters) {
  FormSession s(compiled(), ctx());
  BOOST_TEST(!find(s.view(), "pension_start"));  // hidden until over 60
  BOOST_TEST(find(s.view(), "grade")->choices.size() == 3u);
  s.set("birth", "1950-03-05");
  BOOST_TEST(find(s.view(), "over60")->value == "true");
  BOOST_TEST(find(s.view(), "pension_start") != nullptr);
  BOOST_TEST(find(s.view(), "grade")->choices.size() == 2u);  // 1000 filtered out
  TB_CHECK_OK(s.set("grade", "2000元"));  // taken, but…
  BOOST_TEST(find(s.view(), "grade")->value == "");   // …not a choice: not stored
  s.set("grade", "500元");  // by label
  BOOST_TEST(find(s.view(), "grade")->value == "500");
  s.set("birth", "1990-03-05");
  BOOST_TEST(!find(s.view(), "pension_start"));
}

BOOST_AUTO_TEST_CASE(repeat_groups_aggregate_incrementally) {
  FormSession s(compiled(), ctx());
  for (int i = 0; i < 5; ++i) BOOST_TEST(s.add_row("members"));
  BOOST_TEST(!s.add_row("members"));  // max_rows
  for (int i = 0; i < 5; ++i) s.set("members[" + std::to_string(i) + "].income", std::to_string(1000 * (i + 1)));
  s.set("name", "张三");
  s.set("birth", "1990-01-01");
  s.set("grade", "200");
  BOOST_TEST(s.next_page());
  FormView v = s.view();
  BOOST_TEST(find(v, "total")->value == "15000");
  BOOST_TEST(find(v, "people")->value == "6");
  const std::size_t before = s.evaluations();
  s.set("members[2].income", "3500.5");
  BOOST_TEST(find(s.view(), "total")->value == "15500.5");
  // One edit in one row: the row's constraint, the total, and what reads the group — not the form.
  BOOST_TEST(s.evaluations() - before <= 6u, "evaluations for one edit: " << s.evaluations() - before);
  s.set("members[1].income", "-5");
  v = s.view();
  BOOST_TEST(v.fields[0].rows[1][1].error == "年收入应在0到1000万元之间");
  BOOST_TEST(s.remove_row("members", 1));
  BOOST_TEST(find(s.view(), "people")->value == "5");
  BOOST_TEST(find(s.view(), "total")->value == "13500.5");
  BOOST_TEST(!s.set("members[9].income", "1"));
}

BOOST_AUTO_TEST_CASE(nothing_invalid_can_be_submitted) {
  FormSession s(compiled(), ctx());
  BOOST_TEST(!s.can_submit());
  BOOST_TEST(!s.next_page());  // name, birth, grade missing: stays, and now shows why
  BOOST_TEST(find(s.view(), "name")->error == "此项为必填");
  s.set("name", "张三");
  s.set("birth", "1990-01-01");
  s.set("grade", "200");
  BOOST_TEST(s.next_page());
  BOOST_TEST(!s.can_submit());
  s.set("pledge", "false");
  BOOST_TEST(find(s.view(), "pledge")->error.find("确认承诺") != std::string::npos);
  s.set("pledge", "true");
  BOOST_TEST(s.can_submit());
  FormView v = s.view();
  BOOST_TEST(v.required_total == v.required_done);
  const auto answers = s.answers();
  bool pledge_recorded = false;
  for (const auto& a : answers)
    if (a.path() == "pledge") pledge_recorded = a.flag() && a.text() == "本人承诺所填信息真实有效。";
  BOOST_TEST(pledge_recorded);
  s.add_row("members");  // an empty required row blocks submission again
  BOOST_TEST(!s.can_submit());
}

BOOST_AUTO_TEST_CASE(drafts_resume_sealed_at_rest) {
  FormSession s(compiled(), ctx());
  s.set("name", "李四");
  s.set("birth", "1951-07-07");
  s.add_row("members");
  s.set("members[0].mname", "王五");
  s.set("members[0].income", "1200");
  const std::string plain = s.draft(1700000000).SerializeAsString();
  crypto::Key32 key{};
  key[0] = 7;
  crypto::Nonce24 nonce{};
  nonce[5] = 9;
  const std::string sealed = crypto::seal_at_rest(key, nonce, plain, "tongban.draft.v1:household");
  BOOST_TEST(sealed.find("李四") == std::string::npos);  // nothing readable at rest
  BOOST_TEST(!crypto::open_at_rest(key, sealed, "tongban.draft.v1:other-form"));
  std::string tampered = sealed;
  tampered[40] ^= 1;
  BOOST_TEST(!crypto::open_at_rest(key, tampered, "tongban.draft.v1:household"));
  auto opened = crypto::open_at_rest(key, sealed, "tongban.draft.v1:household");
  BOOST_REQUIRE(opened);
  proto::FormDraft d;
  BOOST_REQUIRE(d.ParseFromString(*opened));
  auto resumed = FormSession::resume(compiled(), ctx(), d);
  TB_REQUIRE_OK(resumed);
  BOOST_TEST(find(resumed->view(), "name")->value == "李四");
  BOOST_TEST(find(resumed->view(), "over60")->value == "true");
  BOOST_TEST(resumed->answers().size() == s.answers().size());
  d.set_form_version(2);
  const auto outdated = FormSession::resume(compiled(), ctx(), d);
  BOOST_TEST(!outdated);
  BOOST_TEST(outdated.message() == "表单已更新，草稿无法继续使用");
}

BOOST_AUTO_TEST_CASE(compile_errors_name_the_field) {
  auto d = household();
  d.mutable_pages(0)->mutable_fields(4)->set_relevant("over6O");
  d.mutable_pages(1)->mutable_fields(1)->set_calculate("people + 1");
  d.mutable_pages(1)->mutable_fields(2)->set_calculate("total + 1");
  std::vector<FormError> errors;
  BOOST_TEST(!CompiledForm::compile(d, &errors));
  bool unknown = false, cycle = false;
  for (const auto& e : errors) {
    unknown |= e.field == "pension_start" && e.where == "relevant" && e.message.find("unknown field 'over6O'") == 0;
    cycle |= e.where == "calculate" && e.message.find("circle") != std::string::npos;
  }
  BOOST_TEST(unknown);
  BOOST_TEST(cycle);
}

BOOST_AUTO_TEST_CASE(one_thing_merges_shared_questions_and_splits_per_department) {
  auto dept_form = [](const std::string& id, const std::string& dept, const std::string& own) {
    proto::FormDef d;
    d.set_id(id);
    d.set_item(id + "-item");
    d.set_department(dept);
    d.set_title(id);
    d.set_version(1);
    auto* p = d.add_pages();
    p->set_id("p");
    p->set_title("信息");
    auto child = field("child", proto::PERSON_NAME, "新生儿姓名", true);
    child.set_share_key("child_name");
    *p->add_fields() = child;
    auto mine = field(own, proto::TEXT, own, true);
    mine.set_relevant("filled(child)");  // refers to its own form's id: renamed when merged
    *p->add_fields() = mine;
    return d;
  };
  const auto a = dept_form("police", "gongan", "household_head");
  const auto b = dept_form("health", "weijian", "hospital");
  auto m = merge_forms("birth", "新生儿出生一件事", {&a, &b}, {{"gongan", "公安局"}, {"weijian", "卫健委"}});
  TB_REQUIRE_OK(m);
  BOOST_TEST(m->def.pages_size() == 3);
  BOOST_TEST(m->def.pages(0).fields_size() == 1);  // the shared child's name, once
  BOOST_TEST(m->def.pages(1).title() == "公安局：信息");
  std::vector<FormError> errors;
  auto compiled_merged = CompiledForm::compile(m->def, &errors);
  BOOST_REQUIRE(compiled_merged.has_value());
  FormSession s(*compiled_merged, ctx());
  s.set("child_name", "小明");
  s.set("police__household_head", "张三");
  s.set("health__hospital", "青禾市妇幼保健院");
  BOOST_TEST(s.can_submit());
  const auto parts = split_answers(*m, s.answers());
  BOOST_REQUIRE(parts.size() == 2u);
  BOOST_TEST(parts[0].department == "gongan");
  BOOST_REQUIRE(parts[0].values.size() == 2u);
  BOOST_TEST(parts[0].values[0].path() == "child");
  BOOST_TEST(parts[0].values[1].path() == "household_head");
  for (const auto& v : parts[1].values) BOOST_TEST(v.path() != "household_head");  // police's field never reaches health
}

BOOST_AUTO_TEST_CASE(elicences_prefill_and_replace_materials_only_when_valid) {
  crypto::Seed seed{};
  seed[0] = 3;
  const auto issuer = crypto::keypair_from_seed(crypto::KeyKind::Sign, "zhengzhao", seed);
  crypto::TrustStore trust;
  trust.add({crypto::public_half(issuer), 0, 0, {"tongban.elicence"}});
  proto::ELicence hukou;
  hukou.set_type("hukou");
  hukou.set_holder_id("11010519491231002X");
  hukou.set_holder_name("张三");
  (*hukou.mutable_fields())["address"] = "青禾市长安区文化路1号";
  hukou.set_expires_at(2000000000);
  const std::string signed_licence = sign_elicence(hukou, issuer);
  TB_CHECK_OK(verify_elicence(signed_licence, trust, 1750000000, "11010519491231002X"));
  BOOST_TEST(verify_elicence(signed_licence, trust, 2100000000, "11010519491231002X").message() == "电子证照已过期");
  BOOST_TEST(verify_elicence(signed_licence, trust, 1750000000, "110105194912310021").message() == "不是本人的电子证照");
  std::string forged = signed_licence;
  forged[forged.size() / 2] ^= 1;
  BOOST_TEST(!verify_elicence(forged, trust, 1750000000, "11010519491231002X"));
  BOOST_TEST(!verify_elicence("garbage", trust, 1750000000, ""));

  proto::Catalogue c;
  auto* item = c.add_items();
  item->set_id("sfz-buling");
  auto* m = item->add_materials();
  m->set_id("hukou-book");
  m->set_name("居民户口簿");
  m->set_elicence("hukou");
  const Context with = make_context(20250601, {}, {hukou}, c, "sfz-buling");
  BOOST_TEST(with.covered_materials.count("hukou-book") == 1u);
  BOOST_TEST(with.elicence_names.at("hukou") == "居民户口簿");
  BOOST_TEST(with.elicences.at("hukou").at("address") == "青禾市长安区文化路1号");
  const Context without = make_context(20250601, {}, {}, c, "sfz-buling");
  BOOST_TEST(without.covered_materials.empty());
}

BOOST_AUTO_TEST_SUITE_END()
