#pragma once
// The fuzz targets trust and open with the demo keys (assets/demo-keys), the keys their seeds were
// made with (make_seeds.sh): a seed then gets past every signature, and its mutations reach the
// checks behind them. Read once, when a target starts; a missing key ends it at once.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "crypto/keys.h"
#include "crypto/sign.h"

namespace tb::fuzz {
inline crypto::ParsedKey demo_key(const std::string& name) {
  const std::string path = std::string(TB_SOURCE_DIR) + "/assets/demo-keys/" + name;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  auto key = crypto::parse_key_file(text.str());
  if (!key) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), key.describe().c_str());
    std::abort();
  }
  return std::move(key).value();
}

// A trust store of one demo public key, for `formats` (empty: any).
inline crypto::TrustStore demo_trust(const std::string& name, std::vector<std::string> formats = {}) {
  crypto::TrustStore t;
  t.add({demo_key(name).pub, 0, 0, std::move(formats)});
  return t;
}
}  // namespace tb::fuzz
