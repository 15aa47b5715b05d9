#include "form/expr.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "text/utf8.h"

namespace tb::form {

const char* type_name(Type t) {
  switch (t) {
    case Type::Bool: return "yes/no";
    case Type::Number: return "number";
    case Type::Text: return "text";
    case Type::Date: return "date";
    case Type::Choices: return "choices";
    case Type::Group: return "repeat group";
    case Type::Any: return "any";
  }
  return "";
}

bool Value::is_empty() const {
  switch (kind) {
    case Kind::Empty: return true;
    case Kind::Text: return s.empty();
    case Kind::List: return list.empty();
    default: return false;
  }
}

bool Value::truthy() const { return kind == Kind::Bool ? b : !is_empty(); }

bool Value::operator==(const Value& o) const {
  if (is_empty() || o.is_empty()) return is_empty() && o.is_empty();
  if (kind != o.kind) return false;
  switch (kind) {
    case Kind::Bool: return b == o.b;
    case Kind::Number: return n == o.n;
    case Kind::Text: return s == o.s;
    case Kind::List: return list == o.list;
    default: return true;
  }
}

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

Expr::Expr(Expr&&) noexcept = default;
Expr& Expr::operator=(Expr&&) noexcept = default;
Expr::~Expr() = default;

// ------------------------------------------------------------------------------------------------
// Parsing and type checking in one pass (recursive descent, bounded depth).
namespace {
constexpr std::size_t kMaxSource = 2000;
constexpr int kMaxDepth = 48;

struct Token {
  enum Kind { End, Number, String, Name, Punct } kind = End;
  std::string text;
  double number = 0;
  std::size_t offset = 0;
};

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
}  // namespace

struct Compiler {
  std::string_view src;
  std::size_t pos = 0;
  Token tok;
  const Resolver& resolve;
  Type self_type;
  CompileError* error;
  bool failed = false;
  int depth = 0;
  std::vector<std::uint32_t> reads;
  bool reads_self = false;

  Compiler(std::string_view s, const Resolver& r, Type self, CompileError* e)
      : src(s), resolve(r), self_type(self), error(e) {}

  void fail(std::size_t at, std::string message) {
    if (failed) return;
    failed = true;
    if (error) *error = {at, std::move(message)};
  }

  void next() {
    while (pos < src.size() && (src[pos] == ' ' || src[pos] == '\t' || src[pos] == '\n' || src[pos] == '\r')) ++pos;
    tok = Token{};
    tok.offset = pos;
    if (pos >= src.size()) return;
    const char c = src[pos];
    if (c >= '0' && c <= '9') {
      std::size_t end = pos;
      while (end < src.size() && ((src[end] >= '0' && src[end] <= '9') || src[end] == '.')) ++end;
      tok.kind = Token::Number;
      tok.text = std::string(src.substr(pos, end - pos));
      char* stop = nullptr;
      tok.number = std::strtod(tok.text.c_str(), &stop);
      if (!stop || *stop) fail(pos, "'" + tok.text + "' is not a number");
      pos = end;
      return;
    }
    if (c == '\'' || c == '"') {
      const std::size_t end = src.find(c, pos + 1);
      if (end == std::string_view::npos) {
        fail(pos, "text starting here has no closing quote");
        pos = src.size();
        return;
      }
      tok.kind = Token::String;
      tok.text = std::string(src.substr(pos + 1, end - pos - 1));
      pos = end + 1;
      return;
    }
    if (is_name_start(c)) {
      std::size_t end = pos;
      while (end < src.size() && is_name_char(src[end])) ++end;
      tok.kind = Token::Name;
      tok.text = std::string(src.substr(pos, end - pos));
      pos = end;
      return;
    }
    static const char* two[] = {"!=", "<=", ">=", "=="};
    for (const char* t : two)
      if (src.substr(pos, 2) == t) {
        tok.kind = Token::Punct;
        tok.text = t;
        pos += 2;
        return;
      }
    if (std::string_view("+-*/=<>().,").find(c) != std::string_view::npos) {
      tok.kind = Token::Punct;
      tok.text = std::string(1, c);
      ++pos;
      return;
    }
    fail(pos, std::string("unexpected character '") + c + "'");
    pos = src.size();
  }

