// The native kiosk's settings: one table of options, read from the configuration file first and
// the command line after it (the command line wins), each value checked the same way in both.
#include "options_native.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "host/config_file.h"
#include "host/install_paths.h"
#include "platform/platform.h"

namespace tb::kiosk {
namespace {

// One option: its name (`--name` on the command line, `name = …` in the file), whether it is a
// yes/no flag, how a value is applied (false with `error` set: refused), and how the effective
// value reads in --print-config ("" when unset).
struct Spec {
  const char* name;
  bool flag;
  bool (*apply)(Options*, const std::string& value, std::string* error);
  std::string (*show)(const Options&);
};

bool is_digits(const std::string& v) { return !v.empty() && v.size() < 10 && v.find_first_not_of("0123456789") == std::string::npos; }

bool set_whole(const std::string& v, int min, int max, int* into) {
  if (!is_digits(v)) return false;
  const long n = std::strtol(v.c_str(), nullptr, 10);
  if (n < min || n > max) return false;
  *into = static_cast<int>(n);
  return true;
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }

// http://127.0.0.1…, http://localhost…, http://[::1]… (the host ends at ':', '/' or the end).
bool is_loopback_url(const std::string& url) {
  const std::string rest = url.substr(7);
  for (const char* host : {"127.0.0.1", "localhost", "[::1]"}) {
    const std::size_t n = std::char_traits<char>::length(host);
    if (rest.compare(0, n, host) == 0 && (rest.size() == n || rest[n] == ':' || rest[n] == '/')) return true;
  }
  return false;
}

const std::vector<Spec>& specs() {
  static const std::vector<Spec> all = {
      {"fullscreen", true, [](Options* o, const std::string&, std::string*) { return o->fullscreen = true; },
       [](const Options& o) { return yes_no(o.fullscreen); }},
      {"portrait", true, [](Options* o, const std::string&, std::string*) { return o->portrait = true; },
       [](const Options& o) { return yes_no(o.portrait); }},
      {"elderly", true, [](Options* o, const std::string&, std::string*) { return o->elderly = true; },
       [](const Options& o) { return yes_no(o.elderly); }},
      {"size", false,
       [](Options* o, const std::string& v, std::string* error) {
         char extra = 0;
         if (std::sscanf(v.c_str(), "%dx%d%c", &o->width, &o->height, &extra) != 2 || o->width < 320 || o->height < 320) {
           *error = "--size: expected WxH of at least 320x320, got '" + v + "'";
           return false;
         }
         return true;
       },
       [](const Options& o) { return o.width ? std::to_string(o.width) + "x" + std::to_string(o.height) : std::string(); }},
      {"assets", false, [](Options* o, const std::string& v, std::string*) { return o->assets_dir = v, true; },
       [](const Options& o) { return o.assets_dir; }},
      {"keys", false, [](Options* o, const std::string& v, std::string*) { return o->keys_dir = v, true; },
       [](const Options& o) { return o.keys_dir; }},
      {"demo", true, [](Options* o, const std::string&, std::string*) { return o->demo = true; },
       [](const Options& o) { return yes_no(o.demo); }},
      {"data", false, [](Options* o, const std::string& v, std::string*) { return o->data_dir = v, true; },
       [](const Options& o) { return o.data_dir; }},
      {"secrets", false, [](Options* o, const std::string& v, std::string*) { return o->secrets_dir = v, true; },
       [](const Options& o) { return o.secrets_dir; }},
      {"intake", false,
       [](Options* o, const std::string& v, std::string* error) {
         if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) {
           *error = "--intake: expected an http:// or https:// URL, got '" + v + "'";
           return false;
         }
         // Submissions are sealed, but receipts, registration and status travel in the clear over
         // plain HTTP: only to this machine (a demo, a test, a local proxy).
         if (v.rfind("http://", 0) == 0 && !is_loopback_url(v)) {
           *error = "--intake: plain http:// only to this machine (127.0.0.1, localhost, [::1]); the city's intake is https://, got '" +
                    v + "'";
           return false;
         }
         o->intake_url = v;
         return true;
       },
       [](const Options& o) { return o.intake_url; }},
      {"updates", false,
       [](Options* o, const std::string& v, std::string* error) {
         if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) {
           *error = "--updates: expected the publisher's http:// or https:// URL (the folder with updates.json), got '" + v + "'";
           return false;
         }
         // Updates are signed and verified, but a plain-HTTP publisher could be watched or blocked:
         // like the intake, plain http:// only to this machine.
         if (v.rfind("http://", 0) == 0 && !is_loopback_url(v)) {
           *error = "--updates: plain http:// only to this machine (127.0.0.1, localhost, [::1]); a publisher is https://, got '" + v + "'";
           return false;
         }
         o->updates_url = v;
         return true;
       },
       [](const Options& o) { return o.updates_url; }},
      {"update-every", false,
       [](Options* o, const std::string& v, std::string* error) {
         if (set_whole(v, 1, 7 * 86400, &o->update_every_s)) return true;
         *error = "--update-every: expected seconds from 1 to 604800 (a week), got '" + v + "'";
         return false;
       },
       [](const Options& o) { return std::to_string(o.update_every_s); }},
      {"staff", true, [](Options* o, const std::string&, std::string*) { return o->staff = true; },
       [](const Options& o) { return yes_no(o.staff); }},
      {"staff-idle", false,
       [](Options* o, const std::string& v, std::string* error) {
         if (set_whole(v, 10, 86400, &o->staff_idle_s)) return true;
         *error = "--staff-idle: expected at least 10 seconds, got '" + v + "'";
         return false;
       },
       [](const Options& o) { return std::to_string(o.staff_idle_s); }},
      {"camera", false, [](Options* o, const std::string& v, std::string*) { return o->camera = v, true; },
       [](const Options& o) { return o.camera; }},
      {"document-camera", false, [](Options* o, const std::string& v, std::string*) { return o->document_camera = v, true; },
       [](const Options& o) { return o.document_camera; }},
      {"card-reader", false,
       [](Options* o, const std::string& v, std::string* error) {
         if (v.rfind("sim:", 0) != 0 && v.rfind("vendor:", 0) != 0) {
           *error = "--card-reader: expected sim:PATH or vendor:LIBRARY, got '" + v + "'";
           return false;
         }
         o->card_reader = v;
         return true;
       },
       [](const Options& o) { return o.card_reader; }},
      {"card-reader-entries", false, [](Options* o, const std::string& v, std::string*) { return o->card_reader_entries = v, true; },
       [](const Options& o) { return o.card_reader_entries; }},
      {"card-reader-port", false,
       [](Options* o, const std::string& v, std::string* error) {
         if (set_whole(v, 0, 65535, &o->card_reader_port)) return true;
         *error = "--card-reader-port: expected a port number from 0 to 65535, got '" + v + "'";
         return false;
       },
       [](const Options& o) { return std::to_string(o.card_reader_port); }},
      {"printer", false,
       [](Options* o, const std::string& v, std::string* error) {
         o->printer = v;
         if (const auto configured = platform::printer_configure(v); !configured) {
           *error = configured.detail();
           return false;
         }
         return true;
       },
       [](const Options& o) { return o.printer; }},
      {"printer-paper", false,
       [](Options* o, const std::string& v, std::string* error) {
         if (v != "58" && v != "80") {
           *error = "--printer-paper: expected 58 or 80 (mm), got '" + v + "'";
           return false;
         }
         o->printer_shape.dots_per_line = v == "80" ? 576 : 384;  // 203 dpi print heads
         return true;
       },
       [](const Options& o) { return std::string(o.printer_shape.dots_per_line == 576 ? "80" : "58"); }},
      {"printer-qr", false,
       [](Options* o, const std::string& v, std::string* error) {
         if (v != "command" && v != "raster") {
           *error = "--printer-qr: expected command or raster, got '" + v + "'";
           return false;
         }
         o->printer_shape.qr = v == "raster" ? print::QrMode::Raster : print::QrMode::Command;
         return true;
       },
       [](const Options& o) { return std::string(o.printer_shape.qr == print::QrMode::Raster ? "raster" : "command"); }},
      {"automation", false, [](Options* o, const std::string& v, std::string*) { return o->automation_path = v, true; },
       [](const Options& o) { return o.automation_path; }},
      {"screen-inches", false,
       [](Options* o, const std::string& v, std::string* error) {
         char* end = nullptr;
         const float d = std::strtof(v.c_str(), &end);
         if (end == v.c_str() || *end || !(d >= 7 && d <= 100)) {
           *error = "--screen-inches: expected a diagonal from 7 to 100 inches, got '" + v + "'";
           return false;
         }
         o->screen_inches = d;
         return true;
       },
       [](const Options& o) {
         char b[32];
         std::snprintf(b, sizeof b, "%g", o.screen_inches);
         return std::string(b);
       }},
      {"idle-timeout", false,
       [](Options* o, const std::string& v, std::string* error) {
         if (set_whole(v, 10, 86400, &o->idle_timeout_s)) return true;
         *error = "--idle-timeout: expected at least 10 seconds, got '" + v + "'";
         return false;
       },
       [](const Options& o) { return std::to_string(o.idle_timeout_s); }},
  };
  return all;
}

