// 读给我听 on Linux: the espeak-ng program (GPL-3: run as a process of its own, never linked into
// the kiosk) with its Mandarin voice that reads toned pinyin (cmn-latn-pinyin: "yin2 hang2" is read
// right where the characters 银行 would be guessed), the pinyin from core's text/spoken_pinyin.h.
// The text goes in on stdin, never on the command line (other processes can read argv). It plays to
// the sound card, or writes a WAV file to $TB_SPEECH_CAPTURE (tests, and halls that route audio
// elsewhere). One utterance at a time: a new one, or a tap anywhere, stops the last.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "crypto/wipe.h"
#include "platform/platform.h"
#include "text/spoken_pinyin.h"

extern char** environ;

namespace tb::kiosk::platform {
namespace {

pid_t g_speaker = -1;

// espeak-ng's words per minute: its default 175 runs away from older listeners.
constexpr int kRate = 150, kSlowRate = 115;

}  // namespace

bool speech_available() { return true; }  // whether espeak-ng is installed shows when it is asked to speak

std::string speak(const std::string& text, bool slow) {
  speech_stop();
  int in[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return "朗读暂时不可用，请稍后再试";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  const std::string rate = std::to_string(slow ? kSlowRate : kRate);
  const char* capture = std::getenv("TB_SPEECH_CAPTURE");
  std::vector<const char*> argv = {"espeak-ng", "-v", "cmn-latn-pinyin", "-s", rate.c_str(), "--stdin"};
  if (capture && *capture) argv.insert(argv.end(), {"-w", capture});
  argv.push_back(nullptr);
  const int err = posix_spawnp(&g_speaker, "espeak-ng", &fa, nullptr, const_cast<char* const*>(argv.data()), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in[0]);
  if (err != 0) {
    ::close(in[1]);
    g_speaker = -1;
    return err == ENOENT ? "朗读暂不可用：这台自助机没有安装语音程序，请联系工作人员" : "朗读暂时不可用，请稍后再试";
  }
  std::string pinyin = text::to_toned_pinyin(text);
  std::size_t off = 0;
  while (off < pinyin.size()) {
    const ssize_t n = ::write(in[1], pinyin.data() + off, pinyin.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // it stopped reading (killed): nothing more to say
    off += static_cast<std::size_t>(n);
  }
  crypto::wipe(pinyin);
  ::close(in[1]);
  return {};
}

void speech_stop() {
  if (g_speaker <= 0) return;
  ::kill(g_speaker, SIGTERM);
  ::waitpid(g_speaker, nullptr, 0);
  g_speaker = -1;
}

}  // namespace tb::kiosk::platform
