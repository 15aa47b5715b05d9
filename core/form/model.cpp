#include "form/model.h"

#include <algorithm>
#include <functional>
#include <set>

namespace tb::form {

Type value_type(proto::FieldType t) {
  switch (t) {
    case proto::NUMBER:
    case proto::MONEY: return Type::Number;
    case proto::DATE: return Type::Date;
    case proto::YES_NO:
    case proto::COMMITMENT: return Type::Bool;
    case proto::MULTI_CHOICE: return Type::Choices;
    case proto::GROUP: return Type::Group;
    default: return Type::Text;
  }
}

std::optional<std::uint32_t> CompiledForm::slot_of(const std::string& id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::optional<CompiledForm> CompiledForm::compile(const proto::FormDef& def, std::vector<FormError>* errors) {
  CompiledForm f;
  f.def_ = def;
  std::vector<FormError> local;
  std::vector<FormError>& errs = errors ? *errors : local;
  const std::size_t errors_before = errs.size();
  auto error = [&](const std::string& field, const std::string& where, const std::string& message) {
    errs.push_back({field, where, message});
  };

  // 1. Slots: top-level fields page by page; a group's row fields right after the group.
  f.page_slots_.resize(def.pages_size());
  for (int p = 0; p < def.pages_size(); ++p) {
    for (const auto& field : def.pages(p).fields()) {
      if (field.id().empty()) {
        error("", "fields", "a field on page " + std::to_string(p + 1) + " has no id");
        continue;
      }
      if (f.by_id_.count(field.id())) {
        error(field.id(), "id", "field id '" + field.id() + "' is used twice");
        continue;
      }
      const auto top = static_cast<std::uint32_t>(f.slots_.size());
      Slot s;
      s.def = field;
      s.def.clear_fields();
      s.id = field.id();
      s.type = value_type(field.type());
      s.page = static_cast<std::uint32_t>(p);
      f.slots_.push_back(std::move(s));
      f.by_id_[field.id()] = top;
      f.page_slots_[p].push_back(top);
      if (field.type() == proto::GROUP) {
        if (field.fields_size() == 0) error(field.id(), "fields", "repeat group '" + field.id() + "' has no fields");
        if (field.max_rows() > kMaxRowsLimit)
          error(field.id(), "max_rows", "max_rows is above the limit of " + std::to_string(kMaxRowsLimit));
        if (field.max_rows() && field.min_rows() > field.max_rows()) error(field.id(), "min_rows", "min_rows is above max_rows");
        for (const auto& sub : field.fields()) {
          if (sub.type() == proto::GROUP) {
            error(field.id() + "." + sub.id(), "type", "repeat groups cannot be nested");
            continue;
          }
          const std::string id = field.id() + "." + sub.id();
          if (sub.id().empty() || f.by_id_.count(id)) {
            error(id, "id", "row field id missing or used twice");
            continue;
          }
          const auto slot = static_cast<std::uint32_t>(f.slots_.size());
          Slot r;
          r.def = sub;
          r.id = id;
          r.type = value_type(sub.type());
          r.page = static_cast<std::uint32_t>(p);
          r.group = top;
          r.index_in_group = static_cast<std::uint32_t>(f.slots_[top].children.size());
          f.slots_[top].children.push_back(slot);
          f.slots_.push_back(std::move(r));
          f.by_id_[id] = slot;
        }
      }
    }
  }
  for (const auto& s : f.slots_)
    if (s.group != kNoGroup && f.by_id_.count(s.def.id()) && f.slots_[f.by_id_[s.def.id()]].group == kNoGroup)
      error(s.id, "id", "row field '" + s.def.id() + "' has the same id as a field outside the group");

  // 2. Expressions, resolved against the form: inside a row, sibling fields first.
  auto resolver_for = [&](const Slot& owner) -> Resolver {
    return [&f, &owner](std::string_view name) -> std::optional<Symbol> {
      const std::string n(name);
      if (owner.group != kNoGroup) {
        auto it = f.by_id_.find(f.slots_[owner.group].id + "." + n);
        if (it != f.by_id_.end()) return Symbol{it->second, f.slots_[it->second].type, true, owner.group};
      }
      auto it = f.by_id_.find(n);
      if (it == f.by_id_.end()) return std::nullopt;
      const Slot& s = f.slots_[it->second];
      return Symbol{it->second, s.type, s.group != kNoGroup, s.group == kNoGroup ? it->second : s.group};
    };
  };
  auto compile_one = [&](const Slot& owner, const std::string& source, Type expected, Type self, const std::string& where)
      -> std::optional<Expr> {
    if (source.empty()) return std::nullopt;
    CompileError ce;
    auto e = form::compile(source, expected, resolver_for(owner), self, &ce);
    if (!e) error(owner.id, where, ce.message + " (at character " + std::to_string(ce.offset + 1) + " of '" + source + "')");
    return e;
  };
  for (auto& s : f.slots_) {
    const Type field_type = s.type == Type::Group ? Type::Any : s.type;
    s.relevant = compile_one(s, s.def.relevant(), Type::Bool, Type::Any, "relevant");
    s.constraint = compile_one(s, s.def.constraint(), Type::Bool, field_type, "constraint");
    s.calculate = compile_one(s, s.def.calculate(), field_type == Type::Choices ? Type::Any : field_type, Type::Any, "calculate");
    s.prefill_when = compile_one(s, s.def.prefill_when(), Type::Bool, Type::Any, "prefill_when");
    if (!s.def.prefill_when().empty() && (s.def.prefill().empty() || s.calculate || s.group != kNoGroup))
      error(s.id, "prefill_when", "prefill_when needs a prefill, on a field that is typed and not in a repeat group");
    for (const auto& c : s.def.choices())
      s.choice_filters.push_back(compile_one(s, c.filter(), Type::Bool, Type::Any, "choice '" + c.value() + "' filter"));
    const bool choices = s.def.type() == proto::SINGLE_CHOICE || s.def.type() == proto::MULTI_CHOICE;
    if (choices && s.def.choices_size() == 0) error(s.id, "choices", "a choice field needs choices");
    if (s.def.type() == proto::COMMITMENT && s.def.commitment_text().empty())
      error(s.id, "commitment_text", "a commitment needs the text the person confirms");
  }
  f.page_relevant_.resize(def.pages_size());
  for (int p = 0; p < def.pages_size(); ++p) {
    if (def.pages(p).relevant().empty()) continue;
    Slot page_owner;
    page_owner.id = "page " + def.pages(p).id();
    f.page_relevant_[p] = compile_one(page_owner, def.pages(p).relevant(), Type::Bool, Type::Any, "relevant");
  }

  // 3. Dependencies: slot read → slots whose expressions read it. A group's slot also stands for
  //    "any row changed" (aggregates read it).
  f.dependents_.assign(f.slots_.size(), {});
  for (std::uint32_t i = 0; i < f.slots_.size(); ++i) {
    const Slot& s = f.slots_[i];
    std::set<std::uint32_t> reads;
    for (const auto* e : {&s.relevant, &s.constraint, &s.calculate, &s.prefill_when})
      if (*e) reads.insert((*e)->reads().begin(), (*e)->reads().end());
    for (const auto& e : s.choice_filters)
      if (e) reads.insert(e->reads().begin(), e->reads().end());
    for (std::uint32_t r : reads)
      if (r != i) f.dependents_[r].push_back(i);
  }
  // 4. Calculation order (topological), rejecting cycles: a calculation may not depend on itself.
  std::vector<int> state(f.slots_.size(), 0);
  std::function<bool(std::uint32_t)> visit = [&](std::uint32_t i) {
    if (state[i] == 2) return true;
    if (state[i] == 1) {
      error(f.slots_[i].id, "calculate", "calculations depend on each other in a circle through '" + f.slots_[i].id + "'");
      return false;
    }
    state[i] = 1;
    if (f.slots_[i].calculate)
      for (std::uint32_t r : f.slots_[i].calculate->reads()) {
        // A group slot stands for its rows: what the group's row fields calculate comes first.
        if (f.slots_[r].type == Type::Group) {
          for (std::uint32_t c : f.slots_[r].children)
            if (f.slots_[c].calculate && !visit(c)) return false;
        } else if (f.slots_[r].calculate && !visit(r)) {
          return false;
        }
      }
    state[i] = 2;
    if (f.slots_[i].calculate) f.calc_order_.push_back(i);
    return true;
  };
  for (std::uint32_t i = 0; i < f.slots_.size(); ++i)
    if (!visit(i)) break;
  if (errs.size() != errors_before) return std::nullopt;
  return f;
}

}  // namespace tb::form
