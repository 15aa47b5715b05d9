// Submission ops: seal what the person filled in (or a rating, or an appointment request) on the
// phone, and keep it in the outbox until the intake's signed receipt is held.
//   device.key      {seed}  → {id, public_key}: the phone install's Ed25519 key (seed kept sealed by the shell)
//   request.sign    {seed, method, target, now (s), ptr?, len?} → {headers}: the device's signature on a
//                   request to the intake (docs/INTAKE.md, "Signed requests"); the body as {ptr, len}
//   submit.begin    {kind: application|rating|appointment, seed, entropy, now (ms), title?,
//                    rating: {item, rates, stars, comment} | appointment: {item, hall, date, slot, name, mobile}}
//                   → {id, departments, total, attachments: [{part, ref, name, size}]}
//                   application: the open form's answers, split per department.
//   submit.write    {part, ptr, len} → {written, total}      attachment bytes, in the order begin gave
//   submit.finish   {title?} → {id, envelope: {ptr, len}, effects}   (enqueued in the outbox)
//   submit.cancel   forgets a half-built envelope
//   outbox.trust    {keys: ["<intake .pub text>"]}          receipts are verified against these
//   outbox.restore  {ptr, len, key} (sealed index, or len 0) → {items}
//   outbox.index    {key, nonce} → {bytes: {ptr, len}}      the index sealed at rest, to save
//   outbox.adopt    {ptr, len, now} → {effects}              an envelope stored but not in the index
//   outbox.tick     {now, online} → {effects}                what to send now
//   outbox.sent     {id, result: receipt|transient|refused, receipt?, reason?, now} → {effects}
//   outbox.accepted {id} → {effects}                         the department accepted it (已受理)
//   outbox.returned {id} → {effects}                         the department sent it back (退回)
//   outbox.items    → {items, summary, queued, due_in_ms}
// Effects: [{kind: store|save_index|send|delete, id}], carried out by the shell in order.
#include <memory>

#include "crypto/aead.h"
#include "crypto/entropy.h"
#include "crypto/keys.h"
#include "crypto/wipe.h"
#include "outbox/outbox.h"
#include "registry.h"
#include "seal/receipt.h"
#include "seal/request_signature.h"
#include "seal/submission.h"

