#include "form/review.h"

#include <cstdlib>

#include "check/divisions.h"
#include "text/mask.h"

namespace tb::form {
namespace {

// "2025-01-15" → "2025年1月15日" (values are normalised by the date check, so always this shape).
std::string date_text(const std::string& v) {
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return v;
  return v.substr(0, 4) + "年" + std::to_string(std::atoi(v.substr(5, 2).c_str())) + "月" +
         std::to_string(std::atoi(v.substr(8, 2).c_str())) + "日";
}

// "<6-digit division>|<street>" → "辽宁省 葫芦岛市 连山区 兴工街道…".
std::string address_text(const std::string& v) {
  const auto bar = v.find('|');
  const std::string code = v.substr(0, bar), street = bar == std::string::npos ? "" : v.substr(bar + 1);
  std::string place;
  if (code.size() == 6 && code.find_first_not_of("0123456789") == std::string::npos)
    place = check::Divisions::builtin().full_name(static_cast<std::uint32_t>(std::stoul(code)));
  if (place.empty()) place = code;
  return street.empty() ? place : place + " " + street;
}

std::string choice_labels(const FieldView& f) {
  std::string out;
  for (const auto& c : f.choices)
    if (c.selected) out += (out.empty() ? "" : "、") + c.label;
  return out;
}

std::string masked(const FieldView& f, const std::string& shown) {
  if (f.type == "resident_id") return text::mask_resident_id(f.value);
  if (f.type == "mobile") return text::mask_mobile(f.value);
  if (f.type == "person_name") return text::mask_name(f.value);
  return text::mask_other(shown);
}

ReviewItem item_of(const FieldView& f, const std::string& label) {
  ReviewItem it;
  it.path = f.path;
  it.label = label;
  if (f.type == "attachment") {
    // An attachment not uploaded is brought to the window (a required one stops submission first).
    it.value = !f.value.empty() ? "已上传" : !f.covered_by.empty() ? f.covered_by : "到窗口现场提交";
    return it;
  }
  if (f.value.empty()) {
    it.value = "未填写";
    it.missing = true;
    return it;
  }
  it.value = readable_value(f);
  if (f.sensitive) {
    it.value = masked(f, it.value);
    it.masked = true;
  }
  return it;
}

}  // namespace

std::string readable_value(const FieldView& f) {
  if (f.value.empty()) return {};
  if (f.type == "single_choice" || f.type == "multi_choice") return choice_labels(f);
  if (f.type == "yes_no") return f.value == "true" ? "是" : "否";
  if (f.type == "commitment") return f.value == "true" ? "已确认" : "未确认";
  if (f.type == "date") return date_text(f.value);
  if (f.type == "address") return address_text(f.value);
  if (f.type == "attachment") return "已上传";
  return f.unit.empty() ? f.value : f.value + f.unit;
}

Review review(const FormSession& session) {
  Review r;
  r.can_submit = session.can_submit();
  const auto& def = session.form().def();
  for (std::size_t p = 0; p < session.form().pages(); ++p) {
    if (!session.page_shown(p)) continue;
    ReviewPage page;
    page.page = p;
    page.title = def.pages(static_cast<int>(p)).title();
    for (const auto& f : session.page_fields(p)) {
      if (f.type == "note") continue;
      if (f.type != "group") {
        page.items.push_back(item_of(f, f.label));
        continue;
      }
      if (f.rows.empty()) page.items.push_back({f.path, f.label, "无", false, true});
      for (std::size_t row = 0; row < f.rows.size(); ++row)
        for (const auto& x : f.rows[row])
          if (x.type != "note") page.items.push_back(item_of(x, f.label + "第" + std::to_string(row + 1) + "条：" + x.label));
    }
    if (!page.items.empty()) r.pages.push_back(std::move(page));
  }
  return r;
}

}  // namespace tb::form
