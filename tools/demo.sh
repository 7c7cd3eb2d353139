#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# demo.sh SCS DB - create the demo register at DB (once) and print the URL
# and the demo logins.  The scenario is data/demo.jsonl: ministries, the
# Cabinet Office and a private firm as screening bodies, two contractors,
# a university lab, people with Japanese names and their relatives; and
# data/demo-cases.jsonl (made by tools/gen-demo-cases.py): their vetting
# cases in every state, with a record-check feed (data/demo-feed.jsonl);
# and a continuous-vetting feed (data/demo-cv-feed.jsonl) whose matches
# are alerts for the investigators to triage.
set -eu
scs=$1
db=$2
pw=demo-password-2026
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -f "$db" ]; then
	# Say so: a newcomer who changed things in the demo, or pulled a
	# newer demo scenario, must know the register is not fresh.
	echo "Reusing the demo register $db (last written $(date -r "$db" '+%Y-%m-%d %H:%M'); every change made in it is kept)."
	echo "To start afresh from the demo data: make demo-reset"
else
	echo "Creating the demo register $db from data/demo.jsonl, data/demo-cases.jsonl and data/demo-history.jsonl ..."
	mkdir -p "$(dirname "$db")"
	SCS_ADMIN_PASSWORD=$pw "$scs" --db "$db" init --org cao-admin \
		--org-name "Cabinet Office, Register Administration" >/dev/null
	"$scs" --db "$db" import "$top/data/demo.jsonl"
	"$scs" --db "$db" import "$top/data/demo-cases.jsonl"
	# Eight years of decided cases (tools/gen-demo-history.py), so that
	# the timeliness report, the capacity planner and its forecast have
	# a history to work on (docs/capacity.md).
	"$scs" --db "$db" import "$top/data/demo-history.jsonl" >/dev/null
	"$scs" --db "$db" checks feed "$top/data/demo-feed.jsonl" >/dev/null
	# Continuous vetting: a feed of outside records matched against
	# the register; the links and reviews of cleared persons become
	# alerts in the Cabinet Office investigators' queue.
	"$scs" --db "$db" cv match "$top/data/demo-cv-feed.jsonl" >/dev/null 2>&1
	# Reciprocity: each authority's root key (kept beside the demo
	# register here; offline in a real deployment), a signing key it
	# certifies, the key lists partners import, and a code for NAKAMURA
	# Koji (p01) to show at a US door, with its QR code.
	for a in JPN-SDS JPN-CESI; do
		"$scs" trust root new --authority "$a" --out "$db.root-$a.key" >/dev/null
		"$scs" --db "$db" trust key new --authority "$a" --root "$db.root-$a.key" >/dev/null
	done
	"$scs" --db "$db" trust export -o "$db.trust.json"
	"$scs" --db "$db" attest issue p01 --partner USA --profile gate \
		--qr "$db.attest-p01.png" >"$db.attest-p01.txt"
	# Visit requests from Owari Heavy Industries to the US partner's
	# security office (dcsa, whose officer is officer-dcsa): SUZUKI
	# Ichiro's approved, with the host's signed pass; another waiting for
	# the host's decision, certified with the visitor's code.
	visit() { # visitor type first-day-offset last-day-offset site purpose
		"$scs" --db "$db" visit create "$(printf '{"visitor":"%s","host_org":"dcsa","site":"%s","purpose":"%s","type":"%s","first_day":"%s","last_day":"%s"}' \
			"$1" "$5" "$6" "$2" "$(date -u -d "+$3 days" +%Y-%m-%d)" "$(date -u -d "+$4 days" +%Y-%m-%d)")" |
			sed -n 's/.*"id": "\([^"]*\)".*/\1/p' | head -1
	}
	v=$(visit p14 one_time 14 16 "Arlington VA, Building 2" "Mast radar supply: design review")
	for m in submit certify approve; do "$scs" --db "$db" visit "$m" "$v" >/dev/null; done
	v=$(visit p01 recurring 30 120 "Quantico VA" "Joint acoustic library: quarterly reviews")
	for m in submit certify; do "$scs" --db "$db" visit "$m" "$v" >/dev/null; done
	while read -r user org role person; do
		if [ "$role" = relying_system ]; then
			"$scs" --db "$db" user add "$user" --org "$org" --role "$role" \
				| sed -n 's/^API key (shown once): //p' >"$db.demo-apikey"
			chmod 600 "$db.demo-apikey"
		elif [ "$person" = - ]; then
			SCS_PASSWORD=$pw "$scs" --db "$db" user add "$user" --org "$org" --role "$role" >/dev/null
		else
			# Nobody but the person sets a subject's password: the
			# account comes with a one-time activation code, which
			# the demo then uses as the person would.
			code=$("$scs" --db "$db" user add "$user" --org "$org" --role "$role" --person "$person" |
				sed -n 's/^activation code: //p')
			[ -n "$code" ] || { echo "demo.sh: no activation code for $user" >&2; exit 1; }
			SCS_PASSWORD=$pw "$scs" --db "$db" user activate "$user" --code "$code" >/dev/null
		fi
	done <<USERS
