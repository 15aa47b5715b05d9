#include "form/expr.h"

#include "form/expr_lexer.h"
#include "form/expr_parser.h"
#include "form/expr_tree.h"
#include "form/expr_types.h"

// The expression language's front door: its types and values, compile() (lexer, parser and type
// rules in expr_lexer/expr_parser/expr_types; the evaluator in expr_eval.cpp), and rename_fields.
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

Expr::Expr(Expr&&) noexcept = default;
Expr& Expr::operator=(Expr&&) noexcept = default;
Expr::~Expr() = default;

std::string rename_fields(std::string_view source, const std::function<std::string(const std::string&)>& rename) {
  CompileError ignored;
  Diagnostics diagnostics(&ignored);
  Lexer lex(source, diagnostics);
  std::string out;
  std::size_t copied = 0;
  bool after_dot = false;
  lex.next();
  while (lex.token().kind != Token::End && !diagnostics.failed()) {
    const Token t = lex.token();
    lex.next();
    const bool is_call = lex.is("(");
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
  constexpr std::size_t kMaxSource = 2000;
  if (source.size() > kMaxSource) {
    if (error) *error = {0, "expression is longer than " + std::to_string(kMaxSource) + " characters"};
    return std::nullopt;
  }
  Diagnostics diagnostics(error);
  Parsed parsed = parse_expression(source, resolve, self_type, diagnostics);
  if (!diagnostics.failed() && expected != Type::Any && !compatible(parsed.root->type, expected))
    diagnostics.fail(0, std::string("expression gives ") + type_name(parsed.root->type) + ", but " + type_name(expected) +
                            " is needed here");
  if (diagnostics.failed()) return std::nullopt;
  Expr e;
  e.type_ = parsed.root->type;
  e.root_ = std::move(parsed.root);
  e.reads_ = std::move(parsed.reads);
  e.reads_self_ = parsed.reads_self;
  e.source_ = std::string(source);
  return e;
}

}  // namespace tb::form
