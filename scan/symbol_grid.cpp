#include "scan/symbol_grid.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include "code/qr.h"

namespace tb::scan {
namespace {

// Sums of pixels over squares in constant time: entry (x, y) holds the sum of all pixels above
// and to the left of pixel (x, y), modulo 2^32. A square's sum is found from four entries by
// adding and subtracting, which modular arithmetic does exactly as long as the square's own sum
// fits in 32 bits (any square of fewer than 16 million pixels): half the memory of 64-bit sums,
// and this is read hundreds of thousands of times a frame.
class BoxSums {
 public:
  explicit BoxSums(const Grey& g) : w_(g.w + 1), sums_(static_cast<std::size_t>(g.w + 1) * static_cast<std::size_t>(g.h + 1)) {
    for (int y = 0; y < g.h; ++y) {
      std::uint32_t row = 0;
      for (int x = 0; x < g.w; ++x) {
        row += g.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(g.w) + static_cast<std::size_t>(x)];
        sums_[at(x + 1, y + 1)] = sums_[at(x + 1, y)] + row;
      }
    }
  }
  // The sum over the square of 2r + 1 pixels a side centred on (x, y), which must lie inside.
  std::uint32_t square(int x, int y, int r) const {
    return sums_[at(x + r + 1, y + r + 1)] - sums_[at(x - r, y + r + 1)] - sums_[at(x + r + 1, y - r)] + sums_[at(x - r, y - r)];
  }

 private:
  std::size_t at(int x, int y) const { return static_cast<std::size_t>(y) * static_cast<std::size_t>(w_) + static_cast<std::size_t>(x); }
  int w_;
  std::vector<std::uint32_t> sums_;
};

struct Point {
  double x = 0, y = 0;
};

struct Finder {
  Point at;
  double module = 0;  // pixels
  double score = 0;
};

// The rings of a finder pattern with modules of `m` pixels: half the side of its 3x3 core, of the
// 5x5 ring around, of the 7x7 pattern and of the 9x9 square with the separator, in whole pixels,
// growing; and one over each ring's area (the score below is computed hundreds of thousands of
// times a frame: one size's areas once).
struct FinderRings {
  std::array<int, 4> half{};
  std::array<double, 4> inverse_area{};
};

FinderRings finder_rings(double m) {
  FinderRings r;
  double inner_area = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    r.half[k] = static_cast<int>(std::lround((1.5 + static_cast<double>(k)) * m - 0.5));
    if (k > 0) r.half[k] = std::max(r.half[k], r.half[k - 1] + 1);
    const double side = 2 * r.half[k] + 1;
    r.inverse_area[k] = 1 / (side * side - inner_area);
    inner_area = side * side;
  }
  return r;
}

// How clearly a finder pattern is centred on (x, y): its 3x3 core and the ring two modules out
// dark, the ring between and the separator around it light. The weakest of the three contrasts
// counts, so a dark blob or a light frame alone scores nothing.
double finder_score(const BoxSums& sums, int x, int y, const FinderRings& rings) {
  std::array<double, 4> mean{};
  std::uint32_t inner_sum = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const std::uint32_t sum = sums.square(x, y, rings.half[k]);
    mean[k] = static_cast<double>(sum - inner_sum) * rings.inverse_area[k];
    inner_sum = sum;
  }
  return std::min({mean[1] - mean[0], mean[1] - mean[2], mean[3] - mean[2]});
}

// The best finder around `f` (within `reach` pixels, every `step` pixels, at its module size and a
// step of `ratio` either way); `f` itself when nothing there scores higher.
Finder best_near(const BoxSums& sums, const Grey& smooth, Finder f, int reach, double ratio, int step = 1) {
  const Finder start = f;
  for (const double m : {start.module / ratio, start.module, start.module * ratio}) {
    const FinderRings rings = finder_rings(m);
    const int edge = rings.half[3] + 1;
    for (int dy = -reach; dy <= reach; dy += step)
      for (int dx = -reach; dx <= reach; dx += step) {
        const int x = static_cast<int>(start.at.x) + dx, y = static_cast<int>(start.at.y) + dy;
        if (x < edge || y < edge || x >= smooth.w - edge || y >= smooth.h - edge) continue;
        const double v = finder_score(sums, x, y, rings);
        if (v > f.score) f = {{x + 0.5, y + 0.5}, m, v};
      }
  }
  return f;
}

