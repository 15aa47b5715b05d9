// `tongban elicence issue`: issues a signed e-licence (电子证照) — what a city's e-licence platform
// does; here for demos and tests. `tongban elicence verify` checks one as a device would.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "files.h"
#include "form/elicence.h"
#include "options.h"
#include "report.h"

namespace tb::cli {
namespace {

struct IssueOptions {
  std::string type, holder_id, holder_name, key, out;
  std::optional<std::string> number;
  std::vector<std::string> fields;
  std::optional<std::int64_t> expires;
};

int run_issue(const IssueOptions& o) {
  const auto key = load_key("--key", o.key, {{crypto::KeyKind::Sign, crypto::KeyKind::Sm2Sign}, true});  // either suite
  proto::ELicence l;
  l.set_type(o.type);
  l.set_holder_id(o.holder_id);
  l.set_holder_name(o.holder_name);
  l.set_number(o.number.value_or(""));
  l.set_issued_at(unix_now());
  l.set_expires_at(o.expires.value_or(0));
  for (const auto& kv : o.fields) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) fail_usage("--field needs KEY=VALUE, got '" + kv + "'");
    (*l.mutable_fields())[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  write_file_atomic(o.out, form::sign_elicence(l, *key.pair), 0644);
  std::printf("wrote %s: %s for %s\n", o.out.c_str(), o.type.c_str(), o.holder_name.c_str());
  return 0;
}

struct VerifyOptions {
  std::string file;
  std::vector<std::string> trust;
  std::optional<std::string> holder_id;
};

int run_verify(const VerifyOptions& o) {
  const auto trust = load_trust("--trust", o.trust);
  const auto r = form::verify_elicence(read_file(o.file), trust, unix_now(), o.holder_id.value_or(""));
  if (!r) fail_with(r, "refused: ");
  std::printf("ok: %s %s, holder %s\n", r->type().c_str(), r->number().c_str(), r->holder_name().c_str());
  return 0;
}

}  // namespace

void add_elicence(CommandTree& tree) {
  CLI::App& group = tree.add_group(tree.root(), {"elicence", "issue and verify e-licences (电子证照) for demos and tests", "COMMAND …", ""});

  auto i = std::make_shared<IssueOptions>();
  CLI::App& issue = tree.add(group,
                             {"issue", "issue a signed e-licence, as a city's e-licence platform does",
                              "--type TYPE --holder-id ID --holder-name NAME [--number N] [--field KEY=VALUE]… [--expires UNIX] "
                              "--key ISSUER.key -o FILE",
                              ""},
                             [i] { return run_issue(*i); });
  issue.add_option("--type", i->type, "the material's e-licence type: hukou, jiehunzheng, chusheng, sfz, …")->type_name("TYPE")->required();
  issue.add_option("--holder-id", i->holder_id, "the holder's ID number")->type_name("ID")->required();
  issue.add_option("--holder-name", i->holder_name, "the holder's name")->type_name("NAME")->required();
  issue.add_option("--number", i->number, "the licence's own number")->type_name("N");
  add_repeated(issue, "--field", i->fields, "a field of the licence (repeat for more)")->type_name("KEY=VALUE");
  add_unix_time(issue, "--expires", i->expires, "when it expires (default: never)");
  issue.add_option("--key", i->key, "the issuer's secret signing key")->type_name("ISSUER.key")->required();
  issue.add_option("-o", i->out, "the e-licence file to write")->type_name("FILE")->required();

  auto v = std::make_shared<VerifyOptions>();
  CLI::App& verify = tree.add(group,
                              {"verify", "check an e-licence as a device would", "FILE --trust ISSUER.pub… [--holder-id ID]",
                               "prints 'ok: TYPE NUMBER, holder NAME'; exit 1 if refused"},
                              [v] { return run_verify(*v); });
  verify.add_option("FILE", v->file, "the e-licence")->required();
  add_repeated(verify, "--trust", v->trust, "an issuer's public key to trust (repeat for more)")->type_name("ISSUER.pub")->required();
  verify.add_option("--holder-id", v->holder_id, "refuse it unless it belongs to this ID number")->type_name("ID");
}

}  // namespace tb::cli
