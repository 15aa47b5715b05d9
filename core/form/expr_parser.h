#pragma once
// The expression language's grammar (docs/EXPRESSIONS.md), by recursive descent with bounded depth:
// tokens (expr_lexer.h) into a tree (expr_tree.h), names resolved to the form's slots as they are
// read, each node's types checked by the type rules (expr_types.h) as it is built. Private to the
// expression files; form/expr.h's compile() is the public way in.
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "form/expr.h"
#include "form/expr_lexer.h"
#include "form/expr_tree.h"

namespace tb::form {

struct Parsed {
  std::unique_ptr<Node> root;
  std::vector<std::uint32_t> reads;  // slots read, each once (groups for aggregates)
  bool reads_self = false;           // "." appears
};

// Parses all of `source`; on failure `diagnostics` holds the first problem and the result is empty.
Parsed parse_expression(std::string_view source, const Resolver& resolve, Type self_type, Diagnostics& diagnostics);

}  // namespace tb::form
