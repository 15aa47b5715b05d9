#include "config_file.h"

#include <sys/stat.h>

#include <map>
#include <set>

#include "host/config_file.h"
#include "host/install_paths.h"
#include "report.h"

namespace tb::cli {
namespace {

// Options that are about the file itself, not settings in it.
bool is_meta(const CLI::Option* opt) {
  const std::string n = opt->get_name();
  return n == "--config" || n == "--print-config" || n == "--help" || opt->get_positional();
}

bool repeatable(const CLI::Option* opt) { return opt->get_expected_max() > 1; }
bool is_flag(const CLI::Option* opt) { return opt->get_expected_max() == 0; }

std::string key_of(const CLI::Option* opt) { return opt->get_name().substr(2); }

}  // namespace

void add_config_options(CLI::App& app, ConfigFileOptions& o, const std::string& name) {
  app.add_option("--config", o.file,
                 "settings from FILE, one `key = value` a line (keys: these options without the dashes; flags take yes or "
                 "no); default /etc/tongban/" + name + " when installed. The command line overrides the file")
      ->type_name("FILE");
  app.add_flag("--print-config", o.print, "print the effective settings in the file's form and exit");
}

void apply_config_file(CLI::App& app, const ConfigFileOptions& o, const std::string& name) {
  std::string path = o.file;
  if (path.empty()) {
    path = host::default_config_file(name);
    struct stat st{};
    if (path.empty() || ::stat(path.c_str(), &st) != 0) return;  // the installed default may be absent
  }
  const auto entries = host::read_config(path);
  if (!entries) fail_usage(entries.detail());
  std::set<const CLI::Option*> from_command_line;
  for (const CLI::Option* opt : app.get_options())
    if (opt->count() > 0) from_command_line.insert(opt);
  std::map<const CLI::Option*, int> first_line;
  for (const auto& e : *entries) {
    CLI::Option* opt = app.get_option_no_throw("--" + e.key);
    if (!opt || is_meta(opt)) fail_usage(e.where() + "unknown key '" + e.key + "'");
    if (const auto seen = first_line.find(opt); seen != first_line.end() && !repeatable(opt))
      fail_usage(e.where() + "'" + e.key + "' is set twice (first on line " + std::to_string(seen->second) + ")");
    first_line.emplace(opt, e.line);
    if (from_command_line.count(opt)) continue;
    std::string value = e.value;
    if (is_flag(opt)) {
      const auto on = text::config_bool(e.value);
      if (!on) fail_usage(e.where() + e.key + ": expected yes or no, got '" + e.value + "'");
      value = *on ? "true" : "false";
    }
    try {
      if (!repeatable(opt)) opt->clear();
      opt->add_result(value);
      opt->run_callback();
    } catch (const Failure& f) {  // a value the option refused (options.h): its own words, with the line
      throw Failure(f.status(), e.where() + f.what());
    } catch (const CLI::Error& x) {
      fail_usage(e.where() + e.key + ": " + x.what());
    }
  }
}

std::string effective_config(const CLI::App& app) {
  std::string out;
  for (const CLI::Option* opt : app.get_options()) {
    if (is_meta(opt)) continue;
    const std::string key = key_of(opt);
    if (opt->count() == 0) {
      out += "# " + key + " = " + opt->get_default_str() + "\n";
      continue;
    }
    for (const auto& v : opt->results()) out += key + " = " + (is_flag(opt) ? (v == "false" ? "no" : "yes") : v) + "\n";
  }
  return out;
}

}  // namespace tb::cli
