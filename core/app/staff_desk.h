#pragma once
// Staff sign-in at a kiosk (帮办, docs/STAFF.md): a clerk scans their staff credential (工作证,
// code/staff.h), types their PIN on the kiosk's keypad, and is signed in — the PIN opens the staff
// key, which the desk keeps only until sign-out. Wrong PINs are counted; after a few the desk locks
// for a while (longer each time). A staff station (--staff) requires sign-in before it shows
// anything personal and signs out when idle; at a public kiosk the resident is asked first whether
// they agree to be helped, and the sign-in ends with their session.
//
// What the desk does is handed to the shell as audit events (app/audit_log.h): ids, kinds and
// reasons, never personal data. Time comes in (Unix seconds for validity, monotonic milliseconds
// for lock-outs and idleness); the core keeps no clock.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_log.h"
#include "code/codes.h"
#include "crypto/keys.h"
#include "result.h"

namespace tb::app {

struct StaffDeskPolicy {
  bool station = false;              // a staff station: sign-in before anything personal, idle sign-out
  int tries = 3;                     // wrong PINs before a lock-out
  std::int64_t lockout_ms = 60'000;  // the first lock-out; each further one doubles, up to 16 minutes
  std::int64_t idle_ms = 300'000;    // a station signs out after this long without a touch
};

enum class DeskPhase { SignedOut, NeedPin, SignedIn };
// A public kiosk asks the resident before a clerk helps them (同意工作人员帮办 / 不同意).
enum class Consent { NotAsked, Asked, Given, Declined };

enum class DeskError {
  None,
  NotStaff,   // the code is not a staff credential
  Refused,    // the credential does not verify (detail: why, e.g. revoked)
  WrongPin,
  LockedOut,  // too many wrong PINs: wait (detail: how long)
  NoSignIn,   // a PIN without a scanned credential
};
const char* reason_key(DeskError e);
const char* reason_text(DeskError e);

class StaffDesk {
 public:
  explicit StaffDesk(StaffDeskPolicy policy = {}) : policy_(policy) {}
  StaffDesk(StaffDesk&&) = default;
  StaffDesk& operator=(StaffDesk&&) = default;
  ~StaffDesk() { wipe_key(); }

  // A scanned code: a staff credential is verified (issuer, validity, revocation) and the PIN
  // asked; anything else is NotStaff. Scanning while signed in signs the current staff out first.
  Status<DeskError> scanned(std::string_view code, code::Verifier& verifier, std::int64_t now_s, std::int64_t now_ms);
  // The PIN typed on the keypad. Wrong: counted (detail: tries left); too many: locked.
  Status<DeskError> enter_pin(std::string_view pin, std::int64_t now_ms);
  void cancel(std::int64_t now_ms);                          // back out of a sign-in
  void sign_out(std::string_view reason, std::int64_t now_ms);  // "button", "idle", "session-end", …
  void answer_consent(bool given, std::int64_t now_ms);      // the resident's answer (public kiosk)
  void activity(std::int64_t now_ms) { last_activity_ms_ = now_ms; }
  // Idle sign-out (stations). True when something visible changed.
  bool tick(std::int64_t now_ms);
  std::int64_t ms_until_change(std::int64_t now_ms) const;  // -1: nothing timed

  DeskPhase phase() const { return phase_; }
  Consent consent() const { return consent_; }
  bool station() const { return policy_.station; }
  // Signed in, and on a public kiosk with the resident's consent: what is submitted now is assisted.
  bool assisting() const { return phase_ == DeskPhase::SignedIn && (policy_.station || consent_ == Consent::Given); }
  std::int64_t locked_ms_left(std::int64_t now_ms) const;
  int tries_left() const { return policy_.tries - wrong_; }
  // Who is signing in or signed in (their credential as verified; empty when signed out).
  const code::Staff& staff() const { return staff_; }
  const std::string& credential() const { return credential_; }  // the code text (TBW1:…)
  // The staff key's signature over `domain` 0x00 || bytes (crypto::sign_detached); empty unless
  // signed in.
  std::string sign(std::string_view domain, std::string_view bytes) const;
  // What happened since the last call, for the audit log.
  std::vector<AuditEvent> take_events();

 private:
  void event(std::string name, std::vector<AuditField> fields);
  void forget_credential();
  void wipe_key();

  StaffDeskPolicy policy_;
  DeskPhase phase_ = DeskPhase::SignedOut;
  Consent consent_ = Consent::NotAsked;
  code::Staff staff_;
  std::string credential_;
  std::optional<crypto::KeyPair> key_;
  int wrong_ = 0, lockouts_ = 0;
  std::int64_t locked_until_ms_ = 0, last_activity_ms_ = 0;
  std::vector<AuditEvent> events_;
};

}  // namespace tb::app
