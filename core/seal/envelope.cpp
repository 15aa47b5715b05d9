#include "seal/envelope.h"

#include <sodium.h>

#include <array>
#include <cstring>

#include "crypto/init.h"
#include "crypto/sm.h"
#include "crypto/wipe.h"
#include "proto/canonical.h"
#include "proto/quiet.h"

namespace tb::seal {
namespace {

constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;  // 16
constexpr std::size_t kMaxParts = 16;
constexpr std::size_t kMaxAttachments = 64;

const unsigned char* u8(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string signing_message(std::string_view header) {
  std::string m = "tongban-envelope-v1";
  m.push_back('\0');
  m.append(header);
  return m;
}

// AD of a chunk: which submission, which part, and whether it is the last one.
std::string chunk_ad(std::string_view submission_id, std::uint32_t part, bool final) {
  std::string ad = "tongban-chunk-v1";
  ad.append(submission_id);
  for (int i = 0; i < 4; ++i) ad.push_back(static_cast<char>((part >> (8 * i)) & 0xFF));
  ad.push_back(final ? '\1' : '\0');
  return ad;
}

void chunk_nonce(unsigned char nonce[24], std::string_view prefix, std::uint64_t counter) {
  std::memcpy(nonce, prefix.data(), 16);
  for (int i = 0; i < 8; ++i) nonce[16 + i] = static_cast<unsigned char>((counter >> (8 * i)) & 0xFF);
}

std::string blake2b(std::string_view data) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, u8(data), data.size(), nullptr, 0);
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

// What a suite fixes (ENVELOPE.md §4): sizes, and which digest, signature, wrap and AEAD.
struct SuiteSizes {
  bool sm;
  std::size_t device_key, sealed_key, nonce_prefix, part_key;
};
constexpr SuiteSizes kEd25519Sizes{false, 32, 80, 16, 32};
constexpr SuiteSizes kSmSizes{true, crypto::sm::kPublicKeyBytes, crypto::sm::kCiphertextOverhead + crypto::sm::kSm4KeyBytes, 4,
                              crypto::sm::kSm4KeyBytes};
const SuiteSizes& sizes(bool sm) { return sm ? kSmSizes : kEd25519Sizes; }

std::string digest(bool sm, std::string_view data) { return sm ? crypto::sm::sm3(data) : blake2b(data); }

// tongban-seal-sm-v1's SM4-GCM nonce: the part's 4-byte prefix, then the chunk index (u64 LE).
std::string sm_chunk_nonce(std::string_view prefix, std::uint64_t counter) {
  std::string nonce(prefix.substr(0, 4));
  for (int i = 0; i < 8; ++i) nonce.push_back(static_cast<char>((counter >> (8 * i)) & 0xFF));
  return nonce;
}

std::uint64_t chunks_for(std::uint64_t padded) { return (padded + kChunk - 1) / kChunk; }

// The part key, sealed to the department's key (ENVELOPE.md §6.5, §4.1).
Result<std::string, SealError> wrap_part_key(bool sm, std::string_view part_key, const crypto::Bytes& recipient, crypto::Entropy& entropy) {
  if (sm) {
    // SM2 encryption, C1 || C3 || C2, k from the handed entropy.
    auto wrapped = crypto::sm::encrypt(std::string_view(reinterpret_cast<const char*>(recipient.data()), recipient.size()), part_key, entropy);
    if (!wrapped) return {SealError::BadKey, wrapped.describe()};
    return std::move(wrapped).value();
  }
  // An ephemeral X25519 pair from handed-in randomness, nonce = BLAKE2b-192(ephemeral pk ||
  // recipient pk) — libsodium's sealed-box format, so crypto_box_seal_open reads it.
  unsigned char seed[32], epk[32], esk[32], nonce[24];
  entropy.fill(seed, sizeof seed);
  crypto_box_seed_keypair(epk, esk, seed);
  sodium_memzero(seed, sizeof seed);
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, sizeof nonce);
  crypto_generichash_update(&st, epk, sizeof epk);
  crypto_generichash_update(&st, recipient.data(), recipient.size());
  crypto_generichash_final(&st, nonce, sizeof nonce);
  std::string sealed(32 + 32 + crypto_box_MACBYTES, '\0');
  std::memcpy(sealed.data(), epk, 32);
  const int boxed = crypto_box_easy(reinterpret_cast<unsigned char*>(sealed.data()) + 32, u8(part_key), part_key.size(), nonce,
                                    recipient.data(), esk);
  sodium_memzero(esk, sizeof esk);
  if (boxed != 0) return {SealError::BadKey, "not a valid X25519 public key"};
  return sealed;
}

// A clerk's signed statement for part `index` (ENVELOPE.md §3.8): it names the submission, the part,
// the device and the time from the header, and digests of the answers and the identity record.
Status<SealError> assistance_record(const AssistPlan& a, const proto::EnvelopeHeader& h, const PartPlan& pp, std::uint32_t index,
                                    proto::AssistanceRecord* out) {
  if (a.staff_credential.empty() || a.staff_id.empty() || !a.sign)
    return {SealError::InvalidPlan, "assistance without a staff credential or signer"};
  proto::AssistStatement st;
  st.set_submission_id(h.submission_id());
  st.set_part_index(index);
  st.set_department(pp.department);
  st.set_device_key_id(h.device_key_id());
  st.set_created_at(h.created_at());
  st.set_staff_id(a.staff_id);
  st.set_credential_digest(blake2b(a.staff_credential));
  st.set_data_digest(blake2b(pp.data_json));
  if (!pp.identity.empty()) st.set_identity_digest(blake2b(pp.identity));
  st.set_consent(a.consent);
  out->set_staff_credential(a.staff_credential);
  out->set_statement(st.SerializeAsString());
  out->set_signature(a.sign(kAssistDomain, out->statement()));
  if (out->signature().size() != crypto_sign_BYTES) return {SealError::BadKey, "the staff key did not sign (signed out?)"};
  return {};
}

}  // namespace

