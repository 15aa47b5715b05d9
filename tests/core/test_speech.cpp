// 读给我听: the text core decides to say (app/speech.h) and the toned pinyin the native speech port
// hands espeak-ng (text/spoken_pinyin.h).
#include <boost/test/unit_test.hpp>

#include "app/speech.h"
#include "text/spoken_pinyin.h"

using namespace tb;

BOOST_AUTO_TEST_SUITE(speech)

BOOST_AUTO_TEST_CASE(id_and_phone_numbers_are_read_digit_by_digit_in_groups) {
  BOOST_TEST(app::spoken_digits("11010519900307002X") == "幺幺零幺零五，幺九九零零三零七，零零二叉");
  BOOST_TEST(app::spoken_digits("13800138000") == "幺三八，零零幺三，八零零零");
  BOOST_TEST(app::spoken_digits("12345") == "幺二三四五");
  // Masked as the screen shows them: what is hidden is said, never guessed.
  BOOST_TEST(app::spoken_digits("110105********002X") == "幺幺零幺零五，隐藏八位，零零二叉");
  BOOST_TEST(app::spoken_digits("138****8000") == "幺三八，隐藏四位，八零零零");
}

BOOST_AUTO_TEST_CASE(counts_money_and_dates_are_read_as_people_say_them) {
  BOOST_TEST(app::spoken_count("0") == "零");
  BOOST_TEST(app::spoken_count("10") == "十");
  BOOST_TEST(app::spoken_count("15") == "十五");
  BOOST_TEST(app::spoken_count("110") == "一百一十");
  BOOST_TEST(app::spoken_count("1005") == "一千零五");
  BOOST_TEST(app::spoken_count("10005") == "一万零五");
  BOOST_TEST(app::spoken_count("1200.5") == "一千二百点五");
  BOOST_TEST(app::spoken_count("-3") == "负三");
  BOOST_TEST(app::spoken_count("120000000") == "一亿二千万");
  BOOST_TEST(app::spoken_count("100010") == "十万零一十");
  BOOST_TEST(app::spoken_money("1200.50") == "一千二百元五角");
  BOOST_TEST(app::spoken_money("1200.05") == "一千二百元零五分");
  BOOST_TEST(app::spoken_money("0.35") == "三角五分");
  BOOST_TEST(app::spoken_money("0") == "零元");
  BOOST_TEST(app::spoken_date("2024-01-05") == "二零二四年一月五日");
  BOOST_TEST(app::spoken_date("2008-12-31") == "二零零八年十二月三十一日");
}

BOOST_AUTO_TEST_CASE(numbers_inside_text_are_found_and_read_by_their_shape) {
  BOOST_TEST(app::spoken_text("第1步，共3步：基本信息") == "第一步，共三步：基本信息");
  BOOST_TEST(app::spoken_text("服务热线 12345") == "服务热线 幺二三四五");
  BOOST_TEST(app::spoken_text("办结时限 20 个工作日，收费 12.50元") == "办结时限 二十 个工作日，收费 十二元五角");
  BOOST_TEST(app::spoken_text("2024年1月5日") == "二零二四年一月五日");
  BOOST_TEST(app::spoken_text("预约 2025-03-10 09:00-10:00") == "预约 二零二五年三月十日 九点到十点");
  BOOST_TEST(app::spoken_text("14:30") == "十四点半");
  BOOST_TEST(app::spoken_text("必填项已完成 2/7") == "必填项已完成 二，共七");
  BOOST_TEST(app::spoken_text("姓名 *") == "姓名 ，必填");
  BOOST_TEST(app::spoken_text("张*三") == "张某三");
  BOOST_TEST(app::spoken_text("110105********002X") == "幺幺零幺零五，隐藏八位，零零二叉");
  BOOST_TEST(app::spoken_text("减免 50%") == "减免 百分之五十");
}

