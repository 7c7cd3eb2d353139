#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""check-variants.py - check the kanji variant table and the name lists.

    python3 tools/check-variants.py [data/kanji-variants.csv]
    python3 tools/check-variants.py --names bench/names

The first form checks the variant folding table the name matcher uses
(default data/kanji-variants.csv): the version line, the header, one code
point per field, NFKC-stable fields, no duplicates, variant != standard,
no chains, a few pairs that must be there and a few characters that must
never be folded together.

The second form checks the hand-written name lists of the synthetic-data
generator in the given directory: headers, column counts, katakana
readings, kanji columns, sex and weight fields, no duplicate rows, row
counts.

Each violation is printed as FILE:LINE: reason; the exit status is 1 when
there is one, 0 otherwise.  Standard library only.
"""

import os
import re
import sys
import unicodedata

VERSION_LINE = "# scs kanji variants, version 1"
VARIANTS_HEADER = "variant,standard"

# Pairs the matcher relies on: they must be in the table.
REQUIRED = [("髙", "高"), ("齋", "斎"), ("﨑", "崎")]

# Distinct characters that are read alike or look alike: the table must
# not fold one onto the other (directly or to a common form).
DISTINCT = [("斎", "斉"), ("沢", "択"), ("島", "鳥"), ("崎", "埼"),
            ("竜", "滝"), ("辺", "边"), ("荻", "萩"), ("柿", "杮")]


class Report:
    def __init__(self):
        self.errors = 0

    def err(self, path, line, reason):
        self.errors += 1
        print(f"{path}:{line}: {reason}")


def read_lines(rep, path):
    """The lines of a UTF-8, LF-only text file, without their line ends;
    None when the file cannot be read or decoded."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        rep.err(path, 0, f"cannot read: {e.strerror}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        rep.err(path, line, "not UTF-8")
        return None
    if text.startswith("\ufeff"):
        rep.err(path, 1, "byte order mark")
    lines = text.split("\n")
    if text and not text.endswith("\n"):
        rep.err(path, len(lines), "no newline at end of file")
    else:
        lines.pop()
    for i, line in enumerate(lines, 1):
        if "\r" in line:
            rep.err(path, i, "CR in line (LF line ends only)")
    return [line.rstrip("\r") for line in lines]


def cp(c):
    return " ".join(f"U+{ord(x):04X}" for x in c)


def check_variants(rep, path):
    lines = read_lines(rep, path)
    if lines is None:
        return
    if not lines or lines[0] != VERSION_LINE:
        rep.err(path, 1, f"first line is not {VERSION_LINE!r}")
    header_at = None
    pairs = []  # (line, variant, standard)
    for i, line in enumerate(lines, 1):
        if line.startswith("#"):
            if header_at is not None:
                rep.err(path, i, "comment after the header")
            continue
        if header_at is None:
            if line != VARIANTS_HEADER:
                rep.err(path, i, f"expected the header {VARIANTS_HEADER!r}")
            header_at = i
            continue
        if line == "":
            rep.err(path, i, "empty line")
            continue
        if any(c in line for c in " \t\"'"):
            rep.err(path, i, "space, tab or quote in line")
        fields = line.split(",")
        if len(fields) != 2:
            rep.err(path, i, f"{len(fields)} fields, expected 2")
            continue
        ok = True
        for name, f in zip(("variant", "standard"), fields):
            if len(f) != 1:
                rep.err(path, i, f"{name} {f!r} is {len(f)} code points, "
                        "expected 1")
                ok = False
                continue
            if unicodedata.normalize("NFKC", f) != f:
                rep.err(path, i, f"{name} {f} ({cp(f)}) is not NFKC-stable "
                        f"(NFKC gives {unicodedata.normalize('NFKC', f)})")
                ok = False
            cat = unicodedata.category(f)
            if cat != "Lo":
                rep.err(path, i, f"{name} {f} ({cp(f)}) is not a letter "
                        f"(category {cat})")
                ok = False
        if not ok:
            continue
        v, s = fields
        if v == s:
            rep.err(path, i, f"variant equals standard: {v}")
            continue
        pairs.append((i, v, s))
    if header_at is None:
        rep.err(path, len(lines), f"no header {VARIANTS_HEADER!r}")

    first = {}  # variant -> line of its first pair
    fold = {}
    for i, v, s in pairs:
        if v in first:
            rep.err(path, i, f"duplicate variant {v} (first on line "
                    f"{first[v]})")
            continue
        first[v] = i
        fold[v] = s
    for i, v, s in pairs:
        if s in first:
            rep.err(path, i, f"chain: standard {s} is the variant of line "
                    f"{first[s]} ({s},{fold[s]})")

    end = len(lines)
    for v, s in REQUIRED:
        if fold.get(v) != s:
            rep.err(path, end, f"required pair {v},{s} missing")
    for a, b in DISTINCT:
        fa, fb = fold.get(a, a), fold.get(b, b)
        if fa == fb:
            line = first.get(a) or first.get(b) or end
            rep.err(path, line, f"{a} and {b} are distinct characters "
                    f"but fold together (to {fa})")


