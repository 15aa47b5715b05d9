// `tongban code …`: the operator side of 一码通城 (docs/CODES.md). Issues every kind of code, makes a
// phone's current dynamic code, verifies codes as a gate/venue/clerk device would, signs trust lists
// and revocation lists, and carries hand-offs. QR images (render, scan, sheet): cmd_code_media.cpp.
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <unistd.h>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "args.h"
#include "check/validate.h"
#include "code/batch.h"
#include "code/codes.h"
#include "code/revocation.h"
#include "commands.h"
#include "crypto/wipe.h"
#include "files.h"
#include "host/local_date.h"
#include "text/mask.h"

namespace tb::cli {
namespace {

const char* kUsage =
    "usage: tongban code COMMAND [ARGS]\n"
    "  issue dynamic-credential --key ISSUER.key --device-pub DEV.pub --name NAME --id ID [--valid-days N] [-o FILE]\n"
    "      the credential a phone install stores (binary with -o, else base64 on stdout); its id on stderr\n"
    "  issue printed --key ISSUER.key --name NAME --id ID [--credential-id HEX] [--valid-days N] [-o FILE]\n"
    "  issue printed --key ISSUER.key --batch PEOPLE -o CODES.tsv --register REGISTER.tsv [--valid-days N]\n"
    "      PEOPLE: NAME<TAB>ID or NAME,ID per line ('#' comments); every line checked, nothing issued if\n"
    "      any is wrong; CODES.tsv feeds `code sheet`; the register (appended; holders keyed by the\n"
    "      issuer, no names or ID numbers) lets `revoke --register … --holder-id ID` find a lost card\n"
    "  issue venue --key ISSUER.key --venue-id ID --name NAME --division CODE [--valid-days N] [-o FILE]\n"
    "  issue house-plate --key ISSUER.key --plate-id ID --address TEXT --division CODE [--item X]... [-o FILE]\n"
    "  issue service --key ISSUER.key --item X [--form] [-o FILE]\n"
    "      print the code text (and write it to FILE); NAME and ID are masked (张*三, 110105********002X)\n"
    "      before they go in; printed codes get a random 16-byte credential id unless given (printed on stderr)\n"
    "  dynamic --credential CRED --device-key DEV.key [--at UNIX] [--window S]\n"
    "      the phone's dynamic code for now (or UNIX); CRED is the credential file, binary or base64\n"
    "  verify TEXT... (--trust-list LIST --root ROOT.pub... | --trust ISSUER.pub...) [--revoked LIST]\n"
    "         [--scope gate|venue|staff] [--at UNIX] [--accept KIND]...\n"
    "      one line per code: 'ok KIND fields…' or 'refused: REASON'; exit 1 if any is refused.\n"
    "      TEXT '-' reads codes from stdin, one per line (a keyboard-wedge scanner)\n"
    "  trust-list --root ROOT.key --entry ISSUER.pub:KINDS:FROM:UNTIL... -o LIST [--issued-at UNIX]\n"
    "      KINDS: comma-separated dynamic,printed,venue,house-plate,service or 'all'; FROM/UNTIL: Unix\n"
    "      seconds, empty or 0 for unbounded\n"
    "  revoke --key ISSUER.key (--id HEX... | --ids-file FILE | --register REG --holder-id ID...) -o LIST\n"
    "         [--fingerprint-bits F] [--issued-at UNIX]\n"
    "      a signed revocation list of credential ids (hex, one per line in FILE; '#' comments)\n"
    "  handoff encode FILE [--max-chars N]     prints the TBX1: parts, one per line (FILE '-': stdin)\n"
    "  handoff decode PART... [-o FILE]        reassembles (any order) and prints the payload\n"
    "  render | scan | sheet ...               QR images (see `tongban code render --help`)\n";

int usage_error(const std::string& what) {
  std::fprintf(stderr, "tongban code: %s\n%s", what.c_str(), kUsage);
  return 2;
}

bool parse_int(const std::string& s, std::int64_t* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno || *end) return false;
  *out = v;
  return true;
}

// "2027-05-29T05:00+08:00": the CLI's times, in China Standard Time like the core's details.
std::string show_time(std::int64_t s) {
  const std::time_t t = static_cast<std::time_t>(s + 8 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M+08:00", &tm);
  return buf;
}

std::optional<code::Kind> kind_from_name(const std::string& name) {
  for (int k = 1; k <= 7; ++k)
    if (name == code::kind_name(static_cast<code::Kind>(k))) return static_cast<code::Kind>(k);
  return std::nullopt;
}

// Loads a key file; `secret` requires the secret half. Exit status on failure in *status.
std::optional<crypto::ParsedKey> key_from(const std::string& option, const std::string& path, bool secret, int* status) {
  std::string error;
  auto key = load_key(path, &error);
  if (!key) {
    std::fprintf(stderr, "tongban code: %s %s\n", option.c_str(), error.c_str());
    *status = 3;
    return std::nullopt;
  }
  if (!crypto::is_signing_kind(key->pub.kind) || (secret && !key->pair)) {
    std::fprintf(stderr, "tongban code: %s %s: needs %s Ed25519 key (kind sign or device), this is %s%s\n", option.c_str(), path.c_str(),
                 secret ? "a secret" : "an", crypto::key_kind_name(key->pub.kind), secret && !key->pair ? " without its secret" : "");
    *status = 2;
    return std::nullopt;
  }
  return key;
}

bool write_out(const std::string& path, const std::string& data) {
  std::string error;
  if (write_file_atomic(path, data, 0644, &error)) return true;
  std::fprintf(stderr, "tongban code: %s\n", error.c_str());
  return false;
}

// ---- issue ----------------------------------------------------------------------------------------
// `issue printed --batch PEOPLE -o CODES.tsv --register REGISTER.tsv`: every resident checked first,
// and nothing written unless all are good; the register (appended) before the codes, so no code is
// ever out without the entry that lets its holder's lost card be revoked.
int issue_printed_batch(const Args& args, const crypto::KeyPair& issuer, std::int64_t now, std::int64_t days) {
  const std::string list_path = *args.get("--batch");
  const auto out = args.get("-o"), reg = args.get("--register");
  if (!out || !reg) return usage_error("issue printed --batch needs -o CODES.tsv and --register REGISTER.tsv");
  if (args.get("--name") || args.get("--id") || args.get("--credential-id"))
    return usage_error("issue printed --batch takes names and ID numbers from the list, not --name/--id/--credential-id");
  std::string error;
  auto list = read_file(list_path, &error);
  if (!list) {
    std::fprintf(stderr, "tongban code: --batch %s\n", error.c_str());
    return 3;
  }
  std::vector<code::BatchProblem> problems;
  const auto residents = code::parse_residents(*list, host::today_yyyymmdd(), &problems);
  crypto::wipe(*list);
  if (!problems.empty()) {
    for (const auto& p : problems) std::fprintf(stderr, "%s:%zu: %s\n", list_path.c_str(), p.line, p.what.c_str());
    std::fprintf(stderr, "tongban code: %zu problem%s in %s; nothing issued\n", problems.size(), problems.size() == 1 ? "" : "s",
                 list_path.c_str());
    return 1;
  }
  std::string old_register;
  if (::access(reg->c_str(), F_OK) == 0) {
    auto r = read_file(*reg, &error);
    if (!r) {
      std::fprintf(stderr, "tongban code: --register %s\n", error.c_str());
      return 3;
    }
    std::vector<code::BatchProblem> reg_problems;
    code::parse_register(*r, &reg_problems);
    if (!reg_problems.empty()) {
      std::fprintf(stderr, "tongban code: %s:%zu: %s; nothing issued\n", reg->c_str(), reg_problems[0].line, reg_problems[0].what.c_str());
      return 1;
    }
    old_register = std::move(*r);
  }
  const std::int64_t until = now + (days ? days : 365 * 5) * 86400;  // printed cards last longer than phones
  const auto issued = code::issue_printed_batch(residents, random_bytes(residents.size() * code::kCredentialIdBytes), now, until, issuer);
  if (issued.size() != residents.size()) return usage_error("--key: cannot sign with this key");
  std::string register_text = code::format_register(issued, until);
  if (!old_register.empty()) register_text = old_register + register_text.substr(register_text.find('\n') + 1);
  std::string codes = "# tongban printed codes: CODE<TAB>LABEL, for `tongban code sheet --codes`\n";
  for (const auto& i : issued) codes += i.code + "\t" + i.label + "\n";
  if (!write_file_atomic(*reg, register_text, 0600, &error) || !write_file_atomic(*out, codes, 0644, &error)) {
    std::fprintf(stderr, "tongban code: %s\n", error.c_str());
    return 3;
  }
  std::printf("issued %zu printed codes, valid until %s: %s (for `tongban code sheet`); register %s (%s)\n", issued.size(),
              show_time(until).c_str(), out->c_str(), reg->c_str(), old_register.empty() ? "new" : "appended");
  return 0;
}

int issue(const Args& args) {
  const auto& pos = args.positional();
  if (pos.size() != 2) return usage_error("issue needs a KIND: dynamic-credential, printed, venue, house-plate or service");
  const std::string kind = pos[1];
  const auto key_path = args.get("--key");
  if (!key_path) return usage_error("issue needs --key ISSUER.key");
  int status = 0;
  auto key = key_from("--key", *key_path, true, &status);
  if (!key) return status;
  const crypto::KeyPair& issuer = *key->pair;
  const std::int64_t now = unix_now();
  std::int64_t days = 0;
  if (const auto d = args.get("--valid-days"); d && (!parse_int(*d, &days) || days <= 0 || days > 36500))
    return usage_error("--valid-days must be a whole number of days, 1..36500, got '" + *d + "'");
  auto need = [&args](std::initializer_list<const char*> names) -> std::string {
    for (const char* n : names)
      if (!args.get(n) || args.get(n)->empty()) return std::string(n);
    return {};
  };
  std::string text;
  if (kind == "printed" && args.get("--batch")) return issue_printed_batch(args, issuer, now, days);
  if (kind == "dynamic-credential" || kind == "printed") {
    const bool dynamic = kind == "dynamic-credential";
    if (const auto missing = need(dynamic ? std::initializer_list<const char*>{"--name", "--id", "--device-pub"}
                                          : std::initializer_list<const char*>{"--name", "--id"});
        !missing.empty())
      return usage_error("issue " + kind + " needs " + missing);
    const code::Holder holder{text::mask_name(*args.get("--name")), text::mask_resident_id(*args.get("--id"))};
    const std::int64_t until = now + (days ? days : 365) * 86400;
    if (dynamic) {
      auto dev = key_from("--device-pub", *args.get("--device-pub"), false, &status);
      if (!dev) return status;
      code::Credential c;
      c.holder = holder;
      c.device_public_key = dev->pub.key;
      c.valid_from = now;
      c.valid_until = until;
      const std::string credential = code::issue_credential(c, issuer);
      if (credential.empty()) return usage_error("--device-pub: not a 32-byte Ed25519 key");
      std::fprintf(stderr, "credential id %s for %s %s, device key %s, valid until %s\n",
                   crypto::to_hex(code::credential_id_for_device(c.device_public_key)).c_str(), holder.name_masked.c_str(),
                   holder.id_masked.c_str(), dev->pub.id.hex().c_str(), show_time(until).c_str());
      if (const auto out = args.get("-o")) {
        if (!write_out(*out, credential)) return 3;
        std::fprintf(stderr, "wrote %s (%zu bytes)\n", out->c_str(), credential.size());
      } else {
        std::printf("%s\n", crypto::to_base64(reinterpret_cast<const unsigned char*>(credential.data()), credential.size()).c_str());
      }
      return 0;
    }
    code::Printed p;
    p.holder = holder;
    if (const auto id = args.get("--credential-id")) {
      auto raw = crypto::from_hex(*id);
      if (!raw || raw->empty() || raw->size() > 64) return usage_error("--credential-id must be 1..64 bytes of hex, got '" + *id + "'");
      p.credential_id = *raw;
    } else {
      const auto seed = random_seed();
      p.credential_id.assign(reinterpret_cast<const char*>(seed.data()), code::kCredentialIdBytes);
    }
    p.valid_from = now;
    p.valid_until = until;
    text = code::issue_printed(p, issuer);
    std::fprintf(stderr, "credential id %s for %s %s, valid until %s\n", crypto::to_hex(p.credential_id).c_str(), holder.name_masked.c_str(),
                 holder.id_masked.c_str(), show_time(until).c_str());
  } else if (kind == "venue") {
    if (const auto missing = need({"--venue-id", "--name", "--division"}); !missing.empty()) return usage_error("issue venue needs " + missing);
    text = code::issue_venue({*args.get("--venue-id"), *args.get("--name"), *args.get("--division"), days ? now + days * 86400 : 0}, issuer);
  } else if (kind == "house-plate") {
    if (const auto missing = need({"--plate-id", "--address", "--division"}); !missing.empty())
      return usage_error("issue house-plate needs " + missing);
    text = code::issue_house_plate({*args.get("--plate-id"), *args.get("--address"), *args.get("--division"), args.all("--item")}, issuer);
  } else if (kind == "service") {
    const auto items = args.all("--item");
    if (items.size() != 1 || items[0].empty()) return usage_error("issue service needs exactly one --item");
    text = code::issue_service({items[0], args.flag("--form")}, issuer);
  } else {
    return usage_error("unknown KIND '" + kind + "' (dynamic-credential, printed, venue, house-plate or service)");
  }
  if (text.empty()) return usage_error("--key " + *key_path + ": cannot sign with this key");
  if (const auto out = args.get("-o"))
    if (!write_out(*out, text + "\n")) return 3;
  std::printf("%s\n", text.c_str());
  return 0;
}

// ---- dynamic --------------------------------------------------------------------------------------
int dynamic(const Args& args) {
  const auto cred_path = args.get("--credential"), dev_path = args.get("--device-key");
  if (!cred_path || !dev_path) return usage_error("dynamic needs --credential CRED and --device-key DEV.key");
  std::int64_t at = unix_now(), window = 30;
  if (const auto a = args.get("--at"); a && (!parse_int(*a, &at) || at < 0)) return usage_error("--at must be Unix seconds, got '" + *a + "'");
  if (const auto w = args.get("--window"); w && (!parse_int(*w, &window) || window <= 0 || window > 3600))
    return usage_error("--window must be 1..3600 seconds, got '" + *w + "'");
  std::string error;
  auto bytes = read_file(*cred_path, &error);
  if (!bytes) {
    std::fprintf(stderr, "tongban code: --credential %s\n", error.c_str());
    return 3;
  }
  std::string credential = *bytes;
  if (!code::parse_credential(credential)) {  // not binary: base64 text?
    std::string t = *bytes;
    t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == '\n' || c == '\r' || c == ' '; }), t.end());
    if (auto raw = crypto::from_base64(t)) credential.assign(raw->begin(), raw->end());
  }
  int status = 0;
  auto dev = key_from("--device-key", *dev_path, true, &status);
  if (!dev) return status;
  auto text = code::dynamic_code(credential, *dev->pair, at, static_cast<int>(window), &error);
  if (!text) {
    std::fprintf(stderr, "tongban code: %s: %s\n", cred_path->c_str(), error.c_str());
    return 1;
  }
  std::printf("%s\n", text->c_str());
  std::fprintf(stderr, "valid for %d more seconds\n", code::seconds_left(at, static_cast<int>(window)));
  return 0;
}

