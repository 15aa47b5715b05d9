#include "print/receipt_slip.h"

#include <cstdio>

#include "text/civil_date.h"

namespace tb::print {
namespace {

std::string date_time(std::int64_t local_seconds) {
  const std::int64_t days = local_seconds >= 0 ? local_seconds / 86400 : (local_seconds - 86399) / 86400;
  const std::int64_t in_day = local_seconds - days * 86400;
  const auto d = text::civil_from_days(days);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02d:%02d", static_cast<long long>(d.year), d.month, d.day,
                static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60));
  return buf;
}

}  // namespace

Slip receipt_slip(const ReceiptFacts& f) {
  Slip s;
  s.lines.push_back({"通办 办件回执", true, true});
  s.lines.push_back({"事项：" + f.title});
  if (!f.departments.empty()) s.lines.push_back({"送达：" + f.departments});
  s.lines.push_back({"时间：" + date_time(f.local_seconds)});
  s.lines.push_back({"回执编号：" + f.id.substr(0, 8)});
  if (f.receipt_code.empty()) {
    s.after_qr.push_back({"状态：排队中。网络恢复后自动提交，回执以工作人员查询为准。"});
  } else {
    s.qr = f.receipt_code;
    s.after_qr.push_back({"状态：已提交。请保留本回执，凭二维码查询办理进度。", false, false});
  }
  s.after_qr.push_back({"请妥善保管，勿交给他人。", false, true});
  return s;
}

}  // namespace tb::print
