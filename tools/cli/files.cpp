#include "files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "host/files.h"
#include "report.h"

namespace tb::cli {

Result<std::string, host::FileError> try_read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {host::FileError::Io, path + ": " + std::strerror(errno)};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string read_file(const std::string& path, const std::string& what) {
  auto data = try_read_file(path);
  if (!data) fail_io(what.empty() ? data.detail() : what + " " + data.detail());
  return std::move(*data);
}

void write_file_atomic(const std::string& path, const std::string& data, unsigned mode) {
  if (const auto written = host::write_file_atomic(path, data, mode); !written) fail_with(written, "", kExitIo);
}

void write_new_file(const std::string& path, const std::string& data, unsigned mode) {
  if (const auto written = host::write_new_file(path, data, mode); !written) fail_with(written, "", kExitIo);
}

namespace {
// "a secret signing key (ed25519-sign or ed25519-device)"
std::string describe(const KeyNeed& need) {
  std::string kinds;
  bool sealing = false;
  for (std::size_t i = 0; i < need.kinds.size(); ++i) {
    kinds += (i ? " or " : "") + std::string(crypto::key_kind_name(need.kinds[i]));
    sealing = sealing || need.kinds[i] == crypto::KeyKind::Seal;
  }
  return std::string(need.secret ? "a secret " : "a ") + (sealing ? "sealing" : "signing") + " key (" + kinds + ")";
}
}  // namespace

crypto::ParsedKey load_key(const std::string& option, const std::string& path, const KeyNeed& need) {
  const std::string text = read_file(path, option);
  const std::string where = option.empty() ? path : option + " " + path;
  auto key = crypto::parse_key_file(text);
  if (!key) fail_with(key, where + ": ", kExitIo);
  const bool kind_ok = need.kinds.empty() || std::find(need.kinds.begin(), need.kinds.end(), key->pub.kind) != need.kinds.end();
  if (!kind_ok || (need.secret && !key->pair))
    fail_usage(where + ": needs " + describe(need) + ", this is " + crypto::key_kind_name(key->pub.kind) +
               (kind_ok ? " without its secret" : ""));
  return std::move(key).value();
}

crypto::TrustStore load_trust(const std::string& option, const std::vector<std::string>& paths) {
  crypto::TrustStore trust;
  for (const auto& p : paths) trust.add({load_key(option, p, {}).pub, 0, 0, {}});
  return trust;
}

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace tb::cli
