#include "seal/receipt.h"

#include "code/base45.h"
#include "code/prefixes.h"
#include "proto/quiet.h"

namespace tb::seal {

std::string sign_receipt(const proto::Receipt& r, const crypto::KeyPair& intake) {
  return crypto::sign_document(kReceiptFormat, 1, r.SerializeAsString(), intake).SerializeAsString();
}

CheckedReceipt verify_receipt(const std::string& signed_bytes, const crypto::TrustStore& trust,
                              const std::string& submission_id, const std::string& envelope_digest) {
  proto::quiet_protobuf_logging();
  CheckedReceipt c;
  proto::Signed doc;
  if (!doc.ParseFromString(signed_bytes)) {
    c.reason = "回执格式错误";
    return c;
  }
  const auto v = crypto::verify_document(doc, kReceiptFormat, 1, trust, 0);
  if (!v) {
    c.reason = std::string("回执签名无效：") + crypto::sign_error_text(v.error);
    return c;
  }
  if (!c.receipt.ParseFromString(doc.body())) {
    c.reason = "回执格式错误";
    return c;
  }
  if (!submission_id.empty() && c.receipt.submission_id() != submission_id) {
    c.reason = "回执不属于这次提交";
    return c;
  }
  if (!envelope_digest.empty() && c.receipt.envelope_digest() != envelope_digest) {
    c.reason = "回执与提交的内容不一致";
    return c;
  }
  c.ok = true;
  return c;
}

std::string receipt_code(const std::string& signed_bytes) { return code::prefix::kReceipt + code::base45_encode(signed_bytes); }

std::optional<std::string> receipt_from_code(const std::string& code, std::string* error) {
  if (code.rfind(code::prefix::kReceipt, 0) != 0) {
    *error = std::string("not a receipt code (expected ") + code::prefix::kReceipt + ")";
    return std::nullopt;
  }
  return code::base45_decode(code.substr(code::prefix::kLength), error);
}

}  // namespace tb::seal
