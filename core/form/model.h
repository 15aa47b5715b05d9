#pragma once
// A form definition compiled for filling: every field gets a slot, every expression is parsed and
// type-checked against the form's fields, and the dependency graph (which slots must be looked at
// again when one changes) is built once. Compilation errors name the field and the expression, so
// the build tool can turn them into file:line messages.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "form/expr.h"
#include "proto/form.pb.h"

namespace tb::form {

inline constexpr std::uint32_t kNoGroup = 0xFFFFFFFFu;
inline constexpr std::size_t kMaxRowsLimit = 500;  // whatever a form says, no group grows beyond this

struct Slot {
  proto::FormField def;       // the field as authored (for groups: without its row fields)
  std::string id;             // "name", or "group.name" for a row field
  Type type = Type::Text;
  std::uint32_t page = 0;
  std::uint32_t group = kNoGroup;   // for row fields: the group's slot
  std::vector<std::uint32_t> children;  // for groups: the row fields' slots, in order
  std::uint32_t index_in_group = 0;     // for row fields: position in the row
  std::optional<Expr> relevant, constraint, calculate;
  std::optional<Expr> prefill_when;  // prefill only while true (and the person has not typed here)
  std::vector<std::optional<Expr>> choice_filters;  // one per choice (empty optional: always offered)
};

// A dependency: when a slot changes, `slot` must be looked at again.
struct Dependent {
  std::uint32_t slot;
};

struct FormError {
  std::string field;   // field id ("members.age"), empty for the form itself
  std::string where;   // "relevant", "constraint", "calculate", "choice 'x' filter", "fields", …
  std::string message;
};

class CompiledForm {
 public:
  static std::optional<CompiledForm> compile(const proto::FormDef& def, std::vector<FormError>* errors);

  const proto::FormDef& def() const { return def_; }
  const std::vector<Slot>& slots() const { return slots_; }
  std::optional<std::uint32_t> slot_of(const std::string& id) const;
  const std::vector<std::uint32_t>& page_slots(std::uint32_t page) const { return page_slots_[page]; }  // top-level
  std::size_t pages() const { return page_slots_.size(); }
  const std::vector<std::uint32_t>& dependents(std::uint32_t slot) const { return dependents_[slot]; }
  const std::vector<std::optional<Expr>>& page_relevance() const { return page_relevant_; }
  // Slots with a calculation, in an order where each comes after what it reads.
  const std::vector<std::uint32_t>& calculation_order() const { return calc_order_; }

 private:
  proto::FormDef def_;
  std::vector<Slot> slots_;
  std::map<std::string, std::uint32_t> by_id_;
  std::vector<std::vector<std::uint32_t>> page_slots_;
  std::vector<std::vector<std::uint32_t>> dependents_;
  std::vector<std::optional<Expr>> page_relevant_;
  std::vector<std::uint32_t> calc_order_;
};

Type value_type(proto::FieldType t);

}  // namespace tb::form
