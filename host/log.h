#pragma once
// One line of the native services' log (`tongban serve`, the intake, the kiosk): on stderr, which
// systemd hands to the journal. Under systemd (JOURNAL_STREAM is set) each line starts with its
// syslog priority, "<6>", so `journalctl -p warning` filters it; on a terminal the severity is a
// word instead ("warning: …"). Never personal data: callers log ids, counts, paths and statuses.
#include <cstddef>
#include <string>
#include <string_view>

namespace tb::host {

enum class Severity { Error = 3, Warning = 4, Notice = 5, Info = 6 };

void log(Severity severity, std::string_view line);

// `text` as one log field: control characters, quotes and backslashes escaped (\x1b, \"), cut to
// `max` bytes with "…" — a stranger's request path cannot forge or split a line.
std::string log_field(std::string_view text, std::size_t max = 256);

}  // namespace tb::host
