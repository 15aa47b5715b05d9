// escpos_read FILE: what a receipt printer would make of an ESC/POS job (tests/core/escpos_reader.h)
// as JSON — {"lines": [UTF-8…], "qr_command": [data…], "qr_raster": [text ZXing read from each
// raster image…], "chinese_mode", "cut"} — or {"error": …} and exit 1. Run by the kiosk tests on
// what their test printer received.
#ifndef ZX_USE_UTF8
#define ZX_USE_UTF8
#endif
#include <ZXing/ReadBarcode.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "../core/escpos_reader.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: escpos_read FILE\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), {});
  const auto job = tb::test::read_escpos(bytes);
  nlohmann::json out;
  if (!job.error.empty()) {
    out["error"] = job.error;
    std::cout << out.dump() << "\n";
    return 1;
  }
  out["lines"] = job.lines;
  out["qr_command"] = job.qr_codes;
  out["qr_raster"] = nlohmann::json::array();
  for (const auto& img : job.images) {
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    const auto r = ZXing::ReadBarcode(ZXing::ImageView(img.grey.data(), img.width, img.height, ZXing::ImageFormat::Lum), hints);
    out["qr_raster"].push_back(r.isValid() ? r.text() : "");
  }
  out["chinese_mode"] = job.chinese_mode;
  out["cut"] = job.cut;
  std::cout << out.dump() << "\n";
  return 0;
}
