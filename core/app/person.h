#pragma once
// Everything a kiosk holds about the person in front of it, in one object owned by their session
// (app::Session). Ending the session — 结束办理, the idle timeout, or a sealed application leaving
// its form — wipes it: every buffer is overwritten (sodium_memzero) before it is released. The kiosk
// UI keeps only UI state (scroll positions, focus) and reads the rest from here, so nothing else
// holds a copy. A capability that learns something about a person (a read ID card, a photographed
// material, handwriting strokes, text to be spoken) adds its state here, with its wipe.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/card_fill.h"
#include "app/scan.h"
#include "app/screen.h"
#include "code/codes.h"
#include "form/merge.h"
#include "form/model.h"
#include "form/session.h"

namespace tb::app {

// A material photographed for the form (拍照上传): the JPEG the document camera made, kept until the
// application is sealed with it; the field's value is its reference (seal::attachment_value).
struct Photo {
  std::string path;  // the attachment field
  std::string ref;   // "att:<sha256 hex>", as parse_attachment_value reads the field's value
  std::string jpeg;
  void wipe();
};

// The form a person is filling (我要办): the item, its (merged) definition, the answers and the
// photos attached to them.
struct ApplyState {
  std::string item;
  form::MergedForm merged;
  std::unique_ptr<form::CompiledForm> compiled;
  std::unique_ptr<form::FormSession> session;
  std::vector<Photo> photos;
  // Keeps a photo for a field (replacing the one taken before for it); the bytes by reference.
  void keep_photo(Photo photo);
  const std::string* photo_bytes(const std::string& ref) const;
  void wipe();
};

// A field being typed into (the kiosk's editor panel): which field, and what has been typed so far.
struct FieldEntry {
  std::string path, label, keypad;  // which field (not personal)
  Screen screen = Screen::Home;     // the screen it belongs to: leaving that screen closes it
  bool address = false;
  std::uint32_t address_code = 0;   // the division picked for an address
  std::array<char, 512> text{};     // what has been typed (edited in place by the UI's text box)
  bool open() const { return !path.empty(); }
  void wipe();
};

// Chinese written on the kiosk's screen (the editor's pinyin keyboard and handwriting pad): the
// pinyin being typed, the strokes drawn, and what the candidate bar offers from them — all the
// person's. The engines behind them (kiosk/input) keep nothing once a session ends.
struct InkPoint {
  float x = 0, y = 0;  // on the pad, in pixels from its top-left corner
};
struct ChineseInput {
  std::string letters;                          // pinyin typed and not yet converted
  std::vector<std::string> candidates;          // what the candidate bar offers now
  std::vector<std::size_t> candidate_letters;   // pinyin candidates: the letters each converts
  std::size_t first_shown = 0;                  // paging: the first candidate on the bar
  std::string last;                             // the last text chosen (suggestions follow it)
  std::vector<std::vector<InkPoint>> strokes;   // handwriting on the pad, as drawn
  void clear_candidates();                      // overwritten, then emptied
  void clear_strokes();
  void wipe();
};

// 扫码: the last scan's view and a hand-off being collected part by part.
struct ScanState {
  ScanView view;                     // what the last scan showed (masked; may hold a draft until opened)
  code::HandOffAssembler handoff;
  void wipe();
};

// A 预约 request being put together, until it is sealed.
struct AppointDraft {
  std::string item, hall, slot, name, mobile, error, sent_id;
  int date = 0;
  void wipe();
};

// The screen after 确认提交: their rating and their slip — printed, being printed, or kept (the
// ESC/POS bytes) for another try after the printer failed, with why.
struct AfterSubmit {
  std::string error, printed_for;
  std::string slip, print_problem;
  bool slip_has_code = false;      // made after the receipt came: a kept slip without it is remade
  std::uint64_t print_ticket = 0;  // the platform's job while it prints
  int stars = 0;
  void wipe();
};

struct PersonState {
  std::vector<Route> routes{Route{}};  // where they went (scenario answers included); home at the bottom
  std::string query;                 // what they searched for
  std::string wedge;                 // what a keyboard-wedge scanner has typed so far (until Enter)
  std::string query_before_wedge;    // on the search screen: the query when `wedge` began (a scan restores it)
  // What a physical keyboard's input method is composing and has not committed (pinyin turned into
  // characters still being chosen): drawn at the caret of the text box until it commits or is dropped.
  std::string composing;
  std::unique_ptr<ApplyState> apply; // the form being filled
  std::string apply_error;           // why a form did not open
  FieldEntry entry;
  ChineseInput chinese;              // the pinyin keyboard and handwriting pad of the field being typed
  ScanState scan;
  AppointDraft appoint;
  AfterSubmit submitted;
  CardState card;                    // an identity card read at the kiosk (app/card_fill.h)
  // They asked for 读给我听: from then on a fault shown to them (a card that cannot be read, a
  // printer offline, a camera gone) is also read aloud, until their session ends.
  bool read_aloud = false;
  // They put the search screen's keyboard away to read what was found (in 长辈版 an answer can
  // otherwise be all below the keyboard); it comes back with 打开键盘.
  bool keyboard_hidden = false;

  bool empty() const;
  void wipe();
};

}  // namespace tb::app
