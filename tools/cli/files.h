#pragma once
// File helpers for the CLI (a shell: it does the I/O the core never does). Writing files and
// randomness are the native shells' shared ones (host/).
#include <optional>
#include <string>
#include <vector>

#include "crypto/keys.h"
#include "crypto/sign.h"
#include "host/entropy.h"
#include "host/files.h"

namespace tb::cli {

using host::random_bytes;
using host::random_seed;
using host::write_file_atomic;
using host::write_new_file;

std::optional<std::string> read_file(const std::string& path, std::string* error);

std::optional<crypto::ParsedKey> load_key(const std::string& path, std::string* error);
// Trust store from .pub (or .key) files.
std::optional<crypto::TrustStore> load_trust(const std::vector<std::string>& paths, std::string* error);
std::int64_t unix_now();

// The demo issuer's public key shipped in assets/demo-keys (the embedded default trust anchor).
std::string default_guide_trust_path();

}  // namespace tb::cli
