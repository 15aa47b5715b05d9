#pragma once
// How a `tongban` command fails or remarks: it throws a Failure (fail_refused / fail_usage /
// fail_io), and the dispatcher (command_tree.cpp) prints it once, "tongban code sheet: MESSAGE" on
// stderr, and exits with its status. Exit statuses, the same for every command:
//   0 success, 1 the input was refused, 2 usage error, 3 an I/O or environment failure.
#include <stdexcept>
#include <string>

#include "result.h"

namespace tb::cli {

constexpr int kExitRefused = 1;
constexpr int kExitUsage = 2;
constexpr int kExitIo = 3;

class Failure : public std::runtime_error {
 public:
  Failure(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

[[noreturn]] void fail_refused(const std::string& message);  // exit 1
[[noreturn]] void fail_usage(const std::string& message);    // exit 2
[[noreturn]] void fail_io(const std::string& message);       // exit 3

// A failure of the core (core/result.h) ends the command here and nowhere else: "CONTEXT" then the
// reason's key, text and detail ("refused: expired (已过期): expired 2026-11-20 10:00"), exit 1
// (the input was refused) unless `status` says otherwise (exit 3 for a key file that is damaged).
template <class Reason>
[[noreturn]] void fail_with(const Status<Reason>& failed, const std::string& context = "", int status = kExitRefused) {
  throw Failure(status, context + failed.describe());
}

// A line on stderr in the running command's name ("tongban intake list: 100 shown; …"): how the
// dispatcher prints failures, and what commands use for warnings and hints.
void note(const std::string& message);

// The running command's words after `tongban` ("code sheet"), set by the dispatcher before the
// command runs, for the lines above and its failures.
void set_running_command(const std::string& path);

}  // namespace tb::cli
