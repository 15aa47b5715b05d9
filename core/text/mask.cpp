#include "text/mask.h"

#include "text/utf8.h"

namespace tb::text {
namespace {

// Keeps `head` leading and `tail` trailing code points and stars the rest; short values are
// starred entirely rather than shown, because a short value is mostly what it would reveal.
std::string keep_ends(std::string_view value, std::size_t head, std::size_t tail) {
  const std::u32string cps = decode_utf8_lossy(value);
  std::u32string out;
  if (cps.size() <= head + tail) {
    out.assign(cps.size(), U'*');
  } else {
    out = cps;
    for (std::size_t i = head; i < cps.size() - tail; ++i) out[i] = U'*';
  }
  return encode_utf8(out);
}

}  // namespace

std::string mask_resident_id(std::string_view id) { return keep_ends(id, 6, 4); }

std::string mask_mobile(std::string_view mobile) { return keep_ends(mobile, 3, 4); }

std::string mask_other(std::string_view value) { return keep_ends(value, 0, 4); }

std::string mask_name(std::string_view name) {
  std::u32string cps = decode_utf8_lossy(name);
  if (cps.empty()) return {};
  if (cps.size() == 1) return "*";
  if (cps.size() == 2) return encode_utf8(std::u32string{cps[0], U'*'});
  // Keep the first and last character (the surname and a hint), star every one between,
  // but keep the middle dot of names like 阿依古丽·买买提 so the shape stays readable.
  for (std::size_t i = 1; i + 1 < cps.size(); ++i)
    if (cps[i] != U'·') cps[i] = U'*';
  return encode_utf8(cps);
}

}  // namespace tb::text
