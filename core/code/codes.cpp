// 一码通城: issuing and verifying the city's codes (codes.h, docs/CODES.md). Hand-offs: handoff.cpp.
#include "code/codes.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <limits>

#include "code/base45.h"
#include "code/prefixes.h"
#include "crypto/aead.h"
#include "crypto/init.h"
#include "crypto/sign.h"
#include "crypto/sm.h"
#include "proto/canonical.h"
#include "proto/code.pb.h"
#include "proto/quiet.h"
#include "text/civil_date.h"
#include "text/mask.h"

namespace tb::code {
namespace {

// The frame's version nibble names its suite (docs/CODES.md): 1 Ed25519, 2 the 国密 suite `sm` (SM2
// signatures over SM3; an SM2 device key as its 32-byte x, y even). It is inside everything signed.
constexpr std::uint8_t kFrameEd25519 = 1, kFrameSm = 2;
constexpr std::size_t kSig = 64, kKeyId = 8, kWindow = 4;
constexpr const char* kIssuerDomain = "tongban-code-v1";
constexpr const char* kDeviceDomain = "tongban-code-window-v1";
constexpr const char* kCredentialIdDomain = "tongban-credential-id-v1";

// ---- Times: hours since the epoch in code bodies (code.proto) --------------------------------
std::uint32_t hours_floor(std::int64_t s) {
  if (s <= 0) return 0;
  const std::int64_t h = s / 3600;
  return h > std::numeric_limits<std::uint32_t>::max() ? std::numeric_limits<std::uint32_t>::max() : static_cast<std::uint32_t>(h);
}
std::uint32_t hours_ceil(std::int64_t s) {
  if (s <= 0) return 0;
  const std::int64_t h = s / 3600 + (s % 3600 != 0);
  return h > std::numeric_limits<std::uint32_t>::max() ? std::numeric_limits<std::uint32_t>::max() : static_cast<std::uint32_t>(h);
}
std::int64_t seconds_of(std::uint32_t h) { return static_cast<std::int64_t>(h) * 3600; }

// "2026-11-20 10:00" in China Standard Time (UTC+8), for details and logs.
std::string format_time(std::int64_t s) { return text::china_time(s); }

// ---- Masked IDs: 110105********002X packed into one integer (code.proto) ---------------------
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::uint64_t pack_id(const std::string& masked) {
  if (masked.size() != 18) return 0;
  std::uint64_t area = 0, last3 = 0, check = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    if (!is_digit(masked[i])) return 0;
    area = area * 10 + static_cast<std::uint64_t>(masked[i] - '0');
  }
  for (std::size_t i = 6; i < 14; ++i)
    if (masked[i] != '*') return 0;
  for (std::size_t i = 14; i < 17; ++i) {
    if (!is_digit(masked[i])) return 0;
    last3 = last3 * 10 + static_cast<std::uint64_t>(masked[i] - '0');
  }
  if (is_digit(masked[17])) check = static_cast<std::uint64_t>(masked[17] - '0');
  else if (masked[17] == 'X') check = 10;
  else return 0;
  return area * 11000 + last3 * 11 + check + 1;
}

std::optional<std::string> unpack_id(std::uint64_t v) {
  if (v == 0) return std::string();
  --v;
  const std::uint64_t check = v % 11, last3 = (v / 11) % 1000, area = v / 11000;
  if (area > 999999) return std::nullopt;
  char buf[24];
  std::snprintf(buf, sizeof buf, "%06llu********%03llu", static_cast<unsigned long long>(area), static_cast<unsigned long long>(last3));
  std::string s = buf;
  s.push_back(check == 10 ? 'X' : static_cast<char>('0' + check));
  return s;
}

// Masks again (both masks are idempotent), so an unmasked name or ID never reaches a code.
template <class Body>
void put_holder(Body& b, const Holder& h) {
  b.set_name_masked(text::mask_name(h.name_masked));
  const std::string id = text::mask_resident_id(h.id_masked);
  if (const std::uint64_t packed = pack_id(id)) b.set_id_packed(packed);
  else if (!id.empty()) b.set_id_masked(id);
}

template <class Body>
bool get_holder(const Body& b, Holder* h) {
  auto id = unpack_id(b.id_packed());
  if (!id || (b.id_packed() != 0 && !b.id_masked().empty())) return false;
  h->name_masked = b.name_masked();
  h->id_masked = b.id_packed() ? *id : b.id_masked();
  return true;
}

// ---- Frames ---------------------------------------------------------------------------------
void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool can_sign(const crypto::KeyPair& k) {
  return crypto::is_signing_kind(k.kind) && k.secret_key.size() == crypto::secret_key_size(k.kind) &&
         k.public_key.size() == crypto::public_key_size(k.kind) && (!crypto::is_sm_kind(k.kind) || crypto::sm::available());
}

// A device key as a credential body carries it: Ed25519's 32 bytes, or an SM2 point's x (its y
// even). Empty when the key cannot go in a code of that suite.
std::string device_key_field(const crypto::Bytes& key, bool sm) {
  const std::string_view k = crypto::bytes_view(key);
  if (!sm) return key.size() == crypto_sign_PUBLICKEYBYTES ? std::string(k) : std::string();
  return crypto::sm::has_even_y(k) ? std::string(k.substr(1, 32)) : std::string();
}

// kind|version, issuer key id, varint length, body, issuer signature.
// Serialized quietly: protobuf-lite would log invalid UTF-8 in a string field to stderr.
std::string serialized(const google::protobuf::MessageLite& m) {
  proto::quiet_protobuf_logging();
  return m.SerializeAsString();
}

std::string signed_frame(Kind kind, const std::string& body, const crypto::KeyPair& issuer) {
  crypto::ensure_sodium();
  if (!can_sign(issuer)) return {};
  std::string f;
  const std::uint8_t version = crypto::is_sm_kind(issuer.kind) ? kFrameSm : kFrameEd25519;
  f.push_back(static_cast<char>(static_cast<std::uint8_t>(kind) | (version << 4)));
  f.append(reinterpret_cast<const char*>(issuer.id.bytes.data()), kKeyId);
  put_varint(f, body.size());
  f += body;
  f += crypto::sign_detached(kIssuerDomain, f, issuer);
  return f;
}

struct Frame {
  Kind kind{};
  bool sm = false;  // version 2: the sm suite
  crypto::KeyId issuer;
  std::string_view body;
  std::string_view issuer_signed;  // bytes 0 .. end of body
  std::string_view issuer_sig;
  bool has_window = false;
  std::uint32_t window = 0;
  std::string_view device_signed;  // everything before the device signature
  std::string_view device_sig;
};

enum class Tail { Issuer, IssuerAndWindow };

// Structure only: sizes and bounds. `tail` says what must follow the body.
Status<Fault> parse_frame(std::string_view b, Tail tail, Frame* f) {
  if (b.size() < 1 + kKeyId + 1) {
    return {Fault::Malformed, "truncated: " + std::to_string(b.size()) + " bytes"};
  }
  const auto k0 = static_cast<std::uint8_t>(b[0]);
  if ((k0 >> 4) != kFrameEd25519 && (k0 >> 4) != kFrameSm) {
    return {Fault::Malformed, "frame version " + std::to_string(k0 >> 4) + " (this build reads 1: Ed25519, 2: sm)"};
  }
  f->sm = (k0 >> 4) == kFrameSm;
  if (f->sm && !crypto::sm::available()) {
    return {Fault::Malformed, "a code in the sm suite (国密), which this build does not have"};
  }
  const std::uint8_t kind = k0 & 0x0F;
  if ((kind < 1 || kind > 5) && kind != static_cast<std::uint8_t>(Kind::Staff)) {
    return {Fault::Malformed, "kind byte " + std::to_string(kind)};
  }
  f->kind = static_cast<Kind>(kind);
  std::memcpy(f->issuer.bytes.data(), b.data() + 1, kKeyId);
  std::size_t at = 1 + kKeyId;
  std::uint64_t n = 0;
  for (int shift = 0;; shift += 7) {
    if (at >= b.size() || shift > 28) {
      return {Fault::Malformed, "bad body length"};
    }
    const auto c = static_cast<std::uint8_t>(b[at++]);
    n |= static_cast<std::uint64_t>(c & 0x7F) << shift;
    if (!(c & 0x80)) {
      if (c == 0 && shift > 0) {
        return {Fault::Malformed, "bad body length (not minimal)"};
      }
      break;
    }
  }
  const std::size_t need = kSig + (tail == Tail::IssuerAndWindow ? kWindow + kSig : 0);
  if (n > b.size() - at || b.size() - at - n != need) {
    return {Fault::Malformed, "frame size: " + std::to_string(b.size()) + " bytes, body " + std::to_string(n) + ", expected " +
           std::to_string(at + n + need)};
  }
  f->body = b.substr(at, n);
  at += n;
  f->issuer_signed = b.substr(0, at);
  f->issuer_sig = b.substr(at, kSig);
  at += kSig;
  if (tail == Tail::IssuerAndWindow) {
    f->has_window = true;
    f->window = 0;
    for (int i = 3; i >= 0; --i) f->window = (f->window << 8) | static_cast<std::uint8_t>(b[at + static_cast<std::size_t>(i)]);
    at += kWindow;
    f->device_signed = b.substr(0, at);
    f->device_sig = b.substr(at, kSig);
  }
  return {};
}

// The body of any kind, parsed and checked for field sizes.
struct Parsed {
  Credential credential;  // Dynamic
  Printed printed;
  Venue venue;
  HousePlate plate;
  Service service;
  Staff staff;
};

// Bounds of a staff credential's fields (code.proto StaffBody), for issuing and parsing alike. The
// staff key is in the code's suite (`sm`: an SM2 point, its seed sealed with SM4-GCM, a 12-byte
// nonce; code/staff.h).
constexpr std::size_t kStaffSaltBytes = 16;
std::string staff_fields_problem(const Staff& s, bool sm) {
  const std::size_t key_bytes = sm ? crypto::sm::kPublicKeyBytes : crypto_sign_PUBLICKEYBYTES;
  const std::size_t sealed_bytes =
      crypto::sealed_at_rest_size(crypto::at_rest_for(sm ? crypto::KeyKind::Sm2Sign : crypto::KeyKind::Sign), crypto::Seed{}.size());
  if (s.credential_id.empty() || s.credential_id.size() > 64) return "credential id of " + std::to_string(s.credential_id.size()) + " bytes";
  if (s.staff_id.empty() || s.staff_id.size() > 64) return "staff id of " + std::to_string(s.staff_id.size()) + " bytes";
  if (s.public_key.size() != key_bytes)
    return "staff key of " + std::to_string(s.public_key.size()) + " bytes (" + std::to_string(key_bytes) + " in the code's suite)";
  if (sm && !crypto::sm::check_public_key(crypto::sm::recommended_curve(), crypto::bytes_view(s.public_key))) return "staff key: not an SM2 point";
  if (s.key.salt.size() != kStaffSaltBytes) return "key salt of " + std::to_string(s.key.salt.size()) + " bytes";
  if (s.key.sealed.size() != sealed_bytes) return "sealed key of " + std::to_string(s.key.sealed.size()) + " bytes";
  if (s.key.opslimit < 1 || s.key.opslimit > 16) return "key cost: " + std::to_string(s.key.opslimit) + " passes";
  if (s.key.memlimit_kib < 8 || s.key.memlimit_kib > 256 * 1024) return "key cost: " + std::to_string(s.key.memlimit_kib) + " KiB";
  return {};
}

Status<Fault> parse_body(Kind kind, bool sm, std::string_view body, Parsed* p) {
  proto::quiet_protobuf_logging();
  const auto bad = [](std::string why) { return Status<Fault>(Fault::Malformed, std::move(why)); };
  switch (kind) {
    case Kind::Dynamic: {
      proto::CredentialBody m;
      if (auto parsed = proto::parse_canonical(m, body); !parsed)
        return bad("credential body does not parse: " + parsed.detail());
      if (m.device_public_key().size() != 32) return bad("device key of " + std::to_string(m.device_public_key().size()) + " bytes");
      auto& c = p->credential;
      if (sm) {
        const std::string point = crypto::sm::point_from_x(m.device_public_key());
        if (point.empty()) return bad("device key: no SM2 point has that x");
        c.device_public_key.assign(point.begin(), point.end());
      } else {
        c.device_public_key.assign(m.device_public_key().begin(), m.device_public_key().end());
      }
      c.credential_id = m.credential_id().empty() ? credential_id_for_device(c.device_public_key) : m.credential_id();
      if (c.credential_id.size() > 64) return bad("credential id of " + std::to_string(c.credential_id.size()) + " bytes");
      if (!get_holder(m, &c.holder)) return bad("holder ID field");
      c.valid_from = seconds_of(m.valid_from_h());
      c.valid_until = seconds_of(m.valid_until_h());
      return {};
    }
    case Kind::Printed: {
      proto::PrintedBody m;
      if (auto parsed = proto::parse_canonical(m, body); !parsed)
        return bad("printed body does not parse: " + parsed.detail());
      if (m.credential_id().empty() || m.credential_id().size() > 64) return bad("credential id of " + std::to_string(m.credential_id().size()) + " bytes");
      auto& c = p->printed;
      c.credential_id = m.credential_id();
      if (!get_holder(m, &c.holder)) return bad("holder ID field");
      c.valid_from = seconds_of(m.valid_from_h());
      c.valid_until = seconds_of(m.valid_until_h());
      return {};
    }
    case Kind::Venue: {
      proto::VenueBody m;
      if (auto parsed = proto::parse_canonical(m, body); !parsed)
        return bad("venue body does not parse: " + parsed.detail());
      p->venue = {m.venue_id(), m.name(), m.division(), seconds_of(m.valid_until_h())};
      return {};
    }
    case Kind::HousePlate: {
      proto::HousePlateBody m;
      if (auto parsed = proto::parse_canonical(m, body); !parsed)
        return bad("house-plate body does not parse: " + parsed.detail());
      p->plate = {m.plate_id(), m.address(), m.division(), {m.items().begin(), m.items().end()}};
      return {};
    }
    case Kind::Service: {
      proto::ServiceBody m;
      if (auto parsed = proto::parse_canonical(m, body); !parsed)
        return bad("service body does not parse: " + parsed.detail());
      p->service = {m.item(), m.form()};
      return {};
    }
    case Kind::Staff: {
      proto::StaffBody m;
      if (auto parsed = proto::parse_canonical(m, body); !parsed)
        return bad("staff body does not parse: " + parsed.detail());
      auto& s = p->staff;
      s.credential_id = m.credential_id();
      s.staff_id = m.staff_id();
      s.name_masked = m.name_masked();
      s.unit = m.unit();
      s.valid_from = seconds_of(m.valid_from_h());
      s.valid_until = seconds_of(m.valid_until_h());
      s.public_key.assign(m.public_key().begin(), m.public_key().end());
      s.key = {m.key_salt(), m.key_opslimit(), m.key_memlimit_kib(), m.sealed_key()};
      if (const std::string problem = staff_fields_problem(s, sm); !problem.empty()) return bad(problem);
      return {};
    }
    default: return bad("kind " + std::to_string(static_cast<int>(kind)));
  }
}

std::string text_of(Kind kind, std::string_view bytes) { return std::string(kind_prefix(kind)) + base45_encode(bytes); }

// A code's text (prefix + Base45) for a body signed by the issuer; empty when it cannot sign.
std::string issued_text(Kind kind, const std::string& body, const crypto::KeyPair& issuer) {
  const std::string f = signed_frame(kind, body, issuer);
  return f.empty() ? f : text_of(kind, f);
}

bool kind_listed(const std::vector<Kind>& kinds, Kind k) { return std::find(kinds.begin(), kinds.end(), k) != kinds.end(); }

// Times handed in (now, skew) are clamped so that no sum below can overflow, whatever the caller or
// a signed list says; code times are hours * 3600 < 2^44 anyway.
constexpr std::int64_t kTimeLimit = std::int64_t{1} << 50;
std::int64_t clamp_time(std::int64_t t) { return std::clamp(t, -kTimeLimit, kTimeLimit); }
std::int64_t clamp_skew(std::int64_t s) { return std::clamp<std::int64_t>(s, 0, std::int64_t{1} << 40); }

// A signed list's signature refused, in the verifier's reasons; the signature's own reason stays
// in the detail where it is not the same. `unknown`: said when the signer is not trusted.
Status<Refusal> list_refused(const std::string& list, const crypto::Verified& v, const char* unknown) {
  const std::string detail = list + ": " + (v.detail().empty() ? reason_key(v.reason()) : v.detail());
  switch (v.reason()) {
    case crypto::SignError::UnknownIssuer:
    case crypto::SignError::IssuerNotAllowed: return {Refusal::UnknownIssuer, detail + unknown};
    case crypto::SignError::BadSignature: return {Refusal::BadSignature, detail};
    default: return {Refusal::Malformed, list + ": " + v.describe()};
  }
}

bool entry_valid_at(const TrustEntry& e, std::int64_t now, std::int64_t skew) {
  now = clamp_time(now), skew = clamp_skew(skew);
  return (e.valid_from == 0 || e.valid_from <= now + skew) && (e.valid_until == 0 || e.valid_until >= now - skew);
}

}  // namespace