// ---- verify ---------------------------------------------------------------------------------------
int verify(const Args& args) {
  std::vector<std::string> texts(args.positional().begin() + 1, args.positional().end());
  if (texts.empty()) return usage_error("verify needs at least one TEXT (or '-' for stdin)");
  const auto list_path = args.get("--trust-list");
  const auto trust_paths = args.all("--trust"), root_paths = args.all("--root");
  if (!list_path == trust_paths.empty()) return usage_error("verify needs either --trust-list LIST (with --root) or --trust ISSUER.pub");
  if (list_path && root_paths.empty()) return usage_error("--trust-list needs --root ROOT.pub (the key that signs the list)");
  code::VerifierOptions o;
  const std::string scope = args.get("--scope").value_or("gate");
  if (scope == "gate") o.scope = code::Scope::Gate;
  else if (scope == "venue") o.scope = code::Scope::Venue;
  else if (scope == "staff") o.scope = code::Scope::Staff;
  else return usage_error("--scope must be gate, venue or staff, got '" + scope + "'");
  for (const auto& a : args.all("--accept")) {
    const auto k = kind_from_name(a);
    if (!k) return usage_error("--accept: unknown kind '" + a + "'");
    o.accept.push_back(*k);
  }
  std::int64_t now = unix_now();
  if (const auto a = args.get("--at"); a && !parse_int(*a, &now)) return usage_error("--at must be Unix seconds, got '" + *a + "'");
  code::Verifier v(o);
  std::string error;
  if (list_path) {
    auto roots = load_trust(root_paths, &error);
    auto list = roots ? read_file(*list_path, &error) : std::nullopt;
    if (!roots || !list) {
      std::fprintf(stderr, "tongban code: %s\n", error.c_str());
      return 3;
    }
    if (!v.set_trust_list(*list, *roots, now, &error)) {
      std::fprintf(stderr, "tongban code: --trust-list %s: refused: %s\n", list_path->c_str(), error.c_str());
      return 1;
    }
  }
  for (const auto& p : trust_paths) {
    int status = 0;
    auto k = key_from("--trust", p, false, &status);
    if (!k) return status;
    v.trust({k->pub, {code::Kind::Dynamic, code::Kind::Printed, code::Kind::Venue, code::Kind::HousePlate, code::Kind::Service}, 0, 0});
  }
  if (const auto r = args.get("--revoked")) {
    auto list = read_file(*r, &error);
    if (!list) {
      std::fprintf(stderr, "tongban code: --revoked %s\n", error.c_str());
      return 3;
    }
    if (!v.set_revocation_list(*list, now, &error)) {
      std::fprintf(stderr, "tongban code: --revoked %s: refused: %s\n", r->c_str(), error.c_str());
      return 1;
    }
  }
  if (std::find(texts.begin(), texts.end(), "-") != texts.end()) {
    std::vector<std::string> expanded;
    for (const auto& t : texts) {
      if (t != "-") {
        expanded.push_back(t);
        continue;
      }
      for (std::string line; std::getline(std::cin, line);)
        if (!line.empty() && line != "\r") expanded.push_back(line);
    }
    texts = std::move(expanded);
  }
  int refused = 0;
  for (const auto& t : texts) {
    const auto r = v.verify(t, now);
    if (!r) {
      ++refused;
      std::printf("refused: %s%s%s\n", code::refusal_text(r.refusal), r.detail.empty() ? "" : ": ", r.detail.c_str());
      continue;
    }
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
    std::printf("%s\n", line.c_str());
  }
  return refused ? 1 : 0;
}

