#include "files.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

namespace tb::cli {

std::optional<std::string> read_file(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<crypto::ParsedKey> load_key(const std::string& path, std::string* error) {
  auto text = read_file(path, error);
  if (!text) return std::nullopt;
  std::string why;
  auto key = crypto::parse_key_file(*text, &why);
  if (!key) *error = path + ": " + why;
  return key;
}

std::optional<crypto::TrustStore> load_trust(const std::vector<std::string>& paths, std::string* error) {
  crypto::TrustStore trust;
  for (const auto& p : paths) {
    auto key = load_key(p, error);
    if (!key) return std::nullopt;
    trust.add({key->pub, 0, 0, {}});
  }
  return trust;
}

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string default_guide_trust_path() { return std::string(TB_SOURCE_DIR) + "/assets/demo-keys/guide-issuer.pub"; }

}  // namespace tb::cli
