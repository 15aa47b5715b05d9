#pragma once
// UTF-8 ⇄ GB18030 with glibc's iconv, for the native shells: the kiosk's thermal printer takes
// GB18030 (print/escpos.h hands the conversion to the shell), and the tests read slips back.
#include <optional>
#include <string>
#include <string_view>

namespace tb::host {

// nullopt when the input is not valid in its encoding (iconv's EILSEQ/EINVAL).
std::optional<std::string> utf8_to_gb18030(std::string_view utf8);
std::optional<std::string> gb18030_to_utf8(std::string_view gb);

}  // namespace tb::host
