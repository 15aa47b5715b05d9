#include "proto/quiet.h"

#include <google/protobuf/stubs/logging.h>

#include <mutex>

namespace tb::proto {
void quiet_protobuf_logging() {
  static std::once_flag once;
  std::call_once(once, [] { google::protobuf::SetLogHandler(nullptr); });
}
}  // namespace tb::proto