// ---- Names --------------------------------------------------------------------------------------
const char* kind_prefix(Kind k) {
  switch (k) {
    case Kind::Dynamic: return prefix::kDynamic;
    case Kind::Printed: return prefix::kPrinted;
    case Kind::Venue: return prefix::kVenue;
    case Kind::HousePlate: return prefix::kHousePlate;
    case Kind::Service: return prefix::kService;
    case Kind::HandOff: return prefix::kHandOff;
    case Kind::Receipt: return prefix::kReceipt;
    case Kind::Staff: return prefix::kStaff;
  }
  return "";
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Dynamic: return "dynamic";
    case Kind::Printed: return "printed";
    case Kind::Venue: return "venue";
    case Kind::HousePlate: return "house-plate";
    case Kind::Service: return "service";
    case Kind::HandOff: return "hand-off";
    case Kind::Receipt: return "receipt";
    case Kind::Staff: return "staff";
  }
  return "";
}

std::optional<Kind> kind_of(std::string_view text) {
  if (text.size() < prefix::kLength) return std::nullopt;
  for (int k = 1; k <= 8; ++k)
    if (text.compare(0, prefix::kLength, kind_prefix(static_cast<Kind>(k))) == 0) return static_cast<Kind>(k);
  return std::nullopt;
}

