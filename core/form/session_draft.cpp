#include "form/session.h"

#include <algorithm>

#include "form/field_input.h"

// What leaves a form session and what comes back: the answers a department receives, the draft of
// what was typed, and resuming from a draft.
namespace tb::form {

std::vector<proto::FormValue> FormSession::answers() const {
  std::vector<proto::FormValue> out;
  auto add = [&](std::uint32_t slot, std::size_t row) {
    const Slot& s = form_->slots()[slot];
    const Instance& in = at(slot, row);
    if (!in.relevant || in.value.is_empty() || s.def.type() == proto::NOTE) return;
    proto::FormValue fv;
    fv.set_path(s.group == kNoGroup ? s.id : form_->slots()[s.group].id + "[" + std::to_string(row) + "]." + s.def.id());
    fv.set_kind(static_cast<std::uint32_t>(in.value.kind));
    switch (in.value.kind) {
      case Value::Kind::Bool: fv.set_flag(in.value.b); break;
      case Value::Kind::Number: fv.set_number(in.value.n); break;
      case Value::Kind::Text: fv.set_text(in.value.s); break;
      case Value::Kind::List:
        for (const auto& x : in.value.list) fv.add_list(x);
        break;
      default: break;
    }
    // A commitment records exactly what the person confirmed.
    if (s.def.type() == proto::COMMITMENT) fv.set_text(s.def.commitment_text());
    out.push_back(std::move(fv));
  };
  for (std::uint32_t i = 0; i < form_->slots().size(); ++i) {
    const Slot& s = form_->slots()[i];
    if (s.group != kNoGroup || !page_relevant(s.page) || !top_[i].relevant) continue;
    if (s.type == Type::Group) {
      for (std::size_t r = 0; r < rows_.at(i).size(); ++r)
        for (std::uint32_t c : s.children) add(c, r);
    } else {
      add(i, kTop);
    }
  }
  return out;
}

proto::FormDraft FormSession::draft(std::int64_t now, bool with_prefilled) const {
  proto::FormDraft d;
  d.set_form(form_->def().id());
  d.set_form_version(form_->def().version());
  d.set_page(static_cast<std::uint32_t>(page_));
  d.set_saved_at(now);
  for (std::uint32_t i = 0; i < form_->slots().size(); ++i)
    if (form_->slots()[i].type == Type::Group) d.add_group_rows(static_cast<std::uint32_t>(rows_.at(i).size()));
  // What was typed (not what was calculated), relevant or not, so going back restores it.
  auto add = [&](std::uint32_t slot, std::size_t row) {
    const Slot& s = form_->slots()[slot];
    const Instance& in = at(slot, row);
    if (s.calculate || in.value.is_empty() || !(in.touched || (with_prefilled && in.prefilled))) return;
    proto::FormValue fv;
    fv.set_path(s.group == kNoGroup ? s.id : form_->slots()[s.group].id + "[" + std::to_string(row) + "]." + s.def.id());
    switch (in.value.kind) {
      case Value::Kind::Bool: fv.set_text(in.value.b ? "true" : "false"); break;
      case Value::Kind::Number: fv.set_text(number_text(in.value.n)); break;
      case Value::Kind::Text: fv.set_text(in.value.s); break;
      case Value::Kind::List:
        for (const auto& x : in.value.list) fv.set_text(fv.text() + (fv.text().empty() ? "" : ",") + x);
        break;
      default: break;
    }
    d.add_values()->Swap(&fv);
  };
  for (std::uint32_t i = 0; i < form_->slots().size(); ++i) {
    const Slot& s = form_->slots()[i];
    if (s.group != kNoGroup) continue;
    if (s.type == Type::Group) {
      for (std::size_t r = 0; r < rows_.at(i).size(); ++r)
        for (std::uint32_t c : s.children) add(c, r);
    } else {
      add(i, kTop);
    }
  }
  return d;
}

Result<FormSession, OpenError> FormSession::resume(const CompiledForm& form, Context context, const proto::FormDraft& draft,
                                                   std::vector<std::string>* skipped) {
  FormSession s(form, std::move(context));
  if (const auto applied = s.apply_draft(draft, skipped); !applied) return applied;
  return s;
}

Status<OpenError> FormSession::apply_draft(const proto::FormDraft& draft, std::vector<std::string>* skipped) {
  if (draft.form() != form_->def().id()) return OpenError::OtherForm;
  if (draft.form_version() != form_->def().version()) return OpenError::OutdatedDraft;
  std::size_t g = 0;
  for (std::uint32_t i = 0; i < form_->slots().size(); ++i) {
    if (form_->slots()[i].type != Type::Group) continue;
    const std::size_t want = g < static_cast<std::size_t>(draft.group_rows_size()) ? draft.group_rows(static_cast<int>(g)) : 0;
    ++g;
    while (rows_[i].size() < want && add_row(form_->slots()[i].id)) {
    }
  }
  for (const auto& v : draft.values()) {
    const SetResult r = set(v.path(), v.text());
    if (!r && skipped) skipped->push_back(v.path());
  }
  page_ = std::min<std::size_t>(draft.page(), form_->pages() ? form_->pages() - 1 : 0);
  layout_changed_ = true;  // many edits and a page: the next view is a whole one
  return {};
}

}  // namespace tb::form
