// QR decoding benchmark, native half (tools/bench/bench_codes.mjs drives it and runs the browser half).
// Makes the frames every decoder is measured on, writes them to one file for the browser, decodes
// them with Debian's libzxing, and prints one JSON object on stdout.
//   bench_qr_decode --samples DIR --frames OUT.bin [--synthetic N] [--empty N] [--reps R] [--seed S]
// Frames (640x480, 8-bit grey, what a phone camera's Y plane gives a scanner):
//   synthetic  a code rendered by our encoder (core/code/qr.h) and photographed in software: scale,
//              rotation, mild perspective, blur, noise, uneven light, a cluttered background
//   photo      each sample photo in DIR (ZXing-cpp's public QR test set) downscaled to fit 640x480
//              and centred (smaller ones are kept at their size)
//   empty      background only: what a scanner sees most of the time; the decoder must say "none"
// Plus the sample photos as they are (kind "sample"), for the decode rate on the public set.
// Everything comes from a fixed-seed std::mt19937, so runs are comparable.
#include <ZXing/ZXVersion.h>

#include <dirent.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "stb_image.h"
#include "stb_image_resize.h"

#include "code/prefixes.h"
#include "code/qr.h"
#include "scan/qr_read.h"

using Clock = std::chrono::steady_clock;

namespace {

constexpr int kW = 640, kH = 480;
constexpr double kPi = 3.14159265358979323846;

enum Kind : std::uint32_t { Synthetic = 0, Photo = 1, Empty = 2, Sample = 3 };
const char* kind_name(std::uint32_t k) {
  static const char* names[] = {"synthetic", "photo", "empty", "sample"};
  return names[k];
}

struct Frame {
  Kind kind;
  std::string name;
  std::string expected;  // empty: no code in the frame
  int w, h;
  std::vector<std::uint8_t> px;
};

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())) - 1));
  return v[i];
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---- Synthetic camera frames ------------------------------------------------------------------------
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
  std::vector<float> bg(static_cast<std::size_t>(kW * kH));
  const double base = 90 + 100 * U(rng), gx = (U(rng) - 0.5) * 80, gy = (U(rng) - 0.5) * 80;
  const double f1 = 0.005 + 0.02 * U(rng), f2 = 0.005 + 0.02 * U(rng), a1 = 25 * U(rng), a2 = 25 * U(rng), ph = U(rng) * 6.28;
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x)
      bg[static_cast<std::size_t>(y * kW + x)] = static_cast<float>(base + gx * x / kW + gy * y / kH + a1 * std::sin(f1 * x + ph) + a2 * std::cos(f2 * y + f1 * x));
  const int shapes = static_cast<int>(U(rng) * 5);
  for (int s = 0; s < shapes; ++s) {
    const int x0 = static_cast<int>(U(rng) * kW), y0 = static_cast<int>(U(rng) * kH);
    const int x1 = x0 + 40 + static_cast<int>(U(rng) * 300), y1 = y0 + 40 + static_cast<int>(U(rng) * 250);
    const float v = static_cast<float>(30 + 200 * U(rng));
    for (int y = y0; y < std::min(y1, kH); ++y)
      for (int x = x0; x < std::min(x1, kW); ++x) bg[static_cast<std::size_t>(y * kW + x)] = v;
  }
  return bg;
}

// Light falling unevenly (a lamp to one side, a dim corner) and sensor noise, then 8 bits.
std::vector<std::uint8_t> expose(std::vector<float>& img, std::mt19937& rng, double blur_sigma) {
  std::uniform_real_distribution<double> U(0, 1);
  gaussian_blur(img, kW, kH, blur_sigma);
  const double lx = U(rng) * kW, ly = U(rng) * kH, spread = 300 + 500 * U(rng);
  const double lo = 0.45 + 0.35 * U(rng), hi = 1.0 + 0.15 * U(rng);
  std::normal_distribution<double> noise(0, 2 + 10 * U(rng));
  std::vector<std::uint8_t> out(img.size());
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) {
      const double d = std::hypot(x - lx, y - ly) / spread;
      const double light = lo + (hi - lo) * std::exp(-d * d);
      const double v = img[static_cast<std::size_t>(y * kW + x)] * light + noise(rng);
      out[static_cast<std::size_t>(y * kW + x)] = static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0));
    }
  return out;
}

