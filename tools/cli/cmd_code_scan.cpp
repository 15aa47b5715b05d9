// `tongban code scan`: every QR code in images (PNG, JPEG, …), read with ZXing-cpp through
// scan/ (the same decoder family the browser ships as zxing-wasm).
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "code_commands.h"
#include "qr_image.h"
#include "report.h"
#include "scan/qr_read.h"

namespace tb::cli {
namespace {

// One output line per code: control characters and backslashes escaped (\n, \t, \\, \xHH), so a
// code with a line break still takes one line. City codes (TB…:) never need escaping.
std::string one_line(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7F) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// A line on stderr about one image (after what stdout already holds).
void image_problem(const std::string& path, const std::string& what) {
  std::fflush(stdout);
  std::fprintf(stderr, "%s: %s\n", path.c_str(), what.c_str());
}

int run_scan(const std::vector<std::string>& images) {
  const bool prefix = images.size() > 1;
  int status = 0;
  for (const auto& path : images) {
    Gray img;
    if (const std::string why = load_image(path, &img); !why.empty()) {
      image_problem(path, "cannot read image: " + why);
      status = kExitIo;
      continue;
    }
    std::vector<std::string> texts;
    try {
      texts = scan::read_qr_still(scan::GreyView{img.px.data(), img.w, img.h, img.w});
    } catch (const std::exception& e) {  // ZXing reports through results; this is a last resort
      image_problem(path, std::string("cannot read image: the decoder failed (") + e.what() + ")");
      status = kExitIo;
      continue;
    }
    if (texts.empty()) {
      image_problem(path, "no code found");
      if (status == 0) status = kExitRefused;
      continue;
    }
    for (const auto& t : texts) {
      if (prefix) std::printf("%s: %s\n", path.c_str(), one_line(t).c_str());
      else std::printf("%s\n", one_line(t).c_str());
    }
  }
  std::fflush(stdout);
  return status;
}

}  // namespace

void add_code_scan(CommandTree& tree, CLI::App& code) {
  auto images = std::make_shared<std::vector<std::string>>();
  CLI::App& app = tree.add(code,
                           {"scan", "read every QR code in images (PNG, JPEG; also BMP, GIF, TGA, PNM) with ZXing-cpp", "IMAGE…",
                            "stdout: one line per code found. With one IMAGE the line is the code's text;\n"
                            "        with several, it is `IMAGE: TEXT`. Control characters and backslashes in a text are\n"
                            "        escaped (\\n, \\r, \\t, \\\\, \\xHH) so each code stays on one line.\n"
                            "stderr: one line for each image without a result: `IMAGE: no code found` or\n"
                            "        `IMAGE: cannot read image: WHY`.\n"
                            "exit 0 every image had a code, 1 some image had none, 3 some image could not be read"},
                           [images] { return run_scan(*images); });
  app.add_option("IMAGE", *images, "the image files")->required();
}

}  // namespace tb::cli