// The strongest finder-like spots at any module size from 2.2 pixels to what fits, at most
// `keep`, no two closer than five modules of the smaller (two finders of one symbol are at least
// 14 apart; a strong spot at a larger size must not hide a real finder beside it). Each size is
// scanned on a grid of half a module, and each spot kept is then placed to the pixel, at its size
// and the neighbouring ones (a finder is found on the coarse grid; where exactly it is matters for
// the grid fitted to it).
std::vector<Finder> finder_candidates(const Grey& smooth, const BoxSums& sums, std::size_t keep) {
  std::vector<Finder> found;
  const double largest = std::min(16.0, std::min(smooth.w, smooth.h) / 12.0);
  for (double m = 2.2; m <= largest; m *= 1.12) {
    const FinderRings rings = finder_rings(m);
    const int step = std::max(1, static_cast<int>(std::lround(m / 2))), edge = rings.half[3] + 1;
    const int cols = (smooth.w - 2 * edge) / step, rows = (smooth.h - 2 * edge) / step;
    if (cols < 3 || rows < 3) break;
    std::vector<float> score(static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows));
    const auto cell = [cols](int c, int r) { return static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c); };
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) score[cell(c, r)] = static_cast<float>(finder_score(sums, edge + c * step, edge + r * step, rings));
    for (int r = 1; r + 1 < rows; ++r)
      for (int c = 1; c + 1 < cols; ++c) {
        const float v = score[cell(c, r)];
        if (v <= 0) continue;
        bool peak = true;
        for (int dr = -1; dr <= 1 && peak; ++dr)
          for (int dc = -1; dc <= 1 && peak; ++dc) peak = (dr == 0 && dc == 0) || score[cell(c + dc, r + dr)] < v;
        if (peak) found.push_back({{edge + c * step + 0.5, edge + r * step + 0.5}, m, v});
      }
  }
  std::sort(found.begin(), found.end(), [](const Finder& a, const Finder& b) { return a.score > b.score; });
  std::vector<Finder> kept;
  for (const Finder& f : found) {
    if (kept.size() == keep) break;
    const bool apart = std::all_of(kept.begin(), kept.end(), [&f](const Finder& k) {
      return std::hypot(f.at.x - k.at.x, f.at.y - k.at.y) > 5 * std::min(f.module, k.module);
    });
    if (apart) kept.push_back(f);
  }
  for (Finder& f : kept) f = best_near(sums, smooth, f, std::max(1, static_cast<int>(std::lround(f.module))), 1.12);
  return kept;
}

// Three finders that could be one symbol's, in the symbol's own orientation.
struct Triple {
  Finder top_left, top_right, bottom_left;
  double score = 0;
};

// The three as one symbol's finders when they could be: `corner` and its two neighbours at a right
// angle, equally far, of like module size (within half as much again), at least a version 1
// symbol apart. Which neighbour is top-right and which bottom-left is told by the turn from one to
// the other.
std::optional<Triple> as_triple(const Finder& corner, const Finder& a, const Finder& b) {
  const Point u{a.at.x - corner.at.x, a.at.y - corner.at.y}, v{b.at.x - corner.at.x, b.at.y - corner.at.y};
  const double lu = std::hypot(u.x, u.y), lv = std::hypot(v.x, v.y);
  if (std::min(lu, lv) < 0.8 * std::max(lu, lv)) return std::nullopt;
  if (std::fabs(u.x * v.x + u.y * v.y) > 0.2 * lu * lv) return std::nullopt;
  const double smallest = std::min({a.module, b.module, corner.module}), largest = std::max({a.module, b.module, corner.module});
  if (largest > 1.5 * smallest) return std::nullopt;
  if (lu + lv < 2 * 12 * (a.module + b.module + corner.module) / 3) return std::nullopt;
  const double score = a.score + b.score + corner.score;
  const bool clockwise = u.x * v.y - u.y * v.x > 0;  // y grows downwards
  return clockwise ? Triple{corner, a, b, score} : Triple{corner, b, a, score};
}