std::string random_text(std::mt19937& rng, int which) {
  static const char* b45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  std::uniform_int_distribution<int> c45(0, 44), c36(0, 35);
  auto base45 = [&](const char* prefix, int n) {
    std::string s = prefix;
    for (int i = 0; i < n; ++i) s.push_back(b45[c45(rng)]);
    return s;
  };
  switch (which % 6) {
    case 0: return base45(tb::code::prefix::kDynamic, 270);  // dynamic personal code (phone screen): ~version 10-M
    case 1: return base45(tb::code::prefix::kPrinted, 180);  // printed personal code
    case 2: return base45(tb::code::prefix::kVenue, 150);  // venue code
    case 3: return base45(tb::code::prefix::kService, 60);   // service code
    case 4: {
      std::string s = "https://tongban.example.gov.cn/s/";
      for (int i = 0; i < 10; ++i) s.push_back(b45[c36(rng)]);
      return s;
    }
    default: {
      static const char* words[] = {"青禾市", "政务服务中心", "一窗受理", "兴工街道", "文化路88号", "便民服务站", "社保", "户籍", "不动产登记", "预约"};
      std::string s;
      std::uniform_int_distribution<int> w(0, 9);
      for (int i = 0; i < 6; ++i) s += words[w(rng)];
      return s;
    }
  }
}

Frame synthetic_frame(std::mt19937& rng, int index) {
  std::uniform_real_distribution<double> U(0, 1);
  const std::string text = random_text(rng, index);
  const auto qr = tb::code::qr_encode(text);
  if (!qr) {
    std::fprintf(stderr, "encode failed: %s\n", qr.describe().c_str());
    std::exit(1);
  }
  const auto& m = *qr;
  const double quiet = 4;
  // Pixels per module: 2.2 (far away, dense code) .. 6 (held close), capped so the code fits.
  const double fit = 0.92 * kH / (m.size + 2 * quiet);
  const double ppm = std::min(fit, 2.2 + 3.8 * U(rng));
  const double side = ppm * (m.size + 2 * quiet);
  // Rotation: mostly a slight tilt, sometimes any angle (phone held sideways).
  const double angle = (U(rng) < 0.7 ? (U(rng) - 0.5) * 50 : U(rng) * 360) * kPi / 180;
  const double room_x = std::max(0.0, kW - side * 1.2), room_y = std::max(0.0, kH - side * 1.2);
  const double cx = kW / 2.0 + (U(rng) - 0.5) * room_x, cy = kH / 2.0 + (U(rng) - 0.5) * room_y;
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
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) {
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
        auto& p = img[static_cast<std::size_t>(y * kW + x)];
        p = (acc + p * static_cast<float>(4 - inside)) / 4;
      }
    }
  const double blur = U(rng) < 0.25 ? 0 : 0.4 + 1.2 * U(rng);
  Frame f{Synthetic, "synthetic-" + std::to_string(index), text, kW, kH, expose(img, rng, blur)};
  return f;
}

Frame empty_frame(std::mt19937& rng, int index) {
  std::uniform_real_distribution<double> U(0, 1);
  std::vector<float> img = background(rng);
  return Frame{Empty, "empty-" + std::to_string(index), "", kW, kH, expose(img, rng, U(rng) * 1.2)};
}

// ---- Sample photos --------------------------------------------------------------------------------
std::vector<Frame> load_samples(const std::string& dir) {
  std::vector<std::string> subdirs, files;
  if (DIR* d = opendir(dir.c_str())) {
    while (const dirent* e = readdir(d))
      if (e->d_name[0] != '.') subdirs.push_back(e->d_name);
    closedir(d);
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const auto& s : subdirs) {
    std::vector<std::string> here;
    if (DIR* d = opendir((dir + "/" + s).c_str())) {
      while (const dirent* e = readdir(d)) {
        const std::string n = e->d_name;
        const auto dot = n.rfind('.');
        if (dot == std::string::npos) continue;
        const std::string ext = n.substr(dot);
        if (ext == ".png" || ext == ".jpg" || ext == ".jpeg") here.push_back(s + "/" + n);
      }
      closedir(d);
    }
    std::sort(here.begin(), here.end());
    files.insert(files.end(), here.begin(), here.end());
  }
  std::vector<Frame> out;
  for (const auto& rel : files) {
    const std::string path = dir + "/" + rel;
    const std::string txt = read_text(path.substr(0, path.rfind('.')) + ".txt");
    if (txt.empty()) continue;  // a part of a multi-symbol message with no text of its own
    int w = 0, h = 0, c = 0;
    unsigned char* px = stbi_load(path.c_str(), &w, &h, &c, 1);
    if (!px) {
      std::fprintf(stderr, "bench_qr_decode: cannot read %s\n", path.c_str());
      continue;
    }
    out.push_back(Frame{Sample, rel, txt, w, h, std::vector<std::uint8_t>(px, px + static_cast<std::size_t>(w) * static_cast<std::size_t>(h))});
    stbi_image_free(px);
  }
  return out;
}

