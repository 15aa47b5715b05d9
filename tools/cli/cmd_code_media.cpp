// `tongban code render|scan|sheet`: city codes as images. The core encodes (core/code/qr.h); this
// shell does what the core never does: pixels and files. PNG and JPEG in and PNG out through stb
// (Debian's libstb), decoding through scan/ (Debian's libzxing, the same decoder family the
// browser ships as zxing-wasm), label text through stb_truetype with the kiosk's CJK font.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stb_image.h"
#include "stb_image_write.h"
#include "stb_truetype.h"

#include "args.h"
#include "code/qr.h"
#include "code/qr_svg.h"
#include "commands.h"
#include "files.h"
#include "scan/qr_read.h"

namespace tb::cli {
namespace {

constexpr int kQuietZone = 4;  // modules of light margin around every symbol (ISO/IEC 18004)

// ---- Images ---------------------------------------------------------------------------------------
// 8-bit grey, row-major, 0 = black, 255 = white.
struct Gray {
  int w = 0, h = 0;
  std::vector<std::uint8_t> px;
  Gray() = default;
  Gray(int width, int height, std::uint8_t fill = 255)
      : w(width), h(height), px(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), fill) {}
  std::uint8_t& at(int x, int y) { return px[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)]; }
  void fill_rect(int x0, int y0, int x1, int y1, std::uint8_t v) {  // [x0,x1) x [y0,y1), clipped
    x0 = std::max(x0, 0), y0 = std::max(y0, 0), x1 = std::min(x1, w), y1 = std::min(y1, h);
    for (int y = y0; y < y1; ++y) std::memset(&at(0, y) + x0, v, static_cast<std::size_t>(std::max(0, x1 - x0)));
  }
};

// Draws the symbol with its quiet zone, `scale` pixels per module, top-left corner at (x, y).
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

std::uint32_t crc32(const unsigned char* p, std::size_t n, std::uint32_t crc = 0) {
  crc = ~crc;
  for (std::size_t i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void put_be32(std::string& s, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s.push_back(static_cast<char>((v >> shift) & 0xFF));
}

// A grey PNG. With dpi > 0 it also carries a pHYs chunk, so a print dialog sizes an A4 sheet as A4.
std::optional<std::string> encode_png(const Gray& img, int dpi) {
  stbi_write_png_compression_level = 9;
  std::string png;
  const auto append = [](void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &png, img.w, img.h, 1, img.px.data(), img.w) || png.size() < 33) return std::nullopt;
  if (dpi > 0) {  // 8-byte signature + IHDR (4 length + 4 type + 13 data + 4 CRC) = 33 bytes
    const auto ppm = static_cast<std::uint32_t>(std::lround(dpi / 0.0254));
    std::string body = "pHYs";
    put_be32(body, ppm);
    put_be32(body, ppm);
    body.push_back(1);  // unit: metre
    std::string chunk;
    put_be32(chunk, 9);
    chunk += body;
    put_be32(chunk, crc32(reinterpret_cast<const unsigned char*>(body.data()), body.size()));
    png.insert(33, chunk);
  }
  return png;
}

// Loads a PNG, JPEG (or anything else stb_image reads: BMP, GIF, TGA, PNM) as grey.
// Returns an empty string on success, else why not.
std::string load_image(const std::string& path, Gray* out) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return std::strerror(errno);
  if (S_ISDIR(st.st_mode)) return "is a directory";
  std::string err;
  const auto data = read_file(path, &err);
  if (!data) return err.substr(err.rfind(": ") == std::string::npos ? 0 : err.rfind(": ") + 2);
  if (data->empty()) return "empty file";
  int w = 0, h = 0, comp = 0;
  unsigned char* px = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(data->data()), static_cast<int>(data->size()),
                                            &w, &h, &comp, 1);
  if (!px) {
    const char* why = stbi_failure_reason();
    return std::string("not a PNG or JPEG image we can decode (") + (why ? why : "unknown reason") + ")";
  }
  out->w = w, out->h = h;
  out->px.assign(px, px + static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  stbi_image_free(px);
  return {};
}

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

