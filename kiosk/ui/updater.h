#pragma once
// Guide updates over the network (--updates URL, native): every --update-every seconds (and once
// soon after start) the kiosk reads the publisher's updates.json — the same file the phones read
// (docs/FORMATS.md, "Publishing updates": {"version", "bundle", "deltas": {"<from>": file}}) — and
// fetches the delta made for the version it holds, or else the whole newer bundle. The update is
// verified and stored by apply_guide_update (ui/guide_loader.h); it is shown once no one is using
// the kiosk (the runner takes it with take_ready() on the home screen), so a person's screen never changes under
// them. Anything wrong — no network, garbage, an older or foreign bundle, a full disk — is logged
// for the operator, and the kiosk keeps what it has and tries again at the next period.
#include <cstdint>
#include <optional>
#include <string>

#include "crypto/sign.h"
#include "guide/bundle.h"
#include "guide/guides.h"

namespace tb::kiosk {

struct UpdaterOptions {
  std::string base_url;               // the folder holding updates.json, ending in '/'
  std::int64_t every_ms = 3'600'000;  // how often to look
  std::int64_t first_after_ms = 5'000;  // the first look, soon after start
};

class Updater {
 public:
  // Without a base URL the updater does nothing (the kiosk still takes files in incoming/).
  void configure(UpdaterOptions options, std::int64_t wall_ms);
  bool enabled() const { return !options_.base_url.empty(); }
  // Drives the fetches; `installed` is what the kiosk holds now. True when something happened
  // worth a log line (already printed) or an update became ready.
  bool poll(std::int64_t wall_ms, const guide::Guides& installed);
  // A verified, stored update waiting to be shown (taken once).
  std::optional<guide::Opened> take_ready();
  // For the heartbeat: the last time the publisher answered a check (Unix seconds, 0: never).
  std::int64_t last_check_s() const { return last_check_s_; }
  // Looks finished so far (answered or not): the runner sends a heartbeat after each.
  std::uint64_t looks() const { return looks_; }
  // Milliseconds until the next look (-1: none planned), for the event loop's wait.
  std::int64_t ms_until_due(std::int64_t wall_ms) const;

 private:
  enum class Phase { Idle, Index, File };
  void look();
  void finish(std::int64_t wall_ms, const std::string& log_line);

  UpdaterOptions options_;
  Phase phase_ = Phase::Idle;
  std::uint64_t ticket_ = 0;
  std::int64_t next_ms_ = -1;
  std::int64_t last_check_s_ = 0;
  std::uint64_t looks_ = 0;
  std::string file_;  // the file being fetched (for the log)
  std::optional<guide::Opened> ready_;
};

}  // namespace tb::kiosk
