// `tongban code issue dynamic-credential|printed|venue|house-plate|service|staff`: every kind of city
// code an issuer makes (docs/CODES.md), and printed codes for a whole list of residents at once.
// Names and ID numbers are masked (张*三, 110105********002X) before they go into a code.
#include <unistd.h>

#include <cstdio>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "code/batch.h"
#include "code/codes.h"
#include "code/staff.h"
#include "code_commands.h"
#include "code_format.h"
#include "crypto/wipe.h"
#include "files.h"
#include "host/local_date.h"
#include "options.h"
#include "report.h"
#include "text/mask.h"

namespace tb::cli {
namespace {

// Every option an issue command takes; each kind registers the ones it uses.
struct IssueOptions {
  std::string key;
  std::optional<std::string> out, name, id, device_pub, credential_id, venue_id, division, plate_id, address, batch, register_path,
      staff_id, pin_file, unit;
  std::vector<std::string> items;
  std::optional<std::int64_t> valid_days;
  bool form = false;
};

// Text options that must be given and not empty.
void need(const std::string& kind, std::initializer_list<std::pair<const char*, const std::optional<std::string>*>> options) {
  for (const auto& [name, value] : options)
    if (!*value || (*value)->empty()) fail_usage("issue " + kind + " needs " + name);
}

// Prints the code (and writes it to -o FILE).
int print_code(const IssueOptions& o, const std::string& text) {
  if (text.empty()) fail_usage("--key " + o.key + ": cannot sign with this key");
  if (o.out) write_file_atomic(*o.out, text + "\n", 0644);
  std::printf("%s\n", text.c_str());
  return 0;
}

crypto::KeyPair issuer_of(const IssueOptions& o) { return *load_key("--key", o.key, kSecretSigningKey).pair; }

code::Holder holder_of(const IssueOptions& o) { return {text::mask_name(*o.name), text::mask_resident_id(*o.id)}; }

int dynamic_credential(const IssueOptions& o) {
  const auto issuer = issuer_of(o);
  need("dynamic-credential", {{"--name", &o.name}, {"--id", &o.id}, {"--device-pub", &o.device_pub}});
  const auto dev = load_key("--device-pub", *o.device_pub, kSigningKey);
  const std::int64_t now = unix_now();
  code::Credential c;
  c.holder = holder_of(o);
  c.device_public_key = dev.pub.key;
  c.valid_from = now;
  c.valid_until = now + o.valid_days.value_or(365) * 86400;
  const std::string credential = code::issue_credential(c, issuer);
  if (credential.empty())
    fail_usage(crypto::is_sm_kind(issuer.kind)
                   ? "--device-pub: the issuer's key is in the sm suite, so the device key must be an SM2 key with an even y "
                     "(`tongban keys new NAME --suite sm --kind device` makes one)"
                   : "--device-pub: the issuer's key is Ed25519, so the device key must be an Ed25519 key too");
  std::fprintf(stderr, "credential id %s for %s %s, device key %s, valid until %s\n",
               crypto::to_hex(code::credential_id_for_device(c.device_public_key)).c_str(), c.holder.name_masked.c_str(),
               c.holder.id_masked.c_str(), dev.pub.id.hex().c_str(), show_time(c.valid_until).c_str());
  if (o.out) {
    write_file_atomic(*o.out, credential, 0644);
    std::fprintf(stderr, "wrote %s (%zu bytes)\n", o.out->c_str(), credential.size());
  } else {
    std::printf("%s\n", crypto::to_base64(reinterpret_cast<const unsigned char*>(credential.data()), credential.size()).c_str());
  }
  return 0;
}

// `issue printed --batch PEOPLE -o CODES.tsv --register REGISTER.tsv`: every resident checked first,
// and nothing written unless all are good; the register (appended) before the codes, so no code is
// ever out without the entry that lets its holder's lost card be revoked.
int printed_batch(const IssueOptions& o, const crypto::KeyPair& issuer) {
  if (!o.out || !o.register_path) fail_usage("issue printed --batch needs -o CODES.tsv and --register REGISTER.tsv");
  if (o.name || o.id || o.credential_id)
    fail_usage("issue printed --batch takes names and ID numbers from the list, not --name/--id/--credential-id");
  const std::string& list_path = *o.batch;
  std::string list = read_file(list_path, "--batch");
  std::vector<code::BatchProblem> problems;
  const auto residents = code::parse_residents(list, host::today_yyyymmdd(), &problems);
  crypto::wipe(list);
  if (!problems.empty()) {
    for (const auto& p : problems) std::fprintf(stderr, "%s:%zu: %s\n", list_path.c_str(), p.line, p.what.c_str());
    fail_refused(std::to_string(problems.size()) + (problems.size() == 1 ? " problem in " : " problems in ") + list_path +
                 "; nothing issued");
  }
  const std::string& reg = *o.register_path;
  std::string old_register;
  if (::access(reg.c_str(), F_OK) == 0) {
    old_register = read_file(reg, "--register");
    std::vector<code::BatchProblem> reg_problems;
    code::parse_register(old_register, &reg_problems);
    if (!reg_problems.empty())
      fail_refused(reg + ":" + std::to_string(reg_problems[0].line) + ": " + reg_problems[0].what + "; nothing issued");
  }
  const std::int64_t now = unix_now();
  const std::int64_t until = now + o.valid_days.value_or(365 * 5) * 86400;  // printed cards last longer than phones
  const auto issued = code::issue_printed_batch(residents, random_bytes(residents.size() * code::kCredentialIdBytes), now, until, issuer);
  if (issued.size() != residents.size()) fail_usage("--key: cannot sign with this key");
  std::string register_text = code::format_register(issued, until);
  if (!old_register.empty()) register_text = old_register + register_text.substr(register_text.find('\n') + 1);
  std::string codes = "# tongban printed codes: CODE<TAB>LABEL, for `tongban code sheet --codes`\n";
  for (const auto& i : issued) codes += i.code + "\t" + i.label + "\n";
  write_file_atomic(reg, register_text, 0600);
  write_file_atomic(*o.out, codes, 0644);
  std::printf("issued %zu printed codes, valid until %s: %s (for `tongban code sheet`); register %s (%s)\n", issued.size(),
              show_time(until).c_str(), o.out->c_str(), reg.c_str(), old_register.empty() ? "new" : "appended");
  return 0;
}

int printed(const IssueOptions& o) {
  const auto issuer = issuer_of(o);
  if (o.batch) return printed_batch(o, issuer);
  need("printed", {{"--name", &o.name}, {"--id", &o.id}});
  code::Printed p;
  p.holder = holder_of(o);
  if (o.credential_id) {
    auto raw = crypto::from_hex(*o.credential_id);
    if (!raw || raw->empty() || raw->size() > 64) fail_usage("--credential-id must be 1..64 bytes of hex, got '" + *o.credential_id + "'");
    p.credential_id = *raw;
  } else {
    p.credential_id = random_bytes(code::kCredentialIdBytes);
  }
  p.valid_from = unix_now();
  p.valid_until = p.valid_from + o.valid_days.value_or(365) * 86400;
  const std::string text = code::issue_printed(p, issuer);
  std::fprintf(stderr, "credential id %s for %s %s, valid until %s\n", crypto::to_hex(p.credential_id).c_str(), p.holder.name_masked.c_str(),
               p.holder.id_masked.c_str(), show_time(p.valid_until).c_str());
  return print_code(o, text);
}

int venue(const IssueOptions& o) {
  const auto issuer = issuer_of(o);
  need("venue", {{"--venue-id", &o.venue_id}, {"--name", &o.name}, {"--division", &o.division}});
  const std::int64_t until = o.valid_days ? unix_now() + *o.valid_days * 86400 : 0;
  return print_code(o, code::issue_venue({*o.venue_id, *o.name, *o.division, until}, issuer));
}

int house_plate(const IssueOptions& o) {
  const auto issuer = issuer_of(o);
  need("house-plate", {{"--plate-id", &o.plate_id}, {"--address", &o.address}, {"--division", &o.division}});
  return print_code(o, code::issue_house_plate({*o.plate_id, *o.address, *o.division, o.items}, issuer));
}

int service(const IssueOptions& o) {
  const auto issuer = issuer_of(o);
  if (o.items.size() != 1 || o.items[0].empty()) fail_usage("issue service needs exactly one --item");
  return print_code(o, code::issue_service({o.items[0], o.form}, issuer));
}

// A staff credential (工作证): a fresh staff key, sealed under the PIN read from --pin-file (the PIN
// never goes on the command line, where `ps` and shell histories would keep it).
int staff(const IssueOptions& o) {
  const auto issuer = issuer_of(o);
  need("staff", {{"--staff-id", &o.staff_id}, {"--name", &o.name}, {"--pin-file", &o.pin_file}});
  std::string pin = read_file(*o.pin_file, "--pin-file");
  while (!pin.empty() && (pin.back() == '\n' || pin.back() == '\r')) pin.pop_back();
  if (auto ok = code::check_pin(pin); !ok) {
    crypto::wipe(pin);
    fail_with(ok, "--pin-file " + *o.pin_file + ": ");
  }
  code::StaffIssue in;
  in.staff_id = *o.staff_id;
  in.name = *o.name;
  in.unit = o.unit.value_or("");
  if (o.credential_id) {
    auto raw = crypto::from_hex(*o.credential_id);
    if (!raw || raw->empty() || raw->size() > 64) fail_usage("--credential-id must be 1..64 bytes of hex, got '" + *o.credential_id + "'");
    in.credential_id = *raw;
  }
  in.valid_from = unix_now();
  in.valid_until = in.valid_from + o.valid_days.value_or(365) * 86400;
  host::SystemEntropy entropy;
  auto issued = code::issue_staff_credential(in, pin, issuer, entropy);
  crypto::wipe(pin);
  if (!issued) fail_with(issued, "--key " + o.key + ": ", kExitUsage);
  std::fprintf(stderr, "credential id %s for staff %s %s, staff key %s, valid until %s\n", crypto::to_hex(issued->credential_id).c_str(),
               in.staff_id.c_str(), text::mask_name(in.name).c_str(), issued->public_key.id.hex().c_str(), show_time(in.valid_until).c_str());
  return print_code(o, issued->code);
}

// One `issue KIND` command with the options every kind takes (--key, -o).
std::pair<CLI::App*, std::shared_ptr<IssueOptions>> kind(CommandTree& tree, CLI::App& issue, const CommandInfo& info,
                                                         int (*run)(const IssueOptions&), const char* out_help) {
  auto o = std::make_shared<IssueOptions>();
  CLI::App& app = tree.add(issue, info, [o, run] { return run(*o); });
  app.add_option("--key", o->key, "the issuer's secret signing key")->type_name("ISSUER.key")->required();
  app.add_option("-o", o->out, out_help)->type_name("FILE");
  return {&app, o};
}

void add_valid_days(CLI::App& app, IssueOptions& o, const char* help) { add_whole(app, "--valid-days", o.valid_days, 1, 36500, help); }

}  // namespace

void add_code_issue(CommandTree& tree, CLI::App& code) {
  CLI::App& issue = tree.add_group(code,
                                   {"issue", "issue a city code of one KIND", "KIND --key ISSUER.key …",
                                    "NAME and ID are masked (张*三, 110105********002X) before they go into a code."},
                                   "KIND");
  const char* kPrintsText = "also write the code text to FILE (it is always printed)";

  auto [dc, d] = kind(tree, issue,
                      {"dynamic-credential", "the credential a phone install stores, to make its rotating dynamic codes",
                       "--key ISSUER.key --device-pub DEV.pub --name NAME --id ID [--valid-days N] [-o FILE]",
                       "The credential goes to FILE (binary), else base64 on stdout; its credential id on stderr."},
                      dynamic_credential, "write the credential to FILE (binary) instead of base64 on stdout");
  dc->add_option("--device-pub", d->device_pub, "the phone install's public signing key")->type_name("DEV.pub");
  dc->add_option("--name", d->name, "the holder's name")->type_name("NAME");
  dc->add_option("--id", d->id, "the holder's ID number")->type_name("ID");
  add_valid_days(*dc, *d, "days it is valid (default 365)");

  auto [pr, p] = kind(tree, issue,
                      {"printed", "a printed personal code (随身码), or a whole list of them with --batch",
                       "--key ISSUER.key --name NAME --id ID [--credential-id HEX] [--valid-days N] [-o FILE]\n"
                       "   or: tongban code issue printed --key ISSUER.key --batch PEOPLE -o CODES.tsv --register REGISTER.tsv "
                       "[--valid-days N]",
                       "A printed code gets a random 16-byte credential id unless given (printed on stderr).\n"
                       "PEOPLE: NAME<TAB>ID or NAME,ID per line ('#' comments); every line is checked and nothing is issued if any\n"
                       "is wrong. CODES.tsv feeds `code sheet`; the register (appended; holders keyed by the issuer, no names or\n"
                       "ID numbers) lets `code revoke --register … --holder-id ID` find a lost card."},
                      printed, "write the code text to FILE; with --batch: CODES.tsv, one CODE<TAB>LABEL per line");
  pr->add_option("--name", p->name, "the holder's name")->type_name("NAME");
  pr->add_option("--id", p->id, "the holder's ID number")->type_name("ID");
  pr->add_option("--credential-id", p->credential_id, "the credential id, 1..64 bytes of hex (default: 16 random bytes)")->type_name("HEX");
  add_valid_days(*pr, *p, "days it is valid (default 365; with --batch 1825)");
  pr->add_option("--batch", p->batch, "issue one printed code for every resident listed in PEOPLE")->type_name("PEOPLE");
  pr->add_option("--register", p->register_path, "with --batch: the issuer's register of printed codes (appended)")
      ->type_name("REGISTER.tsv");

  auto [vn, v] = kind(tree, issue,
                      {"venue", "a venue's code (场所码)", "--key ISSUER.key --venue-id ID --name NAME --division CODE [--valid-days N] [-o FILE]",
                       ""},
                      venue, kPrintsText);
  vn->add_option("--venue-id", v->venue_id, "the venue's id")->type_name("ID");
  vn->add_option("--name", v->name, "the venue's name")->type_name("NAME");
  vn->add_option("--division", v->division, "its administrative division code (110105)")->type_name("CODE");
  add_valid_days(*vn, *v, "days it is valid (default: no end)");

  auto [hp, h] = kind(tree, issue,
                      {"house-plate", "a house plate's code (门牌码), with the services offered there",
                       "--key ISSUER.key --plate-id ID --address TEXT --division CODE [--item X]… [-o FILE]", ""},
                      house_plate, kPrintsText);
  hp->add_option("--plate-id", h->plate_id, "the plate's id")->type_name("ID");
  hp->add_option("--address", h->address, "the address on the plate")->type_name("TEXT");
  hp->add_option("--division", h->division, "its administrative division code (110105)")->type_name("CODE");
  add_repeated(*hp, "--item", h->items, "a service item offered there (repeat for more)")->type_name("X");

  auto [sv, s] = kind(tree, issue,
                      {"service", "a service's code (事项码): opens its guide, or its form with --form", "--key ISSUER.key --item X [--form] [-o FILE]",
                       ""},
                      service, kPrintsText);
  add_repeated(*sv, "--item", s->items, "the service item")->type_name("X");
  sv->add_flag("--form", s->form, "open the item's application form rather than its guide");

  auto [st, w] = kind(tree, issue,
                      {"staff", "a staff credential (工作证) for signing in at kiosks to help residents (帮办)",
                       "--key ISSUER.key --staff-id ID --name NAME --pin-file FILE [--unit TEXT] [--credential-id HEX]\n"
                       "       [--valid-days N] [-o FILE]",
                       "A fresh staff key is made and its secret sealed under the PIN in FILE (6-12 digits, first line), with\n"
                       "Argon2id (libsodium crypto_pwhash, interactive cost). The credential id (for `code revoke --id`) goes to stderr."},
                      staff, kPrintsText);
  st->add_option("--staff-id", w->staff_id, "the staff member's id (工号)")->type_name("ID");
  st->add_option("--name", w->name, "their name (masked before it goes in: 王*明)")->type_name("NAME");
  st->add_option("--pin-file", w->pin_file, "a file whose first line is their PIN (6-12 digits)")->type_name("FILE");
  st->add_option("--unit", w->unit, "where they work (shown at sign-in)")->type_name("TEXT");
  st->add_option("--credential-id", w->credential_id, "the credential id, 1..64 bytes of hex (default: 16 random bytes)")->type_name("HEX");
  add_valid_days(*st, *w, "days it is valid (default 365)");
}

}  // namespace tb::cli
