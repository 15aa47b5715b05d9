#include "form/session.h"

#include <algorithm>

#include "crypto/wipe.h"
#include "form/field_input.h"

// A form session: its state, addressing fields by path, edits (typed values, rows added and
// removed), paging, and the wipe at the end. Re-evaluation is session_eval.cpp, the view-model
// session_view.cpp, answers and drafts session_draft.cpp.
namespace tb::form {

FormSession::FormSession(const CompiledForm& form, Context context) : form_(&form), ctx_(std::move(context)) {
  top_.resize(form.slots().size());
  for (std::uint32_t i = 0; i < form.slots().size(); ++i) {
    const Slot& s = form.slots()[i];
    if (s.type == Type::Group) {
      auto& rows = rows_[i];
      for (std::uint32_t r = 0; r < std::max<std::uint32_t>(s.def.min_rows(), 0); ++r)
        rows.emplace_back(s.children.size());
    }
  }
  // Defaults first (typed in the definition), then what the person's profile and e-licences say.
  for (std::uint32_t i = 0; i < form.slots().size(); ++i) {
    const Slot& s = form.slots()[i];
    if (s.def.default_value().empty() || s.calculate) continue;
    std::string warning;
    if (s.group == kNoGroup) {
      normalise_input(s.def, s.def.default_value(), ctx_.today, &top_[i].value, &warning);
    } else {
      for (auto& row : rows_[s.group]) normalise_input(s.def, s.def.default_value(), ctx_.today, &row[s.index_in_group].value, &warning);
    }
  }
  prefill();
  evaluate_all();
}

FormSession::Instance& FormSession::at(std::uint32_t slot, std::size_t row) {
  const Slot& s = form_->slots()[slot];
  if (s.group == kNoGroup) return top_[slot];
  return rows_[s.group][row][s.index_in_group];
}

const FormSession::Instance& FormSession::at(std::uint32_t slot, std::size_t row) const {
  const Slot& s = form_->slots()[slot];
  if (s.group == kNoGroup) return top_[slot];
  return rows_.at(s.group)[row][s.index_in_group];
}

bool FormSession::parse_path(const std::string& path, std::uint32_t* slot, std::size_t* row) const {
  const auto open = path.find('[');
  if (open == std::string::npos) {
    auto s = form_->slot_of(path);
    if (!s || form_->slots()[*s].group != kNoGroup) return false;
    *slot = *s;
    *row = kTop;
    return true;
  }
  const auto close = path.find("].", open);
  if (close == std::string::npos) return false;
  const std::string group = path.substr(0, open), index = path.substr(open + 1, close - open - 1);
  if (index.empty() || index.size() > 4 || index.find_first_not_of("0123456789") != std::string::npos) return false;
  auto s = form_->slot_of(group + "." + path.substr(close + 2));
  if (!s) return false;
  const std::size_t r = std::stoul(index);
  auto it = rows_.find(form_->slots()[*s].group);
  if (it == rows_.end() || r >= it->second.size()) return false;
  *slot = *s;
  *row = r;
  return true;
}

SetResult FormSession::set(const std::string& path, const std::string& input) {
  std::uint32_t slot;
  std::size_t row;
  if (!parse_path(path, &slot, &row)) return {Fault::NotFound, "no field '" + path + "' in this form"};
  const Slot& s = form_->slots()[slot];
  if (s.calculate) return {Fault::Refused, "'" + path + "' is calculated, not typed"};
  if (s.type == Type::Group || s.def.type() == proto::NOTE) return {Fault::Refused, "'" + path + "' takes no value"};
  const std::vector<bool> pages_before = pages_relevant();
  changed_.clear();
  changed_.emplace_back(slot, row);
  recording_ = true;
  layout_changed_ = false;
  Instance& in = at(slot, row);
  Value v;
  std::string warning;
  const std::string error = normalise_input(s.def, input, ctx_.today, &v, &warning);
  in.touched = true;
  in.prefilled = false;
  in.warning = warning;
  in.value = std::move(v);
  in.error = error.empty() ? std::string() : "!" + error;  // "!": an input error (see validate)
  if (error.empty()) validate(slot, row);
  propagate(slot, row);
  recording_ = false;
  layout_changed_ = layout_changed_ || pages_relevant() != pages_before;
  return {};
}

bool FormSession::add_row(const std::string& group) {
  layout_changed_ = true;
  auto g = form_->slot_of(group);
  if (!g || form_->slots()[*g].type != Type::Group) return false;
  const Slot& s = form_->slots()[*g];
  auto& rows = rows_[*g];
  const std::size_t max = s.def.max_rows() ? s.def.max_rows() : kMaxRowsLimit;
  if (rows.size() >= max) return false;
  rows.emplace_back(s.children.size());
  const std::size_t r = rows.size() - 1;
  for (std::uint32_t c : s.children) {
    const Slot& cs = form_->slots()[c];
    std::string warning;
    if (!cs.def.default_value().empty() && !cs.calculate) normalise_input(cs.def, cs.def.default_value(), ctx_.today, &at(c, r).value, &warning);
  }
  bool changed;
  for (std::uint32_t c : s.children) refresh(c, r, &changed);
  for (std::uint32_t c : s.children) refresh(c, r, &changed);  // relevance after calculations
  if (!s.children.empty()) propagate(s.children.front(), r);
  return true;
}

bool FormSession::remove_row(const std::string& group, std::size_t row) {
  layout_changed_ = true;
  auto g = form_->slot_of(group);
  if (!g || form_->slots()[*g].type != Type::Group) return false;
  auto& rows = rows_[*g];
  if (row >= rows.size() || rows.size() <= form_->slots()[*g].def.min_rows()) return false;
  rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(row));
  const Slot& s = form_->slots()[*g];
  // Rows after it moved up; what reads the group (aggregates) must look again.
  if (!s.children.empty() && !rows.empty()) propagate(s.children.front(), std::min(row, rows.size() - 1));
  else if (!s.children.empty()) {
    for (std::uint32_t d : form_->dependents(*g)) {
      bool changed;
      if (form_->slots()[d].group == kNoGroup) refresh(d, kTop, &changed);
    }
  }
  return true;
}

