// The simulated ID-card reader (--card-reader sim:PATH, docs/ID-CARD.md): what tests and demos lay
// on the reader. PATH is either
//  - a card file: its appearing (or changing) is a card laid on the reader, its removal the card
//    taken off; write it atomically (`tongban idcard make -o PATH` does) so a half-written card is
//    never read; or
//  - a FIFO (mkfifo): each writer's bytes, up to its close, are one card laid on the reader.
// A folder that disappears from under PATH is a reader unplugged.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "crypto/wipe.h"
#include "platform/card_reader_native.h"
#include "ui_strings.h"

namespace tb::kiosk::platform {
namespace {

constexpr int kPollMs = 150;
constexpr std::size_t kMaxCardBytes = 64 * 1024;  // WZ and a photo; anything longer is not a card

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

CardEvent failed(const char* why) { return CardEvent{CardEvent::Kind::Failed, {}, why}; }

class SimFile : public CardSource {
 public:
  explicit SimFile(std::string path) : path_(std::move(path)) {}

  std::optional<CardEvent> poll(bool read_now) override {
    if (!read_now) std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
    struct stat st{};
    if (::stat(path_.c_str(), &st) != 0) {
      struct stat dir{};
      const bool unplugged = errno != ENOENT || ::stat(parent_of(path_).c_str(), &dir) != 0;
      if (unplugged && (read_now || !unplugged_)) {
        unplugged_ = true;
        present_ = false;
        return failed(ui::kCardReaderGone);
      }
      unplugged_ = unplugged;
      if (present_) {
        present_ = false;
        return CardEvent{CardEvent::Kind::Removed, {}, {}};
      }
      if (read_now) return failed(ui::kCardNoCard);
      return std::nullopt;
    }
    unplugged_ = false;
    const bool changed = !present_ || st.st_size != size_ || st.st_mtim.tv_sec != mtime_.tv_sec ||
                         st.st_mtim.tv_nsec != mtime_.tv_nsec || st.st_ino != ino_;
    if (!changed && !read_now) return std::nullopt;
    present_ = true;
    size_ = st.st_size, mtime_ = st.st_mtim, ino_ = st.st_ino;
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::string card = bytes.str();
    // Read, but gone or cut short meanwhile: a card taken off mid-read.
    if (!in || card.size() != static_cast<std::size_t>(st.st_size) || card.size() > kMaxCardBytes) {
      crypto::wipe(card);
      return failed(ui::kCardReadFailed);
    }
    return CardEvent{CardEvent::Kind::Placed, std::move(card), {}};
  }

 private:
  std::string path_;
  bool present_ = false, unplugged_ = false;
  off_t size_ = 0;
  timespec mtime_{};
  ino_t ino_ = 0;
};

class SimFifo : public CardSource {
 public:
  explicit SimFifo(std::string path) : path_(std::move(path)) {}
  ~SimFifo() override {
    if (fd_ >= 0) ::close(fd_);
    crypto::wipe(buffer_);
  }

  std::optional<CardEvent> poll(bool read_now) override {
    if (fd_ < 0) fd_ = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
      return failed(ui::kCardReaderGone);
    }
    pollfd p{fd_, POLLIN, 0};
    ::poll(&p, 1, kPollMs);
    char chunk[4096];
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      if (buffer_.size() + n > kMaxCardBytes) buffer_.clear(), too_long_ = true;
      else buffer_.append(chunk, static_cast<std::size_t>(n));
      crypto::wipe(chunk, sizeof chunk);
      return std::nullopt;
    }
    if (n == 0) {  // no writer (any more): a card has been written, or nothing is happening
      const bool had = !buffer_.empty() || too_long_;
      ::close(fd_);
      fd_ = -1;
      if (had) {
        std::string card = std::move(buffer_);
        buffer_.clear();
        if (too_long_) return too_long_ = false, failed(ui::kCardReadFailed);
        return CardEvent{CardEvent::Kind::Placed, std::move(card), {}};
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
    }
    // A FIFO keeps no card once it has been read: 读取身份证 asks for one to be laid on again.
    if (read_now) return failed(ui::kCardNoCard);
    return std::nullopt;
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::string buffer_;
  bool too_long_ = false;
};

}  // namespace

OpenedReader open_sim_reader(const std::string& path) {
  if (path.empty()) return {PlatformError::BadSpec, "sim: needs the card file's path (sim:PATH)"};
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode)) return std::unique_ptr<CardSource>(std::make_unique<SimFifo>(path));
  struct stat dir{};
  if (::stat(parent_of(path).c_str(), &dir) != 0 || !S_ISDIR(dir.st_mode))
    return {PlatformError::Unavailable, "sim:" + path + ": the folder " + parent_of(path) + " does not exist"};
  return std::unique_ptr<CardSource>(std::make_unique<SimFile>(path));
}

}  // namespace tb::kiosk::platform
