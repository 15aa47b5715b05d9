#include "image/page.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tb::image {
namespace {

// The search runs on a copy this size (the larger side): enough to find a page's edges to a
// fraction of a percent, small enough to take a few milliseconds on a 5-megapixel frame.
constexpr int kWorkSide = 480;

struct Grey {
  int w = 0, h = 0;
  std::vector<std::uint8_t> v;
  std::uint8_t at(int x, int y) const { return v[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)]; }
};

Grey grey_of(const Rgb& small) {
  Grey g;
  g.w = small.width, g.h = small.height;
  g.v.resize(static_cast<std::size_t>(g.w) * static_cast<std::size_t>(g.h));
  for (std::size_t i = 0; i < g.v.size(); ++i) {
    const std::uint8_t* p = &small.pixels[3 * i];
    g.v[i] = static_cast<std::uint8_t>((77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8);
  }
  return g;
}

// Otsu's threshold: the grey level that best splits the histogram in two; `contrast` is how far
// apart the two halves' means are.
int otsu(const Grey& g, double* contrast) {
  std::array<double, 256> hist{};
  for (std::uint8_t x : g.v) hist[x] += 1;
  const double total = static_cast<double>(g.v.size());
  double sum = 0;
  for (int i = 0; i < 256; ++i) sum += i * hist[static_cast<std::size_t>(i)];
  double w0 = 0, sum0 = 0, best = -1;
  int threshold = 128;
  for (int t = 0; t < 256; ++t) {
    w0 += hist[static_cast<std::size_t>(t)];
    sum0 += t * hist[static_cast<std::size_t>(t)];
    const double w1 = total - w0;
    if (w0 == 0 || w1 == 0) continue;
    const double m0 = sum0 / w0, m1 = (sum - sum0) / w1;
    const double between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) best = between, threshold = t, *contrast = m1 - m0;
  }
  return threshold;
}

// The largest 4-connected region of `mask`; its pixels' indices.
std::vector<std::int32_t> largest_region(const std::vector<std::uint8_t>& mask, int w, int h) {
  std::vector<std::int32_t> label(mask.size(), -1), best, current, stack;
  for (std::size_t start = 0; start < mask.size(); ++start) {
    if (!mask[start] || label[start] >= 0) continue;
    current.clear();
    stack.assign(1, static_cast<std::int32_t>(start));
    label[start] = 0;
    while (!stack.empty()) {
      const std::int32_t i = stack.back();
      stack.pop_back();
      current.push_back(i);
      const int x = i % w, y = i / w;
      const std::int32_t next[4] = {x > 0 ? i - 1 : -1, x + 1 < w ? i + 1 : -1, y > 0 ? i - w : -1, y + 1 < h ? i + w : -1};
      for (std::int32_t n : next)
        if (n >= 0 && mask[static_cast<std::size_t>(n)] && label[static_cast<std::size_t>(n)] < 0) {
          label[static_cast<std::size_t>(n)] = 0;
          stack.push_back(n);
        }
    }
    if (current.size() > best.size()) best.swap(current);
  }
  return best;
}

