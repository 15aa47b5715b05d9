// The receipt slip as ESC/POS: read back by tests/core/escpos_reader.h (GB18030 text, the QR
// command's data) and, for the raster fallback, the printed dots read with ZXing like a phone would.
#include <boost/test/unit_test.hpp>

#ifndef ZX_USE_UTF8
#define ZX_USE_UTF8
#endif
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <string>

#include "escpos_reader.h"
#include "host/gb18030.h"
#include "print/escpos.h"
#include "print/receipt_slip.h"

using namespace tb;

namespace {

const print::Encoder kGb18030 = [](std::string_view s) { return host::utf8_to_gb18030(s); };

print::ReceiptFacts facts(std::string code) {
  print::ReceiptFacts f;
  f.title = "社会保障卡申领";
  f.departments = "人力资源和社会保障局";
  f.id = "0123456789abcdef0123456789abcdef";
  f.receipt_code = std::move(code);
  f.local_seconds = 1795000000;  // 2026-11-18 11:06:40
  return f;
}

// A receipt code as long as a real one (Base45 of a signed receipt, ~250 characters).
std::string long_code() {
  std::string c = "TBR1:";
  for (int i = 0; i < 250; ++i) c += "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"[(i * 7) % 45];
  return c;
}

std::string read_raster(const test::RasterImage& img) {
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  const auto r = ZXing::ReadBarcode(ZXing::ImageView(img.grey.data(), img.width, img.height, ZXing::ImageFormat::Lum), hints);
  return r.isValid() ? r.text() : std::string("(unreadable)");
}

bool has_line(const test::PrintedJob& j, const std::string& l) { return std::find(j.lines.begin(), j.lines.end(), l) != j.lines.end(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(slip)

BOOST_AUTO_TEST_CASE(receipt_slip_with_the_printers_qr_command) {
  const std::string code = long_code();
  const auto bytes = print::escpos_slip(print::receipt_slip(facts(code)), kGb18030, {384, print::QrMode::Command});
  BOOST_REQUIRE_MESSAGE(bytes, bytes.message());
  const auto job = test::read_escpos(*bytes);
  BOOST_REQUIRE_MESSAGE(job.error.empty(), job.error);
  BOOST_TEST(job.chinese_mode);
  BOOST_TEST(job.cut);
  BOOST_TEST(has_line(job, "通办 办件回执"));
  BOOST_TEST(has_line(job, "事项：社会保障卡申领"));
  BOOST_TEST(has_line(job, "送达：人力资源和社会保障局"));
  BOOST_TEST(has_line(job, "时间：2026-11-18 11:06"));
  BOOST_TEST(has_line(job, "回执编号：01234567"));
  BOOST_TEST(has_line(job, "状态：已提交。请保留本回执，凭二维码查询办理进度。"));
  BOOST_REQUIRE_EQUAL(job.qr_codes.size(), 1u);
  BOOST_TEST(job.qr_codes[0] == code);
  BOOST_TEST(job.images.empty());
  // The text really is GB18030, not UTF-8 passed through: 通 is 0xCD 0xA8.
  BOOST_TEST(bytes->find("\xCD\xA8") != std::string::npos);
  BOOST_TEST(bytes->find("通") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(raster_fallback_reads_back_with_zxing_on_58_and_80_mm) {
  const std::string code = long_code();
  for (const int dots : {384, 576}) {
    const auto bytes = print::escpos_slip(print::receipt_slip(facts(code)), kGb18030, {dots, print::QrMode::Raster});
    BOOST_REQUIRE_MESSAGE(bytes, bytes.message());
    const auto job = test::read_escpos(*bytes);
    BOOST_REQUIRE_MESSAGE(job.error.empty(), job.error);
    BOOST_TEST(job.qr_codes.empty());
    BOOST_REQUIRE_EQUAL(job.images.size(), 1u);
    BOOST_TEST(job.images[0].width <= dots + 7);  // whole bytes per row, never wider than the paper
    BOOST_TEST(read_raster(job.images[0]) == code);
    BOOST_TEST(has_line(job, "回执编号：01234567"));
  }
}

BOOST_AUTO_TEST_CASE(queued_slip_says_so_and_carries_no_code) {
  const auto bytes = print::escpos_slip(print::receipt_slip(facts("")), kGb18030, {});
  BOOST_REQUIRE(bytes);
  const auto job = test::read_escpos(*bytes);
  BOOST_REQUIRE_MESSAGE(job.error.empty(), job.error);
  BOOST_TEST(job.qr_codes.empty());
  BOOST_TEST(job.images.empty());
  BOOST_TEST(has_line(job, "状态：排队中。网络恢复后自动提交，回执以工作人员查询为准。"));
}

BOOST_AUTO_TEST_CASE(rare_characters_take_gb18030_four_byte_forms) {
  print::Slip s;
  s.lines.push_back({"姓名：𠮷𡘙"});  // outside GBK: four-byte GB18030
  const auto bytes = print::escpos_slip(s, kGb18030, {});
  BOOST_REQUIRE(bytes);
  const auto job = test::read_escpos(*bytes);
  BOOST_REQUIRE_MESSAGE(job.error.empty(), job.error);
  BOOST_TEST(job.lines.at(0) == "姓名：𠮷𡘙");
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused_naming_the_line) {
  print::Slip s;
  s.lines.push_back({"第一行"});
  s.lines.push_back({std::string("bad \xff\xfe utf-8")});
  const auto bytes = print::escpos_slip(s, kGb18030, {});
  BOOST_TEST(!bytes);
  BOOST_TEST((bytes.reason() == Fault::Malformed));
  BOOST_TEST(bytes.detail().find("第 2 行") != std::string::npos, bytes.detail());

  print::Slip big;
  big.qr = std::string(8000, 'A');
  const auto too_long = print::escpos_slip(big, kGb18030, {});
  BOOST_TEST(!too_long);
  BOOST_TEST((too_long.reason() == Fault::TooLarge));

  print::Slip wide;
  wide.qr = long_code();
  const auto narrow = print::escpos_slip(wide, kGb18030, {100, print::QrMode::Raster});
  BOOST_TEST(!narrow);
  BOOST_TEST(narrow.detail() == "回执码比纸宽");
}

BOOST_AUTO_TEST_CASE(the_reader_refuses_what_a_printer_would_not_understand) {
  BOOST_TEST(!test::read_escpos("\x1b\x7f").error.empty());
  BOOST_TEST(!test::read_escpos("abc").error.empty());  // no line feed: never printed
  BOOST_TEST(!test::read_escpos("\x1d(k\x09\x00" "1P0").error.empty());  // shorter than it says
  BOOST_TEST(test::read_escpos(std::string("\x1b@\xCD\xA8\n", 5)).lines.at(0) == "通");
}

BOOST_AUTO_TEST_SUITE_END()