// ---- trust-list -----------------------------------------------------------------------------------
int trust_list(const Args& args) {
  const auto root_path = args.get("--root"), out = args.get("-o");
  const auto entries = args.all("--entry");
  if (!root_path || !out || entries.empty()) return usage_error("trust-list needs --root ROOT.key, at least one --entry and -o LIST");
  int status = 0;
  auto root = key_from("--root", *root_path, true, &status);
  if (!root) return status;
  std::vector<code::TrustEntry> list;
  for (const auto& e : entries) {
    // PATH:KINDS:FROM:UNTIL, split from the right (the path may hold ':').
    std::vector<std::string> f;
    std::string rest = e;
    for (int i = 0; i < 3; ++i) {
      const auto c = rest.rfind(':');
      if (c == std::string::npos) return usage_error("--entry '" + e + "': expected ISSUER.pub:KINDS:FROM:UNTIL");
      f.insert(f.begin(), rest.substr(c + 1));
      rest.resize(c);
    }
    auto key = key_from("--entry", rest, false, &status);
    if (!key) return status;
    code::TrustEntry t;
    t.key = key->pub;
    std::string kinds = f[0];
    if (kinds == "all") kinds = "dynamic,printed,venue,house-plate,service";
    for (std::size_t at = 0; at <= kinds.size();) {
      const auto comma = std::min(kinds.find(',', at), kinds.size());
      const std::string name = kinds.substr(at, comma - at);
      const auto k = kind_from_name(name);
      if (!k || *k == code::Kind::HandOff || *k == code::Kind::Receipt)
        return usage_error("--entry '" + e + "': unknown kind '" + name + "' (dynamic, printed, venue, house-plate, service or all)");
      t.kinds.push_back(*k);
      at = comma + 1;
    }
    if ((!f[1].empty() && !parse_int(f[1], &t.valid_from)) || (!f[2].empty() && !parse_int(f[2], &t.valid_until)))
      return usage_error("--entry '" + e + "': FROM and UNTIL must be Unix seconds (or empty)");
    if (t.valid_until && t.valid_from > t.valid_until) return usage_error("--entry '" + e + "': FROM is after UNTIL");
    list.push_back(std::move(t));
  }
  std::int64_t issued = unix_now();
  if (const auto a = args.get("--issued-at"); a && !parse_int(*a, &issued)) return usage_error("--issued-at must be Unix seconds");
  const std::string signed_list = code::sign_trust_list(list, issued, *root->pair);
  if (signed_list.empty()) return usage_error("--root " + *root_path + ": cannot sign with this key");
  if (!write_out(*out, signed_list)) return 3;
  std::printf("wrote %s: %zu trusted key%s, signed by %s, issued %s\n", out->c_str(), list.size(), list.size() == 1 ? "" : "s",
              root->pub.id.hex().c_str(), show_time(issued).c_str());
  return 0;
}

