#pragma once
// The form expression language (docs/EXPRESSIONS.md): relevance ("show when"), constraints and
// calculations. Small and safe by construction: no loops, no assignment, no recursion, bounded
// length and depth; aggregates only over repeat groups, whose rows are bounded by the form.
// Expressions are type-checked when compiled (at `guide build` time, with file:line errors, and
// again on the device) and then evaluated by a tree walk over already-resolved field slots.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tb::form {

enum class Type : std::uint8_t { Bool, Number, Text, Date, Choices, Group, Any };
const char* type_name(Type t);

// A value during evaluation. Dates are text "YYYY-MM-DD"; multi-choice answers are lists.
struct Value {
  enum class Kind : std::uint8_t { Empty, Bool, Number, Text, List } kind = Kind::Empty;
  bool b = false;
  double n = 0;
  std::string s;
  std::vector<std::string> list;

  static Value empty() { return {}; }
  static Value boolean(bool v) { Value x; x.kind = Kind::Bool; x.b = v; return x; }
  static Value number(double v) { Value x; x.kind = Kind::Number; x.n = v; return x; }
  static Value text(std::string v) { Value x; x.kind = Kind::Text; x.s = std::move(v); return x; }
  static Value choices(std::vector<std::string> v) { Value x; x.kind = Kind::List; x.list = std::move(v); return x; }
  bool is_empty() const;
  bool truthy() const;  // Bool true; non-empty anything else
  bool operator==(const Value& o) const;
  bool operator!=(const Value& o) const { return !(*this == o); }
};

// What a name in an expression refers to, as decided by the form that compiles it.
struct Symbol {
  std::uint32_t slot;  // field slot in the form
  Type type;
  bool in_group;       // a field of a repeat group's row
  std::uint32_t group; // the group's slot (for row fields and group names)
};
using Resolver = std::function<std::optional<Symbol>(std::string_view name)>;

// How the evaluator reads values: a top-level slot, a slot in the current row, or all rows of a
// group (for aggregates), plus today's date for age() and whether the form is part of a 一件事.
class Env {
 public:
  virtual ~Env() = default;
  virtual const Value& get(std::uint32_t slot, bool in_group) const = 0;
  virtual std::size_t rows(std::uint32_t group) const = 0;
  virtual const Value& row_value(std::uint32_t group, std::size_t row, std::uint32_t slot) const = 0;
  virtual const Value& self() const = 0;  // "." in a constraint: the value being checked
  virtual int today() const = 0;          // YYYYMMDD
  // in_bundle(): the form is being filled as part of a 一件事 (merged with other departments' forms).
  virtual bool in_bundle() const { return false; }
};

struct Node;
struct CompileError;
class Expr;
std::optional<Expr> compile(std::string_view source, Type expected, const Resolver& resolve, Type self_type,
                            CompileError* error);

class Expr {
 public:
  Expr() = default;
  Expr(Expr&&) noexcept;
  Expr& operator=(Expr&&) noexcept;
  ~Expr();
  bool valid() const { return root_ != nullptr; }
  Type type() const { return type_; }
  Value eval(const Env& env) const;
  // Slots read (directly, or all rows of a group for aggregates): what must trigger re-evaluation.
  const std::vector<std::uint32_t>& reads() const { return reads_; }
  bool reads_self() const { return reads_self_; }
  const std::string& source() const { return source_; }

 private:
  friend std::optional<Expr> compile(std::string_view, Type, const Resolver&, Type, CompileError*);
  std::unique_ptr<Node> root_;
  Type type_ = Type::Any;
  std::vector<std::uint32_t> reads_;
  bool reads_self_ = false;
  std::string source_;
};

struct CompileError {
  std::size_t offset = 0;  // byte offset in the source
  std::string message;     // what is wrong, in words an author understands
};

// Renames field names in an expression's source (keeps strings, functions and keywords), e.g. when
// several departments' forms are merged into one and their ids get a prefix. Names not in `names`
// stay as they are; for "group.field" only the group part is looked up.
std::string rename_fields(std::string_view source, const std::function<std::string(const std::string&)>& rename);

// Compiles `source` expecting `expected` (Type::Any: whatever it is). `self_type`: the type of
// "." (the field a constraint belongs to); Type::Any when "." is not allowed.
std::optional<Expr> compile(std::string_view source, Type expected, const Resolver& resolve, Type self_type,
                            CompileError* error);

}  // namespace tb::form