# --- name lists ------------------------------------------------------------

KATAKANA = re.compile(r"^[\u30A1-\u30FA\u30FC]+$")
HIRAGANA = re.compile(r"^[\u3041-\u3096]+$")
CJK = re.compile(r"^[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF\u3005]+$")
LATIN_SURNAME = re.compile(r"^[A-Z]+(?:['-][A-Z]+)*$")
LATIN_GIVEN = re.compile(r"^[A-Z][a-z]*(?:['-][A-Za-z][a-z]*)*$")
COUNTRIES = {"USA", "GBR", "AUS", "CAN", "DEU", "FRA", "ESP", "ITA", "BRA",
             "CHN", "KOR", "VNM", "PHL", "IND", "IRL", "NZL", "MEX", "PRT",
             "NLD", "POL", "RUS", "JPN"}

# Rows the generator's tests rely on: kanji:kana, or kanji alone when any
# reading will do.
REQUIRED_SURNAMES = """
佐藤:サトウ 斎藤:サイトウ 斉藤:サイトウ 齋藤:サイトウ 齊藤:サイトウ 小野:オノ
大野:オオノ 高橋:タカハシ 渡辺:ワタナベ 渡邊:ワタナベ 渡邉:ワタナベ 神戸:カンベ
本間:ホンマ 難波:ナンバ 三瓶:サンペイ 大内:オオウチ 河野:コウノ 幸田:コウダ
伊藤 加藤 工藤:クドウ 遠藤:エンドウ 後藤:ゴトウ 近藤:コンドウ 中島:ナカジマ
中嶋:ナカジマ 長島:ナガシマ 永島:ナガシマ 大谷:オオタニ 太田:オオタ 大田:オオタ
服部:ハットリ 堀田:ホッタ 新田:ニッタ 八田:ハッタ 東海林:ショウジ 千葉:チバ
土屋:ツチヤ 辻:ツジ 福田:フクダ 藤田:フジタ 山崎:ヤマザキ 山崎:ヤマサキ 中村
小林 吉田 山田 佐々木:ササキ 山口 松本 井上 木村 林 清水 山本 田中 鈴木
渡部:ワタナベ 大塚:オオツカ 小山:コヤマ 大山:オオヤマ 小田:オダ 織田:オダ
尾田:オダ 大城:オオシロ 王:オウ 宇野:ウノ 上野:ウエノ 仲:ナカ 菅野:カンノ
菅野:スガノ
"""
REQUIRED_GIVEN = """
潤一:ジュンイチ 純一:ジュンイチ 順一:ジュンイチ 陽子:ヨウコ 洋子:ヨウコ
浩:ヒロシ 博:ヒロシ 宏:ヒロシ 弘:ヒロシ 寛:ヒロシ 亮:リョウ 涼:リョウ 遼:リョウ
さくら ひなた
"""

# file: (header, row count range, key columns)
NAME_FILES = {
    "ja-surnames.csv": ("kanji,kana,weight", (400, 600), (0, 1)),
    "ja-given.csv": ("kanji,kana,sex,weight", (300, 500), (0, 1)),
    "latin-surnames.csv": ("name,country,weight", (200, 300), (0, 1)),
    "latin-given.csv": ("name,country,sex,weight", (200, 300), (0, 1, 2)),
}


