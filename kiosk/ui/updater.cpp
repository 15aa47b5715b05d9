#include "ui/updater.h"

#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "platform/platform.h"
#include "ui/guide_loader.h"

namespace tb::kiosk {
namespace {

// Caps on what the publisher may send: the index is a few lines; a whole bundle of a large city's
// catalogue is a few MB (the 10,000-item benchmark catalogue is ~9 MB).
constexpr std::size_t kIndexMax = 64 * 1024, kFileMax = 64 * 1024 * 1024;

// A name in updates.json is a file beside it, nothing else: no path, no scheme, no "..". The file
// is untrusted either way (core verifies it), but the kiosk must not be sent to fetch elsewhere.
bool plain_file_name(const std::string& s) {
  if (s.empty() || s.size() > 128 || s[0] == '.') return false;
  for (const char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

// What updates.json says to fetch for installed version `have`: "" when nothing is newer; a
// message starting with "!" when the index itself is unusable.
std::string file_for(const std::string& index, std::uint64_t have) {
  const auto j = nlohmann::json::parse(index, nullptr, false);
  if (!j.is_object()) return "!updates.json is not a JSON object";
  if (!j.contains("version") || !j["version"].is_number_unsigned()) return "!updates.json: 'version' is not a whole number";
  if (j["version"].get<std::uint64_t>() <= have) return "";
  if (j.contains("deltas") && j["deltas"].is_object()) {
    const auto d = j["deltas"].find(std::to_string(have));
    if (d != j["deltas"].end()) {
      if (!d->is_string() || !plain_file_name(d->get<std::string>()))
        return "!updates.json: the delta for version " + std::to_string(have) + " is not a plain file name";
      return d->get<std::string>();
    }
  }
  if (!j.contains("bundle") || !j["bundle"].is_string() || !plain_file_name(j["bundle"].get<std::string>()))
    return "!updates.json: 'bundle' is not a plain file name";
  return j["bundle"].get<std::string>();
}

}  // namespace

void Updater::configure(UpdaterOptions options, std::int64_t wall_ms) {
  options_ = std::move(options);
  if (!options_.base_url.empty() && options_.base_url.back() != '/') options_.base_url += '/';
  next_ms_ = enabled() ? wall_ms + options_.first_after_ms : -1;
}

std::int64_t Updater::ms_until_due(std::int64_t wall_ms) const {
  if (!enabled() || phase_ != Phase::Idle || next_ms_ < 0) return -1;
  return next_ms_ > wall_ms ? next_ms_ - wall_ms : 0;
}

std::optional<guide::Opened> Updater::take_ready() {
  auto r = std::move(ready_);
  ready_.reset();
  return r;
}

void Updater::look() {
  phase_ = Phase::Index;
  file_ = "updates.json";
  ticket_ = platform::fetch_url(options_.base_url + file_, kIndexMax);
}

void Updater::finish(std::int64_t wall_ms, const std::string& log_line) {
  if (!log_line.empty()) std::fprintf(stderr, "tongban-kiosk: updates: %s\n", log_line.c_str());
  phase_ = Phase::Idle;
  ticket_ = 0;
  ++looks_;
  next_ms_ = wall_ms + options_.every_ms;
}

bool Updater::poll(std::int64_t wall_ms, const guide::Guides& installed) {
  if (!enabled()) return false;
  if (phase_ == Phase::Idle) {
    if (wall_ms < next_ms_ || !installed.loaded() || ready_) return false;
    look();
    return false;
  }
  bool happened = false;
  for (auto& r : platform::fetch_results()) {
    if (r.ticket != ticket_) continue;
    happened = true;
    const std::string where = options_.base_url + file_;
    const std::string keeping = "keeping version " + std::to_string(installed.opened().manifest.version());
    if (r.status != 200) {
      finish(wall_ms, where + ": " + (r.status ? "HTTP " + std::to_string(r.status) : r.failure) + " (" + keeping + ")");
      continue;
    }
    if (phase_ == Phase::Index) {
      last_check_s_ = wall_ms / 1000;
      const std::string next = file_for(r.body, installed.opened().manifest.version());
      if (next.empty()) {
        finish(wall_ms, "");  // nothing newer: quiet
      } else if (next[0] == '!') {
        finish(wall_ms, next.substr(1) + " (" + where + "; " + keeping + ")");
      } else {
        phase_ = Phase::File;
        file_ = next;
        ticket_ = platform::fetch_url(options_.base_url + file_, kFileMax);
      }
      continue;
    }
    // The delta or bundle: verified and stored, or refused with the reason; the kiosk keeps what it has.
    std::string why;
    const auto trust = guide_trust(&why);
    if (!trust) {
      finish(wall_ms, why);
      continue;
    }
    guide::Opened next = apply_guide_update(installed.opened(), r.body, *trust);
    if (!next) {
      finish(wall_ms, file_ + " (" + std::to_string(r.body.size()) + " bytes) refused: " + next.describe() + "; " + keeping);
      continue;
    }
    const std::string line = file_ + " (" + std::to_string(r.body.size()) + " bytes): verified and stored, version " +
                             std::to_string(next.manifest.version()) + ", shown when the kiosk is next idle";
    ready_ = std::move(next);
    finish(wall_ms, line);
  }
  return happened;
}

}  // namespace tb::kiosk
