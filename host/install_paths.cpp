#include "host/install_paths.h"

#include <sys/stat.h>
#include <unistd.h>

namespace tb::host {
namespace {

bool is_dir(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// PREFIX/share/tongban for an installed binary (PREFIX/bin/NAME), else "".
std::string installed_data_dir() {
  const std::string bin = executable_dir();
  if (bin.empty()) return {};
  const std::string data = bin + "/../share/tongban";
  return is_dir(data) ? data : std::string();
}

// The build tree's build/native/assets for a binary in build/native/<folder>/.
std::string build_assets_dir() {
  const std::string bin = executable_dir();
  return bin.empty() ? std::string() : bin + "/../assets";
}

}  // namespace

std::string executable_dir() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  const std::string path(buf, static_cast<std::size_t>(n));
  return path.substr(0, path.rfind('/'));
}

bool is_installed() { return !installed_data_dir().empty(); }

std::string assets_dir() {
  const std::string data = installed_data_dir();
  return data.empty() ? build_assets_dir() : data + "/assets";
}

std::string demo_keys_dir() {
  const std::string data = installed_data_dir();
  return data.empty() ? build_assets_dir() : data + "/demo-keys";
}

std::string system_config_dir() { return std::string(TB_SYSCONFDIR) + "/tongban"; }

std::string default_config_file(const std::string& name) {
  return is_installed() ? system_config_dir() + "/" + name : std::string();
}

}  // namespace tb::host
