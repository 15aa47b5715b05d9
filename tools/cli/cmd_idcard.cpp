// `tongban idcard make|check`: the simulated ID-card reader's card files (docs/ID-CARD.md) for
// demos and tests — GA 467's 256-byte WZ text block (UCS-2LE, fixed-width fields) followed by the
// photo bytes — and the checks a kiosk runs on a card before it fills a form.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "card/id_card.h"
#include "check/ethnicity.h"
#include "commands.h"
#include "crypto/wipe.h"
#include "files.h"
#include "host/local_date.h"
#include "report.h"
#include "text/mask.h"

namespace tb::cli {
namespace {

struct MakeOptions {
  std::string name, sex, ethnicity, birth, address, id, authority, valid_from, valid_until, out;
  std::optional<std::string> photo;
};

int run_make(MakeOptions o) {
  card::IdCard c;
  c.name = o.name;
  c.sex = o.sex == "男" ? "1" : o.sex == "女" ? "2" : o.sex;
  c.ethnicity = check::ethnicity_name(o.ethnicity).empty() ? std::string(check::ethnicity_code(o.ethnicity)) : o.ethnicity;
  if (c.ethnicity.empty()) fail_usage("--ethnicity '" + o.ethnicity + "': not a GB/T 3304 code or name (01, 汉族 …)");
  c.birth_date = o.birth;
  c.address = o.address;
  c.id_number = o.id;
  c.authority = o.authority;
  c.valid_from = o.valid_from;
  c.valid_until = o.valid_until;
  auto wz = card::encode_wz(c);
  if (!wz) fail_with(wz, "", kExitUsage);
  // Written as given (a test may want a card that fails the checks); the same parse a reader's
  // bytes get says whether it is a card at all.
  if (auto parsed = card::parse_wz(*wz); !parsed) fail_with(parsed, "", kExitUsage);
  std::string bytes = *wz + (o.photo ? read_file(*o.photo, "--photo") : std::string());
  write_file_atomic(o.out, bytes, 0600);
  crypto::wipe(bytes);
  c.wipe();
  std::printf("wrote %s (%zu bytes of WZ text%s)\n", o.out.c_str(), card::kWzBytes, o.photo ? " and the photo" : "");
  return 0;
}

struct CheckOptions {
  std::string card;
  std::optional<std::int64_t> today;
};

int run_check(const CheckOptions& o) {
  std::string bytes = read_file(o.card);
  auto c = card::parse_card_file(bytes);
  crypto::wipe(bytes);
  if (!c) fail_with(c, o.card + ": ");
  const int today = o.today ? static_cast<int>(*o.today) : host::today_yyyymmdd();
  const auto checked = card::check_card(*c, today);
  const std::string who = text::mask_name(c->name) + " " + text::mask_resident_id(c->id_number);
  if (!checked) {
    c->wipe();
    fail_with(checked, o.card + ": " + who + ": ");
  }
  std::printf("ok %s valid %s to %s, photo %s (%zu bytes)\n", who.c_str(), card::chinese_date(c->valid_from).c_str(),
              c->long_term() ? "长期" : card::chinese_date(c->valid_until).c_str(), card::photo_format_name(c->photo_format),
              c->photo.size());
  c->wipe();
  return 0;
}

}  // namespace

void add_idcard(CommandTree& tree) {
  CLI::App& group = tree.add_group(tree.root(), {"idcard", "card files for the kiosk's simulated ID-card reader", "make|check …", ""},
                                   "COMMAND");
  auto m = std::make_shared<MakeOptions>();
  CLI::App& make = tree.add(group,
                            {"make", "write a card file: GA 467's WZ text (UCS-2LE) and the photo bytes",
                             "--name NAME --sex 1|2 --ethnicity CODE|NAME --birth YYYYMMDD --address TEXT --id NUMBER\n"
                             "       --authority TEXT --valid-from YYYYMMDD --valid-until YYYYMMDD|长期 [--photo FILE] -o CARD",
                             "For `tongban-kiosk --card-reader sim:PATH`: write CARD to PATH to lay the card on the reader, remove\n"
                             "PATH to take it off (docs/ID-CARD.md). Fields are written as given: a card that fails the kiosk's\n"
                             "checks (a wrong check digit, an expired card) can be made on purpose; `idcard check` says why."},
                            [m] { return run_make(*m); });
  make.add_option("--name", m->name, "姓名 (up to 15 characters)")->required();
  make.add_option("--sex", m->sex, "性别: 1 (男) or 2 (女)")->required();
  make.add_option("--ethnicity", m->ethnicity, "民族: GB/T 3304 code (01) or name (汉族)")->required();
  make.add_option("--birth", m->birth, "出生日期, YYYYMMDD")->required();
  make.add_option("--address", m->address, "住址 (up to 35 characters)")->required();
  make.add_option("--id", m->id, "公民身份号码 (18 characters)")->required();
  make.add_option("--authority", m->authority, "签发机关 (up to 15 characters)")->required();
  make.add_option("--valid-from", m->valid_from, "有效期起始日期, YYYYMMDD")->required();
  make.add_option("--valid-until", m->valid_until, "有效期截止日期, YYYYMMDD or 长期")->required();
  make.add_option("--photo", m->photo, "photo bytes to append (WLT as readers give it, or a BMP/JPEG)")->type_name("FILE");
  make.add_option("-o", m->out, "the card file")->type_name("CARD")->required();
  auto c = std::make_shared<CheckOptions>();
  CLI::App& check = tree.add(group,
                             {"check", "read a card file as the kiosk does and run its checks", "CARD [--today YYYYMMDD]",
                              "Prints 'ok' with the masked name and number, or exits 1 with the reason a kiosk shows\n"
                              "(证件已于2025年3月1日过期, 身份证号码不正确 …)."},
                             [c] { return run_check(*c); });
  check.add_option("CARD", c->card, "the card file")->required();
  check.add_option("--today", c->today, "check as of this day (default: today)")->type_name("YYYYMMDD");
}

}  // namespace tb::cli
