// The kiosk's scanning camera on Linux (platform.h, "camera"): a V4L2 device (/dev/videoN) or a
// YUV4MPEG2 file of frames (tests, demos, a recorded camera). A worker thread takes frames, keeps
// only their grey (Y) plane, reads QR codes with scan/ (Debian's libzxing, the settings the
// benchmark measures) while the UI wants codes, and hands each code to the UI thread once.
// Frames are never stored or logged; a code's text lives until the UI has taken it.
#include <SDL.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "crypto/wipe.h"
#include "platform/platform.h"
#include "scan/qr_read.h"

namespace tb::kiosk::platform {
namespace {

constexpr int kDecodeEveryMs = 120;      // ~8 decodes a second: quick enough for a hand, light on CPU
constexpr int kSameCodeQuietMs = 3000;   // a code held in view is one scan; out of view this long, a new one

struct Frame {
  int width = 0, height = 0;
  std::vector<std::uint8_t> grey;  // width * height
};

// Where frames come from. next() blocks for at most ~200 ms; a failure (Unavailable) when the
// source has failed for good.
class Source {
 public:
  virtual ~Source() = default;
  virtual Status<PlatformError> next(Frame* frame) = 0;
};
template <class S>
using Opened = Result<std::unique_ptr<S>, PlatformError>;

// ---- YUV4MPEG2 file ------------------------------------------------------------------------------
// "YUV4MPEG2 W640 H480 F10:1 C420jpeg …\n", then per frame "FRAME[ params]\n" and the planes. Only
// the Y plane is kept; the file plays at its frame rate and starts again at its end.
class Y4mSource : public Source {
 public:
  static Opened<Y4mSource> open(const std::string& path) {
    auto s = std::unique_ptr<Y4mSource>(new Y4mSource);
    s->path_ = path;
    s->in_.open(path, std::ios::binary);
    if (!s->in_) {
      return {PlatformError::Unavailable, path + ": cannot open (" + std::strerror(errno) + ")"};
    }
    std::string header;
    if (!std::getline(s->in_, header) || header.rfind("YUV4MPEG2 ", 0) != 0) {
      return {PlatformError::Unavailable, path + ": not a YUV4MPEG2 (.y4m) file: the first line must start with 'YUV4MPEG2 '"};
    }
    std::istringstream fields(header.substr(10));
    std::string f;
    std::string colour = "420jpeg";
    int num = 10, den = 1;
    while (fields >> f) {
      if (f[0] == 'W') s->width_ = std::atoi(f.c_str() + 1);
      else if (f[0] == 'H') s->height_ = std::atoi(f.c_str() + 1);
      else if (f[0] == 'C') colour = f.substr(1);
      else if (f[0] == 'F' && std::sscanf(f.c_str() + 1, "%d:%d", &num, &den) != 2) num = 0;
    }
    if (s->width_ < 16 || s->height_ < 16 || s->width_ > 8192 || s->height_ > 8192) {
      return {PlatformError::Unavailable, path + ": header: width and height (W…, H…) must be 16 to 8192, got '" + header + "'"};
    }
    if (num <= 0 || den <= 0) {
      return {PlatformError::Unavailable, path + ": header: bad frame rate (F…), got '" + header + "'"};
    }
    const std::size_t luma = static_cast<std::size_t>(s->width_) * static_cast<std::size_t>(s->height_);
    const std::size_t cw = static_cast<std::size_t>((s->width_ + 1) / 2), ch = static_cast<std::size_t>((s->height_ + 1) / 2);
    if (colour.rfind("420", 0) == 0) s->chroma_ = 2 * cw * ch;
    else if (colour.rfind("422", 0) == 0) s->chroma_ = 2 * cw * static_cast<std::size_t>(s->height_);
    else if (colour.rfind("444", 0) == 0) s->chroma_ = 2 * luma;
    else if (colour == "mono") s->chroma_ = 0;
    else {
      return {PlatformError::Unavailable, path + ": header: colour space C" + colour + " is not supported (420*, 422, 444, mono)"};
    }
    s->frame_ms_ = std::max(1, 1000 * den / num);
    s->first_frame_ = s->in_.tellg();
    return s;
  }

