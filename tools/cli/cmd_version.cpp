#include <sodium.h>

#include <cstdio>

#include "commands.h"
#include "version.h"

namespace tb::cli {

int cmd_version(const Argv& args) {
  if (!args.empty() && args[0] == "--help") {
    std::puts("usage: tongban version\n  prints the version of tongban, its core and the crypto library");
    return 0;
  }
  std::printf("tongban %.*s (%.*s; libsodium %s)\n", int(version().size()), version().data(),
              int(platform().size()), platform().data(), sodium_version_string());
  return 0;
}

}  // namespace tb::cli
