#include "print/escpos.h"

#include <algorithm>

#include "code/qr.h"

namespace tb::print {
namespace {

constexpr char ESC = 0x1b, GS = 0x1d, FS = 0x1c;

void append_u16(std::string& out, std::size_t n) {
  out += static_cast<char>(n & 0xff);
  out += static_cast<char>((n >> 8) & 0xff);
}

// GS ( k, function 1xx of the QR symbol: parameters counted in pL pH.
void qr_function(std::string& out, char fn, std::string_view params) {
  out += GS;
  out += "(k";
  append_u16(out, params.size() + 2);
  out += '1';  // cn = 49: QR Code
  out += fn;
  out.append(params);
}

void qr_command(std::string& out, std::string_view text, int module_dots) {
  qr_function(out, 'A', std::string{'2', '\0'});                      // model 2
  qr_function(out, 'C', std::string(1, static_cast<char>(module_dots)));  // module size in dots
  qr_function(out, 'E', "1");                                          // error correction M (49)
  qr_function(out, 'P', std::string("0") + std::string(text));         // store the data
  qr_function(out, 'Q', "0");                                          // print it
}

// GS v 0: one bit per dot, rows of whole bytes, most significant bit leftmost, 1 = black.
void qr_raster(std::string& out, const code::QrMatrix& m, int module_dots) {
  const int quiet = 4, side = (m.size + 2 * quiet) * module_dots, row_bytes = (side + 7) / 8;
  out += GS;
  out += "v0";
  out += '\0';  // normal density
  append_u16(out, static_cast<std::size_t>(row_bytes));
  append_u16(out, static_cast<std::size_t>(side));
  for (int y = 0; y < side; ++y) {
    std::string row(static_cast<std::size_t>(row_bytes), '\0');
    for (int x = 0; x < side; ++x)
      if (m.dark(x / module_dots - quiet, y / module_dots - quiet))
        row[static_cast<std::size_t>(x / 8)] = static_cast<char>(row[static_cast<std::size_t>(x / 8)] | (0x80 >> (x % 8)));
    out += row;
  }
}

Status<Fault> lines(std::string& out, const std::vector<SlipLine>& ls, const Encoder& encode) {
  for (std::size_t i = 0; i < ls.size(); ++i) {
    const SlipLine& l = ls[i];
    const auto bytes = encode(l.text);
    if (!bytes) return {Fault::Malformed, "第 " + std::to_string(i + 1) + " 行的文字无法转成打印机编码（GB18030）"};
    out += ESC, out += 'a', out += static_cast<char>(l.centred ? 1 : 0);
    out += GS, out += '!', out += static_cast<char>(l.heading ? 0x11 : 0x00);
    out += ESC, out += 'E', out += static_cast<char>(l.heading ? 1 : 0);
    out += *bytes;
    out += '\n';
  }
  out += GS, out += '!', out += '\0';
  out += ESC, out += 'E', out += '\0';
  return {};
}

}  // namespace

Result<std::string, Fault> escpos_slip(const Slip& slip, const Encoder& encode, const PrinterShape& shape) {
  std::string out;
  out += ESC, out += '@';  // initialise: forget any mode a previous job left
  out += FS, out += '&';   // Chinese character mode: GB18030's two- and four-byte sequences
  if (auto s = lines(out, slip.lines, encode); !s) return {s.reason(), s.detail()};
  if (!slip.qr.empty()) {
    const auto qr = code::qr_encode(slip.qr);
    if (!qr) return {Fault::TooLarge, "回执码太长，无法生成二维码"};
    const int quiet = 4, modules = qr->size + 2 * quiet;
    // As large as the paper allows, up to 8 dots a module (4 mm per 32 modules at 203 dpi), never below 2.
    const int module_dots = std::min(8, shape.dots_per_line / modules);
    if (module_dots < 2) return {Fault::TooLarge, "回执码比纸宽"};
    out += ESC, out += 'a', out += '\1';
    if (shape.qr == QrMode::Command) qr_command(out, slip.qr, module_dots);
    else qr_raster(out, *qr, module_dots);
    out += '\n';
  }
  if (auto s = lines(out, slip.after_qr, encode); !s) return {s.reason(), s.detail()};
  out += ESC, out += 'd', out += '\4';           // feed 4 lines past the cutter
  out += GS, out += 'V', out += 'A', out += '\0';  // partial cut after feeding
  return out;
}

}  // namespace tb::print
