/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gen.c - a deterministic generator of synthetic national registers in
 * the interchange format (DESIGN.md section 11), for the benchmarks.
 *
 *   gen PERSONS ITEMS SEED OUTDIR [QUERIES]
 *
 * writes OUTDIR/register.jsonl (organizations, conforming approvals,
 * compartments, programs, then each person followed by their clearances,
 * briefings, memberships and suspensions, then the items) and
 * OUTDIR/queries.jsonl (QUERIES lines, default 1,000,000, in the
 * `scs check --batch` form).  Every record derives from (SEED, kind,
 * index) through splitmix64, so the output is byte-identical for the same
 * arguments on any platform, and each person or item is independent of
 * the others.  Integer arithmetic only; streaming writes.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scs/time.h"

#define JSONL_PROG "gen"
#include "jsonl.h"
#include "splitmix.h"

#define DAY   86400LL
#define NOW   1767225600LL /* 2026-01-01T00:00:00Z */
#define NCOMP 64
#define NPROG 1000

/* ---- Zipf-like popularity: weight 1/(k+1), integer cumulative ---- */

struct zipf {
	uint64_t *cdf;
	uint32_t n;
};

static void
zipf_init(struct zipf *z, uint32_t n)
{
	uint64_t acc = 0;
	uint32_t k;

	z->n = n;
	z->cdf = malloc(n * sizeof(*z->cdf));
	if (z->cdf == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		exit(1);
	}
	for (k = 0; k < n; k++) {
		acc += 1000000000000ULL / (k + 1);
		z->cdf[k] = acc;
	}
}

