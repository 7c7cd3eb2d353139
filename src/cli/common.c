/* SPDX-License-Identifier: Apache-2.0 */
/*
 * common.c - the command table, `scs help`, `scs --version`, and what
 * every command shares: opening the register, loading the reference
 * tables, reporting errors, reading secrets.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "scs/cli.h"
#include "scs/codec.h"
#include "scs/embedded.h"
#include "scs/policy.h"

const struct scs_cmd scs_cmds[] = {
    {"help", scs_cmd_help, "[COMMAND]", "Show help for scs or a command",
        "Without an argument lists the commands; with one, explains it."},
    {"version", scs_cmd_version, "", "Print the version", ""},
    {"init", scs_cmd_init,
        "[--admin NAME] [--org ID] [--org-name NAME] [--country CODE]",
        "Create a new register",
        "Creates the database (schema by versioned migrations), a key\n"
        "directory beside it (<db>.keys, mode 0700: a data-encryption\n"
        "key and an Ed25519 signing key, files 0600), the administering\n"
        "organization and the first admin.  The admin's password comes\n"
        "from SCS_ADMIN_PASSWORD; otherwise one is generated and printed\n"
        "once.  Refuses to touch an existing register."},
    {"serve", scs_cmd_serve,
        "[--listen ADDR:PORT] [--threads N] [--decision-audit "
        "each|denies|count] [--idle-timeout DURATION] [--secure-cookies]"
        " [--max-staleness DURATION] [--user NAME] [--no-seccomp]"
        " [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]"
        " [--limit-signin N] [--limit-decisions N] [--limit-exports N]"
        " [--max-conns N] [--max-conns-per-client N] [--conn-timeout S]",
        "Serve the HTTP API and the web UI",
        "Serves the JSON API under /v1 (default 127.0.0.1:8080) and the\n"
        "web UI built in, if any, at /.  Port 0 picks a free port; the\n"
        "first line printed names the URL.  --idle-timeout (30m, 1h,\n"
        "900s; default 30m) refuses a session unused for longer.\n"
        "--secure-cookies marks the browser's session cookie Secure:\n"
        "use it behind TLS (a reverse proxy that terminates HTTPS).\n"
        "--max-staleness (default 30s): while the register cannot be\n"
        "reached, decisions come from the last index for that long,\n"
        "then 503; /v1/health reports the index's age.  On PostgreSQL\n"
        "each node follows other nodes' commits (NOTIFY, and a poll\n"
        "every 500 ms).  At start the decision index is read from the\n"
        "index cache (see scs help check) when it holds this register's.\n"
        "--user NAME (started as root): once serving, become NAME (no\n"
        "groups, no capabilities); the register and keys must be its.\n"
        "Every server then installs a seccomp filter: calls it does\n"
        "not make fail with EPERM, execve is refused (proved at start).\n"
        "--no-seccomp leaves the filter out.\n"
        "--tls-cert and --tls-key (PEM, read at start) serve HTTPS only:\n"
        "TLS 1.2 and 1.3, Strict-Transport-Security, Secure cookies.\n"
        "--tls-client-ca asks clients for a certificate: one it signed\n"
        "and bound to a service account (scs user cert) signs in as it.\n"
        "Limits (429 with Retry-After; 0 turns one off): --limit-signin\n"
        "(30 failed sign-ins per client address a minute),\n"
        "--limit-decisions (200000 requests per account a second),\n"
        "--limit-exports (600 per account a minute); --max-conns (4096),\n"
        "--max-conns-per-client (256), --conn-timeout (30 s idle)."},
    {"import", scs_cmd_import, "FILE|-", "Load JSON Lines into the register",
        "Reads the interchange format (DESIGN.md section 11) in one\n"
        "transaction.  The first bad line stops the import with\n"
        "FILE:LINE: field: reason and nothing is kept.  Records already\n"
        "present with identical content are skipped; different content\n"
        "under an existing id is an error.  Shows progress on a terminal."},
    {"export", scs_cmd_export, "[-o FILE]", "Write the register as JSON Lines",
        "Writes every record, sealed fields opened, in a fixed order;\n"
        "export, import into an empty register, export gives the same\n"
        "bytes.  The export is recorded in the audit log."},
    {"user", scs_cmd_user,
        "add NAME --org ORG --role ROLE [--person ID] | list | disable NAME\n"
        "       | enable NAME | reset NAME [--person ID]\n"
        "       | activate NAME --code CODE\n"
        "       | cert NAME (--fingerprint SHA256 | --file CERT.pem | "
        "--remove)",
        "Manage users and service accounts",
        "Roles: admin, security_officer, subject, investigator,\n"
        "adjudicator, designator, auditor, relying_system.  A person's\n"
        "password comes from SCS_PASSWORD or a line on stdin; a\n"
        "relying_system gets an API key, printed once.  A subject (one\n"
        "account per --person) gets no password: add prints a line\n"
        "\"activation code: CODE\" (one use, 14 days) for the person, who\n"
        "runs activate with it and their new password (SCS_PASSWORD or\n"
        "stdin); until then the account cannot sign in.  reset gives a\n"
        "subject's account a new code, dropping its password and\n"
        "sessions; with --person it re-links the account to another\n"
        "person.  disable of a disabled account changes nothing; enable\n"
        "lets a disabled account sign in again as before.  cert binds a\n"
        "client certificate (its SHA-256, or the PEM file) to a\n"
        "relying_system: `scs serve --tls-client-ca` signs a request\n"
        "presenting it in as that account, without the API key."},
    {"keys", scs_cmd_keys, "rotate", "Rotate the data-encryption key",
        "Makes a new data key current and re-seals every sealed value\n"
        "under it, in batches.  Interrupted, it resumes when run again."},
    {"backup", scs_cmd_backup, "[--recipient KEY.pub] FILE | --keygen KEY",
        "Write an encrypted backup of the register",
        "Copies the SQLite register while it serves (one consistent\n"
        "snapshot), verifies it as audit verify does, and writes it to\n"
        "FILE encrypted: under a passphrase ($SCS_BACKUP_PASSPHRASE, or\n"
        "asked twice on a terminal; 12 characters at least; Argon2id)\n"
        "or, with --recipient, to a public key made by --keygen KEY\n"
        "(KEY, mode 0600, and KEY.pub).  The key directory is not in\n"
        "it: keep a copy of it apart.  A PostgreSQL register is backed\n"
        "up with PostgreSQL's tools."},
    {"restore", scs_cmd_restore, "[--identity KEY] FILE",
        "Restore a backup into a new register",
        "Decrypts FILE (the passphrase as for backup, or --identity with\n"
        "the recipient's secret key) beside --db, which must not exist,\n"
        "verifies it under the key directory (restore that first)\n"
        "against the audit root the backup names, and only then puts\n"
        "it in place.  Refuses a wrong passphrase or key and a backup\n"
        "changed, cut short or grown, leaving nothing behind."},
    {"case", scs_cmd_case,
        "list [--state STATE] | show ID | history ID | assign ID [--body ORG]",
        "Follow and steer vetting cases",
        "The operator acts with every power and sees every case in full\n"
        "(the API narrows each role to DESIGN.md section 2).  assign gives\n"
        "a submitted case to a screening body accredited for its\n"
        "authority, or without --body to the one with the fewest open\n"
        "cases.  Each line of output is one JSON object."},
    {"due", scs_cmd_due, "[--within PERIOD]",
        "Clearances ending soon (to reinvestigate)",
        "Lists active and interim clearances ending within PERIOD (180d by\n"
        "default; also w for weeks, y for years), one JSON line each: the\n"
        "persons to nominate for a reinvestigation, whose current\n"
        "clearance stays valid while it runs."},
    {"report", scs_cmd_report,
        "timeliness [--from TIME] [--to TIME] [--by level|body]\n"
        "       [--body ID|unassigned] [--format json|csv]\n"
        "       | statistics [--at TIME] | incidents [--from TIME] [--to "
        "TIME]\n"
        "       | annual --year YEAR [--format json|csv]",
        "Timeliness, oversight statistics, the annual report",
        "timeliness: per phase (consent, questionnaire, initiation,\n"
        "investigation, adjudication) and end to end, per authority and\n"
        "level (--by body: per screening body, a subtotal then its\n"
        "levels, the cases without one as \"unassigned\") and in all:\n"
        "count, mean, median, p90 and the fastest-90% mean in days with\n"
        "the cases it leaves out and their share of the time, the share\n"
        "within each phase's target (data/vetting.json), of the cases\n"
        "decided in [--from, --to); the open backlog by age now and at\n"
        "--to, overdue cases, the e-adjudication share.  --body: one\n"
        "body's cases only.  --format csv: one line per group and phase.\n"
        "statistics: counts of the register at --at (default now):\n"
        "persons by employer type, clearances by authority, level and\n"
        "standing, designated items, briefings, memberships, suspensions,\n"
        "cases open and decided in the 12 months before, accounts by role;\n"
        "never a person or a case (docs/timeliness.md).\n"
        "incidents: the security incidents that occurred in [--from, --to)\n"
        "counted by type, organization and the authority of the items\n"
        "involved, and how many are open (docs/continuous-vetting.md).\n"
        "annual: the report to the Diet of calendar year YEAR (UTC),\n"
        "counted from the audit log alone: designations, renewals and\n"
        "declassifications by organ and field; assessments opened,\n"
        "conducted, granted, denied, interim, refused and withdrawn, and\n"
        "complaints filed, upheld and rejected, by organ, by authority\n"
        "and level, and by both; incidents by type; continuous-vetting\n"
        "alerts by origin and validity.  JSON by default; --format csv\n"
        "writes one RFC 4180 table (docs/oversight.md defines every\n"
        "figure)."},
    {"sim", scs_cmd_sim,
        "SCENARIO.json [--seed N] | scenario\n"
        "       | forecast [--quarters N] [--replications R] [SCENARIO.json]\n"
        "       | staff SCENARIO.json --pool ID --days D [--quantile Q]",
        "Simulate the vetting pipeline (the capacity planner)",
        "Runs the discrete-event simulator over the scenario (classes of\n"
        "cases with their arrivals, times and branch chances; investigator\n"
        "pools per screening body, review, adjudicators; staff schedules\n"
        "with hiring delay and attrition) and prints the result: counts,\n"
        "each stage's time and wait (mean, p50, p80, p90, fastest 90%),\n"
        "each class's end-to-end time, each pool's utilization and its\n"
        "own cases' times, Little's law, and the inventory sampled\n"
        "through the run.  A class with \"history\" takes its times and\n"
        "arrivals from the register's cases of the last year.  staff: the\n"
        "fewest servers of --pool whose cases' --quantile (0.5, 0.8, 0.9;\n"
        "default 0.9) of time in its stage is within --days, by\n"
        "simulation and by Erlang C.  scenario: the register's\n"
        "own (a class per authority and level of the last year's cases,\n"
        "with their history and open cases; the investigator and\n"
        "adjudicator accounts as pools), to edit and run.  forecast: each\n"
        "class's cases opened per quarter, forecast --quarters ahead (4)\n"
        "and run through the simulator from today's open cases in\n"
        "--replications runs (20): per quarter the arrivals, the\n"
        "inventory and the phases' p50, p80, p90 with their 80% bands;\n"
        "per class a backtest on its last four quarters\n"
        "(docs/capacity.md)."},
    {"retention", scs_cmd_retention, "run [--dry-run]",
        "Purge the data whose retention has ended",
        "Applies the retention periods of data/vetting.json: a person all\n"
        "of whose cases are closed and whose clearances ended long enough\n"
        "ago (refused and withdrawn cases after not_completed_days, denials\n"
        "after denied_days, ended clearances after ended_clearance_days) has\n"
        "every sealed value removed (relatives, answers, findings'\n"
        "narratives, decisions and their reasons) and their data key\n"
        "destroyed, so nothing of it can be recovered even with the key\n"
        "directory.  Identity, case metadata and stamps stay for statistics.\n"
        "One transaction per person, each change audited; prints one line\n"
        "per person.  --dry-run only lists who would be purged.  Run it\n"
        "daily (docs/operations.md)."},
    {"cv", scs_cmd_cv,
        "match [--threads N] [--link-at P] [--review-at P] FEED.jsonl",
        "Match a feed of outside records against the register",
        "Continuous vetting (docs/continuous-vetting.md): each record of\n"
        "FEED.jsonl (an arrest, a judgment, a bankruptcy: id, source, type,\n"
        "date, name in any script, optional name_latin, name_kana,\n"
        "birth_date, nationality, summary) is compared with every person\n"
        "across Japanese and Latin script, and one JSON line per record\n"
        "says which person it is about, if any: {record, person, score,\n"
        "probability, decision (link, review, none), enrolled, weights,\n"
        "levels}.  A link needs the birth date and a posterior probability\n"
        "of --link-at (default 0.99); a review --review-at (default 0.05).\n"
        "Matching never changes a clearance.  --threads (default 2).\n"
        "Audited: one entry with the counts."},
    {"alert", scs_cmd_alert,
        "list [--state S] | show ID [--purpose TEXT]\n"
        "       | triage ID valid|not_valid|self_reported [--suspend] "
        "[--review]\n"
        "       | stats [--from TIME] [--to TIME]",
        "Triage continuous-vetting alerts",
        "Alerts come from feed records matched to enrolled persons (scs cv\n"
        "match), and from self-reports, concerns and incidents.  list\n"
        "prints one JSON line per alert (every screening body's: the\n"
        "operator sees all), with the match's evidence; show opens the\n"
        "sealed narrative (audited, with --purpose, default triage).\n"
        "triage marks an open alert valid, not_valid or self_reported; a\n"
        "valid one may --suspend the person (at once, for the access\n"
        "decision) and open a --review case under the person's highest\n"
        "clearance.  stats: counts by source and type, the valid share,\n"
        "the self-reported share, hours to triage (docs/continuous-\n"
        "vetting.md)."},
    {"checks", scs_cmd_checks, "[feed FILE | off]",
        "Configure the register's record checks",
        "Names the JSON Lines adverse-records feed (police, court,\n"
        "bankruptcy, disciplinary records; docs/record-checks.md) that\n"
        "investigations check people against.  The feed must open and\n"
        "validate now; a server opens it at start and follows changes to\n"
        "the file.  Without arguments, shows the setting.  Audited."},
    {"audit", scs_cmd_audit,
        "verify | head | key | list [--from TIME] [--to TIME] [--action A] "
        "[--kind K] [--object O] [--actor A] | decisions --subject P "
        "[--item X] [--from "
        "TIME] [--to TIME] [--limit N] | prove inclusion --leaf N [--size "
        "M] | prove consistency --from M [--to N] | check-proof FILE|- "
        "--key KEY | witness URL --key KEY --state FILE [--cacert FILE] "
        "[--every SECONDS]",
        "Verify the audit log; find recorded decisions; proofs; witness",
        "verify recomputes the Merkle tree, checks every signed tree head,\n"
        "every record against its last audited state and every decision\n"
        "block against its entry; it names the first problem and exits 1.\n"
        "head prints the signed tree head.  list prints the entries in\n"
        "[--from, --to) that match every filter given, one JSON line each\n"
        "{seq,time,time_us,actor,action,kind,object,purpose,state}, as GET\n"
        "/v1/audit: what an auditor recomputes the annual report from\n"
        "(docs/oversight.md).\n"
        "decisions prints the recorded decisions (every deny by default)\n"
        "of a subject as JSON lines {seq,at,actor,subject,item,allow\n"
        "[,reason]}, seq naming the audit\n"
        "entry of their block; without --subject, --from and --to are\n"
        "required.  key prints the register's Ed25519 public key (hex),\n"
        "what checkers and witnesses need.\n"
        "\n"
        "prove prints an RFC 9162 proof as the JSON of GET\n"
        "/v1/audit/proof/...: inclusion of entry --leaf in the signed tree\n"
        "head of --size (default the latest), or consistency from the\n"
        "signed head of size --from to that of --to (default the latest),\n"
        "with the signed heads.  Sizes are those of signed heads.\n"
        "check-proof checks such a proof (a file, or - for stdin) with the\n"
        "public key --key alone (64 hex digits, or a file: sign.pub of the\n"
        "key directory, or its hex); no register is opened.  Exit 0 when\n"
        "it holds, 1 with the reason.\n"
        "\n"
        "witness fetches the signed tree head of the server at URL, checks\n"
        "its signature under --key and, when the state FILE holds a head\n"
        "seen before, the consistency proof between the two; then records\n"
        "the new head in FILE (written aside and renamed).  A bad\n"
        "signature, a smaller size (rolled back), the same size with\n"
        "another root or a failing proof (forked) is refused: exit 1, the\n"
        "reason, FILE unchanged.  $SCS_TOKEN, when set, is sent as the\n"
        "bearer token (an auditor's API key).  --cacert: the CA of an\n"
        "https server.  --every SECONDS: keep watching until a refusal."},
    {"trust", scs_cmd_trust,
        "root new --authority A --out FILE\n"
        "       | key new --authority A --root FILE [--days N]\n"
        "       | export [--authority A] [-o FILE] | list\n"
        "       | import FILE [--pin AUTHORITY=FINGERPRINT]...",
        "Manage the keys that sign attestations, and partners' keys",
        "root new makes an authority's root key, kept offline (a 64-byte\n"
        "file, never in the register), and prints its public key and\n"
        "fingerprint for partners to pin.  key new makes a signing key of\n"
        "the authority (180 days by default; its secret in the key\n"
        "directory) and signs the authority's key list again with the\n"
        "root.  export writes the register's own key lists for partners;\n"
        "list, every list held.  import takes a partner's key list file:\n"
        "each list must verify under its root, and an authority seen for\n"
        "the first time needs --pin AUTHORITY=FINGERPRINT, the root's\n"
        "fingerprint as learnt from the partner out of band; later lists\n"
        "must keep that root and be newer.  All audited\n"
        "(docs/attestation.md)."},
    {"attest", scs_cmd_attest,
        "issue PERSON --partner NATION [--profile gate|register] "
        "[--authority A]\n"
        "       [--days N] [--qr FILE.png|FILE.svg] [--json]\n"
        "       | verify CODE|- [--trust FILE [--status FILE]... [--at TIME]\n"
        "       [--max-age SECONDS]]\n"
        "       | status --authority A [-o FILE] | revoke ID | list PERSON\n"
        "       | import CODE|- --person P",
        "Issue, verify and revoke attestation codes",
        "issue prints an SC1: code stating the person's best active\n"
        "clearance (or the one of --authority) for a partner nation: 90\n"
        "days at most (--days), never past the clearance's end.  The\n"
        "register profile carries a salted hash of the identity; gate,\n"
        "the passport name and birth date.  --qr writes it as a QR code.\n"
        "verify checks a code and prints its claims as JSON: exit 0 when\n"
        "valid, 1 with the reason (malformed, wrong_algorithm,\n"
        "unknown_key, bad_signature, expired, not_yet_valid, revoked,\n"
        "suspended, stale_status_list).  With --trust it is offline: the\n"
        "keys from a key list file, the status from --status files (scs\n"
        "attest status) no older than --max-age (86400 s).  Without, the\n"
        "register's trust and its own live status (audited).  status\n"
        "writes the signed status list; revoke withdraws one code; list\n"
        "prints the codes issued for PERSON, each with its state now\n"
        "(valid, suspended, revoked, expired; the codes themselves are not\n"
        "kept).  import records a partner's code as a foreign clearance of\n"
        "person P, for the access decision's rule 5: it must verify\n"
        "against the register's trust, be issued for the nation of P's\n"
        "employer and name P (passport name and birth date, or their\n"
        "salted hash)."},
    {"transfer", scs_cmd_transfer,
        "request PERSON --birth-date D --to ORG | accept ID\n"
        "       | reject ID --reason TEXT | cancel ID | list",
        "Move a cleared person to another employer without re-vetting",
        "request asks for PERSON, named with their birth date (a wrong one\n"
        "reads as an unknown person), to move to ORG; the person must hold\n"
        "an active clearance, whose authority decides.  accept moves the\n"
        "person (their clearances stay); reject needs a reason; cancel\n"
        "withdraws a request.  All audited (docs/attestation.md)."},
    {"clearance", scs_cmd_clearance, "lookup PERSON --birth-date D",
        "Whether a person is cleared, without their file",
        "The reciprocity lookup: prints whether PERSON (named with their\n"
        "birth date) holds an active clearance, and which (authority,\n"
        "level, common rank, status, end), nothing else.  Audited."},
    {"visit", scs_cmd_visit,
        "create JSON|- | update ID JSON|- | submit ID | certify ID\n"
        "       | approve ID | reject ID --note TEXT | return ID --note TEXT\n"
        "       | cancel ID | list | verify PASS --trust FILE [--at TIME]",
        "Visit requests, and the host's pass checked at the gate",
        "create drafts a request {visitor, host_org, site, purpose, type\n"
        "(one_time up to 30 days, recurring up to 366, emergency up to 7\n"
        "and starting within 3), first_day, last_day, items, compartments};\n"
        "update amends a draft or a returned one; submit sends it; certify\n"
        "issues the visitor's attestation for the host's nation (gate\n"
        "profile) and attaches it; approve signs the host's pass (SV1:),\n"
        "reject and return need a note; cancel withdraws it.  list shows\n"
        "each with its phase (active, completed, expired...).  verify\n"
        "checks a pass offline from a key list file: exit 0 valid, 1 not\n"
        "(before its first day, after its last, bad signature...)."},
    {"org", scs_cmd_org, "list | add JSON|-", "List or add organizations",
        "add takes one organization object (DESIGN.md section 11)."},
    {"check", scs_cmd_check,
        "[--at TIME] [--audit MODE] SUBJECT ITEM | --batch FILE|- [--audit "
        "MODE]",
        "Decide whether a person may see an item",
        "Answers DESIGN.md section 5: prints one JSON answer\n"
        "{\"subject\",\"item\",\"allow\"[,\"reason\"]} and exits 0 on allow, 1 "
        "on\n"
        "deny.  --at takes YYYY-MM-DD or RFC 3339 (default: now).  --batch\n"
        "reads lines {\"subject\",\"item\",\"at\"} and writes the answers in "
        "order,\n"
        "streaming; a bad line stops it with FILE:LINE: field: reason.\n"
        "--audit each|denies|count: every decision, every deny (the default;\n"
        "allows are counted), or counts only; recorded every 65536 lines.\n"
        "The decision index is read from the index cache DB.index (or\n"
        "$SCS_INDEX_CACHE; off: none) and brought up to the register."},
    {"label", scs_cmd_label, "join ITEM...", "Join the labels of items",
        "The label of a document derived from the items: the highest rank,\n"
        "the union of compartments, the intersection of releasability."},
    {"person", scs_cmd_person,
        "list [--org ORG] | show ID [--relatives --purpose TEXT] | add JSON|-\n"
        "       | export ID",
        "List, show, add or export persons",
        "show --relatives opens the sealed relatives; the read and its\n"
        "purpose are recorded in the audit log.  export prints everything\n"
        "held on the person as one JSON document (sealed values opened:\n"
        "a subject access request), recorded in the audit log too."},
};
const size_t scs_ncmds = SCS_NELEM(scs_cmds);

int
scs_cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	(void)fprintf(stderr, "scs: ");
	va_start(ap, fmt);
	(void)vfprintf(stderr, fmt, ap);
	va_end(ap);
	(void)fprintf(stderr, "\n");
	if (cmd != NULL)
		(void)fprintf(stderr, "usage: see scs help %s\n", cmd);
	return SCS_EXIT_USAGE;
}

int
scs_cli_print_json(json_t *j, size_t flags)
{
	char *text = j != NULL ? scs_codec_dumps(j, flags) : NULL;

	json_decref(j);
	if (text == NULL)
		return SCS_ENOMEM;
	(void)puts(text);
	free(text);
	return SCS_OK;
}

int
scs_cli_fail(const struct scs_err *err)
{
	if (err->field[0] != '\0')
		(void)fprintf(stderr, "scs: %s: %s\n", err->field, err->reason);
	else
		(void)fprintf(stderr, "scs: %s\n", err->reason);
	return SCS_EXIT_FAIL;
}

int
scs_cmd_version(struct scs_cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	(void)printf("scs %s\n", SCS_VERSION);
	return SCS_EXIT_OK;
}

int
scs_cmd_help(struct scs_cli *cli, int argc, char **argv)
{
	size_t i;

	(void)cli;
	if (argc >= 2) {
		for (i = 0; i < scs_ncmds; i++)
			if (strcmp(scs_cmds[i].name, argv[1]) == 0) {
				(void)printf("usage: scs %s %s\n\n%s\n\n%s\n",
				    scs_cmds[i].name, scs_cmds[i].usage,
				    scs_cmds[i].summary, scs_cmds[i].help);
				(void)printf(
				    "\nEvery command takes --db PATH or a "
				    "postgres:// URL (default $SCS_DB, else "
				    "var/scs.db).\n");
				return SCS_EXIT_OK;
			}
		return scs_cli_usage(NULL, "unknown command \"%s\"", argv[1]);
	}
	(void)printf("scs %s - Security Clearance System\n\n"
	             "usage: scs [--db PATH|URL] COMMAND [ARGS]\n\ncommands:\n",
	    SCS_VERSION);
	for (i = 0; i < scs_ncmds; i++)
		(void)printf("  %-9s %s\n", scs_cmds[i].name,
		    scs_cmds[i].summary);
	(void)printf("\nscs help COMMAND explains one; man scs has it all.\n");
	return SCS_EXIT_OK;
}

int
scs_cli_keydir(const char *db, char *out, size_t size, struct scs_err *err)
{
	const char *env = getenv("SCS_KEYS");

	out[0] = '\0';
	if (env != NULL && env[0] != '\0')
		(void)snprintf(out, size, "%s", env);
	else if (scs_store_is_url(db))
		return scs_err_set(err, SCS_EINVAL, "SCS_KEYS",
		    "a PostgreSQL register needs its key directory: set "
		    "$SCS_KEYS to it");
	else
		(void)snprintf(out, size, "%s.keys", db);
	return SCS_OK;
}

int
scs_cli_index_cache(const char *db, char *out, size_t size)
{
	const char *env = getenv("SCS_INDEX_CACHE");

	out[0] = '\0';
	if (env != NULL)
		return strcmp(env, "off") == 0 || env[0] == '\0'
		    ? -1
		    : (snprintf(out, size, "%s", env) < (int)size ? 0 : -1);
	if (scs_store_is_url(db) || strcmp(db, ":memory:") == 0)
		return -1;
	return snprintf(out, size, "%s.index", db) < (int)size ? 0 : -1;
}

int
scs_cli_index_open(struct scs_cli *cli, struct scs_index **out,
    struct scs_index_pos *pos, struct scs_err *err)
{
	struct scs_index_cache_use use;
	char path[PATH_MAX];
	int rc;

	rc = scs_op_index_open(&cli->ctx,
	    scs_cli_index_cache(cli->db, path, sizeof(path)) == 0 ? path : NULL,
	    out, pos, &use, err);
	if (rc == SCS_OK && use.refused)
		(void)fprintf(stderr,
		    "scs: index cache %s not used (%s); built anew\n", path,
		    use.reason);
	return rc;
}

static int
read_table(const char *dir, const char *name, char **out, size_t *out_len,
    struct scs_err *err)
{
	char path[PATH_MAX];
	FILE *f;
	long n;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		return scs_err_set(err, SCS_EIO, path, "%s", strerror(errno));
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    n > 16L * 1024 * 1024 || fseek(f, 0, SEEK_SET) != 0 ||
	    (*out = malloc((size_t)n + 1)) == NULL) {
		(void)fclose(f);
		return scs_err_set(err, SCS_EIO, path, "cannot read");
	}
	*out_len = fread(*out, 1, (size_t)n, f);
	(void)fclose(f);
	return SCS_OK;
}

/* The vetting policy (data/vetting.json), from @dir when set. */
static int
load_policy(struct scs_refdata *rd, const char *dir, struct scs_err *err)
{
	const struct scs_embedded *e;
	const char *names[32];
	char *text = NULL;
	size_t i, n, len = 0;
	int rc;

	if (dir != NULL && dir[0] != '\0') {
		if ((rc = read_table(dir, "vetting.json", &text, &len, err)) ==
		    SCS_OK)
			rc = scs_policy_parse(rd, text, len, &rd->policy, err);
		free(text);
		text = NULL;
	} else if ((e = scs_embedded_get("vetting.json")) == NULL) {
		return scs_err_set(err, SCS_EINTERNAL, "vetting.json",
		    "not built in");
	} else {
		rc = scs_policy_parse(rd, (const char *)e->data, e->len,
		    &rd->policy, err);
	}
	/* Each authority's questionnaire, from the same place. */
	n = rc == SCS_OK
	    ? scs_policy_questionnaires(rd->policy, names, SCS_NELEM(names))
	    : 0;
	for (i = 0; rc == SCS_OK && i < n; i++) {
		if (dir != NULL && dir[0] != '\0') {
			if ((rc = read_table(dir, names[i], &text, &len,
			         err)) == SCS_OK)
				rc = scs_policy_attach(rd->policy, names[i],
				    text, len, err);
			free(text);
			text = NULL;
		} else if ((e = scs_embedded_get(names[i])) != NULL) {
			rc = scs_policy_attach(rd->policy, names[i],
			    (const char *)e->data, e->len, err);
		} else {
			rc = scs_err_set(err, SCS_EINTERNAL, names[i],
			    "not built in");
		}
	}
	return rc == SCS_OK ? scs_policy_complete(rd->policy, err) : rc;
}

