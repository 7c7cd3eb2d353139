/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vgen.c - the deterministic generator of the vetting benchmark's data
 * (bench/run.sh, section "vetting"), in the interchange format
 * (docs/interchange.md).  Two modes:
 *
 *   vgen paths PERSONS SEED OUTDIR [PREFIX]
 *
 * writes OUTDIR/paths.jsonl, a small register for whole vetting paths
 * through the API: a government organ (mod), a contractor holding a
 * conforming JPN-SDS approval valid from 2025 to 2030 (kur-00000), the
 * screening body cao accredited for JPN-SDS and one accredited for
 * JPN-CESI only (so that "assign {}" has a choice to make), and PERSONS
 * persons, alternately of the organ and of the contractor, all born
 * 1980-04-01 (the birth date of the JPN-SDS questionnaire's example
 * answers); OUTDIR/persons.json, [[id, officer, name], ...] for the
 * client; OUTDIR/feed.jsonl, an adverse-records feed none of whose
 * records matches a benchmark person (other birth dates); OUTDIR/paths.txt,
 * the organizations' ids.  PREFIX (default none) is put before the four
 * organizations' ids, so that the register can be imported on top of a
 * bench/gen.c register, which has organs mod and cao of its own.
 *
 *   vgen cases REGISTER CASES SEED OUTDIR [NOW]
 *
 * reads the organizations and persons of REGISTER (a bench/gen.c
 * register) and writes OUTDIR/cases.jsonl: four screening bodies
 * (sb-cao, sb-mod, sb-npa, sb-meti, each accredited for some of JPN-SDS,
 * JPN-CESI, JPN-MOD), then CASES `case` records spread evenly over the
 * persons employed by a government organ, a contractor or a research
 * institution.  Each person's cases are one history, oldest first, built
 * backwards from NOW (default 2026-12-01): 25% of persons have an open
 * last case (the backlog); every other case is decided (granted, 30% of
 * the JPN-SDS and JPN-CESI grants by a rule), denied, rejected after a
 * complaint, refused or withdrawn, with phase seconds that add up to
 * decided - opened (or since - opened).  A case that reached an
 * investigation names a body accredited for its authority.  A later case
 * under an authority the person was granted before is a reinvestigation
 * naming that case as prior.  Only the `case` kind: no stamps, answers,
 * findings or notifications.  Prints a summary on stderr and
 * OUTDIR/cases.txt ("key value" lines).
 *
 * Every record derives from (SEED, kind, index) through splitmix64 and
 * integer arithmetic, so the output is byte-identical for the same
 * arguments and register.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "scs/err.h"
#include "scs/time.h"

#define JSONL_PROG "vgen"
#include "jsonl.h"
#include "splitmix.h"

#define DAY   86400LL
#define YEAR  (365 * DAY)
#define CHAIN 64 /* cases of one person at most */

/* A skewed duration around @days: most near it, a long tail to ~8x (as
 * bench/timeliness.c), plus a random part of a day. */
static int64_t
skewed(struct rng *r, int64_t days)
{
	uint64_t a = permille(r), b = permille(r);
	int64_t scale = 200 + (int64_t)(a * b / 125);

	return days * DAY * scale / 1000 + (int64_t)below(r, DAY);
}

/* ---- dates and arguments ---- */

static int64_t
ymd(int64_t y, unsigned m, unsigned d)
{
	return scs_days_from_civil(y, m, d) * DAY;
}

static uint64_t
parse_count(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s)
		die("not a count", what);
	return (uint64_t)v;
}

/* ---- names (as bench/gen.c) ---- */

static const char *const fam[][2] = {{"佐藤", "SATO"}, {"鈴木", "SUZUKI"},
    {"高橋", "TAKAHASHI"}, {"田中", "TANAKA"}, {"伊藤", "ITO"},
    {"渡辺", "WATANABE"}, {"山本", "YAMAMOTO"}, {"中村", "NAKAMURA"},
    {"小林", "KOBAYASHI"}, {"加藤", "KATO"}, {"吉田", "YOSHIDA"},
    {"山田", "YAMADA"}, {"佐々木", "SASAKI"}, {"山口", "YAMAGUCHI"},
    {"松本", "MATSUMOTO"}, {"井上", "INOUE"}, {"木村", "KIMURA"},
    {"林", "HAYASHI"}, {"斎藤", "SAITO"}, {"清水", "SHIMIZU"}};