static uint32_t
zipf_draw(const struct zipf *z, struct rng *r)
{
	uint64_t u = next64(r) % z->cdf[z->n - 1];
	uint32_t lo = 0, hi = z->n - 1;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (z->cdf[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Up to @want distinct draws into @out (sorted); returns how many. */
static uint32_t
zipf_distinct(const struct zipf *z, struct rng *r, uint32_t *out, uint32_t want)
{
	uint32_t got = 0, tries = 0, i, j, v;

	while (got < want && tries++ < 64) {
		v = zipf_draw(z, r);
		for (i = 0; i < got && out[i] != v; i++)
			;
		if (i == got)
			out[got++] = v;
	}
	for (i = 1; i < got; i++) /* insertion sort */
		for (j = i; j > 0 && out[j - 1] > out[j]; j--) {
			v = out[j];
			out[j] = out[j - 1];
			out[j - 1] = v;
		}
	return got;
}

static int64_t
ymd(int64_t y, unsigned m, unsigned d)
{
	return scs_days_from_civil(y, m, d) * DAY;
}

/* A day in [from, until), as midnight. */
static int64_t
day_between(struct rng *r, int64_t from, int64_t until)
{
	int64_t n = (until - from) / DAY;

	return from + (n > 0 ? (int64_t)below(r, (uint32_t)n) : 0) * DAY;
}

/* ---- output beyond bench/jsonl.h ---- */

/* Zero-padded decimal of @width digits. */
static void
o_pad(struct out *o, unsigned v, int width)
{
	char tmp[8];
	int i;

	for (i = width - 1; i >= 0; i--) {
		tmp[i] = (char)('0' + v % 10);
		v /= 10;
	}
	o_mem(o, tmp, (size_t)width);
}

/* ,"valid_from":...,"valid_until":... (null: never ends) */
static void
o_period(struct out *o, int64_t from, int64_t until)
{
	o_s(o, ",\"valid_from\":");
	o_time(o, from, 0);
	o_s(o, ",\"valid_until\":");
	if (until < 0)
		o_s(o, "null");
	else
		o_time(o, until, 0);
}

/* ---- the reference world ---- */

enum { GOV, SCREENING, CONTRACTOR, RESEARCH, PARTNER };
static const char *const org_type_name[] = {"government", "screening",
    "contractor", "research", "partner"};

struct org {
	char id[40];
	char name[120];
	int type;
	const char *country;
	/* for items: the field and authority an organ designates under */
	int sds, cesi, mod;
};

/* Organs (a person's employer weight, an item owner's weight, per mille
 * of their group) */
static const struct {
	const char *id, *name;
	unsigned staff, items;
	int sds, cesi, mod;
} organs[] = {
    {"mod", "Ministry of Defense", 330, 340, 1, 0, 1},
    {"mofa", "Ministry of Foreign Affairs", 110, 120, 1, 0, 0},
    {"npa", "National Police Agency", 120, 70, 1, 0, 0},
    {"psia", "Public Security Intelligence Agency", 70, 70, 1, 0, 0},
    {"ciro", "Cabinet Intelligence and Research Office", 50, 50, 1, 0, 0},
    {"cas-nss", "National Security Secretariat", 30, 30, 1, 1, 0},
    {"cao", "Cabinet Office", 60, 40, 1, 1, 0},
    {"meti", "Ministry of Economy, Trade and Industry", 90, 150, 0, 1, 0},
    {"mic", "Ministry of Internal Affairs and Communications", 30, 30, 0, 1, 0},
    {"mext", "Ministry of Education, Culture, Sports, Science and Technology",
        20, 20, 0, 1, 0},
    {"mof", "Ministry of Finance", 20, 20, 0, 1, 0},
    {"mlit", "Ministry of Land, Infrastructure, Transport and Tourism", 20, 20,
        0, 1, 0},
    {"jcg", "Japan Coast Guard", 40, 30, 1, 0, 0},
    {"moj", "Ministry of Justice", 10, 10, 1, 0, 0},
};
#define NORGANS (sizeof(organs) / sizeof(organs[0]))

static const struct {
	const char *id, *name, *country;
} partners[] = {
    {"us-dcsa", "Defense Counterintelligence and Security Agency", "USA"},
    {"us-state", "United States Department of State", "USA"},
    {"uk-uksv", "United Kingdom Security Vetting", "GBR"},
    {"uk-mod", "United Kingdom Ministry of Defence", "GBR"},
    {"au-agsva", "Australian Government Security Vetting Agency", "AUS"},
};
#define NPARTNERS (sizeof(partners) / sizeof(partners[0]))

static const struct {
	const char *id, *name;
} screeners[] = {
    {"cao-sib", "Cabinet Office Security Investigation Bureau"},
    {"mod-sia", "Ministry of Defense Security Investigation Agency"},
};
#define NSCREENERS (sizeof(screeners) / sizeof(screeners[0]))

static const char *const corp_root[] = {"Kurogane", "Shirasagi", "Akatsuki",
    "Hayate", "Inazuma", "Yamabuki", "Tsubame", "Kazahana", "Minato", "Hibiki",
    "Sakuragawa", "Takumi", "Kagayaki", "Hoshizora", "Asagiri", "Kirishima",
    "Murasame", "Shiranui", "Amagi", "Fubuki"};
static const char *const corp_kind[] = {"Heavy Industries", "Electric",
    "Aerospace", "Systems", "Shipbuilding", "Precision", "Semiconductor",
    "Telecom", "Materials", "Optics", "Software", "Chemical"};
static const char *const region[] = {"Tokyo", "Osaka", "Nagoya", "Kyushu",
    "Tohoku", "Hokkaido", "Chugoku", "Shikoku", "Hokuriku", "Kanto"};
static const char *const lab_kind[] = {"Institute of Science and Technology",
    "University Laboratory for Quantum Sensing",
    "Advanced Materials Research Center", "University Space Systems Laboratory",
    "Institute for Cyber Security Research",
    "Biotechnology Research Institute"};

/* Code words of the 64 compartments. */
static const char *const comp_word[NCOMP] = {"ORCA", "KESTREL", "TSURU",
    "HAYABUSA", "KITSUNE", "TANUKI", "RAIJIN", "FUJIN", "SAKURA", "MOMIJI",
    "KAGEROU", "OBORO", "SEIRYU", "BYAKKO", "SUZAKU", "GENBU", "AMATERASU",
    "TSUKUYOMI", "SUSANOO", "IZANAGI", "HOTARU", "SEMI", "TOMBO", "KAERU",
    "KUJIRA", "SAME", "IRUKA", "TAKA", "WASHI", "KARASU", "SUZUME", "TSUBAKI",
    "KIKU", "ASAGAO", "YURI", "UME", "MATSU", "TAKE", "KAEDE", "ICHO", "HIBARI",
    "UGUISU", "KOMADORI", "SHIGI", "KAMOME", "ISOSHIGI", "MOZU", "KOGERA",
    "OSPREY", "HERON", "PLOVER", "TERN", "CONDOR", "ALBATROSS", "PETREL",
    "SHEARWATER", "GANNET", "CORMORANT", "GREBE", "LOON", "AUK", "PUFFIN",
    "SKUA", "FULMAR"};

static const char *const prog_topic[] = {"Submarine", "Hypersonic", "Satellite",
    "Quantum", "Semiconductor", "Radar", "Missile defense", "Cyber",
    "Undersea cable", "Battery", "Drone", "Space situational",
    "Maritime domain", "Counter-terrorism", "Signals", "Rare earth",
    "Biodefense", "Nuclear security", "Electronic warfare", "AI"};
static const char *const prog_object[] = {"sonar", "propulsion", "sensor",
    "communications", "supply chain", "encryption", "guidance", "awareness",
    "materials", "lithography", "interceptor", "network", "analysis", "liaison",
    "procurement"};

static const char *const doc_kind[] = {"specification", "threat assessment",
    "negotiation position", "supply chain risk analysis", "operational plan",
    "intelligence summary", "test report", "vulnerability assessment",
    "procurement plan", "liaison minutes", "technical annex",
    "contingency plan"};

/* Japanese names: kanji and Hepburn. */
static const char *const fam[][2] = {{"佐藤", "SATO"}, {"鈴木", "SUZUKI"},
    {"高橋", "TAKAHASHI"}, {"田中", "TANAKA"}, {"伊藤", "ITO"},
    {"渡辺", "WATANABE"}, {"山本", "YAMAMOTO"}, {"中村", "NAKAMURA"},
    {"小林", "KOBAYASHI"}, {"加藤", "KATO"}, {"吉田", "YOSHIDA"},
    {"山田", "YAMADA"}, {"佐々木", "SASAKI"}, {"山口", "YAMAGUCHI"},
    {"松本", "MATSUMOTO"}, {"井上", "INOUE"}, {"木村", "KIMURA"},
    {"林", "HAYASHI"}, {"斎藤", "SAITO"}, {"清水", "SHIMIZU"},
    {"山崎", "YAMAZAKI"}, {"森", "MORI"}, {"池田", "IKEDA"},
    {"橋本", "HASHIMOTO"}, {"阿部", "ABE"}, {"石川", "ISHIKAWA"},
    {"山下", "YAMASHITA"}, {"中島", "NAKAJIMA"}, {"石井", "ISHII"},
    {"小川", "OGAWA"}, {"前田", "MAEDA"}, {"岡田", "OKADA"},
    {"長谷川", "HASEGAWA"}, {"藤田", "FUJITA"}, {"後藤", "GOTO"},
    {"近藤", "KONDO"}, {"村上", "MURAKAMI"}, {"遠藤", "ENDO"}, {"青木", "AOKI"},
    {"坂本", "SAKAMOTO"}};
static const char *const given[][2] = {{"太郎", "Taro"}, {"翔太", "Shota"},
    {"大輔", "Daisuke"}, {"健太", "Kenta"}, {"拓也", "Takuya"},
    {"直樹", "Naoki"}, {"誠", "Makoto"}, {"浩", "Hiroshi"}, {"隆", "Takashi"},
    {"健一", "Kenichi"}, {"和也", "Kazuya"}, {"修", "Osamu"}, {"蓮", "Ren"},
    {"湊", "Minato"}, {"悠真", "Yuma"}, {"陽翔", "Haruto"}, {"剛", "Tsuyoshi"},
    {"聡", "Satoshi"}, {"亮", "Ryo"}, {"学", "Manabu"}, {"陽菜", "Hina"},
    {"花子", "Hanako"}, {"美咲", "Misaki"}, {"結衣", "Yui"}, {"恵子", "Keiko"},
    {"由美", "Yumi"}, {"裕子", "Yuko"}, {"愛", "Ai"}, {"さくら", "Sakura"},
    {"葵", "Aoi"}, {"明美", "Akemi"}, {"真由美", "Mayumi"}, {"智子", "Tomoko"},
    {"洋子", "Yoko"}, {"千尋", "Chihiro"}, {"彩", "Aya"}, {"舞", "Mai"},
    {"綾香", "Ayaka"}, {"直美", "Naomi"}, {"久美子", "Kumiko"}};
static const char *const en_fam[] = {"Smith", "Johnson", "Williams", "Brown",
    "Jones", "Miller", "Davis", "Wilson", "Taylor", "Clarke", "Walker",
    "Wright", "Thompson", "White", "Harris", "Martin", "Cooper", "Kelly"};
static const char *const en_given[] = {"James", "Mary", "Robert", "Patricia",
    "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "Oliver",
    "Amelia", "George", "Isla", "Jack", "Charlotte", "Liam", "Chloe"};
static const char *const ko_fam[][2] = {{"김", "KIM"}, {"이", "LEE"},
    {"박", "PARK"}, {"최", "CHOI"}, {"정", "JUNG"}, {"강", "KANG"}};
static const char *const ko_given[][2] = {{"민준", "Minjun"},
    {"서연", "Seoyeon"}, {"지훈", "Jihoon"}, {"지민", "Jimin"},
    {"현우", "Hyunwoo"}, {"수빈", "Subin"}, {"예준", "Yejun"},
    {"하은", "Haeun"}};
static const char *const in_fam[] = {"Sharma", "Patel", "Iyer", "Reddy", "Nair",
    "Gupta"};
static const char *const in_given[] = {"Priya", "Arjun", "Ananya", "Rahul",
    "Divya", "Vikram"};
static const char *const address[] = {"東京都千代田区霞が関1-2-1",
    "東京都新宿区市谷本村町5-1", "神奈川県横須賀市本町2-1",
    "大阪府大阪市中央区大手前3-1-43", "愛知県名古屋市中区三の丸2-2-1",
    "福岡県福岡市博多区東公園7-7", "北海道札幌市中央区北三条西6",
    "茨城県つくば市千現1-2-1", "広島県呉市幸町4-1"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The world, sized from the persons. */
static struct org *orgs;
static uint32_t norgs, ncontractors, nresearch;
static uint32_t first_contractor, first_research, first_partner, first_screener;
static struct zipf z_comp, z_prog, z_contractor, z_research;
static unsigned organ_staff_total, organ_item_total;

static uint32_t
clamp_u32(uint64_t v, uint32_t lo, uint32_t hi)
{
	return v < lo ? lo : v > hi ? hi : (uint32_t)v;
}

static void
build_orgs(uint64_t persons)
{
	uint32_t i, k = 0;

	ncontractors = clamp_u32(persons / 400, 30, 20000);
	nresearch = clamp_u32(persons / 2000, 10, 5000);
	norgs = (uint32_t)(NORGANS + NSCREENERS + NPARTNERS) + ncontractors +
	    nresearch;
	orgs = calloc(norgs, sizeof(*orgs));
	if (orgs == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		exit(1);
	}
	for (i = 0; i < NORGANS; i++, k++) {
		snprintf(orgs[k].id, sizeof(orgs[k].id), "%s", organs[i].id);
		snprintf(orgs[k].name, sizeof(orgs[k].name), "%s",
		    organs[i].name);
		orgs[k].type = GOV;
		orgs[k].country = "JPN";
		organ_staff_total += organs[i].staff;
		organ_item_total += organs[i].items;
	}
	first_screener = k;
	for (i = 0; i < NSCREENERS; i++, k++) {
		snprintf(orgs[k].id, sizeof(orgs[k].id), "%s", screeners[i].id);
		snprintf(orgs[k].name, sizeof(orgs[k].name), "%s",
		    screeners[i].name);
		orgs[k].type = SCREENING;
		orgs[k].country = "JPN";
	}
	first_partner = k;
	for (i = 0; i < NPARTNERS; i++, k++) {
		snprintf(orgs[k].id, sizeof(orgs[k].id), "%s", partners[i].id);
		snprintf(orgs[k].name, sizeof(orgs[k].name), "%s",
		    partners[i].name);
		orgs[k].type = PARTNER;
		orgs[k].country = partners[i].country;
	}
	first_contractor = k;
	for (i = 0; i < ncontractors; i++, k++) {
		const char *root = corp_root[i % N(corp_root)];
		const char *kind = corp_kind[(i / N(corp_root)) % N(corp_kind)];
		uint32_t gen = i / (uint32_t)(N(corp_root) * N(corp_kind));

		snprintf(orgs[k].id, sizeof(orgs[k].id), "%c%c%c-%05u",
		    root[0] + 32, root[1], root[2], i);
		if (gen == 0)
			snprintf(orgs[k].name, sizeof(orgs[k].name), "%s %s",
			    root, kind);
		else
			snprintf(orgs[k].name, sizeof(orgs[k].name),
			    "%s %s %s No.%u", root, kind,
			    region[gen % N(region)], gen);
		orgs[k].type = CONTRACTOR;
		orgs[k].country = "JPN";
	}
	first_research = k;
	for (i = 0; i < nresearch; i++, k++) {
		snprintf(orgs[k].id, sizeof(orgs[k].id), "lab-%04u", i);
		snprintf(orgs[k].name, sizeof(orgs[k].name), "%s %s (%u)",
		    region[i % N(region)],
		    lab_kind[(i / N(region)) % N(lab_kind)], i);
		orgs[k].type = RESEARCH;
		orgs[k].country = "JPN";
	}
	zipf_init(&z_comp, NCOMP);
	zipf_init(&z_prog, NPROG);
	zipf_init(&z_contractor, ncontractors);
	zipf_init(&z_research, nresearch);
}

/* ---- records ---- */

static void
write_orgs(struct out *o)
{
	uint32_t i;

	for (i = 0; i < norgs; i++) {
		o_s(o, "{\"kind\":\"organization\",\"id\":\"");
		o_s(o, orgs[i].id);
		o_s(o, "\",\"name\":\"");
		o_s(o, orgs[i].name);
		o_s(o, "\",\"type\":\"");
		o_s(o, org_type_name[orgs[i].type]);
		o_s(o, "\",\"country\":\"");
		o_s(o, orgs[i].country);
		o_s(o, "\"");
		o_end(o);
	}
}

static void
conforming(struct out *o, const char *org, const char *auth, const char *level,
    int64_t from, int64_t until)
{
	o_s(o, "{\"kind\":\"conforming\",\"org\":\"");
	o_s(o, org);
	o_s(o, "\",\"authority\":\"");
	o_s(o, auth);
	o_s(o, "\",\"level\":\"");
	o_s(o, level);
	o_s(o, "\"");
	o_period(o, from, until);
	o_end(o);
}

/* Approvals of contractors and research institutions: most under CESI
 * (in force 2025-05-16), defense contractors under SDS or the MOD
 * markings, some at a lower rank, some expired, some not yet valid. */
static void
write_approvals(struct out *o)
{
	uint32_t i;
	int64_t cesi0 = ymd(2025, 5, 16);

	for (i = first_contractor; i < first_research + nresearch; i++) {
		struct rng r = stream(1, i);
		int research = orgs[i].type == RESEARCH;
		uint32_t u = permille(&r);
		int64_t from, until;

		if (u < (research ? 300u : 150u))
			continue; /* no approval at all */
		if (u < (research ? 920u : 720u)) {
			from = day_between(&r, cesi0, ymd(2025, 12, 20));
			if (permille(&r) < 60) /* a one-year contract, lapsed */
				from = cesi0, until = ymd(2025, 11, 30);
			else
				until = from + 5 * 365 * DAY;
			if (permille(&r) < 30) /* approved, starts later */
				from = ymd(2026, 3, 1), until = ymd(2031, 3, 1);
			conforming(o, orgs[i].id, "JPN-CESI",
			    "JUYO_KEIZAI_ANPO", from, until);
		}
		if (u >= (research ? 900u : 600u)) {
			/* defense work under SDS; a quarter of those due before
			 * now were not renewed */
			from =
			    day_between(&r, ymd(2016, 1, 1), ymd(2025, 6, 1));
			until = from + 5 * 365 * DAY;
			if (until <= NOW && permille(&r) < 750) {
				/* renewed: a second approval */
				conforming(o, orgs[i].id, "JPN-SDS",
				    "TOKUTEI_HIMITSU", from, until);
				from = until;
				until = from + 5 * 365 * DAY;
			}
			conforming(o, orgs[i].id, "JPN-SDS", "TOKUTEI_HIMITSU",
			    from, until);
		}
		if (!research && permille(&r) < 220) {
			/* the legacy MOD markings: GOKUHI, or HI (lower) */
			from =
			    day_between(&r, ymd(2018, 1, 1), ymd(2025, 1, 1));
			conforming(o, orgs[i].id, "JPN-MOD",
			    permille(&r) < 500 ? "GOKUHI" : "HI", from,
			    from + 8 * 365 * DAY);
		}
	}
}

static const char *
organ_for(struct rng *r, int items)
{
	unsigned total = items ? organ_item_total : organ_staff_total;
	unsigned u = below(r, total), acc = 0;
	size_t i;

	for (i = 0; i < NORGANS; i++) {
		acc += items ? organs[i].items : organs[i].staff;
		if (u < acc)
			return organs[i].id;
	}
	return organs[0].id;
}

static void
write_labels(struct out *o)
{
	uint32_t i;
	static const char *const comp_owner[] = {"mod", "mod", "mod", "mod",
	    "mod", "mofa", "npa", "psia", "ciro", "meti", "cas-nss", "jcg"};

	for (i = 0; i < NCOMP; i++) {
		o_s(o, "{\"kind\":\"compartment\",\"id\":\"");
		o_s(o, comp_word[i]);
		o_s(o, "\",\"name\":\"Project ");
		o_s(o, comp_word[i]);
		o_s(o, "\",\"owner\":\"");
		o_s(o, comp_owner[i % N(comp_owner)]);
		o_s(o, "\"");
		o_end(o);
	}
	for (i = 0; i < NPROG; i++) {
		struct rng r = stream(2, i);

		o_s(o, "{\"kind\":\"program\",\"id\":\"ntk-");
		o_pad(o, i, 4);
		o_s(o, "\",\"name\":\"");
		o_s(o, prog_topic[i % N(prog_topic)]);
		o_s(o, " ");
		o_s(o, prog_object[(i / N(prog_topic)) % N(prog_object)]);
		o_s(o, " ");
		o_pad(o, i, 4);
		o_s(o, "\",\"owner\":\"");
		o_s(o, organ_for(&r, 1));
		o_s(o, "\"");
		o_end(o);
	}
}

/* Clearance validity in years per authority (data/authorities.csv). */
static int
validity(const char *auth)
{
	if (strcmp(auth, "JPN-CESI") == 0)
		return 10;
	if (strcmp(auth, "GBR") == 0 || strcmp(auth, "AUS") == 0)
		return 7;
	return 5;
}

struct stats {
	uint64_t persons, clearances, briefings, memberships, suspensions,
	    relatives, items, approvals;
};
static struct stats st;

static void
clearance(struct out *o, uint64_t p, const char *auth, const char *level,
    const char *status, int64_t from, int64_t until)
{
	o_s(o, "{\"kind\":\"clearance\",\"person\":\"p");
	o_u(o, p);
	o_s(o, "\",\"authority\":\"");
	o_s(o, auth);
	o_s(o, "\",\"level\":\"");
	o_s(o, level);
	o_s(o, "\",\"status\":\"");
	o_s(o, status);
	o_s(o, "\"");
	o_period(o, from, until);
	o_end(o);
	st.clearances++;
}

/* The current clearance of a person under @auth/@level: its status and a
 * period that mostly holds now; and, for some, the ended one before. */
static void
clearance_history(struct out *o, struct rng *r, uint64_t p, const char *auth,
    const char *level)
{
	static const struct {
		unsigned upto;
		const char *status;
	} statuses[] = {{880, "active"}, {915, "interim"}, {935, "suspended"},
	    {945, "revoked"}, {980, "expired"}, {1000, "ended"}};
	int years = validity(auth);
	int64_t earliest = strcmp(auth, "JPN-CESI") == 0
	    ? ymd(2025, 5, 16)
	    : NOW - years * 365 * DAY + 30 * DAY;
	unsigned u = permille(r), i;
	const char *status = "active";
	int64_t from, until;

	for (i = 0; i < N(statuses); i++)
		if (u < statuses[i].upto) {
			status = statuses[i].status;
			break;
		}
	from = day_between(r, earliest, NOW);
	until = from + (int64_t)years * 365 * DAY;
	if (strcmp(status, "interim") == 0)
		until = from + 365 * DAY;
	if (strcmp(status, "expired") == 0 || strcmp(status, "ended") == 0 ||
	    (strcmp(status, "active") == 0 && permille(r) < 30)) {
		/* over: the period ended before now (for "active", the
		 * register lags the calendar) */
		from = day_between(r, ymd(2015, 1, 1), NOW - years * 365 * DAY);
		until = from + (int64_t)years * 365 * DAY;
		if (strcmp(auth, "JPN-CESI") == 0) { /* short interim term */
			from = ymd(2025, 5, 16);
			until = day_between(r, from + 30 * DAY, NOW);
		}
	}
	if (permille(r) < 180 && strcmp(auth, "JPN-CESI") != 0 &&
	    from - (int64_t)years * 365 * DAY > ymd(2015, 1, 1)) {
		/* the previous clearance, ended when this one began */
		clearance(o, p, auth, level, "ended",
		    from - (int64_t)years * 365 * DAY, from);
	}
	clearance(o, p, auth, level, status, from, until);
}

static const char *
pick(struct rng *r, const char *const *a, size_t n)
{
	return a[below(r, (uint32_t)n)];
}

enum nat { JPN, USA, GBR, AUS, KOR, IND };
static const char *const nat_code[] = {"JPN", "USA", "GBR", "AUS", "KOR",
    "IND"};

/* The name and Latin name; returns the Japanese family-name index used
 * for relatives. */
static uint32_t
write_name(struct out *o, struct rng *r, int nat)
{
	const char *fam_n, *fam_l, *giv_n, *giv_l;
	uint32_t k, family = below(r, N(fam));

	switch (nat) {
	case JPN:
		fam_n = fam[family][0];
		fam_l = fam[family][1];
		k = below(r, N(given));
		giv_n = given[k][0];
		giv_l = given[k][1];
		break;
	case KOR:
		k = below(r, N(ko_fam));
		fam_n = ko_fam[k][0];
		fam_l = ko_fam[k][1];
		k = below(r, N(ko_given));
		giv_n = ko_given[k][0];
		giv_l = ko_given[k][1];
		break;
	case IND:
		fam_l = fam_n = pick(r, in_fam, N(in_fam));
		giv_l = giv_n = pick(r, in_given, N(in_given));
		break;
	default:
		fam_l = fam_n = pick(r, en_fam, N(en_fam));
		giv_l = giv_n = pick(r, en_given, N(en_given));
		break;
	}
	o_s(o, ",\"name\":\"");
	if (nat == JPN || nat == KOR) { /* family name first */
		o_s(o, fam_n);
		o_s(o, " ");
		o_s(o, giv_n);
	} else {
		o_s(o, giv_n);
		o_s(o, " ");
		o_s(o, fam_n);
	}
	o_s(o, "\",\"name_latin\":\"");
	/* upper-case family name, then given name */
	for (k = 0; fam_l[k] != '\0'; k++) {
		char c = fam_l[k];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		o_mem(o, &c, 1);
	}
	o_s(o, " ");
	o_s(o, giv_l);
	o_s(o, "\"");
	return family;
}

/* 1..3 relatives; the family shares the family name in Japanese order. */
static void
write_relatives(struct out *o, struct rng *r, int64_t born, uint32_t family)
{
	uint32_t n = 1 + below(r, 3), i, rk;
	static const char *const rel[] = {"spouse", "parent", "child",
	    "sibling", "spouse_parent"};
	static const int offset_years[] = {0, -30, 30, 0, -30};

	o_s(o, ",\"relatives\":[");
	for (i = 0; i < n; i++) {
		int64_t b;

		rk = i == 0 ? 0 : 1 + below(r, N(rel) - 1);
		b = born + (int64_t)offset_years[rk] * 365 * DAY +
		    ((int64_t)below(r, 3650) - 1825) * DAY;
		if (b > ymd(2024, 1, 1))
			b = ymd(2024, 1, 1) - below(r, 3000) * DAY;
		if (i > 0)
			o_s(o, ",");
		o_s(o, "{\"relation\":\"");
		o_s(o, rel[rk]);
		o_s(o, "\",\"name\":\"");
		o_s(o, fam[rk == 0 || rk == 4 ? below(r, N(fam)) : family][0]);
		o_s(o, " ");
		o_s(o, given[below(r, N(given))][0]);
		o_s(o, "\",\"birth_date\":");
		o_time(o, b, 0);
		o_s(o, ",\"nationalities\":[\"");
		o_s(o, permille(r) < 950 ? "JPN" : "CHN");
		o_s(o, "\"],\"address\":\"");
		o_s(o, pick(r, address, N(address)));
		o_s(o, "\",\"cohabitant\":");
		o_s(o, i == 0 || permille(r) < 200 ? "true" : "false");
		o_s(o, "}");
	}
	o_s(o, "]");
	st.relatives += n;
}

/* Count of programs a person is in: 0..8, falling off like 1/(k+1). */
static uint32_t
membership_count(struct rng *r)
{
	static const unsigned upto[] = {340, 590, 740, 830, 890, 935, 965, 985,
	    1000};
	unsigned u = permille(r), k;

	for (k = 0; k < N(upto); k++)
		if (u < upto[k])
			return k;
	return 0;
}

static void
write_person(struct out *o, uint64_t p)
{
	struct rng r = stream(3, p);
	uint32_t u = permille(&r), k, n, list[8];
	const struct org *org;
	int nat, nat2 = -1, type;
	uint32_t family;
	int64_t born, from, until;

	/* employer */
	if (u < 400) {
		const char *id = organ_for(&r, 0);

		for (k = 0; strcmp(orgs[k].id, id) != 0; k++)
			;
		org = &orgs[k];
	} else if (u < 420) {
		org = &orgs[first_screener + below(&r, NSCREENERS)];
	} else if (u < 850) {
		org = &orgs[first_contractor + zipf_draw(&z_contractor, &r)];
	} else if (u < 970) {
		org = &orgs[first_research + zipf_draw(&z_research, &r)];
	} else {
		org = &orgs[first_partner + below(&r, NPARTNERS)];
	}
	type = org->type;
	/* nationality: the partner's nation abroad; mostly JPN here, some
	 * dual and foreign (more of them in research) */
	if (type == PARTNER) {
		nat = strcmp(org->country, "USA") == 0 ? USA
		    : strcmp(org->country, "GBR") == 0 ? GBR
		                                       : AUS;
		if (permille(&r) < 40)
			nat2 = JPN;
	} else {
		u = permille(&r);
		if (type == RESEARCH)
			u = u < 850 ? u * 955 / 850
			            : 955 + (u - 850) * 45 / 150;
		nat = u < 955 ? JPN
		    : u < 965 ? JPN
		    : u < 975 ? KOR
		    : u < 985 ? USA
		    : u < 992 ? GBR
		    : u < 996 ? AUS
		              : IND;
		if (u >= 955 && u < 965)
			nat2 = u < 962 ? USA : GBR; /* dual */
	}
	born = day_between(&r, ymd(1962, 1, 1), ymd(2004, 1, 1));
	o_s(o, "{\"kind\":\"person\",\"id\":\"p");
	o_u(o, p);
	o_s(o, "\"");
	family = write_name(o, &r, nat);
	o_s(o, ",\"birth_date\":");
	o_time(o, born, 0);
	o_s(o, ",\"nationalities\":[\"");
	o_s(o, nat_code[nat]);
	if (nat2 >= 0) {
		o_s(o, "\",\"");
		o_s(o, nat_code[nat2]);
	}
	o_s(o, "\"],\"org\":\"");
	o_s(o, org->id);
	o_s(o, "\"");
	if (permille(&r) < 20)
		write_relatives(o, &r, born, family);
	o_end(o);
	st.persons++;

	/* clearances */
	u = permille(&r);
	if (nat != JPN && nat2 != JPN) {
		/* foreign staff hold their nation's clearance */
		static const char *const lv_us[] = {"TOP_SECRET", "SECRET",
		    "SECRET", "SECRET", "CONFIDENTIAL"};
		static const char *const lv_au[] = {"TOP_SECRET", "SECRET",
		    "SECRET", "PROTECTED"};

		if (type == PARTNER || u < 500) {
			if (nat == USA || nat == GBR)
				clearance_history(o, &r, p, nat_code[nat],
				    pick(&r, lv_us, N(lv_us)));
			else if (nat == AUS)
				clearance_history(o, &r, p, "AUS",
				    pick(&r, lv_au, N(lv_au)));
			else if (nat == KOR)
				clearance_history(o, &r, p, "KOR",
				    permille(&r) < 600 ? "GUNSA_III"
				                       : "GUNSA_II");
			if ((nat == USA || nat == GBR) && permille(&r) < 150)
				clearance_history(o, &r, p, "NATO",
				    "NATO_SECRET");
		}
	} else if (u >= 80) { /* 8% have none yet (cases pending) */
		unsigned sds = 0, cesi = 0, mod = 0;

		if (type == GOV) {
			if (strcmp(org->id, "mod") == 0) {
				sds = 650;
				mod = 250;
			} else if (strcmp(org->id, "meti") == 0 ||
			    strcmp(org->id, "mic") == 0 ||
			    strcmp(org->id, "mext") == 0 ||
			    strcmp(org->id, "mof") == 0 ||
			    strcmp(org->id, "mlit") == 0) {
				sds = 150;
				cesi = 750;
			} else {
				sds = 800;
				cesi = 100;
			}
		} else if (type == SCREENING) {
			sds = 600;
			cesi = 400;
		} else if (type == CONTRACTOR) {
			sds = 280;
			cesi = 620;
			mod = 60;
		} else if (type == RESEARCH) {
			sds = 60;
			cesi = 880;
		} else { /* dual nationals at partners */
			sds = 500;
		}
		u = permille(&r);
		if (u < sds)
			clearance_history(o, &r, p, "JPN-SDS",
			    "TOKUTEI_HIMITSU");
		else if (u < sds + cesi)
			clearance_history(o, &r, p, "JPN-CESI",
			    "JUYO_KEIZAI_ANPO");
		else if (u < sds + cesi + mod)
			clearance_history(o, &r, p, "JPN-MOD",
			    permille(&r) < 150       ? "KIMITSU"
			        : permille(&r) < 550 ? "GOKUHI"
			                             : "HI");
		if (u < sds && permille(&r) < 60) /* and a CESI one too */
			clearance_history(o, &r, p, "JPN-CESI",
			    "JUYO_KEIZAI_ANPO");
		if (nat2 == USA && permille(&r) < 300)
			clearance_history(o, &r, p, "USA", "SECRET");
	}

	/* briefings into compartments: mostly defense and intelligence */
	u = permille(&r);
	if (u < (type == GOV || type == PARTNER ? 160u : 50u)) {
		n = zipf_distinct(&z_comp, &r, list, 1 + below(&r, 4));
		for (k = 0; k < n; k++) {
			uint32_t v = permille(&r);

			from = day_between(&r, ymd(2016, 1, 1), NOW);
			until = permille(&r) < 120
			    ? day_between(&r, from + DAY, from + 900 * DAY)
			    : -1;
			o_s(o, "{\"kind\":\"briefing\",\"person\":\"p");
			o_u(o, p);
			o_s(o, "\",\"compartment\":\"");
			o_s(o, comp_word[list[k]]);
			o_s(o, "\",\"nda_signed\":");
			if (v < 30)
				o_s(o, "null"); /* briefed, NDA missing */
			else if (v < 60) /* NDA signed after the briefing */
				o_time(o, from + (1 + below(&r, 30)) * DAY, 0);
			else
				o_time(o, from - below(&r, 8) * DAY, 0);
			o_period(o, from, until);
			o_end(o);
			st.briefings++;
		}
	}

	/* need-to-know programs */
	n = zipf_distinct(&z_prog, &r, list, membership_count(&r));
	for (k = 0; k < n; k++) {
		from = day_between(&r, ymd(2017, 1, 1), NOW);
		u = permille(&r);
		until = u < 100 ? day_between(&r, from + DAY, NOW + 1)
		    : u < 160   ? day_between(&r, NOW + DAY, ymd(2030, 1, 1))
		                : -1;
		o_s(o, "{\"kind\":\"membership\",\"program\":\"ntk-");
		o_pad(o, list[k], 4);
		o_s(o, "\",\"person\":\"p");
		o_u(o, p);
		o_s(o, "\"");
		o_s(o, ",\"valid_from\":");
		o_time(o, from, 0);
		if (until >= 0) {
			o_s(o, ",\"valid_until\":");
			o_time(o, until, 0);
		}
		o_end(o);
		st.memberships++;
	}

	/* suspensions pending an inquiry */
	if (permille(&r) < 6) {
		static const char *const why[] = {"incident under inquiry",
		    "continuous vetting alert", "self-report under review",
		    "unreported foreign contact"};

		from = day_between(&r, ymd(2024, 6, 1), ymd(2026, 4, 1));
		until = permille(&r) < 100 ? -1
		                           : from + (30 + below(&r, 150)) * DAY;
		o_s(o, "{\"kind\":\"suspension\",\"person\":\"p");
		o_u(o, p);
		o_s(o, "\"");
		o_period(o, from, until);
		o_s(o, ",\"reason\":\"");
		o_s(o, pick(&r, why, N(why)));
		o_s(o, "\"");
		o_end(o);
		st.suspensions++;
	}
}

static void
o_list(struct out *o, const char *key, const char *const *v, size_t n)
{
	size_t i;

	o_s(o, ",\"");
	o_s(o, key);
	o_s(o, "\":[");
	for (i = 0; i < n; i++) {
		o_s(o, i ? ",\"" : "\"");
		o_s(o, v[i]);
		o_s(o, "\"");
	}
	o_s(o, "]");
}

/* An item count 0..3, share of none per mille. */
static uint32_t
count03(struct rng *r, unsigned none)
{
	unsigned u = permille(r);

	if (u < none)
		return 0;
	u = (u - none) * 100 / (1000 - none);
	return u < 60 ? 1 : u < 88 ? 2 : 3;
}

static void
write_item(struct out *o, uint64_t i)
{
	static const char *const partners_rel[] = {"USA", "USA", "USA", "GBR",
	    "GBR", "AUS", "AUS", "CAN", "KOR", "FRA", "DEU", "NATO"};
	struct rng r = stream(4, i);
	const char *owner, *country = "JPN", *auth, *level, *field;
	const char *comps[4], *progs[4], *rel[6];
	char progbuf[4][12];
	uint32_t u = permille(&r), k, n, list[4];
	size_t nrel = 0;
	int64_t from, until, declass = -1;
	int foreign = 0;

	if (u < 80) {
		k = below(&r, NPARTNERS);
		owner = partners[k].id;
		country = partners[k].country;
		foreign = 1;
	} else {
		owner = organ_for(&r, 1);
	}
	/* field and authority */
	if (foreign) {
		static const char *const lv[] = {"TOP_SECRET", "SECRET",
		    "SECRET", "SECRET", "CONFIDENTIAL"};

		field = permille(&r) < 700 ? "defense" : "diplomacy";
		auth = country;
		level = pick(&r, lv, N(lv));
		if (strcmp(country, "AUS") == 0 &&
		    strcmp(level, "CONFIDENTIAL") == 0)
			level = "PROTECTED";
		from = day_between(&r, ymd(2012, 1, 1), NOW);
		until = from + (permille(&r) < 700 ? 10 : 25) * 365 * DAY;
	} else {
		int o_sds = 0, o_cesi = 0, o_mod = 0;

		for (k = 0; k < NORGANS; k++)
			if (strcmp(organs[k].id, owner) == 0) {
				o_sds = organs[k].sds;
				o_cesi = organs[k].cesi;
				o_mod = organs[k].mod;
			}
		u = permille(&r);
		if (o_cesi && (!o_sds || u < 500)) {
			field = "economic_security";
			auth = "JPN-CESI";
			level = "JUYO_KEIZAI_ANPO";
		} else {
			static const char *const f_sec[] =
			    {"harmful_activities", "terrorism"};

			field = strcmp(owner, "mod") == 0 ? "defense"
			    : strcmp(owner, "mofa") == 0  ? "diplomacy"
			    : strcmp(owner, "ciro") == 0 && u < 700
			    ? "diplomacy"
			    : pick(&r, f_sec, N(f_sec));
			auth = "JPN-SDS";
			level = "TOKUTEI_HIMITSU";
			if (o_mod && permille(&r) < 220) {
				auth = "JPN-MOD";
				u = permille(&r);
				level = u < 100 ? "KIMITSU"
				    : u < 550   ? "GOKUHI"
				                : "HI";
			}
		}
		if (strcmp(auth, "JPN-CESI") == 0) {
			from = day_between(&r, ymd(2025, 5, 16), NOW);
			until = from + 5 * 365 * DAY;
		} else {
			/* first designation since the SDS Act (2014-12-10);
			 * renewed in 5-year terms, most up to a term that
			 * covers now, some left to lapse */
			from = day_between(&r, ymd(2014, 12, 10), NOW);
			until = from + 5 * 365 * DAY;
			while (until <= NOW && permille(&r) < 970)
				until += 5 * 365 * DAY;
		}
	}
	u = permille(&r);
	if (u < 10) /* designated, in force from a later date */
		from = day_between(&r, NOW + DAY, ymd(2026, 12, 1)),
		until = from + 5 * 365 * DAY;
	else if (u < 30) /* declassified */
		declass = day_between(&r, from + DAY, ymd(2026, 7, 1));

	/* compartments: more for defense and intelligence */
	n = zipf_distinct(&z_comp, &r, list,
	    count03(&r, strcmp(field, "economic_security") == 0 ? 900 : 680));
	for (k = 0; k < n; k++)
		comps[k] = comp_word[list[k]];
	/* releasability: NOFORN, or REL TO 2..4 nations with the owner's */
	if (permille(&r) >= (foreign ? 150u : 520u)) {
		uint32_t want = 2 + below(&r, 3), tries = 0;

		rel[nrel++] = country;
		if (foreign)
			rel[nrel++] = "JPN";
		while (nrel < want && tries++ < 32) {
			const char *c = pick(&r, partners_rel, N(partners_rel));

			for (k = 0; k < nrel && strcmp(rel[k], c) != 0; k++)
				;
			if (k == nrel)
				rel[nrel++] = c;
		}
	}
	o_s(o, "{\"kind\":\"item\",\"id\":\"doc-");
	o_u(o, i);
	o_s(o, "\",\"title\":\"");
	o_s(o, pick(&r, prog_topic, N(prog_topic)));
	o_s(o, " ");
	o_s(o, pick(&r, doc_kind, N(doc_kind)));
	o_s(o, " No.");
	o_u(o, i);
	o_s(o, "\",\"owner\":\"");
	o_s(o, owner);
	o_s(o, "\",\"field\":\"");
	o_s(o, field);
	o_s(o, "\",\"authority\":\"");
	o_s(o, auth);
	o_s(o, "\",\"level\":\"");
	o_s(o, level);
	o_s(o, "\"");
	o_list(o, "compartments", comps, n);
	o_list(o, "releasable_to", rel, nrel);
	n = zipf_distinct(&z_prog, &r, list, count03(&r, 700));
	for (k = 0; k < n; k++) {
		snprintf(progbuf[k], sizeof(progbuf[k]), "ntk-%04u", list[k]);
		progs[k] = progbuf[k];
	}
	o_list(o, "programs", progs, n);
	o_period(o, from, until);
	if (declass >= 0) {
		o_s(o, ",\"declassified\":");
		o_time(o, declass, 0);
	}
	o_end(o);
	st.items++;
}

/* Queries: uniform subjects and items, most at the fixed now, ~1% of ids
 * unknown. */
static void
write_queries(struct out *o, uint64_t persons, uint64_t items, uint64_t nq)
{
	struct rng r = stream(5, 0);
	uint64_t q;

	for (q = 0; q < nq; q++) {
		uint32_t u = permille(&r);
		uint64_t s = next64(&r) % persons, it = next64(&r) % items;
		int64_t at = NOW;

		if (below(&r, 20) == 0) /* 5%: another time, 2015..2035 */
			at = ymd(2015, 1, 1) +
			    (int64_t)(next64(&r) %
			        (uint64_t)(ymd(2036, 1, 1) - ymd(2015, 1, 1)));
		o_s(o, "{\"subject\":\"p");
		if (u < 5)
			o_s(o, "x");
		o_u(o, s);
		o_s(o, "\",\"item\":\"doc-");
		if (u >= 5 && u < 10)
			o_s(o, "x");
		o_u(o, it);
		o_s(o, "\",\"at\":");
		o_time(o, at, 1);
		o_end(o);
	}
}

static uint64_t
parse_count(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0' || end == s) {
		fprintf(stderr, "gen: bad %s \"%s\"\n", what, s);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	uint64_t persons, items, nq = 1000000, i;
	struct out o;

	if (argc < 5 || argc > 6) {
		fprintf(stderr,
		    "usage: gen PERSONS ITEMS SEED OUTDIR [QUERIES]\n");
		return 2;
	}
	persons = parse_count(argv[1], "PERSONS");
	items = parse_count(argv[2], "ITEMS");
	g_seed = parse_count(argv[3], "SEED");
	if (argc == 6)
		nq = parse_count(argv[5], "QUERIES");
	if (persons < 1 || items < 1 || persons > 100000000 ||
	    items > 100000000) {
		fprintf(stderr, "gen: PERSONS and ITEMS: 1..100000000\n");
		return 2;
	}
	if (mkdir(argv[4], 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen: %s: %s\n", argv[4], strerror(errno));
		return 1;
	}
	build_orgs(persons);

	o_open(&o, argv[4], "register.jsonl");
	write_orgs(&o);
	write_approvals(&o);
	st.approvals = o.lines - norgs;
	write_labels(&o);
	for (i = 0; i < persons; i++)
		write_person(&o, i);
	for (i = 0; i < items; i++)
		write_item(&o, i);
	o_close(&o);
	fprintf(stderr,
	    "gen: %s: %" PRIu64 " lines: %u organizations (%u contractors, "
	    "%u research), %" PRIu64 " approvals, %u compartments, %u "
	    "programs, %" PRIu64 " persons (%" PRIu64 " relatives), %" PRIu64
	    " clearances, %" PRIu64 " briefings, %" PRIu64
	    " memberships, %" PRIu64 " suspensions, %" PRIu64 " items\n",
	    o.path, o.lines, norgs, ncontractors, nresearch, st.approvals,
	    NCOMP, NPROG, st.persons, st.relatives, st.clearances, st.briefings,
	    st.memberships, st.suspensions, st.items);

	o_open(&o, argv[4], "queries.jsonl");
	write_queries(&o, persons, items, nq);
	o_close(&o);
	fprintf(stderr, "gen: %s: %" PRIu64 " queries\n", o.path, nq);
	return 0;
}
