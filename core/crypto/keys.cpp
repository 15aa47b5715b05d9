#include "crypto/keys.h"

#include <sodium.h>

#include <cstring>

#include "crypto/init.h"
#include "crypto/sm.h"
#include "crypto/wipe.h"

namespace tb::crypto {

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

std::string to_hex(std::string_view bytes) { return to_hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()); }

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  std::size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != out.size())
    return std::nullopt;
  return out;
}

std::string KeyId::hex() const { return to_hex(bytes.data(), bytes.size()); }

std::optional<KeyId> KeyId::from_hex(std::string_view hex) {
  KeyId id;
  std::size_t len = 0;
  if (hex.size() != 16 ||
      sodium_hex2bin(id.bytes.data(), id.bytes.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != 8)
    return std::nullopt;
  return id;
}

std::optional<KeyId> KeyId::from_bytes(std::string_view raw) {
  if (raw.size() != 8) return std::nullopt;
  KeyId id;
  std::memcpy(id.bytes.data(), raw.data(), 8);
  return id;
}

KeyId key_id_of(const unsigned char* public_key, std::size_t size) {
  ensure_sodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, public_key, size, nullptr, 0);
  KeyId id;
  std::memcpy(id.bytes.data(), digest, 8);
  return id;
}

const char* key_kind_name(KeyKind k) {
  switch (k) {
    case KeyKind::Sign: return "ed25519-sign";
    case KeyKind::Device: return "ed25519-device";
    case KeyKind::Seal: return "x25519-seal";
    case KeyKind::Sm2Sign: return "sm2-sign";
    case KeyKind::Sm2Device: return "sm2-device";
    case KeyKind::Sm2Seal: return "sm2-seal";
  }
  return "";
}

std::optional<KeyKind> key_kind_from_name(std::string_view name) {
  for (KeyKind k : {KeyKind::Sign, KeyKind::Device, KeyKind::Seal, KeyKind::Sm2Sign, KeyKind::Sm2Device, KeyKind::Sm2Seal})
    if (name == key_kind_name(k)) return k;
  return std::nullopt;
}

bool is_signing_kind(KeyKind k) { return k != KeyKind::Seal && k != KeyKind::Sm2Seal; }
bool is_sm_kind(KeyKind k) { return k == KeyKind::Sm2Sign || k == KeyKind::Sm2Device || k == KeyKind::Sm2Seal; }
const char* suite_of(KeyKind k) { return is_sm_kind(k) ? "sm2-v1" : "ed25519-v1"; }
KeyKind sm_kind_of(KeyKind k) {
  switch (k) {
    case KeyKind::Sign: return KeyKind::Sm2Sign;
    case KeyKind::Device: return KeyKind::Sm2Device;
    case KeyKind::Seal: return KeyKind::Sm2Seal;
    default: return k;
  }
}
std::size_t public_key_size(KeyKind k) { return is_sm_kind(k) ? sm::kPublicKeyBytes : 32; }
std::size_t secret_key_size(KeyKind k) {
  return is_sm_kind(k) ? sm::kSecretKeyBytes : is_signing_kind(k) ? crypto_sign_SECRETKEYBYTES : crypto_box_SECRETKEYBYTES;
}

