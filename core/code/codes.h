#pragma once
// 一码通城: the city's codes — what they carry, how they are signed, how they travel as text, and how
// a verifier with no network decides about them. Pure: time comes in as Unix seconds, randomness
// through crypto::Entropy, keys as crypto::KeyPair; no I/O. (docs/CODES.md)
//
// Text form: "<PREFIX>" + Base45(binary), all in the QR alphanumeric alphabet, so a code survives a
// keyboard-wedge (HID) scanner and fits a compact QR:
//   TBD1:  dynamic personal code (phone): issuer credential + device signature over a time window
//   TBP1:  printed personal code (随身码): issuer-signed, long-lived, revocable
//   TBV1:  venue code (场所码)            TBH1:  house-plate code (门楼牌码)
//   TBS1:  service code (opens a guide item or its form)
//   TBX1:  hand-off part (encrypted, key inside; a checklist or draft carried phone → kiosk/clerk)
//   TBR1:  receipt (seal/receipt.h)
//   TBW1:  staff credential (工作证, 帮办): staff id, masked name, the staff key sealed under a PIN (code/staff.h)
// Binary form (v1): a compact frame, not proto::Signed, so a dynamic code fits QR version 10-M:
//   byte 0        kind (Kind) | version << 4 (version 1)
//   bytes 1..8    issuer key id
//   varint n, n bytes   body: a protobuf-lite message (core/proto/code.proto) per kind
//   64 bytes      issuer Ed25519 signature over "tongban-code-v1" 0x00 || bytes 0 .. end of body
//   dynamic only: 4 bytes window number (u32 LE, Unix seconds / window_s) || 64 bytes device
//                 signature over "tongban-code-window-v1" 0x00 || all bytes before it
// Hand-off parts are not signed (they carry their own key): see HandOff below.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "code/revocation.h"
#include "crypto/keys.h"
#include "crypto/sign.h"
#include "crypto/entropy.h"
#include "result.h"