const char* reason_key(Refusal r) {
  switch (r) {
    case Refusal::None: return "ok";
    case Refusal::Malformed: return "malformed";
    case Refusal::WrongKind: return "wrong-kind";
    case Refusal::UnknownIssuer: return "unknown-issuer";
    case Refusal::BadSignature: return "bad-signature";
    case Refusal::Expired: return "expired";
    case Refusal::NotYetValid: return "not-yet-valid";
    case Refusal::Revoked: return "revoked";
    case Refusal::Replayed: return "replayed";
    case Refusal::RolledBack: return "rolled-back";
  }
  return "";
}

const char* reason_text(Refusal r) {
  switch (r) {
    case Refusal::None: return "有效";
    case Refusal::Malformed: return "不是有效的码";
    case Refusal::WrongKind: return "此处不受理这类码";
    case Refusal::UnknownIssuer: return "签发方不受信任";
    case Refusal::BadSignature: return "签名无效，码可能被伪造或篡改";
    case Refusal::Expired: return "已过期";
    case Refusal::NotYetValid: return "尚未生效";
    case Refusal::Revoked: return "已注销";
    case Refusal::Replayed: return "重复出示，可能是截图";
    case Refusal::RolledBack: return "比已安装的名单旧";
  }
  return "";
}

std::string credential_id_for_device(const crypto::Bytes& device_public_key) {
  crypto::ensure_sodium();
  std::string in = kCredentialIdDomain;
  in.push_back('\0');
  in.append(device_public_key.begin(), device_public_key.end());
  // BLAKE2b-256 for an Ed25519 device, SM3 for an SM2 one: the suite's digest.
  const bool sm = device_public_key.size() == crypto::sm::kPublicKeyBytes;
  return crypto::digest_for_suite(sm ? crypto::kSuiteSm2 : crypto::kSuiteEd25519, in).substr(0, kCredentialIdBytes);
}

