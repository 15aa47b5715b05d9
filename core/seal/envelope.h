#pragma once
// Sealed submissions (docs/ENVELOPE.md). A device seals an application so that only the recipient
// departments can read it, each only its own part (一件事 splits), and signs the whole:
//   - a fresh 32-byte key per part; the part's plaintext stream (u32 LE length of its PartContent,
//     the PartContent with the answers as JSON, then its attachments back to back) padded (Padmé) and cut into 64 KiB chunks, each sealed with
//     XChaCha20-Poly1305 under nonce = 16-byte prefix || chunk counter, the last one marked final
//     (so chunks can be neither reordered nor dropped);
//   - the part key sealed to the department's X25519 key (libsodium sealed-box format);
//   - the header (ids, form, recipients, padded sizes, created-at, chunk-tag digests) signed with the
//     device's Ed25519 key.
// The core has no randomness: every random byte comes from the Entropy the shell hands in.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/entropy.h"
#include "crypto/keys.h"
#include "proto/envelope.pb.h"
#include "result.h"

namespace tb::seal {

inline constexpr const char* kSuite = "tongban-seal-v1";
// The national-cryptography suite (docs/ENVELOPE.md §4.1): an SM2 device key seals with it, to
// departments' sm2-seal keys only; native builds only this round (crypto/sm.h).
inline constexpr const char* kSuiteSm = "tongban-seal-sm-v1";
inline constexpr std::uint32_t kVersion = 1;
inline constexpr std::size_t kChunk = 64 * 1024;
inline constexpr std::uint64_t kMaxPartBytes = 256ull * 1024 * 1024;  // padded plaintext of one part
inline constexpr std::uint64_t kMaxEnvelopeBytes = 0x7fffffffull;    // protobuf's 2 GiB message limit
inline constexpr std::uint64_t kDefaultMaxEnvelope = 64ull << 20;    // the intake's default limit

// Padded size of a part's plaintext: Padmé (Nikitin et al., "Reducing Metadata Leakage from
// Encrypted Files and Communication with PURBs", 2019) with a 4 KiB floor. At most ~12% overhead,
// and an observer learns only O(log log n) bits of the length. Each part is padded on its own, so a
// photo for one department does not inflate the others (a village uplink pays for every byte).
std::uint64_t padded_size_for(std::uint64_t plaintext_bytes);
// Ciphertext bytes of a part with this padded size (chunks plus their tags).
std::uint64_t sealed_part_size(std::uint64_t padded_size);
// An upper bound on the sealed size of an envelope with parts of these padded sizes.
std::uint64_t envelope_size_estimate(const std::vector<std::uint64_t>& padded_sizes);

struct AttachmentPlan {
  std::string name, mime;
  std::uint64_t size = 0;
};

struct PartPlan {
  std::string department;
  crypto::PublicKey recipient;        // X25519 (kind x25519-seal); sm2-seal when the device key is SM2
  std::string data_json;
  std::vector<AttachmentPlan> attachments;
  std::string identity = {};          // a serialized proto::IdentityRecord, or empty (seal/provenance.h)
};

// A clerk helped (帮办): each part gets an AssistanceRecord, its statement signed by the staff key
// through `sign` (StaffDesk::sign) once the submission id is drawn (docs/ENVELOPE.md §3.8).
inline constexpr const char* kAssistDomain = "tongban-assist-v1";
struct AssistPlan {
  std::string staff_credential;       // TBW1:…
  std::string staff_id;
  std::string consent;                // "on-screen" or "counter"
  std::function<std::string(std::string_view domain, std::string_view bytes)> sign;
};

struct SealPlan {
  std::string kind = "application";   // application | rating | appointment
  std::string form, item;
  std::uint32_t form_version = 0;
  std::int64_t created_at = 0;        // Unix seconds (the shell's clock)
  std::vector<PartPlan> parts;
  std::uint64_t max_envelope_bytes = kDefaultMaxEnvelope;  // refuse at begin() what the intake won't take
  std::optional<AssistPlan> assist;   // a clerk helped: every part carries their signed record
};

// Why a submission could not be planned or sealed (the detail says what exactly, in English).
enum class SealError {
  None,
  InvalidPlan,       // parts, departments, attachments or a rating out of the rules
  BadKey,            // a device key that cannot sign, a department key that cannot be sealed to
  TooLarge,          // over what one part or the intake takes
  NoSuchItem,        // (submission plans) not in the catalogue
  NoSuchDepartment,
  NoOnlineKey,       // the department takes no online submissions (请到窗口办理)
  NoSuchHall,
  NothingToSubmit,   // a form without answers for any department
  Misuse,            // the builder's calls out of order, or bytes other than planned
};
const char* reason_key(SealError e);
const char* reason_text(SealError e);

// Builds an envelope incrementally: begin(), then each part's attachment bytes in plan order
// (any slicing), then finish(). Memory: the ciphertext plus one chunk. It keeps no copy of the
// device key pair: only the signing secret, from begin() until finish() has signed (or the builder
// dies), wiped then. Not copyable: it owns secrets (part keys, that signing key).
class EnvelopeBuilder {
 public:
  EnvelopeBuilder();
  EnvelopeBuilder(const EnvelopeBuilder&) = delete;
  EnvelopeBuilder& operator=(const EnvelopeBuilder&) = delete;
  ~EnvelopeBuilder();