// ---- revoke ---------------------------------------------------------------------------------------
int revoke(const Args& args) {
  const auto key_path = args.get("--key"), out = args.get("-o");
  if (!key_path || !out) return usage_error("revoke needs --key ISSUER.key and -o LIST");
  std::vector<std::pair<std::string, std::string>> hex_ids;  // (where, hex)
  for (const auto& h : args.all("--id")) hex_ids.emplace_back("--id", h);
  std::string error;
  if (const auto f = args.get("--ids-file")) {
    auto text = read_file(*f, &error);
    if (!text) {
      std::fprintf(stderr, "tongban code: --ids-file %s\n", error.c_str());
      return 3;
    }
    std::size_t line_no = 0, at = 0;
    while (at < text->size()) {
      const auto nl = std::min(text->find('\n', at), text->size());
      std::string line = text->substr(at, nl - at);
      at = nl + 1;
      ++line_no;
      if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
      line.erase(std::remove_if(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; }), line.end());
      if (!line.empty()) hex_ids.emplace_back(*f + ":" + std::to_string(line_no), line);
    }
  }
  std::vector<std::string> ids;
  for (const auto& [where, h] : hex_ids) {
    auto raw = crypto::from_hex(h);
    if (!raw || raw->empty() || raw->size() > 64) return usage_error(where + ": '" + h + "' is not a credential id (1..64 bytes of hex)");
    ids.push_back(*raw);
  }
  // A person who lost a printed card: their credential ids found in the register by the issuer's
  // holder tag (the register has no ID numbers; only this issuer's key makes the tag).
  const auto holders = args.all("--holder-id");
  if (!holders.empty() && !args.get("--register")) return usage_error("--holder-id needs --register REGISTER.tsv");
  std::optional<crypto::ParsedKey> key;
  if (!holders.empty()) {
    int key_status = 0;
    key = key_from("--key", *key_path, true, &key_status);
    if (!key) return key_status;
    auto text = read_file(*args.get("--register"), &error);
    if (!text) {
      std::fprintf(stderr, "tongban code: --register %s\n", error.c_str());
      return 3;
    }
    std::vector<code::BatchProblem> problems;
    const auto entries = code::parse_register(*text, &problems);
    if (!problems.empty()) {
      std::fprintf(stderr, "tongban code: %s:%zu: %s\n", args.get("--register")->c_str(), problems[0].line, problems[0].what.c_str());
      return 1;
    }
    for (std::size_t k = 0; k < holders.size(); ++k) {
      std::string id = holders[k];
      const auto checked = check::check_resident_id(id);
      crypto::wipe(id);
      if (!checked.acceptable()) return usage_error("--holder-id #" + std::to_string(k + 1) + ": not a valid ID number (" + checked.code + ")");
      const std::string tag = code::holder_tag(checked.normalized, *key->pair);
      std::size_t found = 0;
      for (const auto& e : entries)
        if (e.holder == tag) ids.push_back(e.credential_id), ++found;
      if (!found) {
        std::fprintf(stderr, "tongban code: --holder-id #%zu: no printed code for this person in %s\n", k + 1, args.get("--register")->c_str());
        return 1;
      }
      std::printf("--holder-id #%zu: %zu printed code%s\n", k + 1, found, found == 1 ? "" : "s");
    }
  }
  std::int64_t bits = code::kRevocationDefaultFingerprintBits;
  if (const auto b = args.get("--fingerprint-bits");
      b && (!parse_int(*b, &bits) || bits < code::kRevocationMinFingerprintBits || bits > code::kRevocationMaxFingerprintBits))
    return usage_error("--fingerprint-bits must be 1..24, got '" + *b + "'");
  std::int64_t issued = unix_now();
  if (const auto a = args.get("--issued-at"); a && !parse_int(*a, &issued)) return usage_error("--issued-at must be Unix seconds");
  int status = 0;
  if (!key) key = key_from("--key", *key_path, true, &status);
  if (!key) return status;
  std::array<unsigned char, 16> seed{};
  const auto r = random_seed();
  std::copy(r.begin(), r.begin() + 16, seed.begin());
  const std::string filter = code::revocation_build(ids, seed, static_cast<int>(bits), &error);
  if (filter.empty()) {
    std::fprintf(stderr, "tongban code: revoke: %s\n", error.c_str());
    return 1;
  }
  if (!write_out(*out, code::sign_revocation_list(filter, issued, *key->pair))) return 3;
  std::printf("wrote %s: %zu credential id%s, %zu bytes of filter (false positives <= 2^-%lld), signed by %s\n", out->c_str(),
              ids.size(), ids.size() == 1 ? "" : "s", filter.size(), static_cast<long long>(bits), key->pub.id.hex().c_str());
  return 0;
}