// ---- Issuing ------------------------------------------------------------------------------------
std::string issue_credential(const Credential& c, const crypto::KeyPair& issuer) {
  // A code is in one suite: an sm issuer binds an SM2 device key (y even), an Ed25519 one an Ed25519 key.
  const std::string device_key = device_key_field(c.device_public_key, crypto::is_sm_kind(issuer.kind));
  if (device_key.empty()) return {};
  proto::CredentialBody b;
  if (!c.credential_id.empty() && c.credential_id != credential_id_for_device(c.device_public_key)) {
    if (c.credential_id.size() > 64) return {};
    b.set_credential_id(c.credential_id);
  }
  b.set_device_public_key(device_key);
  put_holder(b, c.holder);
  b.set_valid_from_h(hours_floor(c.valid_from));
  b.set_valid_until_h(hours_ceil(c.valid_until));
  return signed_frame(Kind::Dynamic, serialized(b), issuer);
}

Result<Credential, Fault> parse_credential(std::string_view credential) {
  const auto bad = [](const std::string& why) { return Result<Credential, Fault>(Fault::Malformed, "credential: " + why); };
  if (credential.size() > kMaxCodeChars) return bad("oversized: " + std::to_string(credential.size()) + " bytes");
  Frame f;
  if (const auto framed = parse_frame(credential, Tail::Issuer, &f); !framed) return bad(framed.detail());
  if (f.kind != Kind::Dynamic) return bad(std::string("a ") + kind_name(f.kind) + " code, not a credential");
  Parsed p;
  if (const auto parsed = parse_body(f.kind, f.sm, f.body, &p); !parsed) return bad(parsed.detail());
  return std::move(p.credential);
}