// A sample photo as a 640x480 camera frame: downscaled to fit if larger, centred on a canvas of
// its own border's mean grey.
Frame photo_frame(const Frame& s) {
  const double scale = std::min({1.0, static_cast<double>(kW) / s.w, static_cast<double>(kH) / s.h});
  const int w = std::max(1, static_cast<int>(std::lround(s.w * scale))), h = std::max(1, static_cast<int>(std::lround(s.h * scale)));
  std::vector<std::uint8_t> small(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  if (w == s.w && h == s.h) small = s.px;
  else stbir_resize_uint8(s.px.data(), s.w, s.h, 0, small.data(), w, h, 0, 1);
  long sum = 0, n = 0;
  for (int x = 0; x < w; ++x) sum += small[static_cast<std::size_t>(x)] + small[static_cast<std::size_t>((h - 1) * w + x)], n += 2;
  for (int y = 0; y < h; ++y) sum += small[static_cast<std::size_t>(y * w)] + small[static_cast<std::size_t>(y * w + w - 1)], n += 2;
  Frame f{Photo, s.name, s.expected, kW, kH, std::vector<std::uint8_t>(static_cast<std::size_t>(kW * kH), static_cast<std::uint8_t>(sum / n))};
  const int ox = (kW - w) / 2, oy = (kH - h) / 2;
  for (int y = 0; y < h; ++y) std::memcpy(&f.px[static_cast<std::size_t>((oy + y) * kW + ox)], &small[static_cast<std::size_t>(y * w)], static_cast<std::size_t>(w));
  return f;
}

// ---- Decoding -----------------------------------------------------------------------------------------
// Camera frames: read_qr_frame, the scanner's settings (the same as js/scanner.js gives
// zxing-wasm): QR only, try harder, stop at the first code; still images: read_qr_still, the same
// sequence as `tongban code scan`. Both are scan/qr_read.cpp, what the kiosk and CLI run.
std::vector<std::string> decode(const Frame& f, bool camera) {
  const tb::scan::GreyView view{f.px.data(), f.w, f.h, f.w};
  return camera ? tb::scan::read_qr_frame(view) : tb::scan::read_qr_still(view);
}

bool correct(const Frame& f, const std::vector<std::string>& texts) {
  if (f.expected.empty()) return texts.empty();
  return std::find(texts.begin(), texts.end(), f.expected) != texts.end();
}

void put32(std::ofstream& o, std::uint32_t v) {
  const unsigned char b[4] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v >> 16),
                              static_cast<unsigned char>(v >> 24)};
  o.write(reinterpret_cast<const char*>(b), 4);
}

