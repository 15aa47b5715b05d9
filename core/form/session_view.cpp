#include "form/session.h"

#include <algorithm>

#include "form/field_input.h"
#include "form/session_env.h"
#include "ui_strings.h"

// A form session's view-model: what both front ends draw (fields of the current page, errors shown
// once touched, choices a filter still offers, rows, progress).
namespace tb::form {
namespace {

const char* type_key(proto::FieldType t) {
  switch (t) {
    case proto::TEXT: return "text";
    case proto::LONG_TEXT: return "long_text";
    case proto::NUMBER: return "number";
    case proto::MONEY: return "money";
    case proto::DATE: return "date";
    case proto::SINGLE_CHOICE: return "single_choice";
    case proto::MULTI_CHOICE: return "multi_choice";
    case proto::YES_NO: return "yes_no";
    case proto::RESIDENT_ID: return "resident_id";
    case proto::USCC: return "uscc";
    case proto::MOBILE: return "mobile";
    case proto::PERSON_NAME: return "person_name";
    case proto::ADDRESS: return "address";
    case proto::ATTACHMENT: return "attachment";
    case proto::COMMITMENT: return "commitment";
    case proto::NOTE: return "note";
    case proto::GROUP: return "group";
    default: return "text";
  }
}

const char* keypad_for(proto::FieldType t) {
  switch (t) {
    case proto::NUMBER: return "numeric";
    case proto::MONEY: return "decimal";
    case proto::RESIDENT_ID: return "id";      // digits and X
    case proto::USCC: return "uscc";           // digits and capitals
    case proto::MOBILE: return "tel";
    case proto::DATE: return "date";
    case proto::SINGLE_CHOICE:
    case proto::MULTI_CHOICE:
    case proto::YES_NO:
    case proto::COMMITMENT:
    case proto::ATTACHMENT:
    case proto::NOTE:
    case proto::GROUP: return "none";
    default: return "text";
  }
}

}  // namespace

FieldView FormSession::field_view(std::uint32_t slot, std::size_t row) const {
  const Slot& s = form_->slots()[slot];
  const Instance& in = at(slot, row);
  FieldView v;
  v.id = s.def.id();
  v.path = s.group == kNoGroup ? s.id : form_->slots()[s.group].id + "[" + std::to_string(row) + "]." + s.def.id();
  v.label = s.def.label();
  v.hint = s.def.hint();
  v.type = type_key(s.def.type());
  v.keypad = keypad_for(s.def.type());
  v.unit = s.def.unit();
  v.required = s.def.required();
  v.readonly = s.calculate.has_value();
  v.sensitive = s.def.sensitive();
  v.commitment_text = s.def.commitment_text();
  v.accept = s.def.accept();
  if (!s.def.material().empty() && ctx_.covered_materials.count(s.def.material())) {
    v.covered_by = ui::kCoveredByElicence;
    v.required = false;
  }
  if (in.prefilled) {
    const std::string& src = s.def.prefill();
    if (src.rfind("elicence.", 0) == 0) {
      const std::string type = src.substr(9, src.find('.', 9) - 9);
      auto name = ctx_.elicence_names.find(type);
      v.prefilled_from = ui::fill(ui::kPrefilledFromElicence, {name != ctx_.elicence_names.end() ? name->second : type});
    } else {
      v.prefilled_from = ui::kPrefilledFromProfile;
    }
  }
  switch (in.value.kind) {
    case Value::Kind::Number: v.value = number_text(in.value.n); break;
    case Value::Kind::Bool: v.value = in.value.b ? "true" : "false"; break;
    case Value::Kind::Text: v.value = in.value.s; break;
    case Value::Kind::List:
      for (const auto& x : in.value.list) v.value += (v.value.empty() ? "" : ",") + x;
      break;
    default: break;
  }
  const bool show = in.touched || show_all_;
  if (show && !in.error.empty()) v.error = in.error[0] == '!' ? in.error.substr(1) : in.error;
  v.warning = in.warning;
  SessionEnv env(*this, s.group, row, nullptr);
  for (int c = 0; c < s.def.choices_size(); ++c) {
    const auto& filter = s.choice_filters[c];
    if (filter && !filter->eval(env).truthy()) continue;
    const auto& ch = s.def.choices(c);
    bool selected = in.value.kind == Value::Kind::Text ? in.value.s == ch.value()
                    : in.value.kind == Value::Kind::List
                        ? std::find(in.value.list.begin(), in.value.list.end(), ch.value()) != in.value.list.end()
                        : false;
    v.choices.push_back({ch.value(), ch.label(), selected});
  }
  if (s.type == Type::Group) {
    const auto& rows = rows_.at(slot);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::vector<FieldView> rv;
      for (std::uint32_t c : s.children)
        if (at(c, r).relevant) rv.push_back(field_view(c, r));
      v.rows.push_back(std::move(rv));
    }
    v.can_add_row = rows.size() < (s.def.max_rows() ? s.def.max_rows() : kMaxRowsLimit);
    v.can_remove_row = rows.size() > s.def.min_rows();
    if (show && rows.size() < s.def.min_rows()) v.error = ui::fill(ui::kMinRows, {std::to_string(s.def.min_rows())});
  }
  return v;
}