Result<Staff, Fault> parse_staff_code(std::string_view text) {
  const auto bad = [](const std::string& why) { return Result<Staff, Fault>(Fault::Malformed, "staff credential: " + why); };
  if (text.size() > kMaxCodeChars) return bad("oversized: " + std::to_string(text.size()) + " characters");
  if (kind_of(text) != Kind::Staff) return bad("not a staff credential (no TBW1: prefix)");
  auto bytes = base45_decode(text.substr(prefix::kLength));
  if (!bytes) return bad(bytes.detail());
  Frame f;
  if (const auto framed = parse_frame(*bytes, Tail::Issuer, &f); !framed) return bad(framed.detail());
  if (f.kind != Kind::Staff) return bad(std::string("a ") + kind_name(f.kind) + " code behind a TBW1: prefix");
  Parsed p;
  if (const auto parsed = parse_body(f.kind, f.sm, f.body, &p); !parsed) return bad(parsed.detail());
  return std::move(p.staff);
}

Result<std::string, Fault> dynamic_code(std::string_view credential, const crypto::KeyPair& device, std::int64_t now_s,
                                        int window_s) {
  crypto::ensure_sodium();
  using Code = Result<std::string, Fault>;
  if (window_s <= 0) return Code(Fault::Invalid, "window of " + std::to_string(window_s) + " s");
  if (now_s < 0 || now_s / window_s > std::numeric_limits<std::uint32_t>::max())
    return Code(Fault::Invalid, "time " + std::to_string(now_s) + " out of range");
  const auto c = parse_credential(credential);
  if (!c) return c;
  if (!can_sign(device)) return Code(Fault::Invalid, "the device key cannot sign (needs a signing key with its secret)");
  if (device.public_key != c->device_public_key)
    return Code(Fault::Invalid, "device key " + device.id.hex() + " is not the one this credential binds");
  const auto window = static_cast<std::uint32_t>(now_s / window_s);
  std::string bytes(credential);
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>((window >> (8 * i)) & 0xFF));
  bytes += crypto::sign_detached(kDeviceDomain, bytes, device);
  return text_of(Kind::Dynamic, bytes);
}

int seconds_left(std::int64_t now_s, int window_s) {
  if (window_s <= 0) return 0;
  std::int64_t r = now_s % window_s;
  if (r < 0) r += window_s;
  return static_cast<int>(window_s - r);
}

