#include "options.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "report.h"

namespace tb::cli {

CLI::Option* add_whole(CLI::App& app, const std::string& name, std::optional<std::int64_t>& into, std::int64_t min,
                       std::int64_t max, const std::string& help) {
  auto* option = app.add_option_function<std::string>(
      name,
      [&into, name, min, max](const std::string& text) {
        const bool negative = !text.empty() && text[0] == '-' && min < 0;
        const std::size_t digits = negative ? 1 : 0;
        bool ok = text.size() > digits && text.find_first_not_of("0123456789", digits) == std::string::npos;
        std::int64_t v = 0;
        if (ok) ok = std::from_chars(text.data(), text.data() + text.size(), v).ec == std::errc() && v >= min && v <= max;
        if (!ok)
          fail_usage(name + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", got '" + text + "'");
        into = v;
      },
      help);
  return option->type_name("N");
}

CLI::Option* add_unix_time(CLI::App& app, const std::string& name, std::optional<std::int64_t>& into, const std::string& help) {
  return add_whole(app, name, into, 0, 253402300799, help)->type_name("UNIX");
}

CLI::Option* add_real(CLI::App& app, const std::string& name, std::optional<double>& into, double min, double max,
                      const std::string& help) {
  auto* option = app.add_option_function<std::string>(
      name,
      [&into, name, min, max](const std::string& text) {
        char* end = nullptr;
        errno = 0;
        const double v = std::strtod(text.c_str(), &end);
        const bool ok = !text.empty() && text.find_first_not_of("0123456789.eE+-") == std::string::npos && *end == '\0' &&
                        errno == 0 && std::isfinite(v) && v >= min && v <= max;
        if (!ok) {
          char range[80];
          std::snprintf(range, sizeof range, "from %.15g to %.15g", min, max);
          fail_usage(name + " must be a number " + range + ", got '" + text + "'");
        }
        into = v;
      },
      help);
  return option->type_name("N");
}

std::string one_of(const std::vector<std::string>& choices) {
  std::string out;
  for (std::size_t i = 0; i < choices.size(); ++i)
    out += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
  return out;
}

CLI::Option* add_choice(CLI::App& app, const std::string& name, std::optional<std::string>& into,
                        const std::vector<std::string>& choices, const std::string& help) {
  std::string type;
  for (const auto& c : choices) type += (type.empty() ? "" : "|") + c;
  auto* option = app.add_option_function<std::string>(
      name,
      [&into, name, choices](const std::string& text) {
        for (const auto& c : choices)
          if (text == c) {
            into = text;
            return;
          }
        fail_usage(name + " must be " + one_of(choices) + ", got '" + text + "'");
      },
      help);
  return option->type_name(type);
}

CLI::Option* add_repeated(CLI::App& app, const std::string& name, std::vector<std::string>& into, const std::string& help) {
  return app.add_option(name, into, help)->allow_extra_args(false);
}

}  // namespace tb::cli