std::uint64_t sealed_part_size(std::uint64_t padded) { return padded + chunks_for(padded) * kTag; }

std::uint64_t envelope_size_estimate(const std::vector<std::uint64_t>& padded_sizes) {
  std::uint64_t total = 512;  // header fields, signature, framing
  for (auto p : padded_sizes) total += sealed_part_size(p) + 16 + 200;
  return total;
}

std::uint64_t padded_size_for(std::uint64_t n) {
  if (n <= 4096) return 4096;
  int e = 63;
  while (!(n >> e)) --e;       // e = floor(log2 n)
  int s = 0;
  while ((e >> s) > 1) ++s;    // s = floor(log2 e)
  const int last_bits = e - (s + 1);
  const std::uint64_t mask = (std::uint64_t{1} << last_bits) - 1;
  return (n + mask) & ~mask;
}

const char* reason_key(Refusal r) {
  switch (r) {
    case Refusal::None: return "ok";
    case Refusal::Malformed: return "malformed";
    case Refusal::Unsupported: return "unsupported";
    case Refusal::Unsigned: return "unsigned";
    case Refusal::BadSignature: return "bad-signature";
    case Refusal::TooLarge: return "too-large";
    case Refusal::Tampered: return "tampered";
    case Refusal::NotForYou: return "not-for-you";
    case Refusal::CannotOpen: return "cannot-open";
  }
  return "";
}

const char* reason_text(Refusal r) {
  switch (r) {
    case Refusal::None: return "";
    case Refusal::Malformed: return "格式错误";
    case Refusal::Unsupported: return "版本或算法不支持";
    case Refusal::Unsigned: return "未签名";
    case Refusal::BadSignature: return "设备签名无效";
    case Refusal::TooLarge: return "超过大小限制";
    case Refusal::Tampered: return "内容被篡改";
    case Refusal::NotForYou: return "不是发给本部门的";
    case Refusal::CannotOpen: return "无法解密";
  }
  return "";
}

const char* reason_key(SealError e) {
  switch (e) {
    case SealError::None: return "ok";
    case SealError::InvalidPlan: return "invalid-plan";
    case SealError::BadKey: return "bad-key";
    case SealError::TooLarge: return "too-large";
    case SealError::NoSuchItem: return "no-such-item";
    case SealError::NoSuchDepartment: return "no-such-department";
    case SealError::NoOnlineKey: return "no-online-key";
    case SealError::NoSuchHall: return "no-such-hall";
    case SealError::NothingToSubmit: return "nothing-to-submit";
    case SealError::Misuse: return "misuse";
  }
  return "";
}

