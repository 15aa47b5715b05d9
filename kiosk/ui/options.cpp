// The kiosk's command line (both builds parse the same flags; the browser kiosk gets them from
// its page's query string).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "platform/platform.h"
#include "ui/runner.h"

namespace tb::kiosk {

const char* usage() {
  return "usage: tongban-kiosk [--fullscreen] [--portrait] [--size WxH] [--elderly]\n"
         "                     [--assets DIR] [--data DIR] [--intake URL] [--idle-timeout SECONDS]\n"
         "                     [--screen-inches DIAGONAL]\n"
         "                     [--staff] [--staff-idle SECONDS] [--camera DEVICE|FILE.y4m]\n"
         "                     [--document-camera DEVICE|FILE.y4m]\n"
         "                     [--card-reader sim:PATH|vendor:LIBRARY] [--card-reader-entries LIST]\n"
         "                     [--card-reader-port N] [--automation FILE]\n"
         "                     [--printer DEVICE|tcp:HOST[:PORT]|cups:QUEUE] [--printer-paper 58|80]\n"
         "                     [--printer-qr command|raster]\n"
         "  --fullscreen        fill the screen (default: a window)\n"
         "  --portrait          1080x1920 layout (default: landscape 1920x1080)\n"
         "  --size WxH          window size in pixels\n"
         "  --elderly           start in 长辈版 (elderly mode)\n"
         "  --assets DIR        where the font and bundles are (default: the build's assets)\n"
         "  --data DIR          the kiosk's data folder (default ~/.local/state/tongban-kiosk): installed\n"
         "                      guide updates; files dropped in\n"
         "                      DIR/incoming/ (.tbd deltas, .tbg bundles) are verified and applied at start;\n"
         "                      the outbox of sealed applications and the kiosk's device key (device.pub)\n"
         "  --intake URL        the city's intake server (default http://127.0.0.1:8080)\n"
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

bool parse_options(int argc, char** argv, Options* o, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        *error = std::string(name) + " needs a value";
        return nullptr;
      }
      return argv[++i];
    };
    if (a == "--fullscreen") o->fullscreen = true;
    else if (a == "--portrait") o->portrait = true;
    else if (a == "--elderly") o->elderly = true;
    else if (a == "--size") {
      const char* v = value("--size");
      if (!v) return false;
      if (std::sscanf(v, "%dx%d", &o->width, &o->height) != 2 || o->width < 320 || o->height < 320) {
        *error = std::string("--size: expected WxH of at least 320x320, got '") + v + "'";
        return false;
      }
    } else if (a == "--assets") {
      const char* v = value("--assets");
      if (!v) return false;
      o->assets_dir = v;
    } else if (a == "--data") {
      const char* v = value("--data");
      if (!v) return false;
      o->data_dir = v;
    } else if (a == "--intake") {
      const char* v = value("--intake");
      if (!v) return false;
      o->intake_url = v;
      if (o->intake_url.rfind("http://", 0) != 0 && o->intake_url.rfind("https://", 0) != 0) {
        *error = std::string("--intake: expected an http:// or https:// URL, got '") + v + "'";
        return false;
      }
    } else if (a == "--staff") {
      o->staff = true;
    } else if (a == "--camera") {
      const char* v = value("--camera");
      if (!v) return false;
      o->camera = v;
    } else if (a == "--document-camera") {
      const char* v = value("--document-camera");
      if (!v) return false;
      o->document_camera = v;
    } else if (a == "--card-reader") {
      const char* v = value("--card-reader");
      if (!v) return false;
      o->card_reader = v;
      if (o->card_reader.rfind("sim:", 0) != 0 && o->card_reader.rfind("vendor:", 0) != 0) {
        *error = std::string("--card-reader: expected sim:PATH or vendor:LIBRARY, got '") + v + "'";
        return false;
      }
    } else if (a == "--card-reader-entries") {
      const char* v = value("--card-reader-entries");
      if (!v) return false;
      o->card_reader_entries = v;
    } else if (a == "--card-reader-port" || a == "--staff-idle") {
      const char* v = value(a.c_str());
      if (!v) return false;
      char* end = nullptr;
      const long n = std::strtol(v, &end, 10);
      const bool port = a == "--card-reader-port";
      if (end == v || *end || n < (port ? 0 : 10) || n > (port ? 65535 : 86400)) {
        *error = a + (port ? ": expected a port number from 0 to 65535" : ": expected at least 10 seconds") + ", got '" + v + "'";
        return false;
      }
      (port ? o->card_reader_port : o->staff_idle_s) = static_cast<int>(n);
    } else if (a == "--printer") {
      const char* v = value("--printer");
      if (!v) return false;
      o->printer = v;
      if (!platform::printer_configure(o->printer, error)) return false;
    } else if (a == "--printer-paper") {
      const char* v = value("--printer-paper");
      if (!v) return false;
      const std::string mm = v;
      if (mm != "58" && mm != "80") {
        *error = "--printer-paper: expected 58 or 80 (mm), got '" + mm + "'";
        return false;
      }
      o->printer_shape.dots_per_line = mm == "80" ? 576 : 384;  // 203 dpi print heads
    } else if (a == "--printer-qr") {
      const char* v = value("--printer-qr");
      if (!v) return false;
      const std::string how = v;
      if (how != "command" && how != "raster") {
        *error = "--printer-qr: expected command or raster, got '" + how + "'";
        return false;
      }
      o->printer_shape.qr = how == "raster" ? print::QrMode::Raster : print::QrMode::Command;
    } else if (a == "--automation") {
      const char* v = value("--automation");
      if (!v) return false;
      o->automation_path = v;
    } else if (a == "--screen-inches") {
      const char* v = value("--screen-inches");
      if (!v) return false;
      char* end = nullptr;
      o->screen_inches = std::strtof(v, &end);
      if (end == v || *end || !(o->screen_inches >= 7 && o->screen_inches <= 100)) {
        *error = std::string("--screen-inches: expected a diagonal from 7 to 100 inches, got '") + v + "'";
        return false;
      }
    } else if (a == "--idle-timeout") {
      const char* v = value("--idle-timeout");
      if (!v) return false;
      o->idle_timeout_s = std::atoi(v);
      if (o->idle_timeout_s < 10) {
        *error = std::string("--idle-timeout: expected at least 10 seconds, got '") + v + "'";
        return false;
      }
    } else if (a == "--help" || a == "-h") {
      *error = "";
      return false;
    } else {
      *error = "unknown option '" + a + "'";
      return false;
    }
  }
#ifndef __EMSCRIPTEN__
  // A kiosk always has somewhere to keep its outbox: the XDG state folder unless --data says.
  if (o->data_dir.empty()) {
    const char* state = std::getenv("XDG_STATE_HOME");
    const char* home = std::getenv("HOME");
    if (state && *state) o->data_dir = std::string(state) + "/tongban-kiosk";
    else if (home && *home) o->data_dir = std::string(home) + "/.local/state/tongban-kiosk";
  }
#endif
  if (o->width == 0) {
    o->width = o->portrait ? 1080 : 1920;
    o->height = o->portrait ? 1920 : 1080;
  }
  return true;
}

}  // namespace tb::kiosk
