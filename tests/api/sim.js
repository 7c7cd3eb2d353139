// SPDX-License-Identifier: Apache-2.0
//
// sim.js - the API tests of the capacity planner (POST /v1/sim, POST
// /v1/sim/staff; src/core/sim.c, src/ops/sim.c; docs/capacity.md): a
// small M/M/c scenario whose figures are known in closed form, the same
// seed giving the same answer, a class that takes its times from the
// register's own history, the what-if answered by both methods, and bad
// scenarios refused naming the field.
//
// run.js loads this file: register(h) adds the tests.
'use strict';

// One class at lambda a day into c servers of mean service 1 day; every
// other stage takes no time and a rule decides every case after review.
function mmc(lambda, c, days, seed) {
	return {
		days, warmup_days: days / 10, sample_days: days / 10, seed,
		pools: [{ id: 'inv', stage: 'investigation', servers: c },
			{ id: 'adj', stage: 'adjudication', servers: 1 }],
		review: null, adjudication: 'adj',
		classes: [{ id: 'T', body: 'inv', arrivals: [{ day: 0, per_day: lambda }], e_adjudication: 1,
			time: { investigation: { exponential: { mean: 1 } } } }],
	};
}

function register(h) {
	const { test, api, assert, eq, expectStatus, expectError } = h;

	test('sim: an M/M/1 queue at rho 0.5 gives its closed forms, the same seed the same run', async () => {
		const r = await api('POST', '/v1/sim', { as: 'auditor', body: mmc(0.5, 1, 20000, 3) });
		expectStatus(r, 200, 'the simulation');
		const inv = r.json.stages.find((s) => s.stage === 'investigation');
		// M/M/1: W = 1 / (mu - lambda) = 2 days, Wq = rho W = 1 day.
		assert(Math.abs(inv.time.mean - 2) < 0.2, `W ${inv.time.mean}`);
		assert(Math.abs(inv.wait.mean - 1) < 0.2, `Wq ${inv.wait.mean}`);
		assert(r.json.little.error < 0.02, `Little ${JSON.stringify(r.json.little)}`);
		eq(r.json.counts.decided, r.json.counts.e_adjudicated, 'every case decided by the rule');
		eq(r.json.samples.length, 11, 'a sample every tenth of the run, and at its start');
		const again = await api('POST', '/v1/sim', { as: 'admin', body: mmc(0.5, 1, 20000, 3) });
		eq(JSON.stringify(again.json), JSON.stringify(r.json), 'the same seed, the same run');
		const other = await api('POST', '/v1/sim', { as: 'admin', body: mmc(0.5, 1, 20000, 4) });
		assert(JSON.stringify(other.json) !== JSON.stringify(r.json), 'another seed, another run');
	});

	test('sim: a class with history takes its times and arrivals from the register', async () => {
		const s = mmc(1, 5, 200, 1);
		s.classes[0].history = { authority: 'JPN-SDS' };
		delete s.classes[0].arrivals;
		const r = await api('POST', '/v1/sim', { as: 'auditor', body: s });
		expectStatus(r, 200, 'the simulation from history');
		const h = r.json.history.T;
		assert(h && h.investigation && typeof h.investigation.cases === 'number',
		    `history ${JSON.stringify(r.json.history)}`);
		assert(['empirical', 'lognormal', 'scenario'].includes(h.investigation.kind), h.investigation.kind);
		assert(h.investigation.kind !== 'empirical' || h.investigation.cases >= 30, 'empirical from 30 cases');
		assert(typeof h.arrivals_per_day === 'number' && h.arrivals_per_day >= 0, 'arrivals from the register');
	});

	test('sim: the register\'s own scenario runs as it is', async () => {
		const r = await api('GET', '/v1/sim/scenario', { as: 'auditor' });
		expectStatus(r, 200, 'the register\'s scenario');
		const sc = r.json;
		eq(sc.pools.map((p) => p.id).join(','), 'investigators,adjudicators', 'its pools');
		assert(sc.pools[0].servers >= 1 && sc.pools[1].servers >= 1, 'servers from the accounts');
		assert(sc.classes.length >= 1, 'a class per authority and level of the last year');
		for (const c of sc.classes) {
			assert(c.history && c.history.authority && c.history.level, `history of ${c.id}`);
			assert(c.time.investigation.lognormal, `defaults of ${c.id}`);
			for (const k of ['refuse_consent', 'e_adjudication', 'deny'])
				assert(c[k] >= 0 && c[k] <= 1, `${c.id}.${k} ${c[k]}`);
		}
		const run = await api('POST', '/v1/sim', { as: 'admin', body: sc });
		expectStatus(run, 200, 'running it');
		eq(Object.keys(run.json.history).length, sc.classes.length, 'every class took its history');
	});

	test('forecast: per quarter arrivals, inventory and phases with their bands; bad parameters named', async () => {
		const r = await api('GET', '/v1/reports/forecast?quarters=3&replications=6', { as: 'auditor' });
		expectStatus(r, 200, 'the forecast');
		eq(r.json.replications, 6, 'replications');
		eq(r.json.quarters.length, 4, 'the current quarter and three more');
		let prev = r.json.now;
		for (const q of r.json.quarters) {
			assert(/^\d{4}-Q[1-4]$/.test(q.quarter), q.quarter);
			eq(q.start, prev, `${q.quarter} starts where the last ended`);
			assert(q.end > q.start, `${q.quarter} ends after it starts`);
			prev = q.end;
			for (const b of [q.arrivals, q.inventory])
				assert(b.lo <= b.mean + 1e-9 && b.mean <= b.hi + 1e-9, `${q.quarter} band ${JSON.stringify(b)}`);
			assert(q.phases.investigation, `${q.quarter} phases`);
		}
		for (const c of r.json.classes)
			assert(['ets_ana', 'seasonal_naive', 'ses', 'naive', 'none', 'scenario'].includes(c.method),
			    `${c.id}: ${c.method}`);
		// Little's law on the register's last year, every figure recomputed
		// from the cases as the adjudicator sees them would need dates this
		// view lacks: check its shape and its own arithmetic.
		const l = r.json.little;
		eq(l.window_days, 365, 'Little over a year');
		assert(l.L >= 0 && l.lambda >= 0 && l.W >= 0, `Little ${JSON.stringify(l)}`);
		if (l.L > 0)
			assert(Math.abs(l.error - Math.abs(l.L - l.lambda * l.W) / l.L) < 0.01, `Little's error ${JSON.stringify(l)}`);
		const again = await api('GET', '/v1/reports/forecast?quarters=3&replications=6', { as: 'admin' });
		eq(JSON.stringify(again.json.quarters.map((q) => q.inventory)),
		    JSON.stringify(r.json.quarters.map((q) => q.inventory)), 'the same forecast twice');
		for (const [qs, field] of [['quarters=0', 'quarters'], ['quarters=9', 'quarters'], ['quarters=x', 'quarters'],
			['replications=0', 'replications'], ['replications=101', 'replications'], ['bogus=1', 'bogus']])
			expectError(await api('GET', `/v1/reports/forecast?${qs}`, { as: 'auditor' }), 400, 'invalid', field, qs);
	});

	test('sim staff: the fewest servers for a p90, by simulation and by Erlang C', async () => {
		const body = { scenario: mmc(8, 5, 4000, 2), pool: 'inv', quantile: 0.9, days: 3 };
		const r = await api('POST', '/v1/sim/staff', { as: 'admin', body });
		expectStatus(r, 200, 'the what-if');
		eq(r.json.current.servers, 5, 'the current staff');
		// Exponential service of mean 1: the p90 of the time with c
		// servers at lambda 8; Erlang C says 10 (p90 2.35 d; 9 give 3.08).
		eq(r.json.erlang.servers, 10, 'Erlang C');
		assert(Math.abs(r.json.simulation.servers - 10) <= 1, `simulation ${r.json.simulation.servers}`);
		assert(r.json.simulation.quantile_days <= 3, 'the simulated p90 meets the target');
		const never = await api('POST', '/v1/sim/staff', { as: 'admin', body: { ...body, days: 1 } });
		expectStatus(never, 200, 'a target service alone misses');
		eq(never.json.erlang.servers, null, 'no staff is enough (Erlang C)');
		eq(never.json.simulation.servers, null, 'no staff is enough (simulation)');
	});

	test('sim staff: two screening bodies in one stage, each judged on its own cases', async () => {
		const two = () => {
			const x = mmc(8, 10, 4000, 2);
			x.pools.push({ id: 'inv2', stage: 'investigation', servers: 2 });
			x.classes.push({ id: 'U', body: 'inv2', arrivals: [{ day: 0, per_day: 4 }], e_adjudication: 1,
				time: { investigation: { exponential: { mean: 1 } } } });
			return x;
		};
		// The run: each pool's own figures; together, the stage's.
		const run = await api('POST', '/v1/sim', { as: 'auditor', body: two() });
		expectStatus(run, 200, 'two bodies');
		const st = run.json.stages.find((g) => g.stage === 'investigation');
		const [p1, p2] = ['inv', 'inv2'].map((id) => run.json.pools.find((p) => p.id === id));
		eq(p1.entered + p2.entered, st.entered, 'the pools\' entries are the stage\'s');
		eq(p1.time.count + p2.time.count, st.time.count, 'and so are their cases');
		// Two servers for 4 a day of 1 day each: overloaded, a queue; the
		// first body, 10 for 8 a day, keeps up.
		assert(p2.at_end > 10 * (p1.at_end + 1), `the second body's queue: ${p2.at_end} against ${p1.at_end}`);
		// The what-if for the second body: its own arrivals (4 a day).
		const r = await api('POST', '/v1/sim/staff', { as: 'admin',
			body: { scenario: two(), pool: 'inv2', quantile: 0.9, days: 3 } });
		expectStatus(r, 200, 'the what-if of one body');
		eq(r.json.current.servers, 2, 'its current staff');
		assert(Math.abs(r.json.erlang.lambda - 4) < 0.2, `its arrivals ${r.json.erlang.lambda}`);
		assert(r.json.erlang.servers >= 5 && r.json.erlang.servers <= 8, `Erlang C ${r.json.erlang.servers}`);
		assert(Math.abs(r.json.simulation.servers - r.json.erlang.servers) <= 1,
		    `simulation ${r.json.simulation.servers} against Erlang C ${r.json.erlang.servers}`);
		// The first body's answer is the one it has alone.
		const r1 = await api('POST', '/v1/sim/staff', { as: 'admin',
			body: { scenario: two(), pool: 'inv', quantile: 0.9, days: 3 } });
		eq(r1.json.erlang.servers, 10, 'the first body: Erlang C as alone');
	});

	test('sim: bad scenarios and what-ifs are refused naming the field', async () => {
		const bad = async (body, field, path = '/v1/sim') => {
			const r = await api('POST', path, { as: 'auditor', body });
			expectError(r, 400, 'invalid', field, `${field}`);
		};
		const s = () => mmc(1, 2, 100, 1);
		await bad({ ...s(), days: -1 }, 'days');
		await bad({ ...s(), bogus: 1 }, 'bogus');
		let x = s(); x.classes[0].deny = 2; await bad(x, 'classes[0].deny');
		x = s(); x.classes[0].arrivals[0].per_day = 'many'; await bad(x, 'classes[0].arrivals[0].per_day');
		x = s(); x.classes[0].body = 'adj'; await bad(x, 'classes[0].body');
		x = s(); x.classes[0].time.investigation = { lognormal: { median: 5, p90: 2 } };
		await bad(x, 'classes[0].time.investigation.lognormal');
		x = s(); x.pools[0].stage = 'consent'; await bad(x, 'pools[0].stage');
		x = s(); x.adjudication = 'inv'; await bad(x, 'adjudication');
		await bad({ scenario: s(), pool: 'nope', days: 3 }, 'pool', '/v1/sim/staff');
		await bad({ scenario: s(), pool: 'inv', days: 3, quantile: 0.95 }, 'quantile', '/v1/sim/staff');
		await bad({ scenario: s(), pool: 'inv', days: 0 }, 'days', '/v1/sim/staff');
		// A pool no class sends a case to: no staff figure means anything.
		x = s(); x.pools.push({ id: 'inv2', stage: 'investigation', servers: 1 });
		await bad({ scenario: x, pool: 'inv2', days: 3 }, 'pool', '/v1/sim/staff');
		// One request's work is bounded: 10 million cases, 10 million leavers.
		x = s(); x.days = 36525; x.classes[0].arrivals[0].per_day = 1e6;
		let r = await api('POST', '/v1/sim', { as: 'auditor', body: x });
		expectStatus(r, 413, 'a century at a million a day');
		eq(r.json.error.field, 'classes', 'the cases named');
		x = s(); x.pools[0].servers = 1000000; x.pools[0].attrition = 10; x.days = 36525;
		r = await api('POST', '/v1/sim', { as: 'auditor', body: x });
		expectStatus(r, 413, 'a million people leaving ten times a year');
		eq(r.json.error.field, 'attrition', 'the leavers named');
		// -0 is 0 (its sign would make it the last moment of the run).
		x = s(); x.pools[0].staff = [{ day: -0, servers: 3 }];
		expectStatus(await api('POST', '/v1/sim', { as: 'auditor', body: x }), 200, 'a day of -0');
	});
}

module.exports = { register };
