#include "form/expr_parser.h"

#include <algorithm>
#include <string>

#include "form/expr_types.h"

namespace tb::form {
namespace {

constexpr int kMaxDepth = 48;

class Parser {
 public:
  Parser(std::string_view source, const Resolver& resolve, Type self_type, Diagnostics& diagnostics)
      : lex_(source, diagnostics), resolve_(resolve), self_type_(self_type), diag_(diagnostics) {}

  Parsed parse() {
    lex_.next();
    Parsed out;
    auto root = parse_or();
    if (!failed() && tok().kind != Token::End) fail(tok().offset, "unexpected '" + tok().text + "' after the expression");
    if (failed()) return out;
    out.root = std::move(root);
    out.reads = std::move(reads_);
    out.reads_self = reads_self_;
    return out;
  }

 private:
  const Token& tok() const { return lex_.token(); }
  bool failed() const { return diag_.failed(); }
  void fail(std::size_t at, std::string message) { diag_.fail(at, std::move(message)); }
  void check(const Typed& t, std::size_t at) {
    if (!t.ok()) fail(at, t.error);
  }
  bool expect(const char* punct) {
    if (!lex_.is(punct)) {
      fail(tok().offset, std::string("expected '") + punct + "' here");
      return false;
    }
    lex_.next();
    return true;
  }

  static std::unique_ptr<Node> make(Op op, Type type) {
    auto n = std::make_unique<Node>();
    n->op = op;
    n->type = type;
    return n;
  }
  static std::unique_ptr<Node> join(Op op, Type type, std::unique_ptr<Node> a, std::unique_ptr<Node> b) {
    auto n = make(op, type);
    n->kids.push_back(std::move(a));
    n->kids.push_back(std::move(b));
    return n;
  }

  std::unique_ptr<Node> parse_or() {
    if (++depth_ > kMaxDepth) {
      fail(tok().offset, "expression is nested too deeply");
      return nullptr;
    }
    auto left = parse_and();
    while (!failed() && lex_.is_word("or")) {
      const std::size_t at = tok().offset;
      lex_.next();
      auto right = parse_and();
      if (failed()) break;
      const Typed t = type_logical(left->type, right->type);
      check(t, at);
      left = join(Op::Or, Type::Bool, std::move(left), std::move(right));
    }
    --depth_;
    return left;
  }

  std::unique_ptr<Node> parse_and() {
    auto left = parse_not();
    while (!failed() && lex_.is_word("and")) {
      const std::size_t at = tok().offset;
      lex_.next();
      auto right = parse_not();
      if (failed()) break;
      check(type_logical(left->type, right->type), at);
      left = join(Op::And, Type::Bool, std::move(left), std::move(right));
    }
    return left;
  }

  std::unique_ptr<Node> parse_not() {
    if (lex_.is_word("not")) {
      const std::size_t at = tok().offset;
      lex_.next();
      auto x = parse_not();
      if (failed()) return nullptr;
      check(type_not(x->type), at);
      auto n = make(Op::Not, Type::Bool);
      n->kids.push_back(std::move(x));
      return n;
    }
    return parse_cmp();
  }

  std::unique_ptr<Node> parse_cmp() {
    auto left = parse_sum();
    if (failed()) return nullptr;
    struct { const char* p; Op op; } ops[] = {{"=", Op::Eq}, {"==", Op::Eq}, {"!=", Op::Ne}, {"<", Op::Lt},
                                              {"<=", Op::Le}, {">", Op::Gt}, {">=", Op::Ge}};
    for (const auto& o : ops) {
      if (!lex_.is(o.p)) continue;
      const std::size_t at = tok().offset;
      lex_.next();
      auto right = parse_sum();
      if (failed()) return nullptr;
      check(type_comparison(o.p, o.op == Op::Eq || o.op == Op::Ne, left->type, right->type), at);
      return join(o.op, Type::Bool, std::move(left), std::move(right));
    }
    return left;
  }

  std::unique_ptr<Node> parse_sum() {
    auto left = parse_prod();
    while (!failed() && (lex_.is("+") || lex_.is("-"))) {
      const bool plus = lex_.is("+");
      const std::size_t at = tok().offset;
      lex_.next();
      auto right = parse_prod();
      if (failed()) break;
      const Typed t = type_sum(plus, left->type, right->type);
      check(t, at);
      left = join(plus ? Op::Add : Op::Sub, t.ok() ? t.type : Type::Number, std::move(left), std::move(right));
    }
    return left;
  }

  std::unique_ptr<Node> parse_prod() {
    auto left = parse_unary();
    while (!failed() && (lex_.is("*") || lex_.is("/"))) {
      const Op op = lex_.is("*") ? Op::Mul : Op::Div;
      const std::size_t at = tok().offset;
      lex_.next();
      auto right = parse_unary();
      if (failed()) break;
      check(type_product(left->type, right->type), at);
      left = join(op, Type::Number, std::move(left), std::move(right));
    }
    return left;
  }

  std::unique_ptr<Node> parse_unary() {
    if (lex_.is("-")) {
      const std::size_t at = tok().offset;
      lex_.next();
      auto x = parse_unary();
      if (failed()) return nullptr;
      check(type_negation(x->type), at);
      auto n = make(Op::Neg, Type::Number);
      n->kids.push_back(std::move(x));
      return n;
    }
    return parse_primary();
  }