bool ends_with_ci(const std::string& s, const char* suffix) {
  const std::size_t n = std::strlen(suffix);
  if (s.size() < n) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - n + i])) != suffix[i]) return false;
  return true;
}

std::optional<code::QrEcc> parse_ecc(const std::string& s) {
  if (s == "L" || s == "l") return code::QrEcc::L;
  if (s == "M" || s == "m") return code::QrEcc::M;
  if (s == "Q" || s == "q") return code::QrEcc::Q;
  if (s == "H" || s == "h") return code::QrEcc::H;
  return std::nullopt;
}

std::optional<int> parse_int(const std::string& s, int lo, int hi) {
  if (s.empty() || s.size() > 6) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < lo || v > hi) return std::nullopt;
  return v;
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

// ---- Text (stb_truetype) --------------------------------------------------------------------------
std::vector<std::uint32_t> utf8_codepoints(const std::string& s) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + static_cast<std::size_t>(n) > s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    std::uint32_t cp = n == 1 ? c : c & (0x7Fu >> n);
    bool ok = true;
    for (int k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc >> 6) != 2) ok = false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    out.push_back(ok ? cp : 0xFFFD);
    i += ok ? static_cast<std::size_t>(n) : 1;
  }
  return out;
}

struct Font {
  std::string path;
  std::string data;
  stbtt_fontinfo info{};
};

std::unique_ptr<Font> load_font(const std::string& path, std::string* error) {
  auto f = std::make_unique<Font>();
  f->path = path;
  auto data = read_file(path, error);
  if (!data) return nullptr;
  f->data = std::move(*data);
  const auto* bytes = reinterpret_cast<const unsigned char*>(f->data.data());
  const int offset = stbtt_GetFontOffsetForIndex(bytes, 0);  // .ttc: the first face
  if (offset < 0 || !stbtt_InitFont(&f->info, bytes, offset)) {
    *error = path + ": not a TrueType/OpenType font stb_truetype can read";
    return nullptr;
  }
  return f;
}

// Text in the first font that has each character (the kiosk's subset font, then a full CJK font).
class TextPainter {
 public:
  explicit TextPainter(std::vector<std::unique_ptr<Font>> fonts) : fonts_(std::move(fonts)) {}
  bool empty() const { return fonts_.empty(); }

  // Width in pixels of `text` at `px` pixels of font height; notes characters no font has.
  int width(const std::vector<std::uint32_t>& text, float px, std::vector<std::uint32_t>* missing = nullptr) const {
    float x = 0;
    for (std::uint32_t cp : text) {
      int glyph = 0;
      const Font* f = pick(cp, &glyph);
      if (!glyph && missing) missing->push_back(cp);
      int adv = 0, lsb = 0;
      stbtt_GetGlyphHMetrics(&f->info, glyph, &adv, &lsb);
      x += static_cast<float>(adv) * scale(*f, px);
    }
    return static_cast<int>(std::ceil(x));
  }

  // Dark text on `img`, left edge x, baseline y.
  void draw(Gray& img, const std::vector<std::uint32_t>& text, float px, int x, int baseline) const {
    float pen = static_cast<float>(x);
    for (std::uint32_t cp : text) {
      int glyph = 0;
      const Font* f = pick(cp, &glyph);
      const float s = scale(*f, px);
      int w = 0, h = 0, xo = 0, yo = 0;
      const float shift = pen - std::floor(pen);
      unsigned char* bm = stbtt_GetGlyphBitmapSubpixel(&f->info, s, s, shift, 0, glyph, &w, &h, &xo, &yo);
      if (bm) {
        const int gx = static_cast<int>(std::floor(pen)) + xo, gy = baseline + yo;
        for (int yy = 0; yy < h; ++yy)
          for (int xx = 0; xx < w; ++xx) {
            const int X = gx + xx, Y = gy + yy;
            if (X < 0 || Y < 0 || X >= img.w || Y >= img.h) continue;
            const int ink = bm[yy * w + xx];
            auto& p = img.at(X, Y);
            p = static_cast<std::uint8_t>(std::min<int>(p, p * (255 - ink) / 255));
          }
        stbtt_FreeBitmap(bm, nullptr);
      }
      int adv = 0, lsb = 0;
      stbtt_GetGlyphHMetrics(&f->info, glyph, &adv, &lsb);
      pen += static_cast<float>(adv) * s;
    }
  }

