#pragma once
// The user-facing words of the screens, one table for every front end: the kiosk (native and
// browser) draws them as tb::ui::kName, the core's view-models carry them, and the phone takes the
// whole table from the phone API (`strings`: {"Name": text}) instead of writing its own.
// Not here: a message made from the data it is about (an ID check's "您填写了17位", a spoken sentence,
// what a scanned code says) stays beside the rule that makes it (core/check, core/app/speech, app/scan)
// and reaches every front end inside the core's result or view-model — also written once.
// Simplified Chinese, as a service hall would write it. A "{}" is filled in order by ui::fill (the
// phone's js/strings.js fills the same way). The kiosk's font subset is cut to cover every character
// used here (tools/font/, tools/cmake/TongbanAssets.cmake).
//
// TB_UI_STRINGS(X) lists them once as X(Name, text), so that a string added here reaches every
// channel without a second list to keep in step.
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

// clang-format off
#define TB_UI_STRINGS(X) \
  X(ProductName, "通办") \
  X(ProductSubtitle, "政务服务 · 一网通办") \
  X(Guides, "办事指南") \
  X(GuidesHint, "查看要带什么材料、去哪里办、多久办好") \
  X(Scan, "扫码") \
  X(ScanHint, "扫描随身码、场所码、门牌码、办事码") \
  X(Apply, "我要办") \
  X(ApplyHint, "在线填表申请，一件事一次办") \
  X(Mine, "我的 / 查询") \
  X(MineHint, "查询办件进度、回执和预约") \
  X(ElderlyOn, "长辈版") \
  X(ElderlyOff, "标准版") \
  X(ElderlyHint, "字更大、按钮更大") \
  X(Back, "返回") \
  X(ReadAloud, "读给我听") \
  X(Home, "首页") \
  X(ComingSoon, "此功能即将开放") \
  X(SessionEnding, "长时间无操作，即将退出并清除您的信息") \
  X(SessionContinue, "继续办理") \
  X(SessionEnd, "结束办理") \
  X(SessionEnded, "已退出，您的信息已清除") \
  X(HelpPhone, "服务热线 12345") \
  X(PageUp, "上一页") \
  X(PageDown, "下一页") \
  /* 办事指南 */ \
  X(SearchPlaceholder, "输入拼音或首字母搜索，如 sfz、shebao") \
  X(ByLifeEvent, "按人生事件") \
  X(ByDepartment, "按部门") \
  X(SearchNothing, "没有找到相关事项，换个说法试试") \
  X(Found, "找到事项") \
  X(KeyDelete, "删除") \
  X(KeyClear, "清空") \
  X(KeySpace, "空格") \
  /* The search keyboard put away to read the answer, and brought back. */ \
  X(KeyHide, "收起键盘") \
  X(KeyShow, "打开键盘") \
  X(ScenarioStart, "按我的情况生成材料清单") \
  X(ScenarioTitle, "材料清单向导") \
  X(ScenarioRestart, "重新回答") \
  X(ScenarioChecklist, "您需要准备") \
  X(ScenarioNotes, "请注意") \
  X(ScenarioShow, "出示给窗口工作人员扫描") \
  X(SectionTime, "办理时限与费用") \
  X(SectionConditions, "受理条件") \
  X(SectionMaterials, "所需材料") \
  X(SectionFlow, "办理流程") \
  X(SectionHalls, "办理地点") \
  X(SectionFaq, "常见问题") \
  X(SectionBasis, "设定依据") \
  X(SectionBundle, "这件事包含") \
  X(FactTime, "办结时限") \
  X(FactFee, "收费") \
  X(FactResult, "办理结果") \
  X(FactChannels, "办理渠道") \
  X(BadgeBundle, "一件事") \
  X(BadgeOnline, "可网办") \
  X(BadgeVisit, "需到现场") \
  X(Hours, "办公时间：") \
  X(Phone, "电话：") \
  X(ApplyIntro, "选择要办理的事项，在线填写申请表：一件事只需填一次，信息分别送达各部门。") \
  X(ApplyComplete, "申请表已填写完整。以下信息将分别加密后送达各部门，每个部门只能看到自己需要的内容：") \
  /* Answers to questions (guide/answer.h): the section asked about, quoted; or why there is none. */ \
  X(AnswerQuoted, "以下内容摘自办事指南") \
  X(AnswerWholeItem, "查看完整办事指南") \
  X(AskEmpty, "请输入要办的事，如：身份证丢了怎么办") \
  X(AskNoSubject, "请说一下要办什么事，如：身份证补领要带什么") \
  X(AskTooLong, "问题太长了，请用一句话说要办什么事（200字以内）") \
  X(AskLifeEvents, "您可能想找：") \
  X(GuidesUnavailable, "办事指南暂时无法使用，请联系工作人员") \
  /* The ID-card reader (读取身份证) and staff assist (帮办). */ \
  X(CardRead, "读取身份证") \
  X(CardHint, "将身份证放在读卡区，姓名、性别、民族、出生日期、住址和身份证号码自动填写") \
  X(CardFilled, "已从身份证读取以下信息，请核对：") \
  X(CardNothingToFill, "身份证已读取，但这张表没有需要从身份证填写的项目") \
  X(CardNeedsForm, "请先选择要办理的事项，打开申请表后再读取身份证") \
  X(CardUnreadable, "无法读取这张身份证，请将身份证重新放好后再试") \
  X(CardRefusedTail, "，未填写任何信息。请使用有效期内的身份证，或到窗口办理") \
  X(CardFromCard, "已从身份证读取") \
  X(CardSeen, "知道了") \
  X(CardNoCard, "未检测到身份证，请将身份证放在读卡区") \
  X(CardReaderGone, "读卡器未连接，请联系工作人员") \
  X(CardReadFailed, "读卡失败，请将身份证重新放好后再试") \
  X(StaffSignInTitle, "工作人员登录") \
  X(StaffSignInHint, "本机为帮办工作站。请工作人员扫描工作证，再输入密码登录；登录前不显示任何个人信息。") \
  X(StaffPinTitle, "请输入工作证密码") \
  X(StaffSignOut, "退出登录") \
  X(StaffNeedSignIn, "请工作人员先扫描工作证登录") \
  X(ConsentTitle, "工作人员帮办") \
  X(ConsentAgree, "同意工作人员帮办") \
  X(ConsentDecline, "不同意") \
  X(StaffSignedOut, "工作人员已退出登录") \
  /* The document camera (拍照上传) on a form's materials (kiosk). */ \
  X(PhotoUpload, "拍照上传") \
  X(PhotoRetake, "重新拍照") \
  X(PhotoAttached, "已拍照上传") \
  X(PhotoTitle, "拍照上传：") \
  X(PhotoHint, "请把材料平放在拍摄区，四边都在画面内，然后点“拍照”") \
  X(PhotoShoot, "拍照") \
  X(PhotoWorking, "正在处理照片，请稍候…") \
  X(PhotoPageFound, "已找到材料并摆正，照片已附到申请中") \
  X(PhotoWholeFrame, "没有找到材料的四边，已附上整张画面；看不清的话请摆正后重新拍照") \
  X(PhotoDone, "完成") \
  X(PhotoCancel, "取消") \
  X(PhotoCameraGone, "拍照设备没有连接好，暂时不能拍照。请联系工作人员，材料也可以到窗口现场提交") \
  X(PhotoFailed, "照片没能保存，请重新拍照") \
  /* Forms: what the form decides about an answer (core/form), and the controls both front ends draw. */ \
  X(FieldRequired, "此项为必填") \
  X(ChoiceNoLongerApplies, "所选的“{}”已不适用，请重新选择") \
  X(PledgeRequired, "需要您确认承诺后才能提交") \
  X(ConstraintFailed, "填写的内容不符合要求") \
  X(MinRows, "至少需要填写{}条") \
  X(CoveredByElicence, "已由电子证照代替，无需上传") \
  X(PrefilledFromElicence, "电子证照：{}") \
  X(PrefilledFromProfile, "个人资料") \
  X(InputNumber, "请填写数字") \
  X(InputMoneyCents, "金额最多精确到分（两位小数）") \
  X(InputYesNo, "请选择“是”或“否”") \
  X(InputNotAChoice, "“{}”不是可选的选项") \
  X(InputDivision, "请从列表中选择所在的省、市、区县") \
  X(InputAddressDetail, "请填写详细地址（街道、门牌号）") \
  X(InputNothingToFill, "这一项不需要填写") \
  X(InputTooLong, "最多填写{}个字") \
  X(InputBadCharacters, "包含无法识别的字符") \
  X(Yes, "是") \
  X(No, "否") \
  X(FormSteps, "第{}步，共{}步：{}") \
  X(FormProgress, "必填项已完成 {}/{}") \
  X(FormBack, "上一步") \
  X(FormNext, "下一步") \
  X(FormSubmit, "提交申请") \
  X(FormRow, "第{}条") \
  X(FormRemoveRow, "删除") \
  X(FormAddRow, "添加{}") \
  X(FormPrefilled, "已自动填写（{}）") \
  X(FormUploaded, "已上传") \
  X(ReviewEdit, "返回修改") \
  X(ReviewConfirm, "确认提交") \
  /* Guides: the parts of an item page and the wizard that both front ends draw. */ \
  X(MaterialOptional, "（非必需）") \
  X(Appoint, "预约到现场办理") \
  X(GuideUpdated, "更新于 {}") \
  X(ScenarioQuestion, "第{}问：{}") \
  /* 预约 and what became of a submission. */ \
  X(AppointTitle, "预约办理") \
  X(AppointSlot, "时间段") \
  X(AppointName, "姓名") \
  X(AppointMobile, "手机号") \
  X(AppointSubmit, "提交预约") \
  X(SubmissionRefused, "被退回：{}") \
  X(SubmissionReturned, "部门已退回这件申请：请按办事指南核对材料，修改后重新提交。") \
  X(ReceiptNumber, "回执编号 {}") \
  /* 我的办件's line above the list (outbox::applications_summary). */ \
  X(ApplicationsNone, "还没有办件。") \
  X(ApplicationsWaiting, "{} 件等待发送，联网后自动提交。") \
  X(ApplicationsSentBack, "{} 件被退回，请看下面的说明，修改后重新提交。") \
  X(ApplicationsDelivered, "全部已送达。") \
  /* What a scanned code shows of its holder (masked by the issuer). */ \
  X(ScanName, "姓名：{}") \
  X(ScanIdNumber, "证件号：{}") \
  /* Staff stations only: why the parser refused a code, in its own words. */ \
  X(ScanTechnical, "技术信息（供工作人员）：{}")
// clang-format on

namespace tb::ui {

#define TB_UI_STRING_CONSTANT(name, text) inline constexpr const char* k##name = text;
TB_UI_STRINGS(TB_UI_STRING_CONSTANT);  // (the ";" closes the list for the layout check's reader)
#undef TB_UI_STRING_CONSTANT

struct NamedString {
  const char* name;  // "Back": the constant's name without its k
  const char* text;
};
#define TB_UI_NAMED_STRING(name, text) NamedString{#name, text},
// The whole table, in the order above: for a front end that takes the strings as data (the phone).
inline constexpr NamedString kAllStrings[] = {TB_UI_STRINGS(TB_UI_NAMED_STRING)};
#undef TB_UI_NAMED_STRING

// A string of the table with its "{}" filled in order: fill(kFormRow, {"2"}) → "第2条". Extra
// "{}" stay as they are; extra values are ignored.
std::string fill(std::string_view text, std::initializer_list<std::string_view> values);

}  // namespace tb::ui
