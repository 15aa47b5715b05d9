// view_changes(): after each edit, the fields it returns must be exactly what a whole redraw would
// change on the page. Checked on every sample form (and with rows in its groups) against view()
// itself: every field whose drawing differs from the view before the edit is among the changes, each
// change equals the whole view's field, and the header is the whole view's.
#include <boost/test/unit_test.hpp>

#include <map>
#include <sstream>

#include "form/session.h"
#include "sample_form.h"
#include "sample_guides.h"

using namespace tb;

namespace {

std::string drawn(const form::FieldView& f) {
  std::ostringstream o;
  o << f.path << '|' << f.label << '|' << f.hint << '|' << f.type << '|' << f.value << '|' << f.error << '|' << f.warning << '|'
    << f.required << f.readonly << f.sensitive << '|' << f.prefilled_from << '|' << f.covered_by << '|' << f.can_add_row
    << f.can_remove_row << '|';
  for (const auto& c : f.choices) o << c.value << ':' << c.selected << ',';
  return o.str();
}

// path → drawing, row fields flattened beside their group.
std::map<std::string, std::string> flat(const form::FormView& v) {
  std::map<std::string, std::string> out;
  for (const auto& f : v.fields) {
    out[f.path] = drawn(f);
    for (const auto& row : f.rows)
      for (const auto& x : row) out[x.path] = drawn(x);
  }
  return out;
}

std::string head(const form::FormView& v) {
  std::ostringstream o;
  o << v.page << '/' << v.pages << ' ' << v.required_done << '/' << v.required_total << " e" << v.errors << ' ' << v.can_back
    << v.can_next << v.can_submit;
  return o.str();
}

// Plausible inputs by field type, and some wrong ones (errors must show and go as well).
std::vector<std::string> inputs_for(const std::string& type) {
  static const std::map<std::string, std::vector<std::string>> m = {
      {"number", {"1", "3200", "abc", "39"}}, {"money", {"1200", "-5", "300"}},
      {"date", {"2025-01-15", "1985-06-01", "not a date"}}, {"resident_id", {"211402198803151234", "123"}},
      {"uscc", {"91110108MA01234567"}}, {"mobile", {"13800138000", "12"}}, {"person_name", {"张三", ""}},
      {"address", {"211402|文化路1号"}}, {"text", {"测试内容", ""}}, {"long_text", {"因搬家不慎丢失。"}},
      {"attachment", {"att:abc:photo.jpg:1024", ""}}, {"commitment", {"true", "false"}}, {"yes_no", {"true", "false"}}};
  auto it = m.find(type);
  return it == m.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(form_changes)

BOOST_AUTO_TEST_CASE(the_changes_of_an_edit_are_what_a_whole_redraw_would_change) {
  const std::map<std::string, std::string> profile = {{"name", "张丽华"}, {"id", "211402198803151234"}, {"mobile", "13800138000"}};
  int forms = 0, edits = 0, partial = 0, fields_patched = 0;
  for (const auto& item : testing::sample_catalogue().items()) {
    if (!form::form_for_item(testing::sample_catalogue(), item.id())) continue;
    auto o = testing::open_sample_form(item.id(), profile);
    auto& s = *o.session;
    ++forms;
    for (int page = 0; page < 12; ++page) {
      // Rows in every group of the page, so row fields and totals over rows are edited too.
      for (const auto& f : s.view().fields)
        if (f.type == "group")
          for (int r = 0; r < 3; ++r) s.add_row(f.id);
      for (int round = 0; round < 2; ++round) {
        std::vector<form::FieldView> todo;
        for (const auto& f : s.view().fields) {
          if (f.type != "group") todo.push_back(f);
          for (const auto& row : f.rows)
            for (const auto& x : row) todo.push_back(x);
        }
        for (const auto& f : todo) {
          std::vector<std::string> tries = inputs_for(f.type);
          for (const auto& c : f.choices) tries.push_back(c.value);
          for (const auto& input : tries) {
            const form::FormView before = s.view();
            if (!s.set(f.path, input)) break;  // calculated, or gone with an earlier edit
            ++edits;
            const form::FormView whole = s.view(), changes = s.view_changes();
            BOOST_TEST_CONTEXT(item.id() << ": " << f.path << " = '" << input << "'") {
              BOOST_TEST(head(changes) == head(whole));
              const auto was = flat(before), now = flat(whole);
              if (!changes.partial) {
                BOOST_TEST(flat(changes) == now);
                continue;
              }
              ++partial;
              BOOST_TEST(changes.fields.size() <= now.size());
              std::map<std::string, std::string> patched = was;
              for (const auto& c : changes.fields) {
                BOOST_TEST(c.rows.empty());  // flat: row fields by their own path
                BOOST_TEST_REQUIRE(now.count(c.path) == 1u, c.path << " is not on the page");
                BOOST_TEST(drawn(c) == now.at(c.path));
                patched[c.path] = drawn(c);
                ++fields_patched;
              }
              // Drawing the old view and patching the changes gives the new view (groups aside:
              // their rows are the row fields, patched one by one).
              for (const auto& [path, text] : now)
                if (path.find('[') != std::string::npos || text.find("|group|") == std::string::npos)
                  BOOST_TEST(patched[path] == text, path << " changed but is not among the changes");
            }
          }
        }
      }
      if (!s.next_page()) {
        s.show_all_errors();
        if (!s.next_page()) break;
      }
    }
  }
  BOOST_TEST_MESSAGE(forms << " forms, " << edits << " edits, " << partial << " answered with changes only (" << fields_patched
                           << " fields patched)");
  BOOST_TEST(forms >= 9);  // every sample form with a form
  BOOST_TEST(partial > edits / 2);  // most edits change nothing of the page's layout
}

BOOST_AUTO_TEST_SUITE_END()
