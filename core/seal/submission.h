#pragma once
// From what a person filled in to what gets sealed. One part per recipient department, holding only
// that department's answers (一件事 splits), sealed to the key the signed catalogue names for it — a
// device never takes a department key from anywhere else. Ratings (好差评) and appointment requests
// (预约) are small submissions to the item's department through the same envelope and outbox.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "form/merge.h"
#include "proto/guide.pb.h"
#include "seal/envelope.h"

namespace tb::seal {

// An attachment the shell holds (photo, scan) and must stream into the builder, in this order.
struct AttachmentSource {
  std::size_t part = 0;
  std::string ref;   // the shell's handle, from the field's value ("att:<sha256 hex>")
  AttachmentPlan plan;
};

struct SubmissionPlan {
  SealPlan seal;
  std::vector<AttachmentSource> attachments;  // in the order EnvelopeBuilder::write wants them
};

// The department key devices seal to, from the catalogue. NoSuchDepartment, or NoOnlineKey when it
// has no key (it can't receive online submissions).
Result<crypto::PublicKey, SealError> department_key(const proto::Catalogue& catalogue, const std::string& department);

// A plan, or why not (SealError: NoSuchItem, NoSuchDepartment, NoOnlineKey, NoSuchHall, InvalidPlan,
// NothingToSubmit).
using Planned = Result<SubmissionPlan, SealError>;

// An application: `answers` are the filled form's (FormSession::answers), split per department.
// Attachment fields hold "att:<sha256 hex>:<file name>:<size>" (the shell's reference to bytes it
// keeps sealed at rest); they become attachments of that department's part. data_json per part:
//   {"form": ID, "form_version": N, "item": ID, "values": {PATH: VALUE…}}
Planned plan_application(const proto::Catalogue& catalogue, const form::MergedForm& merged,
                         const std::vector<proto::FormValue>& answers, std::int64_t created_at);

// A rating of a finished submission (1–5 stars, optional words; the submission it rates by id).
struct Rating {
  std::string item, submission_id;
  int stars = 0;
  std::string comment;
};
Planned plan_rating(const proto::Catalogue& catalogue, const Rating& rating, std::int64_t created_at);

// A request to be seen at a hall (items that must be done in person).
struct Appointment {
  std::string item, hall;
  int date = 0;          // YYYYMMDD
  std::string slot;      // "09:00-10:00"
  std::string name, mobile;  // who is coming (sealed: only the department reads it)
};
Planned plan_appointment(const proto::Catalogue& catalogue, const Appointment& appointment, std::int64_t created_at);

// The field value for attachment bytes a shell keeps (a photo taken at the kiosk): "att:" with their
// SHA-256, the file name (':' replaced) and the size. Its ref (parse_attachment_value) finds the
// bytes again when the application is sealed.
std::string attachment_value(std::string_view bytes, std::string name);

// Parses an attachment field's value; nullopt when it is not an "att:" reference.
struct AttachmentValue {
  std::string ref, name;
  std::uint64_t size = 0;
};
std::optional<AttachmentValue> parse_attachment_value(const std::string& value);

}  // namespace tb::seal