  // Ascent of the first font at `px`, for placing baselines.
  int ascent(float px) const {
    int a = 0, d = 0, g = 0;
    stbtt_GetFontVMetrics(&fonts_.front()->info, &a, &d, &g);
    return static_cast<int>(std::lround(static_cast<float>(a) * scale(*fonts_.front(), px)));
  }

  const std::string& primary_path() const { return fonts_.front()->path; }

 private:
  static float scale(const Font& f, float px) { return stbtt_ScaleForPixelHeight(&f.info, px); }
  const Font* pick(std::uint32_t cp, int* glyph) const {
    for (const auto& f : fonts_) {
      const int g = stbtt_FindGlyphIndex(&f->info, static_cast<int>(cp));
      if (g) {
        *glyph = g;
        return f.get();
      }
    }
    *glyph = 0;  // .notdef of the first font
    return fonts_.front().get();
  }
  std::vector<std::unique_ptr<Font>> fonts_;
};

std::string self_dir() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  std::string p(buf, static_cast<std::size_t>(n));
  return p.substr(0, p.rfind('/'));
}

bool is_file(const std::string& p) {
  struct stat st{};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

const char* kFallbackFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

// --font FILE if given (it must load), else the kiosk's subset font from the build, then Debian's
// WenQuanYi Micro Hei for any character the first font lacks.
std::optional<TextPainter> make_painter(const std::optional<std::string>& font_opt, std::string* error) {
  std::vector<std::unique_ptr<Font>> fonts;
  std::vector<std::string> candidates;
  if (font_opt) {
    auto f = load_font(*font_opt, error);
    if (!f) return std::nullopt;
    fonts.push_back(std::move(f));
  } else {
    const std::string here = self_dir();  // build/native/tools/tongban → build/native/assets/
    if (!here.empty()) candidates.push_back(here + "/../assets/tongban-ui.ttf");
    candidates.push_back(std::string(TB_SOURCE_DIR) + "/build/native/assets/tongban-ui.ttf");
  }
  for (const auto& c : candidates) {  // the first kiosk font that loads
    if (!fonts.empty()) break;
    if (!is_file(c)) continue;
    std::string ignored;
    if (auto f = load_font(c, &ignored)) fonts.push_back(std::move(f));
  }
  if (is_file(kFallbackFont)) {  // then the full CJK font for whatever the first one lacks
    std::string ignored;
    if (auto f = load_font(kFallbackFont, &ignored)) fonts.push_back(std::move(f));
  }
  if (fonts.empty()) {
    *error = "no font found for the labels: build the kiosk font (build/native/assets/tongban-ui.ttf), install "
             "fonts-wqy-microhei, or pass --font FILE";
    return std::nullopt;
  }
  return TextPainter(std::move(fonts));
}

// ---- render ---------------------------------------------------------------------------------------
const char* kRenderUsage =
    "usage: tongban code render TEXT -o FILE.png|FILE.svg [--scale N] [--ecc L|M|Q|H]\n"
    "  TEXT         what the code carries (a city code TB…: as printed by `tongban code`, or any text)\n"
    "  -o FILE      .png: grey PNG, N pixels per module; .svg: vector, N user units per module\n"
    "  --scale N    pixels per module, 1..100 (default 8)\n"
    "  --ecc LEVEL  error correction L (7%), M (15%, default), Q (25%) or H (30%)\n"
    "  the symbol has a 4-module quiet zone; the smallest QR version that fits is used\n";

int render_usage(const std::string& message) {
  std::fprintf(stderr, "tongban code render: %s\n%s", message.c_str(), kRenderUsage);
  return 2;
}

// ---- scan -----------------------------------------------------------------------------------------
const char* kScanUsage =
    "usage: tongban code scan IMAGE…\n"
    "  Reads every QR code in each image (PNG, JPEG; also BMP, GIF, TGA, PNM) with ZXing-cpp.\n"
    "  stdout: one line per code found. With one IMAGE the line is the code's text;\n"
    "          with several, it is `IMAGE: TEXT`. Control characters and backslashes in a text are\n"
    "          escaped (\\n, \\r, \\t, \\\\, \\xHH) so each code stays on one line.\n"
    "  stderr: one line for each image without a result: `IMAGE: no code found` or\n"
    "          `IMAGE: cannot read image: WHY`.\n"
    "  exit 0 every image had a code, 1 some image had none, 3 some image could not be read\n";

// ---- sheet ----------------------------------------------------------------------------------------
const char* kSheetUsage =
    "usage: tongban code sheet --codes FILE -o SHEET.png [--per-row N] [--title T] [--font FILE] [--ecc L|M|Q|H]\n"
    "  A print-ready sheet of printed personal codes (随身码): A4 at 300 dpi (2480x3508 px, grey PNG\n"
    "  with its resolution recorded), codes in a grid with the holder's label under each and cut marks.\n"
    "  --codes FILE   one code per line: CODE_TEXT<TAB>LABEL (LABEL already masked, e.g. 张*三; optional);\n"
    "                 empty lines and lines starting with # are skipped\n"
    "  -o SHEET.png   one page: SHEET.png; more: SHEET-1.png, SHEET-2.png, … (the names are printed)\n"
    "  --per-row N    codes per row, 1..8 (default 4); rows per page follow from the code size\n"
    "  --title T      printed at the top of every page\n"
    "  --font FILE    TrueType/OpenType font for the labels (default: the kiosk font from the build,\n"
    "                 then fonts-wqy-microhei for characters it lacks)\n"
    "  --ecc LEVEL    error correction (default M); every code on the sheet gets the same module size\n";

int sheet_usage(const std::string& message) {
  std::fprintf(stderr, "tongban code sheet: %s\n%s", message.c_str(), kSheetUsage);
  return 2;
}

struct SheetEntry {
  int line = 0;
  std::string label;
  code::QrMatrix matrix;
};

std::string page_name(const std::string& out, int page, int pages) {
  if (pages == 1) return out;
  const auto slash = out.rfind('/');
  const auto dot = out.rfind('.');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  const std::string stem = has_ext ? out.substr(0, dot) : out, ext = has_ext ? out.substr(dot) : ".png";
  return stem + "-" + std::to_string(page) + ext;
}

// Cut mark: a small cross centred on (x, y).
void cross(Gray& img, int x, int y, int arm, int thick, std::uint8_t shade) {
  img.fill_rect(x - arm, y - thick / 2, x + arm + 1, y - thick / 2 + thick, shade);
  img.fill_rect(x - thick / 2, y - arm, x - thick / 2 + thick, y + arm + 1, shade);
}

}  // namespace

