#pragma once
// Receipts (回执): what the intake signs for every submission it stored, and what the device shows
// (as a code a clerk can scan) and keeps. A receipt binds the submission id to the exact envelope
// bytes received (their BLAKE2b-256), the time, and the departments.
#include <cstdint>
#include <string>

#include "crypto/sign.h"
#include "proto/envelope.pb.h"
#include "result.h"

namespace tb::seal {

inline constexpr const char* kReceiptFormat = "tongban.receipt";

std::string sign_receipt(const proto::Receipt& r, const crypto::KeyPair& intake);

enum class ReceiptError {
  None,
  Malformed,        // not a signed receipt, or not a receipt code
  BadSignature,     // the signature does not verify against the trusted intake keys (the detail says why)
  OtherSubmission,  // a receipt for another submission id
  OtherContent,     // a receipt for other envelope bytes than the ones sent
};
const char* reason_key(ReceiptError e);
const char* reason_text(ReceiptError e);  // "回执不属于这次提交"

using CheckedReceipt = Result<proto::Receipt, ReceiptError>;
// Checks the intake's signature and that the receipt is for `submission_id` (16 raw bytes; empty:
// any) and, when given, for exactly `envelope_digest`.
CheckedReceipt verify_receipt(const std::string& signed_bytes, const crypto::TrustStore& trust,
                              const std::string& submission_id, const std::string& envelope_digest = {});

// The receipt as text a QR code or a keyboard-wedge scanner carries: "TBR1:" + Base45.
std::string receipt_code(const std::string& signed_bytes);
Result<std::string, ReceiptError> receipt_from_code(const std::string& code);

}  // namespace tb::seal