static const char *const given[][2] = {{"太郎", "Taro"}, {"翔太", "Shota"},
    {"大輔", "Daisuke"}, {"健太", "Kenta"}, {"拓也", "Takuya"},
    {"直樹", "Naoki"}, {"誠", "Makoto"}, {"浩", "Hiroshi"}, {"隆", "Takashi"},
    {"健一", "Kenichi"}, {"陽菜", "Hina"}, {"花子", "Hanako"},
    {"美咲", "Misaki"}, {"結衣", "Yui"}, {"恵子", "Keiko"}, {"由美", "Yumi"},
    {"裕子", "Yuko"}, {"愛", "Ai"}, {"さくら", "Sakura"}, {"葵", "Aoi"}};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- paths: the register of the whole-path run ---- */

static void
org_line(struct out *o, const char *id, const char *name, const char *type,
    const char *accredited)
{
	o_s(o, "{\"kind\":\"organization\",\"id\":\"");
	o_s(o, id);
	o_s(o, "\",\"name\":\"");
	o_s(o, name);
	o_s(o, "\",\"type\":\"");
	o_s(o, type);
	o_s(o, "\",\"country\":\"JPN\"");
	if (accredited != NULL) {
		o_s(o, ",\"accredited_for\":[");
		o_s(o, accredited);
		o_s(o, "]");
	}
	o_end(o);
}

static int
gen_paths(uint64_t persons, const char *dir, const char *prefix)
{
	char organ[64], contractor[64], body[64], other[64], line[512];
	struct out o, pj, feed, sum;
	uint64_t p;

	(void)snprintf(organ, sizeof(organ), "%smod", prefix);
	(void)snprintf(contractor, sizeof(contractor), "%skur-00000", prefix);
	(void)snprintf(body, sizeof(body), "%scao", prefix);
	(void)snprintf(other, sizeof(other), "%smeti-sb", prefix);
	o_open(&o, dir, "paths.jsonl");
	org_line(&o, organ,
	    prefix[0] ? "Ministry of Defense (vetting benchmark)"
	              : "Ministry of Defense",
	    "government", NULL);
	org_line(&o, contractor,
	    prefix[0] ? "Kurogane Heavy Industries (vetting benchmark)"
	              : "Kurogane Heavy Industries",
	    "contractor", NULL);
	org_line(&o, body, "Cabinet Office Screening Bureau", "screening",
	    "\"JPN-SDS\"");
	org_line(&o, other, "METI Economic Security Screening Office",
	    "screening", "\"JPN-CESI\"");
	o_s(&o, "{\"kind\":\"conforming\",\"org\":\"");
	o_s(&o, contractor);
	o_s(&o,
	    "\",\"authority\":\"JPN-SDS\",\"level\":\"TOKUTEI_HIMITSU\","
	    "\"valid_from\":\"2025-01-01\",\"valid_until\":\"2030-01-01\"");
	o_end(&o);

	o_open(&pj, dir, "persons.json");
	o_s(&pj, "[");
	for (p = 0; p < persons; p++) {
		struct rng r = stream(101, p);
		uint32_t f = below(&r, N(fam)), g = below(&r, N(given));
		char id[32];

		(void)snprintf(id, sizeof(id), "vp%07" PRIu64, p);
		o_s(&o, "{\"kind\":\"person\",\"id\":\"");
		o_s(&o, id);
		o_s(&o, "\",\"name\":\"");
		o_s(&o, fam[f][0]);
		o_s(&o, " ");
		o_s(&o, given[g][0]);
		o_s(&o, "\",\"name_latin\":\"");
		o_s(&o, fam[f][1]);
		o_s(&o, " ");
		o_s(&o, given[g][1]);
		o_s(&o,
		    "\",\"birth_date\":\"1980-04-01\","
		    "\"nationalities\":[\"JPN\"],\"org\":\"");
		o_s(&o, p % 2 ? contractor : organ);
		o_s(&o, "\"");
		o_end(&o);
		o_s(&pj, p ? ",\n[\"" : "\n[\"");
		o_s(&pj, id);
		o_s(&pj, p % 2 ? "\",\"so-kur\",\"" : "\",\"so-mod\",\"");
		o_s(&pj, fam[f][0]);
		o_s(&pj, " ");
		o_s(&pj, given[g][0]);
		o_s(&pj, "\"]");
	}
	o_s(&pj, "\n]\n");
	o_close(&pj);
	o_close(&o);

	/* Records of the same names, never of the benchmark's birth date. */
	o_open(&feed, dir, "feed.jsonl");
	o_s(&feed,
	    "# adverse records for the vetting benchmark: none of "
	    "them matches a benchmark person (born 1980-04-01)\n");
	for (p = 0; p < N(fam); p++) {
		(void)snprintf(line, sizeof(line),
		    "{\"id\":\"np-%04" PRIu64 "\",\"source\":\"police\","
		    "\"name\":\"%s %s\",\"name_latin\":\"%s %s\","
		    "\"birth_date\":\"19%02" PRIu64 "-0%" PRIu64 "-1%" PRIu64
		    "\",\"nationality\":\"JPN\",\"date\":\"2019-03-02\","
		    "\"summary\":\"arrest, theft\"}\n",
		    p, fam[p][0], given[p][0], fam[p][1], given[p][1],
		    60 + p % 19, 1 + p % 9, p % 10);
		o_s(&feed, line);
	}
	o_close(&feed);

	/* What bench/run.sh needs to know: the officers' organizations and
	 * the body the investigators work for. */
	o_open(&sum, dir, "paths.txt");
	(void)snprintf(line, sizeof(line),
	    "persons %" PRIu64 "\norgan %s\ncontractor %s\nbody %s\n", persons,
	    organ, contractor, body);
	o_s(&sum, line);
	o_close(&sum);
	fprintf(stderr,
	    "vgen: %s/paths.jsonl: %" PRIu64 " persons (%s and %s), "
	    "bodies %s (JPN-SDS) and %s (JPN-CESI)\n",
	    dir, persons, organ, contractor, body, other);
	return 0;
}

