#pragma once
// How a submission was made, sealed inside each department's part (docs/ENVELOPE.md §3.7, §3.8):
// which answers were read from the applicant's ID card at the kiosk, and — when a clerk helped
// (帮办) — their statement, signed with their staff key. Both are in the encrypted part, so only
// the department sees them; the intake sees nothing new.
#include <cstdint>
#include <string>
#include <vector>

#include "code/codes.h"
#include "form/merge.h"
#include "result.h"
#include "seal/envelope.h"
#include "seal/submission.h"

namespace tb::seal {

// Records in each part the fields of the merged form (`merged_paths`: top-level paths) that hold
// what the ID card gave, under that part's own field ids; parts with none get no record.
void add_identity_record(SubmissionPlan& plan, const form::MergedForm& merged, const std::vector<std::string>& merged_paths,
                         const std::string& card_valid_until, std::int64_t read_at);

enum class AssistError {
  None,
  Malformed,     // the record, its statement or its credential does not parse
  Mismatch,      // the statement is not about this part (submission, part, device, time, staff, digests)
  BadSignature,  // the staff key's signature does not verify
};
const char* reason_key(AssistError e);
const char* reason_text(AssistError e);

struct AssistanceView {
  code::Staff staff;           // from the credential (its issuer is the caller's to check, with a Verifier)
  std::string consent;         // "on-screen" or "counter"
  std::string credential;      // the credential's text, for that check
};
// Checks an opened part's assistance record (the caller has one: part.assistance): the statement
// names this submission, part, device, time and staff member, its digests match the part's answers
// and identity record and the credential, and the staff key in the credential signed it.
Result<AssistanceView, AssistError> check_assistance(const OpenedPart& part);

}  // namespace tb::seal
