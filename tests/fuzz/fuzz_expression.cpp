// The form expression language (docs/EXPRESSIONS.md) as `tongban guide build` compiles a form's
// relevant, constraint and calculate texts, and as a merged form renames its fields.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "form/expr.h"

using namespace tb::form;

namespace {
// Every field empty but the group, which has two rows: what a form looks like before it is filled.
struct BlankForm : Env {
  Value blank;
  const Value& get(std::uint32_t, bool) const override { return blank; }
  std::size_t rows(std::uint32_t) const override { return 2; }
  const Value& row_value(std::uint32_t, std::size_t, std::uint32_t) const override { return blank; }
  const Value& self() const override { return blank; }
  int today() const override { return 20260529; }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  // A few fields of every type, one of them a repeat group with a field of its rows.
  const Resolver resolve = [](std::string_view name) -> std::optional<Symbol> {
    if (name == "age") return Symbol{0, Type::Number, false, 0};
    if (name == "name") return Symbol{1, Type::Text, false, 0};
    if (name == "born") return Symbol{2, Type::Date, false, 0};
    if (name == "married") return Symbol{3, Type::Bool, false, 0};
    if (name == "kids") return Symbol{4, Type::Group, false, 4};
    if (name == "kids.age") return Symbol{5, Type::Number, true, 4};
    return std::nullopt;
  };
  CompileError error;
  const BlankForm form;
  for (Type expected : {Type::Any, Type::Bool, Type::Number})
    if (auto e = compile(source, expected, resolve, Type::Text, &error)) (void)e->eval(form);
  (void)rename_fields(source, [](const std::string& n) { return "p_" + n; });
  return 0;
}
