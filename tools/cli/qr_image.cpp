#include "qr_image.h"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "files.h"
#include "report.h"
#include "scan/still_image.h"
#include "stb_image_write.h"

namespace tb::cli {

Gray::Gray(int width, int height, std::uint8_t fill)
    : w(width), h(height), px(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), fill) {}

void Gray::fill_rect(int x0, int y0, int x1, int y1, std::uint8_t v) {
  x0 = std::max(x0, 0), y0 = std::max(y0, 0), x1 = std::min(x1, w), y1 = std::min(y1, h);
  for (int y = y0; y < y1; ++y) std::memset(&at(0, y) + x0, v, static_cast<std::size_t>(std::max(0, x1 - x0)));
}

void draw_qr(Gray& img, const code::QrMatrix& m, int x, int y, int scale) {
  const int full = (m.size + 2 * kQuietZone) * scale;
  img.fill_rect(x, y, x + full, y + full, 255);
  for (int my = 0; my < m.size; ++my)
    for (int mx = 0; mx < m.size; ++mx)
      if (m.dark(mx, my)) {
        const int px = x + (mx + kQuietZone) * scale, py = y + (my + kQuietZone) * scale;
        img.fill_rect(px, py, px + scale, py + scale, 0);
      }
}

namespace {
void put_be32(std::string& s, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s.push_back(static_cast<char>((v >> shift) & 0xFF));
}

// The pHYs chunk (pixels per metre, both ways), which stb does not write.
std::string phys_chunk(int dpi) {
  const auto ppm = static_cast<std::uint32_t>(std::lround(dpi / 0.0254));
  std::string body = "pHYs";
  put_be32(body, ppm);
  put_be32(body, ppm);
  body.push_back(1);  // unit: metre
  std::string chunk;
  put_be32(chunk, 9);
  chunk += body;
  put_be32(chunk, static_cast<std::uint32_t>(::crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
  return chunk;
}
}  // namespace

std::optional<std::string> encode_png(const Gray& img, int dpi) {
  stbi_write_png_compression_level = 9;
  std::string png;
  const auto append = [](void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &png, img.w, img.h, 1, img.px.data(), img.w) || png.size() < 33) return std::nullopt;
  // Right after IHDR: the 8-byte signature + IHDR (4 length + 4 type + 13 data + 4 CRC) = 33 bytes.
  if (dpi > 0) png.insert(33, phys_chunk(dpi));
  return png;
}

std::string load_image(const std::string& path, Gray* out) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return std::strerror(errno);
  if (S_ISDIR(st.st_mode)) return "is a directory";
  const auto data = try_read_file(path);
  if (!data) return data.detail().substr(data.detail().rfind(": ") == std::string::npos ? 0 : data.detail().rfind(": ") + 2);
  scan::GreyImage img;
  if (std::string why = scan::decode_still_image(*data, &img); !why.empty()) return why;
  out->w = img.width, out->h = img.height;
  out->px = std::move(img.pixels);
  return {};
}

bool has_extension(const std::string& path, const char* ext) {
  const std::size_t n = std::strlen(ext);
  if (path.size() < n) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(path[path.size() - n + i])) != ext[i]) return false;
  return true;
}

CLI::Option* add_ecc_option(CLI::App& app, code::QrOptions& into) {
  auto* option = app.add_option_function<std::string>(
      "--ecc",
      [&into](const std::string& s) {
        const std::string level = s.size() == 1 ? std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])))) : s;
        if (level == "L") into.ecc = code::QrEcc::L;
        else if (level == "M") into.ecc = code::QrEcc::M;
        else if (level == "Q") into.ecc = code::QrEcc::Q;
        else if (level == "H") into.ecc = code::QrEcc::H;
        else fail_usage("--ecc must be L, M, Q or H, got '" + s + "'");
      },
      "error correction: L (7%), M (15%, default), Q (25%) or H (30%)");
  return option->type_name("LEVEL");
}

const char* ecc_name(code::QrEcc e) {
  switch (e) {
    case code::QrEcc::L: return "L";
    case code::QrEcc::M: return "M";
    case code::QrEcc::Q: return "Q";
    case code::QrEcc::H: return "H";
  }
  return "?";
}

}  // namespace tb::cli