const Spec* find(const std::string& name) {
  for (const auto& s : specs())
    if (name == s.name) return &s;
  return nullptr;
}

// The file's settings; a flag's value is yes or no (no: left as the default).
bool apply_file(const std::string& path, Options* o, std::string* error) {
  const auto entries = host::read_config(path);
  if (!entries) {
    *error = entries.detail();
    return false;
  }
  for (const auto& e : *entries) {
    const Spec* spec = find(e.key);
    if (!spec) {
      *error = e.where() + "unknown key '" + e.key + "'";
      return false;
    }
    std::string why;
    if (spec->flag) {
      const auto on = text::config_bool(e.value);
      if (!on) {
        *error = e.where() + e.key + ": expected yes or no, got '" + e.value + "'";
        return false;
      }
      if (*on) spec->apply(o, e.value, &why);
    } else if (!spec->apply(o, e.value, &why)) {
      *error = e.where() + why;
      return false;
    }
  }
  return true;
}

// The defaults that depend on where the kiosk is installed and who runs it.
void fill_defaults(Options* o) {
  if (o->assets_dir.empty()) o->assets_dir = host::assets_dir();
  // Nothing trusts a demo key unless told to: without --demo the city's keys are in /etc.
  if (o->demo && o->keys_dir.empty()) o->keys_dir = host::demo_keys_dir();
  if (o->keys_dir.empty()) o->keys_dir = host::system_config_dir() + "/keys";
  // A kiosk always has somewhere to keep its outbox: the XDG state folder unless --data says.
  if (o->data_dir.empty()) {
    const char* state = std::getenv("XDG_STATE_HOME");
    const char* home = std::getenv("HOME");
    if (state && *state) o->data_dir = std::string(state) + "/tongban-kiosk";
    else if (home && *home) o->data_dir = std::string(home) + "/.local/state/tongban-kiosk";
  }
  if (o->width == 0) {
    o->width = o->portrait ? 1080 : 1920;
    o->height = o->portrait ? 1920 : 1080;
  }
}

}  // namespace

