#pragma once
// Guide bundles and deltas: how a catalogue travels from the issuer to devices (docs/FORMATS.md).
//
//   bundle (.tbg) = signed manifest {city, version, issued_at, BLAKE2b(body), item count} + body
//   delta  (.tbd) = signed {base version + digest, changed/removed items, changed metadata,
//                   the signed manifest of the version it produces}
//
// A device accepts a bundle or delta only if it is well-formed, signed by a trusted issuer, newer
// than what it has, and (for a delta) made for exactly the version it has and producing exactly
// the body the issuer signed. Nothing here changes the device's state: open/apply return the new
// bundle's bytes, and the shell swaps them in atomically (the old bundle stays in use until then).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/sign.h"
#include "proto/guide.pb.h"
#include "result.h"

namespace tb::guide {

inline constexpr const char* kManifestFormat = "tongban.guide.manifest";
inline constexpr const char* kDeltaFormat = "tongban.guide.delta";
inline constexpr std::uint32_t kFormatVersion = 1;

enum class Refusal {
  None,
  Malformed,        // not a bundle/delta at all, or truncated
  Unsigned,
  UnknownIssuer,    // signed by a key the device does not trust (a foreign bundle)
  BadSignature,     // tampered or forged
  WrongFormat,      // e.g. a delta given where a bundle was expected
  Tampered,         // signature fine but the body does not match the signed digest
  RolledBack,       // not newer than the version the device has
  WrongBase,        // a delta made for another version than the device has
  WrongCity,        // a bundle for another city than the device serves
  NotStored,        // verified, but the device could not keep it (its storage: a full disk); it keeps what it had
};
const char* reason_key(Refusal r);   // "rolled-back" (logs, the CLI, the phone API)
const char* reason_text(Refusal r);  // "版本回退"

// Where one item's bytes are inside Opened::bundle_bytes.
struct ItemSpan {
  std::uint32_t offset = 0, size = 0;
};

// The opened bundle, or the refusal and what exactly (the detail, for logs and the CLI).
// Items stay in the verified bundle's bytes and are parsed when asked for: a device holds the
// bundle once (a city's 10,000 items are ~19 MB of bytes, several times that parsed), plus the
// small rest of the catalogue (`head`). Every item was parsed once at open, so item(i) cannot fail.
struct Opened : Status<Refusal> {
  using Status<Refusal>::Status;
  Opened() = default;
  proto::GuideManifest manifest;
  std::string bundle_bytes;       // the verified bundle (for a delta: the rebuilt one)
  proto::Catalogue head;          // the catalogue without its items: city, departments, halls, forms, words
  std::vector<ItemSpan> items;    // each item's bytes in bundle_bytes, in catalogue order (by id)

  std::size_t item_count() const { return items.size(); }
  std::string_view item_bytes(std::size_t i) const;
  void read_item(std::size_t i, proto::ServiceItem* into) const;  // parses item i into `into`
  proto::ServiceItem item(std::size_t i) const;
  // Head and every item parsed: for tools and deltas, never on a device's normal path.
  proto::Catalogue catalogue() const;
};

// What the device currently holds (nullptr: nothing yet).
struct Current {
  std::uint64_t version = 0;
  std::string body_digest;
  std::string city;
};

// Builds a signed bundle. Items are sorted by id so the same catalogue always gives the same body.
std::string build_bundle(proto::Catalogue catalogue, std::uint64_t version, std::int64_t issued_at,
                         const crypto::KeyPair& issuer);
// Builds a signed delta from `old_bundle` to `new_bundle` (both must verify under `trust`, the new
// one with a greater version: RolledBack otherwise).
Result<std::string, Refusal> build_delta(const std::string& old_bundle, const std::string& new_bundle,
                                         const crypto::TrustStore& trust, const crypto::KeyPair& issuer);

// A bundle's manifest (city, version, item count), its signature verified, without opening the
// body: which of two bundles is newer, before either is loaded.
Result<proto::GuideManifest, Refusal> peek_bundle(std::string_view bytes, const crypto::TrustStore& trust);
// Takes the bytes (kept as Opened::bundle_bytes without a copy when moved in).
Opened open_bundle(std::string bytes, const crypto::TrustStore& trust, const Current* current);
Opened apply_delta(const Opened& current, const std::string& delta_bytes, const crypto::TrustStore& trust);

Current current_of(const Opened& o);
Current current_of(const proto::GuideManifest& m);  // from a manifest peek_bundle accepted

}  // namespace tb::guide