bool by_score(const Triple& a, const Triple& b) { return a.score > b.score; }

// The `keep` likeliest triples among the candidates, the strongest first.
std::vector<Triple> finder_triples(const std::vector<Finder>& c, std::size_t keep) {
  std::vector<Triple> found;
  for (std::size_t k = 0; k < c.size(); ++k)
    for (std::size_t i = 0; i < c.size(); ++i)
      for (std::size_t j = i + 1; j < c.size(); ++j)
        if (i != k && j != k)
          if (auto t = as_triple(c[k], c[i], c[j])) found.push_back(*t);
  std::sort(found.begin(), found.end(), by_score);
  if (found.size() > keep) found.resize(keep);
  return found;
}

// Triples completed from two strong finders: a blurred finder can rank below spots in the data, or
// be hidden by a stronger spot beside it, and then never be a candidate. Two of the `pairs_of`
// strongest candidates say where the third must be (beside either one, at a right angle, or across
// the diagonal), and the best finder found there, however weak, completes them. At most `keep`,
// none already in `have`, the strongest first.
std::vector<Triple> completed_triples(const BoxSums& sums, const Grey& smooth, const std::vector<Finder>& c, std::size_t pairs_of,
                                      const std::vector<Triple>& have, std::size_t keep) {
  std::vector<Triple> found;
  const auto same = [](const Finder& a, const Finder& b) { return std::hypot(a.at.x - b.at.x, a.at.y - b.at.y) < 3 * std::min(a.module, b.module); };
  const auto known = [&](const Triple& t) {
    const auto among = [&](const Triple& o, const Finder& f) { return same(o.top_left, f) || same(o.top_right, f) || same(o.bottom_left, f); };
    const auto in = [&](const std::vector<Triple>& ts) {
      return std::any_of(ts.begin(), ts.end(), [&](const Triple& o) { return among(o, t.top_left) && among(o, t.top_right) && among(o, t.bottom_left); });
    };
    return in(have) || in(found);
  };
  const std::size_t n = std::min(pairs_of, c.size());
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const Finder &a = c[i], &b = c[j];
      if (std::max(a.module, b.module) > 1.5 * std::min(a.module, b.module)) continue;  // as_triple would refuse
      const double module = (a.module + b.module) / 2;
      const Point d{b.at.x - a.at.x, b.at.y - a.at.y}, across{-d.y, d.x};
      // Where the third finder would be, and which of the three is the corner.
      struct Guess {
        Point at;
        bool diagonal;  // a and b are across the diagonal: the third is the corner
        const Finder* corner;
      };
      const std::array<Guess, 6> guesses{{{{a.at.x + across.x, a.at.y + across.y}, false, &a},
                                          {{a.at.x - across.x, a.at.y - across.y}, false, &a},
                                          {{b.at.x + across.x, b.at.y + across.y}, false, &b},
                                          {{b.at.x - across.x, b.at.y - across.y}, false, &b},
                                          {{(a.at.x + b.at.x + across.x) / 2, (a.at.y + b.at.y + across.y) / 2}, true, nullptr},
                                          {{(a.at.x + b.at.x - across.x) / 2, (a.at.y + b.at.y - across.y) / 2}, true, nullptr}}};
      for (const Guess& g : guesses) {
        const double side = g.diagonal ? std::hypot(d.x, d.y) / std::sqrt(2.0) : std::hypot(d.x, d.y);
        // Perspective and a tilt left over move the third finder off the guess: a tenth of the
        // side, at least two modules.
        const int reach = static_cast<int>(std::lround(std::max(2 * module, 0.1 * side)));
        if (g.at.x < 0 || g.at.y < 0 || g.at.x >= smooth.w || g.at.y >= smooth.h) continue;
        const int step = std::max(1, static_cast<int>(std::lround(module / 2)));
        Finder third = best_near(sums, smooth, Finder{g.at, module, 0}, reach - reach % step, 1.2, step);
        if (third.score <= 0) continue;
        third = best_near(sums, smooth, third, step, 1.1);
        const auto t = g.diagonal ? as_triple(third, a, b) : as_triple(*g.corner, g.corner == &a ? b : a, third);
        if (t && !known(*t)) found.push_back(*t);
      }
    }
  std::sort(found.begin(), found.end(), by_score);
  if (found.size() > keep) found.resize(keep);
  return found;
}

