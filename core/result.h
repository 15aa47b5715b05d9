#pragma once
// The one way the core says that something did not work, in the spirit of ZXing-cpp's result
// types: a value type that carries the result, or a reason and a detail.
//
//   - a reason: an enum class of the module (CodeError, BundleError, …) whose first value is `None`
//     (success); every module declares `const char* reason_key(E)` (a stable English key for logs,
//     scripts and the phone API: "malformed", "expired") and `const char* reason_text(E)` (what a
//     person reads, in plain Chinese);
//   - a detail: what exactly, for the person or the log ("line 3: expected a date", "key 0be3…");
//   - for functions that produce something, the value.
//
//   Status<E>       — the outcome of something that produces nothing, or the base of a result type
//                     that carries several fields even when it fails (a code's verification);
//   Result<T, E>    — a T, or why not.
//
// `explicit operator bool` is true on success. Two renderings, so no caller formats its own:
// message() for a person (reason_text and the detail), describe() for an operator or a log (the key
// too, so the CLI's line, the intake's reply and the phone's "reason" name a failure alike). The
// shells turn a failure into output in one place each: the CLI's report (exit statuses), the phone
// API's fail() (JSON with reason and error).
#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace tb {

template <class Reason>
class Status {
 public:
  Status() = default;  // success
  Status(Reason reason, std::string detail = {}) : reason_(reason), detail_(std::move(detail)) {}

  explicit operator bool() const { return reason_ == Reason::None; }
  Reason reason() const { return reason_; }
  const std::string& detail() const { return detail_; }
  // reason_text and the detail, for a person: "已过期：2026-11-20 10:00".
  std::string message() const {
    const std::string text = reason_text(reason_);
    return detail_.empty() ? text : text.empty() ? detail_ : text + "：" + detail_;
  }
  // reason_key, reason_text and the detail, for operators and logs: "expired (已过期): 2026-11-20 10:00".
  std::string describe() const {
    std::string out = reason_key(reason_);
    const std::string text = reason_text(reason_);
    if (!text.empty()) out += " (" + text + ")";
    return detail_.empty() ? out : out + ": " + detail_;
  }

 protected:
  void fail(Reason reason, std::string detail) { reason_ = reason, detail_ = std::move(detail); }

 private:
  Reason reason_ = Reason::None;
  std::string detail_;
};

template <class T, class Reason>
class Result : public Status<Reason> {
 public:
  // A value converts to a success (two overloads, so that `return local;` moves).
  Result(const T& value) : value_(value) {}        // NOLINT
  Result(T&& value) : value_(std::move(value)) {}  // NOLINT
  Result(Reason reason, std::string detail = {}) : Status<Reason>(reason, std::move(detail)) {}
  // Passes a failure on: another Result's, or a result type's that derives from Status (an
  // envelope's inspection). Only a failure: there is no T to make from a success.
  Result(const Status<Reason>& failed) : Status<Reason>(failed.reason(), failed.detail()) {  // NOLINT
    assert(!failed);
  }

  // True when it holds a value (which is exactly when the reason is None).
  explicit operator bool() const { return value_.has_value(); }
  bool has_value() const { return value_.has_value(); }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
};

// The reason most parsers and checks need when a module has nothing more specific to say.
enum class Fault {
  None,
  Malformed,    // not what it should be: syntax, encoding, sizes, missing fields
  Invalid,      // well-formed, but the value is not acceptable (a rule, a range, a checksum)
  NotFound,     // names something that does not exist here
  TooLarge,     // over a limit
  Unsupported,  // another version, suite or kind than this build reads
  Refused,      // a policy says no (rollback, wrong recipient, not allowed)
};
const char* reason_key(Fault f);
const char* reason_text(Fault f);

}  // namespace tb
