#include "proto/canonical.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/message_lite.h>
#include <string>

namespace tb::proto {
namespace {

// protobuf's limit for one message, and how deep its parser lets messages nest.
constexpr std::size_t kMaxMessageBytes = 2147483647;
constexpr int kMaxDepth = 100;

struct Walk {
  std::string_view bytes;  // the whole input: offsets in reasons are into it
  std::string problem;     // set on the first refusal
  std::size_t where = 0;
  bool named = false;      // problem already names its message and field

  bool refuse(std::size_t at, std::string what) {
    where = at, problem = std::move(what);
    return false;
  }

  // A varint in its shortest form, at most 10 bytes and 64 bits.
  bool varint(std::size_t& at, std::size_t end, std::uint64_t& v) {
    const std::size_t start = at;
    v = 0;
    for (int i = 0; i < 10; ++i) {
      if (at >= end) return refuse(start, "a varint runs past the end");
      const auto c = static_cast<unsigned char>(bytes[at++]);
      if (i == 9 && c > 1) return refuse(start, "a varint over 64 bits");
      v |= static_cast<std::uint64_t>(c & 0x7f) << (7 * i);
      if (!(c & 0x80)) {
        if (c == 0 && i > 0) return refuse(start, "a varint not in its shortest form");
        return true;
      }
    }
    return refuse(start, "a varint over 64 bits");
  }

  // One value of `f` (not a packed record), from `at`; `present` says whether it is not proto3's default.
  bool value(const WireField& f, std::size_t& at, std::size_t end, bool& present, int depth) {
    std::uint64_t v = 0;
    const std::size_t start = at;
    switch (f.kind) {
      case FieldKind::Uint32:
      case FieldKind::Sint32:
        if (!varint(at, end, v)) return false;
        if (v > 0xffffffffu) return refuse(start, "a 32-bit field holds more than 32 bits");
        present = v != 0;
        return true;
      case FieldKind::Int32:
        if (!varint(at, end, v)) return false;
        if (v > 0x7fffffffu && v < 0xffffffff80000000u) return refuse(start, "a 32-bit field holds more than 32 bits");
        present = v != 0;
        return true;
      case FieldKind::Uint64:
        if (!varint(at, end, v)) return false;
        present = v != 0;
        return true;
      case FieldKind::Bool:
        if (!varint(at, end, v)) return false;
        if (v > 1) return refuse(start, "a bool other than 0 or 1");
        present = v != 0;
        return true;
      case FieldKind::Fixed32:
      case FieldKind::Fixed64: {
        const std::size_t n = f.kind == FieldKind::Fixed32 ? 4 : 8;
        if (end - at < n) return refuse(start, "runs past the end");
        present = bytes.substr(at, n).find_first_not_of('\0') != std::string_view::npos;
        at += n;
        return true;
      }
      case FieldKind::String:
      case FieldKind::Bytes:
      case FieldKind::Message: {
        if (!varint(at, end, v)) return false;
        if (v > end - at) return refuse(start, "its length runs past the end");
        const std::size_t body = at;
        at += static_cast<std::size_t>(v);
        present = v != 0;
        return f.kind != FieldKind::Message || message(*f.message, body, at, depth + 1);
      }
    }
    return refuse(start, "unknown field kind");
  }

  // The key of a map entry that has been checked: its length, key field 1's tag and length, the key.
  std::string_view map_key(std::size_t at) {
    std::uint64_t entry = 0, tag = 0, len = 0;
    varint(at, bytes.size(), entry);
    varint(at, bytes.size(), tag);
    varint(at, bytes.size(), len);
    return bytes.substr(at, static_cast<std::size_t>(len));
  }

  // Names the message and field of a refusal once (the innermost message's name, where it happened).
  bool in(const WireSchema& s, const std::string& what) {
    if (!named) problem = std::string(s.name) + " " + what + (problem.empty() ? "" : ": " + problem);
    named = true;
    return false;
  }

