// Kiosk media benchmark smoke (the lead runs the timings; tests never do):
//   bench_media capture [--reps R]   a 5-megapixel document camera frame (2592x1944, a page drawn
//                                    in perspective on a dark desk) through core's document_photo
//                                    (find the page, straighten, JPEG) — what 拍照上传 does between
//                                    the capture and the attachment — beside stb's JPEG encoder
//                                    alone on the same frame (the peer: encoding without the crop)
//   bench_media speech [--reps R]    time to the first audible sample of the kiosk's speech port
//                                    (core's toned pinyin, espeak-ng -v cmn-latn-pinyin on stdin,
//                                    as kiosk/platform/speech_native.cpp runs it) beside the
//                                    espeak-ng CLI alone given the characters (-v cmn)
// One JSON object on stdout: per case the median and maximum milliseconds.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <csignal>
#include <functional>
#include <string>
#include <vector>

#include "image/document.h"
#include "image/jpeg.h"
#include "text/spoken_pinyin.h"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

std::string stats(const char* name, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  char buf[160];
  std::snprintf(buf, sizeof buf, "\"%s\": {\"median_ms\": %.1f, \"max_ms\": %.1f, \"reps\": %zu}", name, ms[ms.size() / 2],
                ms.back(), ms.size());
  return buf;
}

// A printed A4 page (light, with lines of dark "text") in perspective on a dark desk.
tb::image::Rgb camera_frame(int w, int h) {
  tb::image::Rgb f{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h * 3, 50)};
  const double c[4][2] = {{0.22 * w, 0.10 * h}, {0.80 * w, 0.14 * h}, {0.84 * w, 0.92 * h}, {0.18 * w, 0.88 * h}};
  auto inside = [&](double x, double y) {
    for (int i = 0; i < 4; ++i) {
      const double* a = c[i];
      const double* b = c[(i + 1) % 4];
      if ((b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]) < 0) return false;
    }
    return true;
  };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (inside(x, y)) {
        const bool ink = (y / 24) % 3 == 0 && (x / 9) % 5 != 0;
        std::uint8_t* p = &f.pixels[(static_cast<std::size_t>(y) * w + x) * 3];
        p[0] = p[1] = p[2] = ink ? 40 : 235;
      }
  return f;
}

int capture(int reps) {
  const auto frame = camera_frame(2592, 1944);
  std::vector<double> pipeline, stb_alone;
  bool found = true;
  for (int r = 0; r < reps; ++r) {
    auto t0 = Clock::now();
    auto photo = tb::image::document_photo(frame.view());
    pipeline.push_back(ms_since(t0));
    found = found && photo.page_found && !photo.jpeg.empty();
    t0 = Clock::now();
    const auto jpeg = tb::image::encode_jpeg(frame.view(), 85);
    stb_alone.push_back(ms_since(t0));
    if (jpeg.empty()) found = false;
  }
  std::printf("{\"bench\": \"capture\", \"frame\": \"2592x1944\", \"page_found\": %s, %s, %s}\n", found ? "true" : "false",
              stats("document_photo", pipeline).c_str(), stats("stb_jpeg_alone", stb_alone).c_str());
  return found ? 0 : 1;
}

// Runs espeak-ng writing WAV to a pipe; milliseconds until the first sample louder than silence.
double first_audio_ms(const std::vector<std::string>& args, const std::string& stdin_text) {
  int out[2], in[2];
  if (::pipe(out) != 0 || ::pipe(in) != 0) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, in[1]);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const auto t0 = Clock::now();
  const int err = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in[0]), ::close(out[1]);
  if (err != 0) return ::close(in[1]), ::close(out[0]), -1;
  if (!stdin_text.empty() && ::write(in[1], stdin_text.data(), stdin_text.size()) < 0) std::perror("write");
  ::close(in[1]);
  double at = -1;
  std::vector<unsigned char> buf(4096);
  std::size_t seen = 0;
  for (ssize_t n; at < 0 && (n = ::read(out[0], buf.data(), buf.size())) > 0;) {
    for (ssize_t i = 0; i + 1 < n; i += 2, seen += 2) {
      if (seen < 44) continue;  // the WAV header
      const int sample = static_cast<std::int16_t>(buf[i] | (buf[i + 1] << 8));
      if (std::abs(sample) > 300) {
        at = ms_since(t0);
        break;
      }
    }
  }
  ::close(out[0]);
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  return at;
}

int speech(int reps) {
  const std::string text = "请填写您的姓名和公民身份号码，然后点下一步。";
  std::vector<double> port, cli;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    const std::string pinyin = tb::text::to_toned_pinyin(text);
    const double heard = first_audio_ms({"espeak-ng", "-v", "cmn-latn-pinyin", "-s", "150", "--stdin", "--stdout"}, pinyin);
    if (heard < 0) return std::fputs("bench_media speech: espeak-ng did not run\n", stderr), 1;
    port.push_back(ms_since(t0));  // the pinyin conversion counts: the kiosk does it before speaking
    cli.push_back(first_audio_ms({"espeak-ng", "-v", "cmn", "--stdout", text}, ""));
  }
  std::printf("{\"bench\": \"speech\", %s, %s}\n", stats("kiosk_port_first_audio", port).c_str(),
              stats("espeak_cli_first_audio", cli).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  int reps = 5;
  for (int i = 2; i + 1 < argc; i += 2)
    if (std::strcmp(argv[i], "--reps") == 0) reps = std::max(1, std::atoi(argv[i + 1]));
  if (what == "capture") return capture(reps);
  if (what == "speech") return speech(reps);
  std::fputs("usage: bench_media capture|speech [--reps R]\n", stderr);
  return 2;
}
