#pragma once
// Masking for display (脱敏): what a screen, a receipt or a clerk may see of a person by default.
#include <string>
#include <string_view>

namespace tb::text {

std::string mask_resident_id(std::string_view id);  // 110105199001010021 -> 110105********0021
std::string mask_mobile(std::string_view mobile);   // 13800138000 -> 138****8000
std::string mask_name(std::string_view name);       // 张小三 -> 张*三, 李四 -> 李*
std::string mask_other(std::string_view value);     // any other sensitive text: 6222021234567890 -> ************7890

}  // namespace tb::text
