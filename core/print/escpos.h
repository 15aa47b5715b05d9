#pragma once
// A slip as ESC/POS bytes for the kiosk's thermal printer (58/80 mm, Epson's command set, which
// Chinese receipt printers follow): text in GB18030, the printer's Chinese mode (FS &), double
// size for headings (GS !), centring (ESC a), a QR code either with the printer's own QR command
// (GS ( k, model 2) or drawn as a raster image (GS v 0) for printers that lack it, then feed and
// cut (GS V). Pure: the text is converted by an encoder the shell hands in (iconv natively), so
// the core holds no code-page table.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace tb::print {

// UTF-8 → GB18030 bytes, or nullopt for text that has no GB18030 form (invalid UTF-8).
using Encoder = std::function<std::optional<std::string>(std::string_view utf8)>;

enum class QrMode { Command, Raster };

struct SlipLine {
  std::string text;  // UTF-8; one printed line or a paragraph the printer wraps
  bool heading = false;  // double width and height, bold
  bool centred = false;
};

struct Slip {
  std::vector<SlipLine> lines;    // above the code
  std::string qr;                 // the code's text (empty: no code)
  std::vector<SlipLine> after_qr; // below the code
};

struct PrinterShape {
  int dots_per_line = 384;  // 58 mm paper at 203 dpi; 576 for 80 mm
  QrMode qr = QrMode::Command;
};

// The whole job, initialise to cut. Fails (Fault::Malformed) naming the line its encoder refused,
// or (Fault::TooLarge) a code too long for a QR symbol or wider than the paper.
Result<std::string, Fault> escpos_slip(const Slip& slip, const Encoder& encode, const PrinterShape& shape);

}  // namespace tb::print
