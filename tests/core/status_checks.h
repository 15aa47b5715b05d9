#pragma once
// Boost.Test checks for the core's failure convention (core/result.h): the expression is evaluated
// once, and a failure prints describe() (the reason's key, text and the detail).
#include <boost/test/unit_test.hpp>

#define TB_REQUIRE_OK(expr)                                                     \
  do {                                                                          \
    const auto& tb_status_ = (expr);                                            \
    BOOST_REQUIRE_MESSAGE(static_cast<bool>(tb_status_), tb_status_.describe()); \
  } while (0)
#define TB_CHECK_OK(expr)                                                     \
  do {                                                                        \
    const auto& tb_status_ = (expr);                                          \
    BOOST_CHECK_MESSAGE(static_cast<bool>(tb_status_), tb_status_.describe()); \
  } while (0)

#include <string>

namespace tb::test {
// A failure whose describe() (key, text, detail) contains `has`: the reason and what exactly.
template <class S>
void check_fails_with(const S& s, const std::string& has) {
  BOOST_CHECK_MESSAGE(!s, "succeeded; want a failure with '" << has << "'");
  BOOST_CHECK_MESSAGE(s.describe().find(has) != std::string::npos, "'" << s.describe() << "' lacks '" << has << "'");
}
}  // namespace tb::test
