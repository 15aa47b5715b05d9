#include "host/gb18030.h"

#include <iconv.h>

#include <cerrno>
#include <vector>

namespace tb::host {
namespace {

std::optional<std::string> convert(const char* to, const char* from, std::string_view in) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out;
  std::vector<char> buf(in.size() * 2 + 16);
  char* src = const_cast<char*>(in.data());  // iconv's signature; it does not write the input
  std::size_t left = in.size();
  bool ok = true;
  while (left > 0) {
    char* dst = buf.data();
    std::size_t room = buf.size();
    const std::size_t r = iconv(cd, &src, &left, &dst, &room);
    out.append(buf.data(), static_cast<std::size_t>(dst - buf.data()));
    if (r == static_cast<std::size_t>(-1) && errno != E2BIG) {
      ok = false;
      break;
    }
  }
  iconv_close(cd);
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::string> utf8_to_gb18030(std::string_view utf8) { return convert("GB18030", "UTF-8", utf8); }
std::optional<std::string> gb18030_to_utf8(std::string_view gb) { return convert("UTF-8", "GB18030", gb); }

}  // namespace tb::host