/* ---- cases: a history of vetting over a bench/gen.c register ---- */

static const struct {
	const char *id, *name, *accredited;
	unsigned sds, cesi, mod; /* weight among the bodies of an authority */
} bodies[] = {
    {"sb-cao", "Cabinet Office Screening Bureau", "\"JPN-SDS\",\"JPN-CESI\"",
        40, 60, 0},
    {"sb-mod", "Ministry of Defense Security Investigation Agency",
        "\"JPN-SDS\",\"JPN-MOD\"", 35, 0, 100},
    {"sb-npa", "National Police Agency Screening Division", "\"JPN-SDS\"", 25,
        0, 0},
    {"sb-meti", "METI Economic Security Screening Office", "\"JPN-CESI\"", 0,
        40, 0},
};

enum auth { SDS, CESI, MOD };
static const char *const auth_code[] = {"JPN-SDS", "JPN-CESI", "JPN-MOD"};
static const char *const consent_of[] = {"JPN-SDS-2026-1", "JPN-CESI-2026-1",
    "GENERIC-2026-1"};
static const char *const rule_of[] = {"rule:JPN-SDS-clean",
    "rule:JPN-CESI-clean", NULL};
/* Typical days per phase (consent, questionnaire, initiation,
 * investigation, adjudication) and the reinvestigation period. */
static const int64_t typical[5] = {3, 21, 5, 60, 14};
static const int64_t validity_years[] = {5, 10, 5};

static const char *const need_text[] =
    {"Duties requiring access to defense specially designated secrets",
        "Program office of a defense acquisition program",
        "Analysis of intelligence on specified harmful activities",
        "Counter-terrorism liaison with foreign partners",
        "Economic security analysis of critical supply chains",
        "Research on dual-use technology under a government contract",
        "Maintenance of classified communications systems",
        "Diplomatic negotiation support"};

