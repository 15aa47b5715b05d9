#include "form/expr.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "form/expr_tree.h"
#include "text/civil_date.h"
#include "text/utf8.h"

// Evaluating a compiled expression: a tree walk over already-resolved, already-typed nodes, reading
// values through the Env the caller hands in. An empty operand gives an empty result, never an error.
namespace tb::form {

namespace {

// "YYYY-MM-DD" → YYYYMMDD, or 0.
int date_number(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return 0;
  const int y = std::atoi(s.substr(0, 4).c_str()), m = std::atoi(s.substr(5, 2).c_str()), d = std::atoi(s.substr(8, 2).c_str());
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > text::days_in_month(y, m)) return 0;
  return y * 10000 + m * 100 + d;
}

Value eval_node(const Node& n, const Env& env, std::size_t row_group_hint);

double num(const Value& v) { return v.kind == Value::Kind::Number ? v.n : 0; }

Value aggregate(const Node& n, const Env& env) {
  const std::size_t rows = env.rows(n.group);
  if (n.op == Op::Count) return Value::number(static_cast<double>(rows));
  bool any = false;
  double acc = n.op == Op::Sum ? 0 : 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const Value& v = env.row_value(n.group, r, n.slot);
    if (v.kind != Value::Kind::Number) continue;
    if (!any) acc = n.op == Op::Sum ? v.n : v.n;
    else if (n.op == Op::Sum) acc += v.n;
    else if (n.op == Op::Min) acc = std::min(acc, v.n);
    else acc = std::max(acc, v.n);
    any = true;
  }
  if (!any) return n.op == Op::Sum ? Value::number(0) : Value::empty();
  return Value::number(acc);
}

Value eval_node(const Node& n, const Env& env, std::size_t) {
  auto kid = [&](std::size_t i) { return eval_node(*n.kids[i], env, 0); };
  switch (n.op) {
    case Op::Literal: return n.literal;
    case Op::Ref: return env.get(n.slot, false);
    case Op::RowRef: return env.get(n.slot, true);
    case Op::Self: return env.self();
    case Op::Neg: {
      const Value a = kid(0);
      return a.kind == Value::Kind::Number ? Value::number(-a.n) : Value::empty();
    }
    case Op::Not: return Value::boolean(!kid(0).truthy());
    case Op::And: return Value::boolean(kid(0).truthy() && kid(1).truthy());
    case Op::Or: return Value::boolean(kid(0).truthy() || kid(1).truthy());
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div: {
      const Value a = kid(0), b = kid(1);
      if (n.type == Type::Text) {
        auto str = [](const Value& v) {
          if (v.kind == Value::Kind::Number) {
            std::string s = std::to_string(v.n);
            s.erase(s.find_last_not_of('0') + 1);
            if (!s.empty() && s.back() == '.') s.pop_back();
            return s;
          }
          return v.kind == Value::Kind::Text ? v.s : std::string();
        };
        return Value::text(str(a) + str(b));
      }
      if (a.kind != Value::Kind::Number || b.kind != Value::Kind::Number) return Value::empty();
      switch (n.op) {
        case Op::Add: return Value::number(a.n + b.n);
        case Op::Sub: return Value::number(a.n - b.n);
        case Op::Mul: return Value::number(a.n * b.n);
        default: return b.n == 0 ? Value::empty() : Value::number(a.n / b.n);
      }
    }
    case Op::Eq: return Value::boolean(kid(0) == kid(1));
    case Op::Ne: return Value::boolean(kid(0) != kid(1));
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: {
      const Value a = kid(0), b = kid(1);
      if (a.is_empty() || b.is_empty() || a.kind != b.kind) return Value::boolean(false);
      int c;
      if (a.kind == Value::Kind::Number) c = a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
      else if (a.kind == Value::Kind::Text) c = a.s.compare(b.s) < 0 ? -1 : a.s == b.s ? 0 : 1;
      else return Value::boolean(false);
      switch (n.op) {
        case Op::Lt: return Value::boolean(c < 0);
        case Op::Le: return Value::boolean(c <= 0);
        case Op::Gt: return Value::boolean(c > 0);
        default: return Value::boolean(c >= 0);
      }
    }
    case Op::If: return kid(0).truthy() ? kid(1) : kid(2);
    case Op::Count:
    case Op::Sum:
    case Op::Min:
    case Op::Max: return aggregate(n, env);
    case Op::Len: {
      const Value a = kid(0);
      return Value::number(a.kind == Value::Kind::Text ? static_cast<double>(text::count_code_points(a.s)) : 0);
    }
    case Op::Selected: {
      const Value a = kid(0), b = kid(1);
      if (a.kind == Value::Kind::List) return Value::boolean(std::find(a.list.begin(), a.list.end(), b.s) != a.list.end());
      return Value::boolean(a.kind == Value::Kind::Text && a.s == b.s);
    }
    case Op::CountSelected: {
      const Value a = kid(0);
      return Value::number(a.kind == Value::Kind::List ? static_cast<double>(a.list.size()) : 0);
    }
    case Op::Age: {
      const Value a = kid(0);
      const int born = a.kind == Value::Kind::Text ? date_number(a.s) : 0;
      const int today = env.today();
      if (!born || !today || born > today) return Value::empty();
      // Full years: birthdays not yet reached this year do not count.
      return Value::number(static_cast<double>((today - born) / 10000));
    }
    case Op::InBundle: return Value::boolean(env.in_bundle());
    case Op::Today: {
      const int t = env.today();
      if (!t) return Value::empty();
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t / 10000, t / 100 % 100, t % 100);
      return Value::text(buf);
    }
    case Op::Contains: {
      const Value a = kid(0), b = kid(1);
      return Value::boolean(a.kind == Value::Kind::Text && b.kind == Value::Kind::Text && a.s.find(b.s) != std::string::npos);
    }
    case Op::Filled: return Value::boolean(!kid(0).is_empty());
    case Op::Empty: return Value::boolean(kid(0).is_empty());
    case Op::Round: {
      const Value a = kid(0), b = kid(1);
      if (a.kind != Value::Kind::Number) return Value::empty();
      const double p = std::pow(10.0, std::clamp(num(b), 0.0, 8.0));
      return Value::number(std::round(a.n * p) / p);
    }
  }
  return Value::empty();
}

}  // namespace

Value Expr::eval(const Env& env) const { return root_ ? eval_node(*root_, env, 0) : Value::empty(); }

}  // namespace tb::form
