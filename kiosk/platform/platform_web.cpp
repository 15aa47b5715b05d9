// Kiosk platform for browsers (Emscripten build): assets are fetched by the page's loader
// (wasm/kiosk-web/kiosk.js) and handed over before main() runs; clocks come from performance.now().
#include "platform/platform.h"

#include <emscripten.h>

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
EM_JS(void, tb_js_automation, (const char* json), {
  if (Module.onAutomation) Module.onAutomation(UTF8ToString(json));
});
// clang-format on

namespace tb::kiosk::platform {

std::int64_t now_ms() { return static_cast<std::int64_t>(emscripten_get_now()); }

int today_yyyymmdd() { return tb_js_today(); }

double ms_since_start() { return emscripten_get_now(); }  // performance.now(): since navigation start

void set_assets_dir(const std::string&) {}

std::optional<Bytes> read_asset(const std::string& name, std::string* error) {
  const int size = tb_js_asset_size(name.c_str());
  if (size < 0) {
    if (error) *error = name + ": not handed to the kiosk by the page loader";
    return std::nullopt;
  }
  Bytes bytes(static_cast<std::size_t>(size));
  if (size > 0) tb_js_asset_copy(name.c_str(), bytes.data());
  return bytes;
}

// The browser kiosk always starts from the bundle its server publishes; it keeps no data folder.
void set_data_dir(const std::string&) {}
std::optional<Bytes> read_data(const std::string&) { return std::nullopt; }
bool write_data_atomic(const std::string&, const Bytes&) { return false; }
std::vector<std::string> incoming_files() { return {}; }
std::optional<Bytes> read_incoming(const std::string&) { return std::nullopt; }
void remove_incoming(const std::string&) {}

// In the browser the "file" is a callback the page or a test may install.
bool write_file_atomic(const std::string&, const std::string& contents) {
  tb_js_automation(contents.c_str());
  return true;
}

}  // namespace tb::kiosk::platform
