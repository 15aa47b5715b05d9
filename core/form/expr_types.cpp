#include "form/expr_types.h"

namespace tb::form {
namespace {

Typed problem(std::string message, int argument = -1) {
  Typed t;
  t.error = std::move(message);
  t.argument = argument;
  return t;
}

Typed typed(Type type) {
  Typed t;
  t.type = type;
  return t;
}

// Both operands must be of `operand`'s type; the result is `result`.
Typed binary(Type result, Type operand, Type a, Type b) {
  if (!compatible(a, operand) || !compatible(b, operand))
    return problem(std::string("this operator needs ") + type_name(operand) + " values, got " + type_name(a) + " and " +
                   type_name(b));
  return typed(result);
}

}  // namespace

bool compatible(Type a, Type b) {
  return a == b || a == Type::Any || b == Type::Any || (a == Type::Date && b == Type::Text) ||
         (a == Type::Text && b == Type::Date);
}

Typed type_not(Type x) {
  if (!compatible(x, Type::Bool)) return problem("'not' needs a yes/no value, got " + std::string(type_name(x)));
  return typed(Type::Bool);
}

Typed type_negation(Type x) {
  if (!compatible(x, Type::Number)) return problem("'-' needs a number");
  return typed(Type::Number);
}

Typed type_logical(Type left, Type right) { return binary(Type::Bool, Type::Bool, left, right); }

Typed type_sum(bool plus, Type left, Type right) {
  // "+" also joins text.
  if (plus && (left == Type::Text || right == Type::Text)) return binary(Type::Text, Type::Text, left, right);
  return binary(Type::Number, Type::Number, left, right);
}

Typed type_product(Type left, Type right) { return binary(Type::Number, Type::Number, left, right); }

Typed type_comparison(const char* op, bool equality, Type left, Type right) {
  if (!compatible(left, right))
    return problem(std::string("cannot compare ") + type_name(left) + " with " + type_name(right));
  if (!equality && !(left == Type::Number || left == Type::Date || left == Type::Text || left == Type::Any))
    return problem(std::string("'") + op + "' needs numbers, dates or text");
  return typed(Type::Bool);
}

Typed type_aggregate(const std::string& function, Type field) {
  if (field != Type::Number) return problem(function + "() needs a number field");
  return typed(Type::Number);
}

const Signature* find_function(std::string_view name) {
  static const Signature kFunctions[] = {
      {"if", Op::If, {Type::Bool, Type::Any, Type::Any}, Type::Any},
      {"len", Op::Len, {Type::Text}, Type::Number},
      {"selected", Op::Selected, {Type::Any, Type::Text}, Type::Bool},
      {"count_selected", Op::CountSelected, {Type::Choices}, Type::Number},
      {"age", Op::Age, {Type::Date}, Type::Number},
      {"today", Op::Today, {}, Type::Date},
      {"in_bundle", Op::InBundle, {}, Type::Bool},
      {"contains", Op::Contains, {Type::Text, Type::Text}, Type::Bool},
      {"filled", Op::Filled, {Type::Any}, Type::Bool},
      {"empty", Op::Empty, {Type::Any}, Type::Bool},
      {"round", Op::Round, {Type::Number, Type::Number}, Type::Number},
  };
  for (const auto& f : kFunctions)
    if (name == f.name) return &f;
  return nullptr;
}

Typed type_call(const Signature& f, const std::vector<Type>& args) {
  const std::string fn = f.name;
  if (args.size() != f.params.size())
    return problem(fn + "() takes " + std::to_string(f.params.size()) + " argument" + (f.params.size() == 1 ? "" : "s"));
  for (std::size_t i = 0; i < args.size(); ++i)
    if (!compatible(args[i], f.params[i]) && !(f.params[i] == Type::Text && args[i] == Type::Date))
      return problem(fn + "(): argument " + std::to_string(i + 1) + " should be " + type_name(f.params[i]) + ", got " +
                         type_name(args[i]),
                     static_cast<int>(i));
  if (f.op == Op::If) {
    if (!compatible(args[1], args[2])) return problem("if(): both branches must have the same type", 2);
    return typed(args[1] == Type::Any ? args[2] : args[1]);
  }
  return typed(f.result);
}

}  // namespace tb::form
