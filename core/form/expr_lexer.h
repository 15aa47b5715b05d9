#pragma once
// The expression language's tokens (docs/EXPRESSIONS.md): numbers, quoted text, names and
// punctuation, with their byte offsets for error messages. Private to the expression files.
#include <cstddef>
#include <string>
#include <string_view>

#include "form/expr.h"

namespace tb::form {

// The first problem found while compiling, reported once: later ones are its consequences.
class Diagnostics {
 public:
  explicit Diagnostics(CompileError* out) : out_(out) {}
  void fail(std::size_t at, std::string message);
  bool failed() const { return failed_; }

 private:
  CompileError* out_;
  bool failed_ = false;
};

struct Token {
  enum Kind { End, Number, String, Name, Punct } kind = End;
  std::string text;
  double number = 0;
  std::size_t offset = 0;
};

// Reads `source` one token at a time; a character that starts no token is reported to `diagnostics`
// and ends the input.
class Lexer {
 public:
  Lexer(std::string_view source, Diagnostics& diagnostics) : src_(source), diag_(diagnostics) {}
  void next();  // moves to the next token (call once to read the first)
  const Token& token() const { return tok_; }
  bool is(const char* punct) const { return tok_.kind == Token::Punct && tok_.text == punct; }
  bool is_word(const char* w) const { return tok_.kind == Token::Name && tok_.text == w; }

 private:
  std::string_view src_;
  Diagnostics& diag_;
  std::size_t pos_ = 0;
  Token tok_;
};

}  // namespace tb::form
