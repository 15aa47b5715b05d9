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
inline constexpr const char* kReadAloud = "读给我听";
inline constexpr const char* kHome = "首页";
inline constexpr const char* kComingSoon = "此功能即将开放";
inline constexpr const char* kSessionEnding = "长时间无操作，即将退出并清除您的信息";
inline constexpr const char* kSessionContinue = "继续办理";
inline constexpr const char* kSessionEnd = "结束办理";
inline constexpr const char* kSessionEnded = "已退出，您的信息已清除";
inline constexpr const char* kHelpPhone = "服务热线 12345";
inline constexpr const char* kPageUp = "上一页";
inline constexpr const char* kPageDown = "下一页";
// 办事指南
inline constexpr const char* kSearchPlaceholder = "输入拼音或首字母搜索，如 sfz、shebao";
inline constexpr const char* kByLifeEvent = "按人生事件";
inline constexpr const char* kByDepartment = "按部门";
inline constexpr const char* kSearchNothing = "没有找到相关事项，换个说法试试";
inline constexpr const char* kFound = "找到事项";
inline constexpr const char* kKeyDelete = "删除";
inline constexpr const char* kKeyClear = "清空";
inline constexpr const char* kKeySpace = "空格";
inline constexpr const char* kScenarioStart = "按我的情况生成材料清单";
inline constexpr const char* kScenarioTitle = "材料清单向导";
inline constexpr const char* kScenarioRestart = "重新回答";
inline constexpr const char* kScenarioChecklist = "您需要准备";
inline constexpr const char* kScenarioNotes = "请注意";
inline constexpr const char* kScenarioShow = "出示给窗口工作人员扫描";
inline constexpr const char* kSectionTime = "办理时限与费用";
inline constexpr const char* kSectionConditions = "受理条件";
inline constexpr const char* kSectionMaterials = "所需材料";
inline constexpr const char* kSectionFlow = "办理流程";
inline constexpr const char* kSectionHalls = "办理地点";
inline constexpr const char* kSectionFaq = "常见问题";
inline constexpr const char* kSectionBasis = "设定依据";
inline constexpr const char* kSectionBundle = "这件事包含";
inline constexpr const char* kFactTime = "办结时限";
inline constexpr const char* kFactFee = "收费";
inline constexpr const char* kFactResult = "办理结果";
inline constexpr const char* kFactChannels = "办理渠道";
inline constexpr const char* kBadgeBundle = "一件事";
inline constexpr const char* kBadgeOnline = "可网办";
inline constexpr const char* kBadgeVisit = "需到现场";
inline constexpr const char* kHours = "办公时间：";
inline constexpr const char* kPhone = "电话：";
inline constexpr const char* kApplyIntro = "选择要办理的事项，在线填写申请表：一件事只需填一次，信息分别送达各部门。";
inline constexpr const char* kApplyComplete = "申请表已填写完整。以下信息将分别加密后送达各部门，每个部门只能看到自己需要的内容：";
// Answers to questions (guide/answer.h): the section asked about, quoted; or why there is none.
inline constexpr const char* kAnswerQuoted = "以下内容摘自办事指南";
inline constexpr const char* kAnswerWholeItem = "查看完整办事指南";
inline constexpr const char* kAskEmpty = "请输入要办的事，如：身份证丢了怎么办";
inline constexpr const char* kAskNoSubject = "请说一下要办什么事，如：身份证补领要带什么";
inline constexpr const char* kAskTooLong = "问题太长了，请用一句话说要办什么事（200字以内）";
inline constexpr const char* kAskLifeEvents = "您可能想找：";
inline constexpr const char* kGuidesUnavailable = "办事指南暂时无法使用，请联系工作人员";

// The ID-card reader (读取身份证) and staff assist (帮办).
inline constexpr const char* kCardRead = "读取身份证";
inline constexpr const char* kCardHint = "将身份证放在读卡区，姓名、性别、民族、出生日期、住址和身份证号码自动填写";
inline constexpr const char* kCardFilled = "已从身份证读取以下信息，请核对：";
inline constexpr const char* kCardNothingToFill = "身份证已读取，但这张表没有需要从身份证填写的项目";
inline constexpr const char* kCardNeedsForm = "请先选择要办理的事项，打开申请表后再读取身份证";
inline constexpr const char* kCardUnreadable = "无法读取这张身份证，请将身份证重新放好后再试";
inline constexpr const char* kCardRefusedTail = "，未填写任何信息。请使用有效期内的身份证，或到窗口办理";
inline constexpr const char* kCardFromCard = "已从身份证读取";
inline constexpr const char* kCardSeen = "知道了";
inline constexpr const char* kStaffSignInTitle = "工作人员登录";
inline constexpr const char* kStaffSignInHint = "本机为帮办工作站。请工作人员扫描工作证，再输入密码登录；登录前不显示任何个人信息。";
inline constexpr const char* kStaffPinTitle = "请输入工作证密码";
inline constexpr const char* kStaffSignOut = "退出登录";
inline constexpr const char* kStaffNeedSignIn = "请工作人员先扫描工作证登录";
inline constexpr const char* kConsentTitle = "工作人员帮办";
inline constexpr const char* kConsentAgree = "同意工作人员帮办";
inline constexpr const char* kConsentDecline = "不同意";
inline constexpr const char* kStaffSignedOut = "工作人员已退出登录";

// The document camera (拍照上传) on a form's materials.
inline constexpr const char* kPhotoUpload = "拍照上传";
inline constexpr const char* kPhotoRetake = "重新拍照";
inline constexpr const char* kPhotoAttached = "已拍照上传";
inline constexpr const char* kPhotoTitle = "拍照上传：";
inline constexpr const char* kPhotoHint = "请把材料平放在拍摄区，四边都在画面内，然后点“拍照”";
inline constexpr const char* kPhotoShoot = "拍照";
inline constexpr const char* kPhotoWorking = "正在处理照片，请稍候…";
inline constexpr const char* kPhotoPageFound = "已找到材料并摆正，照片已附到申请中";
inline constexpr const char* kPhotoWholeFrame = "没有找到材料的四边，已附上整张画面；看不清的话请摆正后重新拍照";
inline constexpr const char* kPhotoDone = "完成";
inline constexpr const char* kPhotoCancel = "取消";
inline constexpr const char* kPhotoCameraGone = "拍照设备没有连接好，暂时不能拍照。请联系工作人员，材料也可以到窗口现场提交";
inline constexpr const char* kPhotoFailed = "照片没能保存，请重新拍照";

}  // namespace tb::ui
