// `tongban code dynamic`: the dynamic code a phone shows now (or at --at), from its credential and
// its device key: what the phone's core computes every window.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "code/codes.h"
#include "code_commands.h"
#include "code_format.h"
#include "files.h"
#include "options.h"
#include "report.h"

namespace tb::cli {
namespace {

struct DynamicOptions {
  std::string credential, device_key;
  std::optional<std::int64_t> at, window;
};

int run_dynamic(const DynamicOptions& o) {
  const std::int64_t at = o.at.value_or(unix_now());
  const int window = static_cast<int>(o.window.value_or(30));
  const std::string bytes = read_file(o.credential, "--credential");
  std::string credential = bytes;
  if (!code::parse_credential(credential)) {  // not binary: base64 text?
    std::string t = bytes;
    t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == '\n' || c == '\r' || c == ' '; }), t.end());
    if (auto raw = crypto::from_base64(t)) credential.assign(raw->begin(), raw->end());
  }
  const auto dev = load_key("--device-key", o.device_key, kSecretSigningKey);
  auto text = code::dynamic_code(credential, *dev.pair, at, window);
  if (!text) fail_with(text, o.credential + ": ");
  std::printf("%s\n", text->c_str());
  std::fprintf(stderr, "valid for %d more seconds\n", code::seconds_left(at, window));
  return 0;
}

}  // namespace

void add_code_dynamic(CommandTree& tree, CLI::App& code) {
  auto o = std::make_shared<DynamicOptions>();
  CLI::App& app = tree.add(code,
                           {"dynamic", "the phone's dynamic code for now (or --at UNIX)",
                            "--credential CRED --device-key DEV.key [--at UNIX] [--window S]",
                            "Prints the code; on stderr, how many more seconds it is valid."},
                           [o] { return run_dynamic(*o); });
  app.add_option("--credential", o->credential, "the credential file, binary or base64 (from `code issue dynamic-credential`)")
      ->type_name("CRED")
      ->required();
  app.add_option("--device-key", o->device_key, "the phone install's secret signing key")->type_name("DEV.key")->required();
  add_unix_time(app, "--at", o->at, "the moment to make the code for (default: now)");
  add_whole(app, "--window", o->window, 1, 3600, "seconds each code is valid (default 30)")->type_name("S");
}

}  // namespace tb::cli