// The symbol's grid: the image points of the centres of its top-left, top-right, bottom-right and
// bottom-left corner finder positions ((3.5, 3.5) ... in modules), and the projective map through
// them (a unit square to a quadrilateral, solved in closed form).
class Grid {
 public:
  Grid(int size, const std::array<Point, 4>& corners) : size_(size), corners_(corners) { solve(); }
  bool valid() const { return valid_; }
  const std::array<Point, 4>& corners() const { return corners_; }
  void move(std::size_t coordinate, double by) {
    Point& p = corners_[coordinate / 2];
    (coordinate % 2 ? p.y : p.x) += by;
    solve();
  }
  // The image point of symbol coordinates (u, v) in modules.
  Point at(double u, double v) const {
    const double s = (u - 3.5) / (size_ - 7), t = (v - 3.5) / (size_ - 7);
    const double w = g_ * s + h_ * t + 1;
    return {(a_ * s + b_ * t + c_) / w, (d_ * s + e_ * t + f_) / w};
  }

 private:
  void solve() {
    const auto& p = corners_;
    const double dx1 = p[1].x - p[2].x, dx2 = p[3].x - p[2].x, dx3 = p[0].x - p[1].x + p[2].x - p[3].x;
    const double dy1 = p[1].y - p[2].y, dy2 = p[3].y - p[2].y, dy3 = p[0].y - p[1].y + p[2].y - p[3].y;
    const double det = dx1 * dy2 - dx2 * dy1;
    valid_ = std::fabs(det) > 1e-9;
    if (!valid_) return;
    g_ = (dx3 * dy2 - dx2 * dy3) / det;
    h_ = (dx1 * dy3 - dx3 * dy1) / det;
    a_ = p[1].x - p[0].x + g_ * p[1].x, b_ = p[3].x - p[0].x + h_ * p[3].x, c_ = p[0].x;
    d_ = p[1].y - p[0].y + g_ * p[1].y, e_ = p[3].y - p[0].y + h_ * p[3].y, f_ = p[0].y;
  }
  int size_;
  std::array<Point, 4> corners_;
  double a_ = 0, b_ = 0, c_ = 0, d_ = 0, e_ = 0, f_ = 0, g_ = 0, h_ = 0;
  bool valid_ = false;
};

