// The core's one failure convention (core/result.h): success and failure, the value, the reason and
// detail, a person's message, and a failure passed on through another Result type.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "result.h"

using namespace tb;

namespace {
Result<int, Fault> parse_digit(char c) {
  if (c < '0' || c > '9') return {Fault::Malformed, std::string("not a digit: '") + c + "'"};
  return c - '0';
}
Result<std::string, Fault> twice(char c) {
  auto d = parse_digit(c);
  if (!d) return d;  // the failure, passed on unchanged
  return std::to_string(*d * 2);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(result)

BOOST_AUTO_TEST_CASE(success_carries_the_value_and_failure_the_reason_and_detail) {
  const auto ok = parse_digit('7');
  BOOST_TEST(static_cast<bool>(ok));
  BOOST_TEST(ok.value() == 7);
  BOOST_TEST(int(ok.reason()) == int(Fault::None));
  const auto bad = parse_digit('x');
  BOOST_TEST(!bad);
  BOOST_TEST(!bad.has_value());
  BOOST_TEST(int(bad.reason()) == int(Fault::Malformed));
  BOOST_TEST(bad.detail() == "not a digit: 'x'");
  BOOST_TEST(bad.message() == "格式不对：not a digit: 'x'");
  BOOST_TEST(std::string(reason_key(bad.reason())) == "malformed");
}

BOOST_AUTO_TEST_CASE(a_failure_passes_through_another_result_type) {
  BOOST_TEST(twice('4').value() == "8");
  const auto bad = twice('?');
  BOOST_TEST(!bad);
  BOOST_TEST(bad.detail() == "not a digit: '?'");
}

BOOST_AUTO_TEST_CASE(move_only_values) {
  Result<std::unique_ptr<int>, Fault> r(std::make_unique<int>(3));
  BOOST_TEST(**r == 3);
  std::unique_ptr<int> taken = std::move(r).value();
  BOOST_TEST(*taken == 3);
  const Status<Fault> fine;
  BOOST_TEST(static_cast<bool>(fine));
  BOOST_TEST(fine.message().empty());
}

BOOST_AUTO_TEST_SUITE_END()
