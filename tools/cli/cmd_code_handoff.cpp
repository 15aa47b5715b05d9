// `tongban code handoff encode|decode`: a payload carried as one or more TBX1: codes (a form going
// from a phone to a kiosk), encrypted with the key inside the codes, and put back together.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "code/codes.h"
#include "code_commands.h"
#include "host/entropy.h"
#include "files.h"
#include "options.h"
#include "report.h"

namespace tb::cli {
namespace {

struct EncodeOptions {
  std::string file;
  std::optional<std::int64_t> max_chars;
};

int encode(const EncodeOptions& o) {
  const std::size_t max_chars = static_cast<std::size_t>(o.max_chars.value_or(400));
  const std::string payload = o.file == "-" ? std::string(std::istreambuf_iterator<char>(std::cin), {}) : read_file(o.file);
  host::SystemEntropy entropy;
  const auto parts = code::handoff_encode(payload, entropy, max_chars);
  if (parts.empty())
    fail_refused(o.file + ": " + std::to_string(payload.size()) + " bytes need more than 255 parts of " + std::to_string(max_chars) +
                 " characters");
  for (const auto& p : parts) std::printf("%s\n", p.c_str());
  std::fprintf(stderr, "%zu part%s\n", parts.size(), parts.size() == 1 ? "" : "s");
  return 0;
}

struct DecodeOptions {
  std::vector<std::string> parts;
  std::optional<std::string> out;
};

int decode(const DecodeOptions& o) {
  code::HandOffAssembler a;
  for (std::size_t i = 0; i < o.parts.size(); ++i)
    if (const auto added = a.add(o.parts[i]); !added)
      fail_with(added, "part " + std::to_string(i + 1) + " (argument " + std::to_string(i + 1) + "): refused: ");
  auto payload = a.payload();
  if (!payload) fail_with(payload, "refused: ");
  if (o.out) {
    write_file_atomic(*o.out, *payload, 0644);
    std::fprintf(stderr, "wrote %s (%zu bytes)\n", o.out->c_str(), payload->size());
  } else {
    std::fwrite(payload->data(), 1, payload->size(), stdout);
  }
  return 0;
}

}  // namespace

void add_code_handoff(CommandTree& tree, CLI::App& code) {
  CLI::App& handoff = tree.add_group(code, {"handoff", "carry a payload as hand-off codes (TBX1:) and put it back together", "COMMAND …", ""});

  auto e = std::make_shared<EncodeOptions>();
  CLI::App& enc = tree.add(handoff,
                           {"encode", "split FILE into hand-off codes", "FILE [--max-chars N]",
                            "Prints the TBX1: parts, one per line; their count on stderr."},
                           [e] { return encode(*e); });
  enc.add_option("FILE", e->file, "the payload ('-': stdin)")->required();
  add_whole(enc, "--max-chars", e->max_chars, 106, 4296, "the longest part, in characters (default 400)");

  auto d = std::make_shared<DecodeOptions>();
  CLI::App& dec = tree.add(handoff,
                           {"decode", "reassemble the payload from its parts, in any order", "PART… [-o FILE]",
                            "Prints the payload, or writes it to FILE."},
                           [d] { return decode(*d); });
  dec.add_option("PART", d->parts, "the TBX1: texts")->required();
  dec.add_option("-o", d->out, "write the payload to FILE")->type_name("FILE");
}

}  // namespace tb::cli
