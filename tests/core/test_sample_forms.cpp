#include <boost/test/unit_test.hpp>

#include <set>

#include "form/merge.h"
#include "form/session.h"
#include "sample_form.h"
#include "sample_guides.h"
#include "status_checks.h"

using namespace tb;

namespace {
const proto::Catalogue& catalogue() { return testing::sample_catalogue(); }

// Answers a form the way a careful person would: for each visible, empty or wrong field, tries
// plausible values of its type until one is accepted. Returns whether the form became submittable.
bool fill(form::FormSession& s, std::string* stuck) {
  const std::map<std::string, std::vector<std::string>> tries = {
      {"number", {"1", "3200", "39", "50", "12", "0", "2"}}, {"money", {"1200", "0", "300"}},
      {"date", {"2025-01-15", "1985-06-01", "1958-03-02", "2024-12-01"}},
      {"resident_id", {"211402198803151234", "211402198601204510"}}, {"uscc", {"91110108MA01234567"}},
      {"mobile", {"13800138000"}}, {"person_name", {"张三", "李四"}}, {"address", {"211402|文化路1号"}},
      {"text", {"测试内容", "6222021234567890123", "青禾市妇幼保健院"}},
      {"long_text", {"因搬家不慎丢失。"}}, {"attachment", {"att:abc:photo.jpg:1024"}}};
  for (int round = 0; round < 40 && !s.can_submit(); ++round) {
    bool progress = false;
    const form::FormView v = s.view();
    std::vector<const form::FieldView*> todo;
    std::function<void(const form::FieldView&)> collect = [&](const form::FieldView& f) {
      if (f.type == "group") {
        if (f.rows.empty() && f.can_add_row) {
          progress |= s.add_row(f.id);
        }
        for (const auto& row : f.rows)
          for (const auto& x : row) collect(x);
        return;
      }
      if (!f.readonly && f.type != "note" && (f.value.empty() || !f.error.empty())) todo.push_back(&f);
    };
    for (const auto& f : v.fields) collect(f);
    for (const auto* f : todo) {
      std::vector<std::string> values;
      if (f->type == "single_choice" || f->type == "multi_choice")
        for (const auto& c : f->choices) values.push_back(c.value);
      else if (f->type == "yes_no") values = {"false", "true"};
      else if (f->type == "commitment") values = {"true"};
      else if (tries.count(f->type)) values = tries.at(f->type);
      else values = {"测试"};
      for (const auto& val : values) {
        s.set(f->path, val);
        const form::FormView after = s.view();
        bool ok = true;
        std::function<void(const form::FieldView&)> look = [&](const form::FieldView& x) {
          if (x.path == f->path && !x.error.empty()) ok = false;
          for (const auto& row : x.rows)
            for (const auto& y : row) look(y);
        };
        for (const auto& x : after.fields) look(x);
        if (ok) {
          progress = true;
          break;
        }
      }
    }
    if (s.view().page + 1 < s.view().pages) progress |= s.next_page();
    if (!progress) break;
  }
  if (!s.can_submit()) {
    s.show_all_errors();
    for (const auto& f : s.view().fields)
      if (!f.error.empty()) *stuck += f.path + ": " + f.error + "; ";
  }
  return s.can_submit();
}
}  // namespace

BOOST_AUTO_TEST_SUITE(sample_forms)

BOOST_AUTO_TEST_CASE(every_sample_form_compiles_and_can_be_completed) {
  BOOST_REQUIRE(catalogue().forms_size() >= 4);
  for (const auto& def : catalogue().forms()) {
    auto merged = form::form_for_item(catalogue(), def.item());
    BOOST_REQUIRE_MESSAGE(merged.has_value(), def.id() << ": " << merged.describe());
    std::vector<form::FormError> errors;
    auto compiled = form::CompiledForm::compile(merged->def, &errors);
    BOOST_REQUIRE_MESSAGE(compiled.has_value(), def.id());
    form::Context ctx;
    ctx.today = 20250601;
    form::FormSession s(*compiled, ctx);
    std::string stuck;
    BOOST_TEST(fill(s, &stuck), def.id() << " could not be completed: " << stuck);
  }
}

