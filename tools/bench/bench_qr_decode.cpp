// QR decoding benchmark, native half (tools/bench/bench_codes.mjs drives it and runs the browser half).
// Makes the frames every decoder is measured on, writes them to one file for the browser, decodes
// them with Debian's libzxing, and prints one JSON object on stdout.
//   bench_qr_decode --samples DIR|none --frames OUT.bin [--synthetic N] [--empty N] [--damaged N] [--reps R] [--seed S]
// Frames (640x480, 8-bit grey, what a phone camera's Y plane gives a scanner):
//   synthetic  a code rendered by our encoder (core/code/qr.h) and photographed in software: scale,
//              rotation, mild perspective, blur, noise, uneven light, a cluttered background
//   photo      each sample photo in DIR (ZXing-cpp's public QR test set) downscaled to fit 640x480
//              and centred (smaller ones are kept at their size)
//   empty      background only: what a scanner sees most of the time; the decoder must say "none"
//   glare, noisy-rotated  a code made by Debian's qrencode (not our encoder) with one kind of damage
//              (tools/bench/camera_frames.h): a bright reflection washing out part of it; any angle
//              under heavy sensor noise and blur
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

#include "camera_frames.h"

#include "code/prefixes.h"
#include "code/qr.h"
#include "scan/qr_read.h"

using Clock = std::chrono::steady_clock;

namespace {

constexpr int kW = tb::bench::kFrameW, kH = tb::bench::kFrameH;

enum Kind : std::uint32_t { Synthetic = 0, Photo = 1, Empty = 2, Sample = 3, Glare = 4, NoisyRotated = 5 };
const char* kind_name(std::uint32_t k) {
  static const char* names[] = {"synthetic", "photo", "empty", "sample", "glare", "noisy-rotated"};
  return names[k];
}
// The camera-frame kinds reported, in this order (Sample is the still-image set, reported apart).
constexpr Kind kFrameKinds[] = {Synthetic, Photo, Empty, Glare, NoisyRotated};

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
  const std::string text = random_text(rng, index);
  const auto qr = tb::code::qr_encode(text);
  if (!qr) {
    std::fprintf(stderr, "encode failed: %s\n", qr.describe().c_str());
    std::exit(1);
  }
  return Frame{Synthetic, "synthetic-" + std::to_string(index), text, kW, kH, tb::bench::photograph(*qr, tb::bench::Damage::None, rng)};
}

// Damaged frames, from a code made by Debian's qrencode (an encoder other than ours).
Frame damaged_frame(std::mt19937& rng, int index, Kind kind) {
  const std::string text = random_text(rng, index);
  const auto qr = tb::bench::qrencode_symbol(text);
  if (!qr) {
    std::fprintf(stderr, "bench_qr_decode: %s\n", qr.describe().c_str());
    std::exit(1);
  }
  const auto damage = kind == Glare ? tb::bench::Damage::Glare : tb::bench::Damage::NoisyRotated;
  return Frame{kind, std::string(kind_name(kind)) + "-" + std::to_string(index), text, kW, kH, tb::bench::photograph(*qr, damage, rng)};
}

Frame empty_frame(std::mt19937& rng, int index) {
  return Frame{Empty, "empty-" + std::to_string(index), "", kW, kH, tb::bench::empty_scene(rng)};
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
  int n_synthetic = 120, n_empty = 20, n_damaged = 72, reps = 5;
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
    else if (a == "--damaged") n_damaged = std::atoi(next().c_str());
    else if (a == "--reps") reps = std::max(1, std::atoi(next().c_str()));
    else if (a == "--seed") seed = static_cast<unsigned>(std::strtoul(next().c_str(), nullptr, 10));
    else {
      std::fprintf(stderr, "usage: bench_qr_decode --samples DIR --frames OUT.bin [--synthetic N] [--empty N] [--damaged N] [--reps R] [--seed S]\n");
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
  // Their own generator, so the frames above stay the ones earlier runs measured.
  std::mt19937 damaged_rng(seed + 1);
  for (int i = 0; i < n_damaged; ++i) frames.push_back(damaged_frame(damaged_rng, i, Glare));
  for (int i = 0; i < n_damaged; ++i) frames.push_back(damaged_frame(damaged_rng, i, NoisyRotated));
  // `--samples none`: the frames made in software only (web.scanner's damaged frames).
  const std::vector<Frame> samples = samples_dir == "none" ? std::vector<Frame>{} : load_samples(samples_dir);
  if (samples.empty() && samples_dir != "none") {
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
  } kinds[6];
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
  for (Kind k : kFrameKinds)
    std::printf("%s\"%s\": {\"n\": %zu, \"ok\": %d, \"any\": %d, \"ms_median\": %.4f, \"ms_p95\": %.4f}", k != kFrameKinds[0] ? ", " : "", kind_name(k),
                kinds[k].ms.size(), kinds[k].ok, kinds[k].any, percentile(kinds[k].ms, 0.5), percentile(kinds[k].ms, 0.95));
  std::printf("},\n \"samples\": {\"n\": %zu, \"ok\": %d, \"any\": %d, \"ms_median\": %.4f, \"failed\": [%s]}}\n", samples.size(), sample_ok,
              sample_any, percentile(sample_ms, 0.5), failed.c_str());
  return 0;
}