double cross(const Point& o, const Point& a, const Point& b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

// Andrew's monotone chain; counter-clockwise in image coordinates' sense of the cross product.
std::vector<Point> convex_hull(std::vector<Point> pts) {
  std::sort(pts.begin(), pts.end(), [](const Point& a, const Point& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  if (pts.size() < 3) return pts;
  std::vector<Point> hull(2 * pts.size());
  std::size_t k = 0;
  for (const Point& p : pts) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0) --k;
    hull[k++] = p;
  }
  for (std::size_t i = pts.size() - 1, t = k + 1; i-- > 0;) {
    while (k >= t && cross(hull[k - 2], hull[k - 1], pts[i]) <= 0) --k;
    hull[k++] = pts[i];
  }
  hull.resize(k - 1);
  return hull;
}

double area(const std::vector<Point>& poly) {
  double a = 0;
  for (std::size_t i = 0; i < poly.size(); ++i) {
    const Point& p = poly[i];
    const Point& q = poly[(i + 1) % poly.size()];
    a += p.x * q.y - q.x * p.y;
  }
  return std::fabs(a) * 0.5;
}

// Drops the hull's vertex that loses the least area, until four are left.
std::vector<Point> to_quadrilateral(std::vector<Point> poly) {
  while (poly.size() > 4) {
    std::size_t drop = 0;
    double least = -1;
    for (std::size_t i = 0; i < poly.size(); ++i) {
      const Point& a = poly[(i + poly.size() - 1) % poly.size()];
      const Point& b = poly[(i + 1) % poly.size()];
      const double lost = std::fabs(cross(a, poly[i], b));
      if (least < 0 || lost < least) least = lost, drop = i;
    }
    poly.erase(poly.begin() + static_cast<std::ptrdiff_t>(drop));
  }
  return poly;
}

struct Line {
  double a = 0, b = 0, c = 0;  // a x + b y + c = 0, (a, b) unit length
};

// Total least squares through the points.
bool fit_line(const std::vector<Point>& pts, Line* out) {
  if (pts.size() < 4) return false;
  double mx = 0, my = 0;
  for (const auto& p : pts) mx += p.x, my += p.y;
  mx /= static_cast<double>(pts.size()), my /= static_cast<double>(pts.size());
  double sxx = 0, sxy = 0, syy = 0;
  for (const auto& p : pts) {
    const double dx = p.x - mx, dy = p.y - my;
    sxx += dx * dx, sxy += dx * dy, syy += dy * dy;
  }
  // The normal is the eigenvector of the smaller eigenvalue of the scatter matrix.
  const double theta = 0.5 * std::atan2(2 * sxy, sxx - syy);  // direction of the line
  out->a = -std::sin(theta), out->b = std::cos(theta);
  out->c = -(out->a * mx + out->b * my);
  return true;
}

bool intersect(const Line& l, const Line& m, Point* p) {
  const double det = l.a * m.b - m.a * l.b;
  if (std::fabs(det) < 1e-9) return false;
  p->x = (l.b * m.c - m.b * l.c) / det;
  p->y = (m.a * l.c - l.a * m.c) / det;
  return true;
}

// Corners in reading order: top-left first, then clockwise on screen.
std::array<Point, 4> reading_order(const std::vector<Point>& quad) {
  Point centre;
  for (const auto& p : quad) centre.x += p.x / 4, centre.y += p.y / 4;
  std::vector<Point> q = quad;
  std::sort(q.begin(), q.end(), [&](const Point& a, const Point& b) {
    return std::atan2(a.y - centre.y, a.x - centre.x) < std::atan2(b.y - centre.y, b.x - centre.x);
  });  // y grows downwards: increasing angle is clockwise on screen
  std::size_t first = 0;
  for (std::size_t i = 1; i < 4; ++i)
    if (q[i].x + q[i].y < q[first].x + q[first].y) first = i;
  std::array<Point, 4> out;
  for (std::size_t i = 0; i < 4; ++i) out[i] = q[(first + i) % 4];
  return out;
}

double dist(const Point& a, const Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

// The page as a bright region (or, on a light background, a dark one) of the small grey copy.
Result<std::array<Point, 4>, PageError> find_in(const Grey& g, bool bright) {
  double contrast = 0;
  const int t = otsu(g, &contrast);
  // Paper against its base differs by far more than light falling unevenly on an empty base.
  if (contrast < 40) return PageError::NoPage;
  std::vector<std::uint8_t> mask(g.v.size());
  for (std::size_t i = 0; i < g.v.size(); ++i) mask[i] = bright ? g.v[i] > t : g.v[i] <= t;
  const std::vector<std::int32_t> region = largest_region(mask, g.w, g.h);
  const double frame_area = static_cast<double>(g.w) * g.h;
  if (static_cast<double>(region.size()) < 0.2 * frame_area) return PageError::NoPage;
  // Its outline: region pixels with a neighbour outside it (or on the frame's edge).
  std::vector<std::uint8_t> in(g.v.size(), 0);
  for (std::int32_t i : region) in[static_cast<std::size_t>(i)] = 1;
  std::vector<Point> outline;
  int on_border = 0;
  for (std::int32_t i : region) {
    const int x = i % g.w, y = i / g.w;
    const bool edge = x == 0 || y == 0 || x == g.w - 1 || y == g.h - 1;
    if (edge) ++on_border;
    if (edge || !in[static_cast<std::size_t>(i - 1)] || !in[static_cast<std::size_t>(i + 1)] || !in[static_cast<std::size_t>(i - g.w)] ||
        !in[static_cast<std::size_t>(i + g.w)])
      outline.push_back({x + 0.5, y + 0.5});
  }
  // A page lies inside the frame: one running along its edge is not all in view (or is the base).
  if (on_border > (g.w + g.h) / 10) return PageError::NotFourSided;
  const std::vector<Point> hull = convex_hull(outline);
  if (hull.size() < 4) return PageError::NotFourSided;
  std::vector<Point> quad = to_quadrilateral(hull);
  const double hull_area = area(hull);
  if (area(quad) < 0.9 * hull_area || hull_area > 0.98 * frame_area) return PageError::NotFourSided;
  // Refine each edge: a line through the outline points near it (away from the corners), and the
  // corners where those lines meet.
  std::array<Line, 4> lines;
  for (std::size_t e = 0; e < 4; ++e) {
    const Point& p = quad[e];
    const Point& q = quad[(e + 1) % 4];
    const double len = dist(p, q);
    if (len < 8) return PageError::NotFourSided;
    const double ux = (q.x - p.x) / len, uy = (q.y - p.y) / len;
    std::vector<Point> near;
    for (const Point& o : outline) {
      const double along = (o.x - p.x) * ux + (o.y - p.y) * uy;
      const double off = std::fabs(-(o.x - p.x) * uy + (o.y - p.y) * ux);
      if (along > 0.1 * len && along < 0.9 * len && off < 2.5) near.push_back(o);
    }
    if (!fit_line(near, &lines[e])) {
      lines[e].a = -uy, lines[e].b = ux;
      lines[e].c = -(lines[e].a * p.x + lines[e].b * p.y);
    }
  }
  std::vector<Point> refined(4);
  for (std::size_t k = 0; k < 4; ++k) {
    if (!intersect(lines[(k + 3) % 4], lines[k], &refined[k]) || dist(refined[k], quad[k]) > 0.05 * (g.w + g.h))
      refined[k] = quad[k];
  }
  return reading_order(refined);
}

}  // namespace

double Quad::width() const { return 0.5 * (dist(corners[0], corners[1]) + dist(corners[3], corners[2])); }
double Quad::height() const { return 0.5 * (dist(corners[0], corners[3]) + dist(corners[1], corners[2])); }

const char* reason_key(PageError e) {
  switch (e) {
    case PageError::None: return "ok";
    case PageError::TooSmall: return "too-small";
    case PageError::NoPage: return "no-page";
    case PageError::NotFourSided: return "not-four-sided";
  }
  return "";
}

const char* reason_text(PageError e) {
  switch (e) {
    case PageError::None: return "";
    case PageError::TooSmall: return "照片太小";
    case PageError::NoPage: return "没有找到纸张，请把材料平放在拍摄区域中间";
    case PageError::NotFourSided: return "纸张边缘没有拍全，请把整页放进拍摄区域";
  }
  return "";
}

Result<Quad, PageError> find_page(const RgbView& frame) {
  if (frame.width < 64 || frame.height < 64) return PageError::TooSmall;
  const Rgb small = shrink(frame, kWorkSide);
  const Grey g = grey_of(small);
  auto found = find_in(g, true);
  if (!found) {
    auto dark = find_in(g, false);
    if (!dark) return found;  // the bright attempt's reason: paper is lighter than what it lies on
    found = dark;
  }
  // Back to frame pixels.
  const double sx = static_cast<double>(frame.width) / small.width, sy = static_cast<double>(frame.height) / small.height;
  Quad q;
  for (std::size_t k = 0; k < 4; ++k) q.corners[k] = {(*found)[k].x * sx, (*found)[k].y * sy};
  return q;
}

Rgb straighten(const RgbView& frame, const Quad& page, int width, int height) {
  Rgb out;
  out.width = std::max(1, width), out.height = std::max(1, height);
  out.pixels.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height) * 3);
  // The homography taking the unit square's corners (0,0) (1,0) (1,1) (0,1) to the page's corners
  // (Heckbert's square-to-quad), then scaled to the output size.
  const Point& p0 = page.corners[0];
  const Point& p1 = page.corners[1];
  const Point& p2 = page.corners[2];
  const Point& p3 = page.corners[3];
  const double sx = p0.x - p1.x + p2.x - p3.x, sy = p0.y - p1.y + p2.y - p3.y;
  double a, b, c = p0.x, d, e, f = p0.y, g, h;
  if (std::fabs(sx) < 1e-9 && std::fabs(sy) < 1e-9) {
    a = p1.x - p0.x, b = p3.x - p0.x, d = p1.y - p0.y, e = p3.y - p0.y, g = 0, h = 0;
  } else {
    const double dx1 = p1.x - p2.x, dx2 = p3.x - p2.x, dy1 = p1.y - p2.y, dy2 = p3.y - p2.y;
    const double den = dx1 * dy2 - dx2 * dy1;
    g = (sx * dy2 - dx2 * sy) / den;
    h = (dx1 * sy - sx * dy1) / den;
    a = p1.x - p0.x + g * p1.x, b = p3.x - p0.x + h * p3.x;
    d = p1.y - p0.y + g * p1.y, e = p3.y - p0.y + h * p3.y;
  }
  const double du = 1.0 / out.width, dv = 1.0 / out.height;
  const int maxx = frame.width - 1, maxy = frame.height - 1;
  for (int r = 0; r < out.height; ++r) {
    const double v = (r + 0.5) * dv;
    std::uint8_t* o = &out.pixels[static_cast<std::size_t>(r) * static_cast<std::size_t>(out.width) * 3];
    // Along a row the numerators and the denominator change by a constant: add, don't multiply.
    double u = 0.5 * du;
    double nx = a * u + b * v + c, ny = d * u + e * v + f, w = g * u + h * v + 1;
    const double step_nx = a * du, step_ny = d * du, step_w = g * du;
    for (int col = 0; col < out.width; ++col, nx += step_nx, ny += step_ny, w += step_w, o += 3) {
      double x = nx / w - 0.5, y = ny / w - 0.5;
      x = std::min(std::max(x, 0.0), static_cast<double>(maxx));
      y = std::min(std::max(y, 0.0), static_cast<double>(maxy));
      const int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
      const int x1 = std::min(x0 + 1, maxx), y1 = std::min(y0 + 1, maxy);
      const int fx = static_cast<int>((x - x0) * 256), fy = static_cast<int>((y - y0) * 256);
      const std::uint8_t* r0 = frame.data + static_cast<std::ptrdiff_t>(y0) * frame.stride;
      const std::uint8_t* r1 = frame.data + static_cast<std::ptrdiff_t>(y1) * frame.stride;
      for (int ch = 0; ch < 3; ++ch) {
        const int top = r0[3 * x0 + ch] * (256 - fx) + r0[3 * x1 + ch] * fx;
        const int bottom = r1[3 * x0 + ch] * (256 - fx) + r1[3 * x1 + ch] * fx;
        o[ch] = static_cast<std::uint8_t>((top * (256 - fy) + bottom * fy + (1 << 15)) >> 16);
      }
    }
  }
  return out;
}

}  // namespace tb::image
