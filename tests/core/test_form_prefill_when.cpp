// Conditional prefill (prefill_when) and in_bundle(): a person applying for themselves does not
// retype what their profile says, someone applying for another person gets empty fields, and a
// form says things about 一件事 only when it is filled as part of one (docs/FORM-SOURCES.md).
#include <boost/test/unit_test.hpp>

#include "sample_form.h"

using namespace tb;

namespace {

const std::map<std::string, std::string> kProfile = {{"name", "张丽华"}, {"id", "211402198803151234"}, {"mobile", "13800138000"}};

testing::OpenedForm open(const std::string& item) { return testing::open_sample_form(item, kProfile); }

const form::FieldView* field(const std::vector<form::FieldView>& fields, const std::string& path) {
  for (const auto& f : fields)
    if (f.path == path) return &f;
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(form_prefill_when)

BOOST_AUTO_TEST_CASE(applying_for_oneself_prefills_the_holder_and_for_another_does_not) {
  testing::OpenedForm o = open("shebaoka-shenling");
  auto& s = *o.session;
  auto page = [&] { return s.page_fields(0); };
  // Standalone: asks for whom, no 一件事 note, the holder's fields empty until answered.
  BOOST_REQUIRE(field(page(), "for_whom"));
  BOOST_TEST(!field(page(), "holder_bundle_note"));
  BOOST_TEST(field(page(), "holder_name")->value.empty());
  // 本人: name, ID, gender and birth date (read from the ID number) come from the profile.
  BOOST_REQUIRE(s.set("for_whom", "self"));
  BOOST_TEST(field(page(), "holder_name")->value == "张丽华");
  BOOST_TEST(field(page(), "holder_name")->prefilled_from == "个人资料");
  BOOST_TEST(field(page(), "holder_id")->value == "211402198803151234");
  BOOST_TEST(field(page(), "holder_has_id")->value == "true");
  BOOST_TEST(field(page(), "holder_gender")->value == "male");
  BOOST_TEST(field(page(), "holder_birth_date")->value == "1988-03-15");
  // 他人: the prefilled values go away (someone else's card must not carry the applicant's ID).
  BOOST_REQUIRE(s.set("for_whom", "other"));
  BOOST_TEST(field(page(), "holder_name")->value.empty());
  BOOST_TEST(field(page(), "holder_name")->prefilled_from.empty());
  // What the person typed stays theirs whatever they answer afterwards.
  BOOST_REQUIRE(s.set("holder_name", "张小明"));
  BOOST_REQUIRE(s.set("for_whom", "self"));
  BOOST_TEST(field(page(), "holder_name")->value == "张小明");
  BOOST_TEST(field(page(), "holder_id")->value == "211402198803151234");
  // A draft keeps what was typed, not what was prefilled; resuming prefills again.
  const auto draft = s.draft(0);
  for (const auto& v : draft.values()) BOOST_TEST(v.path() != "holder_id");
  auto again = form::FormSession::resume(*o.compiled, form::make_context(20250601, kProfile, {}, testing::sample_catalogue(), "shebaoka-shenling"),
                                         draft);
  BOOST_REQUIRE_MESSAGE(again, again.describe());
  BOOST_TEST(field(again->page_fields(0), "holder_id")->value == "211402198803151234");
  BOOST_TEST(field(again->page_fields(0), "holder_name")->value == "张小明");
}

BOOST_AUTO_TEST_CASE(in_a_one_thing_bundle_the_holder_is_the_newborn) {
  testing::OpenedForm o = open("chusheng-yijianshi");
  const auto& def = o.merged.def;
  BOOST_TEST(def.bundle() == "chusheng-yijianshi");
  bool note = false, for_whom = false;
  for (std::size_t p = 0; p < o.compiled->pages(); ++p)
    for (const auto& f : o.session->page_fields(p)) {
      note |= f.path.find("holder_bundle_note") != std::string::npos;
      for_whom |= f.path.find("for_whom") != std::string::npos;
      // The newborn's name is never the applicant's.
      if (f.path == "child_name") BOOST_TEST(f.value.empty());
    }
  BOOST_TEST(note, "the 一件事 note is shown in the bundle");
  BOOST_TEST(!for_whom, "为谁申领 is not asked in the bundle");
  // The shared child fields keep no conditional prefill from a department's own question.
  for (const auto& page : def.pages())
    for (const auto& f : page.fields())
      if (f.id().rfind("child_", 0) == 0) BOOST_TEST(f.prefill().empty(), f.id());
}

BOOST_AUTO_TEST_CASE(prefill_when_needs_a_prefill_and_in_bundle_takes_no_arguments) {
  proto::FormDef d;
  d.set_id("t");
  d.set_version(1);
  auto* p = d.add_pages();
  p->set_id("p");
  auto* a = p->add_fields();
  a->set_id("a");
  a->set_type(proto::TEXT);
  a->set_label("甲");
  a->set_prefill_when("in_bundle()");
  std::vector<form::FormError> errors;
  BOOST_TEST(!form::CompiledForm::compile(d, &errors));
  BOOST_REQUIRE(!errors.empty());
  BOOST_TEST(errors[0].where == "prefill_when");
  a->set_prefill("profile.name");
  a->set_prefill_when("in_bundle(a)");
  errors.clear();
  BOOST_TEST(!form::CompiledForm::compile(d, &errors));
  BOOST_REQUIRE(!errors.empty());
  BOOST_TEST(errors[0].message.find("in_bundle() takes 0 arguments") != std::string::npos, errors[0].message);
  // Alone it is false; the same form merged into a 一件事 says true.
  a->set_prefill_when("not in_bundle()");
  errors.clear();
  auto alone = form::CompiledForm::compile(d, &errors);
  BOOST_REQUIRE(alone);
  form::Context ctx;
  ctx.profile["name"] = "李四";
  form::FormSession s(*alone, ctx);
  BOOST_TEST(s.page_fields(0)[0].value == "李四");
  d.set_bundle("some-bundle");
  auto merged = form::CompiledForm::compile(d, &errors);
  BOOST_REQUIRE(merged);
  form::FormSession m(*merged, ctx);
  BOOST_TEST(m.page_fields(0)[0].value.empty());
}

BOOST_AUTO_TEST_SUITE_END()
