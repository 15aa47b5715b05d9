#pragma once
namespace tb::proto {
// protobuf-lite logs parse problems (e.g. invalid UTF-8 in a string field) to stderr. The core
// reports those as refusals instead and must not write anywhere: this silences the library's log.
void quiet_protobuf_logging();
}  // namespace tb::proto
