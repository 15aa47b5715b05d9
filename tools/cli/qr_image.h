#pragma once
// Grey images of QR codes for `tongban code render|scan|sheet`: a symbol drawn with its quiet zone,
// PNG out through stb (with the resolution recorded for printing), PNG/JPEG in through stb, and the
// error-correction option render and sheet share.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "code/qr.h"

namespace tb::cli {

constexpr int kQuietZone = 4;  // modules of light margin around every symbol (ISO/IEC 18004)

// 8-bit grey, row-major, 0 = black, 255 = white.
struct Gray {
  int w = 0, h = 0;
  std::vector<std::uint8_t> px;
  Gray() = default;
  Gray(int width, int height, std::uint8_t fill = 255);
  std::uint8_t& at(int x, int y) { return px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)]; }
  void fill_rect(int x0, int y0, int x1, int y1, std::uint8_t v);  // [x0,x1) x [y0,y1), clipped
};

// Draws the symbol with its quiet zone, `scale` pixels per module, top-left corner at (x, y).
void draw_qr(Gray& img, const code::QrMatrix& m, int x, int y, int scale);

// A grey PNG. With dpi > 0 it also records the resolution, so a print dialog sizes an A4 sheet as A4.
std::optional<std::string> encode_png(const Gray& img, int dpi);

// Loads a PNG, JPEG (or anything else stb_image reads) as grey: scan::decode_still_image, whose
// size limit it keeps. Returns an empty string on success, else why not ("empty file", "is a
// directory", …).
std::string load_image(const std::string& path, Gray* out);

// Whether `path` ends with `ext` (".png"), in any case.
bool has_extension(const std::string& path, const char* ext);

// --ecc L|M|Q|H (either case) into `into.ecc`.
CLI::Option* add_ecc_option(CLI::App& app, code::QrOptions& into);
const char* ecc_name(code::QrEcc e);

}  // namespace tb::cli
