// `tongban check id|uscc|mobile|name|date VALUE…`: the same checks every front end runs
// (core/form/validate.h). Prints the normalised value on stdout and exits 0; a warning also exits
// 0 but is printed on stderr; a refusal prints the reason (message and code) on stderr, exits 1.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "host/local_date.h"
#include "check/validate.h"
#include "report.h"

namespace tb::cli {
namespace {

struct CheckOptions {
  std::string kind;
  std::vector<std::string> words;
  std::optional<std::string> today, min, max;
  bool foreign = false;
};

// A date option (any form check_date accepts) as YYYYMMDD; 0 when not given.
int date_option(const char* name, const std::optional<std::string>& value) {
  if (!value) return 0;
  const check::CheckResult r = check::check_date(*value);
  if (!r) fail_usage(std::string(name) + " '" + *value + "': " + r.message());
  const std::string& d = r.normalized;  // YYYY-MM-DD
  return std::stoi(d.substr(0, 4)) * 10000 + std::stoi(d.substr(5, 2)) * 100 + std::stoi(d.substr(8, 2));
}

int run_check(const CheckOptions& o) {
  if (o.kind.empty()) fail_usage("KIND and VALUE are required");
  const std::string& kind = o.kind;
  if (kind != "id" && kind != "uscc" && kind != "mobile" && kind != "name" && kind != "date")
    fail_usage("unknown KIND '" + kind + "' (id, uscc, mobile, name or date)");
  if (o.words.empty()) fail_usage("VALUE is required");
  if (o.today && kind != "id") fail_usage("--today only applies to KIND id");
  if ((o.min || o.max) && kind != "date") fail_usage("--min and --max only apply to KIND date");
  if (o.foreign && kind != "name") fail_usage("--foreign only applies to KIND name");
  std::string value = o.words[0];
  for (std::size_t i = 1; i < o.words.size(); ++i) value += " " + o.words[i];

  check::CheckResult r;
  if (kind == "id") {
    check::IdOptions options;
    const int today = date_option("--today", o.today);
    options.today_yyyymmdd = today > 0 ? today : host::today_yyyymmdd();
    r = check::check_resident_id(value, options);
  } else if (kind == "uscc") {
    r = check::check_uscc(value);
  } else if (kind == "mobile") {
    r = check::check_mobile(value);
  } else if (kind == "name") {
    r = check::check_person_name(value, o.foreign ? check::NameScript::ChineseOrLatin : check::NameScript::Chinese);
  } else {
    r = check::check_date(value, date_option("--min", o.min), date_option("--max", o.max));
  }

  switch (r.severity) {
    case check::Severity::Ok:
      std::printf("%s\n", r.normalized.c_str());
      return 0;
    case check::Severity::Warning:
      std::printf("%s\n", r.normalized.c_str());
      note("提醒：" + r.message() + " (" + reason_key(r.reason()) + ")");
      return 0;
    case check::Severity::Error:
      break;
  }
  fail_refused(r.message() + " (" + reason_key(r.reason()) + ")");
}

}  // namespace

void add_check(CommandTree& tree) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App& app = tree.add(tree.root(),
                           {"check", "check and normalise an ID number, USCC, mobile, name or date",
                            "KIND VALUE… [--today DATE] [--min DATE] [--max DATE] [--foreign]",
                            "prints the normalised value; exit 0 accepted (warnings on stderr), 1 refused, 2 usage error"},
                           [o] { return run_check(*o); });
  app.add_option("KIND", o->kind,
                 "id      resident ID number (GB 11643-1999; 15-digit numbers are upgraded to 18)\n"
                 "uscc    unified social credit code (GB 32100-2015)\n"
                 "mobile  mainland mobile number (+86/0086 prefixes, spaces, dashes accepted)\n"
                 "name    a person's name as on their identity document (in Chinese; --foreign: Latin too)\n"
                 "date    a date: 2024-01-05, 2024/1/5, 2024年1月5日, 20240105");
  app.add_option("VALUE", o->words, "several words are joined with one space (a name, or a number typed in groups)");
  app.add_option("--today", o->today, "id: birth dates after it are refused (default: today's local date)")->type_name("DATE");
  app.add_option("--min", o->min, "date: the earliest date allowed")->type_name("DATE");
  app.add_option("--max", o->max, "date: the latest date allowed")->type_name("DATE");
  app.add_flag("--foreign", o->foreign, "name: a foreign resident's name in Latin letters is accepted too");
}

}  // namespace tb::cli
