#pragma once
// User-facing strings shared by every front end (kiosk, web kiosk, phone), so each channel says
// the same thing in the same words. Simplified Chinese, as a service hall would write it.
// The kiosk's font subset is cut to cover every character used here (tools/font/).
namespace tb::ui {

inline constexpr const char* kProductName = "通办";
inline constexpr const char* kProductSubtitle = "政务服务 · 一网通办";
inline constexpr const char* kGuides = "办事指南";
inline constexpr const char* kGuidesHint = "查看要带什么材料、去哪里办、多久办好";
inline constexpr const char* kScan = "扫码";
inline constexpr const char* kScanHint = "扫描随身码、场所码、门牌码、办事码";
inline constexpr const char* kApply = "我要办";
inline constexpr const char* kApplyHint = "在线填表申请，一件事一次办";
inline constexpr const char* kMine = "我的 / 查询";
inline constexpr const char* kMineHint = "查询办件进度、回执和预约";
inline constexpr const char* kElderlyOn = "长辈版";
inline constexpr const char* kElderlyOff = "标准版";
inline constexpr const char* kElderlyHint = "字更大、按钮更大";
inline constexpr const char* kBack = "返回";
inline constexpr const char* kHome = "首页";
inline constexpr const char* kComingSoon = "此功能即将开放";
inline constexpr const char* kSessionEnding = "长时间无操作，即将退出并清除您的信息";
inline constexpr const char* kSessionContinue = "继续办理";
inline constexpr const char* kSessionEnd = "结束办理";
inline constexpr const char* kSessionEnded = "已退出，您的信息已清除";
inline constexpr const char* kHelpPhone = "服务热线 12345";

}  // namespace tb::ui
