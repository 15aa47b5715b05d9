#pragma once
// The kiosk's side of encrypted submission: its device key, the outbox (core's state machine) and
// the effects it asks for — envelopes and the sealed index written atomically to the data folder
// (IndexedDB in the browser), sends to the intake through the platform's HTTP port, retries with
// backoff — so an application made with no signal leaves when the network returns.
//
// Storage (names in the data folder):
//   device.seed        32 random bytes: the kiosk's Ed25519 device key is derived from it
//   device.pub         its public key file, for the operator (tongban intake register-device)
//   data.key           32 random bytes sealing the outbox index at rest
//   outbox.index       the outbox index (statuses, receipts; no personal data), sealed
//   outbox-<id>.tbs    an envelope waiting for its receipt (sealed to the departments)
// Crash safety: an envelope is written (fsync, rename) before the index that lists it; at start,
// envelopes missing from the index are adopted. TB_KIOSK_CRASH_AT=after-store|after-index kills the
// process at those points for the tests.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crypto/keys.h"
#include "form/merge.h"
#include "outbox/outbox.h"
#include "print/escpos.h"
#include "result.h"
#include "proto/guide.pb.h"
#include "seal/submission.h"

namespace tb::kiosk {

// Why the kiosk could not keep or print an application (core/result.h). message() is for the
// person at the kiosk (plain Chinese); the operator's side of Unavailable is problem(), said at start.
enum class SubmitError {
  None,
  Unavailable,  // this kiosk keeps no submissions (no data folder or device key)
  PhotoGone,    // a photographed material is no longer in the session
  NotKept,      // sealing or queueing refused it (the detail says why)
  NotFound,     // no such application in the outbox
  Unprintable,  // the slip cannot be made for this printer
};
const char* reason_key(SubmitError e);
const char* reason_text(SubmitError e);

class Submitter {
 public:
  // Loads or creates the device key and the data key, restores the outbox, adopts orphans.
  // Without a data folder the kiosk can't keep submissions: available() is false.
  void init(std::int64_t wall_ms);
  bool available() const { return available_; }
  const std::string& problem() const { return problem_; }  // why not available
  // The kiosk's device key (available() only): it also signs the staff station's audit log.
  const crypto::KeyPair& device_key() const { return device_; }

  // Seals and queues; returns the submission id (hex). The plan's attachments (photos taken at the
  // kiosk) are sealed into their parts with the bytes `attachment` finds by their ref (null: gone).
  using AttachmentBytes = std::function<const std::string*(const std::string& ref)>;
  Result<std::string, SubmitError> submit(const seal::SubmissionPlan& plan, const std::string& title,
                                          const AttachmentBytes& attachment);

  // Network results and due sends. True when something the screen shows changed.
  bool poll(std::int64_t wall_ms);
  // The kiosk's heartbeat to the intake (POST /api/v1/heartbeat, signed with the device key): its
  // version, the guide bundle's, the queue, the last time the publisher answered, free disk —
  // nothing personal (docs/INTAKE.md). Fire and forget: a lost one is just a gap in the fleet list.
  void send_heartbeat(std::uint64_t bundle_version, std::int64_t last_update_s, std::uint64_t free_disk_bytes);
  std::int64_t ms_until_due(std::int64_t wall_ms) const;

  const proto::OutboxItem* item(const std::string& id) const { return outbox_.item(id); }
  std::size_t queued() const { return outbox_.queued(); }
  bool offline() const { return offline_; }  // the last attempt found no network
  // The receipt slip as ESC/POS (print/receipt_slip.h): with the receipt code once the intake
  // signed for it, else saying it waits for the network; `departments` their names, for reading.
  // NotFound or Unprintable (message(): plain Chinese) if it can't be made.
  Result<std::string, SubmitError> receipt_slip(const std::string& id, const std::string& departments) const;
  // Prints a slip: to the printer (--printer) on its worker, the outcome from print_outcome(ticket);
  // without one into the data folder (print-<id8>.escpos, for the hall's own print agent), at once.
  struct PrintStart {
    std::uint64_t ticket = 0;  // 0: finished already
    std::string problem;       // empty: printed (or kept in the folder)
  };
  PrintStart print(const std::string& slip, const std::string& id);
  std::optional<std::string> print_outcome(std::uint64_t ticket);  // the problem, "" once printed
  void set_printer_shape(const print::PrinterShape& shape) { shape_ = shape; }

 private:
  void perform(const std::vector<outbox::Effect>& effects, const std::string* envelope);
  void save_index();
  void send(const std::string& id);
  void register_device();

  bool available_ = false;
  std::string problem_;
  crypto::KeyPair device_;
  std::string data_key_;
  outbox::Outbox outbox_;
  std::map<std::uint64_t, std::string> in_flight_;  // ticket → submission id
  std::uint64_t registration_ticket_ = 0;
  bool registered_ = false, offline_ = false;
  std::int64_t now_ = 0;
  print::PrinterShape shape_;
  std::map<std::uint64_t, std::string> print_outcomes_;  // ticket → problem; no personal data
};

}  // namespace tb::kiosk