  bool refuse_in(const WireSchema& s, std::size_t at, const std::string& what) {
    where = at, problem.clear();
    return in(s, what);
  }

  bool message(const WireSchema& s, std::size_t at, std::size_t end, int depth) {
    if (depth > kMaxDepth) return refuse_in(s, at, "nested more than 100 deep");
    const WireField* last = nullptr;
    std::size_t last_entry = 0;  // where the previous entry of a map field starts
    std::size_t seen = 0;        // fields present, for a map entry
    while (at < end) {
      const std::size_t start = at;
      std::uint64_t tag = 0;
      if (!varint(at, end, tag)) return in(s, "field tag");
      if (tag > 0xffffffffu) return refuse_in(s, start, "field tag above 2^32");
      const auto number = static_cast<std::uint32_t>(tag >> 3);
      const auto wire = static_cast<unsigned>(tag & 7);
      if (number == 0) return refuse_in(s, start, "field number 0");
      const WireField* f = nullptr;
      for (std::size_t i = 0; i < s.count && !f; ++i)
        if (s.fields[i].number == number) f = &s.fields[i];
      if (!f)
        return refuse_in(s, start, "unknown field " + std::to_string(number) + " (wire type " + std::to_string(wire) + ")");
      // Words for a refusal only: most fields are fine, and a catalogue has thousands.
      const auto field_name = [&] { return "field " + std::to_string(number) + " (" + f->name + ")"; };
      const bool repeated = f->flags & kRepeated, packed = f->flags & kPacked;
      if (last && number < last->number)
        return refuse_in(s, start, field_name() + " after field " + std::to_string(last->number) + " (out of order)");
      if (last == f && (!repeated || packed)) return refuse_in(s, start, field_name() + " written twice");
      unsigned expected = 2;
      if (!packed && f->kind <= FieldKind::Bool) expected = 0;
      if (!packed && f->kind == FieldKind::Fixed32) expected = 5;
      if (!packed && f->kind == FieldKind::Fixed64) expected = 1;
      if (wire != expected)
        return refuse_in(s, start,
                         field_name() + " of wire type " + std::to_string(wire) + " (written as " + std::to_string(expected) + ")");
      bool present = true;
      const std::size_t value_at = at;
      if (packed) {
        std::uint64_t len = 0;
        if (!varint(at, end, len)) return in(s, field_name());
        if (len == 0) return refuse_in(s, start, field_name() + ": an empty packed record");
        if (len > end - at) return refuse_in(s, start, field_name() + ": its length runs past the end");
        const std::size_t record_end = at + static_cast<std::size_t>(len);
        bool element = false;
        while (at < record_end)
          if (!value(*f, at, record_end, element, depth)) return in(s, field_name());
      } else if (!value(*f, at, end, present, depth)) {
        return in(s, field_name());
      }
      if (!present && !repeated && !(f->flags & kPresence))
        return refuse_in(s, start, field_name() + " written with its default value (0 or empty)");
      if (f->kind == FieldKind::Message && f->message->map_entry) {
        if (last == f && !(map_key(last_entry) < map_key(value_at)))
          return refuse_in(s, start, field_name() + ": map keys not in increasing order");
        last_entry = value_at;
      }
      last = f;
      ++seen;
    }
    if (s.map_entry && seen != s.count) return refuse_in(s, at, "map entry without its key or value");
    return true;
  }
};

}  // namespace

Status<Fault> check_canonical(std::string_view bytes, const WireSchema& schema) {
  if (bytes.size() > kMaxMessageBytes)
    return {Fault::TooLarge, std::string(schema.name) + ": " + std::to_string(bytes.size()) + " bytes, over 2^31 - 1"};
  Walk w{bytes};
  if (w.message(schema, 0, bytes.size(), 0)) return {};
  return {Fault::Malformed, w.problem + " at byte " + std::to_string(w.where)};
}

std::string serialize_canonical(const google::protobuf::MessageLite& m) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    m.SerializeToCodedStream(&coded);
  }
  return out;
}

}  // namespace tb::proto
