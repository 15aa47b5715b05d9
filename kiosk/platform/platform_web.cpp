// Kiosk platform for browsers (Emscripten build): assets are fetched by the page's loader
// (wasm/kiosk-web/kiosk.js) and handed over before main() runs; clocks come from performance.now().
#include "platform/platform.h"

#include <emscripten.h>
#include <sodium.h>

#include <cstdlib>
#include <cstring>

#include "crypto/wipe.h"

// clang-format off
EM_JS(int, tb_js_asset_size, (const char* name), {
  const a = Module.tbAssets && Module.tbAssets[UTF8ToString(name)];
  return a ? a.length : -1;
});
EM_JS(void, tb_js_asset_copy, (const char* name, unsigned char* dest), {
  HEAPU8.set(Module.tbAssets[UTF8ToString(name)], dest);
});
EM_JS(int, tb_js_today, (), {
  const d = new Date();
  return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
});
// The kiosk's data (outbox) lives in IndexedDB; the page loads it into Module.tbData before the
// kiosk starts (wasm/kiosk-web/kiosk.js), so reads are synchronous and writes go to both, in order.
EM_JS(int, tb_js_data_size, (const char* name), {
  const d = Module.tbData && Module.tbData.get(UTF8ToString(name));
  return d ? d.length : -1;
});
EM_JS(void, tb_js_data_copy, (const char* name, unsigned char* dest), {
  HEAPU8.set(Module.tbData.get(UTF8ToString(name)), dest);
});
EM_JS(int, tb_js_data_put, (const char* name, const unsigned char* src, int len), {
  if (!Module.tbData || !Module.tbDataPut) return 0;
  const bytes = HEAPU8.slice(src, src + len);
  const key = UTF8ToString(name);
  Module.tbData.set(key, bytes);
  Module.tbDataPut(key, bytes);
  return 1;
});
EM_JS(int, tb_js_data_remove, (const char* name), {
  if (!Module.tbData || !Module.tbDataPut) return 0;
  const key = UTF8ToString(name);
  Module.tbData.delete(key);
  Module.tbDataPut(key, null);
  return 1;
});
EM_JS(int, tb_js_has_data, (), { return Module.tbData && Module.tbDataPut ? 1 : 0; });
EM_JS(int, tb_js_data_list_size, (const char* prefix), {
  const p = UTF8ToString(prefix);
  const names = Module.tbData ? Array.from(Module.tbData.keys()).filter((k) => k.startsWith(p)).sort() : [];
  Module.tbListing = names.join("\n");
  return lengthBytesUTF8(Module.tbListing) + 1;
});
EM_JS(void, tb_js_data_list_copy, (char* dest, int size), { stringToUTF8(Module.tbListing, dest, size); });
EM_JS(double, tb_js_wall_ms, (), { return Date.now(); });
// HTTP: fetch() to the page's own origin; finished exchanges wait in Module.tbHttpDone.
// `headers`: "Name: value" lines.
EM_JS(void, tb_js_http_start, (double ticket, const char* method, const char* path, const unsigned char* body, int len,
                               const char* type, const char* headers), {
  const m = UTF8ToString(method), url = new URL(UTF8ToString(path).replace(/^[/]/, ""), new URL("../", location.href));
  const init = { method: m, cache: "no-store", credentials: "same-origin", headers: {} };
  for (const line of UTF8ToString(headers).split("\n")) {
    const at = line.indexOf(": ");
    if (at > 0) init.headers[line.slice(0, at)] = line.slice(at + 2);
  }
  if (m !== "GET") {
    init.body = HEAPU8.slice(body, body + len);
    init.headers["Content-Type"] = UTF8ToString(type);
  }
  Module.tbHttpDone = Module.tbHttpDone || [];
  fetch(url, init)
    .then((r) => r.arrayBuffer().then((b) => Module.tbHttpDone.push({ ticket, status: r.status, body: new Uint8Array(b) })))
    .catch(() => Module.tbHttpDone.push({ ticket, status: 0, body: new Uint8Array(0) }));
});
EM_JS(int, tb_js_http_next_size, (), {
  return Module.tbHttpDone && Module.tbHttpDone.length ? Module.tbHttpDone[0].body.length : -1;
});
EM_JS(double, tb_js_http_take, (int* status, unsigned char* dest), {
  const r = Module.tbHttpDone.shift();
  HEAP32[status >> 2] = r.status;
  HEAPU8.set(r.body, dest);
  return r.ticket;
});
EM_JS(int, tb_js_camera_start, (), {
  if (!Module.tbCamera) return 0;
  Module.tbCamera.start();
  return 1;
});
EM_JS(void, tb_js_camera_want, (int on), { if (Module.tbCamera) Module.tbCamera.wanted = !!on; });
EM_JS(int, tb_js_camera_next_size, (), {
  const q = Module.tbCamera && Module.tbCamera.queue;
  return q && q.length ? lengthBytesUTF8(q[0]) + 1 : 0;
});
EM_JS(void, tb_js_camera_take, (char* dest, int size), { stringToUTF8(Module.tbCamera.queue.shift(), dest, size); });
EM_JS(void, tb_js_automation, (const char* json), {
  if (Module.onAutomation) Module.onAutomation(UTF8ToString(json));
});
// clang-format on

