// `tongban check id|uscc|mobile|name|date VALUE…`: the same checks every front end runs
// (core/check/validate.h). Prints the normalised value on stdout and exits 0; a warning also exits
// 0 but is printed on stderr; a refusal prints the reason (message and code) on stderr, exits 1.
#include <cstdio>
#include <ctime>

#include "args.h"
#include "check/validate.h"
#include "commands.h"
#include "files.h"
#include "host/local_date.h"

namespace tb::cli {
namespace {

const char* kUsage =
    "usage: tongban check KIND VALUE… [--today DATE] [--min DATE] [--max DATE]\n"
    "  KIND   id      resident ID number (GB 11643-1999; 15-digit numbers are upgraded to 18)\n"
    "         uscc    unified social credit code (GB 32100-2015)\n"
    "         mobile  mainland mobile number (+86/0086 prefixes, spaces, dashes accepted)\n"
    "         name    a person's name as on their identity document\n"
    "         date    a date: 2024-01-05, 2024/1/5, 2024年1月5日, 20240105\n"
    "  VALUE  several words are joined with one space (a name, or a number typed in groups)\n"
    "  --today DATE      id: birth dates after it are refused (default: today's local date)\n"
    "  --min/--max DATE  date: the allowed range, inclusive\n"
    "  prints the normalised value; exit 0 accepted (warnings on stderr), 1 refused, 2 usage error\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "tongban check: %s\n%s", message.c_str(), kUsage);
  return 2;
}

// A date option (any form check_date accepts) as YYYYMMDD, or 0 after printing a usage error.
int date_option(const Args& args, const char* name) {
  const auto value = args.get(name);
  if (!value) return -1;
  const check::CheckResult r = check::check_date(*value);
  if (!r.ok()) {
    usage_error(std::string(name) + " '" + *value + "': " + r.message);
    return 0;
  }
  const std::string& d = r.normalized;  // YYYY-MM-DD
  return std::stoi(d.substr(0, 4)) * 10000 + std::stoi(d.substr(5, 2)) * 100 + std::stoi(d.substr(8, 2));
}


}  // namespace

int cmd_check(const Argv& argv) {
  Args args(argv, {"--today", "--min", "--max"}, {"--help"});
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!args.ok()) return usage_error(args.error());
  const auto& pos = args.positional();
  if (pos.empty()) return usage_error("KIND and VALUE are required");
  const std::string& kind = pos[0];
  if (kind != "id" && kind != "uscc" && kind != "mobile" && kind != "name" && kind != "date")
    return usage_error("unknown KIND '" + kind + "' (id, uscc, mobile, name or date)");
  if (pos.size() < 2) return usage_error("VALUE is required");
  if (args.get("--today") && kind != "id") return usage_error("--today only applies to KIND id");
  if ((args.get("--min") || args.get("--max")) && kind != "date")
    return usage_error("--min and --max only apply to KIND date");
  std::string value = pos[1];
  for (std::size_t i = 2; i < pos.size(); ++i) value += " " + pos[i];

  check::CheckResult r;
  if (kind == "id") {
    check::IdOptions options;
    const int today = date_option(args, "--today");
    if (today == 0) return 2;
    options.today_yyyymmdd = today > 0 ? today : host::today_yyyymmdd();
    r = check::check_resident_id(value, options);
  } else if (kind == "uscc") {
    r = check::check_uscc(value);
  } else if (kind == "mobile") {
    r = check::check_mobile(value);
  } else if (kind == "name") {
    r = check::check_person_name(value);
  } else {
    const int min = date_option(args, "--min");
    if (min == 0) return 2;
    const int max = date_option(args, "--max");
    if (max == 0) return 2;
    r = check::check_date(value, min > 0 ? min : 0, max > 0 ? max : 0);
  }

  switch (r.severity) {
    case check::Severity::Ok:
      std::printf("%s\n", r.normalized.c_str());
      return 0;
    case check::Severity::Warning:
      std::printf("%s\n", r.normalized.c_str());
      std::fprintf(stderr, "tongban check: 提醒：%s (%s)\n", r.message.c_str(), r.code.c_str());
      return 0;
    case check::Severity::Error:
      break;
  }
  std::fprintf(stderr, "tongban check: %s (%s)\n", r.message.c_str(), r.code.c_str());
  return 1;
}

}  // namespace tb::cli