  bool is(const char* punct) const { return tok.kind == Token::Punct && tok.text == punct; }
  bool is_word(const char* w) const { return tok.kind == Token::Name && tok.text == w; }
  bool expect(const char* punct) {
    if (!is(punct)) {
      fail(tok.offset, std::string("expected '") + punct + "' here");
      return false;
    }
    next();
    return true;
  }

  std::unique_ptr<Node> make(Op op, Type type) {
    auto n = std::make_unique<Node>();
    n->op = op;
    n->type = type;
    return n;
  }

  // Types that combine: Any (unknown) goes with anything; a date also goes with text, so a date
  // can be compared with a literal like '2020-01-01' (dates are YYYY-MM-DD text).
  static bool same(Type a, Type b) {
    return a == b || a == Type::Any || b == Type::Any || (a == Type::Date && b == Type::Text) ||
           (a == Type::Text && b == Type::Date);
  }

  std::unique_ptr<Node> parse_or() {
    if (++depth > kMaxDepth) {
      fail(tok.offset, "expression is nested too deeply");
      return nullptr;
    }
    auto left = parse_and();
    while (!failed && is_word("or")) {
      const std::size_t at = tok.offset;
      next();
      auto right = parse_and();
      if (failed) break;
      left = binary(Op::Or, Type::Bool, std::move(left), std::move(right), at, Type::Bool);
    }
    --depth;
    return left;
  }
  std::unique_ptr<Node> parse_and() {
    auto left = parse_not();
    while (!failed && is_word("and")) {
      const std::size_t at = tok.offset;
      next();
      auto right = parse_not();
      if (failed) break;
      left = binary(Op::And, Type::Bool, std::move(left), std::move(right), at, Type::Bool);
    }
    return left;
  }
  std::unique_ptr<Node> parse_not() {
    if (is_word("not")) {
      const std::size_t at = tok.offset;
      next();
      auto x = parse_not();
      if (failed) return nullptr;
      if (!same(x->type, Type::Bool)) fail(at, "'not' needs a yes/no value, got " + std::string(type_name(x->type)));
      auto n = make(Op::Not, Type::Bool);
      n->kids.push_back(std::move(x));
      return n;
    }
    return parse_cmp();
  }
  std::unique_ptr<Node> parse_cmp() {
    auto left = parse_sum();
    if (failed) return nullptr;
    struct { const char* p; Op op; } ops[] = {{"=", Op::Eq}, {"==", Op::Eq}, {"!=", Op::Ne}, {"<", Op::Lt},
                                              {"<=", Op::Le}, {">", Op::Gt}, {">=", Op::Ge}};
    for (const auto& o : ops) {
      if (!is(o.p)) continue;
      const std::size_t at = tok.offset;
      next();
      auto right = parse_sum();
      if (failed) return nullptr;
      if (!same(left->type, right->type))
        fail(at, std::string("cannot compare ") + type_name(left->type) + " with " + type_name(right->type));
      if ((o.op != Op::Eq && o.op != Op::Ne) &&
          !(left->type == Type::Number || left->type == Type::Date || left->type == Type::Text || left->type == Type::Any))
        fail(at, std::string("'") + o.p + "' needs numbers, dates or text");
      auto n = make(o.op, Type::Bool);
      n->kids.push_back(std::move(left));
      n->kids.push_back(std::move(right));
      return n;
    }
    return left;
  }
  std::unique_ptr<Node> binary(Op op, Type result, std::unique_ptr<Node> a, std::unique_ptr<Node> b, std::size_t at,
                               Type operand) {
    if (!same(a->type, operand) || !same(b->type, operand))
      fail(at, std::string("this operator needs ") + type_name(operand) + " values, got " + type_name(a->type) + " and " +
                   type_name(b->type));
    auto n = make(op, result);
    n->kids.push_back(std::move(a));
    n->kids.push_back(std::move(b));
    return n;
  }
  std::unique_ptr<Node> parse_sum() {
    auto left = parse_prod();
    while (!failed && (is("+") || is("-"))) {
      const bool plus = is("+");
      const std::size_t at = tok.offset;
      next();
      auto right = parse_prod();
      if (failed) break;
      // "+" also joins text.
      if (plus && (left->type == Type::Text || right->type == Type::Text))
        left = binary(Op::Add, Type::Text, std::move(left), std::move(right), at, Type::Text);
      else
        left = binary(plus ? Op::Add : Op::Sub, Type::Number, std::move(left), std::move(right), at, Type::Number);
    }
    return left;
  }
  std::unique_ptr<Node> parse_prod() {
    auto left = parse_unary();
    while (!failed && (is("*") || is("/"))) {
      const Op op = is("*") ? Op::Mul : Op::Div;
      const std::size_t at = tok.offset;
      next();
      auto right = parse_unary();
      if (failed) break;
      left = binary(op, Type::Number, std::move(left), std::move(right), at, Type::Number);
    }
    return left;
  }
  std::unique_ptr<Node> parse_unary() {
    if (is("-")) {
      const std::size_t at = tok.offset;
      next();
      auto x = parse_unary();
      if (failed) return nullptr;
      if (!same(x->type, Type::Number)) fail(at, "'-' needs a number");
      auto n = make(Op::Neg, Type::Number);
      n->kids.push_back(std::move(x));
      return n;
    }
    return parse_primary();
  }

