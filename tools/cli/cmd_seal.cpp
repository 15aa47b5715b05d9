// `tongban seal` makes an envelope exactly as a device would (so departments can test their side
// without a kiosk); `tongban open` is the department's reader; `tongban submit` sends an envelope
// to an intake like a device (resumable) and checks the receipt.
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "args.h"
#include "commands.h"
#include "files.h"
#include "seal/envelope.h"
#include "seal/receipt.h"

namespace tb::cli {
namespace fs = std::filesystem;

int cmd_seal(const Argv& argv) {
  static const char* usage =
      "usage: tongban seal --data DATA.json --device-key DEVICE.key --to DEPT.pub [--to DEPT.pub]…\n"
      "                    [--attach FILE]… [--kind application|rating|appointment] [--form ID] [--item ID]\n"
      "                    [--max-bytes N]\n"
      "                    -o ENVELOPE\n"
      "  DATA.json: the answers. With several --to and a {\"parts\": {\"<department>\": {…}}} object, each\n"
      "  department gets only its own part (keyed by the name in its .pub file); otherwise each gets it all.\n"
      "  Attachments go to the first recipient's part. --max-bytes: the intake's limit (default 64 MiB,\n"
      "  as a device checks before sealing).\n";
  Args args(argv, {"--data", "--device-key", "--to", "--attach", "--kind", "--form", "--item", "--max-bytes", "-o"}, {"--help"});
  if (args.flag("--help")) {
    std::fputs(usage, stdout);
    return 0;
  }
  const auto data = args.get("--data"), dev = args.get("--device-key"), out = args.get("-o");
  const auto to = args.all("--to");
  if (!args.ok() || !data || !dev || !out || to.empty()) {
    std::fprintf(stderr, "tongban seal: %s\n%s", args.ok() ? "--data, --device-key, --to and -o are required" : args.error().c_str(), usage);
    return 2;
  }
  std::string error;
  auto text = read_file(*data, &error);
  auto device = text ? load_key(*dev, &error) : std::nullopt;
  if (!text || !device) {
    std::fprintf(stderr, "tongban seal: %s\n", error.c_str());
    return 3;
  }
  if (!device->pair || !crypto::is_signing_kind(device->pub.kind)) {
    std::fprintf(stderr, "tongban seal: %s: needs a device's secret signing key\n", dev->c_str());
    return 2;
  }
  const auto json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded()) {
    std::fprintf(stderr, "tongban seal: %s: not valid JSON\n", data->c_str());
    return 1;
  }
  seal::SealPlan plan;
  plan.kind = args.get("--kind").value_or("application");
  plan.form = args.get("--form").value_or("");
  plan.item = args.get("--item").value_or("");
  plan.created_at = unix_now();
  if (const auto max = args.get("--max-bytes")) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(max->c_str(), &end, 10);
    if (end == max->c_str() || *end || n < 4096 || n > seal::kMaxEnvelopeBytes) {
      std::fprintf(stderr, "tongban seal: --max-bytes must be a number of bytes from 4096 to %llu, not '%s'\n",
                   static_cast<unsigned long long>(seal::kMaxEnvelopeBytes), max->c_str());
      return 2;
    }
    plan.max_envelope_bytes = n;
  }
  std::vector<std::vector<std::string>> attachments(to.size());
  for (std::size_t i = 0; i < to.size(); ++i) {
    auto k = load_key(to[i], &error);
    if (!k) {
      std::fprintf(stderr, "tongban seal: %s\n", error.c_str());
      return 3;
    }
    std::string part_json = json.dump();
    if (json.is_object() && json.contains("parts") && json["parts"].is_object()) {
      if (!json["parts"].contains(k->pub.name)) {
        std::fprintf(stderr, "tongban seal: DATA.json has no part for department '%s'\n", k->pub.name.c_str());
        return 1;
      }
      part_json = json["parts"][k->pub.name].dump();
    }
    plan.parts.push_back({k->pub.name, k->pub, part_json, {}});
  }
  for (const auto& path : args.all("--attach")) {
    auto bytes = read_file(path, &error);
    if (!bytes) {
      std::fprintf(stderr, "tongban seal: %s\n", error.c_str());
      return 3;
    }
    plan.parts[0].attachments.push_back({fs::path(path).filename().string(), "application/octet-stream", bytes->size()});
    attachments[0].push_back(std::move(*bytes));
  }
  host::SystemEntropy entropy;
  auto env = seal::seal_envelope(plan, attachments, *device->pair, entropy, &error);
  if (!env) {
    std::fprintf(stderr, "tongban seal: %s\n", error.c_str());
    return 1;
  }
  if (!write_file_atomic(*out, *env, 0644, &error)) {
    std::fprintf(stderr, "tongban seal: %s\n", error.c_str());
    return 3;
  }
  const auto in = seal::inspect_envelope(*env, 1ull << 32);
  std::printf("wrote %s: submission %s, %zu part%s, %zu bytes\n", out->c_str(), crypto::to_hex(in.header.submission_id()).c_str(),
              plan.parts.size(), plan.parts.size() == 1 ? "" : "s", env->size());
  return 0;
}