namespace tb::code {

enum class Kind : std::uint8_t { Dynamic = 1, Printed = 2, Venue = 3, HousePlate = 4, Service = 5, HandOff = 6, Receipt = 7, Staff = 8 };
const char* kind_prefix(Kind k);           // "TBD1:" …
const char* kind_name(Kind k);             // "dynamic", "printed", … (CLI, logs)
std::optional<Kind> kind_of(std::string_view text);  // by prefix; nullopt: not one of ours

// Longest text verify() looks at (longer: Malformed, "oversized"); also the cap on a credential's bytes.
inline constexpr std::size_t kMaxCodeChars = 2000;
// Signed-document formats of the two lists (proto::Signed, format_version 1).
inline constexpr const char* kTrustListFormat = "tongban.code.trust";
inline constexpr const char* kRevocationListFormat = "tongban.code.revocation";

// ---- What codes carry ---------------------------------------------------------------------------
// Identity is stored already masked (脱敏): a code never carries a full name or ID number.
struct Holder {
  std::string name_masked;   // 张*三
  std::string id_masked;     // 110105********002X
};

struct Credential {          // issued once to a phone install; binds its device key
  // What revocation lists name. Leave it empty: it is then credential_id_for_device(device key),
  // 16 bytes derived from the key, which the code does not need to carry (that is what lets a
  // dynamic code fit QR 10-M). Any other id is carried too and makes the code 18 bytes longer
  // (27 characters: typically QR version 11 instead of 10). parse_credential fills it either way.
  std::string credential_id;
  Holder holder;
  crypto::Bytes device_public_key;  // Ed25519, 32 bytes: signs the time windows
  std::int64_t valid_from = 0, valid_until = 0;  // Unix seconds
};
struct Printed {             // 随身码, on paper
  std::string credential_id;
  Holder holder;
  std::int64_t valid_from = 0, valid_until = 0;
};
struct Venue {               // 场所码
  std::string venue_id, name, division;  // division: GB/T 2260 code
  std::int64_t valid_until = 0;
};
struct HousePlate {          // 门楼牌码: an address and the services that matter there
  std::string plate_id, address, division;
  std::vector<std::string> items;         // guide item ids (e.g. household registration, property)
};
struct Service {             // opens a guide item, or its form when `form` is set
  std::string item;
  bool form = false;
};
// The staff member's Ed25519 secret key (its 32-byte seed), encrypted under a key derived from their
// PIN (Argon2id, crypto_pwhash): the kiosk opens it with the PIN at sign-in (code/staff.h).
struct StaffKeySeal {
  std::string salt;                  // crypto_pwhash salt, 16 bytes
  std::uint32_t opslimit = 0;        // Argon2id cost: passes
  std::uint32_t memlimit_kib = 0;    // Argon2id cost: memory in KiB
  std::string sealed;                // nonce (24) || XChaCha20-Poly1305 of the seed (32 + 16)
};
struct Staff {               // 工作证: a staff member who may sign in at kiosks to help residents (帮办)
  std::string credential_id;         // 16 random bytes from the issuer (what revocation lists name)
  std::string staff_id;              // 工号
  std::string name_masked;           // 王*明
  std::string unit;                  // where they work (not personal)
  std::int64_t valid_from = 0, valid_until = 0;
  crypto::Bytes public_key;          // Ed25519 (32 bytes) or, in the sm suite, SM2 (65): signs what they do as staff
  StaffKeySeal key;
};

// ---- Issuing ----------------------------------------------------------------------------------------
// The credential as the phone stores it (binary, issuer-signed); then the phone makes its codes.
// issue_*: the holder's name and ID are masked again (text/mask.h; idempotent), so an unmasked value
// never reaches a code; times are kept to the hour (valid_from rounded down, valid_until up; 0 stays
// unbounded). Empty result: the key cannot sign (not an Ed25519 pair with its secret), a device key
// that is not 32 bytes, or (printed) an empty credential id / any id over 64 bytes.
std::string issue_credential(const Credential& c, const crypto::KeyPair& issuer);
inline constexpr std::size_t kCredentialIdBytes = 16;
// First 16 bytes of BLAKE2b-256("tongban-credential-id-v1" 0x00 || device public key).
std::string credential_id_for_device(const crypto::Bytes& device_public_key);
// What a credential says (structure only: the issuer's signature is not checked here), e.g. for a
// phone to show its validity or an issuer to record the credential id. Fault::Malformed otherwise.
Result<Credential, Fault> parse_credential(std::string_view credential);
// The dynamic code for `now_s`: the credential plus the device's signature over the window
// floor(now_s / window_s). Text, ready for a QR code (version <= 10 at ECC M). Fails with
// Malformed (the credential), Invalid (a window or time out of range, a key that cannot sign or is
// not the one the credential binds).
Result<std::string, Fault> dynamic_code(std::string_view credential, const crypto::KeyPair& device, std::int64_t now_s,
                                        int window_s = 30);
int seconds_left(std::int64_t now_s, int window_s = 30);  // for the phone's countdown
std::string issue_printed(const Printed& p, const crypto::KeyPair& issuer);
std::string issue_venue(const Venue& v, const crypto::KeyPair& issuer);
std::string issue_house_plate(const HousePlate& h, const crypto::KeyPair& issuer);
std::string issue_service(const Service& s, const crypto::KeyPair& issuer);
// A staff credential from its parts; code/staff.h makes the key and its seal from a PIN. Empty when
// the issuer cannot sign or a field is out of bounds (ids 1–64 bytes, key 32, salt 16, seal 72).
std::string issue_staff(const Staff& s, const crypto::KeyPair& issuer);
// What a staff credential's text says (structure only: the issuer's signature is not checked; use a
// Verifier for that), e.g. for a department reading an assistance record.
Result<Staff, Fault> parse_staff_code(std::string_view text);

// ---- Trust and revocation lists (published signed, verified offline) ------------------------------
// A trust list: which issuer keys are trusted for which kinds, and when (rotation = overlapping
// validity). Signed by the city's root key (proto::Signed, format "tongban.code.trust").
struct TrustEntry {
  crypto::PublicKey key;
  std::vector<Kind> kinds;
  std::int64_t valid_from = 0, valid_until = 0;  // 0: unbounded
};
std::string sign_trust_list(const std::vector<TrustEntry>& entries, std::int64_t issued_at, const crypto::KeyPair& root);
// Revocation list (format "tongban.code.revocation"): the filter of revocation.h, signed, dated.
std::string sign_revocation_list(std::string_view filter_bytes, std::int64_t issued_at, const crypto::KeyPair& issuer);

// ---- Verifying ---------------------------------------------------------------------------------------
enum class Refusal {
  None,
  Malformed,      // not a code, bad Base45, truncated, oversized, fields of the wrong size
  WrongKind,      // a valid code of a kind this verifier does not take
  UnknownIssuer,  // no trusted key with that id (for that kind, at that time)
  BadSignature,   // issuer or device signature does not verify
  Expired,
  NotYetValid,
  Revoked,
  Replayed,       // this dynamic code's window was already presented here
  RolledBack,     // (lists) issued before the list already installed
};
const char* reason_key(Refusal r);   // "expired" (logs, the CLI, the phone API)
const char* reason_text(Refusal r);  // the plain Chinese (screens): "已过期"

// What a verifier may show (masked by default; a code carries nothing more anyway).
enum class Scope {
  Gate,    // valid or not, and the kind: nothing about the person
  Venue,   // + the masked name
  Staff,   // + the masked ID number (帮办: the clerk sees who they are helping)
};

// The refusal and its detail (e.g. "expired 2026-11-20 10:00", "key 0be30315d54c3400"), or what
// the code says. kind and issuer_key_id are filled as far as the code could be read.
class Verifier;
struct Verification : Status<Refusal> {
  Kind kind{};
  std::string issuer_key_id;          // hex
  std::string credential_id;          // hex (personal codes)
  std::string name_masked, id_masked; // filled per scope
  Venue venue;
  HousePlate plate;
  Service service;
  Staff staff;                        // staff credentials (every scope: it is the staff member's)
  std::int64_t valid_until = 0;

