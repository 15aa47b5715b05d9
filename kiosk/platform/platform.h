#pragma once
// The kiosk's platform port: the few things the kiosk UI needs from the machine it runs on.
// One header, one implementation per platform, chosen by CMake (platform_native.cpp for SDL2 on
// Linux, platform_web.cpp for the browser build) — no virtual dispatch, one implementation per build.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crypto/entropy.h"

namespace tb::kiosk::platform {

using Bytes = std::vector<unsigned char>;

// Milliseconds from a monotonic clock (never jumps with wall-clock changes).
std::int64_t now_ms();
// Today's date in the kiosk's time zone, as YYYYMMDD (forms check dates against it).
int today_yyyymmdd();
// The system's random source, for the core (keys, envelopes) and the kiosk's own secrets. Native:
// libsodium's CSPRNG (host/entropy.h); web: libsodium's randombytes, which asks the browser's crypto.
crypto::Entropy& entropy();
// Milliseconds since the process (or page) started, for first-frame measurements.
double ms_since_start();
// An asset shipped with the kiosk (font, guide bundle, …) by file name, or nullopt with `error` set.
std::optional<Bytes> read_asset(const std::string& name, std::string* error);
void set_assets_dir(const std::string& dir);  // native only; the web build is handed its assets
// The kiosk's own data folder (native: --data DIR; web: none). An installed guide update lives
// there; updates dropped into its incoming/ folder (by a sync agent or a USB stick) are applied at
// start. Writes are atomic (native: host/files.h, temp file, fsync, rename): a power cut leaves the
// old file or the new.
std::optional<Bytes> read_data(const std::string& name);
bool write_data_atomic(const std::string& name, const Bytes& bytes);
std::vector<std::string> incoming_files();          // names in incoming/, oldest first
std::optional<Bytes> read_incoming(const std::string& name);
void remove_incoming(const std::string& name);
void set_data_dir(const std::string& dir);
bool has_data_dir();
// Names in the data folder starting with `prefix` (never half-written temp files), and removal.
std::vector<std::string> list_data(const std::string& prefix);
bool remove_data(const std::string& name);

// Wall-clock time (Unix milliseconds) for what is stored and sent (submission times, retry
// deadlines that must survive a restart); now_ms() above is for animation and idle timers.
std::int64_t wall_ms();

// The city's intake over HTTP, asynchronously (the UI never waits on the network). A request
// returns a ticket; its result arrives later from http_results(), polled once per frame.
// status 0: no answer (network down, timeout). Native: a worker thread (cpp-httplib) that wakes
// the event loop; web: fetch() to the kiosk page's own origin.
struct HttpResult {
  std::uint64_t ticket = 0;
  int status = 0;
  std::string body;
};
void set_intake_url(const std::string& base_url);  // native: --intake URL; web: the page's origin
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;  // extra request headers (a device's signature)
std::uint64_t http_request(const std::string& method, const std::string& path, const std::string& body,
                           const std::string& content_type = "application/octet-stream", const HttpHeaders& headers = {});
std::vector<HttpResult> http_results();
// The scanning camera. Native: a V4L2 device (/dev/videoN) or a YUV4MPEG2 (.y4m) file of frames
// (tests, demos); frames are read on a worker thread and QR codes decoded with libzxing while codes
// are wanted; a code held in view counts once. Web: not available (the browser kiosk reads codes from
// a keyboard-wedge scanner; phones use their own camera page). camera_codes() hands over the codes
// read since the last call, and the source's failure once, if it stopped.
bool camera_start(const std::string& source, std::string* error);
void camera_want_codes(bool wanted);  // only while a screen takes scans (home, 扫码)
std::vector<std::string> camera_codes(std::string* failure);
void camera_stop();

// Fault injection for tests (TB_KIOSK_CRASH_AT=<point>): the process kills itself (SIGKILL) there.
void crash_point(const char* point);
// Writes a small file atomically (temp file + rename, not waiting for the disk), for the
// automation/test hook.
bool write_file_atomic(const std::string& path, const std::string& contents);

}  // namespace tb::kiosk::platform
