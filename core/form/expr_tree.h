#pragma once
// The compiled form of an expression (form/expr.h): a typed tree over resolved field slots, made by
// the parser (expr_parser.h), checked by the type rules (expr_types.h), walked by the evaluator
// (expr_eval.cpp). Private to the expression files.
#include <cstdint>
#include <memory>
#include <vector>

#include "form/expr.h"

namespace tb::form {

enum class Op : std::uint8_t {
  Literal, Ref, RowRef, Self, Neg, Not, And, Or, Add, Sub, Mul, Div, Eq, Ne, Lt, Le, Gt, Ge,
  If, Count, Sum, Min, Max, Len, Selected, CountSelected, Age, Today, Contains, Filled, Empty, Round, InBundle,
};

struct Node {
  Op op;
  Type type;
  Value literal;
  std::uint32_t slot = 0, group = 0;
  bool in_group = false;
  std::vector<std::unique_ptr<Node>> kids;
};

}  // namespace tb::form