int cmd_code_render(const Argv& argv) {
  Args args(argv, {"-o", "--scale", "--ecc"}, {"--help"});
  if (args.flag("--help")) {
    std::fputs(kRenderUsage, stdout);
    return 0;
  }
  if (!args.ok()) return render_usage(args.error());
  if (args.positional().size() != 1) return render_usage(args.positional().empty() ? "TEXT is missing" : "give TEXT as one argument (quote it)");
  const std::string& text = args.positional().front();
  const auto out = args.get("-o");
  if (!out) return render_usage("-o FILE.png|FILE.svg is missing");
  const bool svg = ends_with_ci(*out, ".svg");
  if (!svg && !ends_with_ci(*out, ".png")) return render_usage("-o must name a .png or .svg file");
  int scale = 8;
  if (const auto s = args.get("--scale")) {
    const auto v = parse_int(*s, 1, 100);
    if (!v) return render_usage("--scale must be a whole number from 1 to 100");
    scale = *v;
  }
  code::QrOptions opt;
  if (const auto e = args.get("--ecc")) {
    const auto level = parse_ecc(*e);
    if (!level) return render_usage("--ecc must be L, M, Q or H");
    opt.ecc = *level;
  }
  const code::QrResult qr = code::qr_encode(text, opt);
  if (!qr.ok) {
    std::fprintf(stderr, "tongban code render: %s\n", qr.error.c_str());
    return 1;
  }
  const int side = (qr.matrix.size + 2 * kQuietZone) * scale;
  std::string data;
  if (svg) {
    data = code::qr_svg(qr.matrix, kQuietZone);
    const std::string n = std::to_string(side);
    data.insert(data.find("<svg ") + 5, "width=\"" + n + "\" height=\"" + n + "\" ");
    data += "\n";
  } else {
    if (static_cast<long long>(side) * side > 400LL * 1000 * 1000) return render_usage("the image would be too large: lower --scale");
    Gray img(side, side);
    draw_qr(img, qr.matrix, 0, 0, scale);
    auto png = encode_png(img, 0);
    if (!png) {
      std::fprintf(stderr, "tongban code render: cannot encode the PNG\n");
      return 3;
    }
    data = std::move(*png);
  }
  std::string err;
  if (!write_file_atomic(*out, data, 0644, &err)) {
    std::fprintf(stderr, "tongban code render: %s\n", err.c_str());
    return 3;
  }
  std::printf("%s: QR version %d-%s, %dx%d modules + quiet zone %d, %dx%d %s\n", out->c_str(), qr.matrix.version,
              ecc_name(qr.matrix.ecc), qr.matrix.size, qr.matrix.size, kQuietZone, side, side, svg ? "units" : "px");
  return 0;
}

