#pragma once
// Options whose values are checked while the command line is read (tools/cli/options.h). A bad
// value is a usage error (exit 2) that names the option and the value, before any command runs:
//   --port must be a whole number from 1 to 65535, got '18087x'
#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tb::cli {

// Decimal digits only (and a leading '-' when min < 0): no "0x1F", "1e3", "12x" or " 7".
CLI::Option* add_whole(CLI::App& app, const std::string& name, std::optional<std::int64_t>& into, std::int64_t min,
                       std::int64_t max, const std::string& help);
// Seconds since 1970-01-01 UTC, 0 .. 253402300799 (the last second of 9999).
CLI::Option* add_unix_time(CLI::App& app, const std::string& name, std::optional<std::int64_t>& into, const std::string& help);
// A decimal number ("0.5", "2e3"); no "inf", "nan" or hex.
CLI::Option* add_real(CLI::App& app, const std::string& name, std::optional<double>& into, double min, double max,
                      const std::string& help);
// One of `choices`, exactly as written there.
CLI::Option* add_choice(CLI::App& app, const std::string& name, std::optional<std::string>& into,
                        const std::vector<std::string>& choices, const std::string& help);
// "a, b or c": how a list of choices reads in messages and help.
std::string one_of(const std::vector<std::string>& choices);

// Options that may be given several times, one value each (--to A --to B).
CLI::Option* add_repeated(CLI::App& app, const std::string& name, std::vector<std::string>& into, const std::string& help);

}  // namespace tb::cli
