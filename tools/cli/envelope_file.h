#pragma once
// Reading an envelope file (.tbs) for `tongban open`, `submit` and `receipt`.
#include <string>

namespace tb::cli {

// The file's bytes; but one over protobuf's 2 GiB message limit, which no reader can take, is
// refused by its size before it is read (TooLarge, exit 1, after `context`), not read whole first.
std::string read_envelope_file(const std::string& path, const std::string& context);

}  // namespace tb::cli
