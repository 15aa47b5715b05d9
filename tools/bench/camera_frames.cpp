#include "camera_frames.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace tb::bench {
namespace {

constexpr double kPi = 3.14159265358979323846;

// 3x3 homography mapping frame pixels to code-plane coordinates (modules).
using Mat3 = std::array<double, 9>;

// The homography taking src[i] to dst[i] (4 points), by solving the 8x8 system.
Mat3 homography(const std::array<double, 8>& src, const std::array<double, 8>& dst) {
  double a[8][9] = {};
  for (int i = 0; i < 4; ++i) {
    const double x = src[2 * i], y = src[2 * i + 1], u = dst[2 * i], v = dst[2 * i + 1];
    double r1[9] = {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
    double r2[9] = {0, 0, 0, x, y, 1, -v * x, -v * y, v};
    std::memcpy(a[2 * i], r1, sizeof r1);
    std::memcpy(a[2 * i + 1], r2, sizeof r2);
  }
  for (int c = 0; c < 8; ++c) {
    int p = c;
    for (int r = c + 1; r < 8; ++r)
      if (std::fabs(a[r][c]) > std::fabs(a[p][c])) p = r;
    for (int k = 0; k < 9; ++k) std::swap(a[c][k], a[p][k]);
    for (int r = 0; r < 8; ++r) {
      if (r == c) continue;
      const double f = a[r][c] / a[c][c];
      for (int k = c; k < 9; ++k) a[r][k] -= f * a[c][k];
    }
  }
  Mat3 h;
  for (int i = 0; i < 8; ++i) h[static_cast<std::size_t>(i)] = a[i][8] / a[i][i];
  h[8] = 1;
  return h;
}

void gaussian_blur(std::vector<float>& img, int w, int h, double sigma) {
  if (sigma < 0.3) return;
  const int r = static_cast<int>(std::ceil(sigma * 3));
  std::vector<float> k(static_cast<std::size_t>(2 * r + 1));
  float sum = 0;
  for (int i = -r; i <= r; ++i) sum += k[static_cast<std::size_t>(i + r)] = static_cast<float>(std::exp(-i * i / (2 * sigma * sigma)));
  for (auto& v : k) v /= sum;
  std::vector<float> tmp(img.size());
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      float s = 0;
      for (int i = -r; i <= r; ++i) s += k[static_cast<std::size_t>(i + r)] * img[static_cast<std::size_t>(y * w + std::clamp(x + i, 0, w - 1))];
      tmp[static_cast<std::size_t>(y * w + x)] = s;
    }
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      float s = 0;
      for (int i = -r; i <= r; ++i) s += k[static_cast<std::size_t>(i + r)] * tmp[static_cast<std::size_t>(std::clamp(y + i, 0, h - 1) * w + x)];
      img[static_cast<std::size_t>(y * w + x)] = s;
    }
}

// A scene behind the code: smooth shading, a few flat shapes (a table edge, a phone, a poster).
std::vector<float> background(std::mt19937& rng) {
  std::uniform_real_distribution<double> U(0, 1);
  std::vector<float> bg(static_cast<std::size_t>(kFrameW * kFrameH));
  const double base = 90 + 100 * U(rng), gx = (U(rng) - 0.5) * 80, gy = (U(rng) - 0.5) * 80;
  const double f1 = 0.005 + 0.02 * U(rng), f2 = 0.005 + 0.02 * U(rng), a1 = 25 * U(rng), a2 = 25 * U(rng), ph = U(rng) * 6.28;
  for (int y = 0; y < kFrameH; ++y)
    for (int x = 0; x < kFrameW; ++x)
      bg[static_cast<std::size_t>(y * kFrameW + x)] = static_cast<float>(base + gx * x / kFrameW + gy * y / kFrameH + a1 * std::sin(f1 * x + ph) + a2 * std::cos(f2 * y + f1 * x));
  const int shapes = static_cast<int>(U(rng) * 5);
  for (int s = 0; s < shapes; ++s) {
    const int x0 = static_cast<int>(U(rng) * kFrameW), y0 = static_cast<int>(U(rng) * kFrameH);
    const int x1 = x0 + 40 + static_cast<int>(U(rng) * 300), y1 = y0 + 40 + static_cast<int>(U(rng) * 250);
    const float v = static_cast<float>(30 + 200 * U(rng));
    for (int y = y0; y < std::min(y1, kFrameH); ++y)
      for (int x = x0; x < std::min(x1, kFrameW); ++x) bg[static_cast<std::size_t>(y * kFrameW + x)] = v;
  }
  return bg;
}