int
scs_cli_refdata(struct scs_refdata *rd, struct scs_err *err)
{
	const char *dir = getenv("SCS_DATA_DIR");
	const struct scs_embedded *e;
	char *text = NULL;
	size_t i, len = 0;
	int rc = SCS_OK;

	for (i = 0; rc == SCS_OK && i < SCS_NELEM(scs_refdata_files); i++) {
		const char *name = scs_refdata_files[i];

		if (dir != NULL && dir[0] != '\0') {
			if ((rc = read_table(dir, name, &text, &len, err)) ==
			    SCS_OK)
				rc =
				    scs_refdata_parse(rd, name, text, len, err);
			free(text);
			text = NULL;
		} else if ((e = scs_embedded_get(name)) != NULL) {
			rc = scs_refdata_parse(rd, name, (const char *)e->data,
			    e->len, err);
		} else {
			rc = scs_err_set(err, SCS_EINTERNAL, name,
			    "not built in");
		}
	}
	if (rc == SCS_OK)
		rc = scs_refdata_check(rd, err);
	if (rc == SCS_OK)
		rc = load_policy(rd, dir, err);
	if (rc != SCS_OK)
		scs_refdata_free(rd);
	return rc;
}

int
scs_cli_open(struct scs_cli *cli, struct scs_err *err)
{
	char keydir[PATH_MAX];
	int rc;

	memset(&cli->ctx, 0, sizeof(cli->ctx));
	cli->ctx.now_us = scs_clock_real;
	cli->ctx.rd = &cli->rd;
	scs_actor_os(&cli->ctx.actor);
	if ((rc = scs_cli_keydir(cli->db, keydir, sizeof(keydir), err)) !=
	        SCS_OK ||
	    (rc = scs_cli_refdata(&cli->rd, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_open(cli->db, false, &cli->ctx.st, err)) !=
	        SCS_OK ||
	    (rc = scs_store_migrate(cli->ctx.st, NULL, err)) != SCS_OK ||
	    (rc = scs_audit_nodes_sync(cli->ctx.st, NULL, err)) != SCS_OK ||
	    (rc = scs_keys_open(keydir, &cli->ctx.keys, err)) != SCS_OK) {
		scs_cli_close(cli);
		return rc;
	}
	return SCS_OK;
}

void
scs_cli_close(struct scs_cli *cli)
{
	scs_keys_free(cli->ctx.keys);
	scs_store_close(cli->ctx.st);
	cli->ctx.keys = NULL;
	cli->ctx.st = NULL;
	scs_refdata_free(&cli->rd);
}

int
scs_cli_secret(const char *env, const char *prompt, char *out, size_t size)
{
	const char *v = env != NULL ? getenv(env) : NULL;
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO);
	size_t n;

	if (v != NULL && v[0] != '\0')
		return scs_strlcpy(out, v, size) ? 0 : -1;
	if (tty) {
		(void)fprintf(stderr, "%s", prompt);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		}
	}
	if (fgets(out, (int)size, stdin) == NULL)
		out[0] = '\0';
	if (tty) {
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		(void)fprintf(stderr, "\n");
	}
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return n > 0 ? 0 : -1;
}

/* The whole file @path into *@out (malloc'd, NUL-terminated). */
int
scs_cli_slurp(const char *path, size_t max, char **out, size_t *out_len,
    struct scs_err *err)
{
	struct stat sb;
	char *buf;
	ssize_t n;
	int fd;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return scs_err_set(err, SCS_EIO, path, "%s", strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		(void)close(fd);
		return scs_err_set(err, SCS_EIO, path, "is not a regular file");
	}
	if ((size_t)sb.st_size > max) {
		(void)close(fd);
		return scs_err_set(err, SCS_ETOOBIG, path,
		    "is larger than %zu bytes", max);
	}
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL) {
		(void)close(fd);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	n = scs_read_full(fd, buf, (size_t)sb.st_size);
	(void)close(fd);
	if (n != (ssize_t)sb.st_size) {
		free(buf);
		return scs_err_set(err, SCS_EIO, path, "cannot be read");
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = (size_t)n;
	return SCS_OK;
}