 private:
  friend class Verifier;  // refuses as it reads, keeping what it read
};

struct VerifierOptions {
  Scope scope = Scope::Gate;
  std::vector<Kind> accept;          // empty: every kind except HandOff/Receipt (those have their own paths)
  std::int64_t clock_skew_s = 90;    // tolerance for the holder's clock (windows and validity)
  int window_s = 30;
  std::size_t replay_memory = 100'000;  // windows remembered (oldest forgotten first); 0: none
};
// verify() decides in this order, and says the first reason that applies:
//   Malformed (length > kMaxCodeChars, prefix, Base45, frame sizes, kind byte vs prefix, body)
//   → WrongKind (options.accept; hand-off parts and receipts always: they have their own readers)
//   → UnknownIssuer (a trusted entry with that key id, for that kind, valid at now ± skew)
//   → BadSignature (issuer, then for dynamic codes the device)
//   → NotYetValid / Expired (code validity ± skew; dynamic: the window [w*window_s, (w+1)*window_s)
//     must come within skew of now) → Revoked (personal and staff codes: credential id in the filter)
//   → Replayed (dynamic: (credential id, window) already accepted by this verifier).
// A trusted key's validity bounds when codes it signed are accepted (codes carry no signing time):
// rotate by publishing the new key from T - overlap and re-issuing before the old one ends at T.

class Verifier {
 public:
  explicit Verifier(VerifierOptions options = {}) : options_(std::move(options)) {}
  // Installs a signed trust list after checking it against the root key(s) at now_s; why not
  // otherwise (Malformed, UnknownIssuer, BadSignature, RolledBack). It replaces every trusted entry
  // (trust() ones too); a list issued before the installed one is refused (no rollback).
  Status<Refusal> set_trust_list(std::string_view signed_list, const crypto::TrustStore& roots, std::int64_t now_s);
  // Or trust keys directly (tests, single-issuer demos).
  void trust(TrustEntry entry);
  // Installs a signed revocation list (signed by a key trusted for Printed, Dynamic or Staff codes
  // at now_s ± skew); replaces the previous one unless it is older.
  Status<Refusal> set_revocation_list(std::string_view signed_list, std::int64_t now_s);

  // Never throws, never crashes, whatever the text (tested on a corpus of mutated codes).
  Verification verify(std::string_view text, std::int64_t now_s);

 private:
  VerifierOptions options_;
  std::vector<TrustEntry> trusted_;
  std::optional<RevocationFilter> revoked_;
  std::set<std::pair<std::string, std::uint32_t>> seen_;              // (credential id, window)
  std::deque<std::pair<std::string, std::uint32_t>> seen_order_;
  // issued_at of the installed lists: an older list never replaces a newer one (no rollback).
  std::optional<std::int64_t> trust_issued_at_, revocation_issued_at_;
};

// ---- Hand-off: a checklist or a draft carried from a phone to a kiosk or clerk ---------------------
// The payload is compressed-free bytes (the caller's: a FormDraft, a checklist code), encrypted with
// a fresh XChaCha20-Poly1305 key that travels inside the codes (whoever scans them can read them:
// the point is that nothing is typed twice, and that a photo of a queue ticket does not leak the
// draft later — the shell shows the codes only while the person holds the screen). Split over as
// many parts as needed, each a "TBX1:" code fitting QR version <= 15 at ECC M.
// Part binary: 8-byte transfer id | index | total | (part 0: 32-byte key, 24-byte nonce) | chunk.
// index and total are one byte each (1..255 parts); the chunks, in index order, are the
// ciphertext + 16-byte tag of the whole payload, associated data "tongban-handoff-v1" 0x00 ||
// transfer id || total, so the key travels in part 0 only and nothing authenticates before every
// part is in (payload() then refuses a changed, swapped or foreign part). max_part_chars counts the
// prefix. Empty result: max_part_chars too small for part 0 (< 106), or more than 255 parts needed.
std::vector<std::string> handoff_encode(std::string_view payload, crypto::Entropy& entropy, std::size_t max_part_chars = 400);

enum class HandOffError {
  None,
  Malformed,      // not a hand-off part, bad Base45, truncated, impossible numbering
  OtherTransfer,  // a part of another transfer than the one being collected (or numbered otherwise)
  Conflict,       // a part scanned again with other contents
  Incomplete,     // payload() before every part is in
  Tampered,       // the parts do not authenticate: changed, or mixed from transfers
};
const char* reason_key(HandOffError e);
const char* reason_text(HandOffError e);

class HandOffAssembler {
 public:
  // Adds a scanned part (any order, repeats ignored). Malformed parts or parts of another transfer
  // once one has started are refused with a reason.
  Status<HandOffError> add(std::string_view text);
  bool complete() const;
  std::size_t have() const { return parts_.size(); }
  std::size_t total() const { return total_; }
  void reset() { wipe(); }  // start over (another transfer)
  void wipe();              // forgets every part, overwriting what they held
  // The payload once complete (decrypted, authenticated); Incomplete or Tampered otherwise.
  Result<std::string, HandOffError> payload() const;

 private:
  std::string transfer_id_;
  std::size_t total_ = 0;
  std::map<std::size_t, std::string> parts_;
};

}  // namespace tb::code