namespace tb::kiosk::platform {

std::int64_t now_ms() { return static_cast<std::int64_t>(emscripten_get_now()); }

int today_yyyymmdd() { return tb_js_today(); }

EM_JS(int, tb_js_utc_offset_minutes, (double unix_seconds), { return -new Date(unix_seconds * 1000).getTimezoneOffset(); });
std::int64_t local_seconds(std::int64_t unix_seconds) {
  return unix_seconds + std::int64_t{60} * tb_js_utc_offset_minutes(static_cast<double>(unix_seconds));
}

namespace {
// libsodium's randombytes in a browser asks crypto.getRandomValues.
class BrowserEntropy final : public crypto::Entropy {
 public:
  void fill(unsigned char* out, std::size_t n) override { randombytes_buf(out, n); }
};
}  // namespace

crypto::Entropy& entropy() {
  static BrowserEntropy browser;  // stateless: nothing in it is ever written
  return browser;
}

double ms_since_start() { return emscripten_get_now(); }  // performance.now(): since navigation start

void set_assets_dir(const std::string&) {}

Result<Bytes, PlatformError> read_asset(const std::string& name) {
  const int size = tb_js_asset_size(name.c_str());
  if (size < 0) return {PlatformError::NotFound, name + ": not handed to the kiosk by the page loader"};
  Bytes bytes(static_cast<std::size_t>(size));
  if (size > 0) tb_js_asset_copy(name.c_str(), bytes.data());
  return bytes;
}

// The browser kiosk trusts the keys its server publishes beside the bundle (the site's data/).
void set_keys_dir(const std::string&) {}
Result<Bytes, PlatformError> read_trust(const std::string& name) { return read_asset(name); }

// The browser kiosk always starts from the bundle its server publishes; its data (the outbox) is
// in IndexedDB, handed over by the page.
void set_data_dir(const std::string&) {}
bool has_data_dir() { return tb_js_has_data() == 1; }
// The browser kiosk's secrets live with its data (IndexedDB, sealed by the page's WebCrypto key).
void set_secrets_dir(const std::string&) {}
bool has_secrets_dir() { return false; }
Result<Bytes, PlatformError> read_secret(const std::string& name) {
  return {PlatformError::Unavailable, name + ": the browser kiosk has no secrets folder"};
}
std::optional<Bytes> read_data(const std::string& name) {
  const int size = tb_js_data_size(name.c_str());
  if (size < 0) return std::nullopt;
  Bytes bytes(static_cast<std::size_t>(size));
  if (size > 0) tb_js_data_copy(name.c_str(), bytes.data());
  return bytes;
}
bool write_data_atomic(const std::string& name, const Bytes& bytes) {
  return tb_js_data_put(name.c_str(), bytes.data(), static_cast<int>(bytes.size())) == 1;
}
std::vector<std::string> list_data(const std::string& prefix) {
  std::vector<char> buffer(static_cast<std::size_t>(tb_js_data_list_size(prefix.c_str())));
  tb_js_data_list_copy(buffer.data(), static_cast<int>(buffer.size()));
  const std::string all(buffer.data());
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < all.size()) {
    const auto nl = all.find('\n', at);
    out.push_back(all.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  return out;
}
bool remove_data(const std::string& name) { return tb_js_data_remove(name.c_str()) == 1; }
std::int64_t wall_ms() { return static_cast<std::int64_t>(tb_js_wall_ms()); }
void crash_point(const char*) {}

namespace {
std::uint64_t g_next_ticket = 1;
}
void set_intake_url(const std::string&) {}
std::uint64_t http_request(const std::string& method, const std::string& path, const std::string& body,
                           const std::string& content_type, const HttpHeaders& headers) {
  const std::uint64_t t = g_next_ticket++;
  std::string lines;
  for (const auto& [name, value] : headers) lines += name + ": " + value + "\n";
  tb_js_http_start(static_cast<double>(t), method.c_str(), path.c_str(), reinterpret_cast<const unsigned char*>(body.data()),
                   static_cast<int>(body.size()), content_type.c_str(), lines.c_str());
  return t;
}
std::vector<HttpResult> http_results() {
  std::vector<HttpResult> out;
  for (int size; (size = tb_js_http_next_size()) >= 0;) {
    HttpResult r;
    r.body.resize(static_cast<std::size_t>(size));
    int status = 0;
    r.ticket = static_cast<std::uint64_t>(tb_js_http_take(&status, reinterpret_cast<unsigned char*>(r.body.data())));
    r.status = status;
    out.push_back(std::move(r));
  }
  return out;
}
std::uint64_t fetch_url(const std::string&, std::size_t) { return 0; }
std::vector<FetchResult> fetch_results() { return {}; }
std::optional<std::uint64_t> free_disk_bytes() { return std::nullopt; }
std::vector<std::string> incoming_files() { return {}; }
std::optional<Bytes> read_incoming(const std::string&) { return std::nullopt; }
void remove_incoming(const std::string&) {}

// The browser kiosk's camera (kiosk.html?camera=1): the page reads frames with the phone's scanner
// module (zxing-wasm, getUserMedia) and queues what it reads in Module.tbCamera; entries are
// "c:<code>" or "f:<why the camera stopped>". A code held in view is queued once (kiosk.js).
Status<PlatformError> camera_start(const std::string&) {
  if (tb_js_camera_start()) return {};
  return {PlatformError::Unavailable, "this page was not opened with ?camera=1"};
}
void camera_want_codes(bool wanted) { tb_js_camera_want(wanted ? 1 : 0); }
std::vector<std::string> camera_codes(std::string* failure) {
  std::vector<std::string> out;
  for (int size = tb_js_camera_next_size(); size > 0; size = tb_js_camera_next_size()) {
    std::string entry(static_cast<std::size_t>(size), '\0');
    tb_js_camera_take(entry.data(), size);
    entry.resize(std::strlen(entry.c_str()));
    if (entry.rfind("c:", 0) == 0) out.push_back(entry.substr(2));
    else if (entry.rfind("f:", 0) == 0 && failure) *failure = entry.substr(2);
    crypto::wipe(entry);
  }
  return out;
}
void camera_stop() {}

// The document camera (拍照上传, kiosk/?document-camera=1): the page's getUserMedia camera
// (Module.tbDocumentCamera, kiosk.js) hands over RGB previews and a captured frame; the photo is made
// here with core/image as on the native kiosk (the page found, straightened, JPEG), on the UI thread
// (a browser kiosk has one). Every buffer is wiped once used.
namespace {
constexpr int kPreviewSide = 960;  // the captured frame shown on the sheet: kiosk.js's PREVIEW_SIDE, as native
bool g_document_camera = false;
// `which`: 0 the latest preview, 1 the captured frame; its RGB size (0: none yet), and w and h.
EM_JS(int, tb_js_doccam_size, (int which, int* w, int* h), {
  const cam = Module.tbDocumentCamera, f = cam && (which ? cam.photo : cam.preview);
  if (!f) return 0;
  HEAP32[w >> 2] = f.w;
  HEAP32[h >> 2] = f.h;
  return f.rgb.length;
});
EM_JS(void, tb_js_doccam_take, (int which, unsigned char* dest), {
  const cam = Module.tbDocumentCamera, f = which ? cam.photo : cam.preview;
  HEAPU8.set(f.rgb, dest);
  f.rgb.fill(0);
  if (which) cam.photo = null; else cam.preview = null;
});
EM_JS(int, tb_js_doccam_failure_size, (), {
  const cam = Module.tbDocumentCamera;
  return cam && cam.failure ? lengthBytesUTF8(cam.failure) + 1 : 0;
});
EM_JS(void, tb_js_doccam_failure_take, (char* dest, int size), {
  stringToUTF8(Module.tbDocumentCamera.failure, dest, size);
  Module.tbDocumentCamera.failure = "";
});

std::optional<image::Rgb> take_frame(int which) {
  int w = 0, h = 0;
  const int size = tb_js_doccam_size(which, &w, &h);
  if (size <= 0 || w <= 0 || h <= 0 || size != w * h * 3) return std::nullopt;
  image::Rgb rgb;
  rgb.width = w, rgb.height = h;
  rgb.pixels.resize(static_cast<std::size_t>(size));
  tb_js_doccam_take(which, rgb.pixels.data());
  return rgb;
}
}  // namespace

Status<PlatformError> document_camera_configure(const std::string&) {
  if (!EM_ASM_INT({ return Module.tbDocumentCamera ? 1 : 0; }))
    return {PlatformError::Unavailable, "this page was not opened with ?document-camera=1"};
  g_document_camera = true;  // the browser asks for the camera when the sheet opens, not before
  return {};
}
bool document_camera_available() { return g_document_camera; }
Status<PlatformError> document_camera_open() {
  if (!g_document_camera) return {PlatformError::Unavailable, "this page was not opened with ?document-camera=1"};
  EM_ASM({ Module.tbDocumentCamera.failure = ""; Module.tbDocumentCamera.open(() => _tb_kiosk_news()); });
  return {};
}
void document_camera_close() {
  if (g_document_camera) EM_ASM({ Module.tbDocumentCamera.close(); });
}
DocumentCameraNews document_camera_poll(image::Rgb* preview) {
  DocumentCameraNews news;
  if (!g_document_camera) return news;
  if (auto frame = take_frame(0)) {
    if (preview) {
      image::wipe(*preview);
      *preview = std::move(*frame);
      news.preview = true;
    }
    image::wipe(*frame);
  }
  if (auto frame = take_frame(1)) {
    news.photo = image::document_photo(frame->view());
    news.captured = image::shrink(frame->view(), kPreviewSide);
    news.frame_width = frame->width, news.frame_height = frame->height;
    image::wipe(*frame);
  }
  if (const int size = tb_js_doccam_failure_size(); size > 0) {
    news.failure.assign(static_cast<std::size_t>(size), '\0');
    tb_js_doccam_failure_take(news.failure.data(), size);
    news.failure.resize(std::strlen(news.failure.c_str()));
  }
  return news;
}
void document_camera_capture() {
  if (g_document_camera) EM_ASM({ Module.tbDocumentCamera.want = true; });
}

// A browser has no way to reach a USB ID-card reader: the browser kiosk's forms are filled by hand
// (the 读取身份证 button is not shown).
Status<PlatformError> card_reader_start(const CardReaderOptions&) {
  return {PlatformError::Unavailable, "the browser kiosk has no ID-card reader"};
}
bool card_reader_running() { return false; }
void card_reader_read_now() {}
std::vector<CardEvent> card_events() { return {}; }
void card_reader_stop() {}

// The browser's own speech: only where it has a Mandarin voice (Chromium on Linux usually has none).
EM_JS(int, tb_js_speech_available, (), {
  if (!window.speechSynthesis) return 0;
  return speechSynthesis.getVoices().some((v) => /^(zh|cmn)/i.test(v.lang)) ? 1 : 0;
});
EM_JS(void, tb_js_speak, (const char* text, int slow), {
  speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(UTF8ToString(text));
  u.voice = speechSynthesis.getVoices().find((v) => /^(zh-CN|cmn)/i.test(v.lang)) ||
            speechSynthesis.getVoices().find((v) => /^zh/i.test(v.lang));
  u.lang = u.voice ? u.voice.lang : 'zh-CN';
  u.rate = slow ? 0.75 : 0.95;
  speechSynthesis.speak(u);
});
EM_JS(void, tb_js_speech_stop, (), { if (window.speechSynthesis) speechSynthesis.cancel(); });
bool speech_available() { return tb_js_speech_available() != 0; }
std::string speak(const std::string& text, bool slow) {
  tb_js_speak(text.c_str(), slow ? 1 : 0);
  return {};
}
void speech_stop() { tb_js_speech_stop(); }

Status<PlatformError> printer_configure(const std::string&) {
  return {PlatformError::Unavailable, "the browser kiosk has no printer"};
}
bool printer_configured() { return false; }
bool slips_possible() { return false; }
std::optional<std::string> printer_text(std::string_view) { return std::nullopt; }
std::uint64_t print_job(std::string) { return 0; }
std::vector<PrintResult> print_results() { return {}; }

// In the browser the "file" is a callback the page or a test may install.
bool write_file_atomic(const std::string&, const std::string& contents) {
  tb_js_automation(contents.c_str());
  return true;
}

}  // namespace tb::kiosk::platform
