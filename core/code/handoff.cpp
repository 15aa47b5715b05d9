// Hand-off parts (TBX1:): a payload encrypted once with a fresh key, split over codes (codes.h).
#include <algorithm>
#include <cstring>

#include "code/base45.h"
#include "code/codes.h"
#include "code/prefixes.h"
#include "crypto/aead.h"
#include "crypto/keys.h"
#include "crypto/wipe.h"

namespace tb::code {
namespace {

constexpr std::size_t kTransferId = 8, kHeader = kTransferId + 2, kKey = 32, kNonce = 24, kTag = 16;
constexpr std::size_t kPart0Header = kHeader + kKey + kNonce;
constexpr std::size_t kMaxPartChars = 4296;  // QR version 40-L in alphanumeric mode: nothing larger scans

std::string associated(std::string_view transfer_id, std::size_t total) {
  std::string ad = "tongban-handoff-v1";
  ad.push_back('\0');
  ad.append(transfer_id.data(), transfer_id.size());
  ad.push_back(static_cast<char>(total));
  return ad;
}

// Most bytes whose Base45 text fits `chars` characters.
std::size_t bytes_for_chars(std::size_t chars) { return chars / 3 * 2 + (chars % 3 == 2 ? 1 : 0); }

}  // namespace

std::vector<std::string> handoff_encode(std::string_view payload, crypto::Entropy& entropy, std::size_t max_part_chars) {
  if (max_part_chars > kMaxPartChars) max_part_chars = kMaxPartChars;
  if (max_part_chars <= prefix::kLength) return {};
  const std::size_t per_part = bytes_for_chars(max_part_chars - prefix::kLength);
  if (per_part <= kPart0Header) return {};
  const std::size_t cap0 = per_part - kPart0Header, cap = per_part - kHeader;
  const std::size_t sealed = payload.size() + kTag;
  const std::size_t total = sealed <= cap0 ? 1 : 1 + (sealed - cap0 + cap - 1) / cap;
  if (total > 255) return {};

  unsigned char transfer[kTransferId];
  crypto::Key32 key;
  crypto::Nonce24 nonce;
  entropy.fill(transfer, sizeof transfer);
  entropy.fill(key.data(), key.size());
  entropy.fill(nonce.data(), nonce.size());
  const std::string tid(reinterpret_cast<const char*>(transfer), sizeof transfer);
  std::string ct = crypto::seal_at_rest(key, nonce, payload, associated(tid, total));  // nonce || ct || tag
  std::string_view stream(ct);
  stream.remove_prefix(kNonce);

  std::vector<std::string> parts;
  for (std::size_t i = 0; i < total; ++i) {
    std::string b = tid;
    b.push_back(static_cast<char>(i));
    b.push_back(static_cast<char>(total));
    std::size_t take = cap;
    if (i == 0) {
      b.append(reinterpret_cast<const char*>(key.data()), key.size());
      b.append(reinterpret_cast<const char*>(nonce.data()), nonce.size());
      take = cap0;
    }
    take = std::min(take, stream.size());
    b.append(stream.data(), take);
    stream.remove_prefix(take);
    parts.push_back(prefix::kHandOff + base45_encode(b));
    crypto::wipe(b);
  }
  crypto::wipe(key.data(), key.size());
  crypto::wipe(ct);
  return parts;
}

const char* reason_key(HandOffError e) {
  switch (e) {
    case HandOffError::None: return "ok";
    case HandOffError::Malformed: return "malformed";
    case HandOffError::OtherTransfer: return "other-transfer";
    case HandOffError::Conflict: return "conflict";
    case HandOffError::Incomplete: return "incomplete";
    case HandOffError::Tampered: return "tampered";
  }
  return "";
}

const char* reason_text(HandOffError e) {
  switch (e) {
    case HandOffError::None: return "";
    case HandOffError::Malformed: return "不是有效的转交码";
    case HandOffError::OtherTransfer: return "这张码属于另一次转交";
    case HandOffError::Conflict: return "同一张码两次扫描的内容不同";
    case HandOffError::Incomplete: return "转交码还没有扫完";
    case HandOffError::Tampered: return "转交码被改动，或混入了其他转交的码";
  }
  return "";
}

Status<HandOffError> HandOffAssembler::add(std::string_view text) {
  using Added = Status<HandOffError>;
  const auto malformed = [](std::string why) { return Added(HandOffError::Malformed, std::move(why)); };
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (text.size() > kMaxPartChars) return malformed("oversized: " + std::to_string(text.size()) + " characters");
  if (text.compare(0, prefix::kLength, prefix::kHandOff) != 0)
    return malformed(std::string("not a hand-off part (expected ") + prefix::kHandOff + ")");
  auto b = base45_decode(text.substr(prefix::kLength));
  if (!b) return malformed(b.detail());
  if (b->size() < kHeader + 1) return malformed("truncated part (" + std::to_string(b->size()) + " bytes)");
  const std::string tid = b->substr(0, kTransferId);
  const std::size_t index = static_cast<unsigned char>((*b)[kTransferId]), total = static_cast<unsigned char>((*b)[kTransferId + 1]);
  if (total == 0 || index >= total) return malformed("part " + std::to_string(index + 1) + " of " + std::to_string(total));
  if (index == 0 && b->size() < kPart0Header + 1)
    return malformed("truncated first part (" + std::to_string(b->size()) + " bytes)");
  const std::string tid_hex = crypto::to_hex(tid);
  if (!transfer_id_.empty()) {
    if (tid != transfer_id_)
      return Added(HandOffError::OtherTransfer, "part of another transfer (" + tid_hex + ", not " + crypto::to_hex(transfer_id_) + ")");
    if (total != total_)
      return Added(HandOffError::OtherTransfer, "says " + std::to_string(total) + " parts, the others " + std::to_string(total_));
  }
  std::string chunk = b->substr(kHeader);
  crypto::wipe(*b);
  const auto it = parts_.find(index);
  if (it != parts_.end()) {
    if (it->second != chunk)
      return Added(HandOffError::Conflict, "part " + std::to_string(index + 1) + " scanned twice with different contents");
    return {};  // a repeat
  }
  transfer_id_ = tid;
  total_ = total;
  parts_.emplace(index, std::move(chunk));
  return {};
}

void HandOffAssembler::wipe() {
  crypto::wipe(transfer_id_);
  for (auto& [index, part] : parts_) crypto::wipe(part);
  parts_.clear();
  total_ = 0;
}

bool HandOffAssembler::complete() const { return total_ > 0 && parts_.size() == total_; }

Result<std::string, HandOffError> HandOffAssembler::payload() const {
  if (!complete())
    return {HandOffError::Incomplete,
            "have " + std::to_string(parts_.size()) + " of " + (total_ ? std::to_string(total_) : std::string("?")) + " parts"};
  const std::string& first = parts_.at(0);
  crypto::Key32 key;
  std::memcpy(key.data(), first.data(), kKey);
  std::string sealed = first.substr(kKey, kNonce) + first.substr(kKey + kNonce);
  for (std::size_t i = 1; i < total_; ++i) sealed += parts_.at(i);
  auto plain = crypto::open_at_rest(key, sealed, associated(transfer_id_, total_));
  crypto::wipe(key.data(), key.size());
  if (!plain) return {HandOffError::Tampered, "does not authenticate: a part was changed or belongs to another transfer"};
  return std::move(*plain);
}

}  // namespace tb::code
