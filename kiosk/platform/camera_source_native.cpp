// The cameras' frame sources (camera_source_native.h): YUV4MPEG2 files and V4L2 devices.
#include "platform/camera_source_native.h"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "crypto/wipe.h"

namespace tb::kiosk::platform {

image::Rgb Frame::rgb() const {
  if (!yuyv.empty()) return image::from_yuyv(yuyv.data(), width, height, yuyv_stride);
  if (!u.empty() && !v.empty()) return image::from_yuv420(grey.data(), u.data(), v.data(), width, height);
  return image::from_grey(grey.data(), width, height, width);
}

void Frame::wipe() {
  for (auto* b : {&grey, &u, &v, &yuyv})
    if (!b->empty()) crypto::wipe(b->data(), b->size());
}

namespace {

// A source that cannot be opened: the path and what is wrong, for the operator.
Opened failed(std::string detail) { return {PlatformError::Unavailable, std::move(detail)}; }
// A source that has failed for good (unplugged, a broken file).
Status<PlatformError> stopped(std::string detail) { return {PlatformError::Unavailable, std::move(detail)}; }

// ---- YUV4MPEG2 file ------------------------------------------------------------------------------
// "YUV4MPEG2 W640 H480 F10:1 C420jpeg …\n", then per frame "FRAME[ params]\n" and the planes. The
// Y plane is kept, and in colour the U and V planes of 4:2:0 files (other layouts stay grey); the
// file plays at its frame rate and starts again at its end.
class Y4mSource : public Source {
 public:
  static Opened open(const std::string& path, bool want_colour) {
    auto s = std::unique_ptr<Y4mSource>(new Y4mSource);
    s->path_ = path;
    s->in_.open(path, std::ios::binary);
    if (!s->in_) {
      return failed(path + ": cannot open (" + std::strerror(errno) + ")");
    }
    std::string header;
    if (!std::getline(s->in_, header) || header.rfind("YUV4MPEG2 ", 0) != 0) {
      return failed(path + ": not a YUV4MPEG2 (.y4m) file: the first line must start with 'YUV4MPEG2 '");
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
      return failed(path + ": header: width and height (W…, H…) must be 16 to 8192, got '" + header + "'");
    }
    if (num <= 0 || den <= 0) {
      return failed(path + ": header: bad frame rate (F…), got '" + header + "'");
    }
    const std::size_t luma = static_cast<std::size_t>(s->width_) * static_cast<std::size_t>(s->height_);
    const std::size_t cw = static_cast<std::size_t>((s->width_ + 1) / 2), ch = static_cast<std::size_t>((s->height_ + 1) / 2);
    if (colour.rfind("420", 0) == 0) s->chroma_ = 2 * cw * ch, s->colour_ = want_colour;
    else if (colour.rfind("422", 0) == 0) s->chroma_ = 2 * cw * static_cast<std::size_t>(s->height_);
    else if (colour.rfind("444", 0) == 0) s->chroma_ = 2 * luma;
    else if (colour == "mono") s->chroma_ = 0;
    else {
      return failed(path + ": header: colour space C" + colour + " is not supported (420*, 422, 444, mono)");
    }
    s->frame_ms_ = std::max(1, 1000 * den / num);
    s->first_frame_ = s->in_.tellg();
    return Opened(std::unique_ptr<Source>(std::move(s)));
  }

