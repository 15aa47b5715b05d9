// `tongban code render`: a city code (or any text) as a QR image, PNG or SVG. The core encodes
// (core/code/qr.h, qr_svg.h); this draws pixels and writes the file.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "code/qr.h"
#include "code/qr_svg.h"
#include "code_commands.h"
#include "files.h"
#include "options.h"
#include "qr_image.h"
#include "report.h"

namespace tb::cli {
namespace {

struct RenderOptions {
  std::string text, out;
  std::optional<std::int64_t> scale;
  code::QrOptions qr;
};

int run_render(const RenderOptions& o) {
  const bool svg = has_extension(o.out, ".svg");
  if (!svg && !has_extension(o.out, ".png")) fail_usage("-o must name a .png or .svg file");
  const int scale = static_cast<int>(o.scale.value_or(8));
  const code::QrResult qr = code::qr_encode(o.text, o.qr);
  if (!qr) fail_with(qr);
  const int side = (qr->size + 2 * kQuietZone) * scale;
  std::string data;
  if (svg) {
    data = code::qr_svg(*qr, kQuietZone);
    const std::string n = std::to_string(side);
    data.insert(data.find("<svg ") + 5, "width=\"" + n + "\" height=\"" + n + "\" ");
    data += "\n";
  } else {
    if (static_cast<long long>(side) * side > 400LL * 1000 * 1000) fail_usage("the image would be too large: lower --scale");
    Gray img(side, side);
    draw_qr(img, *qr, 0, 0, scale);
    auto png = encode_png(img, 0);
    if (!png) fail_io("cannot encode the PNG");
    data = std::move(*png);
  }
  write_file_atomic(o.out, data, 0644);
  std::printf("%s: QR version %d-%s, %dx%d modules + quiet zone %d, %dx%d %s\n", o.out.c_str(), qr->version,
              ecc_name(qr->ecc), qr->size, qr->size, kQuietZone, side, side, svg ? "units" : "px");
  return 0;
}

}  // namespace

void add_code_render(CommandTree& tree, CLI::App& code) {
  auto o = std::make_shared<RenderOptions>();
  CLI::App& app = tree.add(code,
                           {"render", "a code as a QR image (PNG or SVG)", "TEXT -o FILE.png|FILE.svg [--scale N] [--ecc L|M|Q|H]",
                            "The symbol has a 4-module quiet zone; the smallest QR version that fits is used."},
                           [o] { return run_render(*o); });
  app.add_option("TEXT", o->text, "what the code carries (a city code TB…: as printed by `tongban code`, or any text)")->required();
  app.add_option("-o", o->out, ".png: grey PNG, N pixels per module; .svg: vector, N user units per module")
      ->type_name("FILE.png|FILE.svg")
      ->required();
  add_whole(app, "--scale", o->scale, 1, 100, "pixels per module (default 8)");
  add_ecc_option(app, o->qr);
}

}  // namespace tb::cli