// ---- handoff --------------------------------------------------------------------------------------
int handoff(const Args& args) {
  const auto& pos = args.positional();
  if (pos.size() < 2 || (pos[1] != "encode" && pos[1] != "decode")) return usage_error("handoff needs encode FILE or decode PART...");
  std::string error;
  if (pos[1] == "encode") {
    if (pos.size() != 3) return usage_error("handoff encode needs one FILE ('-' for stdin)");
    std::int64_t max_chars = 400;
    if (const auto m = args.get("--max-chars"); m && (!parse_int(*m, &max_chars) || max_chars < 106 || max_chars > 4296))
      return usage_error("--max-chars must be 106..4296, got '" + *m + "'");
    std::optional<std::string> payload;
    if (pos[2] == "-") payload = std::string(std::istreambuf_iterator<char>(std::cin), {});
    else payload = read_file(pos[2], &error);
    if (!payload) {
      std::fprintf(stderr, "tongban code: %s\n", error.c_str());
      return 3;
    }
    host::SystemEntropy entropy;
    const auto parts = code::handoff_encode(*payload, entropy, static_cast<std::size_t>(max_chars));
    if (parts.empty()) {
      std::fprintf(stderr, "tongban code: %s: %zu bytes need more than 255 parts of %lld characters\n", pos[2].c_str(), payload->size(),
                   static_cast<long long>(max_chars));
      return 1;
    }
    for (const auto& p : parts) std::printf("%s\n", p.c_str());
    std::fprintf(stderr, "%zu part%s\n", parts.size(), parts.size() == 1 ? "" : "s");
    return 0;
  }
  if (pos.size() < 3) return usage_error("handoff decode needs the PART texts");
  code::HandOffAssembler a;
  for (std::size_t i = 2; i < pos.size(); ++i)
    if (!a.add(pos[i], &error)) {
      std::fprintf(stderr, "tongban code: part %zu (argument %zu): refused: %s\n", i - 1, i - 1, error.c_str());
      return 1;
    }
  auto payload = a.payload(&error);
  if (!payload) {
    std::fprintf(stderr, "tongban code: refused: %s\n", error.c_str());
    return 1;
  }
  if (const auto out = args.get("-o")) {
    if (!write_out(*out, *payload)) return 3;
    std::fprintf(stderr, "wrote %s (%zu bytes)\n", out->c_str(), payload->size());
  } else {
    std::fwrite(payload->data(), 1, payload->size(), stdout);
  }
  return 0;
}

}  // namespace

