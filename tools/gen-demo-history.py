#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""gen-demo-history.py - write data/demo-history.jsonl: eight years of
decided vetting cases for the demo register, so that the timeliness
report, the capacity planner and the forecast (docs/capacity.md) have a
history to work on.  `make run` imports it after data/demo-cases.jsonl;
the test suites do not (they count the demo's own cases).

A developer tool: its output is committed; run it again after changing
the figures below:

    python3 tools/gen-demo-history.py > data/demo-history.jsonl

What it makes (deterministic, seed 20261207):
- 900 persons (h0001 ...), staff of the demo's ministries and firms,
  named from bench/names (kanji, and their kana romanized);
- about 2,700 cases opened 2019-01 to 2026-09: Specially Designated
  Secrets assessments (JPN-SDS) all along, more in April (new staff) and
  fewer in August; Critical Economic Security Information ones (JPN-CESI)
  from the Act's entry into force on 2025-05-16, rising;
- each grant's clearance (5 years for SDS, 10 for CESI);
- each case's phases drawn from lognormals of the order of the demo's
  targets; a fifth of the clean SDS cases decided by the rule; about 2%
  denied, 1% refused consent, 1% withdrawn; a few opened in the last
  months still open, in every phase.
Standard library only.
"""
import csv
import json
import math
import os
import random
from datetime import datetime, timedelta, timezone

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
RNG = random.Random(20261207)
NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)  # the demo's present

SDS = ("JPN-SDS", "TOKUTEI_HIMITSU")
CESI = ("JPN-CESI", "JUYO_KEIZAI_ANPO")
SDS_ORGS = ["mod", "meti", "ciro", "owari-hi"]
CESI_ORGS = ["meti", "asakaze-semi", "owari-hi", "kansai-ist-qsl"]

# Phase durations (median, p90) in days: consent, questionnaire,
# initiation, investigation, adjudication.
PHASES = {
    SDS: [(2, 6), (12, 28), (2, 6), (60, 120), (9, 25)],
    CESI: [(3, 8), (16, 35), (3, 9), (75, 150), (12, 30)],
}

KANA = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o",
    "カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke", "コ": "ko",
    "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
    "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so",
    "ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo",
    "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to",
    "ダ": "da", "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do",
    "ナ": "na", "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no",
    "ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he", "ホ": "ho",
    "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo",
    "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po",
    "マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo",
    "ヤ": "ya", "ユ": "yu", "ヨ": "yo",
    "ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro",
    "ワ": "wa", "ヲ": "o", "ン": "n",
}
SMALL = {"ャ": "ya", "ュ": "yu", "ョ": "yo"}


def romanize(kana):
    """Katakana to Hepburn, long vowels dropped as in passports."""
    out = []
    i = 0
    while i < len(kana):
        ch = kana[i]
        if ch == "ッ" and i + 1 < len(kana):
            nxt = KANA.get(kana[i + 1], "")
            out.append(nxt[:1] if nxt[:1] != "c" else "t")
        elif ch == "ー":
            pass
        elif ch in SMALL and out:
            prev = out.pop()
            stem = prev[:-1]
            if stem in ("sh", "ch", "j"):
                out.append(stem + SMALL[ch][1:])
            else:
                out.append(stem + SMALL[ch])
        else:
            out.append(KANA.get(ch, ""))
        i += 1
    s = "".join(out)
    # ou and uu as passports write them (Satou -> Sato)
    return s.replace("ou", "o").replace("uu", "u")


def names(path, kanji_col="kanji"):
    with open(os.path.join(TOP, path), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return rows, [int(r["weight"]) for r in rows]


SURN, SURN_W = names("bench/names/ja-surnames.csv")
GIVEN, GIVEN_W = names("bench/names/ja-given.csv")


def lognormal(median, p90):
    sigma = math.log(p90 / median) / 1.2815515655446004
    return median * math.exp(sigma * RNG.gauss(0.0, 1.0))


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def monthly_rate(year, month, kind):
    """Cases opened a month."""
    if kind == SDS:
        base = 22 + 1.2 * (year - 2019)
        season = {4: 1.8, 5: 1.3, 8: 0.6, 12: 0.8}.get(month, 1.0)
        return base * season
    start = datetime(2025, 5, 16, tzinfo=timezone.utc)
    t = datetime(year, month, 1, tzinfo=timezone.utc)
    if t < start.replace(day=1):
        return 0.0
    months = (year - 2025) * 12 + month - 5
    return min(6 + 1.5 * months, 30) * (1.5 if month == 4 else 1.0)


def poisson(lam):
    # Knuth; the rates are small
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= RNG.random()
        if p <= limit:
            return k
        k += 1


def main():
    persons = []
    cases = []
    seq = 0
    for year in range(2019, 2027):
        for month in range(1, 13):
            if datetime(year, month, 1, tzinfo=timezone.utc) >= NOW - timedelta(days=60):
                continue
            for kind in (SDS, CESI):
                for _ in range(poisson(monthly_rate(year, month, kind))):
                    seq += 1
                    orgs = SDS_ORGS if kind == SDS else CESI_ORGS
                    pid = "h%04d" % (len(persons) + 1)
                    s = RNG.choices(SURN, SURN_W)[0]
                    g = RNG.choices(GIVEN, GIVEN_W)[0]
                    persons.append({
                        "kind": "person", "id": pid,
                        "name": "%s %s" % (s["kanji"], g["kanji"]),
                        "name_latin": "%s %s" % (romanize(s["kana"]).upper(),
                                                 romanize(g["kana"]).capitalize()),
                        "birth_date": "%04d-%02d-%02d" % (RNG.randint(1962, 2000),
                                                          RNG.randint(1, 12), RNG.randint(1, 28)),
                        "nationalities": ["JPN"], "org": RNG.choice(orgs), "relatives": []})
                    opened = datetime(year, month, 1, 1, tzinfo=timezone.utc) + timedelta(
                        days=RNG.randint(0, 27), hours=RNG.randint(0, 8))
                    cases.append(make_case(seq, pid, persons[-1]["org"], kind, opened))
    for p in persons:
        print(json.dumps(p, ensure_ascii=False, separators=(",", ":")))
    for c in cases:
        print(json.dumps(c, ensure_ascii=False, separators=(",", ":")))
    # A grant makes a clearance: 5 years for SDS, 10 for CESI.
    for c in cases:
        if c["state"] != "granted":
            continue
        start = datetime.strptime(c["decided"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        years = 5 if c["authority"] == "JPN-SDS" else 10
        try:
            end = start.replace(year=start.year + years)
        except ValueError:  # Feb 29 becomes Mar 1, as scs_time_add_years
            end = start.replace(year=start.year + years, month=3, day=1)
        print(json.dumps({"kind": "clearance", "person": c["person"], "authority": c["authority"],
                          "level": c["level"], "status": "active" if end > NOW else "expired",
                          "valid_from": c["decided"], "valid_until": iso(end)},
                         ensure_ascii=False, separators=(",", ":")))


STATE_OF_PHASE = ["awaiting_consent", "questionnaire", "submitted", "investigating", "adjudicating"]


def make_case(seq, pid, org, kind, opened):
    durations = [lognormal(m, p) for m, p in PHASES[kind]]
    u = RNG.random()
    ending = "granted"
    stop = 5  # phases run through
    if u < 0.01:
        ending, stop = "refused", 1
    elif u < 0.02:
        ending, stop = "withdrawn", RNG.randint(1, 4)
    elif u < 0.04:
        ending = "denied"
    eadj = kind == SDS and ending == "granted" and RNG.random() < 0.2
    if eadj:
        durations[4] = 0.0
    t = opened
    phase_s = [0, 0, 0, 0, 0]
    state = None
    for i in range(stop):
        end = t + timedelta(days=durations[i])
        if end > NOW:  # still in this phase
            state = STATE_OF_PHASE[i]
            phase_s[i] = 0
            break
        phase_s[i] = int(durations[i] * 86400)
        t = end
    if ending == "refused" and state is None:
        phase_s[0] = 0  # refusing consent ends the consent phase unstamped
    c = {
        "kind": "case", "id": "C-H%05d" % seq, "person": pid,
        "authority": kind[0], "level": kind[1], "sponsor": org,
        "need": "Historical case (demo history)", "type": "initial",
        "state": state or ending, "opened": iso(opened), "since": iso(t if state else t),
        "consent_version": "%s-2026-1" % kind[0],
        "decided": None, "e_adjudicated": False, "complaint_until": None,
        "consent_s": phase_s[0], "questionnaire_s": phase_s[1], "initiation_s": phase_s[2],
        "investigation_s": phase_s[3], "adjudication_s": phase_s[4],
    }
    if state in ("investigating", "adjudicating") or (state is None and stop >= 4):
        c["body"] = "cao"
    if state is None and ending in ("granted", "denied"):
        c["decided"] = iso(t)
        c["decided_by"] = "rule:JPN-SDS-clean" if eadj else "user:adjudicator"
        c["e_adjudicated"] = eadj
        c["decision"] = {"outcome": "grant" if ending == "granted" else "deny",
                         "assessments": []}
        if eadj:
            c["decision"]["rule"] = "JPN-SDS-clean"
        if ending == "denied":
            c["complaint_until"] = iso(t + timedelta(days=30))
            c["decision"]["assessments"] = [{"item": "finances", "assessment": "unfavorable",
                                             "reason": "Undeclared debts (demo history)."}]
    return c


if __name__ == "__main__":
    main()
