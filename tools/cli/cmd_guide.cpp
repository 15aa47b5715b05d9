// `tongban guide build|diff|verify|apply|search`: the service-guide catalogue from YAML sources to
// signed bundles and deltas, and the device's view of them.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "authoring/form_source.h"
#include "authoring/guide_source.h"
#include "commands.h"
#include "files.h"
#include "guide/bundle.h"
#include "guide/guides.h"
#include "host/install_paths.h"
#include "options.h"
#include "report.h"

namespace tb::cli {
namespace {

// Every option any guide command takes; each command registers the ones it uses.
struct GuideOptions {
  std::vector<std::string> files;  // the positional arguments, in order
  std::string out, key;
  std::optional<std::string> forms, installed, seal_keys;
  std::vector<std::string> trust;
  std::optional<std::int64_t> version, limit;
  bool json = false, demo = false;
};

// Only what the operator named: a city's key with --trust, the demo issuer's only with --demo.
crypto::TrustStore trust_of(const GuideOptions& o) {
  if (o.demo && !o.trust.empty()) fail_usage("--demo and --trust: trust either the demo issuer or the keys you name, not both");
  if (o.demo) return load_trust("--demo", {host::demo_keys_dir() + "/guide-issuer.pub"});
  if (o.trust.empty())
    fail_usage("no issuer to trust: give --trust PUB (the guide issuer's public key), or --demo for the demo issuer's key");
  return load_trust("--trust", o.trust);
}

crypto::KeyPair signing_key_of(const GuideOptions& o) { return *load_key("--key", o.key, {{crypto::KeyKind::Sign, crypto::KeyKind::Sm2Sign}, true}).pair; }

[[noreturn]] void refused(const std::string& what, const guide::Opened& o) {
  fail_with(o, what + " refused: ");
}

// --seal-keys DIR: a department whose DIR/<id>.pub exists takes that key instead of the sources'
// seal_key, so a city keeps its department keys beside the catalogue text (and the demo builds one
// catalogue in each suite). The key's kind decides the suite devices seal that department's parts in.
void take_seal_keys(const std::string& dir, proto::Catalogue* catalogue) {
  int taken = 0;
  for (auto& d : *catalogue->mutable_departments()) {
    const std::string path = dir + "/" + d.id() + ".pub";
    if (::access(path.c_str(), F_OK) != 0) continue;
    const auto key = load_key("--seal-keys", path, {{crypto::KeyKind::Seal, crypto::KeyKind::Sm2Seal}, false});
    d.set_seal_key(std::string(crypto::bytes_view(key.pub.key)));
    ++taken;
  }
  std::fprintf(stderr, "took %d department keys from %s\n", taken, dir.c_str());
}

int build(const GuideOptions& o) {
  const auto key = signing_key_of(o);
  const std::uint64_t version = static_cast<std::uint64_t>(o.version.value_or(unix_now()));
  const bool tty = ::isatty(STDERR_FILENO);
  authoring::Diagnostics diag;
  auto catalogue = authoring::load_guide_sources(o.files[0], diag, [&](std::size_t done, std::size_t total, const std::string&) {
    if (tty) std::fprintf(stderr, "\rchecking sources: %zu/%zu", done, total);
    else if (done == total) std::fprintf(stderr, "checked %zu item files\n", total);
  });
  if (tty) std::fputc('\n', stderr);
  if (catalogue && o.forms) {
    if (!authoring::load_form_sources(*o.forms, &*catalogue, diag)) catalogue.reset();
    else std::fprintf(stderr, "checked %d forms\n", catalogue->forms_size());
  }
  if (catalogue && o.seal_keys) take_seal_keys(*o.seal_keys, &*catalogue);
  if (!catalogue) {
    for (const auto& e : diag.errors) std::fprintf(stderr, "%s\n", e.c_str());
    fail_refused(std::to_string(diag.errors.size()) + (diag.errors.size() == 1 ? " problem" : " problems") + "; no bundle written");
  }
  const std::size_t items = catalogue->items_size();
  const int forms = catalogue->forms_size();
  const std::string bundle = guide::build_bundle(std::move(*catalogue), version, unix_now(), key);
  write_file_atomic(o.out, bundle, 0644);
  std::printf("wrote %s: %zu items, %d forms, version %llu, %.1f KB, issuer %s\n", o.out.c_str(), items, forms,
              static_cast<unsigned long long>(version), bundle.size() / 1024.0, key.id.hex().c_str());
  return 0;
}

int diff(const GuideOptions& o) {
  const auto key = signing_key_of(o);
  const std::string a = read_file(o.files[0]), b = read_file(o.files[1]);
  crypto::TrustStore trust;
  trust.add({crypto::public_half(key), 0, 0, {}});
  auto delta = guide::build_delta(a, b, trust, key);
  if (!delta) fail_with(delta, "diff: ");
  write_file_atomic(o.out, *delta, 0644);
  std::printf("wrote %s: %.1f KB (new bundle is %.1f KB)\n", o.out.c_str(), delta->size() / 1024.0, b.size() / 1024.0);
  return 0;
}

int verify(const GuideOptions& o) {
  const auto trust = trust_of(o);
  const std::string bytes = read_file(o.files[0]);
  std::optional<guide::Current> installed;
  if (o.installed) {
    const auto opened = guide::open_bundle(read_file(*o.installed), trust, nullptr);
    if (!opened) refused("installed bundle", opened);
    installed = guide::current_of(opened);
  }
  const auto opened = guide::open_bundle(bytes, trust, installed ? &*installed : nullptr);
  if (!opened) refused(o.files[0], opened);
  std::printf("ok: %s, %s, version %llu, %u items\n", o.files[0].c_str(), opened.manifest.city().c_str(),
              static_cast<unsigned long long>(opened.manifest.version()), opened.manifest.item_count());
  return 0;
}

int apply(const GuideOptions& o) {
  const auto trust = trust_of(o);
  const std::string installed = read_file(o.files[0]), delta = read_file(o.files[1]);
  const auto cur = guide::open_bundle(installed, trust, nullptr);
  if (!cur) refused("installed bundle", cur);
  const auto next = guide::apply_delta(cur, delta, trust);
  if (!next) refused(o.files[1], next);
  write_file_atomic(o.out, next.bundle_bytes, 0644);
  std::printf("ok: version %llu -> %llu, %u items, wrote %s\n", static_cast<unsigned long long>(cur.manifest.version()),
              static_cast<unsigned long long>(next.manifest.version()), next.manifest.item_count(), o.out.c_str());
  return 0;
}

int search(const GuideOptions& o) {
  const auto trust = trust_of(o);
  auto opened = guide::open_bundle(read_file(o.files[0]), trust, nullptr);
  if (!opened) refused(o.files[0], opened);
  guide::Guides g;
  g.load(std::move(opened));
  const auto hits = g.search(o.files[1], static_cast<std::size_t>(o.limit.value_or(10)));
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : hits) {
      const auto it = g.item_at(static_cast<int>(h.item));
      nlohmann::json marks = nlohmann::json::array();
      for (const auto& m : h.highlights) marks.push_back({m.start, m.length});
      out.push_back({{"id", it->id()}, {"name", it->name()}, {"score", std::round(h.score * 1000) / 1000},
                     {"field", guide::field_name(h.field)}, {"highlights", marks}});
    }
    std::printf("%s\n", out.dump(1).c_str());
  } else {
    for (const auto& h : hits) {
      const auto it = g.item_at(static_cast<int>(h.item));
      std::printf("%s\t%s\t%.3f\n", it->id().c_str(), it->name().c_str(), h.score);
    }
  }
  return 0;
}

