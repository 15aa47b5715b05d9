#pragma once
// The kiosk's platform port: the few things the kiosk UI needs from the machine it runs on.
// One header, one implementation per platform, chosen by CMake (platform_native.cpp for SDL2 on
// Linux, platform_web.cpp for the browser build) — no virtual dispatch, one implementation per build.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tb::kiosk::platform {

using Bytes = std::vector<unsigned char>;

// Milliseconds from a monotonic clock (never jumps with wall-clock changes).
std::int64_t now_ms();
// Today's date in the kiosk's time zone, as YYYYMMDD (forms check dates against it).
int today_yyyymmdd();
// Milliseconds since the process (or page) started, for first-frame measurements.
double ms_since_start();
// An asset shipped with the kiosk (font, guide bundle, …) by file name, or nullopt with `error` set.
std::optional<Bytes> read_asset(const std::string& name, std::string* error);
void set_assets_dir(const std::string& dir);  // native only; the web build is handed its assets
// The kiosk's own data folder (native: --data DIR; web: none). An installed guide update lives
// there; updates dropped into its incoming/ folder (by a sync agent or a USB stick) are applied at
// start. Writes are atomic (temp file, fsync, rename): a power cut leaves the old file or the new.
std::optional<Bytes> read_data(const std::string& name);
bool write_data_atomic(const std::string& name, const Bytes& bytes);
std::vector<std::string> incoming_files();          // names in incoming/, oldest first
std::optional<Bytes> read_incoming(const std::string& name);
void remove_incoming(const std::string& name);
void set_data_dir(const std::string& dir);
// Writes a small file atomically (temp file + rename), for the automation/test hook.
bool write_file_atomic(const std::string& path, const std::string& contents);

}  // namespace tb::kiosk::platform
