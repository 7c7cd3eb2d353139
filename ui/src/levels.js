// SPDX-License-Identifier: Apache-2.0
// levels.js - the authorities and levels a nomination offers
// (pages/nominate.js), from the server's reference tables (GET /v1/levels:
// authorities, each with its levels and their ranks).  The rule is the
// server's (src/ops/case.c, check_sponsor): a government organ sponsors
// any authority; a contractor or research institution only one that its
// conforming-business approvals cover, valid now, at a rank at least the
// level's.  No imports: tests/ui/run.mjs runs it under plain Node.

/* The statutory suitability assessments of Japan (DESIGN.md section 3):
 * what a Japanese organ nominates its staff for by default; every other
 * authority stays a choice away. */
export const JAPANESE = ['JPN-SDS', 'JPN-CESI'];

/** The authorities, each with its levels highest rank first. */
export function byRank(authorities) {
	return (authorities || []).map((a) => ({ ...a, levels: [...(a.levels || [])].sort((x, y) => y.rank - x.rank) }));
}

/* An approval in force at now (milliseconds): valid_until is exclusive. */
function holds(a, now) {
	const from = Date.parse(a.valid_from);
	const until = a.valid_until ? Date.parse(a.valid_until) : Infinity;
	return from <= now && now < until;
}

/**
 * The authorities offered by default to nominate a person employed by org
 * ({type}), levels highest rank first, none empty:
 * - a government organ: the Japanese ones (JAPANESE);
 * - a contractor or research institution: with its approvals (an array of
 *   {authority, level, valid_from, valid_until}), the levels they cover at
 *   now; when the caller may not read them (null), the Japanese ones,
 *   and the server decides;
 * - any other employer: none (the server refuses it as a sponsor).
 */
export function offered(authorities, org, approvals, now) {
	const all = byRank(authorities);
	const type = org && org.type;
	if (type === 'government' || ((type === 'contractor' || type === 'research') && !approvals))
		return all.filter((a) => JAPANESE.includes(a.authority) && a.levels.length);
	if (type !== 'contractor' && type !== 'research')
		return [];
	return all.map((a) => {
		const ranks = approvals.filter((p) => p.authority === a.authority && holds(p, now))
			.map((p) => (a.levels.find((l) => l.level === p.level) || { rank: -1 }).rank);
		const top = Math.max(-1, ...ranks);
		return { ...a, levels: a.levels.filter((l) => l.rank <= top) };
	}).filter((a) => a.levels.length);
}
