#pragma once
// The kiosk's platform port: the few things the kiosk UI needs from the machine it runs on.
// One header, one implementation per platform, chosen by CMake (platform_native.cpp for SDL2 on
// Linux, platform_web.cpp for the browser build) — no virtual dispatch, one implementation per build.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/entropy.h"
#include "image/document.h"
#include "image/image.h"
#include "result.h"

namespace tb::kiosk::platform {

using Bytes = std::vector<unsigned char>;

// Why the kiosk could not have an asset or a device (core/result.h); the detail names it and says
// what went wrong ("/dev/video0: cannot open the camera (No such file or directory)").
enum class PlatformError {
  None,
  NotFound,     // an asset that is not there
  Unavailable,  // a device that cannot be opened or stopped working, or that this build has none of
  BadSpec,      // a device option the kiosk cannot read (a printer spec, a vendor library's entries)
};
inline const char* reason_key(PlatformError e) {
  switch (e) {
    case PlatformError::None: return "ok";
    case PlatformError::NotFound: return "not-found";
    case PlatformError::Unavailable: return "unavailable";
    case PlatformError::BadSpec: return "bad-spec";
  }
  return "";
}
inline const char* reason_text(PlatformError e) {
  switch (e) {
    case PlatformError::None: return "";
    case PlatformError::NotFound: return "找不到文件";
    case PlatformError::Unavailable: return "设备不可用";
    case PlatformError::BadSpec: return "设备设置有误";
  }
  return "";
}

// Milliseconds from a monotonic clock (never jumps with wall-clock changes).
std::int64_t now_ms();
// Today's date in the kiosk's time zone, as YYYYMMDD (forms check dates against it).
int today_yyyymmdd();
// The system's random source, for the core (keys, envelopes) and the kiosk's own secrets. Native:
// libsodium's CSPRNG (host/entropy.h); web: libsodium's randombytes, which asks the browser's crypto.
crypto::Entropy& entropy();
// Milliseconds since the process (or page) started, for first-frame measurements.
double ms_since_start();
// An asset shipped with the kiosk (font, guide bundle, …) by file name, or why not (NotFound).
Result<Bytes, PlatformError> read_asset(const std::string& name);
void set_assets_dir(const std::string& dir);  // native only; the web build is handed its assets
// A public key or trust list the kiosk trusts (guide-issuer.pub, intake.pub, code-root.pub,
// code-trust.tbt), by file name: native, from the keys folder (--keys, or the demo keys with
// --demo); web, from the assets the page hands over.
Result<Bytes, PlatformError> read_trust(const std::string& name);
void set_keys_dir(const std::string& dir);  // native only
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
// The kiosk's own secrets (device.seed, data.key). Native: from the secrets folder when one is set
// (--secrets DIR: systemd's credentials folder, the files decrypted by systemd with the kiosk's TPM
// or the host's credential key; docs/SECURITY.md, "Where the kiosk's keys live"); such a folder is
// only read, never written: a missing secret there is NotFound and the kiosk makes none of its own.
// Without one, from the data folder. Web: none here (the browser kiosk keeps its secrets in its data).
void set_secrets_dir(const std::string& dir);  // native only
bool has_secrets_dir();
Result<Bytes, PlatformError> read_secret(const std::string& name);

// Wall-clock time (Unix milliseconds) for what is stored and sent (submission times, retry
// deadlines that must survive a restart); now_ms() above is for animation and idle timers.
std::int64_t wall_ms();
// A Unix time as seconds on the kiosk's local wall clock (for what is printed as a date and time).
std::int64_t local_seconds(std::int64_t unix_seconds);

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
// The publisher of updates (--updates URL, native): GET an absolute http(s) URL on a worker of its
// own, so a slow publisher never holds up a submission. An answer over max_bytes is dropped
// (status 0, `failure` says so); results from fetch_results(), polled once per frame. Web: not
// offered (ticket 0, never a result): the browser kiosk loads its site's current bundle each start.
struct FetchResult {
  std::uint64_t ticket = 0;
  int status = 0;        // 0: no answer, or too large
  std::string body;
  std::string failure;   // why no answer (for the operator's log)
};
std::uint64_t fetch_url(const std::string& url, std::size_t max_bytes);
std::vector<FetchResult> fetch_results();
// Free bytes on the data folder's file system (the heartbeat); nullopt when unknown or on the web.
std::optional<std::uint64_t> free_disk_bytes();
// The scanning camera. Native: a V4L2 device (/dev/videoN) or a YUV4MPEG2 (.y4m) file of frames
// (tests, demos); frames are read on a worker thread and QR codes decoded with libzxing while codes
// are wanted; a code held in view counts once. Web: not available (the browser kiosk reads codes from
// a keyboard-wedge scanner; phones use their own camera page). camera_codes() hands over the codes
// read since the last call, and the source's failure once, if it stopped.
Status<PlatformError> camera_start(const std::string& source);
void camera_want_codes(bool wanted);  // only while a screen takes scans (home, 扫码)
std::vector<std::string> camera_codes(std::string* failure);
void camera_stop();

// The document camera (高拍仪, --document-camera) for 拍照上传: the scanning camera's sources (a V4L2
// device or a .y4m file) in colour, at the camera's full size. It runs only while the camera sheet
// is up (document_camera_open … close): a worker takes frames, keeps the latest one scaled down for
// the preview, and on document_camera_capture() turns the next frame into the document photo
// (core/image: the page found and straightened, JPEG) off the UI thread. Everything it holds is
// wiped on close. Web: not available (the button is not offered).
Status<PlatformError> document_camera_configure(const std::string& source);  // checks it opens once
bool document_camera_available();
Status<PlatformError> document_camera_open();  // the detail is for the operator; the person is told plainly
void document_camera_close();
struct DocumentCameraNews {
  bool preview = false;            // a new preview frame was copied out
  std::optional<image::DocumentPhoto> photo;  // the capture asked for, done
  image::Rgb captured;             // the frame the photo was made from, scaled down like the preview
  int frame_width = 0, frame_height = 0;  // that frame's own size (the photo's page is in its pixels)
  std::string failure;             // the camera stopped (unplugged): for the operator
};
// What happened since the last call; `preview` receives the latest frame when there is a new one.
DocumentCameraNews document_camera_poll(image::Rgb* preview);
void document_camera_capture();

// The ID-card reader (docs/ID-CARD.md). Native: "sim:PATH" is the simulated reader — a card file
// that appears at PATH when a card is laid on the reader and goes away when it is taken off (tests
// and demos write it with `tongban idcard make`), or a FIFO that carries one card per writer;
// "vendor:LIBRARY" is the hall's reader through its vendor's library, loaded at run time (dlopen),
// its SDT-style entry points named by `entries` ("open=SDT_OpenPort,close=…,find=…,select=…,
// read=…"; empty: the SDT names) on `port`. A worker thread watches the reader and wakes the UI;
// card_events() hands over what happened since the last call. Web: no reader (start fails).
struct CardReaderOptions {
  std::string source, entries;
  int port = 1001;
};
struct CardEvent {
  enum class Kind { Placed, Removed, Failed };
  Kind kind = Kind::Failed;
  std::string bytes;    // Placed: the card as read (GA 467 WZ, then the photo) — personal: wipe after use
  std::string failure;  // Failed: what the person is told, in plain Chinese
};
Status<PlatformError> card_reader_start(const CardReaderOptions& options);
bool card_reader_running();
void card_reader_read_now();  // 读取身份证: read the card on the reader again (Failed when there is none)
std::vector<CardEvent> card_events();
void card_reader_stop();

// The receipt printer (--printer). Native: a device path (USB /dev/usb/lp0, a serial port),
// tcp:HOST[:PORT] (a network printer's raw port, 9100 by default) or cups:QUEUE (a raw CUPS queue);
// ESC/POS jobs go on a worker thread and their outcome comes back from print_results(), polled once
// per frame; problem is empty when the job went out, else one plain Chinese sentence (no answer, no
// paper). Web: no printer (a browser cannot reach one without a dialog).
struct PrintResult {
  std::uint64_t ticket = 0;
  std::string problem;
};
Status<PlatformError> printer_configure(const std::string& spec);  // BadSpec: not a printer spec
bool printer_configured();
// Whether this build makes receipt slips at all (native: to the printer, else into the data
// folder; web: never, so 打印回执 is not offered).
bool slips_possible();
std::optional<std::string> printer_text(std::string_view utf8);  // UTF-8 → GB18030 (native: iconv)
std::uint64_t print_job(std::string bytes);
std::vector<PrintResult> print_results();

// 读给我听's speech port: says core's text for a screen (app/speech.h), slower for 长辈版; one
// utterance at a time. Native: the espeak-ng program (speech_native.cpp), to the sound card or to
// the WAV file $TB_SPEECH_CAPTURE names. Web: the browser's speechSynthesis when it has a Chinese
// voice; speech_available() is false without one (the button is then not shown).
bool speech_available();
std::string speak(const std::string& text, bool slow);  // "" or why not, in plain Chinese
void speech_stop();

// Fault injection for tests (TB_KIOSK_CRASH_AT=<point>): the process kills itself (SIGKILL) there.
void crash_point(const char* point);
// Writes a small file atomically (temp file + rename, not waiting for the disk), for the
// automation/test hook.
bool write_file_atomic(const std::string& path, const std::string& contents);

}  // namespace tb::kiosk::platform
