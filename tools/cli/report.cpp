#include "report.h"

#include <cstdio>

namespace tb::cli {
namespace {
// One command runs per process; the dispatcher names it once.
std::string g_running = {};

std::string prefix() { return g_running.empty() ? "tongban: " : "tongban " + g_running + ": "; }
}  // namespace

void fail_refused(const std::string& message) { throw Failure(kExitRefused, message); }
void fail_usage(const std::string& message) { throw Failure(kExitUsage, message); }
void fail_io(const std::string& message) { throw Failure(kExitIo, message); }

void set_running_command(const std::string& path) { g_running = path; }

void note(const std::string& message) {
  std::fflush(stdout);  // keep stdout and stderr in order when both go to one terminal or file
  std::fprintf(stderr, "%s%s\n", prefix().c_str(), message.c_str());
}

}  // namespace tb::cli
