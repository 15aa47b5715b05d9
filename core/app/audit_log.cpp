#include "app/audit_log.h"

#include "crypto/sign.h"
#include "proto/canonical.h"
#include "proto/audit.pb.h"
#include "proto/quiet.h"
#include "text/civil_date.h"

namespace tb::app {
namespace {

constexpr const char* kSignDomain = "tongban-audit-v1";
constexpr const char* kLinkDomain = "tongban-audit-link-v1";

std::string link_of(const std::string& entry, const std::string& signature) {
  std::string m = kLinkDomain;
  m.push_back('\0');
  m += entry;
  m += signature;
  return crypto::digest256(m);
}

std::string device_id_bytes(const crypto::PublicKey& device) { return std::string(device.id.bytes.begin(), device.id.bytes.end()); }

}  // namespace

const char* reason_key(AuditError e) {
  switch (e) {
    case AuditError::None: return "ok";
    case AuditError::Malformed: return "malformed";
    case AuditError::WrongDevice: return "wrong-device";
    case AuditError::BadSignature: return "bad-signature";
    case AuditError::Broken: return "broken";
  }
  return "";
}

const char* reason_text(AuditError e) {
  switch (e) {
    case AuditError::None: return "";
    case AuditError::Malformed: return "日志格式错误";
    case AuditError::WrongDevice: return "不是本设备的日志";
    case AuditError::BadSignature: return "签名无效，日志被改动";
    case AuditError::Broken: return "日志不连续，有记录被删除、插入或调换";
  }
  return "";
}

Result<AuditVerification, AuditError> verify_audit_log(std::string_view log, const crypto::PublicKey& device) {
  proto::quiet_protobuf_logging();
  AuditVerification out;
  std::string link(32, '\0');
  std::uint64_t line_no = 0;
  std::size_t at = 0;
  while (at < log.size()) {
    std::size_t end = log.find('\n', at);
    const bool last_unterminated = end == std::string_view::npos;
    if (last_unterminated) end = log.size();
    std::string_view line = log.substr(at, end - at);
    at = end + 1;
    ++line_no;
    const std::string where = "line " + std::to_string(line_no) + ": ";
    if (last_unterminated) return {AuditError::Malformed, where + "not ended by a newline (a write cut short?)"};
    const auto bytes = crypto::from_base64(line);
    proto::AuditRecord record;
    if (!bytes) return {AuditError::Malformed, where + "not an audit record (not base64)"};
    const std::string_view record_bytes(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    if (auto parsed = proto::parse_canonical(record, record_bytes); !parsed)
      return {AuditError::Malformed, where + "not an audit record: " + parsed.detail()};
    proto::AuditEntry entry;
    if (auto parsed = proto::parse_canonical(entry, record.entry()); !parsed)
      return {AuditError::Malformed, where + "the entry: " + parsed.detail()};
    if (entry.prev().size() != 32 || entry.device_key_id().size() != 8)
      return {AuditError::Malformed, where + "link or device key id of the wrong size"};
    if (entry.device_key_id() != device_id_bytes(device))
      return {AuditError::WrongDevice, where + "signed by device " + crypto::to_hex(entry.device_key_id()) + ", not " + device.id.hex()};
    if (!crypto::verify_detached(kSignDomain, record.entry(), record.signature(), device.key))
      return {AuditError::BadSignature, where + "signature does not verify (the entry was changed)"};
    if (entry.seq() != line_no)
      return {AuditError::Broken, where + "entry " + std::to_string(entry.seq()) + " where entry " + std::to_string(line_no) +
                                      " belongs (an entry removed, inserted or moved)"};
    if (entry.prev() != link)
      return {AuditError::Broken, where + "does not follow the entry before it (an entry removed, inserted or moved)"};
    link = link_of(record.entry(), record.signature());
    AuditEntry e;
    e.seq = entry.seq();
    e.at = entry.at();
    e.what.event = entry.event();
    for (const auto& f : entry.fields()) e.what.fields.push_back({f.key(), f.value()});
    out.entries.push_back(std::move(e));
  }
  out.head = crypto::to_hex(link);
  return out;
}

Result<AuditChain, AuditError> AuditChain::resume(std::string_view stored, const crypto::PublicKey& device) {
  auto verified = verify_audit_log(stored, device);
  if (!verified) return {verified.reason(), verified.detail()};
  AuditChain chain;
  chain.seq_ = verified->entries.size();
  const auto head = crypto::from_hex(verified->head);
  if (head) chain.link_ = *head;
  return chain;
}

std::string AuditChain::append(const AuditEvent& what, std::int64_t at, const crypto::KeyPair& device) {
  proto::AuditEntry entry;
  entry.set_seq(seq_ + 1);
  entry.set_at(at);
  entry.set_event(what.event);
  for (const auto& f : what.fields) {
    auto* m = entry.add_fields();
    m->set_key(f.key);
    m->set_value(f.value);
  }
  entry.set_prev(link_);
  entry.set_device_key_id(std::string(device.id.bytes.begin(), device.id.bytes.end()));
  proto::AuditRecord record;
  record.set_entry(entry.SerializeAsString());
  record.set_signature(crypto::sign_detached(kSignDomain, record.entry(), device));
  if (record.signature().empty()) return {};
  link_ = link_of(record.entry(), record.signature());
  ++seq_;
  const std::string bytes = record.SerializeAsString();
  return crypto::to_base64(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()) + "\n";
}

std::string describe_audit_entry(const AuditEntry& e) {
  std::string s = std::to_string(e.seq) + " " + text::china_time(e.at, true) + " " + e.what.event;
  for (const auto& f : e.what.fields) s += " " + f.key + "=" + f.value;
  return s;
}

}  // namespace tb::app
