// `tongban submit` sends an envelope to an intake as a device does (in resumable pieces) and checks
// the intake's receipt.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "envelope_file.h"
#include "files.h"
#include "options.h"
#include "report.h"
#include "seal/envelope.h"
#include "seal/receipt.h"
#include "seal/request_signature.h"

namespace tb::cli {
namespace {

struct SubmitOptions {
  std::string envelope, intake;
  std::vector<std::string> trust;
  std::optional<std::string> device_key;
  std::optional<std::int64_t> piece;
};

// The device's signature on each upload request (docs/INTAKE.md, "Signed requests").
httplib::Headers signed_headers(const crypto::KeyPair& device, const char* method, const std::string& target,
                                std::string_view body) {
  const auto s = seal::sign_request(device, method, target, unix_now(), body);
  return {{seal::kRequestDeviceHeader, s.device}, {seal::kRequestTimeHeader, s.time}, {seal::kRequestSignatureHeader, s.signature}};
}

// In resumable pieces, each request signed by the device: ask how much the intake already has,
// send the rest, then complete. A dropped connection is retried with backoff (up to ~1 minute
// without progress), resuming where the intake says it is.
httplib::Result upload(httplib::Client& client, const SubmitOptions& o, const crypto::KeyPair& device, const std::string& env,
                       const std::string& id) {
  const auto piece = static_cast<std::size_t>(o.piece.value_or(1048576));
  const std::string at = "/api/v1/uploads/" + id;
  std::uint64_t have = 0;
  int failures = 0;
  auto backoff = [&failures]() {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(5000, 100 << std::min(failures, 6))));
    return ++failures < 20;
  };
  auto ask = [&]() -> bool {
    auto g = client.Get(at, signed_headers(device, "GET", at, ""));
    if (g && g->status >= 400 && g->status < 500) fail_refused("refused (" + std::to_string(g->status) + "): " + g->body);
    if (!g || g->status != 200) return false;
    have = nlohmann::json::parse(g->body, nullptr, false).value("received", have);
    return true;
  };
  while (!ask())
    if (!backoff()) fail_io("no answer from " + o.intake);
  while (have < env.size()) {
    const std::size_t n = std::min<std::size_t>(piece, env.size() - have);
    const std::string target = at + "?offset=" + std::to_string(have);
    const std::string_view bytes(env.data() + have, n);
    auto r = client.Put(target, signed_headers(device, "PUT", target, bytes), bytes.data(), n, "application/octet-stream");
    if (r && (r->status == 200 || r->status == 409)) {
      const auto before = have;
      have = nlohmann::json::parse(r->body, nullptr, false).value("received", have);
      if (have > before) failures = 0;
      continue;
    }
    if (r && r->status >= 400 && r->status < 500) fail_refused("refused (" + std::to_string(r->status) + "): " + r->body);
    if (!backoff()) fail_io("gave up after " + std::to_string(failures) + " failed attempts (" + o.intake + ")");
    ask();
  }
  const std::string complete = at + "/complete";
  return client.Post(complete, signed_headers(device, "POST", complete, ""), "", "application/octet-stream");
}

int run_submit(const SubmitOptions& o) {
  const std::string env = read_envelope_file(o.envelope, "");
  const auto in = seal::inspect_envelope(env, 1ull << 32);
  if (!in) fail_with(in);
  const std::string id = crypto::to_hex(in.header.submission_id());
  httplib::Client client(o.intake);
  client.set_connection_timeout(5);
  client.set_read_timeout(30);
  std::optional<crypto::KeyPair> device;
  if (o.device_key) {
    device = load_key("--device-key", *o.device_key, {{crypto::KeyKind::Device, crypto::KeyKind::Sign, crypto::KeyKind::Sm2Device, crypto::KeyKind::Sm2Sign}, true}).pair;
    if (device->id.hex() != crypto::to_hex(in.header.device_key_id()))
      fail_usage("--device-key: " + device->id.hex() + " is not the key that signed this envelope (" +
                 crypto::to_hex(in.header.device_key_id()) + ")");
  }
  httplib::Result r = device ? upload(client, o, *device, env, id) : client.Post("/api/v1/submissions", env, "application/octet-stream");
  if (!r) fail_io("no answer from " + o.intake);
  if (r->status != 200 && r->status != 201) {
    std::string body = r->body;
    while (!body.empty() && body.back() == '\n') body.pop_back();
    fail_refused("refused (" + std::to_string(r->status) + "): " + body);
  }
  if (!o.trust.empty()) {
    const auto check = seal::verify_receipt(r->body, load_trust("--trust", o.trust), in.header.submission_id(), in.digest);
    if (!check) fail_with(check, "receipt does not verify: ");
  }
  std::printf("%s %s\n%s\n", r->status == 201 ? "stored" : "already stored", id.c_str(), seal::receipt_code(r->body).c_str());
  return 0;
}

}  // namespace

void add_submit(CommandTree& tree) {
  auto o = std::make_shared<SubmitOptions>();
  CLI::App& app = tree.add(tree.root(),
                           {"submit", "send an envelope to an intake as a device does, and check the receipt",
                            "ENVELOPE --intake http://127.0.0.1:8080 [--trust INTAKE.pub] [--device-key DEVICE.key [--piece BYTES]]",
                            "With the device's key: in resumable pieces (each request signed by the device), continuing after a\n"
                            "dropped connection; without it: in one request. Prints 'stored ID' (or 'already stored ID') and the\n"
                            "receipt code (TBR1:…) once the intake's signed receipt verifies."},
                           [o] { return run_submit(*o); });
  app.add_option("ENVELOPE", o->envelope, "the envelope file")->required();
  app.add_option("--intake", o->intake, "the intake's address")->type_name("URL")->required();
  add_repeated(app, "--trust", o->trust, "the intake's public key: the receipt must verify against it")->type_name("INTAKE.pub");
  app.add_option("--device-key", o->device_key, "the key that sealed the envelope: send it in signed, resumable pieces")
      ->type_name("DEVICE.key");
  add_whole(app, "--piece", o->piece, 1024, 64ll << 20, "bytes per upload request (default 1048576)")->type_name("BYTES");
}

}  // namespace tb::cli
