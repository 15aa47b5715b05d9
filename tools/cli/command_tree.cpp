#include "command_tree.h"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>
#include <sstream>

#include "report.h"

namespace tb::cli {
namespace {

// `-h` output: "usage: tongban code render SYNOPSIS", the summary, the arguments, options and
// commands as CLI11 lists them, then the command's notes.
class HelpFormat : public CLI::Formatter {
 public:
  explicit HelpFormat(std::string synopsis) : synopsis_(std::move(synopsis)) {
    label("Positionals", "arguments");
    column_width(30);
  }
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
    if (mode == CLI::AppFormatMode::Sub) return make_expanded(app);
    std::ostringstream out;
    out << "usage: " << name << (synopsis_.empty() ? "" : " " + synopsis_) << "\n";
    if (!app->get_description().empty()) out << "  " << app->get_description() << "\n";
    out << make_positionals(app) << make_groups(app, mode) << make_subcommands(app, mode);
    if (!app->get_footer().empty()) out << "\n" << app->get_footer() << "\n";
    return out.str();
  }

 private:
  std::string synopsis_;
};

// The words after `tongban` that name `app` ("code issue printed").
std::string path_of(const CLI::App* app) {
  std::string path;
  for (; app && app->get_parent(); app = app->get_parent()) path = app->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

// The command the command line chose: the last of the chain of parsed subcommands.
CLI::App* chosen(CLI::App& root) {
  CLI::App* app = &root;
  for (auto subs = app->get_subcommands(); !subs.empty(); subs = app->get_subcommands()) app = subs.front();
  return app;
}

bool looks_like_option(const std::string& arg) {
  return arg.size() > 1 && arg[0] == '-' && !std::isdigit(static_cast<unsigned char>(arg[1]));
}

// "--codes FILE is missing", "IMAGE is missing": the first required option or argument of `app`
// (or the commands above it) that was not given.
std::string missing_required(const CLI::App* app) {
  for (; app; app = app->get_parent())
    for (const CLI::Option* opt : app->get_options())
      if (opt->get_required() && opt->count() == 0) {
        const std::string type = opt->get_positional() ? "" : opt->get_type_name();
        return opt->get_name() + (type.empty() ? "" : " " + type) + " is missing";
      }
  return {};
}

// Arguments show only their name in help and messages ("IMAGE…", not "IMAGE TEXT…").
void plain_positionals(CLI::App& app) {
  for (CLI::Option* opt : app.get_options())
    if (opt->get_positional()) opt->type_name("");
  for (CLI::App* sub : app.get_subcommands({})) plain_positionals(*sub);
}

}  // namespace

CommandTree::CommandTree() : app_("", "tongban") {
  app_.formatter(std::make_shared<HelpFormat>("COMMAND [ARGS]"));
  app_.option_defaults()->group("options");
  app_.set_help_flag("-h,--help", "print this help and exit");
  app_.footer("`tongban COMMAND -h` describes each command, `tongban COMMAND SUBCOMMAND -h` each of its subcommands.");
  app_.require_subcommand(0, 1);  // one command; its arguments are never taken for another command
  app_.allow_extras();            // unknown options and arguments: refused by name in run()
  nouns_[&app_] = "command";
}

CLI::App& CommandTree::make(CLI::App& parent, const CommandInfo& info) {
  CLI::App* app = parent.add_subcommand(info.name, info.summary);
  app->formatter(std::make_shared<HelpFormat>(info.synopsis));
  app->set_help_flag("-h,--help", "print this help and exit");  // again, now in the "options" group it inherited
  app->group("commands");
  app->footer(info.notes);
  app->allow_extras();
  return *app;
}

CLI::App& CommandTree::add(CLI::App& parent, const CommandInfo& info, std::function<int()> run) {
  CLI::App& app = make(parent, info);
  runs_[&app] = std::move(run);
  return app;
}

CLI::App& CommandTree::add_group(CLI::App& parent, const CommandInfo& info, const std::string& noun) {
  CLI::App& app = make(parent, info);
  app.require_subcommand(0, 1);
  nouns_[&app] = noun;
  return app;
}

int CommandTree::run(int argc, char** argv) {
  plain_positionals(app_);
  if (argc == 2 && std::string(argv[1]) == "help") {
    std::cout << app_.help();
    return 0;
  }
  std::string problem;
  int status = 0;
  try {
    app_.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app_.help();  // the chosen command's help
    return 0;
  } catch (const CLI::Success&) {  // an option that did its job and ends the run (--version)
    return 0;
  } catch (const CLI::ParseError& e) {  // a missing value, a missing required option, …
    const std::string missing = dynamic_cast<const CLI::RequiredError*>(&e) ? missing_required(chosen(app_)) : "";
    problem = missing.empty() ? e.what() : missing;
    status = kExitUsage;
  } catch (const Failure& f) {  // an option's value refused (options.h)
    problem = f.what();
    status = f.status();
  }
  CLI::App& app = *chosen(app_);
  set_running_command(path_of(&app));
  // An unknown option or argument first: it is usually why anything else went wrong.
  if (const std::string unknown = unknown_argument(app); !unknown.empty()) problem = unknown, status = kExitUsage;
  if (status) return report(problem, status, app);
  try {
    return dispatch(app);
  } catch (const Failure& f) {
    return report(f.what(), f.status(), app);
  }
}

std::string CommandTree::unknown_argument(const CLI::App& app) const {
  auto extras = app_.remaining(true);
  extras.erase(std::remove(extras.begin(), extras.end(), "--"), extras.end());  // CLI11 keeps the end-of-options mark there
  if (extras.empty()) return {};
  const std::string& x = extras.front();
  if (looks_like_option(x)) return "unknown option '" + x.substr(0, x.find('=')) + "'";
  if (const auto noun = nouns_.find(&app); noun != nouns_.end()) return "unknown " + noun->second + " '" + x + "'";
  return "unexpected argument '" + x + "'";
}

int CommandTree::report(const std::string& problem, int status, const CLI::App& app) const {
  note(problem);
  if (status == kExitUsage) {
    const std::string path = path_of(&app);
    std::cerr << "(`tongban " << path << (path.empty() ? "" : " ") << "-h` shows its usage)\n";
  }
  return status;
}

int CommandTree::dispatch(CLI::App& app) {
  if (const auto run = runs_.find(&app); run != runs_.end()) return run->second();
  note("missing " + nouns_.at(&app));  // a group alone: what it lists is the help
  std::cerr << "\n" << app_.help();
  return kExitUsage;
}

}  // namespace tb::cli
