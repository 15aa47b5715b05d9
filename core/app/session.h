#pragma once
// A person's session at a kiosk. It starts with their first touch and ends when they press
// "结束办理" or stop touching for a while; when it ends, everything personal it held is wiped.
// Time is handed in (milliseconds from any monotonic clock): the core owns no clock.
#include <cstdint>

#include "app/person.h"

namespace tb::app {

struct SessionPolicy {
  std::int64_t idle_timeout_ms = 120'000;  // no touch for this long ends the session
  std::int64_t warning_ms = 20'000;        // ...after a warning shown for this long before the end
};

enum class SessionPhase { Idle, Active, Warning };

class Session {
 public:
  explicit Session(SessionPolicy policy = {}) : policy_(policy) {}

  void activity(std::int64_t now_ms);           // a touch or key: starts or extends the session
  SessionPhase phase(std::int64_t now_ms) const;
  bool tick(std::int64_t now_ms);               // ends the session if its time is up; true if it did
  void end();                                   // ends now and wipes everything about the person
  int seconds_left(std::int64_t now_ms) const;  // for the warning countdown
  // How long the shell may sleep before the phase can change (-1: until the next input).
  std::int64_t ms_until_change(std::int64_t now_ms) const;
  std::uint64_t number() const { return number_; }  // increments per session; never personal

  // Everything the kiosk holds about the person (person.h): the only place it lives.
  PersonState& person() { return person_; }
  const PersonState& person() const { return person_; }

 private:
  SessionPolicy policy_;
  bool active_ = false;
  std::int64_t last_activity_ms_ = 0;
  std::uint64_t number_ = 0;
  PersonState person_;
};

}  // namespace tb::app