KeyPair keypair_from_seed(KeyKind kind, std::string name, const Seed& seed) {
  ensure_sodium();
  KeyPair k;
  k.kind = kind;
  k.name = std::move(name);
  if (is_sm_kind(kind)) {
    k.secret_key = sm::secret_from_seed(seed.data());
    const std::string pub = sm::public_from_secret(sm::recommended_curve(), k.secret_key);
    k.public_key.assign(pub.begin(), pub.end());
  } else if (is_signing_kind(kind)) {
    k.public_key.resize(crypto_sign_PUBLICKEYBYTES);
    k.secret_key = SecretKey(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(k.public_key.data(), k.secret_key.data(), seed.data());
  } else {
    k.public_key.resize(crypto_box_PUBLICKEYBYTES);
    k.secret_key = SecretKey(crypto_box_SECRETKEYBYTES);
    crypto_box_seed_keypair(k.public_key.data(), k.secret_key.data(), seed.data());
  }
  k.id = key_id_of(k.public_key.data(), k.public_key.size());
  return k;
}

PublicKey public_half(const KeyPair& k) { return {k.kind, k.name, k.id, k.public_key}; }

namespace {

std::string base64_of(const unsigned char* data, std::size_t size, int variant) {
  std::string out(sodium_base64_encoded_len(size, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// Strict: libsodium refuses other characters and non-zero leftover bits, and `end` must be the
// whole text (nothing ignored).
std::optional<Bytes> bytes_of_base64(std::string_view text, int variant) {
  // Nothing decodes to nothing; libsodium must not see the null pointers of an empty buffer
  // (its arguments are declared non-null: undefined behaviour, caught by UBSan).
  if (text.empty()) return Bytes{};
  Bytes out(text.size());
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end, variant) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(len);
  return out;
}

}  // namespace

std::string to_base64(const unsigned char* data, std::size_t size) { return base64_of(data, size, sodium_base64_VARIANT_ORIGINAL); }
std::optional<Bytes> from_base64(std::string_view text) { return bytes_of_base64(text, sodium_base64_VARIANT_ORIGINAL); }
std::string to_base64url(const unsigned char* data, std::size_t size) {
  return base64_of(data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
std::optional<Bytes> from_base64url(std::string_view text) { return bytes_of_base64(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING); }

namespace {
std::string header(KeyKind kind, const std::string& name, const KeyId& id, const Bytes& pub) {
  return "tongban-key: 1\nkind: " + std::string(key_kind_name(kind)) + "\nname: " + name + "\nid: " + id.hex() +
         "\npublic: " + to_base64(pub.data(), pub.size()) + "\n";
}
}  // namespace

std::string format_key_file(const KeyPair& k) {
  return "# tongban secret key: keep this file private (mode 0600); share only the .pub file\n" +
         header(k.kind, k.name, k.id, k.public_key) + "secret: " + to_base64(k.secret_key.data(), k.secret_key.size()) +
         "\n";
}

std::string format_public_key_file(const PublicKey& k) {
  return "# tongban public key\n" + header(k.kind, k.name, k.id, k.key);
}

const char* reason_key(KeyError e) {
  switch (e) {
    case KeyError::None: return "ok";
    case KeyError::NotAKeyFile: return "not-a-key-file";
    case KeyError::Unsupported: return "unsupported";
    case KeyError::Malformed: return "malformed";
    case KeyError::Mismatch: return "mismatch";
  }
  return "";
}

const char* reason_text(KeyError e) {
  switch (e) {
    case KeyError::None: return "";
    case KeyError::NotAKeyFile: return "不是通办密钥文件";
    case KeyError::Unsupported: return "密钥文件的版本或类型不受支持";
    case KeyError::Malformed: return "密钥文件格式错误";
    case KeyError::Mismatch: return "密钥与其标识或公钥不符，文件被改动或损坏";
  }
  return "";
}

Result<ParsedKey, KeyError> parse_key_file(std::string_view text) {
  auto fail = [&](KeyError e, int line, const std::string& what) -> Result<ParsedKey, KeyError> {
    return {e, (line > 0 ? "line " + std::to_string(line) + ": " : std::string()) + what};
  };
  std::string version, kind_name, name, id_hex, pub64, secret64;
  int line_no = 0, pub_line = 0, secret_line = 0, id_line = 0, kind_line = 0, name_line = 0, version_line = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') {
      if (nl == text.size()) break;
      continue;
    }
    const auto colon = line.find(": ");
    if (colon == std::string_view::npos) return fail(KeyError::Malformed, line_no, "expected 'key: value'");
    const std::string_view key = line.substr(0, colon);
    std::string value(line.substr(colon + 2));
    // Each field once: with two `public:` lines, one reader would take the first and another the last.
    const bool again = (key == "tongban-key" && version_line) || (key == "kind" && kind_line) || (key == "name" && name_line) ||
                       (key == "id" && id_line) || (key == "public" && pub_line) || (key == "secret" && secret_line);
    if (again) return fail(KeyError::Malformed, line_no, "field '" + std::string(key) + "' given twice");
    if (key == "tongban-key") version = value, version_line = line_no;
    else if (key == "kind") kind_name = value, kind_line = line_no;
    else if (key == "name") name = value, name_line = line_no;
    else if (key == "id") id_hex = value, id_line = line_no;
    else if (key == "public") pub64 = value, pub_line = line_no;
    else if (key == "secret") secret64 = std::move(value), secret_line = line_no;
    else return fail(KeyError::Malformed, line_no, "unknown field '" + std::string(key) + "'");
    if (nl == text.size()) break;
  }
  if (version.empty()) return fail(KeyError::NotAKeyFile, 0, "not a tongban key file (no 'tongban-key: 1' line)");
  if (version != "1") return fail(KeyError::Unsupported, 0, "unsupported key file version '" + version + "'");
  const auto kind = key_kind_from_name(kind_name);
  if (!kind) return fail(KeyError::Unsupported, kind_line, "unknown key kind '" + kind_name + "'");
  const auto pub = from_base64(pub64);
  const std::size_t pub_size = public_key_size(*kind);
  if (!pub || pub->size() != pub_size)
    return fail(KeyError::Malformed, pub_line, "public key must be " + std::to_string(pub_size) + " bytes of base64");
  if (is_sm_kind(*kind)) {
    const auto point = sm::check_public_key(sm::recommended_curve(), std::string_view(reinterpret_cast<const char*>(pub->data()), pub->size()));
    if (!point)
      return fail(point.reason() == sm::SmError::Unavailable ? KeyError::Unsupported : KeyError::Malformed, pub_line,
                  "public key: " + point.describe());
  }
  const KeyId id = key_id_of(pub->data(), pub->size());
  if (id.hex() != id_hex) return fail(KeyError::Mismatch, id_line, "id does not match the public key (file edited or damaged)");
  ParsedKey out;
  out.pub = {*kind, name, id, *pub};
  if (!secret64.empty()) {
    auto decoded = from_base64(secret64);
    wipe(secret64);
    const std::size_t want = secret_key_size(*kind);
    if (!decoded || decoded->size() != want) {
      if (decoded) wipe(*decoded);
      return fail(KeyError::Malformed, secret_line, "secret key must be " + std::to_string(want) + " bytes of base64");
    }
    SecretKey secret(decoded->data(), decoded->size());
    wipe(*decoded);
    // The secret must belong to the public key: derive the public half again and compare.
    Bytes derived(32);
    if (is_sm_kind(*kind)) {
      const std::string point = sm::public_from_secret(sm::recommended_curve(), secret);
      derived.assign(point.begin(), point.end());
    } else if (is_signing_kind(*kind)) {
      crypto_sign_ed25519_sk_to_pk(derived.data(), secret.data());
    } else {
      crypto_scalarmult_base(derived.data(), secret.data());
    }
    if (derived != *pub) return fail(KeyError::Mismatch, secret_line, "secret key does not match the public key");
    out.pair = KeyPair{*kind, name, id, *pub, std::move(secret)};
  }
  return out;
}

}  // namespace tb::crypto
