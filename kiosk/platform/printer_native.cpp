// The receipt printer on Linux (--printer): an ESC/POS job goes, on a worker thread so the screen
// never waits on paper, to a device file (USB /dev/usb/lpN, a serial port), a network printer's raw
// port (tcp:HOST:PORT, usually 9100) or a CUPS queue that passes it through untouched (cups:QUEUE,
// `lp -d QUEUE -o raw`). Before a job the printer is asked whether it has paper where it can answer
// (the status register of a USB printer-class device; ESC/POS real-time status, DLE EOT 4, over
// TCP); one that does not answer gets the job anyway. Failures come back as one plain Chinese sentence.
#include <fcntl.h>
#include <linux/lp.h>
#include <netdb.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <mutex>

#include "host/gb18030.h"
#include "platform/job_thread_native.h"
#include "platform/platform.h"

namespace tb::kiosk::platform {
namespace {

constexpr const char* kNoAnswer = "打印机没有响应（可能没开机，或网线、数据线松了）";
constexpr const char* kNoPaper = "打印机缺纸，请工作人员换纸";
constexpr const char* kFailed = "打印中断，回执没有打完";

enum class Kind { None, Device, Tcp, Cups };
struct Target {
  Kind kind = Kind::None;
  std::string where, host, port;  // device path or queue name; host and port for tcp
};

// write() on a device, send() on a socket (no SIGPIPE when the printer hangs up).
bool write_all(int fd, const std::string& bytes, bool socket) {
  std::size_t off = 0;
  while (off < bytes.size()) {
    const ssize_t n = socket ? ::send(fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL)
                             : ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

int connect_with_timeout(const Target& t, int timeout_ms) {
  addrinfo hints{}, *res = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  if (::getaddrinfo(t.host.c_str(), t.port.c_str(), &hints, &res) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = res; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    pollfd p{fd, POLLOUT, 0};
    int err = 0;
    socklen_t len = sizeof err;
    if (errno != EINPROGRESS || ::poll(&p, 1, timeout_ms) != 1 ||
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(res);
  if (fd >= 0) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    timeval tv{10, 0};  // a printer that stops taking bytes for 10 s has jammed or gone
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  return fd;
}

// DLE EOT 4: the roll paper sensor. Bits 5 and 6 set: the paper has run out.
std::string tcp_paper_problem(int fd) {
  const char ask[] = {0x10, 0x04, 0x04};
  if (!write_all(fd, std::string(ask, sizeof ask), true)) return kNoAnswer;
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 400) != 1) return {};  // no real-time status on this printer: print anyway
  unsigned char status = 0;
  if (::recv(fd, &status, 1, 0) != 1) return {};
  return (status & 0x60) == 0x60 ? kNoPaper : "";
}

std::string print_tcp(const Target& t, const std::string& job) {
  const int fd = connect_with_timeout(t, 3000);
  if (fd < 0) return kNoAnswer;
  std::string problem = tcp_paper_problem(fd);
  if (problem.empty() && !write_all(fd, job, true)) problem = kFailed;
  ::close(fd);
  return problem;
}

std::string print_device(const Target& t, const std::string& job) {
  // Opened without waiting (a serial port would wait for a carrier that a printer never raises),
  // then written to blocking.
  const int fd = ::open(t.where.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return errno == ENOENT || errno == ENODEV || errno == ENXIO ? "打印机没有连接" : kNoAnswer;
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  int status = 0;
  if (::ioctl(fd, LPGETSTATUS, &status) == 0) {  // a printer-class device; others (serial) can't say
    if (status & LP_POUTPA) return ::close(fd), kNoPaper;
    if (!(status & LP_PSELECD)) return ::close(fd), kNoAnswer;
  }
  const bool ok = write_all(fd, job, false);
  ::close(fd);
  return ok ? "" : kFailed;
}

std::string print_cups(const Target& t, const std::string& job) {
  // The queue name was checked to be letters, digits, '-', '_' and '.' only: safe in a command.
  const std::string cmd = "lp -s -d " + t.where + " -o raw -";
  FILE* lp = ::popen(cmd.c_str(), "w");
  if (!lp) return "打印服务（CUPS）没有运行";
  const bool wrote = std::fwrite(job.data(), 1, job.size(), lp) == job.size();
  const int status = ::pclose(lp);
  if (wrote && status == 0) return {};
  return "打印队列 " + t.where + " 不接受打印任务";
}

std::mutex g_target_mu;
Target g_target;

PrintResult print_do(std::uint64_t ticket, std::string& job) {
  Target t;
  {
    std::lock_guard<std::mutex> lock(g_target_mu);
    t = g_target;
  }
  PrintResult r{ticket, {}};
  switch (t.kind) {
    case Kind::Tcp: r.problem = print_tcp(t, job); break;
    case Kind::Device: r.problem = print_device(t, job); break;
    case Kind::Cups: r.problem = print_cups(t, job); break;
    case Kind::None: r.problem = "这台自助机没有连接打印机"; break;
  }
  return r;
}

JobThread<std::string, PrintResult>& print_thread() {
  static auto& t = JobThread<std::string, PrintResult>::start(print_do);
  return t;
}

bool plain_name(const std::string& s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

}  // namespace

Status<PlatformError> printer_configure(const std::string& spec) {
  Target t;
  if (spec.rfind("tcp:", 0) == 0) {
    const std::string rest = spec.substr(4);
    const auto colon = rest.rfind(':');
    t.kind = Kind::Tcp;
    t.host = colon == std::string::npos ? rest : rest.substr(0, colon);
    t.port = colon == std::string::npos ? "9100" : rest.substr(colon + 1);
    const bool port_ok = !t.port.empty() && t.port.size() <= 5 && t.port.find_first_not_of("0123456789") == std::string::npos &&
                         std::stoi(t.port) > 0 && std::stoi(t.port) < 65536;
    if (t.host.empty() || !port_ok) return {PlatformError::BadSpec, "--printer: expected tcp:HOST or tcp:HOST:PORT, got '" + spec + "'"};
  } else if (spec.rfind("cups:", 0) == 0) {
    t.kind = Kind::Cups;
    t.where = spec.substr(5);
    if (!plain_name(t.where))
      return {PlatformError::BadSpec, "--printer: a CUPS queue name is letters, digits, '-', '_' and '.', got '" + spec + "'"};
  } else if (!spec.empty() && spec[0] == '/') {
    t.kind = Kind::Device;
    t.where = spec;
  } else {
    return {PlatformError::BadSpec, "--printer: expected a device path (/dev/usb/lp0), tcp:HOST:PORT or cups:QUEUE, got '" + spec + "'"};
  }
  std::lock_guard<std::mutex> lock(g_target_mu);
  g_target = t;
  return {};
}

bool printer_configured() {
  std::lock_guard<std::mutex> lock(g_target_mu);
  return g_target.kind != Kind::None;
}

bool slips_possible() { return true; }

std::optional<std::string> printer_text(std::string_view utf8) { return host::utf8_to_gb18030(utf8); }

std::uint64_t print_job(std::string bytes) { return print_thread().push(std::move(bytes)); }

std::vector<PrintResult> print_results() { return print_thread().take(); }

}  // namespace tb::kiosk::platform
