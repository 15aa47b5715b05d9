#include <boost/test/unit_test.hpp>

#include "status_checks.h"
#include "text/config_text.h"
#include "text/hanzi.h"
#include "text/mask.h"
#include "text/normalize.h"
#include "text/utf8.h"

using namespace tb::text;

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(utf8_round_trip_and_errors) {
  const std::string s = "身份证 ID 𠮷";  // includes a character outside the BMP
  auto cps = decode_utf8(s);
  BOOST_REQUIRE(cps);
  BOOST_TEST(cps->size() == 8u);
  BOOST_TEST(encode_utf8(*cps) == s);
  const auto truncated = decode_utf8("ab\xC3");  // truncated sequence
  BOOST_TEST(!truncated);
  BOOST_TEST((truncated.reason() == tb::Fault::Malformed));
  BOOST_TEST(truncated.detail() == "byte 3");  // the third byte, counted from 1 (offset 2)
  BOOST_TEST(!decode_utf8("\xC0\xAF"));      // overlong '/'
  BOOST_TEST(!decode_utf8("\xED\xA0\x80"));  // surrogate
  BOOST_TEST(encode_utf8(decode_utf8_lossy("a\xFF" "b")) == "a\uFFFDb");
  BOOST_TEST(count_code_points("张三·李") == 4u);
}

BOOST_AUTO_TEST_CASE(readings_come_from_the_data_tables) {
  SyllableId r[3];
  BOOST_REQUIRE(readings(U'身', r) >= 1);
  BOOST_TEST(syllable_text(r[0]) == "shen");
  // 行 has two common readings (银行 hang, 行驶 xing); both must be there, the commoner first.
  const int n = readings(U'行', r);
  BOOST_REQUIRE(n >= 2);
  BOOST_TEST(syllable_text(r[0]) == "xing");
  BOOST_TEST(syllable_text(r[1]) == "hang");
  BOOST_TEST(readings(U'绿', r) >= 1);
  BOOST_TEST(syllable_text(r[0]) == "lv");
  BOOST_TEST(readings(U'a', r) == 0);
  BOOST_TEST(find_syllable("zheng") >= 0);
  BOOST_TEST(find_syllable("zhzh") == -1);
  BOOST_TEST(syllable_count() > 380u);
}

BOOST_AUTO_TEST_CASE(traditional_and_width_folding) {
  BOOST_TEST(to_simplified(U'證') == U'证');
  BOOST_TEST(to_simplified(U'體') == U'体');
  BOOST_TEST(to_simplified(U'证') == U'证');
  BOOST_TEST(encode_utf8(fold_for_search(U"ＳＦＺ身份證Ｌǚ")) == "sfz身份证lv");
  BOOST_TEST(compact_upper("１１０１ ０５-x") == "110105X");
}

BOOST_AUTO_TEST_CASE(masking_for_display) {
  BOOST_TEST(mask_resident_id("11010519491231002X") == "110105********002X");
  BOOST_TEST(mask_mobile("13800138000") == "138****8000");
  BOOST_TEST(mask_name("张小三") == "张*三");
  BOOST_TEST(mask_name("李四") == "李*");
  BOOST_TEST(mask_name("欧阳明月") == "欧**月");
  BOOST_TEST(mask_name("阿依古丽·买买提") == "阿***·**提");
  BOOST_TEST(mask_name("") == "");
  BOOST_TEST(mask_mobile("123") == "***");  // too short to show any of it
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(configuration_files_key_equals_value) {
  const auto ok = tb::text::parse_config("intake.conf", "# a comment\n\n  port = 8443 \nto = a\nto = b\ndb = postgresql://h/db#x\n");
  TB_REQUIRE_OK(ok);
  BOOST_REQUIRE_EQUAL(ok->size(), 4u);
  BOOST_CHECK_EQUAL((*ok)[0].key, "port");
  BOOST_CHECK_EQUAL((*ok)[0].value, "8443");
  BOOST_CHECK_EQUAL((*ok)[0].line, 3);
  BOOST_CHECK_EQUAL((*ok)[3].value, "postgresql://h/db#x");  // '#' after the key belongs to the value
  tb::test::check_fails_with(tb::text::parse_config("kiosk.conf", "a = 1\nno equals sign\n"), "kiosk.conf:2: expected 'key = value'");
  tb::test::check_fails_with(tb::text::parse_config("kiosk.conf", "Port = 1\n"), "malformed");
  tb::test::check_fails_with(tb::text::parse_config("kiosk.conf", "port =  \n"), "kiosk.conf:1: 'port' has no value");
  BOOST_CHECK(tb::text::config_bool("yes") == std::optional<bool>(true));
  BOOST_CHECK(tb::text::config_bool("off") == std::optional<bool>(false));
  BOOST_CHECK(!tb::text::config_bool("maybe"));
}