const char* usage() {
  return "usage: tongban-kiosk [--config FILE] [--print-config] [--fullscreen] [--portrait] [--size WxH]\n"
         "                     [--elderly] [--assets DIR] [--keys DIR] [--demo] [--data DIR] [--secrets DIR]\n"
         "                     [--intake URL] [--updates URL] [--update-every SECONDS]\n"
         "                     [--idle-timeout SECONDS] [--screen-inches DIAGONAL]\n"
         "                     [--staff] [--staff-idle SECONDS] [--camera DEVICE|FILE.y4m]\n"
         "                     [--document-camera DEVICE|FILE.y4m]\n"
         "                     [--card-reader sim:PATH|vendor:LIBRARY] [--card-reader-entries LIST]\n"
         "                     [--card-reader-port N] [--automation FILE]\n"
         "                     [--printer DEVICE|tcp:HOST[:PORT]|cups:QUEUE] [--printer-paper 58|80]\n"
         "                     [--printer-qr command|raster]\n"
         "  --config FILE       settings, one `key = value` a line, keys as these options without the dashes\n"
         "                      (flags take yes or no); default /etc/tongban/kiosk.conf when installed.\n"
         "                      Options on the command line override the file\n"
         "  --print-config      print the effective settings in the file's form and exit\n"
         "  --fullscreen        fill the screen (default: a window)\n"
         "  --portrait          1080x1920 layout (default: landscape 1920x1080)\n"
         "  --size WxH          window size in pixels\n"
         "  --elderly           start in 长辈版 (elderly mode)\n"
         "  --assets DIR        where the font and shipped bundles are (default: the installed\n"
         "                      share/tongban/assets, or the build's assets)\n"
         "  --keys DIR          the city's public keys: guide-issuer.pub, intake.pub, code-root.pub and\n"
         "                      the code trust list code-trust.tbt (default /etc/tongban/keys)\n"
         "  --demo              trust the demo keys shipped with the kiosk instead (demos and tests only)\n"
         "  --data DIR          the kiosk's data folder (default ~/.local/state/tongban-kiosk): installed\n"
         "                      guide updates; files dropped in\n"
         "                      DIR/incoming/ (.tbd deltas, .tbg bundles) are verified and applied at start;\n"
         "                      the outbox of sealed applications and the kiosk's device key (device.pub)\n"
         "  --secrets DIR       read the kiosk's own secrets (device.seed, data.key) from DIR and never make\n"
         "                      them: systemd's credentials folder (%d), decrypted with the kiosk's TPM by\n"
         "                      tongban-kiosk.service (default: kept in the data folder, made on first use)\n"
         "  --intake URL        the city's intake server, https:// (plain http:// only to this machine;\n"
         "                      default http://127.0.0.1:8080)\n"
         "  --updates URL       the publisher's folder with updates.json (https://; plain http:// only to this\n"
         "                      machine): guide deltas and bundles fetched, verified and shown once the kiosk\n"
         "                      is idle; after each look a heartbeat goes to the intake (tongban intake fleet)\n"
         "  --update-every S    how often to look, in seconds (default 3600; the first look soon after start)\n"
         "  --staff             hall staff station (帮办): a clerk signs in with their staff credential and PIN\n"
         "                      before anything is shown; a scanned resident's masked ID number is shown;\n"
         "                      what the station does goes to DIR/audit.log (tongban audit verify)\n"
         "  --staff-idle S      sign the clerk out after S seconds without a touch (default 300)\n"
         "  --card-reader R     the ID-card reader: sim:PATH (a card file or FIFO written by tongban idcard\n"
         "                      make) or vendor:LIBRARY (the reader's SDT library, loaded at run time)\n"
         "  --card-reader-entries LIST  the vendor library's entry points, e.g.\n"
         "                      open=SDT_OpenPort,close=SDT_ClosePort,find=SDT_StartFindIDCard,\n"
         "                      select=SDT_SelectIDCard,read=SDT_ReadBaseMsg (these are the defaults)\n"
         "  --card-reader-port N  the reader's port for the vendor library (default 1001, USB)\n"
         "  --camera SOURCE     read codes with a camera: a V4L2 device (/dev/video0) or a .y4m file of\n"
         "                      frames; keyboard-wedge scanners work with or without it\n"
         "  --document-camera SOURCE  the document camera (高拍仪) for 拍照上传 on a form's materials: a V4L2\n"
         "                      device or a .y4m file; without it materials are handed in at the counter\n"
         "  --printer WHERE     the receipt printer (ESC/POS): a device (/dev/usb/lp0, /dev/ttyS0), a network\n"
         "                      printer's raw port (tcp:192.168.1.50:9100) or a raw CUPS queue (cups:QUEUE);\n"
         "                      without it slips are kept in the data folder (print-*.escpos)\n"
         "  --printer-paper MM  paper width, 58 (default) or 80 mm\n"
         "  --printer-qr HOW    the receipt QR with the printer's QR command (command, default) or as an\n"
         "                      image (raster) for printers without one\n"
         "  --idle-timeout S    end a person's session after S seconds without a touch (default 120)\n"
         "  --screen-inches D   the screen's diagonal in inches (default 21.5): text and targets are\n"
         "                      checked against the ageing-friendly sizes in points and dp on it\n"
         "  --automation FILE   test hook: describe each drawn frame as JSON in FILE\n";
}