officer owari-hi security_officer -
officer-mod mod security_officer -
officer-meti meti security_officer -
officer-ciro ciro security_officer -
officer-asakaze asakaze-semi security_officer -
officer-kansai kansai-ist-qsl security_officer -
officer-dcsa dcsa security_officer -
misaki owari-hi subject p-demo-subject
p04 mod subject p04
p16 owari-hi subject p16
p23 kansai-ist-qsl subject p23
investigator cao investigator -
investigator-tokiwa tokiwa-screening investigator -
adjudicator cao adjudicator -
adjudicator2 cao adjudicator -
designator mod designator -
auditor cao auditor -
docsys mod relying_system -
USERS
	# This year's events, made through the API as the people would, so
	# that the annual report of the current year has a figure in every
	# section (docs/oversight.md): the history above is imported, and an
	# import is no event of the year.
	node "$top/tools/demo-year.mjs" "$scs" "$db"
fi
cat <<TXT

SCS demo register: $db
Open http://127.0.0.1:8080/  (the web UI; API under /v1, document at /v1/openapi.json)

Demo logins (POST /v1/login {"username":..., "password":"$pw"}):
  admin          admin             (Cabinet Office register administration)
  officer        security_officer  (Owari Heavy Industries; also officer-mod,
                                   officer-meti, officer-ciro, officer-asakaze,
                                   officer-kansai for the other sponsors;
                                   officer-dcsa hosts visits at the US partner)
  misaki         subject           (SATO Misaki, Owari: SDS case returned to her
                                   for two sections)
  p04            subject           (WATANABE Yuka, MoD: SDS case awaiting consent)
  p16            subject           (OKAMOTO Satoko, Owari: denied, complaint filed)
  p23            subject           (UEDA Tsubasa, Kansai lab: denied, may complain)
                                   (subjects activated with their one-time codes
                                   by this script, as the person would)
  investigator   investigator      (Cabinet Office, government screening body)
  investigator-tokiwa investigator (Tokiwa Background Screening, private firm)
  adjudicator    adjudicator       (Cabinet Office)
  adjudicator2   adjudicator       (Cabinet Office; reviews complaints about
                                   adjudicator's decisions)
  designator     designator        (Ministry of Defense)
  auditor        auditor           (oversight)
  docsys         relying_system    API key in $db.demo-apikey

Vetting: 20 cases in every state ($scs --db $db case list), their
timeliness ($scs --db $db report timeliness); record checks read
$top/data/demo-feed.jsonl.  A walk through the pipeline: README.md.
This year, made through the API by tools/demo-year.mjs: MoD and METI
designated four items (one renewed, one declassified), nominated p24 to
p28 (two granted, one denied and its complaint rejected, one refusal,
one withdrawal), recorded two incidents and three concerns.  The annual
report to the Diet counts them from the audit log alone:
  $scs --db $db report annual --year $(date -u +%Y) [--format csv]
(or /reports/annual in the web UI as auditor; docs/oversight.md).
Capacity planning (docs/capacity.md): 2,900 historical cases since 2019
(data/demo-history.jsonl) feed the planner at /reports/planner (auditor,
admin) and:
  $scs --db $db sim forecast          (the next four quarters, with bands)
  $scs --db $db sim scenario > s.json (the register's own scenario) then
  $scs --db $db sim s.json            (run it) or
  $scs --db $db sim staff s.json --pool adjudicators --days 40
  $scs --db $db sim $top/data/scenarios/us-2016-2020.json (the US replay)
Continuous vetting: data/demo-cv-feed.jsonl matched the register across
scripts (スズキ イチロウ, 齋藤 誠, Ken NAKAJIMA, SIMIZU Eri, a former name);
the alerts wait in the investigators' queue ($scs --db $db alert list,
GET /v1/alerts as investigator).  Match a feed yourself:
  $scs --db $db cv match $top/data/demo-cv-feed.jsonl

Reciprocity: $db.attest-p01.txt is an attestation code of NAKAMURA Koji's
SDS clearance for a US door ($db.attest-p01.png, its QR code); a partner
verifies it offline from the key lists in $db.trust.json:
  $scs attest verify "\$(cat $db.attest-p01.txt)" --trust $db.trust.json
  $scs --db $db attest status --authority JPN-SDS -o status.cose
  $scs --db $db attest issue p02 --partner GBR --qr p02.svg
(docs/attestation.md; the partner's side: scs trust import, scs attest import).
In the web UI: http://127.0.0.1:8080/verify checks a code or a visit pass
(camera, picture or text) in the browser, signed out, offline once loaded;
officer issues codes on a member of staff's page (/persons/p14), misaki
her own (/codes); visit requests at /visits as officer (two to the US
partner: one approved with its pass, one awaiting officer-dcsa).

Try:
  curl -s -XPOST -H 'Content-Type: application/json' \\
    -d '{"username":"adjudicator","password":"$pw"}' http://127.0.0.1:8080/v1/login
  curl -s -XPOST -H "Authorization: Bearer \$(cat $db.demo-apikey)" \\
    -H 'Content-Type: application/json' \\
    -d '[{"subject":"p-demo-subject","item":"orca-mast-radar-supply","at":"2026-01-15"},
         {"subject":"p-demo-subject","item":"semicon-chokepoints-2025","at":"2026-01-15"}]' \\
    http://127.0.0.1:8080/v1/decisions
  $scs --db $db check --at 2026-01-15 p03 us-acoustic-library
TXT