const char* reason_text(SealError e) {
  switch (e) {
    case SealError::None: return "";
    case SealError::InvalidPlan: return "提交的内容不符合要求";
    case SealError::BadKey: return "密钥不可用";
    case SealError::TooLarge: return "内容太大，无法在线提交";
    case SealError::NoSuchItem: return "没有这个事项";
    case SealError::NoSuchDepartment: return "没有这个部门";
    case SealError::NoOnlineKey: return "该部门暂不受理在线提交，请到窗口办理";
    case SealError::NoSuchHall: return "没有这个办事大厅";
    case SealError::NothingToSubmit: return "没有需要提交的内容";
    case SealError::Misuse: return "提交过程出错";
  }
  return "";
}

struct EnvelopeBuilder::Part {
  std::uint32_t index = 0;
  std::array<unsigned char, 32> key{};
  std::string prefix;          // 16 bytes
  std::uint64_t counter = 0;
  std::string buffer;          // plaintext not yet sealed
  std::size_t out_at = 0, out_end = 0;  // where this part's next ciphertext goes in out_, and its end
  std::string tags;
  std::uint64_t plain = 0;     // plaintext bytes accepted so far (content + attachments + padding)
  std::uint64_t expected = 0;  // attachment bytes expected
  std::uint64_t received = 0;
  std::uint64_t padded = 0;    // plaintext bytes after padding
};

EnvelopeBuilder::EnvelopeBuilder() = default;

EnvelopeBuilder::~EnvelopeBuilder() {
  for (auto& p : parts_) {
    sodium_memzero(p->key.data(), p->key.size());
    if (!p->buffer.empty()) sodium_memzero(p->buffer.data(), p->buffer.size());
  }
}

void EnvelopeBuilder::seal_chunk(Part& p, const unsigned char* plain, std::size_t n, bool final) {
  const std::string ad = chunk_ad(submission_id_, p.index, final);
  if (p.out_at + n + kTag > p.out_end) return;  // more than planned: finish() reports it
  if (sm_) {
    const std::string sealed =
        crypto::sm::sm4_gcm_seal(std::string_view(reinterpret_cast<const char*>(p.key.data()), crypto::sm::kSm4KeyBytes),
                                 sm_chunk_nonce(p.prefix, p.counter), std::string_view(reinterpret_cast<const char*>(plain), n), ad);
    out_.replace(p.out_at, sealed.size(), sealed);
  } else {
    unsigned char nonce[24];
    chunk_nonce(nonce, p.prefix, p.counter);
    unsigned long long len = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(&out_[p.out_at]), &len, plain, n, u8(ad),
                                               ad.size(), nullptr, nonce, p.key.data());
  }
  p.tags.append(out_, p.out_at + n, kTag);
  p.out_at += n + kTag;
  ++p.counter;
}

void EnvelopeBuilder::emit(Part& p, bool final) {
  const std::size_t n = final ? p.buffer.size() : kChunk;
  seal_chunk(p, u8(p.buffer), n, final);
  sodium_memzero(p.buffer.data(), n);
  p.buffer.erase(0, n);
}