// Bilinear grey at an image point (pixel centres at half coordinates); edges repeat.
double grey_at(const GreyView& g, Point p) {
  // A near-degenerate grid can map a module anywhere (or to NaN); a point beyond the image's edge
  // reads the edge, so pulling it to just outside changes nothing and keeps the int conversion
  // defined. The negated comparisons also catch NaN.
  double x = p.x - 0.5, y = p.y - 0.5;
  if (!(x > -1)) x = -1;
  if (!(x < g.width)) x = g.width;
  if (!(y > -1)) y = -1;
  if (!(y < g.height)) y = g.height;
  const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
  const double fx = x - x0, fy = y - y0;
  if (x0 >= 0 && y0 >= 0 && x0 + 1 < g.width && y0 + 1 < g.height) {  // the usual case, no clamping
    const std::uint8_t* top = g.pixels + static_cast<std::ptrdiff_t>(y0) * g.stride + x0;
    const std::uint8_t* bottom = top + g.stride;
    return (1 - fy) * ((1 - fx) * top[0] + fx * top[1]) + fy * ((1 - fx) * bottom[0] + fx * bottom[1]);
  }
  const auto px = [&g](int xx, int yy) {
    xx = std::clamp(xx, 0, g.width - 1);
    yy = std::clamp(yy, 0, g.height - 1);
    return static_cast<double>(g.pixels[static_cast<std::ptrdiff_t>(yy) * g.stride + xx]);
  };
  return (1 - fy) * ((1 - fx) * px(x0, y0) + fx * px(x0 + 1, y0)) + fy * ((1 - fx) * px(x0, y0 + 1) + fx * px(x0 + 1, y0 + 1));
}

struct Module {
  int x, y;
  bool dark;
};

// How well a grid fits: the mean grey under the fixed patterns' light modules less that under the
// dark ones.
double fit(const GreyView& smooth, const Grid& grid, const std::vector<Module>& fixed) {
  if (!grid.valid()) return -1e9;
  double light = 0, dark = 0;
  int lights = 0, darks = 0;
  for (const Module& m : fixed) {
    const double v = grey_at(smooth, grid.at(m.x + 0.5, m.y + 0.5));
    (m.dark ? dark : light) += v;
    ++(m.dark ? darks : lights);
  }
  return light / std::max(1, lights) - dark / std::max(1, darks);
}

// A grid for a version from three finders: the bottom-right corner, which perspective moves
// most, searched over a quarter of the symbol each way, coarse to fine (steps of four modules, then
// two, then one, around the best so far).
Grid placed_grid(const GreyView& smooth, const Triple& t, int size, const std::vector<Module>& fixed, double& score) {
  const Point tl = t.top_left.at, tr = t.top_right.at, bl = t.bottom_left.at;
  const Point across{(tr.x - tl.x) / (size - 7), (tr.y - tl.y) / (size - 7)}, down{(bl.x - tl.x) / (size - 7), (bl.y - tl.y) / (size - 7)};
  const Point parallelogram{tr.x + bl.x - tl.x, tr.y + bl.y - tl.y};
  const auto grid = [&](int i, int j) {
    return Grid(size, {tl, tr, Point{parallelogram.x + i * across.x + j * down.x, parallelogram.y + i * across.y + j * down.y}, bl});
  };
  int bi = 0, bj = 0;
  score = fit(smooth, grid(0, 0), fixed);
  const int reach = std::max(2, size / 4);
  for (int step = 4, span = reach; step >= 1; span = step, step /= 2) {
    const int ci = bi, cj = bj;
    for (int j = cj - span; j <= cj + span; j += step)
      for (int i = ci - span; i <= ci + span; i += step) {
        if (i == ci && j == cj) continue;
        const double s = fit(smooth, grid(i, j), fixed);
        if (s > score) score = s, bi = i, bj = j;
      }
  }
  return grid(bi, bj);
}

// The grid nudged, all four corners, in ever smaller steps while the fit improves.
Grid refined_grid(const GreyView& smooth, Grid best, const std::vector<Module>& fixed, double module, double& score) {
  for (double step = 0.6 * module; step > 0.05 * module; step /= 2)
    for (int round = 0; round < 6; ++round) {
      bool better = false;
      for (std::size_t c = 0; c < 8; ++c)
        for (const double by : {step, -step}) {
          Grid g = best;
          g.move(c, by);
          const double s = fit(smooth, g, fixed);
          if (s > score) score = s, best = std::move(g), better = true;
        }
      if (!better) break;
    }
  return best;
}