int cmd_open(const Argv& argv) {
  static const char* usage =
      "usage: tongban open ENVELOPE --key DEPT.key [--out DIR]\n"
      "  verifies the device's signature and the ciphertext, opens this department's part, prints it as\n"
      "  JSON, and writes its attachments to DIR (default: the current folder)\n";
  Args args(argv, {"--key", "--out"}, {"--help"});
  if (args.flag("--help")) {
    std::fputs(usage, stdout);
    return 0;
  }
  const auto key_path = args.get("--key");
  if (!args.ok() || args.positional().size() != 1 || !key_path) {
    std::fprintf(stderr, "tongban open: %s\n%s", args.ok() ? "ENVELOPE and --key are required" : args.error().c_str(), usage);
    return 2;
  }
  std::string error;
  auto bytes = read_file(args.positional()[0], &error);
  auto key = bytes ? load_key(*key_path, &error) : std::nullopt;
  if (!bytes || !key) {
    std::fprintf(stderr, "tongban open: %s\n", error.c_str());
    return 3;
  }
  if (!key->pair || key->pub.kind != crypto::KeyKind::Seal) {
    std::fprintf(stderr, "tongban open: %s: needs a department's secret x25519-seal key\n", key_path->c_str());
    return 2;
  }
  const auto part = seal::open_envelope(*bytes, *key->pair, 1ull << 32);
  if (!part) {
    std::fprintf(stderr, "tongban open: refused: %s%s%s\n", seal::refusal_text(part.refusal), part.detail.empty() ? "" : ": ",
                 part.detail.c_str());
    return 1;
  }
  const std::string dir = args.get("--out").value_or(".");
  if (!part.attachments.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      std::fprintf(stderr, "tongban open: cannot create %s: %s\n", dir.c_str(), ec.message().c_str());
      return 3;
    }
  }
  nlohmann::json files = nlohmann::json::array();
  for (std::size_t i = 0; i < part.attachments.size(); ++i) {
    // Never trust a file name from outside: keep only its last component, with a prefix.
    const std::string name = std::to_string(i + 1) + "-" + fs::path(part.attachments[i].info.name()).filename().string();
    const std::string path = (fs::path(dir) / name).string();
    if (!write_file_atomic(path, part.attachments[i].bytes, 0600, &error)) {
      std::fprintf(stderr, "tongban open: %s\n", error.c_str());
      return 3;
    }
    files.push_back({{"name", part.attachments[i].info.name()}, {"size", part.attachments[i].bytes.size()}, {"path", path}});
  }
  const auto data = nlohmann::json::parse(part.data_json, nullptr, false);
  nlohmann::json out = {{"submission_id", crypto::to_hex(part.header.submission_id())},
                        {"department", part.department},
                        {"kind", part.header.kind()},
                        {"form", part.header.form()},
                        {"form_version", part.header.form_version()},
                        {"item", part.header.item()},
                        {"created_at", part.header.created_at()},
                        {"device", crypto::to_hex(part.header.device_key_id())},
                        {"data", data.is_discarded() ? nlohmann::json(part.data_json) : data},
                        {"attachments", files}};
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

