#include "seal/provenance.h"

#include <algorithm>

#include "crypto/sign.h"
#include "proto/canonical.h"
#include "proto/envelope.pb.h"
#include "proto/quiet.h"

namespace tb::seal {

void add_identity_record(SubmissionPlan& plan, const form::MergedForm& merged, const std::vector<std::string>& merged_paths,
                         const std::string& card_valid_until, std::int64_t read_at) {
  for (auto& part : plan.seal.parts) {
    proto::IdentityRecord r;
    r.set_source("id-card");
    for (const auto& mp : merged.parts) {
      if (mp.department != part.department) continue;
      for (const auto& [own, merged_id] : mp.merged_id)
        if (std::find(merged_paths.begin(), merged_paths.end(), merged_id) != merged_paths.end()) r.add_fields(own);
    }
    if (r.fields_size() == 0) continue;
    std::sort(r.mutable_fields()->begin(), r.mutable_fields()->end());
    r.set_read_at(read_at);
    r.set_card_valid_until(card_valid_until);
    part.identity = r.SerializeAsString();
  }
}

const char* reason_key(AssistError e) {
  switch (e) {
    case AssistError::None: return "ok";
    case AssistError::Malformed: return "malformed";
    case AssistError::Mismatch: return "mismatch";
    case AssistError::BadSignature: return "bad-signature";
  }
  return "";
}

const char* reason_text(AssistError e) {
  switch (e) {
    case AssistError::None: return "";
    case AssistError::Malformed: return "帮办记录格式错误";
    case AssistError::Mismatch: return "帮办记录与本件不符";
    case AssistError::BadSignature: return "帮办签名无效";
  }
  return "";
}

Result<AssistanceView, AssistError> check_assistance(const OpenedPart& part) {
  proto::quiet_protobuf_logging();
  if (!part.assistance) return {AssistError::Malformed, "no assistance record"};
  const proto::AssistanceRecord& r = *part.assistance;
  auto staff = code::parse_staff_code(r.staff_credential());
  if (!staff) return {AssistError::Malformed, staff.detail()};
  proto::AssistStatement st;
  if (auto parsed = proto::parse_canonical(st, r.statement()); !parsed)
    return {AssistError::Malformed, "the statement: " + parsed.detail()};
  const auto& h = part.header;
  const auto mismatch = [](const char* what) -> Result<AssistanceView, AssistError> { return {AssistError::Mismatch, what}; };
  if (st.submission_id() != h.submission_id()) return mismatch("another submission");
  if (st.part_index() != part.index || st.department() != part.department) return mismatch("another part");
  if (st.device_key_id() != h.device_key_id() || st.created_at() != h.created_at()) return mismatch("another device or time");
  if (st.staff_id() != staff->staff_id) return mismatch("a staff id other than the credential's");
  if (st.credential_digest() != crypto::digest256(r.staff_credential())) return mismatch("another credential");
  if (st.data_digest() != crypto::digest256(part.data_json)) return mismatch("other answers");
  if (st.identity_digest() != (part.identity.empty() ? std::string() : crypto::digest256(part.identity)))
    return mismatch("another identity record");
  if (!crypto::verify_detached(kAssistDomain, r.statement(), r.signature(), staff->public_key))
    return {AssistError::BadSignature, "staff " + staff->staff_id};
  return AssistanceView{std::move(*staff), st.consent(), r.staff_credential()};
}

}  // namespace tb::seal