  Status<PlatformError> next(Frame* frame) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(frame_ms_));
    std::string marker;
    if (!std::getline(in_, marker)) {  // the end: play again from the first frame
      if (index_ == 0) {
        return {PlatformError::Unavailable, path_ + ": no frames after the header"};
      }
      in_.clear();
      in_.seekg(first_frame_);
      index_ = 0;
      if (!std::getline(in_, marker)) {
        return {PlatformError::Unavailable, path_ + ": cannot read it again from the start"};
      }
    }
    if (marker.rfind("FRAME", 0) != 0) {
      return {PlatformError::Unavailable, path_ + ": frame " + std::to_string(index_ + 1) + ": expected 'FRAME', found other bytes"};
    }
    frame->width = width_, frame->height = height_;
    frame->grey.resize(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_));
    in_.read(reinterpret_cast<char*>(frame->grey.data()), static_cast<std::streamsize>(frame->grey.size()));
    in_.ignore(static_cast<std::streamsize>(chroma_));
    if (!in_) {
      return {PlatformError::Unavailable, path_ + ": frame " + std::to_string(index_ + 1) + " is truncated"};
    }
    ++index_;
    return {};
  }

 private:
  Y4mSource() = default;
  std::string path_;
  std::ifstream in_;
  std::streampos first_frame_{};
  int width_ = 0, height_ = 0, frame_ms_ = 100;
  std::size_t chroma_ = 0;
  long index_ = 0;
};

