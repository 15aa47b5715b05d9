#include "code/qr_svg.h"

namespace tb::code {

std::string qr_svg(const QrMatrix& m, int quiet_zone) {
  const int full = m.size + 2 * quiet_zone;
  std::string path;
  path.reserve(static_cast<std::size_t>(m.size) * m.size);
  for (int y = 0; y < m.size; ++y) {
    for (int x = 0; x < m.size;) {
      if (!m.dark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < m.size && m.dark(x + run, y)) ++run;
      path += "M" + std::to_string(x + quiet_zone) + " " + std::to_string(y + quiet_zone) + "h" + std::to_string(run) +
              "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  const std::string n = std::to_string(full);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/><path d=\"" +
         path + "\" fill=\"#000\"/></svg>";
}

}  // namespace tb::code