enum st {
	AWAITING,
	QUESTIONNAIRE,
	SUBMITTED,
	INVESTIGATING,
	ADJUDICATING,
	GRANTED,
	DENIED,
	REJECTED,
	REFUSED,
	WITHDRAWN
};
static const char *const state_code[] = {"awaiting_consent", "questionnaire",
    "submitted", "investigating", "adjudicating", "granted", "denied",
    "rejected", "refused", "withdrawn"};

struct vcase {
	int auth;
	const char *level;
	enum st state;
	int64_t opened, since, decided; /* decided: 0 none */
	int64_t phase[5];
	int e_adj, body, need;
	int64_t complaint_until; /* 0: none */
	uint32_t adj;
};

struct employee {
	char id[64], org[64];
	int org_type; /* 0 organ, 1 contractor, 2 research */
	int defense;  /* employer designates defense secrets (mod) */
};

static struct employee *emp;
static uint64_t nemp;
static uint64_t nstate[10], ndecided, nopen, ne_adj, nbody[N(bodies)];
static uint64_t nauth[3];

static void
read_register(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, norg = 0, ocap = 0, ecap = 0;
	ssize_t len;
	struct {
		char id[64];
		int type;
	} *orgs = NULL;

	if (f == NULL)
		die(path, strerror(errno));
	while ((len = getline(&line, &cap, f)) > 0) {
		int is_org =
		    strncmp(line, "{\"kind\":\"organization\"", 22) == 0;
		int is_person = strncmp(line, "{\"kind\":\"person\"", 16) == 0;
		json_error_t jerr;
		json_t *j;
		const char *id, *type, *org;
		size_t i;

		if (!is_org && !is_person)
			continue;
		if ((j = json_loadb(line, (size_t)len, 0, &jerr)) == NULL)
			die(path, jerr.text);
		id = json_string_value(json_object_get(j, "id"));
		if (id == NULL || strlen(id) >= 64)
			die(path, "a record without a usable id");
		if (is_org) {
			type = json_string_value(json_object_get(j, "type"));
			if (norg == ocap) {
				ocap = ocap ? 2 * ocap : 1024;
				if ((orgs = realloc(orgs,
				         ocap * sizeof(*orgs))) == NULL)
					die("out of memory", NULL);
			}
			(void)snprintf(orgs[norg].id, sizeof(orgs[norg].id),
			    "%s", id);
			orgs[norg].type = type == NULL        ? -1
			    : strcmp(type, "government") == 0 ? 0
			    : strcmp(type, "contractor") == 0 ? 1
			    : strcmp(type, "research") == 0   ? 2
			                                      : -1;
			norg++;
		} else {
			org = json_string_value(json_object_get(j, "org"));
			for (i = 0; org != NULL && i < norg; i++)
				if (strcmp(orgs[i].id, org) == 0)
					break;
			if (org == NULL || i == norg)
				die(path,
				    "a person's employer is not above it");
			if (orgs[i].type >= 0) {
				if (nemp == ecap) {
					ecap = ecap ? 2 * ecap : 65536;
					if ((emp = realloc(emp,
					         ecap * sizeof(*emp))) == NULL)
						die("out of memory", NULL);
				}
				(void)snprintf(emp[nemp].id,
				    sizeof(emp[nemp].id), "%s", id);
				(void)snprintf(emp[nemp].org,
				    sizeof(emp[nemp].org), "%s", org);
				emp[nemp].org_type = orgs[i].type;
				emp[nemp].defense =
				    strcmp(orgs[i].id, "mod") == 0 ||
				    strcmp(orgs[i].id, "jcg") == 0;
				nemp++;
			}
		}
		json_decref(j);
	}
	if (ferror(f))
		die(path, strerror(errno));
	(void)fclose(f);
	free(line);
	free(orgs);
	if (nemp == 0)
		die(path, "no person employed by an organ, contractor or lab");
}

/* The case id of case number @i: "C-" and 10 characters of the API's
 * alphabet, a bijection of @i scrambled over 50 bits (ids in random
 * order, as the API makes them). */
static void
case_id(uint64_t i, char out[16])
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	const uint64_t mask = (1ULL << 50) - 1;
	uint64_t x = (i * 0x2545F4914F6CDD1DULL + 0x1234567ULL) & mask;
	int k;

	x ^= x >> 25;
	x = (x * 0x9E3779B97F4A7C15ULL) & mask;
	x ^= x >> 23;
	out[0] = 'C';
	out[1] = '-';
	for (k = 0; k < 10; k++)
		out[2 + k] = b32[(x >> (5 * (9 - k))) & 31];
	out[12] = '\0';
}

