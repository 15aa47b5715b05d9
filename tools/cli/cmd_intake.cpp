// `tongban intake serve|register-device|accept|list|status`: the intake server and its operator's tools.
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "args.h"
#include "commands.h"
#include "files.h"
#include "intake/store.h"

namespace tb::cli {
namespace {
const char* kUsage =
    "usage: tongban intake COMMAND …\n"
    "  serve --db URL --intake-key KEY [options]     the intake API (see: tongban intake serve --help)\n"
    "  register-device --db URL [--kind kiosk|phone] DEVICE.pub\n"
    "  accept --db URL SUBMISSION_ID                 mark as accepted by the department (已受理)\n"
    "  list --db URL --department ID [--limit N] [--after ID]\n"
    "                                                what a department has received, oldest first; a full page\n"
    "                                                says on stderr how to ask for the next one\n"
    "  status --db URL SUBMISSION_ID\n"
    "  export --db URL SUBMISSION_ID -o ENVELOPE     the stored envelope, for the department's `tongban open`\n"
    "  count --db URL\n";

int usage_error(const std::string& m) {
  std::fprintf(stderr, "tongban intake: %s\n%s", m.c_str(), kUsage);
  return 2;
}
}  // namespace

int cmd_intake_serve(const Argv& argv);

int cmd_intake(const Argv& argv) {
  if (!argv.empty() && argv[0] == "serve") return cmd_intake_serve(Argv(argv.begin() + 1, argv.end()));
  Args args(argv, {"--db", "--kind", "--department", "--limit", "--after", "-o"}, {"--help"});
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!args.ok()) return usage_error(args.error());
  if (args.positional().empty()) return usage_error("missing COMMAND");
  const auto db = args.get("--db");
  if (!db) return usage_error("--db URL is required");
  std::string error;
  auto store = intake::open_store(*db, &error);
  if (!store) {
    std::fprintf(stderr, "tongban intake: %s\n", error.c_str());
    return 3;
  }
  const std::string& sub = args.positional()[0];
  if (sub == "register-device" && args.positional().size() == 2) {
    auto key = load_key(args.positional()[1], &error);
    if (!key || !crypto::is_signing_kind(key->pub.kind)) {
      std::fprintf(stderr, "tongban intake: %s\n", key ? "needs a device's public signing key" : error.c_str());
      return 2;
    }
    intake::Device d{key->pub.id.hex(), std::string(key->pub.key.begin(), key->pub.key.end()),
                     args.get("--kind").value_or("kiosk"), unix_now()};
    if (!store->register_device(d, &error)) {
      std::fprintf(stderr, "tongban intake: %s\n", error.c_str());
      return 3;
    }
    std::printf("registered %s device %s\n", d.kind.c_str(), d.key_id.c_str());
    return 0;
  }
  if ((sub == "accept" || sub == "status") && args.positional().size() == 2) {
    const std::string id = args.positional()[1];
    if (sub == "accept" && !store->set_status(id, "accepted", &error)) {
      std::fprintf(stderr, "tongban intake: %s\n", error.empty() ? ("no submission " + id).c_str() : error.c_str());
      return 1;
    }
    const auto s = store->get(id, &error);
    if (!s) {
      std::fprintf(stderr, "tongban intake: no submission %s\n", id.c_str());
      return 1;
    }
    std::printf("%s %s received_at=%lld departments=%s\n", s->id.c_str(), s->status.c_str(),
                static_cast<long long>(s->received_at), s->departments.c_str());
    return 0;
  }
  if (sub == "export" && args.positional().size() == 2) {
    const auto out = args.get("-o");
    if (!out) return usage_error("export needs -o ENVELOPE");
    const auto s = store->get(args.positional()[1], &error);
    if (!s) {
      std::fprintf(stderr, "tongban intake: %s\n", error.empty() ? ("no submission " + args.positional()[1]).c_str() : error.c_str());
      return 1;
    }
    if (!write_file_atomic(*out, s->envelope, 0600, &error)) {
      std::fprintf(stderr, "tongban intake: %s\n", error.c_str());
      return 3;
    }
    std::printf("wrote %s: submission %s for %s (%zu bytes)\n", out->c_str(), s->id.c_str(), s->departments.c_str(), s->envelope.size());
    return 0;
  }
  if (sub == "list") {
    const auto dept = args.get("--department");
    if (!dept) return usage_error("list needs --department");
    const std::string limit_text = args.get("--limit").value_or("100");
    char* end = nullptr;
    const unsigned long limit = std::strtoul(limit_text.c_str(), &end, 10);
    if (end == limit_text.c_str() || *end || limit == 0 || limit > 100000)
      return usage_error("--limit must be a number from 1 to 100000, not '" + limit_text + "'");
    const std::string after = args.get("--after").value_or("");
    if (!after.empty()) {
      const auto known = store->get(after, &error);
      if (!error.empty()) {
        std::fprintf(stderr, "tongban intake: %s\n", error.c_str());
        return 3;
      }
      if (!known) return usage_error("--after: no submission '" + after + "' in this store");
    }
    const auto rows = store->list(*dept, limit, after, &error);
    if (!error.empty()) {
      std::fprintf(stderr, "tongban intake: %s\n", error.c_str());
      return 3;
    }
    for (const auto& s : rows)
      std::printf("%s\t%s\t%s\t%lld\n", s.id.c_str(), s.kind.c_str(), s.status.c_str(), static_cast<long long>(s.received_at));
    // A full page: there may be more; say how to get them (on stderr, so the listing stays clean).
    if (rows.size() == limit)
      std::fprintf(stderr, "tongban intake: %zu shown; the next page: --after %s\n", rows.size(), rows.back().id.c_str());
    return 0;
  }
  if (sub == "count") {
    const auto n = store->count(&error);
    if (!n) {
      std::fprintf(stderr, "tongban intake: %s\n", error.c_str());
      return 3;
    }
    std::printf("%lld\n", static_cast<long long>(*n));
    return 0;
  }
  return usage_error("unknown command '" + sub + "'");
}

}  // namespace tb::cli
