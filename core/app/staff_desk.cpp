#include "app/staff_desk.h"

#include <algorithm>

#include "code/staff.h"
#include "crypto/sign.h"
#include "crypto/wipe.h"

namespace tb::app {
namespace {

constexpr std::int64_t kMaxLockoutMs = 16 * 60'000;

std::string seconds_text(std::int64_t ms) { return std::to_string((ms + 999) / 1000); }

}  // namespace

const char* reason_key(DeskError e) {
  switch (e) {
    case DeskError::None: return "ok";
    case DeskError::NotStaff: return "not-staff";
    case DeskError::Refused: return "refused";
    case DeskError::WrongPin: return "wrong-pin";
    case DeskError::LockedOut: return "locked-out";
    case DeskError::NoSignIn: return "no-sign-in";
  }
  return "";
}

const char* reason_text(DeskError e) {
  switch (e) {
    case DeskError::None: return "";
    case DeskError::NotStaff: return "这不是工作证";
    case DeskError::Refused: return "工作证不能使用";
    case DeskError::WrongPin: return "密码错误";
    case DeskError::LockedOut: return "密码错误次数过多，请稍后再试";
    case DeskError::NoSignIn: return "请先扫描工作证";
  }
  return "";
}

void StaffDesk::event(std::string name, std::vector<AuditField> fields) { events_.push_back({std::move(name), std::move(fields)}); }

std::vector<AuditEvent> StaffDesk::take_events() {
  std::vector<AuditEvent> out;
  out.swap(events_);
  return out;
}

void StaffDesk::wipe_key() {
  if (!key_) return;
  key_->secret_key.wipe();
  key_.reset();
}

void StaffDesk::forget_credential() {
  wipe_key();
  staff_ = code::Staff{};
  crypto::wipe(credential_);
  phase_ = DeskPhase::SignedOut;
  consent_ = Consent::NotAsked;
}

std::int64_t StaffDesk::locked_ms_left(std::int64_t now_ms) const { return std::max<std::int64_t>(0, locked_until_ms_ - now_ms); }

Status<DeskError> StaffDesk::scanned(std::string_view text, code::Verifier& verifier, std::int64_t now_s, std::int64_t now_ms) {
  if (code::kind_of(text) != code::Kind::Staff) return {DeskError::NotStaff};
  if (phase_ == DeskPhase::SignedIn) sign_out("new-sign-in", now_ms);
  forget_credential();
  last_activity_ms_ = now_ms;
  const code::Verification v = verifier.verify(text, now_s);
  if (!v) {
    event("staff-refused", {{"reason", code::reason_key(v.reason())}, {"credential", v.credential_id}});
    return {DeskError::Refused, code::reason_text(v.reason())};
  }
  if (const std::int64_t left = locked_ms_left(now_ms); left > 0) {
    event("sign-in-locked", {{"staff", v.staff.staff_id}, {"seconds", seconds_text(left)}});
    return {DeskError::LockedOut, "请在 " + seconds_text(left) + " 秒后再试"};
  }
  staff_ = v.staff;
  credential_.assign(text.data(), text.size());
  while (!credential_.empty() && (credential_.back() == '\n' || credential_.back() == '\r')) credential_.pop_back();
  phase_ = DeskPhase::NeedPin;
  return {};
}

Status<DeskError> StaffDesk::enter_pin(std::string_view pin, std::int64_t now_ms) {
  last_activity_ms_ = now_ms;
  if (phase_ != DeskPhase::NeedPin) return {DeskError::NoSignIn};
  if (const std::int64_t left = locked_ms_left(now_ms); left > 0)
    return {DeskError::LockedOut, "请在 " + seconds_text(left) + " 秒后再试"};
  auto key = code::unlock_staff_key(staff_, pin);
  if (!key) {
    ++wrong_;
    event("pin-refused", {{"staff", staff_.staff_id}, {"tries-left", std::to_string(std::max(0, tries_left()))}});
    if (wrong_ >= policy_.tries) {
      const std::int64_t ms = std::min(kMaxLockoutMs, policy_.lockout_ms << std::min(lockouts_, 10));
      ++lockouts_;
      wrong_ = 0;
      locked_until_ms_ = now_ms + ms;
      event("locked", {{"staff", staff_.staff_id}, {"seconds", seconds_text(ms)}});
      return {DeskError::LockedOut, "请在 " + seconds_text(ms) + " 秒后再试"};
    }
    return {DeskError::WrongPin, "还可以再试 " + std::to_string(tries_left()) + " 次"};
  }
  key_ = std::move(*key);
  wrong_ = 0;
  lockouts_ = 0;
  phase_ = DeskPhase::SignedIn;
  consent_ = policy_.station ? Consent::NotAsked : Consent::Asked;
  event("sign-in", {{"staff", staff_.staff_id}, {"credential", crypto::to_hex(staff_.credential_id)},
                    {"mode", policy_.station ? "station" : "public-kiosk"}});
  return {};
}

void StaffDesk::cancel(std::int64_t now_ms) {
  last_activity_ms_ = now_ms;
  if (phase_ == DeskPhase::SignedIn) return sign_out("button", now_ms);
  forget_credential();
}

void StaffDesk::sign_out(std::string_view reason, std::int64_t now_ms) {
  last_activity_ms_ = now_ms;
  if (phase_ == DeskPhase::SignedIn) event("sign-out", {{"staff", staff_.staff_id}, {"reason", std::string(reason)}});
  forget_credential();
}

void StaffDesk::answer_consent(bool given, std::int64_t now_ms) {
  if (phase_ != DeskPhase::SignedIn || consent_ != Consent::Asked) return;
  last_activity_ms_ = now_ms;
  consent_ = given ? Consent::Given : Consent::Declined;
  event("consent", {{"staff", staff_.staff_id}, {"answer", given ? "given" : "declined"}});
  if (!given) sign_out("consent-declined", now_ms);
}

bool StaffDesk::tick(std::int64_t now_ms) {
  if (policy_.station && phase_ != DeskPhase::SignedOut && now_ms - last_activity_ms_ >= policy_.idle_ms) {
    sign_out("idle", now_ms);
    return true;
  }
  return locked_until_ms_ != 0 && locked_until_ms_ <= now_ms && (locked_until_ms_ = 0, true);
}

std::int64_t StaffDesk::ms_until_change(std::int64_t now_ms) const {
  std::int64_t next = -1;
  auto consider = [&next](std::int64_t ms) { next = next < 0 ? ms : std::min(next, ms); };
  if (policy_.station && phase_ != DeskPhase::SignedOut) consider(std::max<std::int64_t>(0, last_activity_ms_ + policy_.idle_ms - now_ms));
  // A lock-out's countdown is shown by the second.
  if (const std::int64_t left = locked_ms_left(now_ms); left > 0) consider(std::min<std::int64_t>(left, 1000 - (now_ms % 1000)));
  else if (locked_until_ms_ != 0) consider(0);
  return next;
}

std::string StaffDesk::sign(std::string_view domain, std::string_view bytes) const {
  if (phase_ != DeskPhase::SignedIn || !key_) return {};
  return crypto::sign_detached(domain, bytes, *key_);
}

}  // namespace tb::app
