// `tongban version` (and `tongban --version`): the version of tongban, its core and libsodium.
#include <sodium.h>

#include <cstdio>

#include "commands.h"
#include "version.h"

namespace tb::cli {
namespace {
int print_version() {
  std::printf("tongban %.*s (%.*s; libsodium %s)\n", int(version().size()), version().data(), int(platform().size()),
              platform().data(), sodium_version_string());
  return 0;
}
}  // namespace

void add_version(CommandTree& tree) {
  tree.add(tree.root(), {"version", "print the version of tongban, its core and the crypto library", "", ""},
           print_version);
  tree.root().add_flag_callback(
      "--version",
      [] {
        print_version();
        throw CLI::Success();
      },
      "print the version and exit (as `tongban version`)");
}

}  // namespace tb::cli