std::vector<FieldView> FormSession::page_fields(std::size_t page) const {
  std::vector<FieldView> out;
  if (page < form_->pages())
    for (std::uint32_t i : form_->page_slots(page))
      if (top_[i].relevant) out.push_back(field_view(i, kTop));
  return out;
}

std::vector<bool> FormSession::pages_relevant() const {
  std::vector<bool> out(form_->pages());
  for (std::size_t p = 0; p < out.size(); ++p) out[p] = page_relevant(p);
  return out;
}

// Errors the current page shows, from the instances (what field_view would put in `error`).
int FormSession::shown_errors(std::size_t page) const {
  int n = 0;
  if (page >= form_->pages()) return 0;
  for (std::uint32_t i : form_->page_slots(page)) {
    const Slot& s = form_->slots()[i];
    const Instance& in = top_[i];
    if (!in.relevant) continue;
    const bool show = in.touched || show_all_;
    if (s.type != Type::Group) {
      n += show && !in.error.empty();
      continue;
    }
    const auto& rows = rows_.at(i);
    n += (show && !in.error.empty()) || (show && rows.size() < s.def.min_rows());
    for (std::size_t r = 0; r < rows.size(); ++r)
      for (std::uint32_t c : s.children) {
        const Instance& ci = at(c, r);
        n += ci.relevant && (ci.touched || show_all_) && !ci.error.empty();
      }
  }
  return n;
}

FormView FormSession::view_head() const {
  FormView v;
  v.form_id = form_->def().id();
  v.title = form_->def().title();
  v.pages = form_->pages();
  v.page = page_;
  for (std::size_t p = 0; p < form_->pages(); ++p) v.page_titles.push_back(form_->def().pages(static_cast<int>(p)).title());
  if (page_ < form_->pages()) v.page_title = form_->def().pages(static_cast<int>(page_)).title();
  v.errors = shown_errors(page_);
  for (std::size_t p = 0; p < form_->pages(); ++p) {
    if (!page_relevant(p)) continue;
    for (std::uint32_t i : form_->page_slots(p)) {
      const Slot& s = form_->slots()[i];
      if (!top_[i].relevant) continue;
      auto count = [&](std::uint32_t slot, std::size_t row) {
        const Slot& cs = form_->slots()[slot];
        const bool covered = !cs.def.material().empty() && ctx_.covered_materials.count(cs.def.material());
        if (!cs.def.required() || cs.calculate || covered) return;
        ++v.required_total;
        const Instance& in = at(slot, row);
        if (!in.value.is_empty() && in.error.empty()) ++v.required_done;
      };
      if (s.type == Type::Group) {
        const auto& rows = rows_.at(i);
        for (std::size_t r = 0; r < rows.size(); ++r)
          for (std::uint32_t c : s.children)
            if (at(c, r).relevant) count(c, r);
      } else {
        count(i, kTop);
      }
    }
  }
  v.can_back = page_ > 0;
  v.can_next = page_ + 1 < form_->pages();
  v.can_submit = can_submit();
  return v;
}

FormView FormSession::view() const {
  FormView v = view_head();
  v.fields = page_fields(page_);
  return v;
}

FormView FormSession::view_changes() const {
  if (layout_changed_) return view();
  FormView v = view_head();
  v.partial = true;
  // Each instance once (an edit can re-evaluate one several times), in slot order.
  auto changed = changed_;
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  for (const auto& [slot, row] : changed) {
    const Slot& s = form_->slots()[slot];
    const std::uint32_t top = s.group == kNoGroup ? slot : s.group;
    if (form_->slots()[top].page != page_ || !relevant(slot, row)) continue;  // not drawn: nothing to patch
    v.fields.push_back(field_view(slot, row));
  }
  return v;
}

}  // namespace tb::form
