#pragma once
// Where a native binary finds its read-only data and its configuration: from where the binary is,
// never from the source tree. Installed (GNUInstallDirs, e.g. the Debian packages):
//   PREFIX/bin/tongban, PREFIX/bin/tongban-kiosk
//   PREFIX/share/tongban/assets/     the kiosk's font and shipped bundles
//   PREFIX/share/tongban/demo-keys/  the demo public keys (trusted only with --demo)
//   PREFIX/share/tongban/site/       the mobile shell and the web kiosk
//   SYSCONFDIR/tongban/*.conf        one configuration file per program
// Run from the build tree (build/native/tools/tongban, build/native/kiosk/tongban-kiosk) the same
// questions find build/native/assets/, which holds the assets and the demo public keys together.
#include <string>

namespace tb::host {

// The folder of the running binary (/proc/self/exe), or "" when it cannot be known.
std::string executable_dir();
// Is the running binary an installed one (PREFIX/share/tongban beside its bin/)?
bool is_installed();
// The kiosk's assets: PREFIX/share/tongban/assets, or the build tree's assets folder.
std::string assets_dir();
// The demo public keys: PREFIX/share/tongban/demo-keys, or the build tree's assets folder.
std::string demo_keys_dir();
// The default configuration file of an installed program (SYSCONFDIR/tongban/NAME), or "" when the
// binary runs from the build tree: a developer's build never picks up a machine's settings.
std::string default_config_file(const std::string& name);
// SYSCONFDIR/tongban: where an installed kiosk finds the city's public keys by default.
std::string system_config_dir();

}  // namespace tb::host
