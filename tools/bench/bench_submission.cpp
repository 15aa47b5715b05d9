// Submission benchmark, sealing half: what a device pays to seal an application and what the intake
// pays to check one, natively and (the same source, built by the wasm preset) in WebAssembly.
//   - seal 1 KiB of form data to 1 and to 3 departments (seal_envelope: part keys, sealed-box key
//     wrap per department, XChaCha20-Poly1305 over the padded 4 KiB class, Ed25519 signature);
//   - inspect (the intake's check: parse, signature, tag digests, BLAKE2b of the bytes) of that;
//   - open (a department) of that;
//   - a 64 MiB attachment sealed through EnvelopeBuilder in 1 MiB writes (begin to finish, the
//     envelope bytes in hand), checked as the intake would (inspect), and opened again; the time
//     finish() takes on its own; and, as the ceiling, libsodium's XChaCha20-Poly1305 alone over the
//     same bytes in 64 KiB chunks into a buffer allocated once.
// Prints one JSON line. MB = 10^6 bytes. Times: median and p99 over many runs.
//   bench_submission [--runs N] [--attach-mib N] [--big-reps N]
// WebAssembly: tb_bench_submission(runs, attach_mib, big_reps) returns the same JSON (see
// tools/bench/web/submission-bench.js, run by tools/bench/bench_submission.mjs).
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "crypto/entropy.h"
#include "seal/envelope.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#endif

using namespace tb;
using Clock = std::chrono::steady_clock;

namespace {

// Random bytes as the shells hand them to the core: the phone passes a pool it drew from WebCrypto
// (submit.begin's `entropy`), so here a pool drawn from libsodium's CSPRNG before each timed loop
// (in a browser, randombytes_buf calls crypto.getRandomValues 4 bytes at a time: not what we time).
// A pool holds 512 bytes per envelope, more than sealing to three departments takes.
using Pool = std::unique_ptr<crypto::HandedEntropy>;
constexpr std::size_t kPoolPerEnvelope = 512;
Pool pool_of(std::size_t n) {
  std::string bytes(n, '\0');
  randombytes_buf(bytes.data(), n);
  return std::make_unique<crypto::HandedEntropy>(std::move(bytes));
}

double us_since(Clock::time_point t0) { return std::chrono::duration<double, std::micro>(Clock::now() - t0).count(); }

double pct(std::vector<double> xs, double p) {
  if (xs.empty()) return 0;
  std::sort(xs.begin(), xs.end());
  const std::size_t i = std::min(xs.size() - 1, static_cast<std::size_t>(p * static_cast<double>(xs.size())));
  return xs[i];
}

crypto::KeyPair key(crypto::KeyKind kind, unsigned char b, const std::string& name) {
  crypto::Seed s;
  s.fill(b);
  return crypto::keypair_from_seed(kind, name, s);
}

// About 1 KiB of answers as the form engine writes them (JSON, Chinese text and numbers).
std::string form_json_1k() {
  std::string j = R"({"applicant_name":"张丽华","id_number":"211402198803151234","mobile":"13800138000",)"
                  R"("address":"青禾市长安区兴工街道文化路88号3单元201室","reason":")";
  while (j.size() + 12 <= 1024 - 2) j += "申请办理";  // 12 bytes of UTF-8
  while (j.size() < 1024 - 2) j += ' ';
  return j + "\"}";
}

struct Depts {
  crypto::KeyPair k[3] = {key(crypto::KeyKind::Seal, 11, "gongan"), key(crypto::KeyKind::Seal, 12, "weijian"),
                          key(crypto::KeyKind::Seal, 13, "renshe")};
};

seal::SealPlan small_plan(const Depts& d, int departments, const std::string& data) {
  seal::SealPlan plan;
  plan.form = "bench-form";
  plan.item = "bench-item";
  plan.form_version = 1;
  plan.created_at = 1750000000;
  for (int i = 0; i < departments; ++i) plan.parts.push_back({d.k[i].name, crypto::public_half(d.k[i]), data, {}});
  return plan;
}

struct Timing {
  double median = 0, p99 = 0;
};
[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_submission: %s\n", what.c_str());
  std::exit(1);
}

template <typename F>
Timing time_runs(int runs, Pool& entropy, F&& f) {
  std::vector<double> t;
  t.reserve(static_cast<std::size_t>(runs));
  const int warm = std::max(200, runs / 10);  // also lets a browser's wasm tier-up finish
  entropy = pool_of(static_cast<std::size_t>(runs + warm) * kPoolPerEnvelope);
  for (int i = 0; i < warm; ++i) f();
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    f();
    t.push_back(us_since(t0));
  }
  if (entropy->ran_short()) die("the random pool ran dry");
  return {pct(t, 0.5), pct(t, 0.99)};
}

