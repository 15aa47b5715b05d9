// `tongban code verify`: checks codes as a gate, venue or clerk device does, offline, against a
// signed trust list (or issuers' keys) and a revocation list. One line per code.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "code/codes.h"
#include "code/revocation.h"
#include "code_commands.h"
#include "code_format.h"
#include "files.h"
#include "options.h"
#include "report.h"

namespace tb::cli {
namespace {

struct VerifyOptions {
  std::vector<std::string> texts, roots, trust, accept;
  std::optional<std::string> trust_list, revoked, scope;
  std::optional<std::int64_t> at;
};

// The codes to check: the arguments, with '-' standing for the lines of stdin (a keyboard-wedge scanner).
std::vector<std::string> codes_of(const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  for (const auto& t : texts) {
    if (t != "-") {
      out.push_back(t);
      continue;
    }
    for (std::string line; std::getline(std::cin, line);)
      if (!line.empty() && line != "\r") out.push_back(line);
  }
  return out;
}

// "ok KIND issuer=… credential=… name=… until=…": what this scope may show of a good code.
std::string ok_line(const code::Verification& r) {
  std::string line = std::string("ok ") + code::kind_name(r.kind) + " issuer=" + r.issuer_key_id;
  if (!r.credential_id.empty()) line += " credential=" + r.credential_id;
  if (!r.name_masked.empty()) line += " name=" + r.name_masked;
  if (!r.id_masked.empty()) line += " id=" + r.id_masked;
  switch (r.kind) {
    case code::Kind::Venue: line += " venue=" + r.venue.venue_id + " name=" + r.venue.name + " division=" + r.venue.division; break;
    case code::Kind::HousePlate: {
      line += " plate=" + r.plate.plate_id + " address=" + r.plate.address + " division=" + r.plate.division;
      std::string items;
      for (const auto& i : r.plate.items) items += (items.empty() ? "" : ",") + i;
      if (!items.empty()) line += " items=" + items;
      break;
    }
    case code::Kind::Service: line += " item=" + r.service.item + (r.service.form ? " form" : ""); break;
    default: break;
  }
  if (r.valid_until) line += " until=" + show_time(r.valid_until);
  return line;
}

int run_verify(const VerifyOptions& o) {
  if (o.texts.empty()) fail_usage("verify needs at least one TEXT (or '-' for stdin)");
  if (!o.trust_list == o.trust.empty()) fail_usage("verify needs either --trust-list LIST (with --root) or --trust ISSUER.pub");
  if (o.trust_list && o.roots.empty()) fail_usage("--trust-list needs --root ROOT.pub (the key that signs the list)");
  code::VerifierOptions options;
  const std::string scope = o.scope.value_or("gate");
  options.scope = scope == "venue" ? code::Scope::Venue : scope == "staff" ? code::Scope::Staff : code::Scope::Gate;
  for (const auto& a : o.accept) {
    const auto k = kind_from_name(a);
    if (!k) fail_usage("--accept: unknown kind '" + a + "'");
    options.accept.push_back(*k);
  }
  const std::int64_t now = o.at.value_or(unix_now());
  code::Verifier v(options);
  if (o.trust_list) {
    const auto roots = load_trust("--root", o.roots);
    if (const auto installed = v.set_trust_list(read_file(*o.trust_list, "--trust-list"), roots, now); !installed)
      fail_with(installed, "--trust-list " + *o.trust_list + ": refused: ");
  }
  for (const auto& p : o.trust)
    v.trust({load_key("--trust", p, kSigningKey).pub,
             {code::Kind::Dynamic, code::Kind::Printed, code::Kind::Venue, code::Kind::HousePlate, code::Kind::Service},
             0,
             0});
  if (o.revoked)
    if (const auto installed = v.set_revocation_list(read_file(*o.revoked, "--revoked"), now); !installed)
      fail_with(installed, "--revoked " + *o.revoked + ": refused: ");
  int refused = 0;
  for (const auto& t : codes_of(o.texts)) {
    const auto r = v.verify(t, now);
    if (r) {
      std::printf("%s\n", ok_line(r).c_str());
    } else {
      ++refused;
      std::printf("refused: %s\n", r.describe().c_str());  // the same words fail_with() uses
    }
  }
  return refused ? kExitRefused : 0;
}

}  // namespace

void add_code_verify(CommandTree& tree, CLI::App& code) {
  auto o = std::make_shared<VerifyOptions>();
  CLI::App& app = tree.add(code,
                           {"verify", "check codes as a gate, venue or clerk device does",
                            "TEXT… (--trust-list LIST --root ROOT.pub… | --trust ISSUER.pub…) [--revoked LIST]\n"
                            "       [--scope gate|venue|staff] [--at UNIX] [--accept KIND]…",
                            "One line per code: 'ok KIND fields…' or 'refused: REASON'; exit 1 if any is refused."},
                           [o] { return run_verify(*o); });
  app.add_option("TEXT", o->texts, "the codes; '-' reads them from stdin, one per line (a keyboard-wedge scanner)");
  app.add_option("--trust-list", o->trust_list, "the city's signed list of trusted issuers (`code trust-list`)")->type_name("LIST");
  add_repeated(app, "--root", o->roots, "a key that may sign the trust list (repeat for more)")->type_name("ROOT.pub");
  add_repeated(app, "--trust", o->trust, "instead of a trust list: an issuer trusted for every kind (repeat for more)")
      ->type_name("ISSUER.pub");
  app.add_option("--revoked", o->revoked, "a signed revocation list (`code revoke`)")->type_name("LIST");
  add_choice(app, "--scope", o->scope, {"gate", "venue", "staff"},
             "what the device may show: gate nothing personal (default), venue the masked name, staff also the masked ID");
  add_unix_time(app, "--at", o->at, "check as of this moment (default: now)");
  add_repeated(app, "--accept", o->accept, "accept only codes of this kind (repeat for more; default: all)")->type_name("KIND");
}

}  // namespace tb::cli
