#include "form/session.h"

#include <cmath>
#include <deque>

#include "form/field_input.h"
#include "form/session_env.h"
#include "ui_strings.h"

// A form session's re-evaluation: prefill, relevance, calculations and validation, at start
// (evaluate_all) and incrementally after an edit (propagate: only what depends on the edited field).
namespace tb::form {

namespace {
const Value kEmpty;
}  // namespace

const Value& SessionEnv::get(std::uint32_t slot, bool in_group) const {
  const Slot& sl = s_.form_->slots()[slot];
  if (!in_group || sl.group == kNoGroup) return s_.top_[slot].value;
  if (sl.group != group_) return kEmpty;  // a row field of another group: no current row
  auto it = s_.rows_.find(group_);
  if (it == s_.rows_.end() || row_ >= it->second.size()) return kEmpty;
  return it->second[row_][sl.index_in_group].value;
}

std::size_t SessionEnv::rows(std::uint32_t group) const {
  auto it = s_.rows_.find(group);
  return it == s_.rows_.end() ? 0 : it->second.size();
}

const Value& SessionEnv::row_value(std::uint32_t group, std::size_t row, std::uint32_t slot) const {
  auto it = s_.rows_.find(group);
  if (it == s_.rows_.end() || row >= it->second.size()) return kEmpty;
  return it->second[row][s_.form_->slots()[slot].index_in_group].value;
}

const Value& SessionEnv::self() const { return self_ ? *self_ : kEmpty; }

int SessionEnv::today() const { return s_.ctx_.today; }
bool SessionEnv::in_bundle() const { return !s_.form_->def().bundle().empty(); }

// What the field's prefill source (profile.<key>, elicence.<type>.<field>) says, normalised;
// false when the person's context does not have it or it does not fit the field.
bool FormSession::prefill_value(const Slot& s, Value* out) const {
  const std::string& source = s.def.prefill();
  std::string found;
  if (source.rfind("profile.", 0) == 0) {
    auto it = ctx_.profile.find(source.substr(8));
    if (it != ctx_.profile.end()) found = it->second;
  } else if (source.rfind("elicence.", 0) == 0) {
    const auto dot = source.find('.', 9);
    if (dot != std::string::npos) {
      auto lic = ctx_.elicences.find(source.substr(9, dot - 9));
      if (lic != ctx_.elicences.end()) {
        auto f = lic->second.find(source.substr(dot + 1));
        if (f != lic->second.end()) found = f->second;
      }
    }
  }
  std::string warning;
  return !found.empty() && normalise_input(s.def, found, ctx_.today, out, &warning).empty();
}

// Unconditional prefills; those with prefill_when follow their condition in refresh().
void FormSession::prefill() {
  for (std::uint32_t i = 0; i < form_->slots().size(); ++i) {
    const Slot& s = form_->slots()[i];
    if (s.def.prefill().empty() || s.prefill_when || s.group != kNoGroup) continue;
    Value v;
    if (prefill_value(s, &v)) {
      top_[i].value = std::move(v);
      top_[i].prefilled = true;
    }
  }
}

bool FormSession::relevant(std::uint32_t slot, std::size_t row) const {
  const Slot& s = form_->slots()[slot];
  if (s.group != kNoGroup && !top_[s.group].relevant) return false;
  return at(slot, row).relevant;
}

bool FormSession::page_relevant(std::size_t page) const {
  const auto& e = form_->page_relevance()[page];
  if (!e) return true;
  SessionEnv env(*this, kNoGroup, 0, nullptr);
  return e->eval(env).truthy();
}

// Re-evaluates one instance: relevance, calculation, validation. Reports whether its value changed.
void FormSession::refresh(std::uint32_t slot, std::size_t row, bool* value_changed) {
  const Slot& s = form_->slots()[slot];
  Instance& in = at(slot, row);
  SessionEnv env(*this, s.group, row, nullptr);
  *value_changed = false;
  if (recording_) changed_.emplace_back(slot, row);
  if (s.relevant) {
    ++evaluations_;
    const bool was = in.relevant;
    in.relevant = s.relevant->eval(env).truthy();
    layout_changed_ = layout_changed_ || (recording_ && was != in.relevant);
  }
  if (s.prefill_when && !in.touched) {
    ++evaluations_;
    Value v;
    in.prefilled = s.prefill_when->eval(env).truthy() && prefill_value(s, &v);
    if (!in.prefilled) v = Value::empty();
    if (v != in.value) {
      in.value = std::move(v);
      *value_changed = true;
    }
  }
  if (s.calculate) {
    ++evaluations_;
    Value v = s.calculate->eval(env);
    if (v.kind == Value::Kind::Number && s.def.type() == proto::MONEY) v.n = std::round(v.n * 100) / 100;
    if (v != in.value) {
      in.value = std::move(v);
      *value_changed = true;
    }
  }
  validate(slot, row);
}

void FormSession::validate(std::uint32_t slot, std::size_t row) {
  const Slot& s = form_->slots()[slot];
  Instance& in = at(slot, row);
  if (!in.error.empty() && in.error.rfind("!", 0) == 0) return;  // an input error stays until the input changes
  in.error.clear();
  if (s.type == Type::Group || s.def.type() == proto::NOTE) return;
  if (in.value.is_empty()) {
    const bool covered = !s.def.material().empty() && ctx_.covered_materials.count(s.def.material());
    if (s.def.required() && !covered && !s.calculate) in.error = ui::kFieldRequired;
    return;
  }
  // A choice that a filter no longer offers (the answers it depended on changed) must be chosen again.
  if (!s.choice_filters.empty() && (in.value.kind == Value::Kind::Text || in.value.kind == Value::Kind::List)) {
    SessionEnv env(*this, s.group, row, nullptr);
    auto offered = [&](const std::string& value) {
      for (int c = 0; c < s.def.choices_size(); ++c)
        if (s.def.choices(c).value() == value) return !s.choice_filters[c] || s.choice_filters[c]->eval(env).truthy();
      return false;
    };
    const std::vector<std::string> chosen = in.value.kind == Value::Kind::Text ? std::vector<std::string>{in.value.s} : in.value.list;
    for (const auto& v : chosen)
      if (!offered(v)) {
        in.error = ui::fill(ui::kChoiceNoLongerApplies, {v});
        return;
      }
  }
  if (s.def.type() == proto::COMMITMENT && s.def.required() && !in.value.truthy()) {
    in.error = ui::kPledgeRequired;
    return;
  }
  if (s.constraint) {
    ++evaluations_;
    SessionEnv env(*this, s.group, row, &in.value);
    if (!s.constraint->eval(env).truthy())
      in.error = s.def.constraint_message().empty() ? ui::kConstraintFailed : s.def.constraint_message();
  }
}

void FormSession::evaluate_all() {
  // Relevance and calculations in dependency order, then validation of everything.
  const auto& slots = form_->slots();
  auto each_instance = [&](std::uint32_t i, auto&& fn) {
    if (slots[i].group == kNoGroup) fn(kTop);
    else
      for (std::size_t r = 0; r < rows_[slots[i].group].size(); ++r) fn(r);
  };
  bool changed;
  for (std::uint32_t i = 0; i < slots.size(); ++i)
    if (slots[i].relevant) each_instance(i, [&](std::size_t r) {
      SessionEnv env(*this, slots[i].group, r, nullptr);
      ++evaluations_;
      at(i, r).relevant = slots[i].relevant->eval(env).truthy();
    });
  // Conditional prefills (their conditions read answers), then calculations in order.
  for (std::uint32_t i = 0; i < slots.size(); ++i)
    if (slots[i].prefill_when) refresh(i, kTop, &changed);
  for (std::uint32_t i : form_->calculation_order()) each_instance(i, [&](std::size_t r) { refresh(i, r, &changed); });
  // Relevance may depend on calculated values: once more, now that they are known.
  for (std::uint32_t i = 0; i < slots.size(); ++i) each_instance(i, [&](std::size_t r) { refresh(i, r, &changed); });
}

// After (slot,row) changed: look again at everything that depends on it, and at what depends on
// any calculated value that changed as a result. Row fields only affect their own row, except
// through their group (aggregates), which affects what reads the group.
void FormSession::propagate(std::uint32_t slot, std::size_t row) {
  const auto& slots = form_->slots();
  std::deque<std::pair<std::uint32_t, std::size_t>> queue;
  auto enqueue_dependents = [&](std::uint32_t changed, std::size_t changed_row) {
    const Slot& c = slots[changed];
    for (std::uint32_t d : form_->dependents(changed)) {
      const Slot& ds = slots[d];
      if (ds.group == kNoGroup) queue.emplace_back(d, kTop);
      else if (c.group == ds.group && changed_row != kTop) queue.emplace_back(d, changed_row);
      else
        for (std::size_t r = 0; r < rows_[ds.group].size(); ++r) queue.emplace_back(d, r);
    }
    if (c.group != kNoGroup) {
      // The group as a whole changed (count, sum, …).
      for (std::uint32_t d : form_->dependents(c.group)) {
        const Slot& ds = slots[d];
        if (ds.group == kNoGroup) queue.emplace_back(d, kTop);
        else
          for (std::size_t r = 0; r < rows_[ds.group].size(); ++r) queue.emplace_back(d, r);
      }
    }
  };
  enqueue_dependents(slot, row);
  // Bounded: each instance can be re-queued only when a calculation changes, and calculations
  // form no cycles (checked when compiling), so this ends; the guard is for safety.
  std::size_t guard = 0;
  const std::size_t limit = 64 * (slots.size() + 1) * (kMaxRowsLimit + 1);
  while (!queue.empty() && ++guard < limit) {
    auto [s, r] = queue.front();
    queue.pop_front();
    bool changed = false;
    refresh(s, r, &changed);
    if (changed) enqueue_dependents(s, r);
  }
}

}  // namespace tb::form