BOOST_AUTO_TEST_CASE(a_field_value_is_read_by_its_type) {
  form::FieldView f;
  f.type = "resident_id";
  BOOST_TEST(app::spoken_value(f, "110105199003070023") == "幺幺零幺零五，幺九九零零三零七，零零二三");
  f.type = "mobile";
  BOOST_TEST(app::spoken_value(f, "13800138000") == "幺三八，零零幺三，八零零零");
  f.type = "date";
  BOOST_TEST(app::spoken_value(f, "1985-06-01") == "一九八五年六月一日");
  f.type = "money";
  f.unit = "元";
  BOOST_TEST(app::spoken_value(f, "3200") == "三千二百元");
  f.type = "number";
  f.unit = "人";
  BOOST_TEST(app::spoken_value(f, "3") == "三人");
  f.type = "yes_no";
  BOOST_TEST(app::spoken_value(f, "false") == "否");
  f.type = "single_choice";
  f.choices = {{"m", "男", false}, {"f", "女", true}};
  BOOST_TEST(app::spoken_value(f, "f") == "女");
}

BOOST_AUTO_TEST_CASE(the_field_being_typed_is_read_after_the_title_with_its_hint_error_and_choices) {
  form::FieldView f;
  f.type = "resident_id";
  f.label = "身份证号";
  f.hint = "18位，末位可能是X";
  app::ScreenSpeech s;
  s.title = "身份证补领";
  s.texts = {"不会读这个"};
  s.field = &f;
  s.typed = "11010519900307";
  s.refusal = "身份证号应为18位";
  BOOST_TEST(app::speech_text(s) ==
             "身份证补领。正在填写：身份证号。已输入：幺幺零幺零五，幺九九零零三零七。提示：十八位，末位可能是X。请注意：身份证号应为十八位。");
  s.typed.clear();
  s.refusal.clear();
  f.type = "single_choice";
  f.choices = {{"m", "男", false}, {"f", "女", false}};
  f.hint.clear();
  BOOST_TEST(app::speech_text(s) == "身份证补领。正在填写：身份证号。还没有填写。可以选择：男、女。");
  s.title.clear();  // no title (a screen without one): the field alone
  BOOST_TEST(app::speech_text(s) == "正在填写：身份证号。还没有填写。可以选择：男、女。");
}

BOOST_AUTO_TEST_CASE(a_screen_is_read_title_first_then_its_text_once_each_without_the_controls) {
  app::ScreenSpeech s;
  s.title = "我要办";
  s.texts = {"我要办", "选择要办理的事项", "身份证补领", "上一页", "身份证补领", "下一页", "第2步"};
  BOOST_TEST(app::speech_text(s) == "我要办。选择要办理的事项。身份证补领。第二步。");
}

BOOST_AUTO_TEST_CASE(hanzi_become_toned_pinyin_and_words_choose_the_reading_of_a_polyphone) {
  BOOST_TEST(text::to_toned_pinyin("银行") == "yin2 hang2");
  BOOST_TEST(text::to_toned_pinyin("行长在银行") == "hang2 zhang3 zai4 yin2 hang2");
  BOOST_TEST(text::to_toned_pinyin("重庆") == "chong2 qing4");
  BOOST_TEST(text::to_toned_pinyin("重要") == "zhong4 yao4");
  BOOST_TEST(text::to_toned_pinyin("长大") == "zhang3 da4");
  BOOST_TEST(text::to_toned_pinyin("还款") == "huan2 kuan3");
  BOOST_TEST(text::to_toned_pinyin("还有") == "hai2 you3");
  BOOST_TEST(text::to_toned_pinyin("绿色") == "lv4 se4");
  BOOST_TEST(text::to_toned_pinyin("好了") == "hao3 le5");
  // 不 rises before a falling tone.
  BOOST_TEST(text::to_toned_pinyin("不是") == "bu2 shi4");
  BOOST_TEST(text::to_toned_pinyin("不同") == "bu4 tong2");
  // Punctuation becomes pauses; other text passes, apart from the syllables.
  BOOST_TEST(text::to_toned_pinyin("办理，请到窗口。") == "ban4 li3, qing3 dao4 chuang1 kou3.");
  BOOST_TEST(text::to_toned_pinyin("12345热线") == "12345 re4 xian4");
  BOOST_TEST(text::to_toned_pinyin("") == "");
  BOOST_TEST(text::to_toned_pinyin(std::string("\xff\xfe", 2)).size() > 0);  // malformed: read leniently
}

BOOST_AUTO_TEST_SUITE_END()
