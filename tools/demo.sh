#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# demo.sh SCS DB - create the demo register at DB (once) and print the URL
# and one demo login per role.  The scenario is data/demo.jsonl: a
# ministry, the Cabinet Office as screening body, two contractors, a
# university lab, people with Japanese names and their relatives.
set -eu
scs=$1
db=$2
pw=demo-password-2026
if [ ! -f "$db" ]; then
	mkdir -p "$(dirname "$db")"
	SCS_ADMIN_PASSWORD=$pw "$scs" --db "$db" init --org cao-admin \
		--org-name "Cabinet Office, Register Administration" >/dev/null
	"$scs" --db "$db" import data/demo.jsonl
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
misaki owari-hi subject p-demo-subject
investigator cao investigator -
adjudicator cao adjudicator -
designator mod designator -
auditor cao auditor -
docsys mod relying_system -
USERS
fi
cat <<TXT

SCS demo register: $db
Open http://127.0.0.1:8080/v1/health  (API under /v1, document at /v1/openapi.json)

Demo logins (POST /v1/login {"username":..., "password":"$pw"}):
  admin          admin             (Cabinet Office register administration)
  officer        security_officer  (Owari Heavy Industries)
  misaki         subject           (SATO Misaki, Owari Heavy Industries; activated
                                   with her one-time code by this script)
  investigator   investigator      (Cabinet Office, screening body)
  adjudicator    adjudicator       (Cabinet Office)
  designator     designator        (Ministry of Defense)
  auditor        auditor           (oversight)
  docsys         relying_system    API key in $db.demo-apikey

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