// A guide command: its positional arguments (all required) in order, and the options every
// command that signs, writes or trusts shares.
std::pair<CLI::App*, std::shared_ptr<GuideOptions>> command(CommandTree& tree, CLI::App& group, const CommandInfo& info,
                                                             int (*run)(const GuideOptions&),
                                                             const std::vector<std::pair<const char*, const char*>>& positionals) {
  auto o = std::make_shared<GuideOptions>();
  CLI::App& app = tree.add(group, info, [o, run] { return run(*o); });
  o->files.resize(positionals.size());
  for (std::size_t i = 0; i < positionals.size(); ++i) app.add_option(positionals[i].first, o->files[i], positionals[i].second)->required();
  return {&app, o};
}

void add_out(CLI::App& app, GuideOptions& o, const char* what) { app.add_option("-o", o.out, what)->type_name("FILE")->required(); }
void add_key(CLI::App& app, GuideOptions& o) {
  app.add_option("--key", o.key, "the issuer's secret signing key (ed25519-sign or sm2-sign)")->type_name("KEY")->required();
}
void add_trust(CLI::App& app, GuideOptions& o) {
  add_repeated(app, "--trust", o.trust, "an issuer's public key to trust; repeat for more")->type_name("PUB");
  app.add_flag("--demo", o.demo, "trust the demo issuer's key shipped with tongban (demos and tests only)");
}

}  // namespace