// A bright reflection: light added towards white, strongest at the centre, fading with distance.
struct Glare {
  double x, y, radius, strength;  // strength 1: white at the centre
};

// Light falling unevenly (a lamp to one side, a dim corner), a reflection, sensor noise (`noise_min`
// plus up to `noise_spread` grey levels of deviation), then 8 bits.
std::vector<std::uint8_t> expose(std::vector<float>& img, std::mt19937& rng, double blur_sigma, const Glare* glare = nullptr,
                                 double noise_min = 2, double noise_spread = 10) {
  std::uniform_real_distribution<double> U(0, 1);
  gaussian_blur(img, kFrameW, kFrameH, blur_sigma);
  const double lx = U(rng) * kFrameW, ly = U(rng) * kFrameH, spread = 300 + 500 * U(rng);
  const double lo = 0.45 + 0.35 * U(rng), hi = 1.0 + 0.15 * U(rng);
  std::normal_distribution<double> noise(0, noise_min + noise_spread * U(rng));
  std::vector<std::uint8_t> out(img.size());
  for (int y = 0; y < kFrameH; ++y)
    for (int x = 0; x < kFrameW; ++x) {
      const double d = std::hypot(x - lx, y - ly) / spread;
      const double light = lo + (hi - lo) * std::exp(-d * d);
      double v = img[static_cast<std::size_t>(y * kFrameW + x)] * light;
      if (glare) {
        const double g = std::hypot(x - glare->x, y - glare->y) / glare->radius;
        v += (255 - v) * glare->strength * std::exp(-g * g);
      }
      v += noise(rng);
      out[static_cast<std::size_t>(y * kFrameW + x)] = static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0));
    }
  return out;
}

}  // namespace

const char* damage_name(Damage d) {
  switch (d) {
    case Damage::Glare: return "glare";
    case Damage::NoisyRotated: return "noisy-rotated";
    default: return "synthetic";
  }
}