std::string issue_printed(const Printed& p, const crypto::KeyPair& issuer) {
  if (p.credential_id.empty() || p.credential_id.size() > 64) return {};
  proto::PrintedBody b;
  b.set_credential_id(p.credential_id);
  put_holder(b, p.holder);
  b.set_valid_from_h(hours_floor(p.valid_from));
  b.set_valid_until_h(hours_ceil(p.valid_until));
  return issued_text(Kind::Printed, serialized(b), issuer);
}

std::string issue_venue(const Venue& v, const crypto::KeyPair& issuer) {
  proto::VenueBody b;
  b.set_venue_id(v.venue_id);
  b.set_name(v.name);
  b.set_division(v.division);
  b.set_valid_until_h(hours_ceil(v.valid_until));
  return issued_text(Kind::Venue, serialized(b), issuer);
}

std::string issue_house_plate(const HousePlate& h, const crypto::KeyPair& issuer) {
  proto::HousePlateBody b;
  b.set_plate_id(h.plate_id);
  b.set_address(h.address);
  b.set_division(h.division);
  for (const auto& i : h.items) b.add_items(i);
  return issued_text(Kind::HousePlate, serialized(b), issuer);
}

std::string issue_service(const Service& s, const crypto::KeyPair& issuer) {
  proto::ServiceBody b;
  b.set_item(s.item);
  b.set_form(s.form);
  return issued_text(Kind::Service, serialized(b), issuer);
}

std::string issue_staff(const Staff& s, const crypto::KeyPair& issuer) {
  if (!staff_fields_problem(s, crypto::is_sm_kind(issuer.kind)).empty()) return {};
  proto::StaffBody b;
  b.set_credential_id(s.credential_id);
  b.set_staff_id(s.staff_id);
  b.set_name_masked(text::mask_name(s.name_masked));
  b.set_unit(s.unit);
  b.set_valid_from_h(hours_floor(s.valid_from));
  b.set_valid_until_h(hours_ceil(s.valid_until));
  b.set_public_key(std::string(s.public_key.begin(), s.public_key.end()));
  b.set_key_salt(s.key.salt);
  b.set_key_opslimit(s.key.opslimit);
  b.set_key_memlimit_kib(s.key.memlimit_kib);
  b.set_sealed_key(s.key.sealed);
  return issued_text(Kind::Staff, serialized(b), issuer);
}

// ---- Lists ----------------------------------------------------------------------------------------
std::string sign_trust_list(const std::vector<TrustEntry>& entries, std::int64_t issued_at, const crypto::KeyPair& root) {
  if (!can_sign(root)) return {};
  proto::TrustList l;
  l.set_issued_at(issued_at);
  for (const auto& e : entries) {
    auto* m = l.add_entries();
    m->set_public_key(std::string(e.key.key.begin(), e.key.key.end()));
    m->set_name(e.key.name);
    for (Kind k : e.kinds) m->add_kinds(static_cast<proto::CodeKind>(k));
    m->set_valid_from(e.valid_from);
    m->set_valid_until(e.valid_until);
  }
  return crypto::sign_document(kTrustListFormat, 1, serialized(l), root).SerializeAsString();
}

std::string sign_revocation_list(std::string_view filter_bytes, std::int64_t issued_at, const crypto::KeyPair& issuer) {
  if (!can_sign(issuer)) return {};
  proto::RevocationListDoc d;
  d.set_issued_at(issued_at);
  d.set_filter(std::string(filter_bytes));
  return crypto::sign_document(kRevocationListFormat, 1, serialized(d), issuer).SerializeAsString();
}

// ---- Verifier -----------------------------------------------------------------------------------
Status<Refusal> Verifier::set_trust_list(std::string_view signed_list, const crypto::TrustStore& roots, std::int64_t now_s) {
  proto::quiet_protobuf_logging();
  const auto malformed = [](const std::string& why) { return Status<Refusal>(Refusal::Malformed, "trust list: " + why); };
  proto::Signed doc;
  if (signed_list.size() > (64u << 20)) return malformed("over 64 MiB");
  if (auto parsed = proto::parse_canonical(doc, signed_list); !parsed) return malformed(parsed.detail());
  const auto v = crypto::verify_document(doc, kTrustListFormat, 1, roots, now_s);
  if (!v) return list_refused("trust list", v, "");
  proto::TrustList l;
  if (auto parsed = proto::parse_canonical(l, doc.body()); !parsed) return malformed(parsed.detail());
  if (trust_issued_at_ && l.issued_at() < *trust_issued_at_)
    return {Refusal::RolledBack, "trust list: issued " + format_time(l.issued_at()) + ", older than the installed one (" +
                                     format_time(*trust_issued_at_) + ")"};
  std::vector<TrustEntry> entries;
  for (int i = 0; i < l.entries_size(); ++i) {
    const auto& m = l.entries(i);
    const std::string where = "entry " + std::to_string(i + 1) + ": ";
    // Either suite, whatever the list's own: each code is checked in its issuer key's suite, and
    // its frame must say that suite (docs/CODES.md, "Suites").
    const bool sm_key = m.public_key().size() == crypto::sm::kPublicKeyBytes;
    if (m.public_key().size() != crypto_sign_PUBLICKEYBYTES && !sm_key)
      return malformed(where + "key of " + std::to_string(m.public_key().size()) + " bytes (32: Ed25519, 65: SM2)");
    if (sm_key && crypto::sm::available())
      if (auto point = crypto::sm::check_public_key(crypto::sm::recommended_curve(), m.public_key()); !point)
        return malformed(where + "SM2 key: " + point.detail());
    TrustEntry e;
    e.key.kind = sm_key ? crypto::KeyKind::Sm2Sign : crypto::KeyKind::Sign;
    e.key.name = m.name();
    e.key.key.assign(m.public_key().begin(), m.public_key().end());
    e.key.id = crypto::key_id_of(e.key.key.data(), e.key.key.size());
    for (int k : m.kinds()) {
      if (k < 1 || k > 8) return malformed(where + "unknown kind " + std::to_string(k));
      e.kinds.push_back(static_cast<Kind>(k));
    }
    e.valid_from = m.valid_from();
    e.valid_until = m.valid_until();
    entries.push_back(std::move(e));
  }
  trusted_ = std::move(entries);
  trust_issued_at_ = l.issued_at();
  return {};
}