// ---- V4L2 device ---------------------------------------------------------------------------------
// Memory-mapped streaming at 640x480 (what a QR scan needs; the driver may pick another size), in
// GREY or YUYV, the formats USB (UVC) scanning cameras offer uncompressed.
class V4l2Source : public Source {
 public:
  static Opened<V4l2Source> open(const std::string& path) {
    auto s = std::unique_ptr<V4l2Source>(new V4l2Source);
    s->path_ = path;
    s->fd_ = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (s->fd_ < 0) {
      return {PlatformError::Unavailable, path + ": cannot open the camera (" + std::strerror(errno) + ")"};
    }
    v4l2_capability cap{};
    if (s->ioctl_(VIDIOC_QUERYCAP, &cap) < 0) return s->fail("not a V4L2 video device");
    const std::uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || !(caps & V4L2_CAP_STREAMING))
      return s->fail("the device cannot stream video capture");
    v4l2_format fmt{};
    fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    fmt.fmt.pix.width = 640;
    fmt.fmt.pix.height = 480;
    fmt.fmt.pix.field = V4L2_FIELD_NONE;
    bool ok = false;
    for (const std::uint32_t pixel : {V4L2_PIX_FMT_GREY, V4L2_PIX_FMT_YUYV}) {
      fmt.fmt.pix.pixelformat = pixel;
      if (s->ioctl_(VIDIOC_S_FMT, &fmt) == 0 && fmt.fmt.pix.pixelformat == pixel) {
        ok = true;
        break;
      }
    }
    if (!ok) return s->fail("offers neither GREY nor YUYV frames (compressed-only cameras are not supported)");
    s->width_ = static_cast<int>(fmt.fmt.pix.width);
    s->height_ = static_cast<int>(fmt.fmt.pix.height);
    s->step_ = fmt.fmt.pix.pixelformat == V4L2_PIX_FMT_YUYV ? 2 : 1;
    s->stride_ = fmt.fmt.pix.bytesperline ? static_cast<int>(fmt.fmt.pix.bytesperline) : s->width_ * s->step_;
    v4l2_requestbuffers req{};
    req.count = 4;
    req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    req.memory = V4L2_MEMORY_MMAP;
    if (s->ioctl_(VIDIOC_REQBUFS, &req) < 0 || req.count < 2) return s->fail("cannot get capture buffers");
    for (std::uint32_t i = 0; i < req.count; ++i) {
      v4l2_buffer b{};
      b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
      b.memory = V4L2_MEMORY_MMAP;
      b.index = i;
      if (s->ioctl_(VIDIOC_QUERYBUF, &b) < 0) return s->fail("cannot query a capture buffer");
      void* p = ::mmap(nullptr, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd_, b.m.offset);
      if (p == MAP_FAILED) return s->fail("cannot map a capture buffer");
      s->buffers_.push_back({p, b.length});
      if (s->ioctl_(VIDIOC_QBUF, &b) < 0) return s->fail("cannot queue a capture buffer");
    }
    v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (s->ioctl_(VIDIOC_STREAMON, &type) < 0) return s->fail("cannot start streaming");
    s->streaming_ = true;
    return s;
  }

  ~V4l2Source() override {
    if (streaming_) {
      v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
      ioctl_(VIDIOC_STREAMOFF, &type);
    }
    for (const auto& b : buffers_) ::munmap(b.first, b.second);
    if (fd_ >= 0) ::close(fd_);
  }

  Status<PlatformError> next(Frame* frame) override {
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, 200);
    if (r == 0 || (r < 0 && errno == EINTR)) return next_timeout(frame);
    if (r < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL))) {
      return {PlatformError::Unavailable, path_ + ": the camera stopped (unplugged?)"};
    }
    v4l2_buffer b{};
    b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    b.memory = V4L2_MEMORY_MMAP;
    if (ioctl_(VIDIOC_DQBUF, &b) < 0) {
      if (errno == EAGAIN) return next_timeout(frame);
      return {PlatformError::Unavailable, path_ + ": cannot take a frame (" + std::strerror(errno) + ")"};
    }
    const auto* src = static_cast<const std::uint8_t*>(buffers_[b.index].first);
    frame->width = width_, frame->height = height_;
    frame->grey.resize(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_));
    for (int y = 0; y < height_; ++y) {
      const std::uint8_t* row = src + static_cast<std::ptrdiff_t>(y) * stride_;
      std::uint8_t* out = &frame->grey[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_)];
      if (step_ == 1) std::memcpy(out, row, static_cast<std::size_t>(width_));
      else
        for (int x = 0; x < width_; ++x) out[x] = row[2 * x];  // YUYV: Y0 U Y1 V
    }
    ioctl_(VIDIOC_QBUF, &b);
    return {};
  }

 private:
  V4l2Source() = default;
  int ioctl_(unsigned long request, void* arg) {
    int r;
    do r = ::ioctl(fd_, request, arg);
    while (r < 0 && errno == EINTR);
    return r;
  }
  Opened<V4l2Source> fail(const std::string& what) {
    return {PlatformError::Unavailable, path_ + ": " + what};
  }
  Status<PlatformError> next_timeout(Frame* frame) {  // no frame this time: an empty one, nothing to decode
    frame->width = frame->height = 0;
    return {};
  }
  std::string path_;
  int fd_ = -1;
  int width_ = 0, height_ = 0, stride_ = 0, step_ = 1;
  bool streaming_ = false;
  std::vector<std::pair<void*, std::size_t>> buffers_;
};

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
      if (const auto got = source->next(&frame); !got) {
        std::lock_guard<std::mutex> lock(mu);
        failure = got.detail();
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
  const bool y4m = source.size() > 4 && source.compare(source.size() - 4, 4, ".y4m") == 0;
  std::unique_ptr<Source> s;
  if (y4m) {
    auto opened = Y4mSource::open(source);
    if (!opened) return opened;
    s = std::move(*opened);
  } else {
    auto opened = V4l2Source::open(source);
    if (!opened) return opened;
    s = std::move(*opened);
  }
  g_camera = new Camera;
  g_camera->source = std::move(s);
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