std::vector<Module> fixed_modules(const code::QrFixedPatterns& p) {
  std::vector<Module> fixed;
  for (int y = 0; y < p.size; ++y)
    for (int x = 0; x < p.size; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * static_cast<std::size_t>(p.size) + static_cast<std::size_t>(x);
      if (p.known[i]) fixed.push_back({x, y, p.dark[i] != 0});
    }
  return fixed;
}

// Each module's grey: the mean of nine points over the middle 40 % of it (noise averages out; the
// edges, where blur mixes in the neighbours, are left out).
std::vector<double> module_greys(const GreyView& image, const Grid& grid, int size) {
  std::vector<double> grey(static_cast<std::size_t>(size) * static_cast<std::size_t>(size));
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      double sum = 0;
      for (int j = -1; j <= 1; ++j)
        for (int i = -1; i <= 1; ++i) sum += grey_at(image, grid.at(x + 0.5 + 0.2 * i, y + 0.5 + 0.2 * j));
      grey[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)] = sum / 9;
    }
  return grey;
}

// Dark or light for every module. Each grey is first put against its neighbourhood (13 modules
// across: uneven light and shadow go), then the blur undone: a module's grey is modelled as a level
// plus its own colour plus the colours of its four edge and four corner neighbours, each with a
// weight fitted by least squares to the current decisions; each module is decided again with its
// neighbours' share taken away, three times over.
std::vector<std::uint8_t> decided(const std::vector<double>& grey, int size) {
  const auto at = [size](int x, int y) { return static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x); };
  constexpr int kReach = 6;
  std::vector<double> z(grey.size());
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      double sum = 0, squares = 0;
      int n = 0;
      for (int yy = std::max(0, y - kReach); yy <= std::min(size - 1, y + kReach); ++yy)
        for (int xx = std::max(0, x - kReach); xx <= std::min(size - 1, x + kReach); ++xx) {
          sum += grey[at(xx, yy)];
          squares += grey[at(xx, yy)] * grey[at(xx, yy)];
          ++n;
        }
      const double mean = sum / n, spread = std::sqrt(std::max(1e-6, squares / n - mean * mean));
      z[at(x, y)] = (grey[at(x, y)] - mean) / spread;
    }
  std::vector<int> colour(grey.size());  // -1 dark, +1 light; outside the symbol light
  for (std::size_t i = 0; i < z.size(); ++i) colour[i] = z[i] < 0 ? -1 : 1;
  const auto c = [&](int x, int y) { return x < 0 || y < 0 || x >= size || y >= size ? 1 : colour[at(x, y)]; };
  const auto edges = [&](int x, int y) { return c(x - 1, y) + c(x + 1, y) + c(x, y - 1) + c(x, y + 1); };
  const auto corners = [&](int x, int y) { return c(x - 1, y - 1) + c(x + 1, y - 1) + c(x - 1, y + 1) + c(x + 1, y + 1); };
  for (int round = 0; round < 3; ++round) {
    // Normal equations for z = level + own * colour + edge * edges + corner * corners.
    double m[4][5] = {};
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const double f[4] = {1, static_cast<double>(c(x, y)), static_cast<double>(edges(x, y)), static_cast<double>(corners(x, y))};
        for (int a = 0; a < 4; ++a) {
          m[a][4] += f[a] * z[at(x, y)];
          for (int b = 0; b < 4; ++b) m[a][b] += f[a] * f[b];
        }
      }
    for (int col = 0; col < 4; ++col) {
      int pivot = col;
      for (int r = col + 1; r < 4; ++r)
        if (std::fabs(m[r][col]) > std::fabs(m[pivot][col])) pivot = r;
      for (int k = 0; k < 5; ++k) std::swap(m[col][k], m[pivot][k]);
      if (std::fabs(m[col][col]) < 1e-9) return {};
      for (int r = 0; r < 4; ++r) {
        if (r == col) continue;
        const double f = m[r][col] / m[col][col];
        for (int k = col; k < 5; ++k) m[r][k] -= f * m[col][k];
      }
    }
    const double level = m[0][4] / m[0][0], own = m[1][4] / m[1][1], edge = m[2][4] / m[2][2], corner = m[3][4] / m[3][3];
    if (own <= 0) return {};
    std::vector<int> next(colour.size());
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) next[at(x, y)] = z[at(x, y)] - level - edge * edges(x, y) - corner * corners(x, y) < 0 ? -1 : 1;
    colour = std::move(next);
  }
  std::vector<std::uint8_t> dark(colour.size());
  for (std::size_t i = 0; i < colour.size(); ++i) dark[i] = colour[i] < 0;
  return dark;
}