void Verifier::trust(TrustEntry entry) { trusted_.push_back(std::move(entry)); }

Status<Refusal> Verifier::set_revocation_list(std::string_view signed_list, std::int64_t now_s) {
  proto::quiet_protobuf_logging();
  const auto malformed = [](const std::string& why) { return Status<Refusal>(Refusal::Malformed, "revocation list: " + why); };
  proto::Signed doc;
  if (signed_list.size() > (256u << 20)) return malformed("over 256 MiB");
  if (auto parsed = proto::parse_canonical(doc, signed_list); !parsed) return malformed(parsed.detail());
  // Signers: keys trusted for revocable codes (printed, dynamic, staff) now.
  crypto::TrustStore signers;
  for (const auto& e : trusted_)
    if ((kind_listed(e.kinds, Kind::Printed) || kind_listed(e.kinds, Kind::Dynamic) || kind_listed(e.kinds, Kind::Staff)) &&
        entry_valid_at(e, now_s, options_.clock_skew_s))
      signers.add({e.key, 0, 0, {kRevocationListFormat}});
  const auto v = crypto::verify_document(doc, kRevocationListFormat, 1, signers, 0);
  if (!v) return list_refused("revocation list", v, " (not trusted for printed or dynamic codes, nor for staff credentials, now)");
  proto::RevocationListDoc d;
  if (auto parsed = proto::parse_canonical(d, doc.body()); !parsed) return malformed(parsed.detail());
  if (revocation_issued_at_ && d.issued_at() < *revocation_issued_at_)
    return {Refusal::RolledBack, "revocation list: issued " + format_time(d.issued_at()) +
                                     ", older than the installed one (" + format_time(*revocation_issued_at_) + ")"};
  auto filter = RevocationFilter::open(d.filter());
  if (!filter) return {Refusal::Malformed, filter.detail()};  // already "revocation list: …"
  revoked_ = std::move(filter).value();
  revocation_issued_at_ = d.issued_at();
  return {};
}

