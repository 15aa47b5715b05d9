#pragma once
// Test helper: reads an ESC/POS job back the way a receipt printer would take it — the commands
// the kiosk's slips use, text converted from GB18030 to UTF-8 line by line, the QR command's stored
// data, raster images (GS v 0) as grey pixels — and refuses any byte it does not understand, with
// its offset, so a slip that would print garbage fails the test. Used by test_print.cpp and by the
// escpos_read tool the kiosk tests run on what a test printer received.
#include <cstdint>
#include <string>
#include <vector>

#include "host/gb18030.h"

namespace tb::test {

struct RasterImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> grey;  // 0 = printed dot, 255 = paper
};

struct PrintedJob {
  std::vector<std::string> lines;     // UTF-8
  std::vector<std::string> qr_codes;  // what GS ( k stored and printed
  std::vector<RasterImage> images;
  bool chinese_mode = false, cut = false;
  std::string error;  // empty when every byte was understood
};

inline PrintedJob read_escpos(const std::string& b) {
  PrintedJob job;
  std::string text, qr_stored;
  std::size_t i = 0;
  auto need = [&](std::size_t n) {
    if (i + n > b.size()) job.error = "truncated command at byte " + std::to_string(i);
    return job.error.empty();
  };
  auto u8 = [&](std::size_t at) { return static_cast<std::uint8_t>(b[at]); };
  while (i < b.size() && job.error.empty()) {
    const std::uint8_t c = u8(i);
    if (c == '\n') {
      const auto utf8 = host::gb18030_to_utf8(text);
      if (!utf8) job.error = "text before byte " + std::to_string(i) + " is not GB18030";
      else job.lines.push_back(*utf8);
      text.clear();
      ++i;
    } else if (c == 0x1b) {  // ESC
      if (!need(2)) break;
      const char cmd = b[i + 1];
      if (cmd == '@') i += 2;
      else if ((cmd == 'a' || cmd == 'E' || cmd == 'd') && need(3)) i += 3;
      else job.error = "unknown ESC command at byte " + std::to_string(i);
    } else if (c == 0x10) {  // DLE EOT n: a real-time status request, answered, never printed
      if (need(3) && b[i + 1] == 0x04) i += 3;
      else if (job.error.empty()) job.error = "unknown DLE command at byte " + std::to_string(i);
    } else if (c == 0x1c) {  // FS
      if (!need(2)) break;
      if (b[i + 1] == '&') job.chinese_mode = true;
      else if (b[i + 1] == '.') job.chinese_mode = false;
      else job.error = "unknown FS command at byte " + std::to_string(i);
      i += 2;
    } else if (c == 0x1d) {  // GS
      if (!need(2)) break;
      const char cmd = b[i + 1];
      if (cmd == '!' && need(3)) {
        i += 3;
      } else if (cmd == 'V' && need(3)) {
        job.cut = true;
        i += (u8(i + 2) == 65 || u8(i + 2) == 66) ? 4 : 3;
      } else if (cmd == '(' && need(5) && b[i + 2] == 'k') {
        const std::size_t n = u8(i + 3) | (u8(i + 4) << 8);
        if (!need(5 + n) || n < 2) break;
        const std::string params = b.substr(i + 5, n);
        if (params[0] == '1' && params[1] == 'P' && n >= 3) qr_stored = params.substr(3);  // cn fn m d…
        if (params[0] == '1' && params[1] == 'Q') job.qr_codes.push_back(qr_stored);
        i += 5 + n;
      } else if (cmd == 'v' && need(8) && b[i + 2] == '0') {
        RasterImage img;
        const int row_bytes = u8(i + 4) | (u8(i + 5) << 8);
        img.height = u8(i + 6) | (u8(i + 7) << 8);
        img.width = row_bytes * 8;
        const std::size_t size = static_cast<std::size_t>(row_bytes) * static_cast<std::size_t>(img.height);
        if (!need(8 + size)) break;
        img.grey.assign(static_cast<std::size_t>(img.width) * img.height, 255);
        for (int y = 0; y < img.height; ++y)
          for (int x = 0; x < img.width; ++x)
            if (u8(i + 8 + static_cast<std::size_t>(y) * row_bytes + x / 8) & (0x80 >> (x % 8)))
              img.grey[static_cast<std::size_t>(y) * img.width + x] = 0;
        job.images.push_back(std::move(img));
        i += 8 + size;
      } else if (job.error.empty()) {
        job.error = "unknown GS command at byte " + std::to_string(i);
      }
    } else if (c < 0x20) {
      job.error = "unexpected control byte " + std::to_string(c) + " at byte " + std::to_string(i);
    } else {
      text += static_cast<char>(c);
      ++i;
    }
  }
  if (job.error.empty() && !text.empty()) job.error = "text after the last line feed";
  return job;
}

}  // namespace tb::test
