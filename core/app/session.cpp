#include "app/session.h"


namespace tb::app {

void Session::activity(std::int64_t now_ms) {
  if (!active_) {
    active_ = true;
    ++number_;
  }
  last_activity_ms_ = now_ms;
}

SessionPhase Session::phase(std::int64_t now_ms) const {
  if (!active_) return SessionPhase::Idle;
  const std::int64_t idle = now_ms - last_activity_ms_;
  if (idle >= policy_.idle_timeout_ms) return SessionPhase::Idle;
  if (idle >= policy_.idle_timeout_ms - policy_.warning_ms) return SessionPhase::Warning;
  return SessionPhase::Active;
}

bool Session::tick(std::int64_t now_ms) {
  if (active_ && phase(now_ms) == SessionPhase::Idle) {
    end();
    return true;
  }
  return false;
}

void Session::end() {
  active_ = false;
  person_.wipe();
}

int Session::seconds_left(std::int64_t now_ms) const {
  if (!active_) return 0;
  const std::int64_t left = policy_.idle_timeout_ms - (now_ms - last_activity_ms_);
  return left <= 0 ? 0 : static_cast<int>((left + 999) / 1000);
}

std::int64_t Session::ms_until_change(std::int64_t now_ms) const {
  switch (phase(now_ms)) {
    case SessionPhase::Idle: return -1;
    case SessionPhase::Active:
      return policy_.idle_timeout_ms - policy_.warning_ms - (now_ms - last_activity_ms_);
    case SessionPhase::Warning: {
      // The countdown changes every second; wake for each so it can be redrawn.
      const std::int64_t left = policy_.idle_timeout_ms - (now_ms - last_activity_ms_);
      const std::int64_t to_next_second = left % 1000;
      return to_next_second == 0 ? 1000 : to_next_second;
    }
  }
  return -1;
}

}  // namespace tb::app
