// `tongban code trust-list`: the city's list of trusted code issuers, each for some kinds and a
// time range, signed with the root key devices trust.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "code/codes.h"
#include "code_commands.h"
#include "code_format.h"
#include "files.h"
#include "options.h"
#include "report.h"

namespace tb::cli {
namespace {

struct TrustListOptions {
  std::string root, out;
  std::vector<std::string> entries;
  std::optional<std::int64_t> issued_at;
};

bool parse_time(const std::string& s, std::int64_t* out) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 18) return false;
  *out = std::stoll(s);
  return true;
}

// ISSUER.pub:KINDS:FROM:UNTIL, split from the right (the path may hold ':').
code::TrustEntry entry_of(const std::string& e) {
  std::vector<std::string> f;
  std::string rest = e;
  for (int i = 0; i < 3; ++i) {
    const auto c = rest.rfind(':');
    if (c == std::string::npos) fail_usage("--entry '" + e + "': expected ISSUER.pub:KINDS:FROM:UNTIL");
    f.insert(f.begin(), rest.substr(c + 1));
    rest.resize(c);
  }
  code::TrustEntry t;
  t.key = load_key("--entry", rest, kSigningKey).pub;
  std::string kinds = f[0] == "all" ? "dynamic,printed,venue,house-plate,service,staff" : f[0];
  for (std::size_t at = 0; at <= kinds.size();) {
    const auto comma = std::min(kinds.find(',', at), kinds.size());
    const std::string name = kinds.substr(at, comma - at);
    const auto k = kind_from_name(name);
    if (!k || *k == code::Kind::HandOff || *k == code::Kind::Receipt)
      fail_usage("--entry '" + e + "': unknown kind '" + name + "' (dynamic, printed, venue, house-plate, service, staff or all)");
    t.kinds.push_back(*k);
    at = comma + 1;
  }
  if ((!f[1].empty() && !parse_time(f[1], &t.valid_from)) || (!f[2].empty() && !parse_time(f[2], &t.valid_until)))
    fail_usage("--entry '" + e + "': FROM and UNTIL must be Unix seconds (or empty)");
  if (t.valid_until && t.valid_from > t.valid_until) fail_usage("--entry '" + e + "': FROM is after UNTIL");
  return t;
}

int run_trust_list(const TrustListOptions& o) {
  const auto root = load_key("--root", o.root, kSecretSigningKey);
  std::vector<code::TrustEntry> list;
  for (const auto& e : o.entries) list.push_back(entry_of(e));
  const std::int64_t issued = o.issued_at.value_or(unix_now());
  const std::string signed_list = code::sign_trust_list(list, issued, *root.pair);
  if (signed_list.empty()) fail_usage("--root " + o.root + ": cannot sign with this key");
  write_file_atomic(o.out, signed_list, 0644);
  std::printf("wrote %s: %zu trusted key%s, signed by %s, issued %s\n", o.out.c_str(), list.size(), list.size() == 1 ? "" : "s",
              root.pub.id.hex().c_str(), show_time(issued).c_str());
  return 0;
}

}  // namespace

void add_code_trust_list(CommandTree& tree, CLI::App& code) {
  auto o = std::make_shared<TrustListOptions>();
  CLI::App& app = tree.add(code,
                           {"trust-list", "sign the city's list of trusted code issuers",
                            "--root ROOT.key --entry ISSUER.pub:KINDS:FROM:UNTIL… -o LIST [--issued-at UNIX]",
                            "KINDS: comma-separated dynamic,printed,venue,house-plate,service,staff or 'all'; FROM/UNTIL: Unix seconds,\n"
                            "empty or 0 for unbounded."},
                           [o] { return run_trust_list(*o); });
  app.add_option("--root", o->root, "the root's secret signing key (devices trust its public half)")->type_name("ROOT.key")->required();
  add_repeated(app, "--entry", o->entries, "an issuer, the kinds it is trusted for, and when (repeat for more)")
      ->type_name("ISSUER.pub:KINDS:FROM:UNTIL")
      ->required();
  app.add_option("-o", o->out, "the signed list to write")->type_name("LIST")->required();
  add_unix_time(app, "--issued-at", o->issued_at, "the list's issue time (default: now; fixed for reproducible builds)");
}

}  // namespace tb::cli
