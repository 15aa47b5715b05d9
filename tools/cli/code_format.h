#pragma once
// What the `tongban code …` commands share: times shown in China Standard Time like the core's
// details, kinds by name, and the keys they sign and check with.
#include <cstdint>
#include <optional>
#include <string>

#include "code/codes.h"
#include "files.h"

namespace tb::cli {

// "2027-05-29T05:00+08:00"
std::string show_time(std::int64_t unix_seconds);
// "dynamic", "printed", "venue", "house-plate", "service", "handoff", "receipt", "staff"
std::optional<code::Kind> kind_from_name(const std::string& name);

// An issuer's or a root's key, to sign with; a key whose signatures are checked.
// Codes are signed in either suite (docs/CODES.md, "Suites"): Ed25519 keys or the sm suite's SM2 keys.
inline const KeyNeed kSecretSigningKey{
    {crypto::KeyKind::Sign, crypto::KeyKind::Device, crypto::KeyKind::Sm2Sign, crypto::KeyKind::Sm2Device}, true};
inline const KeyNeed kSigningKey{
    {crypto::KeyKind::Sign, crypto::KeyKind::Device, crypto::KeyKind::Sm2Sign, crypto::KeyKind::Sm2Device}, false};

}  // namespace tb::cli
