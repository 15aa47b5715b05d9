#pragma once
// How a form's expressions (form/expr.h) see a filling session: the current row for row fields,
// everything else at the top level. Shared by the session's evaluation and view-model files.
#include <cstddef>
#include <cstdint>

#include "form/expr.h"
#include "form/session.h"

namespace tb::form {

class SessionEnv final : public Env {
 public:
  SessionEnv(const FormSession& s, std::uint32_t group, std::size_t row, const Value* self)
      : s_(s), group_(group), row_(row), self_(self) {}
  const Value& get(std::uint32_t slot, bool in_group) const override;
  std::size_t rows(std::uint32_t group) const override;
  const Value& row_value(std::uint32_t group, std::size_t row, std::uint32_t slot) const override;
  const Value& self() const override;
  int today() const override;
  bool in_bundle() const override;

 private:
  const FormSession& s_;
  std::uint32_t group_;
  std::size_t row_;
  const Value* self_;
};

}  // namespace tb::form