  void note_read(std::uint32_t slot) {
    if (std::find(reads_.begin(), reads_.end(), slot) == reads_.end()) reads_.push_back(slot);
  }

  std::unique_ptr<Node> parse_primary() {
    const Token t = tok();
    if (failed()) return nullptr;
    if (t.kind == Token::Number) {
      lex_.next();
      auto n = make(Op::Literal, Type::Number);
      n->literal = Value::number(t.number);
      return n;
    }
    if (t.kind == Token::String) {
      lex_.next();
      auto n = make(Op::Literal, Type::Text);
      n->literal = Value::text(t.text);
      return n;
    }
    if (lex_.is("(")) {
      lex_.next();
      auto x = parse_or();
      expect(")");
      return x;
    }
    if (lex_.is(".")) {
      lex_.next();
      if (self_type_ == Type::Any) {
        fail(t.offset, "'.' (this field's value) can only be used in a constraint");
        return nullptr;
      }
      reads_self_ = true;
      return make(Op::Self, self_type_);
    }
    if (t.kind == Token::Name) {
      lex_.next();
      if (t.text == "true" || t.text == "false") {
        auto n = make(Op::Literal, Type::Bool);
        n->literal = Value::boolean(t.text == "true");
        return n;
      }
      if (lex_.is("(")) return parse_call(t);
      return parse_ref(t);
    }
    fail(t.offset, t.kind == Token::End ? "expression ends too early" : "unexpected '" + t.text + "'");
    return nullptr;
  }

  std::unique_ptr<Node> parse_ref(const Token& t) {
    const std::string& name = t.text;
    if (lex_.is(".")) {  // group.field: only inside aggregates (handled in parse_call)
      fail(t.offset, "'" + name + ".…' (a field of every row) can only be used inside sum(), min() or max()");
      return nullptr;
    }
    auto sym = resolve_(name);
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
    lex_.next();  // '('
    const std::string& fn = f.text;
    if (fn == "count" || fn == "sum" || fn == "min" || fn == "max") return parse_aggregate(fn);
    std::vector<std::unique_ptr<Node>> args;
    std::vector<std::size_t> at;
    if (!lex_.is(")")) {
      while (!failed()) {
        at.push_back(tok().offset);
        args.push_back(parse_or());
        if (failed()) return nullptr;
        if (lex_.is(",")) {
          lex_.next();
          continue;
        }
        break;
      }
    }
    if (!expect(")")) return nullptr;
    const Signature* sig = find_function(fn);
    if (!sig) {
      fail(f.offset, "unknown function '" + fn + "'");
      return nullptr;
    }
    std::vector<Type> types;
    for (const auto& a : args) types.push_back(a->type);
    const Typed t = type_call(*sig, types);
    if (!t.ok()) {
      fail(t.argument < 0 ? f.offset : at[static_cast<std::size_t>(t.argument)], t.error);
      if (t.argument < 0) return nullptr;
    }
    auto n = make(sig->op, t.ok() ? t.type : sig->result);
    n->kids = std::move(args);
    return n;
  }

  // count(group), sum(group.field), min(…), max(…): over every row of a repeat group.
  std::unique_ptr<Node> parse_aggregate(const std::string& fn) {
    if (tok().kind != Token::Name) {
      fail(tok().offset, fn + "() needs a repeat group" + (fn == "count" ? "" : ".field"));
      return nullptr;
    }
    const Token g = tok();
    lex_.next();
    auto group = resolve_(g.text);
    if (!group || group->type != Type::Group) {
      fail(g.offset, "'" + g.text + "' is not a repeat group");
      return nullptr;
    }
    note_read(group->slot);
    auto n = std::make_unique<Node>();
    n->group = group->slot;
    if (fn == "count") {
      n->op = Op::Count;
      n->type = Type::Number;
    } else {
      if (!expect(".")) return nullptr;
      if (tok().kind != Token::Name) {
        fail(tok().offset, "expected a field name after '" + g.text + ".'");
        return nullptr;
      }
      auto field = resolve_(g.text + "." + tok().text);
      if (!field || !field->in_group || field->group != group->slot) {
        fail(tok().offset, "'" + tok().text + "' is not a field of group '" + g.text + "'");
        return nullptr;
      }
      check(type_aggregate(fn, field->type), tok().offset);
      lex_.next();
      n->op = fn == "sum" ? Op::Sum : fn == "min" ? Op::Min : Op::Max;
      n->type = Type::Number;
      n->slot = field->slot;
    }
    expect(")");
    return n;
  }

  Lexer lex_;
  const Resolver& resolve_;
  Type self_type_;
  Diagnostics& diag_;
  int depth_ = 0;
  std::vector<std::uint32_t> reads_;
  bool reads_self_ = false;
};

}  // namespace

Parsed parse_expression(std::string_view source, const Resolver& resolve, Type self_type, Diagnostics& diagnostics) {
  return Parser(source, resolve, self_type, diagnostics).parse();
}

}  // namespace tb::form