// Seals `attach` bytes (1 MiB writes from one random buffer) to one department; returns µs.
double seal_big(const Depts& d, const crypto::KeyPair& device, crypto::Entropy& entropy, std::uint64_t attach,
                const std::string& mib, std::string* out, double* finish_us) {
  seal::SealPlan plan = small_plan(d, 1, R"({"note":"attachment benchmark"})");
  plan.parts[0].attachments.push_back({"scan.pdf", "application/pdf", attach});
  plan.max_envelope_bytes = seal::kMaxEnvelopeBytes;  // measure the cipher path, not the intake's limit
  const auto t0 = Clock::now();
  seal::EnvelopeBuilder b;
  if (const auto begun = b.begin(plan, device, entropy); !begun) die(begun.describe());
  for (std::uint64_t at = 0; at < attach;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(mib.size(), attach - at));
    if (const auto written = b.write(0, std::string_view(mib.data(), n)); !written) die(written.describe());
    at += n;
  }
  const auto f0 = Clock::now();
  auto env = b.finish();
  *finish_us = us_since(f0);
  const double us = us_since(t0);
  if (!env) die(env.describe());
  *out = std::move(env).value();
  return us;
}

}  // namespace

std::string run_bench(int runs, int attach_mib, int big_reps) {
  if (sodium_init() < 0) die("sodium_init failed");
  Pool entropy;
  const Depts d;
  const crypto::KeyPair device = key(crypto::KeyKind::Device, 21, "bench-device");
  const std::string data = form_json_1k();
  char line[4096];
  std::string json = "{";
  auto add = [&](const char* name, double v, int decimals = 2) {
    std::snprintf(line, sizeof line, "%s\"%s\":%.*f", json.size() > 1 ? "," : "", name, decimals, v);
    json += line;
  };

  // --- 1 KiB form data --------------------------------------------------------------------------
  const seal::SealPlan one = small_plan(d, 1, data), three = small_plan(d, 3, data);
  std::string env1;
  const Timing s1 = time_runs(runs, entropy, [&] {
    auto e = seal::seal_envelope(one, {}, device, *entropy);
    if (!e) die(e.describe());
    env1 = std::move(e).value();
  });
  std::string env3;
  const Timing s3 = time_runs(runs, entropy, [&] {
    auto e = seal::seal_envelope(three, {}, device, *entropy);
    if (!e) die(e.describe());
    env3 = std::move(e).value();
  });
  const Timing ins = time_runs(runs, entropy, [&] {
    if (!seal::inspect_envelope(env1, 64ull << 20)) die("inspect refused the 1 KiB envelope");
  });
  const Timing ins3 = time_runs(runs, entropy, [&] {
    if (!seal::inspect_envelope(env3, 64ull << 20)) die("inspect refused the 3-part envelope");
  });
  const Timing op1 = time_runs(runs, entropy, [&] {
    const auto p = seal::open_envelope(env1, d.k[0], 64ull << 20);
    if (!p || p.data_json != data) die("open failed on the 1 KiB envelope");
  });
  add("data_bytes", static_cast<double>(data.size()), 0);
  add("envelope_1k_bytes", static_cast<double>(env1.size()), 0);
  add("envelope_1k_3dept_bytes", static_cast<double>(env3.size()), 0);
  add("seal_1k_1dept_median_us", s1.median);
  add("seal_1k_1dept_p99_us", s1.p99);
  add("seal_1k_3dept_median_us", s3.median);
  add("seal_1k_3dept_p99_us", s3.p99);
  add("inspect_1k_median_us", ins.median);
  add("inspect_1k_p99_us", ins.p99);
  add("inspect_1k_3dept_median_us", ins3.median);
  add("inspect_1k_3dept_p99_us", ins3.p99);
  add("open_1k_median_us", op1.median);
  add("open_1k_p99_us", op1.p99);
  add("runs", runs, 0);

  // --- attachments ------------------------------------------------------------------------------
  if (attach_mib > 0) {
    std::string mib(1u << 20, '\0');
    randombytes_buf(mib.data(), mib.size());
    const std::uint64_t attach = static_cast<std::uint64_t>(attach_mib) << 20;
    std::vector<double> seal_us, finish_us, open_us, inspect_us, aead_us;
    std::uint64_t envelope_bytes = 0, padded = 0;
    entropy = pool_of(static_cast<std::size_t>(big_reps) * kPoolPerEnvelope);
    for (int r = 0; r < big_reps; ++r) {
      std::string env;
      double fin = 0;
      seal_us.push_back(seal_big(d, device, *entropy, attach, mib, &env, &fin));
      if (entropy->ran_short()) die("the random pool ran dry");
      finish_us.push_back(fin);
      envelope_bytes = env.size();
      auto t0 = Clock::now();
      const auto in = seal::inspect_envelope(env, seal::kMaxEnvelopeBytes);
      inspect_us.push_back(us_since(t0));
      if (!in) die("inspect refused the attachment envelope: " + in.describe());
      padded = in.header.parts(0).padded_size();
      t0 = Clock::now();
      const auto p = seal::open_envelope(env, d.k[0], seal::kMaxEnvelopeBytes);
      open_us.push_back(us_since(t0));
      if (!p || p.attachments.size() != 1 || p.attachments[0].bytes.size() != attach ||
          std::memcmp(p.attachments[0].bytes.data(), mib.data(), std::min<std::size_t>(mib.size(), attach)) != 0)
        die("the attachment did not open to what was sealed");
    }
    // The ceiling: the AEAD alone over the same number of bytes, output buffer allocated once.
    {
      const std::size_t chunks = static_cast<std::size_t>((padded + seal::kChunk - 1) / seal::kChunk);
      std::string out(chunks * (seal::kChunk + crypto_aead_xchacha20poly1305_ietf_ABYTES), '\0');
      unsigned char k[32], nonce[24];
      randombytes_buf(k, sizeof k);
      randombytes_buf(nonce, sizeof nonce);
      for (int r = 0; r < big_reps + 1; ++r) {
        const auto t0 = Clock::now();
        unsigned long long len = 0;
        for (std::size_t c = 0; c < chunks; ++c) {
          nonce[23] = static_cast<unsigned char>(c);
          crypto_aead_xchacha20poly1305_ietf_encrypt(
              reinterpret_cast<unsigned char*>(&out[c * (seal::kChunk + 16)]), &len,
              reinterpret_cast<const unsigned char*>(mib.data()) + (c * seal::kChunk) % mib.size(), seal::kChunk, nullptr, 0,
              nullptr, nonce, k);
        }
        if (r > 0) aead_us.push_back(us_since(t0));  // the first pass faults the buffer in
      }
    }
    const double mb = 1e6;
    auto rate = [&](std::uint64_t bytes, const std::vector<double>& us) { return static_cast<double>(bytes) / mb / (pct(us, 0.5) / 1e6); };
    add("attach_mib", attach_mib, 0);
    add("attach_reps", big_reps, 0);
    add("attach_padded_bytes", static_cast<double>(padded), 0);
    add("attach_envelope_bytes", static_cast<double>(envelope_bytes), 0);
    add("attach_seal_ms", pct(seal_us, 0.5) / 1e3);
    add("attach_finish_ms", pct(finish_us, 0.5) / 1e3);
    add("attach_seal_mb_s", rate(attach, seal_us), 1);                 // attachment bytes per second
    add("attach_seal_plain_mb_s", rate(padded, seal_us), 1);           // padded plaintext sealed per second
    add("attach_open_mb_s", rate(attach, open_us), 1);
    add("attach_inspect_mb_s", rate(envelope_bytes, inspect_us), 1);
    add("attach_aead_only_mb_s", rate(padded, aead_us), 1);
  }
  json += "}";
  return json;
}

#ifdef __EMSCRIPTEN__
extern "C" EMSCRIPTEN_KEEPALIVE const char* tb_bench_submission(int runs, int attach_mib, int big_reps) {
  static std::string out;
  out = run_bench(runs, attach_mib, big_reps);
  return out.c_str();
}
#else
int main(int argc, char** argv) {
  int runs = 3000, attach_mib = 64, big_reps = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const int v = std::atoi(argv[i + 1]);
    if (a == "--runs" && v > 0) runs = v;
    else if (a == "--attach-mib" && v >= 0) attach_mib = v;
    else if (a == "--big-reps" && v > 0) big_reps = v;
    else {
      std::fprintf(stderr, "usage: bench_submission [--runs N] [--attach-mib N] [--big-reps N]\n");
      return 2;
    }
  }
  std::printf("%s\n", run_bench(runs, attach_mib, big_reps).c_str());
  return 0;
}
#endif