Parsed parse_options(int argc, char** argv, Options* o, std::string* error) {
  // First the command line's own words about the file: which one, and whether to print.
  std::string config = host::default_config_file("kiosk.conf");
  bool explicit_config = false, print = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") return Parsed::Help;
    if (a == "--print-config") print = true;
    if (a == "--config") {
      if (i + 1 >= argc) {
        *error = "--config needs a value";
        return Parsed::Error;
      }
      config = argv[++i];
      explicit_config = true;
    }
  }
  // The installed default file may be absent (every setting has a default); a named one may not.
  struct stat st{};
  if (!config.empty() && (explicit_config || ::stat(config.c_str(), &st) == 0) && !apply_file(config, o, error)) return Parsed::Error;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--print-config") continue;
    if (a == "--config") {
      ++i;
      continue;
    }
    const Spec* spec = a.rfind("--", 0) == 0 ? find(a.substr(2)) : nullptr;
    if (!spec) {
      *error = "unknown option '" + a + "'";
      return Parsed::Error;
    }
    std::string value;
    if (!spec->flag) {
      if (i + 1 >= argc) {
        *error = a + " needs a value";
        return Parsed::Error;
      }
      value = argv[++i];
    }
    if (!spec->apply(o, value, error)) return Parsed::Error;
  }
  fill_defaults(o);
  return print ? Parsed::PrintConfig : Parsed::Run;
}

std::string print_config(const Options& o) {
  std::string out = "# tongban-kiosk: effective settings\n";
  for (const auto& s : specs()) {
    const std::string v = s.show(o);
    out += (v.empty() ? "# " : "") + std::string(s.name) + " = " + v + "\n";
  }
  return out;
}

}  // namespace tb::kiosk
