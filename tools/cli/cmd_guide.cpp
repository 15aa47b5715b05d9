// `tongban guide build|diff|verify|apply|search`: the service-guide catalogue from YAML sources to
// signed bundles and deltas, and the device's view of them.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "args.h"
#include "authoring/form_source.h"
#include "authoring/guide_source.h"
#include "commands.h"
#include "files.h"
#include "guide/bundle.h"
#include "guide/guides.h"

namespace tb::cli {
namespace {

const char* kUsage =
    "usage: tongban guide COMMAND …\n"
    "  build SRC [--forms DIR] -o BUNDLE --key KEY [--version N]\n"
    "        check every source file (errors as file:line) and write a signed bundle (.tbg) with\n"
    "        the guides of SRC and the application forms of DIR; version defaults to the current\n"
    "        Unix time, so each build is newer\n"
    "  diff OLD NEW -o DELTA --key KEY     signed delta (.tbd) carrying only what changed\n"
    "  verify BUNDLE [--trust PUB]… [--installed BUNDLE]\n"
    "        check a bundle as a device would: signature, integrity, and (with --installed) no rollback\n"
    "  apply INSTALLED DELTA -o NEW [--trust PUB]…\n"
    "        apply a delta as a device would; NEW is replaced atomically, or left as it was\n"
    "  search BUNDLE QUERY [--json] [--limit N] [--trust PUB]…\n"
    "        ranked results, one per line: id, name, score\n"
    "  --trust defaults to the demo issuer key (assets/demo-keys/guide-issuer.pub).\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "tongban guide: %s\n%s", message.c_str(), kUsage);
  return 2;
}

std::optional<crypto::TrustStore> trust_from(const Args& args) {
  std::vector<std::string> paths = args.all("--trust");
  if (paths.empty()) paths.push_back(default_guide_trust_path());
  std::string error;
  auto trust = load_trust(paths, &error);
  if (!trust) std::fprintf(stderr, "tongban guide: trust: %s\n", error.c_str());
  return trust;
}

std::optional<crypto::KeyPair> signing_key_from(const Args& args) {
  const auto path = args.get("--key");
  if (!path) {
    usage_error("--key KEY (the issuer's secret key) is required");
    return std::nullopt;
  }
  std::string error;
  auto key = load_key(*path, &error);
  if (!key) {
    std::fprintf(stderr, "tongban guide: %s\n", error.c_str());
    return std::nullopt;
  }
  if (!key->pair || key->pub.kind != crypto::KeyKind::Sign) {
    std::fprintf(stderr, "tongban guide: %s: needs a secret signing key (kind ed25519-sign)\n", path->c_str());
    return std::nullopt;
  }
  return key->pair;
}

int refused(const std::string& what, const guide::Opened& o) {
  std::fprintf(stderr, "tongban guide: %s refused: %s%s%s\n", what.c_str(), guide::refusal_text(o.refusal),
               o.detail.empty() ? "" : ": ", o.detail.c_str());
  return 1;
}

int build(const Args& args) {
  if (args.positional().size() != 2) return usage_error("build needs SRC");
  const auto out = args.get("-o");
  if (!out) return usage_error("build needs -o BUNDLE");
  auto key = signing_key_from(args);
  if (!key) return 2;
  std::uint64_t version = static_cast<std::uint64_t>(unix_now());
  if (auto v = args.get("--version")) {
    char* end = nullptr;
    version = std::strtoull(v->c_str(), &end, 10);
    if (!end || *end || version == 0) return usage_error("--version must be a positive whole number");
  }
  const bool tty = ::isatty(STDERR_FILENO);
  authoring::Diagnostics diag;
  auto catalogue = authoring::load_guide_sources(args.positional()[1], diag, [&](std::size_t done, std::size_t total, const std::string&) {
    if (tty) std::fprintf(stderr, "\rchecking sources: %zu/%zu", done, total);
    else if (done == total) std::fprintf(stderr, "checked %zu item files\n", total);
  });
  if (tty) std::fputc('\n', stderr);
  if (catalogue) {
    if (auto forms = args.get("--forms")) {
      if (!authoring::load_form_sources(*forms, &*catalogue, diag)) catalogue.reset();
      else std::fprintf(stderr, "checked %d forms\n", catalogue->forms_size());
    }
  }
  if (!catalogue) {
    for (const auto& e : diag.errors) std::fprintf(stderr, "%s\n", e.c_str());
    std::fprintf(stderr, "tongban guide: %zu problem%s; no bundle written\n", diag.errors.size(),
                 diag.errors.size() == 1 ? "" : "s");
    return 1;
  }
  const std::size_t items = catalogue->items_size();
  const int forms = catalogue->forms_size();
  const std::string bundle = guide::build_bundle(std::move(*catalogue), version, unix_now(), *key);
  std::string error;
  if (!write_file_atomic(*out, bundle, 0644, &error)) {
    std::fprintf(stderr, "tongban guide: %s\n", error.c_str());
    return 3;
  }
  std::printf("wrote %s: %zu items, %d forms, version %llu, %.1f KB, issuer %s\n", out->c_str(), items, forms,
              static_cast<unsigned long long>(version), bundle.size() / 1024.0, key->id.hex().c_str());
  return 0;
}

int diff(const Args& args) {
  if (args.positional().size() != 3) return usage_error("diff needs OLD and NEW");
  const auto out = args.get("-o");
  if (!out) return usage_error("diff needs -o DELTA");
  auto key = signing_key_from(args);
  if (!key) return 2;
  std::string error;
  auto a = read_file(args.positional()[1], &error);
  auto b = a ? read_file(args.positional()[2], &error) : std::nullopt;
  if (!a || !b) {
    std::fprintf(stderr, "tongban guide: %s\n", error.c_str());
    return 3;
  }
  crypto::TrustStore trust;
  trust.add({crypto::public_half(*key), 0, 0, {}});
  auto delta = guide::build_delta(*a, *b, trust, *key, &error);
  if (!delta) {
    std::fprintf(stderr, "tongban guide: diff: %s\n", error.c_str());
    return 1;
  }
  if (!write_file_atomic(*out, *delta, 0644, &error)) {
    std::fprintf(stderr, "tongban guide: %s\n", error.c_str());
    return 3;
  }
  std::printf("wrote %s: %.1f KB (new bundle is %.1f KB)\n", out->c_str(), delta->size() / 1024.0, b->size() / 1024.0);
  return 0;
}

int verify(const Args& args) {
  if (args.positional().size() != 2) return usage_error("verify needs BUNDLE");
  auto trust = trust_from(args);
  if (!trust) return 2;
  std::string error;
  auto bytes = read_file(args.positional()[1], &error);
  if (!bytes) {
    std::fprintf(stderr, "tongban guide: %s\n", error.c_str());
    return 3;
  }
  std::optional<guide::Current> installed;
  if (auto inst = args.get("--installed")) {
    auto ib = read_file(*inst, &error);
    if (!ib) {
      std::fprintf(stderr, "tongban guide: %s\n", error.c_str());
      return 3;
    }
    const auto o = guide::open_bundle(*ib, *trust, nullptr);
    if (!o) return refused("installed bundle", o);
    installed = guide::current_of(o);
  }
  const auto o = guide::open_bundle(*bytes, *trust, installed ? &*installed : nullptr);
  if (!o) return refused(args.positional()[1], o);
  std::printf("ok: %s, %s, version %llu, %u items\n", args.positional()[1].c_str(), o.manifest.city().c_str(),
              static_cast<unsigned long long>(o.manifest.version()), o.manifest.item_count());
  return 0;
}

int apply(const Args& args) {
  if (args.positional().size() != 3) return usage_error("apply needs INSTALLED and DELTA");
  const auto out = args.get("-o");
  if (!out) return usage_error("apply needs -o NEW");
  auto trust = trust_from(args);
  if (!trust) return 2;
  std::string error;
  auto installed = read_file(args.positional()[1], &error);
  auto delta = installed ? read_file(args.positional()[2], &error) : std::nullopt;
  if (!installed || !delta) {
    std::fprintf(stderr, "tongban guide: %s\n", error.c_str());
    return 3;
  }
  const auto cur = guide::open_bundle(*installed, *trust, nullptr);
  if (!cur) return refused("installed bundle", cur);
  const auto next = guide::apply_delta(cur, *delta, *trust);
  if (!next) return refused(args.positional()[2], next);
  if (!write_file_atomic(*out, next.bundle_bytes, 0644, &error)) {
    std::fprintf(stderr, "tongban guide: %s\n", error.c_str());
    return 3;
  }
  std::printf("ok: version %llu -> %llu, %u items, wrote %s\n", static_cast<unsigned long long>(cur.manifest.version()),
              static_cast<unsigned long long>(next.manifest.version()), next.manifest.item_count(), out->c_str());
  return 0;
}

int search(const Args& args) {
  if (args.positional().size() != 3) return usage_error("search needs BUNDLE and QUERY");
  auto trust = trust_from(args);
  if (!trust) return 2;
  std::string error;
  auto bytes = read_file(args.positional()[1], &error);
  if (!bytes) {
    std::fprintf(stderr, "tongban guide: %s\n", error.c_str());
    return 3;
  }
  auto o = guide::open_bundle(*bytes, *trust, nullptr);
  if (!o) return refused(args.positional()[1], o);
  guide::Guides g;
  g.load(std::move(o));
  const int limit = std::atoi(args.get("--limit").value_or("10").c_str());
  if (limit <= 0) return usage_error("--limit must be a positive number");
  const auto hits = g.search(args.positional()[2], static_cast<std::size_t>(limit));
  if (args.flag("--json")) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : hits) {
      const auto& it = g.item_at(static_cast<int>(h.item));
      nlohmann::json marks = nlohmann::json::array();
      for (const auto& m : h.highlights) marks.push_back({m.start, m.length});
      out.push_back({{"id", it.id()}, {"name", it.name()}, {"score", std::round(h.score * 1000) / 1000},
                     {"field", guide::field_name(h.field)}, {"highlights", marks}});
    }
    std::printf("%s\n", out.dump(1).c_str());
  } else {
    for (const auto& h : hits) {
      const auto& it = g.item_at(static_cast<int>(h.item));
      std::printf("%s\t%s\t%.3f\n", it.id().c_str(), it.name().c_str(), h.score);
    }
  }
  return 0;
}

}  // namespace

int cmd_guide(const Argv& argv) {
  Args args(argv, {"-o", "--key", "--version", "--trust", "--installed", "--limit", "--forms"}, {"--json", "--help"});
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!args.ok()) return usage_error(args.error());
  if (args.positional().empty()) return usage_error("missing COMMAND");
  const std::string& sub = args.positional()[0];
  if (sub == "build") return build(args);
  if (sub == "diff") return diff(args);
  if (sub == "verify") return verify(args);
  if (sub == "apply") return apply(args);
  if (sub == "search") return search(args);
  return usage_error("unknown command '" + sub + "'");
}

}  // namespace tb::cli