Grey drawn(const std::vector<std::uint8_t>& dark, int size) {
  constexpr int kPixels = 4, kQuiet = 4;
  const int side = (size + 2 * kQuiet) * kPixels;
  Grey g{side, side, std::vector<std::uint8_t>(static_cast<std::size_t>(side) * static_cast<std::size_t>(side), 255)};
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      if (!dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)]) continue;
      for (int j = 0; j < kPixels; ++j)
        std::fill_n(&g.px[static_cast<std::size_t>((y + kQuiet) * kPixels + j) * static_cast<std::size_t>(side) + static_cast<std::size_t>((x + kQuiet) * kPixels)], kPixels,
                    std::uint8_t{0});
    }
  return g;
}

// A placed grid: the projective map, the version's side in modules, the finders' module size
// in pixels and how well the version's fixed patterns fit.
struct Placed {
  Grid grid;
  int size;
  double module, score;
};

// The fixed patterns of the version whose side is `size` modules.
code::QrFixedPatterns fixed_patterns_of(int size) { return code::qr_fixed_patterns((size - 17) / 4); }

// At most `most` of `all`, evenly spread through them (they are in reading order, so every part
// of the symbol keeps its share).
std::vector<Module> every_nth(const std::vector<Module>& all, std::size_t most) {
  if (all.size() <= most) return all;
  std::vector<Module> some;
  some.reserve(most);
  for (std::size_t k = 0; k < most; ++k) some.push_back(all[k * all.size() / most]);
  return some;
}

// Placing a grid roughly fits hundreds of grids, refining it about a hundred. From version 14 on
// (612 fixed modules) the ones they are fitted to are sampled, so a large version (often a triple of
// spots far apart in a scene with no code) costs little more than a middling one. (Sampling from
// smaller versions on lost a noisy-rotated frame of core.qr_damage.)
constexpr std::size_t kPlacingModules = 512, kRefiningModules = 1024;

// Every version a triple could be (the one its finders' distance suggests and its neighbours: the
// module size is a guess within a few per cent), each placed roughly.
std::vector<Placed> placed_versions(const GreyView& smooth, const Triple& t) {
  const double module = (t.top_left.module + t.top_right.module + t.bottom_left.module) / 3;
  const double apart = (std::hypot(t.top_right.at.x - t.top_left.at.x, t.top_right.at.y - t.top_left.at.y) +
                        std::hypot(t.bottom_left.at.x - t.top_left.at.x, t.bottom_left.at.y - t.top_left.at.y)) / 2;
  const int guess = static_cast<int>(std::lround((apart / module + 7 - 17) / 4));
  std::vector<Placed> placed;
  for (int version = std::max(1, guess - 1); version <= std::min(40, guess + 1); ++version) {
    const code::QrFixedPatterns p = code::qr_fixed_patterns(version);
    double score = 0;
    Grid g = placed_grid(smooth, t, p.size, every_nth(fixed_modules(p), kPlacingModules), score);
    placed.push_back({std::move(g), p.size, module, score});
  }
  return placed;
}

