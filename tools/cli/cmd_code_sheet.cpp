// `tongban code sheet`: print-ready A4 pages of printed personal codes (随身码) at 300 dpi, a label
// under each code and cut marks, for a town's batch (`code issue printed --batch`).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "code/qr.h"
#include "code_commands.h"
#include "files.h"
#include "label_painter.h"
#include "options.h"
#include "qr_image.h"
#include "report.h"
#include "text/utf8.h"

namespace tb::cli {
namespace {

struct SheetOptions {
  std::string codes, out;
  std::optional<std::int64_t> per_row;
  std::optional<std::string> title, font;
  code::QrOptions qr;
};

struct SheetEntry {
  std::u32string label;
  code::QrMatrix matrix;
};

// The codes file: CODE<TAB>LABEL per line, '#' comments and empty lines skipped. A line that cannot
// be printed is refused with its file:line.
std::vector<SheetEntry> read_entries(const std::string& path, const code::QrOptions& qr) {
  const std::string list = read_file(path);
  std::vector<SheetEntry> entries;
  int line_no = 0;
  for (std::size_t pos = 0; pos < list.size();) {
    std::size_t eol = list.find('\n', pos);
    if (eol == std::string::npos) eol = list.size();
    std::string line = list.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(line_no) + ": ";
    const auto tab = line.find('\t');
    const std::string text = line.substr(0, tab);
    if (text.empty()) fail_refused(where + "the code text is empty");
    const auto label = text::decode_utf8(tab == std::string::npos ? "" : line.substr(tab + 1));
    if (!label) fail_refused(where + "the label is not valid UTF-8 (" + label.detail() + ")");
    code::QrResult encoded = code::qr_encode(text, qr);
    if (!encoded) fail_with(encoded, where);
    entries.push_back({*label, std::move(encoded).value()});
  }
  if (entries.empty()) fail_refused(path + " has no codes");
  return entries;
}

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

// "warning: no font has U+4E00 U+4E01; …" for the characters printed as boxes.
void warn_missing(std::vector<char32_t> missing) {
  if (missing.empty()) return;
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  std::string list;
  for (auto cp : missing) {
    char buf[16];
    std::snprintf(buf, sizeof buf, " U+%04X", static_cast<unsigned>(cp));
    list += buf;
  }
  note("warning: no font has" + list + "; those characters print as boxes");
}

int run_sheet(const SheetOptions& o) {
  if (!has_extension(o.out, ".png")) fail_usage("-o must name a .png file");
  const int per_row = static_cast<int>(o.per_row.value_or(4));
  const auto title = text::decode_utf8(o.title.value_or(""));
  if (!title) fail_usage("--title is not valid UTF-8 (" + title.detail() + ")");
  const auto entries = read_entries(o.codes, o.qr);
  const LabelPainter painter = make_label_painter(o.font);

  // Layout, in pixels at 300 dpi (1 mm = 11.81 px).
  const int W = 2480, H = 3508, dpi = 300;
  const int margin = 142;                       // 12 mm: inside any printer's margins
  const int title_h = title->empty() ? 0 : 130;  // title band
  const int footer_h = 70;                      // page number
  const int pad = 30;                           // between a cell's edge and its content
  const int cell_w = (W - 2 * margin) / per_row;
  int max_modules = 0;
  for (const auto& e : entries) max_modules = std::max(max_modules, e.matrix.size + 2 * kQuietZone);
  const int scale = std::min(24, (cell_w - 2 * pad) / max_modules);
  if (scale < 3)
    fail_refused("the codes are too dense for " + std::to_string(per_row) + " per row (" + std::to_string(max_modules) + " modules, " +
                 std::to_string(scale) + " px per module; at least 3 px = 0.25 mm are needed to print and scan): use a smaller --per-row");
  const int code_px = max_modules * scale;
  const float label_px = std::clamp(static_cast<float>(cell_w) * 0.075f, 30.0f, 64.0f);
  const int label_h = static_cast<int>(label_px * 1.5f);
  const int cell_h = code_px + label_h + 2 * pad;
  const int grid_h = H - 2 * margin - title_h - footer_h;
  const int rows = grid_h / cell_h;
  if (rows < 1) fail_refused("a code does not fit on the page: use a smaller --per-row");
  const int per_page = rows * per_row;
  const int pages = static_cast<int>((entries.size() + static_cast<std::size_t>(per_page) - 1) / static_cast<std::size_t>(per_page));

  std::vector<char32_t> missing;
  for (int page = 0; page < pages; ++page) {
    Gray img(W, H, 255);
    if (!title->empty()) {
      float px = 60;
      while (px > 20 && painter.width(*title, px) > W - 2 * margin) px -= 2;
      painter.draw(img, *title, px, (W - painter.width(*title, px, &missing)) / 2, margin + painter.ascent(px));
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
        float px = label_px;
        while (px > 16 && painter.width(e.label, px) > cell_w - 2 * pad) px -= 1;
        const int tw = painter.width(e.label, px, &missing);
        painter.draw(img, e.label, px, cx + (cell_w - tw) / 2, cy + pad + code_px + static_cast<int>(label_px * 0.25f) + painter.ascent(px));
      }
    }
    // Cut marks at every used cell's corners (outside the quiet zones: cells have `pad` around codes).
    for (std::size_t i = first; i < last; ++i) {
      const int k = static_cast<int>(i - first), col = k % per_row, row = k / per_row;
      for (int dy = 0; dy <= 1; ++dy)
        for (int dx = 0; dx <= 1; ++dx) cross(img, margin + (col + dx) * cell_w, gy0 + (row + dy) * cell_h, 18, 2, 150);
    }
    const std::u32string foot = *text::decode_utf8("第 " + std::to_string(page + 1) + " / " + std::to_string(pages) + " 页 · 共 " +
                                                   std::to_string(entries.size()) + " 张随身码 · 沿十字标记裁切");
    const float foot_px = 34;
    painter.draw(img, foot, foot_px, (W - painter.width(foot, foot_px, &missing)) / 2, H - margin - 10);

    const auto png = encode_png(img, dpi);
    if (!png) fail_io("cannot encode the PNG");
    const std::string name = page_name(o.out, page + 1, pages);
    write_file_atomic(name, *png, 0644);
    std::printf("%s\n", name.c_str());
  }
  warn_missing(std::move(missing));
  char module_mm[16];
  std::snprintf(module_mm, sizeof module_mm, "%.2f", scale * 25.4 / dpi);
  note(std::to_string(entries.size()) + " codes, " + std::to_string(per_page) + " per page (" + std::to_string(per_row) + " x " +
       std::to_string(rows) + "), " + std::to_string(scale) + " px (" + module_mm + " mm) per module, " + std::to_string(pages) +
       (pages == 1 ? " page" : " pages"));
  return 0;
}

}  // namespace