  void note_read(std::uint32_t slot) {
    if (std::find(reads.begin(), reads.end(), slot) == reads.end()) reads.push_back(slot);
  }

  std::unique_ptr<Node> parse_primary() {
    const Token t = tok;
    if (failed) return nullptr;
    if (t.kind == Token::Number) {
      next();
      auto n = make(Op::Literal, Type::Number);
      n->literal = Value::number(t.number);
      return n;
    }
    if (t.kind == Token::String) {
      next();
      auto n = make(Op::Literal, Type::Text);
      n->literal = Value::text(t.text);
      return n;
    }
    if (is("(")) {
      next();
      auto x = parse_or();
      expect(")");
      return x;
    }
    if (is(".")) {
      next();
      if (self_type == Type::Any) {
        fail(t.offset, "'.' (this field's value) can only be used in a constraint");
        return nullptr;
      }
      reads_self = true;
      return make(Op::Self, self_type);
    }
    if (t.kind == Token::Name) {
      next();
      if (t.text == "true" || t.text == "false") {
        auto n = make(Op::Literal, Type::Bool);
        n->literal = Value::boolean(t.text == "true");
        return n;
      }
      if (is("(")) return parse_call(t);
      return parse_ref(t);
    }
    fail(t.offset, t.kind == Token::End ? "expression ends too early" : "unexpected '" + t.text + "'");
    return nullptr;
  }

  std::unique_ptr<Node> parse_ref(const Token& t) {
    std::string name = t.text;
    const bool dotted = is(".");
    if (dotted) {  // group.field: only inside aggregates (handled in parse_call)
      fail(t.offset, "'" + name + ".…' (a field of every row) can only be used inside sum(), min() or max()");
      return nullptr;
    }
    auto sym = resolve(name);
    if (!sym) {
      fail(t.offset, "unknown field '" + name + "'");
      return nullptr;
    }
    if (sym->type == Type::Group) {
      fail(t.offset, "'" + name + "' is a repeat group: use count(" + name + ") or sum(" + name + ".field)");
      return nullptr;
    }
    note_read(sym->slot);
    auto n = make(sym->in_group ? Op::RowRef : Op::Ref, sym->type);
    n->slot = sym->slot;
    n->group = sym->group;
    n->in_group = sym->in_group;
    return n;
  }