int cmd_submit(const Argv& argv) {
  static const char* usage =
      "usage: tongban submit ENVELOPE --intake http://127.0.0.1:8080 [--trust INTAKE.pub] [--piece BYTES]\n"
      "  sends an envelope as a device does: in resumable pieces, continuing after a dropped connection;\n"
      "  prints the receipt code (TBR1:…) once the intake's signed receipt verifies\n";
  Args args(argv, {"--intake", "--trust", "--piece"}, {"--help"});
  if (args.flag("--help")) {
    std::fputs(usage, stdout);
    return 0;
  }
  const auto url = args.get("--intake");
  if (!args.ok() || args.positional().size() != 1 || !url) {
    std::fprintf(stderr, "tongban submit: %s\n%s", args.ok() ? "ENVELOPE and --intake are required" : args.error().c_str(), usage);
    return 2;
  }
  std::string error;
  auto env = read_file(args.positional()[0], &error);
  if (!env) {
    std::fprintf(stderr, "tongban submit: %s\n", error.c_str());
    return 3;
  }
  const auto in = seal::inspect_envelope(*env, 1ull << 32);
  if (!in) {
    std::fprintf(stderr, "tongban submit: %s\n", seal::refusal_text(in.refusal));
    return 1;
  }
  const std::string id = crypto::to_hex(in.header.submission_id());
  const std::string piece_text = args.get("--piece").value_or("1048576");
  char* end = nullptr;
  const unsigned long long piece = std::strtoull(piece_text.c_str(), &end, 10);
  if (end == piece_text.c_str() || *end || piece < 1024 || piece > (64ull << 20)) {
    std::fprintf(stderr, "tongban submit: --piece must be a number of bytes from 1024 to 67108864, not '%s'\n", piece_text.c_str());
    return 2;
  }
  httplib::Client client(*url);
  client.set_connection_timeout(5);
  client.set_read_timeout(30);
  // Ask how much the intake already has, send the rest in pieces, then complete. A dropped
  // connection is retried with backoff (up to ~1 minute without progress), resuming where the
  // intake says it is.
  std::uint64_t have = 0;
  int failures = 0;
  auto backoff = [&failures]() {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(5000, 100 << std::min(failures, 6))));
    return ++failures < 20;
  };
  auto ask = [&]() -> bool {
    auto g = client.Get("/api/v1/uploads/" + id);
    if (!g || g->status != 200) return false;
    have = nlohmann::json::parse(g->body, nullptr, false).value("received", have);
    return true;
  };
  while (!ask()) {
    if (!backoff()) {
      std::fprintf(stderr, "tongban submit: no answer from %s\n", url->c_str());
      return 3;
    }
  }
  while (have < env->size()) {
    const std::size_t n = std::min<std::size_t>(piece, env->size() - have);
    auto r = client.Put("/api/v1/uploads/" + id + "?offset=" + std::to_string(have), env->data() + have, n, "application/octet-stream");
    if (r && (r->status == 200 || r->status == 409)) {
      const auto before = have;
      have = nlohmann::json::parse(r->body, nullptr, false).value("received", have);
      if (have > before) failures = 0;
      continue;
    }
    if (r && r->status >= 400 && r->status < 500) {
      std::fprintf(stderr, "tongban submit: refused (%d): %s\n", r->status, r->body.c_str());
      return 1;
    }
    if (!backoff()) {
      std::fprintf(stderr, "tongban submit: gave up after %d failed attempts (%s)\n", failures, url->c_str());
      return 3;
    }
    ask();
  }
  auto r = client.Post("/api/v1/uploads/" + id + "/complete", "", "application/octet-stream");
  if (!r) {
    std::fprintf(stderr, "tongban submit: no answer from %s\n", url->c_str());
    return 3;
  }
  if (r->status != 200 && r->status != 201) {
    std::fprintf(stderr, "tongban submit: refused (%d): %s", r->status, r->body.c_str());
    return 1;
  }
  if (args.get("--trust")) {
    auto trust = load_trust(args.all("--trust"), &error);
    if (!trust) {
      std::fprintf(stderr, "tongban submit: %s\n", error.c_str());
      return 3;
    }
    const auto check = seal::verify_receipt(r->body, *trust, in.header.submission_id(), in.digest);
    if (!check.ok) {
      std::fprintf(stderr, "tongban submit: receipt does not verify: %s\n", check.reason.c_str());
      return 1;
    }
  }
  std::printf("%s %s\n%s\n", r->status == 201 ? "stored" : "already stored", id.c_str(), seal::receipt_code(r->body).c_str());
  return 0;
}

int cmd_receipt(const Argv& argv) {
  static const char* usage =
      "usage: tongban receipt CODE --trust INTAKE.pub [--trust …] [--envelope ENVELOPE]\n"
      "  checks a receipt code (TBR1:…, as scanned from a resident's phone or a kiosk slip): the intake's\n"
      "  signature, and with --envelope that it names exactly those bytes; prints what it says as JSON\n";
  Args args(argv, {"--trust", "--envelope"}, {"--help"});
  if (args.flag("--help")) {
    std::fputs(usage, stdout);
    return 0;
  }
  if (!args.ok() || args.positional().size() != 1 || !args.get("--trust")) {
    std::fprintf(stderr, "tongban receipt: %s\n%s", args.ok() ? "CODE and --trust are required" : args.error().c_str(), usage);
    return 2;
  }
  std::string error;
  auto trust = load_trust(args.all("--trust"), &error);
  if (!trust) {
    std::fprintf(stderr, "tongban receipt: %s\n", error.c_str());
    return 3;
  }
  auto bytes = seal::receipt_from_code(args.positional()[0], &error);
  if (!bytes) {
    std::fprintf(stderr, "tongban receipt: not a receipt code: %s\n", error.c_str());
    return 1;
  }
  std::string id, digest;
  if (const auto env_path = args.get("--envelope")) {
    auto env = read_file(*env_path, &error);
    if (!env) {
      std::fprintf(stderr, "tongban receipt: %s\n", error.c_str());
      return 3;
    }
    const auto in = seal::inspect_envelope(*env, 1ull << 32);
    if (!in) {
      std::fprintf(stderr, "tongban receipt: %s: %s\n", env_path->c_str(), seal::refusal_text(in.refusal));
      return 1;
    }
    id = in.header.submission_id();
    digest = in.digest;
  }
  const auto check = seal::verify_receipt(*bytes, *trust, id, digest);
  if (!check.ok) {
    std::fprintf(stderr, "tongban receipt: does not verify: %s\n", check.reason.c_str());
    return 1;
  }
  nlohmann::json departments = nlohmann::json::array();
  for (const auto& d : check.receipt.departments()) departments.push_back(d);
  nlohmann::json out = {{"submission_id", crypto::to_hex(check.receipt.submission_id())},
                        {"received_at", check.receipt.received_at()},
                        {"envelope_digest", crypto::to_hex(check.receipt.envelope_digest())},
                        {"intake", check.receipt.intake()},
                        {"kind", check.receipt.kind()},
                        {"departments", departments},
                        {"verified", true}};
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

}  // namespace tb::cli