void add_guide(CommandTree& tree) {
  CLI::App& group = tree.add_group(tree.root(), {"guide", "build, diff, verify, apply and search service-guide bundles", "COMMAND …",
                                                 "verify, apply and search trust only the issuer keys given with --trust, or the demo issuer with --demo."});

  auto [b_app, b] = command(tree, group,
                   {"build", "check every source file and write a signed bundle", "SRC [--forms DIR] [--seal-keys DIR] -o BUNDLE --key KEY [--version N]",
                    "Every problem in the sources is printed as file:line; no bundle is written while any remain (exit 1)."},
                   build, {{"SRC", "the guide sources (catalogue.yaml and items/)"}});
  add_out(*b_app, *b, "the bundle to write (.tbg)");
  add_key(*b_app, *b);
  b_app->add_option("--forms", b->forms, "the application forms to include")->type_name("DIR");
  b_app->add_option("--seal-keys", b->seal_keys, "departments' seal keys: DIR/<department id>.pub replaces the sources' seal_key")
      ->type_name("DIR");
  add_whole(*b_app, "--version", b->version, 1, std::numeric_limits<std::int64_t>::max(),
            "the bundle's version (default: the current Unix time, so each build is newer)");

  auto [d_app, d] = command(tree, group, {"diff", "a signed delta (.tbd) carrying only what changed", "OLD NEW -o DELTA --key KEY", ""}, diff,
                   {{"OLD", "the bundle devices have"}, {"NEW", "the bundle they should get"}});
  add_out(*d_app, *d, "the delta to write (.tbd)");
  add_key(*d_app, *d);

  auto [v_app, v] = command(tree, group,
                   {"verify", "check a bundle as a device would: signature, integrity, and no rollback",
                    "BUNDLE (--trust PUB… | --demo) [--installed BUNDLE]", "prints 'ok: BUNDLE, CITY, version N, M items'; exit 1 if refused"},
                   verify, {{"BUNDLE", "the bundle to check"}});
  add_trust(*v_app, *v);
  v_app->add_option("--installed", v->installed, "the bundle a device has: BUNDLE must not be older")->type_name("BUNDLE");

  auto [a_app, a] = command(tree, group,
                   {"apply", "apply a delta as a device would", "INSTALLED DELTA -o NEW (--trust PUB… | --demo)",
                    "NEW is replaced atomically, or left as it was"},
                   apply, {{"INSTALLED", "the bundle a device has"}, {"DELTA", "the delta to apply"}});
  add_out(*a_app, *a, "the new bundle to write");
  add_trust(*a_app, *a);

  auto [s_app, s] = command(tree, group,
                   {"search", "search a bundle as the kiosk and the phone do", "BUNDLE QUERY (--trust PUB… | --demo) [--json] [--limit N]",
                    "ranked results, one per line: id<TAB>name<TAB>score (with --json: an array with highlights)"},
                   search, {{"BUNDLE", "the bundle to search"}, {"QUERY", "what a resident typed (汉字, pinyin or initials)"}});
  add_trust(*s_app, *s);
  s_app->add_flag("--json", s->json, "print the results as JSON, with the matched field and highlights");
  add_whole(*s_app, "--limit", s->limit, 1, 100000, "at most this many results (default 10)");
}

}  // namespace tb::cli
