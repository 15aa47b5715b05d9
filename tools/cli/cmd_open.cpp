// `tongban open`: the department's reader of an envelope (made by a device, or by `tongban seal`):
// verifies it, opens this department's part, prints it as JSON and writes its attachments.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.h"
#include "files.h"
#include "report.h"
#include "seal/envelope.h"

namespace tb::cli {
namespace {
namespace fs = std::filesystem;

struct OpenOptions {
  std::string envelope, key, out = ".";
};

int run_open(const OpenOptions& o) {
  const std::string bytes = read_file(o.envelope);
  const auto key = load_key("--key", o.key, {{crypto::KeyKind::Seal}, true});
  const auto part = seal::open_envelope(bytes, *key.pair, 1ull << 32);
  if (!part) fail_with(part, "refused: ");
  if (!part.attachments.empty()) {
    std::error_code ec;
    fs::create_directories(o.out, ec);
    if (ec) fail_io("cannot create " + o.out + ": " + ec.message());
  }
  nlohmann::json files = nlohmann::json::array();
  for (std::size_t i = 0; i < part.attachments.size(); ++i) {
    // Never trust a file name from outside: keep only its last component, with a prefix.
    const std::string name = std::to_string(i + 1) + "-" + fs::path(part.attachments[i].info.name()).filename().string();
    const std::string path = (fs::path(o.out) / name).string();
    write_file_atomic(path, part.attachments[i].bytes, 0600);
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

}  // namespace

void add_open(CommandTree& tree) {
  auto o = std::make_shared<OpenOptions>();
  CLI::App& app = tree.add(tree.root(),
                           {"open", "open a department's part of an envelope (verifies, decrypts, prints JSON)",
                            "ENVELOPE --key DEPT.key [--out DIR]",
                            "Verifies the device's signature and the ciphertext, opens this department's part, prints it as JSON,\n"
                            "and writes its attachments to DIR. Exit 1 if the envelope is refused ('refused: WHY' on stderr)."},
                           [o] { return run_open(*o); });
  app.add_option("ENVELOPE", o->envelope, "the envelope file")->required();
  app.add_option("--key", o->key, "the department's secret sealing key (x25519-seal)")->type_name("DEPT.key")->required();
  app.add_option("--out", o->out, "where the attachments are written (default: the current folder)")->type_name("DIR");
}

}  // namespace tb::cli
