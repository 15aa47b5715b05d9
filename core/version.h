#pragma once
// Product version and build platform, so every shell and tool can say what it runs.
#include <string_view>

namespace tb {
std::string_view version();   // semantic version of this build, e.g. "0.1.0"
std::string_view platform();  // "native" or "wasm32-emscripten"
}  // namespace tb