static int
pick_auth(struct rng *r, const struct employee *e)
{
	uint32_t u = permille(r);

	if (e->defense)
		return u < 600 ? SDS : MOD;
	if (e->org_type == 2)
		return u < 800 ? CESI : SDS;
	if (e->org_type == 1)
		return u < 450 ? SDS : u < 850 ? CESI : MOD;
	return u < 550 ? SDS : u < 900 ? CESI : MOD;
}

static const char *
pick_level(struct rng *r, int auth)
{
	static const char *const mod_levels[] = {"KIMITSU", "GOKUHI", "GOKUHI",
	    "HI", "HI"};

	if (auth == SDS)
		return "TOKUTEI_HIMITSU";
	if (auth == CESI)
		return "JUYO_KEIZAI_ANPO";
	return mod_levels[below(r, N(mod_levels))];
}

static int
pick_body(struct rng *r, int auth)
{
	unsigned total = 0, w, u;
	size_t b;

	for (b = 0; b < N(bodies); b++)
		total += auth == SDS ? bodies[b].sds
		    : auth == CESI   ? bodies[b].cesi
		                     : bodies[b].mod;
	u = below(r, total);
	for (b = 0; b < N(bodies); b++) {
		w = auth == SDS    ? bodies[b].sds
		    : auth == CESI ? bodies[b].cesi
		                   : bodies[b].mod;
		if (u < w)
			return (int)b;
		u -= w;
	}
	return 0;
}

/* A closed case ending at @end (decided, refused or withdrawn). */
static void
closed_case(struct rng *r, struct vcase *c, int64_t end, int64_t now)
{
	uint32_t u = permille(r);
	int64_t total = 0;
	int p, last;

	memset(c->phase, 0, sizeof(c->phase));
	if (u < 10) { /* refused at consent */
		c->state = REFUSED;
		c->phase[0] = skewed(r, typical[0]);
		c->opened = end - c->phase[0];
		c->since = end;
		c->decided = 0;
		return;
	}
	if (u < 25) { /* withdrawn in some phase */
		c->state = WITHDRAWN;
		last = (int)below(r, 5);
		for (p = 0; p <= last; p++)
			total += c->phase[p] = skewed(r, typical[p]);
		c->opened = end - total;
		c->since = end;
		c->decided = 0;
		c->body = last >= 3 ? pick_body(r, c->auth) : -1;
		return;
	}
	c->state = u < 945 ? GRANTED : u < 985 ? DENIED : REJECTED;
	c->e_adj = c->state == GRANTED && rule_of[c->auth] != NULL &&
	    permille(r) < 300;
	for (p = 0; p < 5; p++)
		total += c->phase[p] = skewed(r, typical[p]);
	if (c->e_adj) { /* decided at the close of the investigation */
		total -= c->phase[4];
		c->phase[4] = 0;
	}
	c->decided = end;
	c->opened = end - total;
	c->since = end;
	c->body = pick_body(r, c->auth);
	c->adj = below(r, 40);
	if (c->state != GRANTED)
		c->complaint_until = end + 30 * DAY;
	if (c->state == REJECTED) /* the complaint reviewed later */
		c->since = end + skewed(r, 10);
	if (c->since > now)
		c->since = now;
}

/* An open case opened @age seconds before @now. */
static void
open_case(struct rng *r, struct vcase *c, int64_t now, int64_t age)
{
	int64_t at = now - age, d;
	int p;

	memset(c->phase, 0, sizeof(c->phase));
	c->opened = at;
	c->decided = 0;
	c->state = AWAITING;
	for (p = 0; p < 5; p++) {
		d = skewed(r, typical[p]);
		if (at + d >= now)
			break;
		c->phase[p] = d;
		at += d;
	}
	c->state = (enum st)p; /* the phase it is in */
	if (p == 5) {          /* all phases passed: still adjudicating */
		c->state = ADJUDICATING;
		at -= c->phase[4];
		c->phase[4] = 0;
	}
	c->since = at;
	c->body = c->state >= INVESTIGATING ? pick_body(r, c->auth) : -1;
}

