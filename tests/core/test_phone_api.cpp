#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <iterator>

#include "api/api.h"
#include "code/codes.h"
#include "crypto/keys.h"
#include "ui_strings.h"

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
  // Found by fuzz.phone_api: a clock far past int64 (or not whole) is refused, not converted.
  BOOST_TEST(error_of(R"({"op":"scan.decide","text":"TBS1:ABC","now":14444444444444477999999})") ==
             "argument 'now' must be a whole number within 64 bits");
  BOOST_TEST(error_of(R"({"op":"scan.decide","text":"TBS1:ABC","now":1.5})") == "argument 'now' must be a whole number within 64 bits");
  BOOST_TEST(error_of(R"({"op":"guide.search","q":"sfz","limit":"20"})") == "argument 'limit' must be a whole number within 64 bits");
  BOOST_TEST(error_of(R"({"op":"scan.decide","text":"TBS1:ABC","now":18446744073709551615})") ==
             "argument 'now' must be a whole number within 64 bits");
  // Found by fuzz.phone_api: every argument read with a default has its type checked first (a wrong
  // type read through json::value would abort the WebAssembly module).
  BOOST_TEST(error_of(R"({"op":"home","elderly":7777})") == "argument 'elderly' must be true or false");
  BOOST_TEST(error_of(R"({"op":"form.set","row":"2"})") == "argument 'row' must be a whole number within 64 bits");
  BOOST_TEST(error_of(R"({"op":"submit.begin","title":3})") == "argument 'title' must be a string");
  BOOST_TEST(error_of(R"({"op":"submit.begin","rating":5})") == "argument 'rating' must be an object");
  BOOST_TEST(error_of(R"({"op":"submit.begin","rating":{"stars":"5"}})") ==
             "argument 'rating.stars' must be a whole number within 64 bits");
  BOOST_TEST(error_of(R"({"op":"submit.begin","appointment":{"date":20270101,"hall":[]}})") ==
             "argument 'appointment.hall' must be a string");
  // Staged bytes (tb_stage in the WebAssembly build): only `true`, and only when something is staged.
  const std::string trust = tb::crypto::format_public_key_file(
      tb::crypto::public_half(tb::crypto::keypair_from_seed(tb::crypto::KeyKind::Sign, "t", tb::crypto::Seed{})));
  const json staged_load = {{"op", "guide.load"}, {"staged", true}, {"trust", {trust}}};
  BOOST_TEST(error_of(staged_load.dump()) == "argument 'staged': nothing is staged (write the bytes with tb_stage first)");
  const json staged_one = {{"op", "guide.peek"}, {"staged", 1}, {"trust", {trust}}};
  BOOST_TEST(error_of(staged_one.dump()) == "argument 'staged' must be true (bytes written with tb_stage)");
  // The right types still reach the op.
  BOOST_TEST(tb::phone::call(R"({"op":"home","elderly":true})").find(R"("ok":true)") != std::string::npos);
}

// The phone draws the kiosk's words: the `strings` op hands over the whole table (core/ui_strings.h),
// each name once, none empty, as the kiosk's constants have them.
BOOST_AUTO_TEST_CASE(strings_hand_over_the_one_table) {
  const json r = json::parse(tb::phone::call(R"({"op":"strings"})"));
  BOOST_REQUIRE(r["ok"].get<bool>());
  const json& table = r["strings"];
  BOOST_TEST(table.size() == std::size(tb::ui::kAllStrings));  // a repeated name would collapse in JSON
  for (const auto& s : tb::ui::kAllStrings) {
    BOOST_TEST_CONTEXT(s.name) {
      BOOST_TEST(table.value(s.name, std::string()) == std::string(s.text));
      BOOST_TEST(!std::string(s.text).empty());
    }
  }
  BOOST_TEST(table["Back"].get<std::string>() == tb::ui::kBack);
  BOOST_TEST(table["FormSteps"].get<std::string>() == "第{}步，共{}步：{}");
}

BOOST_AUTO_TEST_CASE(fill_puts_values_into_the_holes_in_order) {
  BOOST_TEST(tb::ui::fill(tb::ui::kFormSteps, {"2", "5", "基本信息"}) == "第2步，共5步：基本信息");
  BOOST_TEST(tb::ui::fill(tb::ui::kFormRow, {"3"}) == "第3条");
  BOOST_TEST(tb::ui::fill("{}与{}", {"甲"}) == "甲与{}");  // a hole without a value stays
  BOOST_TEST(tb::ui::fill("无", {"多余"}) == "无");        // an extra value is ignored
  BOOST_TEST(tb::ui::fill("{{}}", {"x"}) == "{x}");       // only "{}" is a hole
}