std::vector<std::uint8_t> photograph(const code::QrMatrix& m, Damage damage, std::mt19937& rng) {
  std::uniform_real_distribution<double> U(0, 1);
  const double quiet = 4;
  // Pixels per module: 2.2 (far away, dense code) .. 6 (held close), capped so the code fits.
  const double fit = 0.92 * kFrameH / (m.size + 2 * quiet);
  const double ppm = std::min(fit, damage == Damage::None ? 2.2 + 3.8 * U(rng) : 3.0 + 3.0 * U(rng));
  const double side = ppm * (m.size + 2 * quiet);
  // Rotation: mostly a slight tilt, sometimes any angle (phone held sideways).
  const double angle = (damage == Damage::NoisyRotated ? U(rng) * 360 : U(rng) < 0.7 ? (U(rng) - 0.5) * 50 : U(rng) * 360) * kPi / 180;
  const double room_x = std::max(0.0, kFrameW - side * 1.2), room_y = std::max(0.0, kFrameH - side * 1.2);
  const double cx = kFrameW / 2.0 + (U(rng) - 0.5) * room_x, cy = kFrameH / 2.0 + (U(rng) - 0.5) * room_y;
  // Corners of the code plane (with quiet zone) in the frame, each nudged for a mild perspective.
  std::array<double, 8> frame_pts{}, code_pts{};
  const double cu[4] = {-quiet, m.size + quiet, m.size + quiet, -quiet}, cv[4] = {-quiet, -quiet, m.size + quiet, m.size + quiet};
  const double persp = 0.08 * U(rng);
  for (int i = 0; i < 4; ++i) {
    const double dx = (cu[i] - m.size / 2.0) * ppm, dy = (cv[i] - m.size / 2.0) * ppm;
    frame_pts[static_cast<std::size_t>(2 * i)] = cx + dx * std::cos(angle) - dy * std::sin(angle) + (U(rng) - 0.5) * 2 * persp * side;
    frame_pts[static_cast<std::size_t>(2 * i + 1)] = cy + dx * std::sin(angle) + dy * std::cos(angle) + (U(rng) - 0.5) * 2 * persp * side;
    code_pts[static_cast<std::size_t>(2 * i)] = cu[i];
    code_pts[static_cast<std::size_t>(2 * i + 1)] = cv[i];
  }
  const Mat3 H = homography(frame_pts, code_pts);
  const float dark = static_cast<float>(10 + 70 * U(rng)), light = static_cast<float>(175 + 75 * U(rng));
  std::vector<float> img = background(rng);
  for (int y = 0; y < kFrameH; ++y)
    for (int x = 0; x < kFrameW; ++x) {
      float acc = 0;
      int inside = 0;
      for (int s = 0; s < 4; ++s) {  // 2x2 supersampling for the edges
        const double px = x + 0.25 + 0.5 * (s & 1), py = y + 0.25 + 0.5 * (s >> 1);
        const double w = H[6] * px + H[7] * py + H[8];
        const double u = (H[0] * px + H[1] * py + H[2]) / w, v = (H[3] * px + H[4] * py + H[5]) / w;
        if (u < -quiet || v < -quiet || u >= m.size + quiet || v >= m.size + quiet) continue;
        ++inside;
        acc += m.dark(static_cast<int>(std::floor(u)), static_cast<int>(std::floor(v))) ? dark : light;
      }
      if (inside) {
        auto& p = img[static_cast<std::size_t>(y * kFrameW + x)];
        p = (acc + p * static_cast<float>(4 - inside)) / 4;
      }
    }
  switch (damage) {
    case Damage::None: {
      const double blur = U(rng) < 0.25 ? 0 : 0.4 + 1.2 * U(rng);
      return expose(img, rng, blur);
    }
    case Damage::Glare: {
      // Centred somewhere on the code, about half its side across, washing it out most of the way.
      const Glare glare{cx + (U(rng) - 0.5) * side * 0.6, cy + (U(rng) - 0.5) * side * 0.6, side * (0.25 + 0.25 * U(rng)),
                        0.7 + 0.2 * U(rng)};
      return expose(img, rng, 0.4 + 0.6 * U(rng), &glare);
    }
    case Damage::NoisyRotated: return expose(img, rng, 0.9 + 0.8 * U(rng), nullptr, 16, 12);
  }
  return {};
}

std::vector<std::uint8_t> empty_scene(std::mt19937& rng) {
  std::uniform_real_distribution<double> U(0, 1);
  std::vector<float> img = background(rng);
  return expose(img, rng, U(rng) * 1.2);
}

code::QrResult qrencode_symbol(const std::string& text) {
  if (text.empty() || text.find('\'') != std::string::npos)
    return {Fault::Invalid, "qrencode_symbol: the text must be non-empty and without single quotes"};
  // ASCII output: one line per module row, two characters per module, '#' dark; no quiet zone.
  const std::string cmd = "qrencode -l M -m 0 -t ASCII -o - '" + text + "' 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {Fault::Unsupported, "cannot run qrencode (Debian package qrencode)"};
  std::vector<std::string> rows;
  std::string line;
  for (int c; (c = std::fgetc(p)) != EOF;) {
    if (c != '\n') line.push_back(static_cast<char>(c));
    else if (!line.empty()) rows.push_back(std::move(line)), line.clear();
  }
  if (!line.empty()) rows.push_back(line);
  const int status = pclose(p);
  const int size = static_cast<int>(rows.size());
  if (status != 0 || size < 21) return {Fault::Unsupported, "qrencode failed (is the Debian package qrencode installed?)"};
  code::QrMatrix m;
  m.size = size;
  m.version = (size - 17) / 4;
  m.modules.assign(static_cast<std::size_t>(size * size), 0);
  for (int y = 0; y < size; ++y) {
    const std::string& row = rows[static_cast<std::size_t>(y)];
    if (static_cast<int>(row.size()) != 2 * size) return {Fault::Malformed, "qrencode: unexpected ASCII output"};
    for (int x = 0; x < size; ++x) m.modules[static_cast<std::size_t>(y * size + x)] = row[static_cast<std::size_t>(2 * x)] == '#';
  }
  return m;
}

}  // namespace tb::bench