BOOST_AUTO_TEST_CASE(birth_one_thing_spans_four_departments_and_asks_shared_questions_once) {
  auto merged = form::form_for_item(catalogue(), "chusheng-yijianshi");
  TB_REQUIRE_OK(merged);
  std::set<std::string> departments;
  for (const auto& p : merged->parts) departments.insert(p.department);
  BOOST_TEST(departments.size() >= 4u);
  // The child's name is asked once however many forms want it.
  int child_name = 0, total_source = 0;
  for (const auto& page : merged->def.pages())
    for (const auto& f : page.fields()) child_name += f.id() == "child_name";
  for (const auto& def : catalogue().forms())
    for (const auto& p : def.pages())
      for (const auto& f : p.fields()) total_source += f.share_key() == "child_name";
  BOOST_TEST(child_name == 1);
  BOOST_TEST(total_source >= 4);
  std::vector<form::FormError> errors;
  auto compiled = form::CompiledForm::compile(merged->def, &errors);
  BOOST_REQUIRE(compiled.has_value());
  form::Context ctx;
  ctx.today = 20250601;
  form::FormSession s(*compiled, ctx);
  std::string stuck;
  BOOST_REQUIRE_MESSAGE(fill(s, &stuck), stuck);
  const auto parts = form::split_answers(*merged, s.answers());
  BOOST_TEST(parts.size() == merged->parts.size());
  for (const auto& part : parts) {
    // Each department's answers use only its own form's field ids.
    const proto::FormDef* own = nullptr;
    for (const auto& d : catalogue().forms())
      if (d.id() == part.form_id) own = &d;
    BOOST_REQUIRE(own);
    std::set<std::string> ids;
    for (const auto& p : own->pages())
      for (const auto& f : p.fields()) ids.insert(f.id());
    for (const auto& v : part.values) {
      const std::string head = v.path().substr(0, v.path().find('['));
      BOOST_TEST(ids.count(head) == 1u, part.form_id << " received a field it does not have: " << v.path());
    }
    BOOST_TEST(!part.values.empty());
  }
}

BOOST_AUTO_TEST_CASE(pension_form_has_a_family_repeat_group_and_id_photo_form_a_photo) {
  auto has_type = [](const std::string& form_id, proto::FieldType t) {
    for (const auto& d : catalogue().forms())
      if (d.id() == form_id)
        for (const auto& p : d.pages())
          for (const auto& f : p.fields())
            if (f.type() == t) return true;
    return false;
  };
  BOOST_TEST(has_type("jumin-yanglao-canbao-form", proto::GROUP));
  BOOST_TEST(has_type("sfz-buling-form", proto::ATTACHMENT));
  BOOST_TEST(has_type("sfz-buling-form", proto::COMMITMENT));
  BOOST_TEST(has_type("shebaoka-shenling-form", proto::RESIDENT_ID));
}

// 出生医学证明 takes a foreign parent's name as on the passport (foreign_names: true); its applicant
// writes theirs in Chinese, as on the 居民身份证. In 新生儿出生一件事 the parents' names are shared
// with forms that take Chinese only, so there they are Chinese too.
BOOST_AUTO_TEST_CASE(latin_names_only_where_the_form_takes_foreign_names) {
  auto error_of = [](const form::FormSession& s, const std::string& path) {
    for (std::size_t p = 0; p < s.form().pages(); ++p)
      for (const auto& f : s.page_fields(p))
        if (f.path == path) return f.error;
    BOOST_FAIL("no field " << path);
    return std::string();
  };
  auto own = testing::open_sample_form("chusheng-yixue-zhengming", {});
  form::FormSession& s = *own.session;
  TB_REQUIRE_OK(s.set("father_info", "true"));
  for (const char* path : {"mother_name", "father_name"}) {
    TB_REQUIRE_OK(s.set(path, "Maria  García"));
    BOOST_TEST(error_of(s, path) == "", path);
    TB_REQUIRE_OK(s.set(path, "王芳"));
    BOOST_TEST(error_of(s, path) == "", path);
  }
  TB_REQUIRE_OK(s.set("applicant_name", "zhang san"));
  BOOST_TEST(error_of(s, "applicant_name").find("姓名请用汉字填写") == 0u, error_of(s, "applicant_name"));

  auto bundle = testing::open_sample_form("chusheng-yijianshi", {});
  TB_REQUIRE_OK(bundle.session->set("mother_name", "Maria García"));
  BOOST_TEST(error_of(*bundle.session, "mother_name").find("姓名请用汉字填写") == 0u, error_of(*bundle.session, "mother_name"));
}

BOOST_AUTO_TEST_SUITE_END()