Status<SealError> EnvelopeBuilder::begin(const SealPlan& plan, const crypto::KeyPair& device, crypto::Entropy& entropy) {
  crypto::ensure_sodium();
  if (open_ || !parts_.empty()) {
    return {SealError::Misuse, "builder already used"};
  }
  sm_ = crypto::is_sm_kind(device.kind);
  if (!crypto::is_signing_kind(device.kind) || device.secret_key.size() != crypto::secret_key_size(device.kind)) {
    return {SealError::BadKey, "the device key must be a secret Ed25519 or SM2 signing key"};
  }
  if (sm_ && !crypto::sm::available()) return {SealError::BadKey, "the sm suite is not in this build"};
  if (plan.parts.empty() || plan.parts.size() > kMaxParts) {
    return {SealError::InvalidPlan, "an envelope needs 1 to " + std::to_string(kMaxParts) + " parts"};
  }
  submission_id_.resize(16);
  entropy.fill(reinterpret_cast<unsigned char*>(submission_id_.data()), 16);
  header_.set_version(kVersion);
  header_.set_suite(sm_ ? kSuiteSm : kSuite);
  header_.set_submission_id(submission_id_);
  header_.set_kind(plan.kind);
  header_.set_form(plan.form);
  header_.set_form_version(plan.form_version);
  header_.set_item(plan.item);
  header_.set_created_at(plan.created_at);
  header_.set_device_key_id(std::string(device.id.bytes.begin(), device.id.bytes.end()));
  header_.set_device_public_key(std::string(device.public_key.begin(), device.public_key.end()));
  // Each part's stream: u32 length of its PartContent, the PartContent, its attachments.
  std::vector<std::string> contents;
  std::vector<std::uint64_t> padded;
  for (const auto& pp : plan.parts) {
    // One suite per envelope: an SM2 device seals to sm2-seal keys, an Ed25519 one to x25519-seal keys.
    const crypto::KeyKind want = sm_ ? crypto::KeyKind::Sm2Seal : crypto::KeyKind::Seal;
    if (pp.recipient.kind != want || pp.recipient.key.size() != crypto::public_key_size(want)) {
      return {SealError::BadKey, "recipient of part '" + pp.department + "' is not an " + crypto::key_kind_name(want) +
                                     " key (the device key's suite)"};
    }
    if (pp.department.empty() || pp.attachments.size() > kMaxAttachments) {
      return {SealError::InvalidPlan, "each part needs a department and at most " + std::to_string(kMaxAttachments) + " attachments"};
    }
    proto::PartContent c;
    c.set_data_json(pp.data_json);
    if (!pp.identity.empty()) c.set_identity(pp.identity);
    if (plan.assist)
      if (auto signed_ = assistance_record(*plan.assist, header_, pp, static_cast<std::uint32_t>(contents.size()), c.mutable_assistance());
          !signed_)
        return signed_;
    std::uint64_t bytes = 0;
    for (const auto& a : pp.attachments) {
      auto* info = c.add_attachments();
      info->set_name(a.name);
      info->set_mime(a.mime);
      info->set_size(a.size);
      info->set_chunks(static_cast<std::uint32_t>((a.size + kChunk - 1) / kChunk));
      bytes += a.size;
      total_ += a.size;
    }
    contents.push_back(c.SerializeAsString());
    const std::uint64_t plain = 4 + contents.back().size() + bytes;
    padded.push_back(padded_size_for(plain));
    if (padded.back() > kMaxPartBytes) {
      return {SealError::TooLarge, "part '" + pp.department + "' (" + std::to_string(plain) + " bytes) is over the limit of " +
               std::to_string(kMaxPartBytes) + " bytes"};
    }
  }
  // One department, one part: a second part to the same department or key could never be opened
  // (a reader takes the part sealed to its key).
  for (std::size_t i = 0; i < plan.parts.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (plan.parts[i].department == plan.parts[j].department || plan.parts[i].recipient.key == plan.parts[j].recipient.key) {
        return {SealError::InvalidPlan, "two parts for department '" + plan.parts[i].department + "' (or the same key): put its answers in one part"};
      }
  // Refuse now what the intake could never accept, rather than after sealing it.
  const std::uint64_t estimate = envelope_size_estimate(padded);
  if (estimate > plan.max_envelope_bytes) {
    auto size = [](std::uint64_t n) {
      return n >= (1u << 20) ? std::to_string(n >> 20) + " MiB" : std::to_string((n + 1023) >> 10) + " KiB";
    };
    return {SealError::TooLarge, "too large to submit: about " + size(estimate) + " sealed, the limit is " + size(plan.max_envelope_bytes) +
             " (hand large documents in at the hall)"};
  }
  for (std::size_t i = 0; i < plan.parts.size(); ++i) {
    const auto& pp = plan.parts[i];
    parts_.push_back(std::make_unique<Part>());
    Part* p = parts_.back().get();
    p->index = static_cast<std::uint32_t>(i);
    const SuiteSizes& z = sizes(sm_);
    entropy.fill(p->key.data(), z.part_key);
    p->prefix.resize(z.nonce_prefix);
    entropy.fill(reinterpret_cast<unsigned char*>(p->prefix.data()), z.nonce_prefix);
    for (const auto& a : pp.attachments) p->expected += a.size;
    auto sealed = wrap_part_key(sm_, std::string_view(reinterpret_cast<const char*>(p->key.data()), z.part_key), pp.recipient.key, entropy);
    if (!sealed) return {SealError::BadKey, "the key of department '" + pp.department + "' cannot be used: " + sealed.detail()};
    auto* ph = header_.add_parts();
    ph->set_department(pp.department);
    ph->set_recipient_key_id(std::string(pp.recipient.id.bytes.begin(), pp.recipient.id.bytes.end()));
    ph->set_sealed_key(*sealed);
    ph->set_nonce_prefix(p->prefix);
    ph->set_padded_size(padded[i]);
    p->padded = padded[i];
    const std::uint32_t len = static_cast<std::uint32_t>(contents[i].size());
    for (int k = 0; k < 4; ++k) p->buffer.push_back(static_cast<char>((len >> (8 * k)) & 0xFF));
    p->buffer += contents[i];
    p->plain = p->buffer.size();
    // Known now: its chunk count and ciphertext size; the tag digest is a placeholder of the
    // same length until finish(), so the header's serialized size is already final.
    ph->set_chunks(static_cast<std::uint32_t>(chunks_for(p->padded)));
    ph->set_ciphertext_size(sealed_part_size(p->padded));
    ph->set_tag_digest(std::string(32, '\0'));
  }
  // The envelope's layout (canonical: header, signature, then each part; see proto/canonical.h).
  auto varint_len = [](std::uint64_t v) {
    std::size_t n = 1;
    while (v >= 0x80) v >>= 7, ++n;
    return n;
  };
  auto put_varint = [this](std::size_t at, std::uint64_t v) {
    while (v >= 0x80) out_[at++] = static_cast<char>((v & 0x7f) | 0x80), v >>= 7;
    out_[at++] = static_cast<char>(v);
    return at;
  };
  header_len_ = header_.ByteSizeLong();
  std::size_t total = 1 + varint_len(header_len_) + header_len_ + 1 + 1 + crypto_sign_BYTES;
  for (const auto& p : parts_) total += 1 + varint_len(sealed_part_size(p->padded)) + sealed_part_size(p->padded);
  if (total > kMaxEnvelopeBytes) {
    return {SealError::TooLarge, "too large: the envelope would be over protobuf's 2 GiB limit"};
  }
  out_.assign(total, '\0');
  out_[0] = 0x0a;
  header_at_ = put_varint(1, header_len_);
  std::size_t at = header_at_ + header_len_;
  out_[at++] = 0x12;
  out_[at++] = static_cast<char>(crypto_sign_BYTES);
  at += crypto_sign_BYTES;
  for (const auto& p : parts_) {
    out_[at++] = 0x1a;
    at = put_varint(at, sealed_part_size(p->padded));
    p->out_at = at;
    p->out_end = at + sealed_part_size(p->padded);
    at = p->out_end;
  }
  for (const auto& p : parts_)
    while (p->buffer.size() > kChunk) emit(*p, false);
  // What finish() needs of the device key: its signing secret, held (and wiped) by the builder.
  signing_key_ = crypto::SecretKey(device.secret_key.data(), device.secret_key.size());
  signing_public_.assign(reinterpret_cast<const char*>(device.public_key.data()), device.public_key.size());
  open_ = true;
  return {};
}

Status<SealError> EnvelopeBuilder::write(std::size_t part, std::string_view bytes) {
  if (!open_ || part >= parts_.size()) {
    return {SealError::Misuse, "no such part"};
  }
  Part& p = *parts_[part];
  if (p.received + bytes.size() > p.expected) {
    return {SealError::Misuse, "more attachment bytes than planned for part " + std::to_string(part)};
  }
  while (!bytes.empty()) {
    if (p.buffer.empty() && bytes.size() > kChunk) {
      // Whole chunks straight from the caller's bytes (a chunk is final only when nothing follows,
      // and more than a chunk remains here).
      seal_chunk(p, reinterpret_cast<const unsigned char*>(bytes.data()), kChunk, false);
      bytes.remove_prefix(kChunk);
      p.received += kChunk;
      p.plain += kChunk;
      written_ += kChunk;
      continue;
    }
    const std::size_t take = std::min<std::size_t>(bytes.size(), 2 * kChunk - p.buffer.size());
    p.buffer.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    p.received += take;
    p.plain += take;
    written_ += take;
    while (p.buffer.size() > kChunk) emit(p, false);
  }
  return {};
}

Result<std::string, SealError> EnvelopeBuilder::finish() {
  if (!open_) {
    return {SealError::Misuse, "nothing to finish"};
  }
  for (const auto& p : parts_) {
    if (p->received != p->expected) {
      return {SealError::Misuse, "part " + std::to_string(p->index) + " got " + std::to_string(p->received) + " of " +
               std::to_string(p->expected) + " attachment bytes"};
    }
    // Padding: every part whose length rounds to the same padded size looks the same.
    while (p->plain < p->padded) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(p->padded - p->plain, kChunk));
      p->buffer.append(n, '\0');
      p->plain += n;
      while (p->buffer.size() > kChunk) emit(*p, false);
    }
    emit(*p, true);
    auto* ph = header_.mutable_parts(static_cast<int>(p->index));
    if (p->out_at != p->out_end || p->counter != ph->chunks()) {
      return {SealError::Misuse, "internal: part " + std::to_string(p->index) + " did not fill its planned size"};
    }
    ph->set_tag_digest(digest(sm_, p->tags));
  }
  const std::string header = header_.SerializeAsString();
  if (header.size() != header_len_) {
    return {SealError::Misuse, "internal: header size changed"};
  }
  std::memcpy(&out_[header_at_], header.data(), header.size());
  const std::string m = signing_message(header);
  if (sm_) {
    const std::string sig = crypto::sm::sign(signing_key_, signing_public_, crypto::sm::kDefaultId, m);
    if (sig.size() != crypto_sign_BYTES) return {SealError::BadKey, "the SM2 device key did not sign"};
    std::memcpy(&out_[header_at_ + header_len_ + 2], sig.data(), sig.size());
  } else {
    crypto_sign_detached(reinterpret_cast<unsigned char*>(&out_[header_at_ + header_len_ + 2]), nullptr, u8(m), m.size(),
                         signing_key_.data());
  }
  signing_key_.wipe();
  open_ = false;
  return std::move(out_);
}