namespace tb::phone {

std::optional<crypto::KeyPair> device_from(const json& req, json* error) {
  auto seed = from_b64(req.value("seed", json()));
  if (!seed || seed->size() != 32) {
    *error = fail("argument 'seed' (the device key's 32-byte seed, base64) is required");
    return std::nullopt;
  }
  crypto::Seed s;
  std::copy(seed->begin(), seed->end(), s.begin());
  crypto::wipe(*seed);
  auto k = crypto::keypair_from_seed(state().device_kind, "phone", s);
  crypto::wipe(s.data(), s.size());
  return k;
}

namespace {

struct Submitting {
  seal::SubmissionPlan plan;
  seal::EnvelopeBuilder builder;
  std::unique_ptr<crypto::HandedEntropy> entropy;  // the shell's random bytes (the module has none)
  std::string title;
  std::int64_t now_ms = 0;
};

struct SubmitState {
  std::unique_ptr<Submitting> pending;
  outbox::Outbox outbox;
  std::string envelope;  // handed back to the shell to store
};
SubmitState& sub() {
  static SubmitState s;
  return s;
}

json bytes_ref(const std::string& b) {
  return {{"ptr", reinterpret_cast<std::uintptr_t>(b.data())}, {"len", b.size()}};
}

json effects_json(const std::vector<outbox::Effect>& effects) {
  json out = json::array();
  for (const auto& e : effects) {
    const char* kind = "save_index";
    switch (e.kind) {
      case outbox::Effect::Kind::StoreEnvelope: kind = "store"; break;
      case outbox::Effect::Kind::SaveIndex: kind = "save_index"; break;
      case outbox::Effect::Kind::Send: kind = "send"; break;
      case outbox::Effect::Kind::DeleteEnvelope: kind = "delete"; break;
      case outbox::Effect::Kind::QueryStatus: kind = "query"; break;
    }
    out.push_back({{"kind", kind}, {"id", e.id}});
  }
  return out;
}


json op_device_key(const json& req) {
  json error;
  auto k = device_from(req, &error);
  if (!k) return error;
  return ok({{"id", k->id.hex()}, {"public_key", crypto::to_base64(k->public_key.data(), k->public_key.size())}});
}

json op_request_sign(const json& req) {
  json error;
  auto k = device_from(req, &error);
  if (!k) return error;
  std::string method, target, body;
  if (!arg_string(req, "method", &method, &error) || !arg_string(req, "target", &target, &error)) return error;
  if (!req.contains("now") || !req["now"].is_number_integer()) return fail("argument 'now' (Unix seconds) is required");
  if (req.contains("ptr") && !arg_bytes(req, &body, &error)) return error;
  const auto sig = seal::sign_request(*k, method, target, req["now"].get<std::int64_t>(), body);  // the key wipes itself
  return ok({{"headers",
              {{seal::kRequestDeviceHeader, sig.device}, {seal::kRequestTimeHeader, sig.time}, {seal::kRequestSignatureHeader, sig.signature}}}});
}

std::string department_name(const std::string& id) {
  const auto* d = state().guides.department(id);
  return d ? d->name() : id;
}

json op_begin(const json& req) {
  if (!state().guides.loaded()) return fail("no guide catalogue loaded (call guide.load first)");
  const auto& guides = state().guides;
  json error;
  std::string kind;
  if (!arg_string(req, "kind", &kind, &error)) return error;
  auto device = device_from(req, &error);
  if (!device) return error;
  auto entropy = from_b64(req.value("entropy", json()));
  if (!entropy || entropy->size() < 256) return fail("argument 'entropy' (at least 256 random bytes, base64) is required");
  const std::int64_t now_ms = req.value("now", static_cast<std::int64_t>(0));
  if (now_ms <= 0) return fail("argument 'now' (milliseconds since 1970) is required");
  seal::Planned plan = seal::SealError::InvalidPlan;
  if (kind == "application") {
    std::vector<proto::FormValue> answers;
    bool can_submit = false;
    const auto* merged = open_form_answers(&answers, &can_submit);
    if (!merged) return fail("no form is open (call form.open first)");
    if (!can_submit) return fail("the form is not complete: required fields or errors remain");
    plan = seal::plan_application(guides.head(), *merged, answers, now_ms / 1000);  // departments and forms
  } else if (kind == "rating") {
    const json r = req.value("rating", json::object());
    seal::Rating rating{r.value("item", ""), r.value("rates", ""), r.value("stars", 0), r.value("comment", "")};
    plan = seal::plan_rating(guides.catalogue_for(rating.item), rating, now_ms / 1000);
  } else if (kind == "appointment") {
    const json a = req.value("appointment", json::object());
    seal::Appointment ap{a.value("item", ""), a.value("hall", ""), a.value("date", 0), a.value("slot", ""),
                         a.value("name", ""), a.value("mobile", "")};
    plan = seal::plan_appointment(guides.catalogue_for(ap.item), ap, now_ms / 1000);
  } else {
    return fail("argument 'kind': expected application, rating or appointment, got '" + kind + "'");
  }
  if (!plan) return fail(plan);
  auto s = std::make_unique<Submitting>();
  s->plan = std::move(plan).value();
  s->entropy = std::make_unique<crypto::HandedEntropy>(std::move(*entropy));
  s->title = req.value("title", "");
  s->now_ms = now_ms;
  // The builder keeps the signing secret it needs until finish(); the key pair wipes itself here.
  if (const auto begun = s->builder.begin(s->plan.seal, *device, *s->entropy); !begun) return fail(begun);
  if (s->entropy->ran_short()) return fail("argument 'entropy': not enough random bytes");
  json atts = json::array();
  for (const auto& a : s->plan.attachments)
    atts.push_back({{"part", a.part}, {"ref", a.ref}, {"name", a.plan.name}, {"size", a.plan.size}});
  json departments = json::array();
  for (const auto& p : s->plan.seal.parts) departments.push_back({{"id", p.department}, {"name", department_name(p.department)}});
  json reply = ok({{"id", crypto::to_hex(s->builder.submission_id())}, {"departments", departments},
                   {"total", s->builder.total_bytes()}, {"attachments", atts}});
  sub().pending = std::move(s);
  return reply;
}

json op_write(const json& req) {
  auto& s = sub().pending;
  if (!s) return fail("no submission is being sealed (call submit.begin first)");
  json error;
  std::string bytes;
  if (!arg_bytes(req, &bytes, &error)) return error;
  if (const auto written = s->builder.write(req.value("part", static_cast<std::size_t>(0)), bytes); !written) {
    s.reset();
    return fail(written);
  }
  return ok({{"written", s->builder.written_bytes()}, {"total", s->builder.total_bytes()}});
}

json op_finish(const json& req) {
  auto& s = sub().pending;
  if (!s) return fail("no submission is being sealed (call submit.begin first)");
  auto envelope = s->builder.finish();
  if (!envelope) {
    s.reset();
    return fail(envelope);
  }
  const std::string title = req.value("title", s->title);
  auto effects = sub().outbox.enqueue(*envelope, title, s->now_ms);
  if (!effects || effects->empty()) {
    s.reset();
    return effects ? fail("this submission is already in the outbox") : fail(effects, "envelope refused: ");
  }
  const std::string id = crypto::to_hex(s->builder.submission_id());
  s.reset();
  sub().envelope = std::move(*envelope);
  return ok({{"id", id}, {"envelope", bytes_ref(sub().envelope)}, {"effects", effects_json(*effects)}});
}

json op_cancel(const json&) {
  sub().pending.reset();
  return ok();
}

json op_trust(const json& req) {
  auto keys = req.find("keys");
  if (keys == req.end() || !keys->is_array() || keys->empty()) return fail("argument 'keys' (intake public key files) is missing");
  crypto::TrustStore trust;
  for (const auto& t : *keys) {
    if (!t.is_string()) return fail("argument 'keys': entries must be key file text");
    auto k = crypto::parse_key_file(t.get<std::string>());
    if (!k) return fail(k, "argument 'keys': ");
    trust.add({k->pub, 0, 0, {seal::kReceiptFormat}});
  }
  sub().outbox.set_receipt_trust(std::move(trust));
  return ok();
}

json item_json(const proto::OutboxItem& it) {
  json departments = json::array();
  for (const auto& d : it.departments()) departments.push_back({{"id", d}, {"name", department_name(d)}});
  json j = {{"id", it.id()},
            {"kind", it.kind()},
            {"title", it.title()},
            {"departments", departments},
            {"created_at_ms", it.created_at_ms()},
            {"status", it.status()},
            {"status_text", outbox::status_text(static_cast<outbox::Status>(it.status()))},
            {"attempts", it.attempts()},
            {"next_attempt_ms", it.next_attempt_ms()},
            {"envelope_stored", it.envelope_stored()},
            {"size", it.envelope_size()},
            {"last_error", it.last_error()},
            {"refusal", it.refusal()}};
  if (!it.receipt().empty()) {
    j["receipt_code"] = seal::receipt_code(it.receipt());
    proto::Signed signed_receipt;
    proto::Receipt r;
    if (signed_receipt.ParseFromString(it.receipt()) && r.ParseFromString(signed_receipt.body())) j["received_at"] = r.received_at();
  }
  return j;
}

json op_items(const json& req) {
  const std::int64_t now = req.value("now", static_cast<std::int64_t>(0));
  json items = json::array();
  const auto& all = sub().outbox.items();
  for (auto it = all.rbegin(); it != all.rend(); ++it) items.push_back(item_json(*it));  // newest first
  return ok({{"items", items}, {"summary", outbox::applications_summary(all)}, {"queued", sub().outbox.queued()}, {"due_in_ms", sub().outbox.ms_until_due(now)}});
}

bool key_of(const json& req, crypto::Key32* k) {
  auto key = from_b64(req.value("key", json()));
  if (!key || key->size() != 32) return false;
  std::copy(key->begin(), key->end(), k->begin());
  crypto::wipe(*key);
  return true;
}

json op_restore(const json& req) {
  crypto::Key32 k;
  if (!key_of(req, &k)) return fail("argument 'key' (32 bytes, base64) is required");
  std::string sealed, index;
  json error;
  if (req.value("len", 0) > 0) {
    if (!arg_bytes(req, &sealed, &error)) return error;
    auto opened = crypto::open_at_rest(k, sealed, "tongban.outbox.v1");
    if (!opened) return fail("the outbox index cannot be opened (damaged, or sealed with another key)");
    index = std::move(*opened);
  }
  if (const auto restored = sub().outbox.restore(index); !restored) return fail(restored);
  return op_items(req);
}

json op_index(const json& req) {
  crypto::Key32 k;
  auto nonce = from_b64(req.value("nonce", json()));
  if (!key_of(req, &k) || !nonce || nonce->size() != 24)
    return fail("arguments 'key' (32 bytes) and 'nonce' (24 bytes), base64, are required");
  crypto::Nonce24 n;
  std::copy(nonce->begin(), nonce->end(), n.begin());
  state().last_bundle = crypto::seal_at_rest(at_rest(), k, n, sub().outbox.index(), "tongban.outbox.v1");
  return ok({{"bytes", bytes_ref(state().last_bundle)}});
}

json op_adopt(const json& req) {
  std::string envelope;
  json error;
  if (!arg_bytes(req, &envelope, &error)) return error;
  return ok({{"effects", effects_json(sub().outbox.adopt(envelope, req.value("now", static_cast<std::int64_t>(0))))}});
}

json op_tick(const json& req) {
  return ok({{"effects", effects_json(sub().outbox.tick(req.value("now", static_cast<std::int64_t>(0)), req.value("online", false)))}});
}

json op_sent(const json& req) {
  std::string id, result;
  json error;
  if (!arg_string(req, "id", &id, &error) || !arg_string(req, "result", &result, &error)) return error;
  outbox::SendResult r;
  if (result == "receipt") {
    auto receipt = from_b64(req.value("receipt", json()));
    if (!receipt) return fail("argument 'receipt' (the intake's answer, base64) is required");
    r.kind = outbox::SendResult::Kind::Receipt;
    r.receipt = std::move(*receipt);
  } else if (result == "transient") {
    r.kind = outbox::SendResult::Kind::Transient;
  } else if (result == "refused") {
    r.kind = outbox::SendResult::Kind::Refused;
  } else {
    return fail("argument 'result': expected receipt, transient or refused");
  }
  r.reason = req.value("reason", "");
  return ok({{"effects", effects_json(sub().outbox.sent(id, r, req.value("now", static_cast<std::int64_t>(0))))}});
}

json op_accepted(const json& req) {
  std::string id;
  json error;
  if (!arg_string(req, "id", &id, &error)) return error;
  return ok({{"effects", effects_json(sub().outbox.accepted(id))}});
}

json op_returned(const json& req) {
  std::string id;
  json error;
  if (!arg_string(req, "id", &id, &error)) return error;
  return ok({{"effects", effects_json(sub().outbox.returned(id))}});
}

}  // namespace

void register_submit_ops(Registry& r) {
  r["device.key"] = op_device_key;
  r["request.sign"] = op_request_sign;
  r["submit.begin"] = op_begin;
  r["submit.write"] = op_write;
  r["submit.finish"] = op_finish;
  r["submit.cancel"] = op_cancel;
  r["outbox.trust"] = op_trust;
  r["outbox.restore"] = op_restore;
  r["outbox.index"] = op_index;
  r["outbox.adopt"] = op_adopt;
  r["outbox.tick"] = op_tick;
  r["outbox.sent"] = op_sent;
  r["outbox.accepted"] = op_accepted;
  r["outbox.returned"] = op_returned;
  r["outbox.items"] = op_items;
}

}  // namespace tb::phone