void add_code_sheet(CommandTree& tree, CLI::App& code) {
  auto o = std::make_shared<SheetOptions>();
  CLI::App& app = tree.add(code,
                           {"sheet", "print-ready A4 sheets of printed personal codes (随身码)",
                            "--codes FILE -o SHEET.png [--per-row N] [--title T] [--font FILE] [--ecc L|M|Q|H]",
                            "A4 at 300 dpi (2480x3508 px, grey PNG with its resolution recorded), codes in a grid with the holder's\n"
                            "label under each and cut marks. Every code on the sheet gets the same module size."},
                           [o] { return run_sheet(*o); });
  app.add_option("--codes", o->codes,
                 "one code per line: CODE_TEXT<TAB>LABEL (LABEL already masked, e.g. 张*三; optional);\n"
                 "empty lines and lines starting with # are skipped")
      ->type_name("FILE")
      ->required();
  app.add_option("-o", o->out, "one page: SHEET.png; more: SHEET-1.png, SHEET-2.png, … (the names are printed)")
      ->type_name("SHEET.png")
      ->required();
  add_whole(app, "--per-row", o->per_row, 1, 8, "codes per row (default 4); rows per page follow from the code size");
  app.add_option("--title", o->title, "printed at the top of every page")->type_name("T");
  app.add_option("--font", o->font, "TrueType/OpenType font for the labels (default: the kiosk font from the build,\n"
                                    "then fonts-wqy-microhei for characters it lacks)")
      ->type_name("FILE");
  add_ecc_option(app, o->qr);
}

}  // namespace tb::cli
