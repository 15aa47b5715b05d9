#include "seal/receipt.h"

#include "code/base45.h"
#include "code/prefixes.h"
#include "proto/canonical.h"
#include "proto/quiet.h"

namespace tb::seal {

std::string sign_receipt(const proto::Receipt& r, const crypto::KeyPair& intake) {
  return crypto::sign_document(kReceiptFormat, 1, r.SerializeAsString(), intake).SerializeAsString();
}

const char* reason_key(ReceiptError e) {
  switch (e) {
    case ReceiptError::None: return "ok";
    case ReceiptError::Malformed: return "malformed";
    case ReceiptError::BadSignature: return "bad-signature";
    case ReceiptError::OtherSubmission: return "other-submission";
    case ReceiptError::OtherContent: return "other-content";
  }
  return "";
}

const char* reason_text(ReceiptError e) {
  switch (e) {
    case ReceiptError::None: return "";
    case ReceiptError::Malformed: return "回执格式错误";
    case ReceiptError::BadSignature: return "回执签名无效";
    case ReceiptError::OtherSubmission: return "回执不属于这次提交";
    case ReceiptError::OtherContent: return "回执与提交的内容不一致";
  }
  return "";
}

CheckedReceipt verify_receipt(const std::string& signed_bytes, const crypto::TrustStore& trust,
                              const std::string& submission_id, const std::string& envelope_digest) {
  proto::quiet_protobuf_logging();
  proto::Signed doc;
  if (auto parsed = proto::parse_canonical(doc, signed_bytes); !parsed) return {ReceiptError::Malformed, parsed.detail()};
  const auto v = crypto::verify_document(doc, kReceiptFormat, 1, trust, 0);
  if (!v) return {ReceiptError::BadSignature, v.describe()};
  proto::Receipt receipt;
  if (auto parsed = proto::parse_canonical(receipt, doc.body()); !parsed) return {ReceiptError::Malformed, parsed.detail()};
  if (!submission_id.empty() && receipt.submission_id() != submission_id) return ReceiptError::OtherSubmission;
  if (!envelope_digest.empty() && receipt.envelope_digest() != envelope_digest) return ReceiptError::OtherContent;
  return receipt;
}

std::string receipt_code(const std::string& signed_bytes) { return code::prefix::kReceipt + code::base45_encode(signed_bytes); }

Result<std::string, ReceiptError> receipt_from_code(const std::string& code) {
  if (code.rfind(code::prefix::kReceipt, 0) != 0)
    return {ReceiptError::Malformed, std::string("not a receipt code (expected ") + code::prefix::kReceipt + ")"};
  auto bytes = code::base45_decode(code.substr(code::prefix::kLength));
  if (!bytes) return {ReceiptError::Malformed, bytes.detail()};
  return std::move(bytes).value();
}

}  // namespace tb::seal