// The symbol's modules read through a refined grid, its fixed patterns then drawn as they must
// be; `agreement` is the share of fixed modules that read back right before that. Empty when the
// blur model does not fit.
std::vector<std::uint8_t> read_modules(const GreyView& upright, const Placed& placed, double& agreement) {
  std::vector<std::uint8_t> dark = decided(module_greys(upright, placed.grid, placed.size), placed.size);
  agreement = 0;
  if (dark.empty()) return dark;
  const code::QrFixedPatterns p = fixed_patterns_of(placed.size);
  std::size_t fixed = 0, agree = 0;
  for (std::size_t i = 0; i < dark.size(); ++i) {
    if (!p.known[i]) continue;
    ++fixed;
    agree += dark[i] == p.dark[i];
    dark[i] = p.dark[i];
  }
  agreement = static_cast<double>(agree) / static_cast<double>(std::max<std::size_t>(1, fixed));
  return dark;
}

void refine(const GreyView& smooth, Placed& p) {
  p.grid = refined_grid(smooth, p.grid, every_nth(fixed_modules(fixed_patterns_of(p.size)), kRefiningModules), p.module, p.score);
}

// Completing triples from pairs of the 6 strongest candidates, at most 2 new ones placed (training
// frames, seeds 1-6 and 11-16, the pass alone: 858 of 864 noisy-rotated symbols read, from 855, and
// 854 glare from 853; about a seventh more of its instructions on empty frames. 4 pairs' worth
// read 2 fewer; 8, or 4 placed, no more.)
constexpr std::size_t kPairsOf = 6, kCompleted = 2;

}  // namespace

std::optional<Grey> redrawn_symbol(const GreyView& upright) {
  if (upright.width < 40 || upright.height < 40) return std::nullopt;
  const Grey smooth = denoised(upright);
  const BoxSums sums(smooth);
  const std::vector<Finder> candidates = finder_candidates(smooth, sums, 24);

  std::vector<Triple> triples = finder_triples(candidates, 4);
  if (triples.empty()) triples = completed_triples(sums, smooth, candidates, kPairsOf, {}, kCompleted);
  if (triples.empty()) return std::nullopt;
  // A symbol's fixed patterns read back as they must be (98 % of their modules and more, on the
  // benchmark's noisy-rotated frames); a grid laid over a scene without a code reads them little
  // better than chance (at most 64 % on its empty frames). Below 90 % nothing is redrawn, and no
  // decoder's time is spent.
  constexpr double kAccepted = 0.9, kSure = 0.97;
  // The strongest triple first, alone: when its best version's grid reads its fixed patterns back
  // as only a symbol's do, it is the symbol, and the other triples are not tried (most frames
  // with a code: a quarter of the placing).
  std::vector<Placed> placed = placed_versions(smooth.view(), triples.front());
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) { return a.score > b.score; });
  refine(smooth.view(), placed.front());
  double agreement = 0;
  std::vector<std::uint8_t> dark = read_modules(upright, placed.front(), agreement);
  const Placed first = placed.front();
  int size = first.size;
  if (agreement < kSure) {
    // Otherwise which finders belong together is decided by the whole symbol's fixed patterns,
    // not by the finders alone (an alignment pattern or a patch of data can look as much like a
    // finder as a blurred real one): every likely triple placed, the two that fit best refined,
    // the better of those read.
    placed.erase(placed.begin());
    for (Triple& t : completed_triples(sums, smooth, candidates, kPairsOf, triples, kCompleted)) triples.push_back(std::move(t));
    for (std::size_t k = 1; k < triples.size(); ++k)
      for (Placed& p : placed_versions(smooth.view(), triples[k])) placed.push_back(std::move(p));
    std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) { return a.score > b.score; });
    if (placed.size() > 2) placed.erase(placed.begin() + 2, placed.end());
    const Placed* best = &first;
    for (Placed& p : placed) {
      refine(smooth.view(), p);
      if (p.score > best->score) best = &p;
    }
    if (best->score <= 0) return std::nullopt;
    if (best != &first) dark = read_modules(upright, *best, agreement), size = best->size;
  }
  if (dark.empty() || agreement < kAccepted) return std::nullopt;
  return drawn(dark, size);
}

}  // namespace tb::scan
