#include "ui/qr_view.h"

#include <map>

#include "code/qr.h"

namespace tb::kiosk {

float draw_qr(Canvas& c, const std::string& text, ImVec2 pos, float size) {
  // Encoding is cheap, but a screen redraws the same code every frame it is up: keep the last few.
  static std::map<std::string, code::QrMatrix> cache;
  auto it = cache.find(text);
  if (it == cache.end()) {
    const code::QrResult r = code::qr_encode(text);
    if (!r) return 0;
    if (cache.size() > 16) cache.clear();
    it = cache.emplace(text, *r).first;
  }
  const code::QrMatrix& m = it->second;
  const int quiet = 4;
  const float cell = size / static_cast<float>(m.size + 2 * quiet);
  c.dl->AddRectFilled(pos, {pos.x + size, pos.y + size}, color::kWhite, c.theme.corner);
  c.dl->AddRect(pos, {pos.x + size, pos.y + size}, color::kBorder, c.theme.corner, 0, 2);
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size; ++x)
      if (m.dark(x, y)) {
        const float px = pos.x + (x + quiet) * cell, py = pos.y + (y + quiet) * cell;
        c.dl->AddRectFilled({px, py}, {px + cell + 0.5f, py + cell + 0.5f}, IM_COL32(0, 0, 0, 0xFF));
      }
  c.automation.target("qr", text, pos.x, pos.y, size, size);
  return size;
}

}  // namespace tb::kiosk