int cmd_code(const Argv& argv) {
  if (!argv.empty()) {  // the media subcommands parse their own options
    const Argv rest(argv.begin() + 1, argv.end());
    if (argv[0] == "render") return cmd_code_render(rest);
    if (argv[0] == "scan") return cmd_code_scan(rest);
    if (argv[0] == "sheet") return cmd_code_sheet(rest);
  }
  Args args(argv,
            {"--key", "--device-pub", "--name", "--id", "--valid-days", "--venue-id", "--division", "--address", "--item", "--plate-id",
             "--credential-id", "-o", "--credential", "--device-key", "--at", "--window", "--trust-list", "--trust", "--root", "--revoked",
             "--scope", "--accept", "--entry", "--issued-at", "--ids-file", "--fingerprint-bits", "--max-chars", "--batch", "--register", "--holder-id"},
            {"--help", "--form"});
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!args.ok()) return usage_error(args.error());
  if (args.positional().empty()) return usage_error("missing COMMAND");
  const std::string& c = args.positional()[0];
  if (c == "issue") return issue(args);
  if (c == "dynamic") return args.positional().size() == 1 ? dynamic(args) : usage_error("dynamic takes no positional arguments");
  if (c == "verify") return verify(args);
  if (c == "trust-list") return args.positional().size() == 1 ? trust_list(args) : usage_error("trust-list takes no positional arguments");
  if (c == "revoke") return args.positional().size() == 1 ? revoke(args) : usage_error("revoke takes no positional arguments");
  if (c == "handoff") return handoff(args);
  return usage_error("unknown COMMAND '" + c + "'");
}

}  // namespace tb::cli