Verification Verifier::verify(std::string_view text, std::int64_t now_s) {
  crypto::ensure_sodium();
  now_s = clamp_time(now_s);
  Verification out;
  const auto refuse = [&out](Refusal r, std::string detail) {
    out.fail(r, std::move(detail));
    return out;
  };
  if (text.size() > kMaxCodeChars) return refuse(Refusal::Malformed, "oversized: " + std::to_string(text.size()) + " characters");
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);  // scanners end with Enter
  const auto kind = kind_of(text);
  if (!kind) return refuse(Refusal::Malformed, "not a tongban code (no TBx1: prefix)");
  out.kind = *kind;
  if (*kind == Kind::HandOff || *kind == Kind::Receipt)
    return refuse(Refusal::WrongKind, std::string(kind_name(*kind)) + " codes are not verified here");
  const auto bytes = base45_decode(text.substr(prefix::kLength));
  if (!bytes) return refuse(Refusal::Malformed, bytes.detail());
  Frame f;
  if (const auto framed = parse_frame(*bytes, *kind == Kind::Dynamic ? Tail::IssuerAndWindow : Tail::Issuer, &f); !framed)
    return refuse(Refusal::Malformed, framed.detail());
  if (f.kind != *kind)
    return refuse(Refusal::Malformed, std::string("a ") + kind_name(f.kind) + " code behind a " + kind_prefix(*kind) + " prefix");
  out.issuer_key_id = f.issuer.hex();
  Parsed p;
  if (const auto parsed = parse_body(f.kind, f.sm, f.body, &p); !parsed) return refuse(Refusal::Malformed, parsed.detail());

  const std::vector<Kind>& accept = options_.accept;
  if (!accept.empty() && !kind_listed(accept, *kind))
    return refuse(Refusal::WrongKind, std::string(kind_name(*kind)) + " codes are not accepted here");

  // The issuer: a key with this id, trusted for this kind, at now (± skew).
  const std::int64_t skew = clamp_skew(options_.clock_skew_s);
  const TrustEntry* issuer = nullptr;
  bool id_known = false, kind_ok = false;
  const std::size_t key_size = f.sm ? crypto::sm::kPublicKeyBytes : crypto_sign_PUBLICKEYBYTES;
  for (const auto& e : trusted_) {
    if (!(e.key.id == f.issuer)) continue;
    if (e.key.key.size() != key_size)
      return refuse(Refusal::BadSignature, std::string("the frame says the ") + (f.sm ? "sm" : "Ed25519") + " suite, but key " +
                                               out.issuer_key_id + " is " + (f.sm ? "an Ed25519" : "an SM2") + " key (a rewritten suite?)");
    id_known = true;
    if (!kind_listed(e.kinds, *kind)) continue;
    kind_ok = true;
    if (!entry_valid_at(e, now_s, skew)) continue;
    issuer = &e;
    break;
  }
  if (!issuer)
    return refuse(Refusal::UnknownIssuer, "key " + out.issuer_key_id +
                                              (!id_known  ? " is not in the trust list"
                                               : !kind_ok ? std::string(" is not trusted for ") + kind_name(*kind) + " codes"
                                                          : " is not trusted at this time"));
  if (!crypto::verify_detached(kIssuerDomain, f.issuer_signed, f.issuer_sig, issuer->key.key))
    return refuse(Refusal::BadSignature, "issuer signature (key " + out.issuer_key_id + ")");
  if (f.has_window && !crypto::verify_detached(kDeviceDomain, f.device_signed, f.device_sig, p.credential.device_public_key))
    return refuse(Refusal::BadSignature, "device signature");

  // Validity.
  std::int64_t from = 0, until = 0;
  std::string credential_id;
  switch (*kind) {
    case Kind::Dynamic:
      from = p.credential.valid_from, until = p.credential.valid_until, credential_id = p.credential.credential_id;
      break;
    case Kind::Printed: from = p.printed.valid_from, until = p.printed.valid_until, credential_id = p.printed.credential_id; break;
    case Kind::Venue: until = p.venue.valid_until; break;
    case Kind::Staff: from = p.staff.valid_from, until = p.staff.valid_until, credential_id = p.staff.credential_id; break;
    default: break;
  }
  out.valid_until = until;
  if (!credential_id.empty()) out.credential_id = crypto::to_hex(credential_id);
  if (from != 0 && now_s < from - skew) return refuse(Refusal::NotYetValid, "valid from " + format_time(from));
  if (until != 0 && now_s > until + skew) return refuse(Refusal::Expired, "expired " + format_time(until));
  const int ws = options_.window_s > 0 ? options_.window_s : 30;
  if (f.has_window) {
    const std::int64_t start = static_cast<std::int64_t>(f.window) * ws, end = start + ws;
    if (end + skew <= now_s)
      return refuse(Refusal::Expired, "code of " + format_time(start) + ", " + std::to_string(now_s - end) +
                                          " s past its window (a screenshot?)");
    if (start > now_s + skew) return refuse(Refusal::NotYetValid, "code for " + format_time(start) + " (the phone's clock is ahead)");
  }
  if (!credential_id.empty() && revoked_ && revoked_->maybe_revoked(credential_id))
    return refuse(Refusal::Revoked, "credential " + out.credential_id);
  if (f.has_window) {
    std::pair<std::string, std::uint32_t> key{credential_id, f.window};
    if (seen_.count(key)) return refuse(Refusal::Replayed, "credential " + out.credential_id + ", window " + std::to_string(f.window));
    if (options_.replay_memory > 0) {
      // Forget first what could no longer verify anyway (windows past now - skew), then the oldest.
      const std::int64_t horizon = (now_s - skew) / ws - 2;
      while (!seen_order_.empty() &&
             (seen_order_.size() >= options_.replay_memory || static_cast<std::int64_t>(seen_order_.front().second) < horizon)) {
        seen_.erase(seen_order_.front());
        seen_order_.pop_front();
      }
      seen_.insert(key);
      seen_order_.push_back(std::move(key));
    }
  }

  // What the scope may show.
  const Holder* holder = *kind == Kind::Dynamic ? &p.credential.holder : *kind == Kind::Printed ? &p.printed.holder : nullptr;
  if (holder && options_.scope != Scope::Gate) out.name_masked = holder->name_masked;
  if (holder && options_.scope == Scope::Staff) out.id_masked = holder->id_masked;
  out.venue = std::move(p.venue);
  out.plate = std::move(p.plate);
  out.service = std::move(p.service);
  out.staff = std::move(p.staff);
  return out;
}

}  // namespace tb::code
