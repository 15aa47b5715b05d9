#include "proto/quiet.h"

#include <google/protobuf/stubs/logging.h>

namespace tb::proto {
void quiet_protobuf_logging() {
  // Once per process, on first use; a function-local static is initialised exactly once, thread-safely.
  static const bool silenced = [] {
    google::protobuf::SetLogHandler(nullptr);
    return true;
  }();
  (void)silenced;
}
}  // namespace tb::proto
