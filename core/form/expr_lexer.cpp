#include "form/expr_lexer.h"

#include <cstdlib>

namespace tb::form {
namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

}  // namespace

void Diagnostics::fail(std::size_t at, std::string message) {
  if (failed_) return;
  failed_ = true;
  if (out_) *out_ = {at, std::move(message)};
}

void Lexer::next() {
  while (pos_ < src_.size() && (src_[pos_] == ' ' || src_[pos_] == '\t' || src_[pos_] == '\n' || src_[pos_] == '\r')) ++pos_;
  tok_ = Token{};
  tok_.offset = pos_;
  if (pos_ >= src_.size()) return;
  const char c = src_[pos_];
  if (c >= '0' && c <= '9') {
    std::size_t end = pos_;
    while (end < src_.size() && ((src_[end] >= '0' && src_[end] <= '9') || src_[end] == '.')) ++end;
    tok_.kind = Token::Number;
    tok_.text = std::string(src_.substr(pos_, end - pos_));
    char* stop = nullptr;
    tok_.number = std::strtod(tok_.text.c_str(), &stop);
    if (!stop || *stop) diag_.fail(pos_, "'" + tok_.text + "' is not a number");
    pos_ = end;
    return;
  }
  if (c == '\'' || c == '"') {
    const std::size_t end = src_.find(c, pos_ + 1);
    if (end == std::string_view::npos) {
      diag_.fail(pos_, "text starting here has no closing quote");
      pos_ = src_.size();
      return;
    }
    tok_.kind = Token::String;
    tok_.text = std::string(src_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return;
  }
  if (is_name_start(c)) {
    std::size_t end = pos_;
    while (end < src_.size() && is_name_char(src_[end])) ++end;
    tok_.kind = Token::Name;
    tok_.text = std::string(src_.substr(pos_, end - pos_));
    pos_ = end;
    return;
  }
  static const char* const two[] = {"!=", "<=", ">=", "=="};
  for (const char* t : two)
    if (src_.substr(pos_, 2) == t) {
      tok_.kind = Token::Punct;
      tok_.text = t;
      pos_ += 2;
      return;
    }
  if (std::string_view("+-*/=<>().,").find(c) != std::string_view::npos) {
    tok_.kind = Token::Punct;
    tok_.text = std::string(1, c);
    ++pos_;
    return;
  }
  diag_.fail(pos_, std::string("unexpected character '") + c + "'");
  pos_ = src_.size();
}

}  // namespace tb::form
