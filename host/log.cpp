#include "host/log.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace tb::host {
namespace {

const char* word(Severity s) {
  switch (s) {
    case Severity::Error: return "error: ";
    case Severity::Warning: return "warning: ";
    case Severity::Notice: return "";
    case Severity::Info: return "";
  }
  return "";
}

}  // namespace

void log(Severity severity, std::string_view line) {
  static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;  // set once by systemd, read once
  std::string out = journal ? "<" + std::to_string(static_cast<int>(severity)) + ">" : std::string(word(severity));
  out.append(line);
  out += '\n';
  // One write per line, so lines from several threads never interleave.
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::fwrite(out.data(), 1, out.size(), stderr);
  std::fflush(stderr);
}

std::string log_field(std::string_view text, std::size_t max) {
  std::string out;
  for (const char c : text) {
    if (out.size() >= max) {
      out += "…";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '"' || c == '\\') {
      static const char kHex[] = "0123456789abcdef";
      out += c == '"' ? std::string("\\\"") : c == '\\' ? std::string("\\\\") : std::string("\\x") + kHex[u >> 4] + kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace tb::host