def check_field(rep, path, i, kind, value):
    if kind == "kana":
        if not KATAKANA.match(value):
            bad = [c for c in value
                   if not ("\u30A1" <= c <= "\u30FA" or c == "\u30FC")]
            rep.err(path, i, f"kana {value!r} is not full-width katakana "
                    f"({' '.join(cp(c) for c in bad) or 'empty'})")
    elif kind == "kanji":
        if not CJK.match(value):
            rep.err(path, i, f"kanji {value!r} is not CJK ideographs")
    elif kind == "kanji-or-hiragana":
        if not (CJK.match(value) or HIRAGANA.match(value)):
            rep.err(path, i, f"kanji {value!r} is neither CJK ideographs "
                    "nor hiragana")
    elif kind == "sex":
        if value not in ("m", "f"):
            rep.err(path, i, f"sex {value!r} is not m or f")
    elif kind == "weight":
        if not re.match(r"^[1-9][0-9]*$", value):
            rep.err(path, i, f"weight {value!r} is not a positive integer")
    elif kind == "country":
        if value not in COUNTRIES:
            rep.err(path, i, f"country {value!r} is not one of the "
                    "ISO 3166-1 alpha-3 codes in use")
    elif kind == "latin-surname":
        if not LATIN_SURNAME.match(value):
            rep.err(path, i, f"name {value!r} is not upper-case ASCII "
                    "(apostrophe or hyphen between letters allowed)")
    elif kind == "latin-given":
        if not LATIN_GIVEN.match(value):
            rep.err(path, i, f"name {value!r} is not a capitalized ASCII "
                    "name")


KINDS = {
    "ja-surnames.csv": ("kanji", "kana", "weight"),
    "ja-given.csv": ("kanji-or-hiragana", "kana", "sex", "weight"),
    "latin-surnames.csv": ("latin-surname", "country", "weight"),
    "latin-given.csv": ("latin-given", "country", "sex", "weight"),
}


def check_name_file(rep, path, header, count_range, key, kinds):
    lines = read_lines(rep, path)
    if lines is None:
        return
    if not lines or lines[0] != header:
        rep.err(path, 1, f"expected the header {header!r}")
    ncol = header.count(",") + 1
    seen = {}
    rows = 0
    for i, line in enumerate(lines[1:], 2):
        if line.startswith("#"):
            rep.err(path, i, "comment line (plain CSV only)")
            continue
        if line == "":
            rep.err(path, i, "empty line")
            continue
        if any(c in line for c in " \t\""):
            rep.err(path, i, "space, tab or quote in line")
        fields = line.split(",")
        if len(fields) != ncol:
            rep.err(path, i, f"{len(fields)} fields, expected {ncol}")
            continue
        rows += 1
        for kind, value in zip(kinds, fields):
            check_field(rep, path, i, kind, value)
        k = tuple(fields[j] for j in key)
        if k in seen:
            rep.err(path, i, f"duplicate row {','.join(k)} (first on line "
                    f"{seen[k]})")
        else:
            seen[k] = i
    lo, hi = count_range
    if not lo <= rows <= hi:
        rep.err(path, len(lines), f"{rows} rows, expected {lo} to {hi}")
    return rows


def check_names(rep, directory):
    for name, (header, count_range, key) in NAME_FILES.items():
        path = os.path.join(directory, name)
        rows = check_name_file(rep, path, header, count_range, key,
                               KINDS[name])
        if rows is not None:
            print(f"{path}: {rows} rows", file=sys.stderr)
    readme = os.path.join(directory, "README.md")
    if not os.path.isfile(readme):
        rep.err(readme, 0, "missing")
    for name, need in (("ja-surnames.csv", REQUIRED_SURNAMES),
                       ("ja-given.csv", REQUIRED_GIVEN)):
        path = os.path.join(directory, name)
        lines = read_lines(Report(), path) or []
        have = {tuple(l.split(",")[:2]) for l in lines[1:] if "," in l}
        have_kanji = {k for k, _ in have}
        for row in need.split():
            kanji, _, kana = row.partition(":")
            found = (kanji, kana) in have if kana else kanji in have_kanji
            if not found:
                rep.err(path, len(lines), f"required row {kanji},{kana} "
                        "missing")


def main(argv):
    rep = Report()
    if len(argv) >= 2 and argv[1] == "--names":
        if len(argv) != 3:
            print("usage: check-variants.py --names DIR", file=sys.stderr)
            return 2
        check_names(rep, argv[2])
    elif len(argv) <= 2:
        path = argv[1] if len(argv) == 2 else "data/kanji-variants.csv"
        check_variants(rep, path)
    else:
        print("usage: check-variants.py [FILE] | --names DIR",
              file=sys.stderr)
        return 2
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