  Status<SealError> begin(const SealPlan& plan, const crypto::KeyPair& device, crypto::Entropy& entropy);
  Status<SealError> write(std::size_t part, std::string_view bytes);
  Result<std::string, SealError> finish();
  std::uint64_t total_bytes() const { return total_; }      // attachment bytes expected
  std::uint64_t written_bytes() const { return written_; }  // attachment bytes sealed so far
  const std::string& submission_id() const { return submission_id_; }  // 16 raw bytes

 private:
  struct Part;
  void emit(Part& p, bool final);
  void seal_chunk(Part& p, const unsigned char* plain, std::size_t n, bool final);
  std::vector<std::unique_ptr<Part>> parts_;
  // The finished envelope, laid out at begin(): every size is known then, so ciphertext goes
  // straight to its place and finish() only fills in the header and signature (one buffer, no
  // copies of the attachments).
  std::string out_;
  std::size_t header_at_ = 0, header_len_ = 0;
  proto::EnvelopeHeader header_;
  crypto::SecretKey signing_key_;  // the device's Ed25519 (or SM2) secret, until finish() has signed
  std::string signing_public_;    // its public key (SM2 signing hashes it into Z_A)
  bool sm_ = false;                // the suite: tongban-seal-sm-v1 (SM2, SM3, SM4-GCM)
  std::string submission_id_;
  std::uint64_t total_ = 0, written_ = 0;
  bool open_ = false;
};

// One call for everything in memory (attachment bytes in plan order per part).
Result<std::string, SealError> seal_envelope(const SealPlan& plan, const std::vector<std::vector<std::string>>& attachments,
                                             const crypto::KeyPair& device, crypto::Entropy& entropy);

enum class Refusal {
  None,
  Malformed,       // not an envelope, truncated, fields of the wrong size
  Unsupported,     // another version or suite
  Unsigned,
  BadSignature,    // the header was changed, or not signed by the key it names
  TooLarge,
  Tampered,        // ciphertext does not match the signed header (sizes, tags, chunks)
  NotForYou,       // no part sealed to this key
  CannotOpen,      // the part key or a chunk does not decrypt (damaged, or wrong key)
};
const char* reason_key(Refusal r);   // "tampered" (docs/ENVELOPE.md §8)
const char* reason_text(Refusal r);  // "内容被篡改"

// Checks everything that can be checked without a department key: structure, sizes, the device's
// signature over the header, and that each part's ciphertext matches its signed tag digest. This is
// what the intake does (it then checks that the device is registered).
struct Inspection : Status<Refusal> {
  using Status<Refusal>::Status;
  Inspection() = default;
  proto::EnvelopeHeader header;
  std::string digest;  // BLAKE2b-256 of the envelope bytes
};
Inspection inspect_envelope(std::string_view bytes, std::uint64_t max_bytes);

struct OpenedAttachment {
  proto::AttachmentInfo info;
  std::string bytes;
};
struct OpenedPart : Status<Refusal> {
  using Status<Refusal>::Status;
  OpenedPart() = default;
  proto::EnvelopeHeader header;  // set once the envelope passed inspection
  std::uint32_t index = 0;       // the part's index in the envelope
  std::string department;
  std::string data_json;
  std::vector<OpenedAttachment> attachments;
  std::string identity;          // serialized IdentityRecord, as sealed (empty: none)
  std::optional<proto::AssistanceRecord> assistance;  // checked by seal/provenance.h's check_assistance
};
// The department's side: inspect, then open the part sealed to `department_key` (an X25519 pair,
// or an SM2 one for the sm suite).
OpenedPart open_envelope(std::string_view bytes, const crypto::KeyPair& department_key, std::uint64_t max_bytes);

}  // namespace tb::seal
