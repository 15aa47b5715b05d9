// Staff credentials: issuing one under a PIN, and opening its key with the PIN (staff.h).
#include "code/staff.h"

#include <sodium.h>

#include "crypto/aead.h"
#include "crypto/init.h"
#include "crypto/wipe.h"

namespace tb::code {
namespace {

constexpr const char* kSealDomain = "tongban-staff-key-v1";

std::string seal_ad(std::string_view credential_id, const crypto::Bytes& public_key) {
  std::string ad = kSealDomain;
  ad.push_back('\0');
  ad.append(credential_id);
  ad.append(public_key.begin(), public_key.end());
  return ad;
}

// The key that seals the staff key, from the PIN (Argon2id). False when libsodium refuses the cost
// (out of its bounds, or out of memory).
bool pin_key(std::string_view pin, const std::string& salt, std::uint32_t opslimit, std::uint32_t memlimit_kib,
             crypto::Key32* key) {
  if (salt.size() != crypto_pwhash_SALTBYTES) return false;
  return crypto_pwhash(key->data(), key->size(), pin.data(), pin.size(), reinterpret_cast<const unsigned char*>(salt.data()),
                       opslimit, static_cast<std::size_t>(memlimit_kib) * 1024, crypto_pwhash_ALG_ARGON2ID13) == 0;
}

}  // namespace

const char* reason_key(StaffError e) {
  switch (e) {
    case StaffError::None: return "ok";
    case StaffError::WeakPin: return "weak-pin";
    case StaffError::WrongPin: return "wrong-pin";
    case StaffError::Malformed: return "malformed";
    case StaffError::CannotSign: return "cannot-sign";
  }
  return "";
}

const char* reason_text(StaffError e) {
  switch (e) {
    case StaffError::None: return "";
    case StaffError::WeakPin: return "密码应为6到12位数字";
    case StaffError::WrongPin: return "密码错误";
    case StaffError::Malformed: return "工作证内容不完整";
    case StaffError::CannotSign: return "无法签名";
  }
  return "";
}

Status<StaffError> check_pin(std::string_view pin) {
  if (pin.size() < kMinPinDigits || pin.size() > kMaxPinDigits)
    return {StaffError::WeakPin, std::to_string(pin.size()) + " characters"};
  for (char c : pin)
    if (c < '0' || c > '9') return {StaffError::WeakPin, "not digits only"};
  return {};
}

Result<IssuedStaff, StaffError> issue_staff_credential(const StaffIssue& issue, std::string_view pin,
                                                       const crypto::KeyPair& issuer, crypto::Entropy& entropy, PinCost cost) {
  crypto::ensure_sodium();
  if (auto ok = check_pin(pin); !ok) return {ok.reason(), ok.detail()};
  Staff s;
  s.credential_id = issue.credential_id;
  if (s.credential_id.empty()) {
    s.credential_id.resize(kCredentialIdBytes);
    entropy.fill(reinterpret_cast<unsigned char*>(s.credential_id.data()), s.credential_id.size());
  }
  s.staff_id = issue.staff_id;
  s.name_masked = issue.name;  // issue_staff masks it
  s.unit = issue.unit;
  s.valid_from = issue.valid_from;
  s.valid_until = issue.valid_until;
  crypto::Seed seed;
  entropy.fill(seed.data(), seed.size());
  // The staff key is in the issuer's suite (an sm city's clerks sign with SM2), and so is its seal.
  const bool sm = crypto::is_sm_kind(issuer.kind);
  const crypto::KeyKind kind = sm ? crypto::KeyKind::Sm2Sign : crypto::KeyKind::Sign;
  crypto::KeyPair staff_key = crypto::keypair_from_seed(kind, issue.staff_id, seed);
  s.public_key = staff_key.public_key;
  staff_key.secret_key.wipe();
  s.key.opslimit = cost.opslimit;
  s.key.memlimit_kib = cost.memlimit_kib;
  s.key.salt.resize(crypto_pwhash_SALTBYTES);
  entropy.fill(reinterpret_cast<unsigned char*>(s.key.salt.data()), s.key.salt.size());
  crypto::Key32 key;
  crypto::Nonce24 nonce;
  entropy.fill(nonce.data(), nonce.size());
  if (!pin_key(pin, s.key.salt, cost.opslimit, cost.memlimit_kib, &key)) {
    crypto::wipe(seed.data(), seed.size());
    return {StaffError::CannotSign, "Argon2id refused the cost (" + std::to_string(cost.opslimit) + " passes, " +
                                        std::to_string(cost.memlimit_kib) + " KiB)"};
  }
  s.key.sealed = crypto::seal_at_rest(
      crypto::at_rest_for(kind), key, nonce, std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size()), seal_ad(s.credential_id, s.public_key));
  crypto::wipe(key.data(), key.size());
  crypto::wipe(seed.data(), seed.size());
  IssuedStaff out;
  out.code = issue_staff(s, issuer);
  if (out.code.empty()) return {StaffError::CannotSign, "the issuer key cannot sign, or an id is 0 or over 64 bytes"};
  out.credential_id = s.credential_id;
  out.public_key.kind = kind;
  out.public_key.name = issue.staff_id;
  out.public_key.key = s.public_key;
  out.public_key.id = crypto::key_id_of(s.public_key.data(), s.public_key.size());
  return out;
}

Result<crypto::KeyPair, StaffError> unlock_staff_key(const Staff& staff, std::string_view pin) {
  crypto::ensure_sodium();
  if (!check_pin(pin)) return {StaffError::WrongPin, "not 6–12 digits"};
  const bool sm = staff.public_key.size() == crypto::public_key_size(crypto::KeyKind::Sm2Sign);
  if (staff.public_key.size() != crypto_sign_PUBLICKEYBYTES && !sm) return {StaffError::Malformed, "no staff key"};
  crypto::Key32 key;
  if (!pin_key(pin, staff.key.salt, staff.key.opslimit, staff.key.memlimit_kib, &key))
    return {StaffError::Malformed, "key cost out of bounds"};
  auto seed_bytes = crypto::open_at_rest(key, staff.key.sealed, seal_ad(staff.credential_id, staff.public_key));
  crypto::wipe(key.data(), key.size());
  if (!seed_bytes) return {StaffError::WrongPin};
  if (seed_bytes->size() != crypto::Seed{}.size()) {
    crypto::wipe(*seed_bytes);
    return {StaffError::Malformed, "sealed key of the wrong size"};
  }
  crypto::Seed seed;
  std::copy(seed_bytes->begin(), seed_bytes->end(), seed.begin());
  crypto::wipe(*seed_bytes);
  crypto::KeyPair pair = crypto::keypair_from_seed(sm ? crypto::KeyKind::Sm2Sign : crypto::KeyKind::Sign, staff.staff_id, seed);
  crypto::wipe(seed.data(), seed.size());
  if (pair.public_key != staff.public_key) {
    pair.secret_key.wipe();
    return {StaffError::CannotSign, "the sealed key is not the credential's key"};
  }
  return pair;
}

}  // namespace tb::code
