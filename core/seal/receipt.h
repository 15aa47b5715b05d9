#pragma once
// Receipts (回执): what the intake signs for every submission it stored, and what the device shows
// (as a code a clerk can scan) and keeps. A receipt binds the submission id to the exact envelope
// bytes received (their BLAKE2b-256), the time, and the departments.
#include <cstdint>
#include <optional>
#include <string>

#include "crypto/sign.h"
#include "proto/envelope.pb.h"

namespace tb::seal {

inline constexpr const char* kReceiptFormat = "tongban.receipt";

std::string sign_receipt(const proto::Receipt& r, const crypto::KeyPair& intake);

struct CheckedReceipt {
  bool ok = false;
  std::string reason;
  proto::Receipt receipt;
};
// Checks the intake's signature and that the receipt is for `submission_id` (16 raw bytes; empty:
// any) and, when given, for exactly `envelope_digest`.
CheckedReceipt verify_receipt(const std::string& signed_bytes, const crypto::TrustStore& trust,
                              const std::string& submission_id, const std::string& envelope_digest = {});

// The receipt as text a QR code or a keyboard-wedge scanner carries: "TBR1:" + Base45.
std::string receipt_code(const std::string& signed_bytes);
std::optional<std::string> receipt_from_code(const std::string& code, std::string* error);

}  // namespace tb::seal
