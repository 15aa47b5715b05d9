// The document camera (高拍仪) on Linux (platform.h, "document camera"): the scanning camera's
// sources (camera_source_native.h) opened in colour at full size, on a worker thread that runs
// only while the camera sheet is up. Each frame is shrunk into the preview; a capture turns the
// next frame into the document photo with core/image. Frames, previews and photos are the
// person's: overwritten before they are released, never written anywhere.
#include <SDL.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "platform/camera_source_native.h"
#include "platform/platform.h"

namespace tb::kiosk::platform {
namespace {

constexpr int kPreviewSide = 960;        // the preview's larger side: what the sheet shows
constexpr int kPreviewEveryMs = 150;     // ~6 previews a second: a live picture, light on CPU
const SourceWish kWish{true, 2592, 1944};  // a 5-megapixel document camera's full size

std::string g_source;

struct DocumentCamera {
  std::unique_ptr<Source> source;
  std::thread thread;
  std::atomic<bool> stop{false};
  std::mutex mu;
  image::Rgb preview;
  bool fresh = false, capture = false;
  std::optional<image::DocumentPhoto> photo;
  image::Rgb captured;
  int frame_w = 0, frame_h = 0;
  std::string failure;

  static void wake() {
    SDL_Event e{};
    e.type = SDL_USEREVENT;
    SDL_PushEvent(&e);
  }

  void run() {
    Frame frame;
    auto last_preview = std::chrono::steady_clock::time_point{};
    while (!stop) {
      if (const auto next = source->next(&frame); !next) {
        std::lock_guard<std::mutex> lock(mu);
        failure = next.detail();
        wake();
        break;
      }
      if (frame.width == 0) continue;
      bool take;
      {
        std::lock_guard<std::mutex> lock(mu);
        take = capture;
      }
      const auto now = std::chrono::steady_clock::now();
      if (!take && now - last_preview < std::chrono::milliseconds(kPreviewEveryMs)) continue;
      last_preview = now;
      image::Rgb rgb = frame.rgb();
      image::Rgb small = image::shrink(rgb.view(), kPreviewSide);
      std::optional<image::DocumentPhoto> made;
      if (take) made = image::document_photo(rgb.view());
      {
        std::lock_guard<std::mutex> lock(mu);
        if (take) {
          if (photo) photo->wipe();
          photo = std::move(made);
          image::wipe(captured);
          captured = small;
          frame_w = rgb.width, frame_h = rgb.height;
          capture = false;
        }
        image::wipe(preview);
        preview = std::move(small);
        fresh = true;
      }
      image::wipe(rgb);
      wake();
    }
    frame.wipe();
  }

  ~DocumentCamera() {
    stop = true;
    if (thread.joinable()) thread.join();
    image::wipe(preview), image::wipe(captured);
    if (photo) photo->wipe();
  }
};

DocumentCamera* g_camera = nullptr;

}  // namespace

Status<PlatformError> document_camera_configure(const std::string& source) {
  // Opened once to say at start what is wrong with it (then closed: it runs only when needed).
  if (const auto opened = open_source(source, kWish); !opened) return opened;
  g_source = source;
  return {};
}

bool document_camera_available() { return !g_source.empty(); }

Status<PlatformError> document_camera_open() {
  document_camera_close();
  if (g_source.empty()) return {PlatformError::Unavailable, "no document camera (--document-camera)"};
  Opened s = open_source(g_source, kWish);
  if (!s) return s;
  g_camera = new DocumentCamera;
  g_camera->source = std::move(s).value();
  g_camera->thread = std::thread([c = g_camera] { c->run(); });
  return {};
}

void document_camera_close() {
  delete g_camera;
  g_camera = nullptr;
}

DocumentCameraNews document_camera_poll(image::Rgb* preview) {
  DocumentCameraNews news;
  if (!g_camera) return news;
  std::lock_guard<std::mutex> lock(g_camera->mu);
  if (g_camera->fresh && preview) {
    image::wipe(*preview);
    *preview = g_camera->preview;
    news.preview = true;
    g_camera->fresh = false;
  }
  if (g_camera->photo) {
    news.photo = std::move(g_camera->photo);
    g_camera->photo.reset();
    news.captured = std::move(g_camera->captured);
    g_camera->captured = {};
    news.frame_width = g_camera->frame_w, news.frame_height = g_camera->frame_h;
  }
  news.failure = std::move(g_camera->failure);
  g_camera->failure.clear();
  return news;
}

void document_camera_capture() {
  if (!g_camera) return;
  std::lock_guard<std::mutex> lock(g_camera->mu);
  g_camera->capture = true;
}

}  // namespace tb::kiosk::platform