static void
write_case(struct out *o, uint64_t idx, const struct employee *e,
    const struct vcase *c, const char *prior)
{
	static const char *const phase_key[] = {"consent_s", "questionnaire_s",
	    "initiation_s", "investigation_s", "adjudication_s"};
	char id[16], adj[32];
	int p;

	case_id(idx, id);
	o_s(o, "{\"kind\":\"case\",\"id\":\"");
	o_s(o, id);
	o_s(o, "\",\"person\":\"");
	o_s(o, e->id);
	o_s(o, "\",\"authority\":\"");
	o_s(o, auth_code[c->auth]);
	o_s(o, "\",\"level\":\"");
	o_s(o, c->level);
	o_s(o, "\",\"sponsor\":\"");
	o_s(o, e->org);
	o_s(o, "\",\"need\":\"");
	o_s(o, need_text[c->need]);
	o_s(o, "\",\"type\":\"");
	o_s(o, prior != NULL ? "reinvestigation" : "initial");
	o_s(o, "\",\"state\":\"");
	o_s(o, state_code[c->state]);
	o_s(o, "\"");
	o_key_time(o, "opened", c->opened);
	o_key_time(o, "since", c->since);
	if (c->body >= 0) {
		o_s(o, ",\"body\":\"");
		o_s(o, bodies[c->body].id);
		o_s(o, "\"");
	}
	if (prior != NULL) {
		o_s(o, ",\"prior\":\"");
		o_s(o, prior);
		o_s(o, "\"");
	}
	if (c->state != AWAITING && c->state != REFUSED &&
	    !(c->state == WITHDRAWN && c->phase[1] == 0)) {
		o_s(o, ",\"consent_version\":\"");
		o_s(o, consent_of[c->auth]);
		o_s(o, "\"");
	}
	if (c->decided != 0) {
		o_key_time(o, "decided", c->decided);
		if (c->e_adj) {
			o_s(o, ",\"decided_by\":\"");
			o_s(o, rule_of[c->auth]);
			o_s(o, "\",\"e_adjudicated\":true");
		} else {
			(void)snprintf(adj, sizeof(adj), "user:adj-%02u",
			    c->adj);
			o_s(o, ",\"decided_by\":\"");
			o_s(o, adj);
			o_s(o, "\"");
		}
	}
	if (c->complaint_until != 0)
		o_key_time(o, "complaint_until", c->complaint_until);
	for (p = 0; p < 5; p++) {
		o_s(o, ",\"");
		o_s(o, phase_key[p]);
		o_s(o, "\":");
		o_u(o, (uint64_t)c->phase[p]);
	}
	o_end(o);
	nstate[c->state]++;
	nauth[c->auth]++;
	if (c->decided != 0)
		ndecided++;
	if (c->state <= ADJUDICATING)
		nopen++;
	ne_adj += (uint64_t)c->e_adj;
	if (c->body >= 0)
		nbody[c->body]++;
}

