// `tongban audit verify LOG --device-pub KEY`: checks a staff station's audit log (docs/STAFF.md):
// every entry signed by the kiosk's device key and chained to the one before, so an entry changed,
// removed, inserted or moved is refused with its line. Prints the entries for people, and the last
// entry's link to compare with a copy taken earlier (what cutting entries off the end would change).
#include <cstdio>
#include <memory>
#include <string>

#include "app/audit_log.h"
#include "commands.h"
#include "files.h"
#include "report.h"

namespace tb::cli {
namespace {

struct AuditOptions {
  std::string log, device_pub;
};

int run_verify(const AuditOptions& o) {
  const auto device = load_key("--device-pub", o.device_pub, {{crypto::KeyKind::Device, crypto::KeyKind::Sign, crypto::KeyKind::Sm2Device, crypto::KeyKind::Sm2Sign}, false});
  const std::string text = read_file(o.log);
  const auto v = app::verify_audit_log(text, device.pub);
  if (!v) fail_with(v, o.log + ": refused: ");
  for (const auto& e : v->entries) std::printf("%s\n", app::describe_audit_entry(e).c_str());
  std::printf("ok %zu entries, device %s, last link %s\n", v->entries.size(), device.pub.id.hex().c_str(), v->head.c_str());
  return 0;
}

}  // namespace

void add_audit(CommandTree& tree) {
  CLI::App& audit = tree.add_group(tree.root(), {"audit", "a staff station's signed audit log", "verify LOG --device-pub KEY", ""}, "COMMAND");
  auto o = std::make_shared<AuditOptions>();
  CLI::App& verify = tree.add(audit,
                              {"verify", "verify an audit log: signatures, order, nothing removed or inserted",
                               "LOG --device-pub DEVICE.pub",
                               "LOG is the station's audit.log (in its data folder), DEVICE.pub its device.pub. Prints each entry\n"
                               "and 'ok N entries … last link HEX'; exit 1 with the line at fault if anything was changed,\n"
                               "removed, inserted or moved. Entries cut off the end leave a shorter valid log: compare the last link\n"
                               "with the one printed for an earlier copy."},
                              [o] { return run_verify(*o); });
  verify.add_option("LOG", o->log, "the audit log")->required();
  verify.add_option("--device-pub", o->device_pub, "the station's device public key (device.pub)")->type_name("KEY")->required();
}

}  // namespace tb::cli