Result<std::string, SealError> seal_envelope(const SealPlan& plan, const std::vector<std::vector<std::string>>& attachments,
                                             const crypto::KeyPair& device, crypto::Entropy& entropy) {
  EnvelopeBuilder b;
  if (const auto begun = b.begin(plan, device, entropy); !begun) return begun;
  for (std::size_t i = 0; i < attachments.size(); ++i)
    for (const auto& a : attachments[i])
      if (const auto written = b.write(i, a); !written) return written;
  return b.finish();
}

Inspection inspect_envelope(std::string_view bytes, std::uint64_t max_bytes) {
  crypto::ensure_sodium();
  proto::quiet_protobuf_logging();
  Inspection in;
  auto refuse = [](Refusal r, std::string detail) { return Inspection(r, std::move(detail)); };
  if (bytes.size() > max_bytes || bytes.size() > kMaxEnvelopeBytes)
    return refuse(Refusal::TooLarge, std::to_string(bytes.size()) + " bytes");
  proto::Envelope env;
  if (bytes.empty() || !env.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return refuse(Refusal::Malformed, "not an envelope");
  if (env.signature().empty()) return refuse(Refusal::Unsigned, "");
  // Exactly the bytes a builder writes, nothing added, repeated or reordered: the outer envelope
  // is not signed, so this is what stops a copy with extra fields from taking a submission's id
  // (the receipt's digest names the exact bytes). The signed header and the part's content are
  // read the same way (proto/canonical.h), so no two readers see different metadata in them.
  if (auto canonical = proto::check_canonical(bytes, proto::wire_schema<proto::Envelope>()); !canonical)
    return refuse(Refusal::Malformed, "not in canonical form: " + canonical.detail());
  if (!in.header.ParseFromString(env.header())) return refuse(Refusal::Malformed, "header does not parse");
  const auto& h = in.header;
  // Another version or suite first: its header may carry fields this reader does not know, and the
  // answer must be "unsupported", not "malformed" (ENVELOPE.md §4). Then this suite's one encoding.
  if (h.version() != kVersion || (h.suite() != kSuite && h.suite() != kSuiteSm))
    return refuse(Refusal::Unsupported, "version " + std::to_string(h.version()) + ", suite '" + h.suite() + "'");
  const bool sm = h.suite() == kSuiteSm;
  if (sm && !crypto::sm::available()) return refuse(Refusal::Unsupported, "suite '" + h.suite() + "' is not in this build");
  if (auto canonical = proto::check_canonical(env.header(), proto::wire_schema<proto::EnvelopeHeader>()); !canonical)
    return refuse(Refusal::Malformed, "header does not parse: " + canonical.detail());
  const SuiteSizes& z = sizes(sm);
  if (h.submission_id().size() != 16 || h.device_key_id().size() != 8 || h.device_public_key().size() != z.device_key ||
      env.signature().size() != crypto_sign_BYTES)
    return refuse(Refusal::Malformed, "id, key or signature of the wrong size");
  const crypto::KeyId kid = crypto::key_id_of(u8(h.device_public_key()), z.device_key);
  if (std::string(kid.bytes.begin(), kid.bytes.end()) != h.device_key_id())
    return refuse(Refusal::BadSignature, "device key id does not match its public key");
  const std::string m = signing_message(env.header());
  if (sm) {
    if (const auto ok = crypto::sm::verify(h.device_public_key(), crypto::sm::kDefaultId, m, env.signature()); !ok)
      return refuse(Refusal::BadSignature, ok.describe());
  } else if (crypto_sign_verify_detached(u8(env.signature()), u8(m), m.size(), u8(h.device_public_key())) != 0) {
    return refuse(Refusal::BadSignature, "");
  }
  // The signed header now says what the ciphertext must be; check it says something sane.
  if (h.parts_size() == 0 || h.parts_size() > static_cast<int>(kMaxParts) || env.parts_size() != h.parts_size())
    return refuse(Refusal::Tampered, "parts do not match the header");
  for (int i = 0; i < h.parts_size(); ++i) {
    const auto& ph = h.parts(i);
    const std::string& ct = env.parts(i);
    const std::uint64_t sc = ph.padded_size();
    if (sc < 4096 || sc > kMaxPartBytes || padded_size_for(sc) != sc)
      return refuse(Refusal::Malformed, "part " + std::to_string(i) + " padded size");
    for (int j = 0; j < i; ++j)
      if (h.parts(j).recipient_key_id() == ph.recipient_key_id())
        return refuse(Refusal::Malformed, "two parts sealed to one key");
    const std::uint64_t chunks = chunks_for(sc);
    if (ph.recipient_key_id().size() != 8 || ph.sealed_key().size() != z.sealed_key || ph.nonce_prefix().size() != z.nonce_prefix ||
        ph.chunks() != chunks || ph.ciphertext_size() != sc + chunks * kTag || ph.tag_digest().size() != 32)
      return refuse(Refusal::Malformed, "part " + std::to_string(i) + " header fields");
    if (ct.size() != ph.ciphertext_size()) return refuse(Refusal::Tampered, "part " + std::to_string(i) + " size");
    std::string tags;
    tags.reserve(chunks * kTag);
    std::uint64_t at = 0;
    for (std::uint64_t c = 0; c < chunks; ++c) {
      const std::uint64_t n = std::min<std::uint64_t>(kChunk, sc - c * kChunk);
      at += n;
      tags.append(ct, at, kTag);
      at += kTag;
    }
    if (digest(sm, tags) != ph.tag_digest()) return refuse(Refusal::Tampered, "part " + std::to_string(i) + " ciphertext");
  }
  in.digest = digest(sm, bytes);
  return in;
}

OpenedPart open_envelope(std::string_view bytes, const crypto::KeyPair& department_key, std::uint64_t max_bytes) {
  const Inspection in = inspect_envelope(bytes, max_bytes);
  if (!in) return OpenedPart(in.reason(), in.detail());
  // Refusals after inspection keep the header: what was inspected, for the department's log.
  const auto refuse = [&in](Refusal r, std::string detail) {
    OpenedPart refused(r, std::move(detail));
    refused.header = in.header;
    return refused;
  };
  const bool sm = in.header.suite() == kSuiteSm;
  const crypto::KeyKind want = sm ? crypto::KeyKind::Sm2Seal : crypto::KeyKind::Seal;
  if (department_key.kind != want || department_key.secret_key.size() != 32)
    return refuse(Refusal::CannotOpen, std::string("needs a department's ") + crypto::key_kind_name(want) + " secret key");
  const std::string kid(department_key.id.bytes.begin(), department_key.id.bytes.end());
  int index = -1;
  for (int i = 0; i < in.header.parts_size(); ++i)
    if (in.header.parts(i).recipient_key_id() == kid) index = i;
  if (index < 0) return refuse(Refusal::NotForYou, "");
  proto::Envelope env;
  env.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
  const auto& ph = in.header.parts(index);
  std::array<unsigned char, 32> key{};
  if (sm) {
    auto unwrapped = crypto::sm::decrypt(department_key.secret_key, ph.sealed_key());
    if (!unwrapped || unwrapped->size() != crypto::sm::kSm4KeyBytes)
      return refuse(Refusal::CannotOpen, "part key" + (unwrapped ? std::string() : ": " + unwrapped.describe()));
    std::memcpy(key.data(), unwrapped->data(), unwrapped->size());
    crypto::wipe(*unwrapped);
  } else if (crypto_box_seal_open(key.data(), u8(ph.sealed_key()), ph.sealed_key().size(), department_key.public_key.data(),
                                  department_key.secret_key.data()) != 0) {
    return refuse(Refusal::CannotOpen, "part key");
  }
  const std::string& ct = env.parts(index);
  const std::uint64_t sc = ph.padded_size(), chunks = chunks_for(sc);
  std::string plain(sc, '\0');
  std::uint64_t in_at = 0, out_at = 0;
  for (std::uint64_t c = 0; c < chunks; ++c) {
    const std::uint64_t n = std::min<std::uint64_t>(kChunk, sc - c * kChunk);
    const std::string ad = chunk_ad(in.header.submission_id(), static_cast<std::uint32_t>(index), c + 1 == chunks);
    if (sm) {
      auto chunk = crypto::sm::sm4_gcm_open(std::string_view(reinterpret_cast<const char*>(key.data()), crypto::sm::kSm4KeyBytes),
                                            sm_chunk_nonce(ph.nonce_prefix(), c), std::string_view(ct).substr(in_at, n + kTag), ad);
      if (!chunk) {
        sodium_memzero(key.data(), key.size());
        return refuse(Refusal::CannotOpen, "chunk " + std::to_string(c));
      }
      std::memcpy(&plain[out_at], chunk->data(), n);
      crypto::wipe(*chunk);
      in_at += n + kTag;
      out_at += n;
      continue;
    }
    unsigned char nonce[24];
    chunk_nonce(nonce, ph.nonce_prefix(), c);
    unsigned long long len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(&plain[out_at]), &len, nullptr,
                                                   u8(ct) + in_at, n + kTag, u8(ad), ad.size(), nonce, key.data()) != 0) {
      sodium_memzero(key.data(), key.size());
      return refuse(Refusal::CannotOpen, "chunk " + std::to_string(c));
    }
    in_at += n + kTag;
    out_at += n;
  }
  sodium_memzero(key.data(), key.size());
  const auto bad = [&](const char* what) { return refuse(Refusal::Malformed, what); };
  OpenedPart out;
  out.header = in.header;
  out.department = ph.department();
  std::uint32_t len = 0;
  for (int k = 0; k < 4; ++k) len |= static_cast<std::uint32_t>(static_cast<unsigned char>(plain[k])) << (8 * k);
  if (4ull + len > sc) return bad("content length");
  proto::PartContent content;
  if (auto parsed = proto::parse_canonical(content, std::string_view(plain).substr(4, len)); !parsed)
    return refuse(Refusal::Malformed, "content does not parse: " + parsed.detail());
  out.index = static_cast<std::uint32_t>(index);
  out.data_json = content.data_json();
  out.identity = content.identity();
  if (content.has_assistance()) out.assistance = content.assistance();
  std::uint64_t at = 4 + len;
  for (const auto& a : content.attachments()) {
    if (a.size() > sc - at) return bad("attachment sizes");
    out.attachments.push_back({a, plain.substr(at, a.size())});
    at += a.size();
  }
  // The padding is zeros: otherwise the same part could carry bytes one reader shows and another drops.
  if (plain.find_first_not_of('\0', at) != std::string::npos) return bad("padding is not zero");
  return out;
}

}  // namespace tb::seal