static int
gen_cases(const char *reg, uint64_t ncases, const char *dir, int64_t now)
{
	struct vcase *chain = calloc(CHAIN, sizeof(*chain));
	char(*ids)[16] = calloc(CHAIN, sizeof(*ids));
	uint64_t e, idx = 0, per, extra;
	struct out o, sum;
	size_t b;

	if (chain == NULL || ids == NULL)
		die("out of memory", NULL);
	read_register(reg);
	per = ncases / nemp;
	extra = ncases % nemp;
	if (per + 1 > CHAIN)
		die("too many cases per person for the register", NULL);
	o_open(&o, dir, "cases.jsonl");
	for (b = 0; b < N(bodies); b++)
		org_line(&o, bodies[b].id, bodies[b].name, "screening",
		    bodies[b].accredited);
	for (e = 0; e < nemp; e++) {
		struct rng r = stream(201, e);
		uint64_t n = per + (e < extra), k;
		int64_t end = now - (int64_t)below(&r, 730) * DAY -
		    (int64_t)below(&r, DAY);
		int last_granted[3] = {-1, -1, -1};

		/* backwards from now: the last case, then each earlier one
		 * decided some time before the next was opened */
		for (k = n; k-- > 0;) {
			struct vcase *c = &chain[k];

			memset(c, 0, sizeof(*c));
			c->auth = pick_auth(&r, &emp[e]);
			c->level = pick_level(&r, c->auth);
			c->need = (int)below(&r, N(need_text));
			c->body = -1;
			if (k == n - 1 && permille(&r) < 250) {
				open_case(&r, c, now,
				    skewed(&r, 40) +
				        (int64_t)below(&r, 30) * DAY);
			} else {
				closed_case(&r, c, end, now);
			}
			/* the next earlier case: within its authority's
			 * validity before, at random */
			end = c->opened - DAY -
			    (int64_t)below(&r,
			        (uint32_t)(validity_years[c->auth] * 365)) *
			        DAY / 2;
			if (end < ymd(1960, 1, 1))
				die("a history reaches before 1960: fewer "
				    "cases",
				    NULL);
		}
		for (k = 0; k < n; k++) {
			struct vcase *c = &chain[k];
			int a = c->auth;

			case_id(idx, ids[k]);
			write_case(&o, idx, &emp[e], c,
			    last_granted[a] >= 0 ? ids[last_granted[a]] : NULL);
			if (c->state == GRANTED)
				last_granted[a] = (int)k;
			idx++;
		}
	}
	o_close(&o);

	o_open(&sum, dir, "cases.txt");
	{
		char line[256];
		size_t s;

		(void)snprintf(line, sizeof(line),
		    "cases %" PRIu64 "\npersons %" PRIu64 "\ndecided %" PRIu64
		    "\nopen %" PRIu64 "\ne_adjudicated %" PRIu64 "\n",
		    idx, nemp, ndecided, nopen, ne_adj);
		o_s(&sum, line);
		for (s = 0; s < N(state_code); s++) {
			(void)snprintf(line, sizeof(line),
			    "state.%s %" PRIu64 "\n", state_code[s], nstate[s]);
			o_s(&sum, line);
		}
		for (s = 0; s < 3; s++) {
			(void)snprintf(line, sizeof(line),
			    "authority.%s %" PRIu64 "\n", auth_code[s],
			    nauth[s]);
			o_s(&sum, line);
		}
		for (b = 0; b < N(bodies); b++) {
			(void)snprintf(line, sizeof(line),
			    "body.%s %" PRIu64 "\n", bodies[b].id, nbody[b]);
			o_s(&sum, line);
		}
	}
	o_close(&sum);
	fprintf(stderr,
	    "vgen: %s/cases.jsonl: %" PRIu64 " cases of %" PRIu64
	    " persons: %" PRIu64 " decided (%" PRIu64 " by a rule), %" PRIu64
	    " open\n",
	    dir, idx, nemp, ndecided, ne_adj, nopen);
	free(chain);
	free(ids);
	free(emp);
	return 0;
}

int
main(int argc, char **argv)
{
	int64_t now = ymd(2026, 12, 1);

	if (argc < 2)
		goto usage;
	if (strcmp(argv[1], "paths") == 0 && (argc == 5 || argc == 6)) {
		g_seed = parse_count(argv[3], "SEED");
		if (argc == 6 && strlen(argv[5]) > 16)
			die("PREFIX is too long", argv[5]);
		return gen_paths(parse_count(argv[2], "PERSONS"), argv[4],
		    argc == 6 ? argv[5] : "");
	}
	if (strcmp(argv[1], "cases") == 0 && (argc == 6 || argc == 7)) {
		g_seed = parse_count(argv[4], "SEED");
		if (argc == 7) {
			struct scs_err err;

			if (scs_time_parse(argv[6], strlen(argv[6]), "NOW",
			        &now, &err) != SCS_OK)
				die("NOW is not a time", argv[6]);
		}
		return gen_cases(argv[2], parse_count(argv[3], "CASES"),
		    argv[5], now);
	}
usage:
	fprintf(stderr,
	    "usage: vgen paths PERSONS SEED OUTDIR [PREFIX]\n"
	    "       vgen cases REGISTER CASES SEED OUTDIR [NOW]\n");
	return 2;
}
