#pragma once
// The expression language's type rules (docs/EXPRESSIONS.md): which operand types each operator
// and function takes and what it gives. The parser (expr_parser.cpp) asks them as it builds each
// node, so the first problem in the source is the one reported. Private to the expression files.
#include <string>
#include <string_view>
#include <vector>

#include "form/expr.h"
#include "form/expr_tree.h"

namespace tb::form {

// What one operation gives, or what is wrong with it.
struct Typed {
  Type type = Type::Any;
  std::string error;  // empty: well typed
  int argument = -1;  // for a call: the argument the error is about (-1: the call itself)
  bool ok() const { return error.empty(); }
};

// Types that combine: Any (unknown) goes with anything; a date also goes with text, so a date can
// be compared with a literal like '2020-01-01' (dates are YYYY-MM-DD text).
bool compatible(Type a, Type b);

Typed type_not(Type operand);
Typed type_negation(Type operand);
Typed type_logical(Type left, Type right);             // and, or
Typed type_sum(bool plus, Type left, Type right);      // + (numbers, or text joined), -
Typed type_product(Type left, Type right);             // *, /
Typed type_comparison(const char* op, bool equality, Type left, Type right);
Typed type_aggregate(const std::string& function, Type field);  // sum(), min(), max() of a row field

// The functions an expression may call (besides the aggregates over repeat groups).
struct Signature {
  const char* name;
  Op op;
  std::vector<Type> params;
  Type result;
};
const Signature* find_function(std::string_view name);
Typed type_call(const Signature& function, const std::vector<Type>& arguments);

}  // namespace tb::form
