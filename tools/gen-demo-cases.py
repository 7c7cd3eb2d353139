#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""gen-demo-cases.py - write data/demo-cases.jsonl, the vetting cases of the
demo register (make run imports it after data/demo.jsonl).

A developer tool: its output is committed; run it again after changing a
case below or the demo persons:

    python3 tools/gen-demo-cases.py > data/demo-cases.jsonl

Each case is written as a story of events (nominate, consent, save,
submit, assign, return, finding, close, decide, complain, review,
withdraw) with their times.  This script plays them the way the case
operations do (src/ops/case.c over the lifecycle of src/core/case.c):
one history stamp per transition, the phase clocks, answers certified at
submission, notifications to the subject and (dated at midnight UTC) the
sponsor, e-adjudication at the close when the authority's rule holds, the
clearance a grant or an interim grant makes.  The lines come out in the
canonical form of `scs export`.  Standard library only.
"""
import calendar
import copy
import csv
import json
import os
import sys
from datetime import datetime, timezone

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FEED = "feed:data/demo-feed.jsonl"  # the demo's record-check source

# ---- reference data ----


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f
                if line.strip() and not line.lstrip().startswith("#")]


DEMO = load_jsonl(os.path.join(TOP, "data", "demo.jsonl"))
PERSONS = {r["id"]: r for r in DEMO if r["kind"] == "person"}
ORGS = {r["id"]: r for r in DEMO if r["kind"] == "organization"}
CONFORMING = [r for r in DEMO if r["kind"] == "conforming"]
DEMO_CLEARANCES = {(r["person"], r["authority"], r["valid_from"]): r
                   for r in DEMO if r["kind"] == "clearance"}
FEED_RECORDS = {r["id"]: r for r in load_jsonl(
    os.path.join(TOP, "data", "demo-feed.jsonl"))}

with open(os.path.join(TOP, "data", "vetting.json"), encoding="utf-8") as f:
    VETTING = json.load(f)["authorities"]

with open(os.path.join(TOP, "data", "levels.csv"), encoding="utf-8") as f:
    RANK = {(r["authority"], r["level"]): int(r["rank"])
            for r in csv.DictReader(f)}

with open(os.path.join(TOP, "data", "authorities.csv"), encoding="utf-8") as f:
    VALIDITY = {r["authority"]: int(r["clearance_validity_years"])
                for r in csv.DictReader(f)}

LEVEL = {"JPN-SDS": "TOKUTEI_HIMITSU", "JPN-CESI": "JUYO_KEIZAI_ANPO"}


def schema(auth):
    path = os.path.join(TOP, "data", VETTING[auth]["questionnaire"])
    with open(path, encoding="utf-8") as f:
        return json.load(f)


SCHEMAS = {a: schema(a) for a in LEVEL}

# ---- times ----

JST = 9 * 3600


def jst(s):
    """'2025-05-19 10:00' in Japan (UTC+9) as unix seconds."""
    d = datetime.strptime(s, "%Y-%m-%d %H:%M")
    return calendar.timegm(d.timetuple()) - JST


def fmt(t):
    """A time as scs exports it: a date at midnight UTC, else ...Z."""
    d = datetime.fromtimestamp(t, timezone.utc)
    if t % 86400 == 0:
        return d.strftime("%Y-%m-%d")
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def day(t):
    return fmt(t - t % 86400)


def add_years(t, n):
    d = datetime.fromtimestamp(t, timezone.utc)
    assert (d.month, d.day) != (2, 29)
    return calendar.timegm(d.replace(year=d.year + n).timetuple())


LAST = jst("2026-12-01 09:00")  # every time of the demo is before this

# ---- the lifecycle (src/core/case.c) ----

RESUME = "*"
LIFECYCLE = {
    (None, "nominate"): "awaiting_consent",
    ("awaiting_consent", "consent"): "questionnaire",
    ("awaiting_consent", "refuse"): "refused",
    ("questionnaire", "submit"): RESUME,
    ("submitted", "assign"): "investigating",
    ("investigating", "assign"): "investigating",
    ("submitted", "return"): "questionnaire",
    ("investigating", "return"): "questionnaire",
    ("adjudicating", "return"): "questionnaire",
    ("investigating", "close"): "adjudicating",
    ("adjudicating", "grant"): "granted",
    ("adjudicating", "interim"): "interim",
    ("adjudicating", "deny"): "denied",
    ("interim", "grant"): "granted",
    ("interim", "deny"): "denied",
    ("denied", "complain"): "complaint",
    ("complaint", "uphold"): "adjudicating",
    ("complaint", "reject"): "rejected",
}
for s in ("awaiting_consent", "questionnaire", "submitted", "investigating",
          "adjudicating"):
    LIFECYCLE[(s, "withdraw")] = "withdrawn"

PHASE = {"awaiting_consent": "consent_s", "questionnaire": "questionnaire_s",
         "submitted": "initiation_s", "investigating": "investigation_s",
         "adjudicating": "adjudication_s"}
DECIDED = ("granted", "interim", "denied", "complaint", "rejected")
SEVERITY = ["none", "minor", "moderate", "serious"]


def adverse_yeses(auth, doc):
    """The adverse questions answered yes (scs_qschema_adverse)."""
    n = 0
    for sec in SCHEMAS[auth]["sections"]:
        for fld in sec["fields"]:
            a = doc.get(sec["id"], {}).get(fld["id"])
            if fld.get("adverse") and isinstance(a, dict) and a.get("answer"):
                n += 1
    return n


def canon(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class Case:
    """One case, played event by event as the operations would."""

    def __init__(self, cid, person, auth, need, sponsor_actor,
                 type_="initial", prior=None):
        self.id = cid
        self.p = PERSONS[person]
        self.auth = auth
        self.level = LEVEL[auth]
        self.need = need
        self.type = type_
        self.prior = prior
        self.state = None
        self.since = None
        self.opened = None
        self.body = ""
        self.consent_version = ""
        self.returned = []
        self.resume = ""
        self.decided = None
        self.decided_by = ""
        self.e_adjudicated = False
        self.complaint_until = None
        self.phase = {k: 0 for k in ("consent_s", "questionnaire_s",
                                     "initiation_s", "investigation_s",
                                     "adjudication_s")}
        self.decision = None
        self.complaint = None
        self.note = None
        self.stamps = []
        self.answers = {}  # section -> [saved, certified, data]
        self.findings = []
        self.notes = []
        self.clearance = None
        self.new_clearance = False
        self.t = None
        self.nominate(sponsor_actor)

    # -- plumbing --

    def at(self, when):
        t = jst(when)
        assert t < LAST, (self.id, when)
        assert self.t is None or t >= self.t, (self.id, when, "goes back")
        self.t = t
        return t

    def subject(self):
        return "user:misaki" if self.p["id"] == "p-demo-subject" \
            else "user:" + self.p["id"]

    def notify(self, t, subject_what, sponsor_what=None):
        for aud, what in (("subject", subject_what),
                          ("sponsor", sponsor_what)):
            if what is None:
                continue
            self.notes.append({
                "kind": "notification", "case_id": self.id,
                "seq": len(self.notes) + 1, "audience": aud,
                "person": self.p["id"], "org": self.p["org"],
                "at": fmt(t if aud == "subject" else t - t % 86400),
                "what": what})

    def move(self, event, t, actor):
        nxt = LIFECYCLE.get((self.state, event))
        assert nxt is not None, (self.id, self.state, event)
        if nxt == RESUME:
            nxt = self.resume or "submitted"
        if event == "submit":
            self.returned, self.resume = [], ""
        frm = self.state
        if frm is not None:
            if frm in PHASE:
                self.phase[PHASE[frm]] += max(0, t - self.since)
        self.state, self.since = nxt, t
        self.stamps.append({
            "kind": "case_event", "case_id": self.id,
            "seq": len(self.stamps) + 1, "at": fmt(t), "actor": actor,
            "event": event, "from_state": frm or "", "state": nxt})

    # -- the events --

    def nominate(self, actor):
        # the first event's time comes with the first call of on()
        self.pending_nominate = actor

    def on(self, when):
        """Set the time of the next event(s)."""
        t = self.at(when)
        if self.state is None:
            self.check_sponsor(t)
            self.opened = t
            self.move("nominate", t, self.pending_nominate)
            self.notify(t, "nominated")
        return self

    def check_sponsor(self, t):
        org = ORGS[self.p["org"]]
        if org["type"] == "government":
            return
        assert org["type"] in ("contractor", "research"), self.id
        ok = False
        for c in CONFORMING:
            if c["org"] != org["id"] or c["authority"] != self.auth:
                continue
            if RANK[(c["authority"], c["level"])] < \
                    RANK[(self.auth, self.level)]:
                continue
            lo = jst(c["valid_from"] + " 09:00")
            hi = jst(c["valid_until"] + " 09:00") if c.get("valid_until") \
                else None
            if lo <= t and (hi is None or t < hi):
                ok = True
        assert ok, (self.id, "sponsor holds no conforming approval then")

    def consent(self):
        self.consent_version = VETTING[self.auth]["consent"][-1]["version"]
        self.move("consent", self.t, self.subject())
        if self.prior is not None:  # answers carried forward
            for sec, (_, _, data) in self.prior.answers.items():
                self.answers[sec] = [self.t, False, copy.deepcopy(data)]
        return self

    def refuse(self):
        self.move("refuse", self.t, self.subject())
        self.notify(self.t, "refused", "not_completed")
        return self

    def withdraw(self, actor):
        self.move("withdraw", self.t, actor)
        self.notify(self.t, "withdrawn", "not_completed")
        return self

    def save(self, doc, sections=None):
        assert self.state == "questionnaire", self.id
        for sec in sections or list(doc):
            assert not self.returned or sec in self.returned, (self.id, sec)
            self.answers[sec] = [self.t, False, copy.deepcopy(doc[sec])]
        return self

    def submit(self):
        assert self.state == "questionnaire", self.id
        names = [s["id"] for s in SCHEMAS[self.auth]["sections"]]
        assert sorted(self.answers) == sorted(names), (self.id, "incomplete")
        for a in self.answers.values():
            if not a[1]:
                a[0], a[1] = self.t, True
        self.move("submit", self.t, self.subject())
        return self

    def assign(self, body, actor="user:adjudicator"):
        org = ORGS[body]
        assert org["type"] == "screening" and \
            self.auth in org.get("accredited_for", []), (self.id, body)
        self.body = body
        self.move("assign", self.t, actor)
        return self

    def ret(self, actor, sections, note):
        was = self.state
        self.move("return", self.t, actor)
        self.returned = list(sections)
        self.resume = was
        self.note = note
        self.notify(self.t, "returned")
        return self

    def finding(self, actor, item, source, date, severity, narrative,
                mitigation=None, record=None):
        assert self.state == "investigating", self.id
        f = {"kind": "finding", "case_id": self.id,
             "seq": len(self.findings) + 1, "item": item, "source": source,
             "date": date, "severity": severity, "author": actor,
             "at": fmt(self.t), "narrative": narrative}
        if mitigation is not None:
            f["mitigation"] = mitigation
        if record is not None:
            f["record"] = record
        self.findings.append(f)
        return self

    def checks(self, actor, hits=()):
        """Record checks against the demo feed: one finding per hit, or
        one "clear" finding (what scs_op_case_record_checks writes)."""
        if not hits:
            return self.finding(actor, "criminal_disciplinary",
                                "record_check", day(self.t), "none",
                                "clear: " + FEED)
        for h in hits:
            rec = FEED_RECORDS[h]
            item = rec.get("item") or ("finances"
                                       if rec["source"] == "bankruptcy"
                                       else "criminal_disciplinary")
            self.finding(actor, item, "record_check", rec["date"],
                         "moderate", "hit: " + FEED, record=rec)
        return self

    def close(self, actor):
        self.move("close", self.t, actor)
        rule = self.e_rule()
        if rule is not None:
            self.decide("rule:" + rule["id"], "grant",
                        {"outcome": "grant", "rule": rule["id"],
                         "assessments": []}, by_rule=True)
        return self

    def e_rule(self):
        """The authority's e-adjudication rule that holds, if any
        (scs_policy_e_adjudicate)."""
        checks = [f for f in self.findings if f["source"] == "record_check"]
        hits = [f for f in checks if f["severity"] != "none"]
        worst = max([SEVERITY.index(f["severity"]) for f in self.findings],
                    default=0)
        doc = {s: a[2] for s, a in self.answers.items()}
        for r in VETTING[self.auth]["e_adjudication"]:
            if r["levels"] and self.level not in r["levels"]:
                continue
            if r["record_checks"] == "clear" and (not checks or hits):
                continue
            if r["self_report"] == "none_adverse" and \
                    adverse_yeses(self.auth, doc):
                continue
            if self.findings and worst > SEVERITY.index(r["max_severity"]):
                continue
            return r
        return None

    def decide(self, actor, outcome, doc, by_rule=False):
        ev = {"grant": "grant", "interim": "interim", "deny": "deny"}[outcome]
        assert doc["outcome"] == outcome
        t = self.t
        if self.state == "interim" and self.clearance is not None:
            # the final decision on an interim grant
            assert ev == "grant", "a denial would revoke: not in the demo"
            self.clearance["status"] = "active"
        elif ev != "deny":
            self.clearance = {
                "kind": "clearance", "person": self.p["id"],
                "authority": self.auth, "level": self.level,
                "status": "interim" if ev == "interim" else "active",
                "valid_from": fmt(t),
                "valid_until": fmt(add_years(t, VALIDITY[self.auth]))}
        self.decision = doc
        self.decided = t
        self.decided_by = actor
        self.e_adjudicated = by_rule
        self.complaint_until = t + VETTING[self.auth]["complaint_days"] * \
            86400 if ev == "deny" else None
        self.move(ev, t, actor)
        self.notify(t, {"grant": "granted", "interim": "interim",
                        "deny": "denied"}[ev],
                    {"grant": "granted", "interim": "interim",
                     "deny": "denied"}[ev])
        return self

    def complain(self, text):
        assert self.t < self.complaint_until, (self.id, "window closed")
        self.move("complain", self.t, self.subject())
        self.complaint = {"text": text}
        return self

    def review(self, actor, upheld, note):
        assert actor != self.decided_by, (self.id, "the decider reviews")
        self.move("uphold" if upheld else "reject", self.t, actor)
        self.complaint["review"] = {"upheld": upheld, "note": note,
                                    "by": actor, "at": fmt(self.t)}
        self.notify(self.t,
                    "complaint_upheld" if upheld else "complaint_rejected")
        return self

    # -- output --

    def lines(self):
        assert self.state is not None
        c = {"kind": "case", "id": self.id, "person": self.p["id"],
             "authority": self.auth, "level": self.level,
             "sponsor": self.p["org"], "need": self.need, "type": self.type,
             "state": self.state, "opened": fmt(self.opened),
             "since": fmt(self.since)}
        if self.body:
            c["body"] = self.body
        if self.prior is not None:
            c["prior"] = self.prior.id
        if self.consent_version:
            c["consent_version"] = self.consent_version
        if self.returned:
            c["returned"] = self.returned
        if self.resume:
            c["resume"] = self.resume
        c["decided"] = fmt(self.decided) if self.decided else None
        if self.decided_by:
            c["decided_by"] = self.decided_by
        c["e_adjudicated"] = self.e_adjudicated
        c["complaint_until"] = fmt(self.complaint_until) \
            if self.complaint_until else None
        c.update(self.phase)
        if self.decision is not None:
            c["decision"] = self.decision
        if self.complaint is not None:
            c["complaint"] = self.complaint
        if self.note is not None:
            c["note"] = self.note
        assert (self.state in DECIDED) == (self.decided is not None) or \
            self.state in ("adjudicating",), self.id
        out = [c] + self.stamps
        for sec in sorted(self.answers):  # export order: by section
            saved, cert, data = self.answers[sec]
            out.append({"kind": "answers", "case_id": self.id,
                        "section": sec, "saved": fmt(saved),
                        "certified": cert, "data": data})
        return out + self.findings + self.notes


# ---- the persons' answers ----
#
# The schema's example (data/questionnaires/*.json), made each person's:
# identity and relatives from the register, a residence and employment
# history covering the look-back window, schools, and the seven items.

PROFILE = {
    "p01": dict(birth_place="福岡県北九州市", home_since="2009-04-01",
                homes=[("1991-04-01", "2009-03-31", "東京都新宿区若松町21-3 防衛省宿舎")],
                jobs=[("1991-04-01", None, "employed", "防衛省",
                       "防衛装備庁 プロジェクト管理部 艦船担当企画官", "東京都新宿区市谷本村町5-1")],
                schools=[("1987-04-01", "1991-03-31", "九州大学", "工学部 電気電子工学科")],
                debts=18000000),
    "p03": dict(birth_place="長野県松本市", home_since="2006-10-01",
                homes=[("1997-04-01", "2006-09-30", "東京都目黒区中目黒2-2-5")],
                jobs=[("1997-04-01", None, "employed", "防衛省",
                       "海上幕僚監部 防衛部 装備体系課 班長", "東京都新宿区市谷本村町5-1")],
                schools=[("1993-04-01", "1997-03-31", "東京工業大学", "理学部 物理学科")],
                debts=22000000),
    "p05": dict(birth_place="東京都世田谷区", home_since="2019-04-01",
                homes=[("2011-05-01", "2016-03-31", "東京都世田谷区桜新町1-24-7"),
                       ("2016-04-01", "2019-03-31", "서울특별시 종로구 율곡로 6, 1203호", "KOR")],
                jobs=[("2002-04-01", None, "employed", "経済産業省",
                       "貿易経済安全保障局 安全保障貿易管理課 課長補佐", "東京都千代田区霞が関1-3-1"),
                      ("2016-04-01", "2019-03-31", "employed", "在大韓民国日本国大使館",
                       "経済班 一等書記官（出向）", "서울특별시 종로구 율곡로 6", "KOR")],
                schools=[("1998-04-01", "2002-03-31", "一橋大学", "法学部")],
                debts=35000000),
    "p06": dict(birth_place="静岡県浜松市", home_since="2016-06-01",
                homes=[("2012-04-01", "2016-05-31", "東京都江東区東陽3-2-8")],
                jobs=[("2012-04-01", None, "employed", "経済産業省",
                       "経済安全保障政策室 係長", "東京都千代田区霞が関1-3-1")],
                schools=[("2008-04-01", "2012-03-31", "名古屋大学", "経済学部")],
                debts=31000000),
    "p07": dict(birth_place="大阪府大阪市", home_since="1998-04-01", homes=[],
                jobs=[("1987-04-01", None, "employed", "経済産業省",
                       "通商政策局 企画調査室長", "東京都千代田区霞が関1-3-1")],
                schools=[("1983-04-01", "1987-03-31", "京都大学", "経済学部")],
                debts=4000000),
    "p13": dict(birth_place="岡山県岡山市", home="東京都杉並区阿佐谷南1-14-3-201",
                home_since="2014-03-26",
                homes=[("2010-04-01", "2014-03-25", "大阪府吹田市山田丘2-8")],
                jobs=[("2014-04-01", None, "employed", "内閣官房 内閣情報調査室",
                       "国際部 分析官", "東京都千代田区永田町1-6-1")],
                schools=[("2010-04-01", "2014-03-31", "大阪大学", "外国語学部 朝鮮語専攻")],
                debts=0),
    "p15": dict(birth_place="São Paulo", birth_country="BRA",
                home="愛知県名古屋市中村区名駅南2-11-4-805", home_since="2015-09-01",
                homes=[("2005-04-01", "2015-08-31", "愛知県豊田市保見ヶ丘4-2-16")],
                jobs=[("2009-04-01", None, "employed", "尾張重工業株式会社",
                       "名古屋誘導推進システム製作所 レーダ設計課 技師", "愛知県小牧市東田中1200")],
                schools=[("2005-04-01", "2009-03-31", "名古屋工業大学", "工学部 電気電子工学科")],
                debts=1200000),
    "p16": dict(birth_place="三重県四日市市", home_since="2007-04-01",
                homes=[("2000-04-01", "2007-03-31", "愛知県名古屋市瑞穂区瑞穂通3-21")],
                jobs=[("2000-04-01", None, "employed", "尾張重工業株式会社",
                       "名古屋誘導推進システム製作所 資材調達部 主任", "愛知県小牧市東田中1200")],
                schools=[("1996-04-01", "2000-03-31", "名古屋大学", "文学部")],
                debts=15000000),
    "p-demo-subject": dict(birth_place="岐阜県岐阜市", home_since="2017-05-01",
                           homes=[("2011-04-01", "2017-04-30", "愛知県名古屋市昭和区御器所3-4-11")],
                           jobs=[("2011-04-01", None, "employed", "尾張重工業株式会社",
                                  "名古屋誘導推進システム製作所 レーダ設計課 主任", "愛知県小牧市東田中1200")],
                           schools=[("2007-04-01", "2011-03-31", "名古屋大学", "工学部 電気電子・情報工学科")],
                           debts=28000000),
    "p18": dict(birth_place="熊本県熊本市", home="熊本県合志市幾久富1866-1450",
                home_since="2020-07-01",
                homes=[("2013-04-01", "2019-03-31", "福岡県福岡市東区箱崎6-10-1"),
                       ("2019-04-01", "2020-06-30", "熊本県熊本市中央区水前寺3-15-20")],
                jobs=[("2013-04-01", "2019-03-31", "student", None, None, None),
                      ("2019-04-01", "2020-06-30", "not_employed", None, None, None),
                      ("2020-07-01", None, "employed", "朝風セミコンダクター株式会社",
                       "生産技術部 エンジニア", "熊本県菊池郡菊陽町原水4000")],
                schools=[("2013-04-01", "2017-03-31", "九州大学", "工学部 物質科学工学科"),
                         ("2017-04-01", "2019-03-31", "九州大学大学院", "工学府 修士課程")],
                debts=0),
    "p20": dict(birth_place="熊本県八代市", home="熊本県菊池郡菊陽町光の森5-2-1-305",
                home_since="2022-04-01",
                homes=[("1999-12-24", "2018-03-31", "熊本県八代市本町2-3-34"),
                       ("2018-04-01", "2022-03-31", "熊本県熊本市中央区黒髪2-39-1"),
                       ("2021-04-01", "2021-09-30", "新竹市東區光復路二段101號", "TWN")],
                jobs=[("2015-04-01", "2018-03-31", "student", None, None, None),
                      ("2018-04-01", "2022-03-31", "student", None, None, None),
                      ("2021-04-01", "2021-09-30", "other", None, None, None, "TWN",
                       "台湾・新竹の半導体ファウンドリーで6か月間のインターンシップ（大学の単位認定）"),
                      ("2022-04-01", None, "employed", "朝風セミコンダクター株式会社",
                       "製造部 プロセスエンジニア", "熊本県菊池郡菊陽町原水4000")],
                schools=[("2015-04-01", "2018-03-31", "熊本県立八代高等学校", None),
                         ("2018-04-01", "2022-03-31", "熊本大学", "工学部 材料・応用化学科")],
                debts=0),
    "p23": dict(birth_place="兵庫県神戸市", home="京都府木津川市城山台4-12-6-201",
                home_since="2021-04-01",
                homes=[("2015-04-01", "2021-03-31", "大阪府吹田市千里山西1-7-2")],
                jobs=[("2015-04-01", "2021-03-31", "student", None, None, None),
                      ("2021-04-01", None, "employed", "関西科学技術研究所",
                       "量子センシング研究室 技術職員", "京都府相楽郡精華町光台3-5")],
                schools=[("2015-04-01", "2019-03-31", "大阪大学", "工学部 応用理工学科"),
                         ("2019-04-01", "2021-03-31", "大阪大学大学院", "工学研究科 修士課程")],
                debts=2800000),
    "p21": dict(birth_place="大阪府堺市", home_since="2003-04-01", homes=[],
                jobs=[("2003-04-01", None, "employed", "関西科学技術研究所",
                       "量子センシング研究室 教授", "京都府相楽郡精華町光台3-5")],
                schools=[("1988-04-01", "1992-03-31", "大阪大学", "基礎工学部"),
                         ("1992-04-01", "1997-03-31", "大阪大学大学院", "基礎工学研究科 博士課程")],
                debts=9000000),
    "p22": dict(birth_place="San Jose, California", birth_country="USA",
                home="京都府京都市左京区下鴨松ノ木町59-2-203", home_since="2019-09-01",
                homes=[("2009-04-01", "2013-08-31", "東京都文京区本郷5-29-13"),
                       ("2013-09-01", "2019-08-31", "Escondido Village, Stanford, CA 94305, USA", "USA")],
                jobs=[("2013-09-01", "2019-08-31", "student", None, None, None, "USA"),
                      ("2019-09-01", None, "employed", "関西科学技術研究所",
                       "量子センシング研究室 助教", "京都府相楽郡精華町光台3-5")],
                schools=[("2009-04-01", "2013-03-31", "東京大学", "理学部 物理学科"),
                         ("2013-09-01", "2019-08-31", "Stanford University", "Ph.D., Applied Physics", "USA")],
                debts=0),
}


def answers_of(pid, auth, **adverse):
    """A complete answer document for person @pid, from the schema's
    example; @adverse gives the details of questions answered yes
    ("section.field": details)."""
    p, pr = PERSONS[pid], PROFILE[pid]
    doc = copy.deepcopy(SCHEMAS[auth]["example"])
    idn = doc["identity"]
    idn.pop("name_reading", None)  # optional; the example's is Yamada's
    idn.update(name=p["name"], name_latin=p["name_latin"],
               birth_date=p["birth_date"], birth_place=pr["birth_place"],
               birth_country=pr.get("birth_country", "JPN"),
               nationalities=p["nationalities"])
    home = pr.get("home") or next(r["address"] for r in p["relatives"]
                                  if r["cohabitant"])
    homes = [{"period": {"from": h[0], "to": h[1]}, "address": h[2],
              "country": h[3] if len(h) > 3 else "JPN"} for h in pr["homes"]]
    homes.append({"period": {"from": pr["home_since"], "to": None},
                  "address": home, "country": "JPN"})
    doc["residence"] = {"entries": homes}
    jobs = []
    for j in pr["jobs"]:
        e = {"period": {"from": j[0], "to": j[1]}, "activity": j[2]}
        if j[3]:
            e.update(employer=j[3], position=j[4], address=j[5])
        e["country"] = j[6] if len(j) > 6 else "JPN"
        if len(j) > 7:
            e["notes"] = j[7]
        jobs.append(e)
    doc["employment"] = {"entries": jobs}
    schools = []
    for s in pr["schools"]:
        e = {"period": {"from": s[0], "to": s[1]}, "school": s[2]}
        if s[3]:
            e["course"] = s[3]
        e["country"] = s[4] if len(s) > 4 else "JPN"
        schools.append(e)
    doc["education"] = {"entries": schools}
    doc["relatives"] = {"members": [
        {k: r[k] for k in ("relation", "name", "birth_date", "nationalities",
                           "address", "cohabitant")}
        for r in p["relatives"]]}
    doc["finances"]["debts_total"] = {"amount": pr["debts"],
                                      "currency": "JPY"}
    for where, details in adverse.items():
        sec, fld = where.split("__")
        doc[sec][fld] = {"answer": True, "details": details}
    return doc


# ---- the cases ----

# The actors, as tools/demo.sh names the demo's users.  (Cabinet Office
# staff are not nominated: "cao" is a screening body, which sponsors no
# case.)
OFF = {"mod": "user:officer-mod", "meti": "user:officer-meti",
       "ciro": "user:officer-ciro",
       "owari-hi": "user:officer", "asakaze-semi": "user:officer-asakaze",
       "kansai-ist-qsl": "user:officer-kansai"}
INV = "user:investigator"           # Cabinet Office
INV_T = "user:investigator-tokiwa"  # Tokiwa Background Screening
ADJ = "user:adjudicator"
ADJ2 = "user:adjudicator2"
SDS, CESI = "JPN-SDS", "JPN-CESI"


# Case ids are numbered in the order written.  A reinvestigation must come
# after its earlier case in the file, and its id must sort after that
# case's too: `scs export` writes cases by id, and the round trip imports
# them in that order.
def case(n, pid, auth, need, **kw):
    return Case("C-DEMO%04d" % n, pid, auth, need,
                OFF[PERSONS[pid]["org"]], **kw)


def build():
    cases = []

    # 1. NAKAMURA Koji (MoD): granted in 2022 before SCS's vetting was
    # used for reinvestigations; the clearance is demo.jsonl's.  The
    # earlier case of the reinvestigation C-DEMO0010.
    c = case(1, "p01", SDS, "ORCA submarine radar: performance "
             "specifications and test data (the 2017 assessment ends "
             "2022-04-01)")
    doc = answers_of("p01", SDS)
    c.on("2021-11-08 10:00").on("2021-11-10 19:30").consent()
    c.on("2021-11-21 20:10").save(doc)
    c.on("2021-11-29 21:05").submit()
    c.on("2021-12-01 11:00").assign("cao")
    c.on("2021-12-03 14:00").checks(INV)
    c.on("2022-01-20 15:30").finding(
        INV, "alcohol", "interview", "2019-12-20", "moderate",
        "Reprimanded in writing after a year-end party in December 2019 "
        "at which he was drunk and lost his official mobile phone (found "
        "the next day, locked). Says he has since kept to two drinks.",
        "Single incident, reported by himself; his superior confirms no "
        "recurrence.")
    c.on("2022-02-10 11:00").finding(
        INV, "harmful_activities", "reference", "2022-02-10", "none",
        "Reference from the Director, Naval Systems: reliable, discreet.")
    c.on("2022-02-28 17:00").close(INV)
    c.on("2022-04-01 09:00").decide(ADJ, "grant", {
        "outcome": "grant",
        "assessments": [
            {"item": "alcohol", "assessment": "mitigated",
             "reason": "One incident in 2019, self-reported, none since."},
            {"item": "harmful_activities", "assessment": "favorable"}],
        "conditions": None})
    cases.append(c)
    p01_2022 = c

    # 2. YAMAMOTO Chihiro (METI): after her CESI clearance (case 13),
    # SDS; clean, decided by the rule.
    c = case(2, "p06", SDS, "Economic intelligence liaison: designated "
             "briefings on supply-chain threats")
    c.on("2025-10-06 10:30").on("2025-10-08 12:10").consent()
    doc = answers_of("p06", SDS)
    c.on("2025-10-12 21:40").save(doc, ["identity", "residence",
                                        "employment", "education"])
    c.on("2025-10-24 22:15").save(doc, [s for s in doc if s not in (
        "identity", "residence", "employment", "education")]).submit()
    c.on("2025-10-27 10:00").assign("cao")
    c.on("2025-10-28 11:00").checks(INV)
    c.on("2025-12-10 14:00").finding(
        INV, "harmful_activities", "interview", "2025-12-10", "none",
        "Interview: answers consistent with the questionnaire; foreign "
        "contacts limited to OECD meetings, all reported.")
    c.on("2025-12-18 16:00").finding(
        INV, "information_handling", "reference", "2025-12-18", "none",
        "Reference from her division director: careful with CESI "
        "material since June 2025.")
    c.on("2026-01-09 16:00").close(INV)
    assert c.state == "granted" and c.e_adjudicated
    cases.append(c)

    # 3. KATO Naoki (METI): Korean spouse, posted to Seoul 2016-2019;
    # an interim grant while the liaison check ran, then the grant.
    c = case(3, "p05", SDS, "Export-control enforcement: designated "
             "intelligence on procurement networks evading controls")
    c.on("2025-08-04 10:00").on("2025-08-12 18:45").consent()
    c.on("2025-09-05 20:30").save(answers_of("p05", SDS)).submit()
    c.on("2025-09-08 09:40").assign("cao")
    c.on("2025-09-09 10:20").checks(INV)
    c.on("2025-10-28 15:00").finding(
        INV, "harmful_activities", "interview", "2025-10-28", "moderate",
        "Spouse and her parents are nationals of the Republic of Korea; "
        "her parents live in Seoul. He served at the Embassy in Seoul "
        "2016-2019. No approach by any service reported or known.",
        "Fully disclosed; contacts are family and former colleagues; the "
        "Republic of Korea is a GSOMIA partner.")
    c.on("2025-11-21 17:30").close(INV)
    c.on("2026-01-20 11:00").decide(ADJ, "interim", {
        "outcome": "interim",
        "assessments": [
            {"item": "harmful_activities", "assessment": "mitigated",
             "reason": "Family in the Republic of Korea; the liaison check "
                       "of the spouse's parents is outstanding."}],
        "conditions": "Interim until the liaison check returns; no access "
                      "to compartmented material."})
    c.on("2026-03-10 14:00").decide(ADJ, "grant", {
        "outcome": "grant",
        "assessments": [
            {"item": "harmful_activities", "assessment": "mitigated",
             "reason": "The liaison check found nothing adverse on the "
                       "spouse's parents."}],
        "conditions": "Report travel to the Republic of Korea and any "
                      "contact with its officials to the security officer."})
    cases.append(c)

    # 4. UEDA Tsubasa (Kansai lab): his 2025 interim clearance lapsed; a
    # bankruptcy the record check found and he had not declared; denied,
    # the complaint window open.
    c = case(4, "p23", CESI, "HIKARI quantum magnetometer: clean-room "
             "fabrication (full assessment; the 2025 interim clearance "
             "lapsed)")
    c.on("2026-07-06 10:00").on("2026-07-08 20:00").consent()
    c.on("2026-07-30 22:30").save(answers_of("p23", CESI)).submit()
    c.on("2026-08-03 10:00").assign("cao")
    c.on("2026-08-04 10:00").checks(INV, ["kobe-bk-2022-0871"])
    c.on("2026-09-29 14:00").finding(
        INV, "finances", "interview", "2022-11-15", "serious",
        "Declared bankrupt in November 2022 (Kobe District Court) after "
        "losses of about 6 million yen in margin FX trading; answered no "
        "to the question on bankruptcy. Has borrowed about 2.8 million "
        "yen from consumer lenders since 2025.",
        "Says he was ashamed to declare it; has started a repayment plan.")
    c.on("2026-10-19 16:00").close(INV)
    c.on("2026-11-18 11:00").decide(ADJ, "deny", {
        "outcome": "deny",
        "assessments": [
            {"item": "finances", "assessment": "unfavorable",
             "reason": "Bankruptcy in 2022 not declared although asked, "
                       "and new consumer debt since 2025."},
            {"item": "harmful_activities", "assessment": "favorable"}],
        "conditions": None})
    cases.append(c)

    # 5. YAMAGUCHI Daisuke (CIRO): his SDS clearance was revoked in 2023;
    # denied again, his complaint rejected by a second adjudicator.
    c = case(5, "p13", SDS, "Counter-intelligence analysis of approaches "
             "to defense-industry staff (re-assessment after the 2023 "
             "revocation)")
    c.on("2025-02-03 10:00").on("2025-02-05 19:00").consent()
    c.on("2025-02-25 21:00").save(answers_of(
        "p13", SDS, information_handling__violation={
            "date": "2023-03-14",
            "description": "内閣情報調査室の指定された分析資料を私物のUSBメモリに複写し、"
                           "自宅で作業した。点検で発覚し、2023年5月に適性評価の結果が取り消された。"
        })).submit()
    c.on("2025-02-27 10:00").assign("cao")
    c.on("2025-02-28 10:00").checks(INV)
    c.on("2025-04-15 15:00").finding(
        INV, "information_handling", "interview", "2023-03-14", "serious",
        "Copied designated analysis to a personal USB drive in March 2023 "
        "to work at home; found in an inspection; clearance revoked May "
        "2023. Confirms he knew the rule.",
        "Retraining completed in 2024; no incident since.")
    c.on("2025-05-09 17:00").close(INV)
    c.on("2025-06-02 11:00").decide(ADJ, "deny", {
        "outcome": "deny",
        "assessments": [
            {"item": "information_handling", "assessment": "unfavorable",
             "reason": "A deliberate breach of the handling rules in 2023, "
                       "two years ago, by someone who knew them."}],
        "conditions": None})
    c.on("2025-06-20 20:00").complain(
        "The 2023 incident was a single lapse and I have completed the "
        "retraining; the decision does not weigh that.")
    c.on("2025-07-18 15:00").review(
        ADJ2, False,
        "The retraining is noted, but two years without handling "
        "designated information do not yet show reliability. A new "
        "nomination is possible from June 2026.")
    cases.append(c)

    # 6. OKAMOTO Satoko (Owari): lost a CESI document on a train in
    # December 2025 while her SDS case ran; denied, she complains.
    c = case(6, "p16", SDS, "ORCA radar: designated performance data for "
             "component procurement at the Komaki works")
    c.on("2025-09-16 10:00").on("2025-09-18 21:00").consent()
    c.on("2025-10-10 20:00").save(answers_of("p16", SDS)).submit()
    c.on("2025-10-14 10:00").assign("cao")
    c.on("2025-10-15 10:00").checks(INV)
    c.on("2026-01-20 10:00").checks(INV, ["owari-disc-2025-031"])
    c.on("2026-02-12 14:00").finding(
        INV, "information_handling", "interview", "2025-12-19", "serious",
        "Left a CESI-designated ORCA supply document in a bag on a train on "
        "19 December 2025; reported the loss the next morning; the bag was "
        "recovered from the railway's lost property, the document "
        "apparently unread. Reprimanded by Owari on 22 December 2025; her "
        "CESI clearance is suspended.",
        "Reported the loss herself at once; the document was recovered.")
    c.on("2026-09-11 17:00").close(INV)
    c.on("2026-10-30 11:00").decide(ADJ, "deny", {
        "outcome": "deny",
        "assessments": [
            {"item": "information_handling", "assessment": "unfavorable",
             "reason": "Designated material taken outside the controlled "
                       "area and lost in December 2025."}],
        "conditions": None})
    c.on("2026-11-20 20:30").complain(
        "I reported the loss myself within hours and the document was "
        "recovered unread; I ask that this be weighed, and that my "
        "eighteen years without any incident be considered.")
    cases.append(c)

    # 7. SATO Misaki (Owari): the investigator returned two sections; she
    # is to correct them (log in as misaki).
    c = case(7, "p-demo-subject", SDS, "ORCA radar: designated performance "
             "specifications for the mast integration")
    c.on("2026-09-01 10:00").on("2026-09-02 20:00").consent()
    doc = answers_of("p-demo-subject", SDS)
    c.on("2026-09-06 21:30").save(doc, ["identity", "relatives"])
    c.on("2026-09-24 21:00").save(doc, [s for s in doc if s not in (
        "identity", "relatives")]).submit()
    c.on("2026-09-28 10:00").assign("cao")
    c.on("2026-09-29 10:00").checks(INV)
    c.on("2026-11-24 15:00").ret(
        INV, ["residence", "employment"],
        "Residence: your stay in Sapporo (2014, during the Hokkaido "
        "project) is missing. Employment: give the dates of your "
        "secondment to the Kobe works.")
    cases.append(c)

    # 8. MATSUMOTO Tetsuya (METI): moved to a post without SDS work;
    # the ministry withdrew the case.
    c = case(8, "p07", SDS, "Trade policy: designated intelligence on "
             "export-control evasion")
    c.on("2025-04-14 10:00").on("2025-04-16 18:30").consent()
    c.on("2025-04-27 20:00").save(answers_of("p07", SDS),
                                  ["identity", "residence"])
    c.on("2025-05-20 16:00").withdraw(OFF["meti"])
    cases.append(c)

    # 9. WATANABE Yuka (MoD): her interim clearance of 2025 lapsed; just
    # nominated for the full assessment (log in as p04).
    c = case(9, "p04", SDS, "GCAP avionics: designated threat library "
             "(full assessment; the 2025 interim clearance lapsed on "
             "2026-05-01)")
    c.on("2026-11-26 10:00")
    cases.append(c)

    # 10. NAKAMURA Koji: the reinvestigation before his clearance ends
    # (2027-04-01); the 2022 answers came forward at consent.
    c = case(10, "p01", SDS, "Reinvestigation before the clearance ends "
             "on 2027-04-01 (ORCA, KESTREL)", type_="reinvestigation",
             prior=p01_2022)
    c.on("2026-08-17 10:00").on("2026-08-19 19:00").consent()
    doc = answers_of("p01", SDS)
    doc["finances"]["debts_total"]["amount"] = 9500000
    c.on("2026-08-30 20:00").save(doc, ["finances"])
    c.on("2026-09-07 21:00").submit()
    c.on("2026-09-09 10:00").assign("cao")
    c.on("2026-09-10 10:00").checks(INV)
    c.on("2026-10-21 14:00").finding(
        INV, "alcohol", "interview", "2026-10-21", "none",
        "Follow-up of the 2019 reprimand: no incident since; his superior "
        "confirms.")
    cases.append(c)

    # 11. ITO Takashi (MoD): his 2021 assessment (before SCS) lapsed on
    # 2026-10-01; submitted, waiting for a screening body.
    c = case(11, "p03", SDS, "Renewal of the 2021 assessment, which "
             "lapsed on 2026-10-01 (ORCA)")
    c.on("2026-10-05 10:00").on("2026-10-07 20:00").consent()
    c.on("2026-11-27 21:00").save(answers_of("p03", SDS)).submit()
    cases.append(c)

    # 12. MORI Kenji (Owari): under investigation, no record check yet
    # (the demo feed holds a court record of his: run the checks).
    c = case(12, "p15", SDS, "ORCA radar: designated test data at the "
             "Komaki works")
    c.on("2026-09-14 10:00").on("2026-09-16 19:30").consent()
    c.on("2026-10-09 21:00").save(answers_of("p15", SDS)).submit()
    c.on("2026-10-13 10:00").assign("cao")
    cases.append(c)

    # 13. YAMAMOTO Chihiro (METI): CESI on its first day in force;
    # decided by the rule (her clearance is demo.jsonl's).
    c = case(13, "p06", CESI, "Semiconductor supply-chain resilience "
             "programme: CESI analyses")
    c.on("2025-05-16 10:30").on("2025-05-19 12:00").consent()
    c.on("2025-05-28 20:00").save(answers_of("p06", CESI)).submit()
    c.on("2025-05-29 10:00").assign("cao")
    c.on("2025-05-30 10:00").checks(INV)
    c.on("2025-06-15 09:00").close(INV)
    assert c.e_adjudicated
    cases.append(c)

    # 14. SATO Misaki (Owari): CESI, decided by the rule (her clearance
    # is demo.jsonl's).
    c = case(14, "p-demo-subject", CESI, "ORCA mast radar: component "
             "sources and production capacity")
    c.on("2025-05-19 10:00").on("2025-05-20 21:00").consent()
    c.on("2025-06-02 22:00").save(answers_of("p-demo-subject", CESI))
    c.submit()
    c.on("2025-06-04 10:00").assign("cao")
    c.on("2025-06-05 10:00").checks(INV)
    c.on("2025-06-24 14:00").finding(
        INV, "harmful_activities", "interview", "2025-06-24", "none",
        "Interview: no foreign contacts of note; answers consistent.")
    c.on("2025-07-01 09:00").close(INV)
    assert c.e_adjudicated
    cases.append(c)

    # 15. MAEDA Mai (Asakaze): declared student-loan arrears; a person
    # decides.  Investigated by the private screening body.
    c = case(15, "p18", CESI, "Advanced-node supply chain: chokepoint "
             "analysis (CESI)")
    c.on("2025-07-03 10:00").on("2025-07-04 20:00").consent()
    c.on("2025-07-14 21:00").save(answers_of(
        "p18", CESI, finances__difficulties={
            "date": "2020-03-01",
            "amount": {"amount": 480000, "currency": "JPY"},
            "description": "2019年から2020年の無職期間に日本学生支援機構の奨学金の返還を"
                           "4か月延滞した。2022年に延滞分を含め完済した。"})).submit()
    c.on("2025-07-15 10:00").assign("tokiwa-screening")
    c.on("2025-07-16 10:00").checks(INV_T)
    c.on("2025-08-05 15:00").finding(
        INV_T, "finances", "interview", "2020-03-01", "moderate",
        "Student loan four months in arrears in 2020 while she was "
        "looking for work; repaid in full in 2022. No other debt.",
        "Declared by herself; caused by unemployment; fully repaid.")
    c.on("2025-08-22 17:00").close(INV_T)
    c.on("2025-09-01 09:00").decide(ADJ, "grant", {
        "outcome": "grant",
        "assessments": [
            {"item": "finances", "assessment": "mitigated",
             "reason": "Arrears of 2020 declared, explained and repaid."}],
        "conditions": None})
    cases.append(c)

    # 16. HASEGAWA Tsuyoshi (Kansai lab): decided by the rule the month
    # the lab's CESI approval began.
    c = case(16, "p21", CESI, "HIKARI quantum magnetometer: fabrication "
             "process (CESI)")
    c.on("2025-09-01 11:00").on("2025-09-02 19:00").consent()
    c.on("2025-09-10 21:00").save(answers_of("p21", CESI)).submit()
    c.on("2025-09-11 10:00").assign("tokiwa-screening")
    c.on("2025-09-12 10:00").checks(INV_T)
    c.on("2025-09-25 14:00").finding(
        INV_T, "harmful_activities", "interview", "2025-09-25", "minor",
        "Son studies in Boston (MIT); visits twice a year. No contact "
        "with foreign officials beyond conferences, all reported.")
    c.on("2025-10-01 09:00").close(INV_T)
    assert c.e_adjudicated
    cases.append(c)

    # 17. MURAKAMI Haruka (Asakaze): refused in 2025 ...
    c = case(17, "p20", CESI, "Process data of the 2 nm line (CESI)")
    c.on("2025-07-07 10:00").on("2025-07-15 19:00").refuse()
    cases.append(c)

    # 18. ... and consented in 2026: an interim grant while a reference
    # from abroad is outstanding.
    c = case(18, "p20", CESI, "Process data of the 2 nm line (CESI), "
             "nominated again")
    c.on("2026-06-01 10:00").on("2026-06-03 20:00").consent()
    c.on("2026-06-22 21:00").save(answers_of("p20", CESI)).submit()
    c.on("2026-06-24 10:00").assign("tokiwa-screening")
    c.on("2026-06-25 10:00").checks(INV_T)
    c.on("2026-08-20 15:00").finding(
        INV_T, "harmful_activities", "reference", "2021-09-30", "moderate",
        "Six-month internship at a foundry in Hsinchu (Taiwan) in 2021: "
        "the foundry has not answered the reference request.")
    c.on("2026-09-18 17:00").close(INV_T)
    c.on("2026-10-20 11:00").decide(ADJ, "interim", {
        "outcome": "interim",
        "assessments": [
            {"item": "harmful_activities", "assessment": "favorable"}],
        "conditions": "Interim until the reference from the 2021 "
                      "internship abroad is in."})
    cases.append(c)

    # 19. ISHII Rena (Kansai lab): JPN/USA; investigated by the private
    # screening body (log in as investigator-tokiwa).
    c = case(19, "p22", CESI, "HIKARI quantum magnetometer: detection "
             "performance (CESI)")
    c.on("2026-09-07 10:00").on("2026-09-09 19:00").consent()
    c.on("2026-09-30 21:00").save(answers_of("p22", CESI)).submit()
    c.on("2026-10-05 10:00").assign("tokiwa-screening")
    c.on("2026-10-06 10:00").checks(INV_T)
    c.on("2026-11-18 14:00").finding(
        INV_T, "harmful_activities", "interview", "2026-11-18", "minor",
        "US national from birth (born in San Jose); parents and brother "
        "live in California. Held a US SECRET clearance for a DoD-funded "
        "project at Stanford.")
    cases.append(c)

    # 20. MATSUMOTO Tetsuya (METI): treated for alcohol dependence in
    # 2019, declared; waiting for the adjudicator.
    c = case(20, "p07", CESI, "Economic security dialogue with partners: "
             "CESI on critical minerals")
    c.on("2026-05-11 10:00").on("2026-05-13 19:00").consent()
    c.on("2026-06-01 21:00").save(answers_of(
        "p07", CESI, alcohol__problems={
            "date": "2019-05-01",
            "description": "2019年5月から6か月間、アルコール依存症の外来治療を受けた。"
                           "以後断酒している。"})).submit()
    c.on("2026-06-03 10:00").assign("cao")
    c.on("2026-06-04 10:00").checks(INV)
    c.on("2026-07-22 14:00").finding(
        INV, "alcohol", "interview", "2019-05-01", "moderate",
        "Outpatient treatment for alcohol dependence May-October 2019; "
        "abstinent since by his and his physician's account.",
        "Declared by himself; physician's letter of July 2026.")
    c.on("2026-10-30 17:00").close(INV)
    cases.append(c)

    return cases


def main():
    cases = build()
    states = {c.state for c in cases}
    want = {"awaiting_consent", "questionnaire", "submitted",
            "investigating", "adjudicating", "granted", "interim",
            "denied", "complaint", "rejected", "refused", "withdrawn"}
    assert states == want, want - states
    open_ = {}
    for c in cases:
        assert c.prior is None or c.prior.id < c.id, (c.id, "sorts first")
        if c.state in ("awaiting_consent", "questionnaire", "submitted",
                       "investigating", "adjudicating", "interim",
                       "complaint"):
            key = (c.p["id"], c.auth)
            assert key not in open_, ("two open cases", key)
            open_[key] = c.id
    out = sys.stdout
    for c in cases:
        for line in c.lines():
            out.write(canon(line) + "\n")
        cl = c.clearance
        if cl is None:
            continue
        key = (cl["person"], cl["authority"], cl["valid_from"])
        if key in DEMO_CLEARANCES:  # data/demo.jsonl has it: the same?
            d = DEMO_CLEARANCES[key]
            assert (d["level"], d["status"], d["valid_until"]) == \
                (cl["level"], cl["status"], cl["valid_until"]), key
            continue
        assert not any(k[0] == cl["person"] and k[1] == cl["authority"] and
                       DEMO_CLEARANCES[k]["status"] in ("active", "interim")
                       for k in DEMO_CLEARANCES), ("second clearance", key)
        out.write(canon(cl) + "\n")


if __name__ == "__main__":
    main()