bool FormSession::page_ok(std::size_t page) const {
  if (!page_relevant(page)) return true;
  for (std::uint32_t i : form_->page_slots(page)) {
    const Slot& s = form_->slots()[i];
    if (!top_[i].relevant) continue;
    if (!top_[i].error.empty()) return false;
    if (s.type == Type::Group) {
      const auto& rows = rows_.at(i);
      if (rows.size() < s.def.min_rows()) return false;
      for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::uint32_t c : s.children)
          if (at(c, r).relevant && !at(c, r).error.empty()) return false;
    }
  }
  return true;
}

bool FormSession::next_page() {
  layout_changed_ = true;
  if (!page_ok(page_)) {
    show_all_ = true;
    return false;
  }
  for (std::size_t p = page_ + 1; p < form_->pages(); ++p)
    if (page_relevant(p)) {
      page_ = p;
      return true;
    }
  return false;
}

bool FormSession::prev_page() {
  layout_changed_ = true;
  for (std::size_t p = page_; p-- > 0;)
    if (page_relevant(p)) {
      page_ = p;
      return true;
    }
  return false;
}

bool FormSession::can_submit() const {
  for (std::size_t p = 0; p < form_->pages(); ++p)
    if (!page_ok(p)) return false;
  return true;
}

void FormSession::wipe() {
  auto clear = [](Instance& in) {
    crypto::wipe(in.value.s);
    for (auto& x : in.value.list) crypto::wipe(x);
    in.value = Value::empty();
  };
  for (auto& in : top_) clear(in);
  for (auto& [g, rows] : rows_)
    for (auto& row : rows)
      for (auto& in : row) clear(in);
  rows_.clear();
  for (auto& [k, v] : ctx_.profile) crypto::wipe(v);
  for (auto& [t, fields] : ctx_.elicences)
    for (auto& [k, v] : fields) crypto::wipe(v);
  ctx_ = Context{};
}

}  // namespace tb::form
