// The kiosk's scanning camera on Linux (platform.h, "camera"): a V4L2 device (/dev/videoN) or a
// YUV4MPEG2 file of frames (tests, demos, a recorded camera; camera_source_native.h). A worker
// thread takes frames, keeps only their grey (Y) plane, reads QR codes with scan/ (Debian's libzxing, the settings the
// benchmark measures) while the UI wants codes, and hands each code to the UI thread once.
// Frames are never stored or logged; a code's text lives until the UI has taken it.
#include <SDL.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "crypto/wipe.h"
#include "platform/camera_source_native.h"
#include "platform/platform.h"
#include "scan/qr_read.h"

namespace tb::kiosk::platform {
namespace {

constexpr int kDecodeEveryMs = 120;      // ~8 decodes a second: quick enough for a hand, light on CPU
constexpr int kSameCodeQuietMs = 3000;   // a code held in view is one scan; out of view this long, a new one

// ---- The worker ----------------------------------------------------------------------------------
struct Camera {
  std::unique_ptr<Source> source;
  std::thread thread;
  std::atomic<bool> stop{false};
  std::atomic<bool> wanted{false};
  std::mutex mu;
  std::vector<std::string> codes;  // read, not yet taken by the UI
  std::string failure;

  void run() {
    Frame frame;
    std::string last;  // the code in view, so holding it there is one scan
    auto last_seen = std::chrono::steady_clock::time_point{};
    auto last_decode = std::chrono::steady_clock::time_point{};
    while (!stop) {
      if (const auto next = source->next(&frame); !next) {
        std::lock_guard<std::mutex> lock(mu);
        failure = next.detail();
        break;
      }
      const auto now = std::chrono::steady_clock::now();
      if (!wanted || frame.width == 0 || now - last_decode < std::chrono::milliseconds(kDecodeEveryMs)) continue;
      last_decode = now;
      auto texts = scan::read_qr_frame(scan::GreyView{frame.grey.data(), frame.width, frame.height, frame.width});
      if (texts.empty()) continue;
      const bool same = texts[0] == last && now - last_seen < std::chrono::milliseconds(kSameCodeQuietMs);
      last_seen = now;
      if (same) continue;
      crypto::wipe(last);
      last = texts[0];
      {
        std::lock_guard<std::mutex> lock(mu);
        codes.push_back(texts[0]);
      }
      for (auto& t : texts) crypto::wipe(t);
      SDL_Event wake{};
      wake.type = SDL_USEREVENT;
      SDL_PushEvent(&wake);
    }
    crypto::wipe(last);
  }
};

Camera* g_camera = nullptr;

}  // namespace

Status<PlatformError> camera_start(const std::string& source) {
  camera_stop();
  Opened s = open_source(source, SourceWish{});
  if (!s) return s;
  g_camera = new Camera;
  g_camera->source = std::move(s).value();
  g_camera->thread = std::thread([c = g_camera] { c->run(); });
  return {};
}

void camera_want_codes(bool wanted) {
  if (g_camera) g_camera->wanted = wanted;
}

std::vector<std::string> camera_codes(std::string* failure) {
  std::vector<std::string> out;
  if (!g_camera) return out;
  std::lock_guard<std::mutex> lock(g_camera->mu);
  out.swap(g_camera->codes);
  if (failure && !g_camera->failure.empty()) {
    *failure = g_camera->failure;
    g_camera->failure.clear();
  }
  return out;
}

void camera_stop() {
  if (!g_camera) return;
  g_camera->stop = true;
  if (g_camera->thread.joinable()) g_camera->thread.join();
  for (auto& c : g_camera->codes) crypto::wipe(c);
  delete g_camera;
  g_camera = nullptr;
}

}  // namespace tb::kiosk::platform