  std::unique_ptr<Node> parse_call(const Token& f) {
    next();  // '('
    const std::string& fn = f.text;
    auto n = std::make_unique<Node>();
    if (fn == "count" || fn == "sum" || fn == "min" || fn == "max") {
      if (tok.kind != Token::Name) {
        fail(tok.offset, fn + "() needs a repeat group" + (fn == "count" ? "" : ".field"));
        return nullptr;
      }
      const Token g = tok;
      next();
      auto group = resolve(g.text);
      if (!group || group->type != Type::Group) {
        fail(g.offset, "'" + g.text + "' is not a repeat group");
        return nullptr;
      }
      note_read(group->slot);
      n->group = group->slot;
      if (fn == "count") {
        n->op = Op::Count;
        n->type = Type::Number;
      } else {
        if (!expect(".")) return nullptr;
        if (tok.kind != Token::Name) {
          fail(tok.offset, "expected a field name after '" + g.text + ".'");
          return nullptr;
        }
        auto field = resolve(g.text + "." + tok.text);
        if (!field || !field->in_group || field->group != group->slot) {
          fail(tok.offset, "'" + tok.text + "' is not a field of group '" + g.text + "'");
          return nullptr;
        }
        if (field->type != Type::Number) fail(tok.offset, fn + "() needs a number field");
        next();
        n->op = fn == "sum" ? Op::Sum : fn == "min" ? Op::Min : Op::Max;
        n->type = Type::Number;
        n->slot = field->slot;
      }
      expect(")");
      return n;
    }
    std::vector<std::unique_ptr<Node>> args;
    std::vector<std::size_t> at;
    if (!is(")")) {
      while (!failed) {
        at.push_back(tok.offset);
        args.push_back(parse_or());
        if (failed) return nullptr;
        if (is(",")) {
          next();
          continue;
        }
        break;
      }
    }
    if (!expect(")")) return nullptr;
    struct Sig { const char* name; Op op; std::vector<Type> params; Type result; };
    static const Sig sigs[] = {
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
    for (const auto& s : sigs) {
      if (fn != s.name) continue;
      if (args.size() != s.params.size()) {
        fail(f.offset, fn + "() takes " + std::to_string(s.params.size()) + " argument" + (s.params.size() == 1 ? "" : "s"));
        return nullptr;
      }
      for (std::size_t i = 0; i < args.size(); ++i)
        if (!same(args[i]->type, s.params[i]) && !(s.params[i] == Type::Text && args[i]->type == Type::Date))
          fail(at[i], fn + "(): argument " + std::to_string(i + 1) + " should be " + type_name(s.params[i]) + ", got " +
                          type_name(args[i]->type));
      n->op = s.op;
      n->type = s.result;
      if (s.op == Op::If) {
        if (!same(args[1]->type, args[2]->type)) fail(at[2], "if(): both branches must have the same type");
        n->type = args[1]->type == Type::Any ? args[2]->type : args[1]->type;
      }
      n->kids = std::move(args);
      return n;
    }
    fail(f.offset, "unknown function '" + fn + "'");
    return nullptr;
  }
};

std::string rename_fields(std::string_view source, const std::function<std::string(const std::string&)>& rename) {
  CompileError ignored;
  Resolver none = [](std::string_view) { return std::optional<Symbol>(); };
  Compiler c(source, none, Type::Any, &ignored);
  std::string out;
  std::size_t copied = 0;
  bool after_dot = false;
  c.next();
  while (c.tok.kind != Token::End && !c.failed) {
    const Token t = c.tok;
    c.next();
    const bool is_call = c.is("(");
    if (t.kind == Token::Name && !after_dot && !is_call && t.text != "and" && t.text != "or" && t.text != "not" &&
        t.text != "true" && t.text != "false") {
      out.append(source.substr(copied, t.offset - copied));
      out += rename(t.text);
      copied = t.offset + t.text.size();
    }
    after_dot = t.kind == Token::Punct && t.text == ".";
  }
  out.append(source.substr(copied));
  return out;
}

std::optional<Expr> compile(std::string_view source, Type expected, const Resolver& resolve, Type self_type,
                            CompileError* error) {
  if (source.size() > kMaxSource) {
    if (error) *error = {0, "expression is longer than " + std::to_string(kMaxSource) + " characters"};
    return std::nullopt;
  }
  Compiler c(source, resolve, self_type, error);
  c.next();
  auto root = c.parse_or();
  if (!c.failed && c.tok.kind != Token::End) c.fail(c.tok.offset, "unexpected '" + c.tok.text + "' after the expression");
  if (!c.failed && expected != Type::Any && !Compiler::same(root->type, expected))
    c.fail(0, std::string("expression gives ") + type_name(root->type) + ", but " + type_name(expected) + " is needed here");
  if (c.failed) return std::nullopt;
  Expr e;
  e.type_ = root->type;
  e.root_ = std::move(root);
  e.reads_ = std::move(c.reads);
  e.reads_self_ = c.reads_self;
  e.source_ = std::string(source);
  return e;
}

// ------------------------------------------------------------------------------------------------
// Evaluation
namespace {

int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d[m - 1] + (m == 2 && leap ? 1 : 0);
}

// "YYYY-MM-DD" → YYYYMMDD, or 0.
int date_number(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return 0;
  const int y = std::atoi(s.substr(0, 4).c_str()), m = std::atoi(s.substr(5, 2).c_str()), d = std::atoi(s.substr(8, 2).c_str());
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return 0;
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
