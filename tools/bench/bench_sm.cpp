// The national-cryptography suite beside the Ed25519 one (issue 15's targets): SM2 verify and sign,
// Ed25519 verify, sealing 1 KiB to one department and verifying a dynamic code in each suite, and
// SM4-GCM beside XChaCha20-Poly1305 on 64 KiB chunks. One JSON object: printed on stdout natively,
// returned by tb_bench_sm(n) in the WebAssembly build (the same source, run in headless Chromium
// beside npm sm-crypto in the same page); bench_sm.mjs drives both.
//   bench_sm [--iterations N]      (a smoke run: --iterations 3)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <sodium.h>
#include <time.h>

#include "code/codes.h"
#include "crypto/aead.h"
#include "crypto/keys.h"
#include "crypto/sign.h"
#include "crypto/sm.h"
#include "crypto/entropy.h"
#include "seal/envelope.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#endif

using namespace tb;

namespace {

// Natively the thread's CPU time; a browser has no CPU clock, so there the monotonic clock
// (performance.now(): 100 µs steps on the page bench_sm.mjs serves, which is not cross-origin
// isolated; the report says so).
double thread_cpu_us() {
  timespec ts{};
#ifdef __EMSCRIPTEN__
  clock_gettime(CLOCK_MONOTONIC, &ts);
#else
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
#endif
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// The bench seals many envelopes: an entropy source that never runs out (libsodium's generator,
// in a browser crypto.getRandomValues), in both builds.
class SodiumEntropy final : public crypto::Entropy {
 public:
  void fill(unsigned char* out, std::size_t n) override { randombytes_buf(out, n); }
};

// The median thread CPU time of one call over n calls: on this shared 2-core VM a mean moves by
// half between runs (time stolen by the host lands on whichever call is running).
double median_us(int n, const std::function<void()>& f) {
  std::vector<double> t(static_cast<std::size_t>(n));
  for (auto& x : t) {
    const double t0 = thread_cpu_us();
    f();
    x = thread_cpu_us() - t0;
  }
  std::nth_element(t.begin(), t.begin() + n / 2, t.end());
  return t[static_cast<std::size_t>(n / 2)];
}

crypto::KeyPair key(crypto::KeyKind kind, unsigned char b) {
  crypto::Seed s;
  s.fill(b);
  return crypto::keypair_from_seed(kind, "bench", s);
}

double seal_1k_us(int n, crypto::KeyKind device_kind, crypto::KeyKind dept_kind) {
  const auto device = key(device_kind, 1), dept = key(dept_kind, 2);
  seal::SealPlan plan;
  plan.created_at = 1750000000;
  plan.parts.push_back({"dept", crypto::public_half(dept), std::string(1024, 'x'), {}});
  SodiumEntropy e;
  return median_us(n, [&] {
    if (!seal::seal_envelope(plan, {{}}, device, e)) std::abort();
  });
}

// Verifying a dynamic code (issuer and device signatures, replay memory) in a suite: each code in
// its own 30-second window, so none is a replay.
double verify_dynamic_us(int n, crypto::KeyKind issuer_kind, crypto::KeyKind device_kind) {
  const auto issuer = key(issuer_kind, 4), device = key(device_kind, 5);
  constexpr std::int64_t kNow = 1780000000;
  code::Credential c;
  c.holder = {"欧**华", "110105********002X"};
  c.device_public_key = device.public_key;
  c.valid_from = kNow - 86400;
  c.valid_until = kNow + 365 * 86400;
  const std::string credential = code::issue_credential(c, issuer);
  std::vector<std::string> codes;
  for (int i = 0; i < n; ++i) codes.push_back(*code::dynamic_code(credential, device, kNow + 30 * i, 30));
  code::Verifier v;
  v.trust({crypto::public_half(issuer), {code::Kind::Dynamic}, 0, 0});
  int i = 0;
  return median_us(n, [&] {
    if (!v.verify(codes[static_cast<std::size_t>(i)], kNow + 30 * i)) std::abort();
    ++i;
  });
}

std::string run_bench(int n) {
  const auto sm_key = key(crypto::KeyKind::Sm2Sign, 3), ed_key = key(crypto::KeyKind::Sign, 3);
  const std::string msg(200, 'm');
  const std::string sm_pub(sm_key.public_key.begin(), sm_key.public_key.end());
  const std::string sm_sig = crypto::sm::sign(sm_key.secret_key, crypto::sm::kDefaultId, msg);
  const std::string ed_sig = crypto::sign_detached("bench", msg, ed_key);
  const double sm2_verify = median_us(n, [&] {
    if (!crypto::sm::verify(sm_pub, crypto::sm::kDefaultId, msg, sm_sig)) std::abort();
  });
  // As every caller signs: with the KeyPair's public key at hand (sign_document, envelopes).
  const double sm2_sign = median_us(n, [&] { crypto::sm::sign(sm_key.secret_key, sm_pub, crypto::sm::kDefaultId, msg); });
  const double ed_verify = median_us(n, [&] {
    if (!crypto::verify_detached("bench", msg, ed_sig, ed_key.public_key)) std::abort();
  });
  const double seal_sm = seal_1k_us(n, crypto::KeyKind::Sm2Device, crypto::KeyKind::Sm2Seal);
  const double seal_ed = seal_1k_us(n, crypto::KeyKind::Device, crypto::KeyKind::Seal);
  const double dyn_sm = verify_dynamic_us(n, crypto::KeyKind::Sm2Sign, crypto::KeyKind::Sm2Device);
  const double dyn_ed = verify_dynamic_us(n, crypto::KeyKind::Sign, crypto::KeyKind::Device);
  const std::string chunk(64 * 1024, 'c'), key16(16, 'k'), nonce12(12, 'n');
  const int chunks = n;
  const double gcm_us = median_us(chunks, [&] { crypto::sm::sm4_gcm_seal(key16, nonce12, chunk, "ad"); });
  crypto::Key32 k32{};
  crypto::Nonce24 n24{};
  const double xchacha_us = median_us(chunks, [&] { crypto::seal_at_rest(k32, n24, chunk, "ad"); });
  auto mbps = [&](double us) { return chunk.size() / us; };  // bytes per µs = MB/s
  char json[1024];
  std::snprintf(json, sizeof json,
      "{\"iterations\": %d, \"sm2_verify_us\": %.1f, \"sm2_sign_us\": %.1f, \"ed25519_verify_us\": %.1f,"
      " \"seal_1k_sm_us\": %.1f, \"seal_1k_ed25519_us\": %.1f, \"verify_dynamic_code_sm_us\": %.1f,"
      " \"verify_dynamic_code_ed25519_us\": %.1f, \"sm4_gcm_mb_s\": %.1f, \"xchacha20poly1305_mb_s\": %.1f}\n",
      n, sm2_verify, sm2_sign, ed_verify, seal_sm, seal_ed, dyn_sm, dyn_ed, mbps(gcm_us), mbps(xchacha_us));
  return json;
}

}  // namespace

#ifdef __EMSCRIPTEN__
extern "C" EMSCRIPTEN_KEEPALIVE const char* tb_bench_sm(int n) {
  static std::string out;
  out = n >= 1 && crypto::sm::available() ? run_bench(n) : std::string("{\"error\": \"no sm suite or no iterations\"}");
  return out.c_str();
}
#else
int main(int argc, char** argv) {
  int n = 200;
  for (int i = 1; i + 1 < argc; ++i)
    if (!std::strcmp(argv[i], "--iterations")) n = std::atoi(argv[i + 1]);
  if (n < 1 || !crypto::sm::available()) return 2;
  std::printf("%s\n", run_bench(n).c_str());
  return 0;
}
#endif
