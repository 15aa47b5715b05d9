// `tongban intake register-device|accept|return|remind|list|status|export|count|fleet`: the intake operator's
// tools, on the same store the intake server uses (`tongban intake serve`, cmd_serve.cpp).
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

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
  std::optional<std::int64_t> limit, stale_hours, at;
  bool json = false;
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

// With `new_status` ("accepted" for `accept`, "returned" for `return`) the status changes first,
// and its device gets a notice (docs/INTAKE.md, "Notices"); all print the submission's line.
int status(const IntakeOptions& o, const char* new_status) {
  auto store = open_store(o);
  auto s = find(*store, o, false);
  if (new_status) {
    if (s.kind != "application")
      fail_refused("submission " + s.id + " is a " + s.kind + ", not an application: it has no status to change");
    if (const auto changed = store->set_status({s.device, s.id}, new_status); !changed) fail_with(changed, "", kExitIo);
    s = find(*store, o, false);
  }
  std::printf("%s %s received_at=%lld departments=%s device=%s\n", s.id.c_str(), s.status.c_str(), static_cast<long long>(s.received_at),
              s.departments.c_str(), s.device.c_str());
  return 0;
}

// An appointment's reminder: the department, having read the appointment (its time is inside the
// sealed envelope, which the intake cannot read), asks for its device to be told at --at.
int remind(const IntakeOptions& o) {
  auto store = open_store(o);
  const auto s = find(*store, o, false);
  if (s.kind != "appointment") fail_refused("submission " + s.id + " is a " + s.kind + ", not an appointment: nothing to remind of");
  if (const auto added = store->add_notice({0, s.device, "reminder", *o.at, 0}); !added) fail_with(added, "", kExitIo);
  std::printf("%s reminder at=%lld device=%s\n", s.id.c_str(), static_cast<long long>(*o.at), s.device.c_str());
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

// --- fleet: which device has gone quiet ---

enum class Health { Stale, Never, Ok };  // in the order the listing shows them: what needs a look first
const char* health_name(Health h) { return h == Health::Stale ? "stale" : h == Health::Never ? "never" : "ok"; }

// Never: registered, no heartbeat yet. Stale: the last one is older than `stale_s` (received by the
// intake's clock, so a device's wrong clock does not hide it).
Health health_of(const intake::FleetDevice& d, std::int64_t now, std::int64_t stale_s) {
  if (!d.heartbeat) return Health::Never;
  return now - d.heartbeat->received_at > stale_s ? Health::Stale : Health::Ok;
}

// "2026-03-01T08:15:00Z"
std::string utc(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Stale first (it worked, then went quiet), then never heard from, then the rest; the longest
// silent first within each.
void sort_for_attention(std::vector<intake::FleetDevice>& fleet, std::int64_t now, std::int64_t stale_s) {
  auto key = [&](const intake::FleetDevice& d) {
    return std::make_pair(health_of(d, now, stale_s), d.heartbeat ? d.heartbeat->received_at : d.registered_at);
  };
  std::stable_sort(fleet.begin(), fleet.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
}

// One device as a line: KEY_ID KIND STATUS LAST_SEEN APP BUNDLE QUEUED FREE_MB LAST_UPDATE, tab-separated.
void print_line(const intake::FleetDevice& d, Health h) {
  std::string line = d.key_id + "\t" + d.kind + "\t" + health_name(h);
  if (const auto& b = d.heartbeat) {
    line += "\t" + utc(b->received_at) + "\t" + b->app_version + "\t" + std::to_string(b->bundle_version) + "\t" +
            std::to_string(b->queued) + "\t" + std::to_string(b->free_disk_bytes / 1000000) + " MB\t" +
            (b->last_update ? utc(b->last_update) : "never");
  } else {
    line += "\t-\t-\t-\t-\t-\t-";
  }
  std::printf("%s\n", line.c_str());
}

// The same in JSON (fields in the line's order), times as Unix seconds; null for what a device
// that never sent a heartbeat has not said.
nlohmann::ordered_json json_of(const intake::FleetDevice& d, Health h) {
  using J = nlohmann::ordered_json;
  const auto& b = d.heartbeat;
  return J{{"device", d.key_id},
           {"kind", d.kind},
           {"status", health_name(h)},
           {"last_seen", b ? J(b->received_at) : J()},
           {"app_version", b ? J(b->app_version) : J()},
           {"bundle_version", b ? J(b->bundle_version) : J()},
           {"queued", b ? J(b->queued) : J()},
           {"free_disk_bytes", b ? J(b->free_disk_bytes) : J()},
           {"last_update", b ? J(b->last_update) : J()},
           {"registered_at", d.registered_at}};
}

int fleet(const IntakeOptions& o) {
  auto store = open_store(o);
  auto listed = store->list_fleet();
  if (!listed) fail_with(listed, "", kExitIo);
  if (o.kind) listed->erase(std::remove_if(listed->begin(), listed->end(), [&](const auto& d) { return d.kind != *o.kind; }),
                            listed->end());
  const std::int64_t now = o.at.value_or(unix_now());
  const std::int64_t stale_s = o.stale_hours.value_or(24) * 3600;
  sort_for_attention(*listed, now, stale_s);
  if (o.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& d : *listed) out.push_back(json_of(d, health_of(d, now, stale_s)));
    std::printf("%s\n", out.dump(1).c_str());
  } else {
    for (const auto& d : *listed) print_line(d, health_of(d, now, stale_s));
  }
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
                       [](const IntakeOptions& o) { return status(o, "accepted"); });
  acc->add_option("SUBMISSION_ID", a->id, "the submission (32 hex digits)")->required();
  acc->add_option("--device", a->device, "the device that sent it (when several devices used the id)")->type_name("KEY_ID");

  auto [ret, rt] = tool(tree, group,
                        {"return", "mark an application as returned to the resident (退回: to be corrected and sent again)",
                         "--db URL SUBMISSION_ID [--device KEY_ID]",
                         "prints 'ID STATUS received_at=UNIX departments=… device=…'; the resident's phone is told (notices)"},
                        [](const IntakeOptions& o) { return status(o, "returned"); });
  ret->add_option("SUBMISSION_ID", rt->id, "the submission (32 hex digits)")->required();
  ret->add_option("--device", rt->device, "the device that sent it (when several devices used the id)")->type_name("KEY_ID");

  auto [rem, rm] = tool(tree, group,
                        {"remind", "remind the resident of an appointment: a notice to their phone at the given time",
                         "--db URL SUBMISSION_ID --at UNIX [--device KEY_ID]",
                         "prints 'ID reminder at=UNIX device=…'; only appointments have reminders (exit 1 otherwise)"},
                        remind);
  rem->add_option("SUBMISSION_ID", rm->id, "the appointment's submission id (32 hex digits)")->required();
  rem->add_option("--device", rm->device, "the device that sent it (when several devices used the id)")->type_name("KEY_ID");
  add_unix_time(*rem, "--at", rm->at, "when to remind (Unix seconds; e.g. the evening before)")->required();

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
                      [](const IntakeOptions& o) { return status(o, nullptr); });
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

  auto [flt, f] = tool(tree, group,
                       {"fleet", "the registered devices and their latest heartbeats: which one is stale or never heard from",
                        "--db URL [--kind kiosk|phone] [--stale-hours N] [--json] [--at UNIX]",
                        "one line per device, stale ones first, then those never heard from: KEY_ID<TAB>KIND<TAB>ok|stale|never"
                        "<TAB>LAST_SEEN<TAB>APP_VERSION<TAB>BUNDLE_VERSION<TAB>QUEUED<TAB>FREE_DISK (MB, 10^6 bytes)<TAB>"
                        "LAST_UPDATE|never, times in UTC (ISO 8601), '-' where a device has sent no heartbeat. stale: its last "
                        "heartbeat reached the intake more than --stale-hours ago. With --json: an array of objects, times as "
                        "Unix seconds, null where there is no heartbeat"},
                       fleet);
  add_choice(*flt, "--kind", f->kind, {"kiosk", "phone"}, "only devices of this kind (default: all)");
  add_whole(*flt, "--stale-hours", f->stale_hours, 1, 8760, "a device silent for longer than this is stale (default 24)");
  flt->add_flag("--json", f->json, "print the devices as a JSON array, times as Unix seconds");
  add_unix_time(*flt, "--at", f->at, "judge staleness as of this moment (default: now)");
}

}  // namespace tb::cli
