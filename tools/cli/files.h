#pragma once
// File helpers for the CLI (a shell: it does the I/O the core never does).
#include <optional>
#include <string>
#include <vector>

#include "crypto/keys.h"
#include "crypto/sign.h"

namespace tb::cli {

std::optional<std::string> read_file(const std::string& path, std::string* error);
// Writes via a temporary file, fsync and rename: readers see the old file or the new one, never a
// half-written one, even if the process is killed or the power fails midway.
bool write_file_atomic(const std::string& path, const std::string& data, unsigned mode, std::string* error);
// Creates a new file that must not exist yet (key files are never overwritten silently).
bool write_new_file(const std::string& path, const std::string& data, unsigned mode, std::string* error);

std::optional<crypto::ParsedKey> load_key(const std::string& path, std::string* error);
// Trust store from .pub (or .key) files.
std::optional<crypto::TrustStore> load_trust(const std::vector<std::string>& paths, std::string* error);
crypto::Seed random_seed();
std::int64_t unix_now();
int local_today();  // YYYYMMDD in the machine's time zone
// `n` random bytes from the system's CSPRNG (credential ids, salts).
std::string random_bytes(std::size_t n);

// The demo issuer's public key shipped in assets/demo-keys (the embedded default trust anchor).
std::string default_guide_trust_path();

}  // namespace tb::cli
