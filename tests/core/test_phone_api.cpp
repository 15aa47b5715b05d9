#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "api/api.h"

using nlohmann::json;

BOOST_AUTO_TEST_SUITE(phone_api)

BOOST_AUTO_TEST_CASE(home_lists_the_four_entries_in_order) {
  const json r = json::parse(tb::phone::call(R"({"op":"home","elderly":true})"));
  BOOST_TEST(r["ok"].get<bool>());
  BOOST_TEST(r["elderly"].get<bool>());
  BOOST_REQUIRE(r["entries"].size() == 4u);
  BOOST_TEST(r["entries"][0]["title"].get<std::string>() == "办事指南");
  BOOST_TEST(r["entries"][1]["key"].get<std::string>() == "scan");
  BOOST_TEST(r["entries"][3]["key"].get<std::string>() == "mine");
}

BOOST_AUTO_TEST_CASE(bad_requests_get_clear_errors) {
  auto error_of = [](const std::string& req) {
    const json r = json::parse(tb::phone::call(req));
    BOOST_TEST(!r["ok"].get<bool>());
    return r["error"].get<std::string>();
  };
  BOOST_TEST(error_of("{not json") == "request is not valid JSON");
  BOOST_TEST(error_of("[1,2]") == "request must be a JSON object with a string 'op'");
  BOOST_TEST(error_of(R"({"op":"nope"})") == "unknown op 'nope'");
  BOOST_TEST(error_of(R"({"op":"mask","kind":"id"})") == "argument 'value' (string) is missing");
  BOOST_TEST(error_of(R"({"op":"mask","kind":"x","value":"1"})").find("expected id, mobile or name") !=
             std::string::npos);
  BOOST_TEST(error_of("") == "request is not valid JSON");
}

BOOST_AUTO_TEST_CASE(mask_goes_through_core) {
  const json r = json::parse(tb::phone::call(R"({"op":"mask","kind":"mobile","value":"13800138000"})"));
  BOOST_TEST(r["masked"].get<std::string>() == "138****8000");
}

BOOST_AUTO_TEST_SUITE_END()
