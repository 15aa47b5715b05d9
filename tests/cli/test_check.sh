#!/usr/bin/env bash
# `tongban check`, through the real binary: normalised values on stdout (exit 0), warnings on
# stderr (still exit 0), refusals with the Chinese message and the code (exit 1), usage errors (2).
# The ID checks use the builtin division table (110105 朝阳区 is current, 110103 崇文区 is not).
set -u
tongban=${1:?path to tongban}
source "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"
stdout_only() { "$@" 2>/dev/null; }   # what a script capturing stdout gets
stderr_only() { "$@" 2>&1 >/dev/null; }

check "--help lists check" 0 "check +check and normalise" "$tongban" --help
check "check --help" 0 "usage: tongban check KIND VALUE" "$tongban" check --help
check "id: the GB 11643 example" 0 "^11010519491231002X$" "$tongban" check id 11010519491231002X
check "id: full-width, lower-case x" 0 "^11010519491231002X$" "$tongban" check id "１１０１０５１９４９１２３１００２ｘ"
check "id: typed in groups as several words" 0 "^11010519491231002X$" "$tongban" check id 110105 19491231 002x
check "id: wrong check character" 1 "校验码.*\(id\.checksum\)" "$tongban" check id 110105194912310021
check "id: refusal prints nothing on stdout" 0 "^$" bash -c "\"$tongban\" check id 110105194912310021 2>/dev/null; true"
check "id: province 99" 1 "省份代码.*\(id\.area\)" "$tongban" check id 990101199001011230
check "id: Feb 29 1900" 1 "不是有效的日期.*\(id\.date\)" "$tongban" check id 110105190002290156
check "id: born after --today" 1 "晚于今天.*\(id\.date\)" "$tongban" check id 320106202606013070 --today 2026-05-31
check "id: born on --today" 0 "^320106202606013070$" "$tongban" check id 320106202606013070 --today 2026-06-01
check "id: 17 digits" 1 "应为18位.*\(id\.length\)" "$tongban" check id 11010519491231002
check "id: historical area warns, exit 0" 0 "不在现行行政区划.*\(id\.area\)" "$tongban" check id 110103197003150410
check "id: historical area, stdout is the value" 0 "^110103197003150410$" stdout_only "$tongban" check id 110103197003150410
check "id: 15-digit upgraded (stdout)" 0 "^11010519491231002X$" stdout_only "$tongban" check id 110105491231002
check "id: 15-digit upgrade warned (stderr)" 0 "提醒：.*15位旧身份证号码.*\(id\.legacy15\)" stderr_only "$tongban" check id 110105491231002
check "uscc: computed example" 0 "^911101051234567883$" "$tongban" check uscc 91110105-12345678-83
check "uscc: lower case" 0 "^91310115MA1FL2G47N$" "$tongban" check uscc 91310115ma1fl2g47n
check "uscc: pilot region warns" 0 "试点地区.*\(uscc\.org_checksum\)" "$tongban" check uscc 91440300123456789Q
check "uscc: overall check wrong" 1 "\(uscc\.checksum\)" "$tongban" check uscc 911101051234567884
check "uscc: letter O" 1 "没有字母I、O.*\(uscc\.chars\)" "$tongban" check uscc 911O01051234567883
check "mobile: +86 with spaces" 0 "^13800138000$" "$tongban" check mobile "+86 138 0013 8000"
check "mobile: landline" 1 "固定电话.*\(mobile\.landline\)" "$tongban" check mobile 010-12345678
check "mobile: second digit 2" 1 "\(mobile\.prefix\)" "$tongban" check mobile 12345678901
check "name: middle dot variants" 0 "^阿卜杜拉·买买提$" "$tongban" check name "阿卜杜拉•买买提"
check "name: Latin name as several words (--foreign)" 0 "^John Smith$" "$tongban" check name John "  Smith" --foreign
check "name: pinyin refused as a legal name" 1 "请用汉字填写.*\(name\.latin\)" "$tongban" check name zhang san
check "usage: --foreign with another kind" 2 "--foreign only applies to KIND name" "$tongban" check mobile 13800138000 --foreign
check "name: rare character outside the BMP" 0 "^𠮷田$" "$tongban" check name "𠮷田"
check "name: digits" 1 "不能有数字.*\(name\.digits\)" "$tongban" check name 张3
check "date: Chinese form" 0 "^2024-01-05$" "$tongban" check date 2024年1月5日
check "date: Feb 29 2023" 1 "2023年2月只有28天.*\(date\.invalid\)" "$tongban" check date 2023-02-29
check "date: --max" 1 "不能晚于2026年6月1日.*\(date\.too_late\)" "$tongban" check date 2026/6/2 --max 2026-06-01
check "date: --min" 0 "^1900-01-01$" "$tongban" check date 19000101 --min 1900-01-01
check "usage: no kind" 2 "KIND and VALUE are required" "$tongban" check
check "usage: unknown kind" 2 "unknown KIND 'passport'" "$tongban" check passport X1234
check "usage: no value" 2 "VALUE is required" "$tongban" check id
check "usage: unknown option" 2 "unknown option '--nope'" "$tongban" check id 11010519491231002X --nope
check "usage: bad --today" 2 "--today '2026-02-30'" "$tongban" check id 11010519491231002X --today 2026-02-30
check "usage: --today for a mobile" 2 "--today only applies to KIND id" "$tongban" check mobile 13800138000 --today 2026-01-01
finish cli.check