  Status<PlatformError> next(Frame* frame) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(frame_ms_));
    std::string marker;
    if (!std::getline(in_, marker)) {  // the end: play again from the first frame
      if (index_ == 0) {
        return stopped(path_ + ": no frames after the header");
      }
      in_.clear();
      in_.seekg(first_frame_);
      index_ = 0;
      if (!std::getline(in_, marker)) {
        return stopped(path_ + ": cannot read it again from the start");
      }
    }
    if (marker.rfind("FRAME", 0) != 0) {
      return stopped(path_ + ": frame " + std::to_string(index_ + 1) + ": expected 'FRAME', found other bytes");
    }
    frame->width = width_, frame->height = height_;
    frame->grey.resize(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_));
    in_.read(reinterpret_cast<char*>(frame->grey.data()), static_cast<std::streamsize>(frame->grey.size()));
    if (colour_) {
      frame->u.resize(chroma_ / 2), frame->v.resize(chroma_ / 2);
      in_.read(reinterpret_cast<char*>(frame->u.data()), static_cast<std::streamsize>(frame->u.size()));
      in_.read(reinterpret_cast<char*>(frame->v.data()), static_cast<std::streamsize>(frame->v.size()));
    } else {
      in_.ignore(static_cast<std::streamsize>(chroma_));
    }
    if (!in_) {
      return stopped(path_ + ": frame " + std::to_string(index_ + 1) + " is truncated");
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
  bool colour_ = false;  // keep the U and V planes (4:2:0 only)
  long index_ = 0;
};

// ---- V4L2 device ---------------------------------------------------------------------------------
// Memory-mapped streaming at the size wished for (640x480 is what a QR scan needs; a document
// camera asks for its full size; the driver may pick another), in GREY or YUYV, the formats USB
// (UVC) cameras offer uncompressed; in colour, YUYV first.
class V4l2Source : public Source {
 public:
  static Opened open(const std::string& path, const SourceWish& wish) {
    auto s = std::unique_ptr<V4l2Source>(new V4l2Source);
    s->path_ = path;
    s->fd_ = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (s->fd_ < 0) {
      return failed(path + ": cannot open the camera (" + std::strerror(errno) + ")");
    }
    v4l2_capability cap{};
    if (s->ioctl_(VIDIOC_QUERYCAP, &cap) < 0) return s->fail("not a V4L2 video device");
    const std::uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || !(caps & V4L2_CAP_STREAMING))
      return s->fail("the device cannot stream video capture");
    v4l2_format fmt{};
    fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    fmt.fmt.pix.width = static_cast<std::uint32_t>(wish.width);
    fmt.fmt.pix.height = static_cast<std::uint32_t>(wish.height);
    fmt.fmt.pix.field = V4L2_FIELD_NONE;
    bool ok = false;
    const std::uint32_t first = wish.colour ? V4L2_PIX_FMT_YUYV : V4L2_PIX_FMT_GREY;
    for (const std::uint32_t pixel : {first, first == V4L2_PIX_FMT_GREY ? V4L2_PIX_FMT_YUYV : V4L2_PIX_FMT_GREY}) {
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
    s->colour_ = wish.colour && s->step_ == 2;
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
    return Opened(std::unique_ptr<Source>(std::move(s)));
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
      return stopped(path_ + ": the camera stopped (unplugged?)");
    }
    v4l2_buffer b{};
    b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    b.memory = V4L2_MEMORY_MMAP;
    if (ioctl_(VIDIOC_DQBUF, &b) < 0) {
      if (errno == EAGAIN) return next_timeout(frame);
      return stopped(path_ + ": cannot take a frame (" + std::strerror(errno) + ")");
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
    if (colour_) {
      frame->yuyv.assign(src, src + static_cast<std::size_t>(stride_) * static_cast<std::size_t>(height_));
      frame->yuyv_stride = stride_;
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
  Opened fail(const std::string& what) { return failed(path_ + ": " + what); }
  Status<PlatformError> next_timeout(Frame* frame) {  // no frame this time: an empty one, nothing to decode
    frame->width = frame->height = 0;
    return {};
  }
  std::string path_;
  int fd_ = -1;
  int width_ = 0, height_ = 0, stride_ = 0, step_ = 1;
  bool streaming_ = false, colour_ = false;
  std::vector<std::pair<void*, std::size_t>> buffers_;
};

}  // namespace

Opened open_source(const std::string& path, const SourceWish& wish) {
  const bool y4m = path.size() > 4 && path.compare(path.size() - 4, 4, ".y4m") == 0;
  if (y4m) return Y4mSource::open(path, wish.colour);
  return V4l2Source::open(path, wish);
}

}  // namespace tb::kiosk::platform