int cmd_code_scan(const Argv& argv) {
  Args args(argv, {}, {"--help"});
  if (args.flag("--help")) {
    std::fputs(kScanUsage, stdout);
    return 0;
  }
  if (!args.ok() || args.positional().empty()) {
    std::fprintf(stderr, "tongban code scan: %s\n%s", args.ok() ? "IMAGE is missing" : args.error().c_str(), kScanUsage);
    return 2;
  }
  const auto& images = args.positional();
  const bool prefix = images.size() > 1;
  int status = 0;
  for (const auto& path : images) {
    Gray img;
    const std::string why = load_image(path, &img);
    if (!why.empty()) {
      std::fflush(stdout);
      std::fprintf(stderr, "%s: cannot read image: %s\n", path.c_str(), why.c_str());
      status = 3;
      continue;
    }
    std::vector<std::string> texts;
    try {
      texts = scan::read_qr_still(scan::GreyView{img.px.data(), img.w, img.h, img.w});
    } catch (const std::exception& e) {  // ZXing reports through results; this is a last resort
      std::fflush(stdout);
      std::fprintf(stderr, "%s: cannot read image: the decoder failed (%s)\n", path.c_str(), e.what());
      status = 3;
      continue;
    }
    if (texts.empty()) {
      std::fflush(stdout);
      std::fprintf(stderr, "%s: no code found\n", path.c_str());
      if (status == 0) status = 1;
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

int cmd_code_sheet(const Argv& argv) {
  Args args(argv, {"--codes", "-o", "--per-row", "--title", "--font", "--ecc"}, {"--help"});
  if (args.flag("--help")) {
    std::fputs(kSheetUsage, stdout);
    return 0;
  }
  if (!args.ok()) return sheet_usage(args.error());
  if (!args.positional().empty()) return sheet_usage("unexpected argument '" + args.positional().front() + "'");
  const auto codes_path = args.get("--codes");
  const auto out = args.get("-o");
  if (!codes_path) return sheet_usage("--codes FILE is missing");
  if (!out) return sheet_usage("-o SHEET.png is missing");
  if (!ends_with_ci(*out, ".png")) return sheet_usage("-o must name a .png file");
  int per_row = 4;
  if (const auto s = args.get("--per-row")) {
    const auto v = parse_int(*s, 1, 8);
    if (!v) return sheet_usage("--per-row must be a whole number from 1 to 8");
    per_row = *v;
  }
  code::QrOptions opt;
  if (const auto e = args.get("--ecc")) {
    const auto level = parse_ecc(*e);
    if (!level) return sheet_usage("--ecc must be L, M, Q or H");
    opt.ecc = *level;
  }
  const std::string title = args.get("--title").value_or("");

  std::string err;
  const auto list = read_file(*codes_path, &err);
  if (!list) {
    std::fprintf(stderr, "tongban code sheet: %s\n", err.c_str());
    return 3;
  }
  std::vector<SheetEntry> entries;
  int line_no = 0;
  for (std::size_t pos = 0; pos < list->size();) {
    std::size_t eol = list->find('\n', pos);
    if (eol == std::string::npos) eol = list->size();
    std::string line = list->substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    const std::string text = line.substr(0, tab);
    const std::string label = tab == std::string::npos ? "" : line.substr(tab + 1);
    if (text.empty()) {
      std::fprintf(stderr, "tongban code sheet: %s:%d: the code text is empty\n", codes_path->c_str(), line_no);
      return 1;
    }
    code::QrResult qr = code::qr_encode(text, opt);
    if (!qr.ok) {
      std::fprintf(stderr, "tongban code sheet: %s:%d: %s\n", codes_path->c_str(), line_no, qr.error.c_str());
      return 1;
    }
    entries.push_back({line_no, label, std::move(qr.matrix)});
  }
  if (entries.empty()) {
    std::fprintf(stderr, "tongban code sheet: %s has no codes\n", codes_path->c_str());
    return 1;
  }
  auto painter = make_painter(args.get("--font"), &err);
  if (!painter) {
    std::fprintf(stderr, "tongban code sheet: %s\n", err.c_str());
    return 3;
  }

  // Layout, in pixels at 300 dpi (1 mm = 11.81 px).
  const int W = 2480, H = 3508, dpi = 300;
  const int margin = 142;                                  // 12 mm: inside any printer's margins
  const int title_h = title.empty() ? 0 : 130;             // title band
  const int footer_h = 70;                                 // page number
  const int pad = 30;                                      // between a cell's edge and its content
  const int cell_w = (W - 2 * margin) / per_row;
  int max_modules = 0;
  for (const auto& e : entries) max_modules = std::max(max_modules, e.matrix.size + 2 * kQuietZone);
  const int scale = std::min(24, (cell_w - 2 * pad) / max_modules);
  if (scale < 3) {
    std::fprintf(stderr,
                 "tongban code sheet: the codes are too dense for %d per row (%d modules, %d px per module; at least 3 "
                 "px = 0.25 mm are needed to print and scan): use a smaller --per-row\n",
                 per_row, max_modules, scale);
    return 1;
  }
  const int code_px = max_modules * scale;
  const float label_px = std::clamp(static_cast<float>(cell_w) * 0.075f, 30.0f, 64.0f);
  const int label_h = static_cast<int>(label_px * 1.5f);
  const int cell_h = code_px + label_h + 2 * pad;
  const int grid_h = H - 2 * margin - title_h - footer_h;
  const int rows = grid_h / cell_h;
  if (rows < 1) {
    std::fprintf(stderr, "tongban code sheet: a code does not fit on the page: use a smaller --per-row\n");
    return 1;
  }
  const int per_page = rows * per_row;
  const int pages = static_cast<int>((entries.size() + static_cast<std::size_t>(per_page) - 1) / static_cast<std::size_t>(per_page));
  const auto title_cp = utf8_codepoints(title);

  std::vector<std::uint32_t> missing;
  for (int page = 0; page < pages; ++page) {
    Gray img(W, H, 255);
    if (!title.empty()) {
      float px = 60;
      while (px > 20 && painter->width(title_cp, px) > W - 2 * margin) px -= 2;
      painter->draw(img, title_cp, px, (W - painter->width(title_cp, px, &missing)) / 2, margin + painter->ascent(px));
      img.fill_rect(margin, margin + title_h - 20, W - margin, margin + title_h - 17, 160);
    }
    const std::size_t first = static_cast<std::size_t>(page) * static_cast<std::size_t>(per_page);
    const std::size_t last = std::min(entries.size(), first + static_cast<std::size_t>(per_page));
    const int gy0 = margin + title_h;
    for (std::size_t i = first; i < last; ++i) {
      const int k = static_cast<int>(i - first), col = k % per_row, row = k / per_row;
      const int cx = margin + col * cell_w, cy = gy0 + row * cell_h;
      const auto& e = entries[i];
      // Same module size for every code; a smaller version is centred in the same square.
      const int own = (e.matrix.size + 2 * kQuietZone) * scale;
      draw_qr(img, e.matrix, cx + (cell_w - own) / 2, cy + pad + (code_px - own) / 2, scale);
      if (!e.label.empty()) {
        const auto cps = utf8_codepoints(e.label);
        float px = label_px;
        while (px > 16 && painter->width(cps, px) > cell_w - 2 * pad) px -= 1;
        const int tw = painter->width(cps, px, &missing);
        painter->draw(img, cps, px, cx + (cell_w - tw) / 2, cy + pad + code_px + static_cast<int>(label_px * 0.25f) + painter->ascent(px));
      }
    }
    // Cut marks at every used cell's corners (outside the quiet zones: cells have `pad` around codes).
    for (std::size_t i = first; i < last; ++i) {
      const int k = static_cast<int>(i - first), col = k % per_row, row = k / per_row;
      for (int dy = 0; dy <= 1; ++dy)
        for (int dx = 0; dx <= 1; ++dx) cross(img, margin + (col + dx) * cell_w, gy0 + (row + dy) * cell_h, 18, 2, 150);
    }
    const std::string foot = "第 " + std::to_string(page + 1) + " / " + std::to_string(pages) + " 页 · 共 " +
                             std::to_string(entries.size()) + " 张随身码 · 沿十字标记裁切";
    const auto foot_cp = utf8_codepoints(foot);
    const float foot_px = 34;
    painter->draw(img, foot_cp, foot_px, (W - painter->width(foot_cp, foot_px, &missing)) / 2, H - margin - 10);

    const auto png = encode_png(img, dpi);
    if (!png) {
      std::fprintf(stderr, "tongban code sheet: cannot encode the PNG\n");
      return 3;
    }
    const std::string name = page_name(*out, page + 1, pages);
    if (!write_file_atomic(name, *png, 0644, &err)) {
      std::fprintf(stderr, "tongban code sheet: %s\n", err.c_str());
      return 3;
    }
    std::printf("%s\n", name.c_str());
  }
  if (!missing.empty()) {
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    std::string list_cp;
    for (auto cp : missing) {
      char buf[16];
      std::snprintf(buf, sizeof buf, " U+%04X", cp);
      list_cp += buf;
    }
    std::fprintf(stderr, "tongban code sheet: warning: no font has%s; those characters print as boxes\n", list_cp.c_str());
  }
  std::fprintf(stderr, "tongban code sheet: %zu codes, %d per page (%d x %d), %d px (%.2f mm) per module, %d page%s\n",
               entries.size(), per_page, per_row, rows, scale, scale * 25.4 / dpi, pages, pages == 1 ? "" : "s");
  return 0;
}

}  // namespace tb::cli