// core.configure: the deployment's suite decides the phone's device key and how it seals what it
// stores (SM4-GCM: a 12-byte nonce, so 12 bytes shorter than XChaCha20-Poly1305's output).
BOOST_AUTO_TEST_CASE(configure_picks_the_device_suite) {
  auto call = [](const json& req) { return json::parse(tb::phone::call(req.dump())); };
  const std::string key = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", nonce = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYX";
  auto sealed_size = [&] {
    const json r = call({{"op", "seal.at_rest"}, {"key", key}, {"nonce", nonce}, {"context", "wallet"}, {"text", "张丽华"}});
    BOOST_REQUIRE(r["ok"].get<bool>());
    return r["bytes"]["len"].get<std::size_t>();
  };
  auto device_key_size = [&] {
    const json r = call({{"op", "device.key"}, {"seed", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}});
    BOOST_REQUIRE(r["ok"].get<bool>());
    return tb::crypto::from_base64(r["public_key"].get<std::string>())->size();
  };
  BOOST_TEST(device_key_size() == 32u);
  const std::size_t xchacha = sealed_size();
  BOOST_TEST(call({{"op", "core.configure"}, {"suite", "sm"}})["ok"].get<bool>());
  BOOST_TEST(device_key_size() == 65u);  // SM2, 04 || x || y
  BOOST_TEST(sealed_size() == xchacha - 12);
  const json bad = call({{"op", "core.configure"}, {"suite", "rsa"}});
  BOOST_TEST(!bad["ok"].get<bool>());
  BOOST_TEST(bad["error"].get<std::string>().find("'ed25519' or 'sm'") != std::string::npos);
  BOOST_TEST(call({{"op", "core.configure"}, {"suite", "ed25519"}})["ok"].get<bool>());  // as the other cases expect
  BOOST_TEST(device_key_size() == 32u);
}

BOOST_AUTO_TEST_CASE(mask_goes_through_core) {
  const json r = json::parse(tb::phone::call(R"({"op":"mask","kind":"mobile","value":"13800138000"})"));
  BOOST_TEST(r["masked"].get<std::string>() == "138****8000");
}

// 扫一扫 on the phone goes through the same decision as the kiosk (app/scan.h): a venue code shows the
// venue, a personal code the masked name, garbage and hand-offs are refused with a reason.
BOOST_AUTO_TEST_CASE(scan_decide_is_the_cores_decision) {
  const tb::crypto::Seed root_seed{1}, issuer_seed{2};
  const auto root = tb::crypto::keypair_from_seed(tb::crypto::KeyKind::Sign, "city-root", root_seed);
  const auto issuer = tb::crypto::keypair_from_seed(tb::crypto::KeyKind::Sign, "code-issuer", issuer_seed);
  const std::int64_t now = 1780000000;
  const std::string list = tb::code::sign_trust_list(
      {{tb::crypto::public_half(issuer), {tb::code::Kind::Venue, tb::code::Kind::Printed}, 0, 0}}, now - 60, root);
  const json trust = {{"op", "code.trust"},
                      {"list", tb::crypto::to_base64(reinterpret_cast<const unsigned char*>(list.data()), list.size())},
                      {"roots", {tb::crypto::format_public_key_file(tb::crypto::public_half(root))}},
                      {"now", now}};
  BOOST_REQUIRE(json::parse(tb::phone::call(trust.dump()))["ok"].get<bool>());
  auto decide = [&](const std::string& text) {
    return json::parse(tb::phone::call(json{{"op", "scan.decide"}, {"text", text}, {"now", now}}.dump()));
  };
  auto r = decide(tb::code::issue_venue({"v1", "青禾市图书馆", "110105", 0}, issuer));
  BOOST_TEST(r["outcome"].get<std::string>() == "venue");
  BOOST_TEST(r["headline"].get<std::string>() == "场所码：青禾市图书馆");
  tb::code::Printed p;
  p.credential_id = std::string(16, '\x05');
  p.holder = {"王小明", "110105199001010020"};
  r = decide(tb::code::issue_printed(p, issuer));
  BOOST_TEST(r["outcome"].get<std::string>() == "person");
  BOOST_TEST(r["name_masked"].get<std::string>() == "王*明");
  r = decide("hello");
  BOOST_TEST(r["outcome"].get<std::string>() == "refused");
  BOOST_TEST(r["headline"].get<std::string>() == "核验未通过：不是有效的码");
  // A misread code: the resident reads what to do, not the Base45 parser's English.
  r = decide("TBP1:+UW" + std::string(40, 'A'));
  BOOST_TEST(r["outcome"].get<std::string>() == "refused");
  const std::string detail = r["detail"].get<std::string>();
  BOOST_TEST(detail.find("再扫一次") != std::string::npos, detail);
  BOOST_TEST(detail.find("Base45") == std::string::npos, detail);
  r = decide("TBX1:00000000");
  BOOST_TEST(r["outcome"].get<std::string>() == "refused");
  BOOST_TEST(r["headline"].get<std::string>() == "这是转交码");
}

BOOST_AUTO_TEST_SUITE_END()
