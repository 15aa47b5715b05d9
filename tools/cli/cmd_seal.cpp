// `tongban seal` makes an envelope exactly as a device would, so departments can test their side
// without a kiosk (their side: `tongban open`, cmd_open.cpp).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "host/entropy.h"
#include "files.h"
#include "options.h"
#include "report.h"
#include "seal/envelope.h"

namespace tb::cli {
namespace {

struct SealOptions {
  std::string data, device_key, out;
  std::vector<std::string> to, attach;
  std::optional<std::string> kind, form, item;
  std::optional<std::int64_t> max_bytes;
};

int run_seal(const SealOptions& o) {
  const auto json = nlohmann::json::parse(read_file(o.data), nullptr, false);
  const auto device = load_key("--device-key", o.device_key, {{crypto::KeyKind::Sign, crypto::KeyKind::Device, crypto::KeyKind::Sm2Sign, crypto::KeyKind::Sm2Device}, true});
  if (json.is_discarded()) fail_refused(o.data + ": not valid JSON");
  seal::SealPlan plan;
  plan.kind = o.kind.value_or("application");
  plan.form = o.form.value_or("");
  plan.item = o.item.value_or("");
  plan.created_at = unix_now();
  if (o.max_bytes) plan.max_envelope_bytes = static_cast<std::uint64_t>(*o.max_bytes);
  std::vector<std::vector<std::string>> attachments(o.to.size());
  for (const auto& to : o.to) {
    const auto k = load_key("--to", to, {});  // seal_envelope refuses a key that is not a sealing key
    std::string part_json = json.dump();
    if (json.is_object() && json.contains("parts") && json["parts"].is_object()) {
      if (!json["parts"].contains(k.pub.name)) fail_refused("DATA.json has no part for department '" + k.pub.name + "'");
      part_json = json["parts"][k.pub.name].dump();
    }
    plan.parts.push_back({k.pub.name, k.pub, part_json, {}});
  }
  for (const auto& path : o.attach) {
    std::string bytes = read_file(path, "--attach");
    plan.parts[0].attachments.push_back({std::filesystem::path(path).filename().string(), "application/octet-stream", bytes.size()});
    attachments[0].push_back(std::move(bytes));
  }
  host::SystemEntropy entropy;
  auto env = seal::seal_envelope(plan, attachments, *device.pair, entropy);
  if (!env) fail_with(env);
  write_file_atomic(o.out, *env, 0644);
  const auto in = seal::inspect_envelope(*env, 1ull << 32);
  std::printf("wrote %s: submission %s, %zu part%s, %zu bytes\n", o.out.c_str(), crypto::to_hex(in.header.submission_id()).c_str(),
              plan.parts.size(), plan.parts.size() == 1 ? "" : "s", env->size());
  return 0;
}

}  // namespace

void add_seal(CommandTree& tree) {
  auto o = std::make_shared<SealOptions>();
  CLI::App& app = tree.add(
      tree.root(),
      {"seal", "seal an envelope exactly as a device would (for departments' tests)",
       "--data DATA.json --device-key DEVICE.key --to DEPT.pub [--to DEPT.pub]… [--attach FILE]…\n"
       "       [--kind application|rating|appointment] [--form ID] [--item ID] [--max-bytes N] -o ENVELOPE",
       "DATA.json: the answers. With several --to and a {\"parts\": {\"<department>\": {…}}} object, each department\n"
       "gets only its own part (keyed by the name in its .pub file); otherwise each gets it all."},
      [o] { return run_seal(*o); });
  app.add_option("--data", o->data, "the answers, as JSON")->type_name("DATA.json")->required();
  app.add_option("--device-key", o->device_key, "the device's secret signing key (an SM2 key seals in the sm suite, to sm2-seal keys)")->type_name("DEVICE.key")->required();
  add_repeated(app, "--to", o->to, "a department's public sealing key (repeat for each department)")->type_name("DEPT.pub")->required();
  add_repeated(app, "--attach", o->attach, "a file to attach, to the first department's part (repeat for more)")->type_name("FILE");
  add_choice(app, "--kind", o->kind, {"application", "rating", "appointment"}, "what is submitted (default application)");
  app.add_option("--form", o->form, "the form's id")->type_name("ID");
  app.add_option("--item", o->item, "the service item's id")->type_name("ID");
  add_whole(app, "--max-bytes", o->max_bytes, 4096, static_cast<std::int64_t>(seal::kMaxEnvelopeBytes),
            "the intake's limit, checked before sealing as a device does (default 64 MiB)");
  app.add_option("-o", o->out, "the envelope file to write")->type_name("ENVELOPE")->required();
}

}  // namespace tb::cli
