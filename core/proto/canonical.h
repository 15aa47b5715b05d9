#pragma once
// One canonical encoding for every signed format (docs/FORMATS.md, "Canonical encoding").
//
// protobuf's parser is lenient: it skips unknown fields, lets the last copy of a singular field
// win (so genuine bytes repeated N times read like one copy), keeps the low 32 bits of a field tag
// above 2^32, and accepts overlong varints. Each leniency lets different byte strings read the
// same, or the same bytes read differently in another reader. Signed formats are therefore read
// only in the one encoding our writer produces: a strict walk of the wire format against the
// message's field table (generated from core/proto/*.proto, wire_schemas.cpp) runs before
// protobuf parses, and refuses anything else with what and where.
//
// The writer's encoding, which the walk requires: fields in increasing field-number order, each
// singular field at most once and omitted when it is proto3's default (0, empty) unless it has
// presence (messages, `optional`, map entries' key and value); the elements of a repeated field
// back to back, repeated numbers packed in one non-empty record; map entries in increasing key
// order; only field numbers the schema knows, each with its writer's wire type; every varint (tags
// and lengths too) in its shortest form; 32-bit fields within 32 bits, bools 0 or 1; no groups.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "proto/wire_schemas.h"
#include "result.h"

namespace google::protobuf {
class MessageLite;
}

namespace tb::proto {

// How the writer encodes a field's value.
enum class FieldKind : std::uint8_t {
  Uint32,   // varint < 2^32
  Int32,    // int32 and enums: varint, negative values sign-extended to 64 bits
  Sint32,   // zigzag varint < 2^32
  Uint64,   // any varint (uint64, int64, sint64)
  Bool,     // varint 0 or 1
  Fixed32,  // 4 bytes
  Fixed64,  // 8 bytes
  String,   // length-delimited (UTF-8 is protobuf's own check)
  Bytes,
  Message,  // length-delimited, its own table
};

inline constexpr std::uint8_t kRepeated = 1, kPacked = 2, kPresence = 4;

struct WireSchema;
struct WireField {
  std::uint32_t number;
  const char* name;
  FieldKind kind;
  std::uint8_t flags;         // kRepeated, kPacked, kPresence (written even when zero or empty)
  const WireSchema* message;  // kind Message: its table
};

struct WireSchema {
  const char* name;           // "tb.proto.Envelope"
  const WireField* fields;    // by increasing number
  std::size_t count;
  bool map_entry;             // key (1) and value (2), both always written
};

// Success when `bytes` is exactly what the writer produces for a message of `schema`; otherwise
// Malformed with the message, field and byte offset: "tb.proto.Signed field 4 (key_id) at byte 17:
// written twice".
Status<Fault> check_canonical(std::string_view bytes, const WireSchema& schema);

// Reads `bytes` into `m` only in the canonical encoding: the strict walk, then protobuf's parser
// (which still checks what the walk leaves to it, such as UTF-8 in strings).
template <class M>
Status<Fault> parse_canonical(M& m, std::string_view bytes) {
  if (auto checked = check_canonical(bytes, wire_schema<M>()); !checked) return checked;
  if (!m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return {Fault::Malformed, std::string(wire_schema<M>().name) + " does not parse"};
  return {};
}

// The writer's side, for a message with a map: its entries in key order (protobuf's deterministic
// serialization), as check_canonical requires. Without maps, the same bytes as SerializeAsString.
std::string serialize_canonical(const google::protobuf::MessageLite& m);

}  // namespace tb::proto
