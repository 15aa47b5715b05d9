#pragma once
// Files, keys and the machine's clock and randomness for the CLI (a shell: it does the I/O the core
// never does). What cannot be read or written ends the command with a Failure (report.h): exit 3
// and the path with the reason; a key of the wrong kind is a usage error (exit 2).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/keys.h"
#include "crypto/sign.h"
#include "host/entropy.h"
#include "host/files.h"
#include "result.h"

namespace tb::cli {

// The whole file. `what` (an option name, "--batch") goes before the path in the message.
std::string read_file(const std::string& path, const std::string& what = "");
// For a command that goes on past a file it cannot read (`code scan`): the bytes, or why not
// ("PATH: No such file or directory").
Result<std::string, host::FileError> try_read_file(const std::string& path);
// host/files.h's crash-safe writes (readers see the old file or the new one, never a half-written
// one), failing like the rest.
void write_file_atomic(const std::string& path, const std::string& data, unsigned mode);
// Creates a new file that must not exist yet (key files are never overwritten silently).
void write_new_file(const std::string& path, const std::string& data, unsigned mode);

// What a command needs of a key file: one of `kinds`, with its secret half or not.
struct KeyNeed {
  std::vector<crypto::KeyKind> kinds;
  bool secret = false;
};
// The key file given with `option` ("--key PATH: …" in messages; "" for a positional argument).
crypto::ParsedKey load_key(const std::string& option, const std::string& path, const KeyNeed& need);
// Trust store from .pub (or .key) files of any kind, given with `option`.
crypto::TrustStore load_trust(const std::string& option, const std::vector<std::string>& paths);

using host::random_bytes;
using host::random_seed;
std::int64_t unix_now();

}  // namespace tb::cli