std::string json_str(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') o += '\\', o += static_cast<char>(c);
    else if (c < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else o += static_cast<char>(c);
  }
  return o + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  std::string samples_dir, frames_out;
  int n_synthetic = 120, n_empty = 20, reps = 5;
  unsigned seed = 20240601;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "bench_qr_decode: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--samples") samples_dir = next();
    else if (a == "--frames") frames_out = next();
    else if (a == "--synthetic") n_synthetic = std::atoi(next().c_str());
    else if (a == "--empty") n_empty = std::atoi(next().c_str());
    else if (a == "--reps") reps = std::max(1, std::atoi(next().c_str()));
    else if (a == "--seed") seed = static_cast<unsigned>(std::strtoul(next().c_str(), nullptr, 10));
    else {
      std::fprintf(stderr, "usage: bench_qr_decode --samples DIR --frames OUT.bin [--synthetic N] [--empty N] [--reps R] [--seed S]\n");
      return 2;
    }
  }
  if (samples_dir.empty()) {
    std::fprintf(stderr, "bench_qr_decode: --samples DIR is required\n");
    return 2;
  }

  std::mt19937 rng(seed);
  std::vector<Frame> frames;
  for (int i = 0; i < n_synthetic; ++i) frames.push_back(synthetic_frame(rng, i));
  for (int i = 0; i < n_empty; ++i) frames.push_back(empty_frame(rng, i));
  const std::vector<Frame> samples = load_samples(samples_dir);
  if (samples.empty()) {
    std::fprintf(stderr, "bench_qr_decode: no sample images with expected texts in %s\n", samples_dir.c_str());
    return 3;
  }
  for (const auto& s : samples) frames.push_back(photo_frame(s));

  if (!frames_out.empty()) {
    std::ofstream o(frames_out, std::ios::binary);
    o.write("TBQF", 4);
    put32(o, 1);
    put32(o, static_cast<std::uint32_t>(frames.size() + samples.size()));
    auto write = [&](const Frame& f) {
      put32(o, f.kind);
      put32(o, static_cast<std::uint32_t>(f.w));
      put32(o, static_cast<std::uint32_t>(f.h));
      put32(o, static_cast<std::uint32_t>(f.name.size()));
      o.write(f.name.data(), static_cast<std::streamsize>(f.name.size()));
      put32(o, static_cast<std::uint32_t>(f.expected.size()));
      o.write(f.expected.data(), static_cast<std::streamsize>(f.expected.size()));
      o.write(reinterpret_cast<const char*>(f.px.data()), static_cast<std::streamsize>(f.px.size()));
    };
    for (const auto& f : frames) write(f);
    for (const auto& s : samples) write(s);
    if (!o) {
      std::fprintf(stderr, "bench_qr_decode: cannot write %s\n", frames_out.c_str());
      return 3;
    }
  }

  // Warm-up (page in the library, grow the allocator), then each frame `reps` times: its median.
  for (std::size_t i = 0; i < std::min<std::size_t>(frames.size(), 10); ++i) decode(frames[i], true);
  struct PerKind {
    std::vector<double> ms;
    int ok = 0, any = 0;
  } kinds[3];
  std::vector<double> all_ms;
  double total_ms = 0;
  for (const auto& f : frames) {
    std::vector<double> t;
    std::vector<std::string> texts;
    for (int r = 0; r < reps; ++r) {
      const auto t0 = Clock::now();
      texts = decode(f, true);
      t.push_back(ms_since(t0));
    }
    const double med = percentile(t, 0.5);
    all_ms.push_back(med);
    total_ms += med;
    auto& k = kinds[f.kind];
    k.ms.push_back(med);
    k.ok += correct(f, texts);
    k.any += !texts.empty();
  }
  int sample_ok = 0, sample_any = 0;
  std::vector<double> sample_ms;
  std::string failed;
  for (const auto& s : samples) {
    const auto t0 = Clock::now();
    const auto texts = decode(s, false);
    sample_ms.push_back(ms_since(t0));
    sample_ok += correct(s, texts);
    sample_any += !texts.empty();
    if (!correct(s, texts)) failed += (failed.empty() ? "" : ",") + json_str(s.name);
  }

  std::printf("{\"zxing_cpp\": \"%d.%d.%d\", \"width\": %d, \"height\": %d, \"reps\": %d, \"seed\": %u,\n", ZXING_VERSION_MAJOR,
              ZXING_VERSION_MINOR, ZXING_VERSION_PATCH, kW, kH, reps, seed);
  std::printf(" \"frames\": %zu, \"frame_ms_median\": %.4f, \"frame_ms_p95\": %.4f, \"frame_ms_mean\": %.4f, \"fps\": %.1f,\n", frames.size(),
              percentile(all_ms, 0.5), percentile(all_ms, 0.95), total_ms / static_cast<double>(frames.size()),
              1000.0 * static_cast<double>(frames.size()) / total_ms);
  std::printf(" \"kinds\": {");
  for (int k = 0; k < 3; ++k)
    std::printf("%s\"%s\": {\"n\": %zu, \"ok\": %d, \"any\": %d, \"ms_median\": %.4f, \"ms_p95\": %.4f}", k ? ", " : "", kind_name(static_cast<std::uint32_t>(k)),
                kinds[k].ms.size(), kinds[k].ok, kinds[k].any, percentile(kinds[k].ms, 0.5), percentile(kinds[k].ms, 0.95));
  std::printf("},\n \"samples\": {\"n\": %zu, \"ok\": %d, \"any\": %d, \"ms_median\": %.4f, \"failed\": [%s]}}\n", samples.size(), sample_ok,
              sample_any, percentile(sample_ms, 0.5), failed.c_str());
  return 0;
}
