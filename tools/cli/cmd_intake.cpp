// `tongban intake register-device|accept|list|status|export|count`: the intake operator's tools,
// on the same store the intake server uses (`tongban intake serve`, cmd_serve.cpp).
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "commands.h"
#include "files.h"
#include "intake/store.h"
#include "options.h"
#include "report.h"

namespace tb::cli {
namespace {

// Every option an intake tool takes; each tool registers the ones it uses.
struct IntakeOptions {
  std::string db, id, out;
  std::optional<std::string> kind, department, after, after_device, device;
  std::optional<std::int64_t> limit;
};

// The store's failures are the environment's (a database down, a URL this build cannot open): exit 3.
std::unique_ptr<intake::Store> open_store(const IntakeOptions& o) {
  auto store = intake::open_store(o.db);
  if (!store) fail_with(store, "", kExitIo);
  return std::move(*store);
}

int register_device(const IntakeOptions& o) {
  const auto key = load_key("", o.id, {{crypto::KeyKind::Sign, crypto::KeyKind::Device, crypto::KeyKind::Sm2Sign, crypto::KeyKind::Sm2Device}, false});
  auto store = open_store(o);
  intake::Device d{key.pub.id.hex(), std::string(key.pub.key.begin(), key.pub.key.end()), o.kind.value_or("kiosk"), unix_now()};
  if (const auto registered = store->register_device(d); !registered) fail_with(registered, "", kExitIo);
  std::printf("registered %s device %s\n", d.kind.c_str(), d.key_id.c_str());
  return 0;
}

// The submission named on the command line (ids are unique per device: --device picks one when
// several devices used the same id).
intake::StoredSubmission find(intake::Store& store, const IntakeOptions& o, bool with_envelope) {
  auto s = intake::find_submission(store, o.device.value_or(""), o.id, with_envelope);
  if (s) return std::move(*s);
  switch (s.reason()) {
    case intake::StoreError::NotFound: fail_refused("no submission " + o.id + (o.device ? " from device " + *o.device : ""));
    case intake::StoreError::Ambiguous: fail_usage(s.describe() + " (--device KEY_ID)");
    default: fail_with(s, "", kExitIo);
  }
}

// `accept` marks it accepted first; both print the submission's line.
int status(const IntakeOptions& o, bool accept) {
  auto store = open_store(o);
  auto s = find(*store, o, false);
  if (accept) {
    if (const auto accepted = store->set_status({s.device, s.id}, "accepted"); !accepted) fail_with(accepted, "", kExitIo);
    s = find(*store, o, false);
  }
  std::printf("%s %s received_at=%lld departments=%s device=%s\n", s.id.c_str(), s.status.c_str(), static_cast<long long>(s.received_at),
              s.departments.c_str(), s.device.c_str());
  return 0;
}

int export_envelope(const IntakeOptions& o) {
  auto store = open_store(o);
  const auto s = find(*store, o, true);
  write_file_atomic(o.out, s.envelope, 0600);
  std::printf("wrote %s: submission %s for %s (%zu bytes)\n", o.out.c_str(), s.id.c_str(), s.departments.c_str(), s.envelope.size());
  return 0;
}

int list(const IntakeOptions& o) {
  auto store = open_store(o);
  intake::SubmissionKey after;
  if (o.after) {
    const auto known = intake::find_submission(*store, o.after_device.value_or(""), *o.after, false);
    if (!known && known.reason() == intake::StoreError::NotFound) fail_usage("--after: no submission '" + *o.after + "' in this store");
    if (!known && known.reason() == intake::StoreError::Ambiguous) fail_usage("--after: " + known.describe() + " (--after-device KEY_ID)");
    if (!known) fail_with(known, "--after: ", kExitIo);
    after = {known->device, known->id};
  }
  const auto limit = static_cast<std::size_t>(o.limit.value_or(100));
  const auto listed = store->list(*o.department, limit, after);
  if (!listed) fail_with(listed, "", kExitIo);
  const auto& rows = *listed;
  for (const auto& s : rows)
    std::printf("%s\t%s\t%s\t%lld\t%s\n", s.id.c_str(), s.kind.c_str(), s.status.c_str(), static_cast<long long>(s.received_at),
                s.device.c_str());
  // A full page: there may be more; say how to get them (on stderr, so the listing stays clean).
  if (rows.size() == limit) {
    const auto& last = rows.back();
    const auto devices = store->devices_of(last.id);
    const bool shared = devices && devices->size() > 1;
    note(std::to_string(rows.size()) + " shown; the next page: " + (shared ? "--after-device " + last.device + " " : "") + "--after " + last.id);
  }
  return 0;
}

int count(const IntakeOptions& o) {
  auto store = open_store(o);
  const auto n = store->count();
  if (!n) fail_with(n, "", kExitIo);
  std::printf("%lld\n", static_cast<long long>(*n));
  return 0;
}

// An intake tool: every one names the store with --db.
std::pair<CLI::App*, std::shared_ptr<IntakeOptions>> tool(CommandTree& tree, CLI::App& group, const CommandInfo& info,
                                                          std::function<int(const IntakeOptions&)> run) {
  auto o = std::make_shared<IntakeOptions>();
  CLI::App& app = tree.add(group, info, [o, run] { return run(*o); });
  app.add_option("--db", o->db, "the intake's store: sqlite:PATH or postgresql://…")->type_name("URL")->required();
  return {&app, o};
}

}  // namespace

void add_intake(CommandTree& tree) {
  CLI::App& group = tree.add_group(tree.root(), {"intake", "the intake server (serve) and its operator's tools", "COMMAND …", ""});
  add_intake_serve(tree, group);

  auto [reg, r] = tool(tree, group,
                       {"register-device", "let a device submit: register its public key", "--db URL [--kind kiosk|phone] DEVICE.pub", ""},
                       register_device);
  reg->add_option("DEVICE.pub", r->id, "the device's public key file")->required();
  add_choice(*reg, "--kind", r->kind, {"kiosk", "phone"}, "what the device is (default kiosk)");

  auto [acc, a] = tool(tree, group,
                       {"accept", "mark a submission as accepted by the department (已受理)", "--db URL SUBMISSION_ID [--device KEY_ID]",
                        "prints 'ID STATUS received_at=UNIX departments=… device=…'; exit 1 if there is no such submission"},
                       [](const IntakeOptions& o) { return status(o, true); });
  acc->add_option("SUBMISSION_ID", a->id, "the submission (32 hex digits)")->required();
  acc->add_option("--device", a->device, "the device that sent it (when several devices used the id)")->type_name("KEY_ID");

  auto [lst, l] = tool(tree, group,
                       {"list", "what a department has received, oldest first", "--db URL --department ID [--limit N] [--after ID]",
                        "one line per submission: ID<TAB>KIND<TAB>STATUS<TAB>RECEIVED_AT<TAB>DEVICE; a full page says on stderr how "
                        "to ask for the next one"},
                       list);
  lst->add_option("--department", l->department, "the department's id (gongan, renshe, …)")->type_name("ID")->required();
  add_whole(*lst, "--limit", l->limit, 1, 100000, "at most this many lines (default 100)");
  lst->add_option("--after", l->after, "start after this submission (the last one of the previous page)")->type_name("ID");
  lst->add_option("--after-device", l->after_device, "the device of the --after submission (when several used its id)")->type_name("KEY_ID");

  auto [st, s] = tool(tree, group,
                      {"status", "a submission's status", "--db URL SUBMISSION_ID [--device KEY_ID]",
                       "prints 'ID STATUS received_at=UNIX departments=… device=…'; exit 1 if there is no such submission"},
                      [](const IntakeOptions& o) { return status(o, false); });
  st->add_option("SUBMISSION_ID", s->id, "the submission (32 hex digits)")->required();
  st->add_option("--device", s->device, "the device that sent it (when several devices used the id)")->type_name("KEY_ID");

  auto [exp, e] = tool(tree, group,
                       {"export", "the stored envelope, for the department's `tongban open`",
                        "--db URL SUBMISSION_ID [--device KEY_ID] -o ENVELOPE", ""},
                       export_envelope);
  exp->add_option("SUBMISSION_ID", e->id, "the submission (32 hex digits)")->required();
  exp->add_option("--device", e->device, "the device that sent it (when several devices used the id)")->type_name("KEY_ID");
  exp->add_option("-o", e->out, "the envelope file to write (mode 0600)")->type_name("ENVELOPE")->required();

  tool(tree, group, {"count", "how many submissions the store holds", "--db URL", ""}, count);
}

}  // namespace tb::cli
