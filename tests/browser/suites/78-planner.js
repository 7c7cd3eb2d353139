// SPDX-License-Identifier: Apache-2.0
// 78-planner.js - the capacity planner (/reports/planner, issue 14 item
// 7) of the auditor, in English and in Japanese: the phase durations of
// all cases and of one level, the open cases by age (stacked by level on
// demand, its bars adding up to the table's open cases), the forecast
// (GET /v1/reports/forecast, asked once with its defaults and not again
// after a language switch; asked again on coming back): the fan of open
// cases and the chart of cases opened drawn from the endpoint's answer
// (each point's height and place recomputed from it), their tables, each
// phase's p50/p80/p90 per quarter with its band and each class's method
// and backtest in both languages, its busy state held open by holding the
// answer back, a bad field named under it; the staffing what-if (its busy
// state, the answer's numbers in the sentence, a target the server
// refuses named under its field, a target no staff meets said so), Save
// SVG (a whole SVG document: its title, its colours as attributes, no
// class) and Save PNG (a PNG at twice the chart's size), axe and
// screenshots.  A subject and an adjudicator get the not-found page.
// Nothing here changes the register: the forecasts and simulations only
// read it, and no figure is compared with an absolute number (other
// suites add cases).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const W = 720; /* chart.js: the width of every chart's viewBox */
const STAGES = ['consent', 'questionnaire', 'initiation', 'investigation', 'review', 'adjudication', 'complaint'];

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG } = h;
	const base = h.base;
	const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k])));

	/* The auditor on the planner, every chart drawn; @seen collects the
	 * answers (promises of {path, query, json}) of GET /v1/reports/forecast
	 * and /v1/sim/scenario, and the paths of every POST /v1/sim. */
	async function open(page, seen) {
		page.on('response', (r) => {
			const u = new URL(r.url());
			if (r.request().method() === 'GET' && ['/v1/reports/forecast', '/v1/sim/scenario'].includes(u.pathname))
				seen.push(r.json().then((json) => ({ path: u.pathname, query: u.search, json })));
			else if (r.request().method() === 'POST' && u.pathname === '/v1/sim')
				seen.push(Promise.resolve({ path: 'POST /v1/sim' }));
		});
		await signIn(page, 'auditor');
		await page.waitForURL(base + '/audit');
		await waitIdle(page);
		await page.locator('.nav a[href="/reports/planner"]').click();
		await page.waitForURL(base + '/reports/planner');
		await page.locator('#ch-plan-phases-t').waitFor({ state: 'attached' });
		await page.locator('#ch-plan-fan-t').waitFor({ state: 'attached' });
		await settled(page);
	}

	/* The answers seen so far of @path. */
	const answers = async (seen, p) => (await Promise.all(seen)).filter((x) => x.path === p);

	/* A number as the page writes it (fmtNum: at most one decimal) in @lang. */
	const fmt = (lang, v, digits) => (v === null || v === undefined ? '—' :
		new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en', { maximumFractionDigits: digits === undefined ? 1 : digits }).format(v));
	const num = (x) => Number(String(x).replace(/,/g, ''));

	/* The cases opened per quarter of all classes, before the current
	 * quarter: [[quarter index, n]], recomputed from the answer. */
	function history(r) {
		const by = new Map();
		for (const c of r.classes) {
			const d = new Date(c.history_from * 1000);
			let i = d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
			for (const v of c.history)
				by.set(i, (by.get(i) || 0) + v), i++;
		}
		const m = /^(\d{4})-Q(\d)$/.exec(r.quarters[0].quarter);
		const cur = Number(m[1]) * 4 + Number(m[2]) - 1;
		return [...by.entries()].filter(([i]) => i < cur).sort((a, b) => a[0] - b[0]);
	}

	/*
	 * The line @sel of the chart @id: its points [x, y] in the SVG, and
	 * value(y), the value at height y read back through the y axis (its
	 * lowest and highest ticks, each at its grid line).
	 */
	async function plotted(page, id, sel) {
		const o = await page.evaluate(([i, q]) => {
			const svg = document.getElementById(i + '-svg');
			return {
				pts: svg.querySelector(q).getAttribute('points').trim().split(/\s+/).map((p) => p.split(',').map(Number)),
				ticks: [...svg.querySelectorAll('text.chart-tick[text-anchor="end"]')]
					.map((t) => [Number(t.textContent.replace(/,/g, '')), Number(t.getAttribute('y')) - 4]).filter((t) => !isNaN(t[0])),
			};
		}, [id, sel]);
		const [v0, y0] = o.ticks[0];
		const [v1, y1] = o.ticks[o.ticks.length - 1];
		return { pts: o.pts, value: (y) => v0 + ((y0 - y) / (y0 - y1)) * (v1 - v0), perPx: (v1 - v0) / (y0 - y1) };
	}

	/* Each point's value read back is @want's (the points are written to a
	 * tenth of a pixel), and the points stand at @xs along the x axis. */
	function samePoints(what, got, want, xs) {
		assert(got.pts.length === want.length, `${what}: ${got.pts.length} points, want ${want.length}`);
		got.pts.forEach(([, y], i) => assert(Math.abs(got.value(y) - want[i]) <= got.perPx * 0.06,
			`${what} point ${i}: ${got.value(y)}, want ${want[i]}`));
		const x0 = got.pts[0][0];
		const span = got.pts[got.pts.length - 1][0] - x0;
		got.pts.forEach(([x], i) => assert(Math.abs((x - x0) / span - (xs[i] - xs[0]) / (xs[xs.length - 1] - xs[0])) < 0.001,
			`${what} point ${i} at x ${x}`));
	}

	/* The table captioned @caption: its rows' cells, the header first. */
	async function tableRows(page, caption) {
		const tbl = page.locator('table', { has: page.locator('caption', { hasText: caption }) });
		assert(await tbl.count() === 1, 'no table ' + caption);
		return tbl.evaluate((t) => [...t.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())));
	}

	/* The phase table for @stat in @lang: every cell is the answer's mean (10th–90th percentile). */
	async function checkPhases(page, T, lang, r, stat) {
		const statName = T['plan.fc.stat.' + stat];
		if (await page.inputValue('#pl-fc-stat') !== stat)
			await page.locator('#pl-fc-stat').selectOption(stat);
		const rows = await tableRows(page, fill(T['plan.fc.ph_table'], { stat: statName }));
		assert(rows.length === 1 + STAGES.length, 'phase rows: ' + rows.length);
		assert(rows[0].length === 1 + r.quarters.length, 'phase columns: ' + rows[0].join('|'));
		STAGES.forEach((st, i) => {
			const row = rows[i + 1];
			assert(row[0] === T['plan.fc.stage.' + st], `row ${i}: ${row[0]}`);
			r.quarters.forEach((q, k) => {
				const b = q.phases[st] && q.phases[st][stat];
				const want = b ? fill(T['plan.fc.cell'], { mean: fmt(lang, b.mean), lo: fmt(lang, b.lo), hi: fmt(lang, b.hi) }) : '—';
				assert(row[k + 1] === want, `${st} ${stat} ${q.quarter}: ${row[k + 1]}, want ${want}`);
			});
		});
		return rows;
	}

	/* The classes' table in @lang: each class's level, method in words, history and backtest. */
	async function checkClasses(page, T, lang, r) {
		const rows = (await tableRows(page, T['plan.fc.cl_table'])).slice(1);
		assert(rows.length === r.classes.length && rows.length > 0, 'class rows: ' + rows.length);
		const pct = (v) => (v === null || v === undefined ? '—' :
			new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en', { style: 'percent', maximumFractionDigits: 1 }).format(v / 100));
		r.classes.forEach((c, i) => {
			const b = c.backtest;
			const want = [T['plan.fc.m.' + c.method], String(c.history.length), pct(b && b.mape_1q), pct(b && b.mape_4q),
				b ? fmt(lang, b.mase, 2) : '—'];
			assert(rows[i].slice(1).join('|') === want.join('|'), `class ${c.id}: ${rows[i].join('|')}, want ${want.join('|')}`);
			assert(rows[i][0].startsWith(c.id.split('/')[0] + ' / '), 'class name ' + rows[i][0]);
		});
		assert(await page.locator('.hint', { hasText: T['plan.fc.mase_note'] }).count() === 1, 'no word on MASE');
		return rows;
	}

	/* A download started by clicking @button: [file name, bytes]; a copy
	 * goes beside the screenshots (tests/browser/out/saved-LANG-NAME), to
	 * be looked at. */
	async function saved(page, button) {
		const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
		const name = dl.suggestedFilename();
		const bytes = fs.readFileSync(await dl.path());
		const lang = await page.evaluate(() => document.documentElement.lang);
		fs.writeFileSync(path.join(__dirname, '..', 'out', `saved-${lang}-${name.replace(/[^a-z0-9.-]/gi, '')}`), bytes);
		return [name, bytes];
	}

	/* The saved SVG of figure @id: a well-formed SVG document whose first
	 * text is @title, painted by attributes (@colours among them); its size. */
	async function checkSvg(page, id, title, colours) {
		const [name, bytes] = await saved(page, page.locator(`#${id} button[data-save="svg"]`));
		assert(/^scs-[a-z0-9-]+\.svg$/.test(name), 'SVG file name: ' + name);
		const text = bytes.toString('utf8');
		assert(text.startsWith('<?xml') && text.includes('<svg'), 'not an SVG document: ' + text.slice(0, 80));
		assert(!/\bclass=/.test(text), 'the saved SVG still names classes of the page');
		for (const c of colours || [])
			assert(text.includes(`fill="${c}"`), `no fill ${c} as an attribute`);
		assert(/<(rect|polygon)[^>]* fill="rgb\(\d+, \d+, \d+\)"/.test(text), 'no bar painted by an attribute');
		const doc = await page.evaluate((s) => {
			const d = new DOMParser().parseFromString(s, 'image/svg+xml');
			if (d.querySelector('parsererror'))
				return null;
			const svg = d.documentElement;
			return { root: svg.localName, width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')),
				heading: svg.querySelector(':scope > text').textContent, title: svg.querySelector(':scope > title').textContent };
		}, text);
		assert(doc && doc.root === 'svg', 'the saved SVG does not parse');
		/* The heading in lines (tspans) that fit: the same words, broken at a space or between CJK glyphs. */
		const bare = (x) => x.replace(/\s+/g, '');
		assert(bare(doc.heading) === bare(title) && doc.title === title, `heading ${doc.heading}, title ${doc.title}, want ${title}`);
		assert(doc.width === W && doc.height > 100, `size ${doc.width}x${doc.height}`);
		return doc;
	}

	/* The saved PNG of figure @id: a PNG twice the size of its SVG. */
	async function checkPng(page, id, svg) {
		const [name, png] = await saved(page, page.locator(`#${id} button[data-save="png"]`));
		assert(/^scs-[a-z0-9-]+\.png$/.test(name), 'PNG file name: ' + name);
		assert(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'not a PNG');
		const w = png.readUInt32BE(16);
		const hh = png.readUInt32BE(20);
		assert(w === 2 * svg.width && hh === 2 * svg.height, `PNG ${w}x${hh}, SVG ${svg.width}x${svg.height}`);
	}

	await test('planner: the auditor\'s four charts in English, saved as SVG and PNG; the what-if busy, answered, refused', async () => {
		const T = CATALOG.en;
		const { context, page } = await newPage('en');
		try {
			const seen = [];
			await open(page, seen);
			assert(await page.getAttribute('.nav a[href="/reports/planner"]', 'aria-current') === 'page', 'not current in the navigation');
			assert(await page.locator('main h1').textContent() === T['plan.title'], 'title');

			/* 1. Phase durations: all cases, then one level by its name. */
			const all = T['report.all'];
			assert(await page.locator('#ch-plan-phases-t').textContent() === fill(T['plan.phases.chart'], { row: all }), 'phases title');
			assert(await page.locator('#ch-plan-phases-svg rect').count() >= 3 * 6, 'phase bars: ' + await page.locator('#ch-plan-phases-svg rect').count());
			assert(await page.locator('#ch-plan-phases-d').textContent() === await page.locator('#pl-ph ~ .plan-summary').textContent(),
				'the chart\'s description is not the sentence shown');
			const legend = await page.locator('#ch-plan-phases-svg text.chart-label').allTextContents();
			for (const k of ['report.median', 'report.fastest90', 'report.p90'])
				assert(legend.includes(T[k]), 'legend lacks ' + T[k]);
			assert(await page.locator('main caption', { hasText: fill(T['plan.phases.table'], { row: all }) }).count() === 1, 'phases table');
			await page.locator('#pl-row').selectOption({ label: 'JPN-SDS / Specially Designated Secret' });
			const sds = fill(T['plan.phases.chart'], { row: 'JPN-SDS / Specially Designated Secret' });
			await page.waitForFunction((s) => document.getElementById('ch-plan-phases-t').textContent === s, sds);
			/* Okabe and Ito's sky blue, bluish green and blue (css/chart.css k5, k3, k1). */
			const svgPhases = await checkSvg(page, 'ch-plan-phases', sds, ['rgb(86, 180, 233)', 'rgb(0, 158, 115)', 'rgb(0, 114, 178)']);
			await checkPng(page, 'ch-plan-phases', svgPhases);

			/* 2. Backlog: the bars' totals are the table's open cases; by level, a legend of levels. */
			const bars = (await page.locator('#ch-plan-backlog-svg text.chart-value').allTextContents()).map((s) => Number(s.replace(/[^0-9]/g, '')));
			assert(bars.length === 5, 'age bands: ' + bars.length);
			const tbl = page.locator('table', { has: page.locator('caption', { hasText: T['plan.backlog.table'] }) });
			const openAll = Number((await tbl.locator('tbody tr', { has: page.locator('th', { hasText: new RegExp('^' + all + '$') }) }).locator('td').first().textContent()).replace(/[^0-9]/g, ''));
			assert(bars.reduce((s, v) => s + v, 0) === openAll && openAll > 0, `bands ${bars.join('+')} vs open ${openAll}`);
			await page.locator('#pl-bylevel').check();
			await page.waitForFunction((s) => document.getElementById('ch-plan-backlog-t').textContent === s, T['plan.backlog.chart_levels']);
			const lv = await page.locator('#ch-plan-backlog-svg text.chart-label').allTextContents();
			assert(lv.includes('JPN-SDS / Specially Designated Secret') && lv.includes('JPN-CESI / Critical Economic Security Information'),
				'legend of levels: ' + lv.join('|'));
			const stacked = (await page.locator('#ch-plan-backlog-svg text.chart-value').allTextContents()).map((s) => Number(s.replace(/[^0-9]/g, '')));
			assert(stacked.join() === bars.join(), `stacked ${stacked} differs from ${bars}`);
			await checkSvg(page, 'ch-plan-backlog', T['plan.backlog.chart_levels']);

			{
				/* 3. The forecast: asked once, with its defaults; no client-side runs of POST /v1/sim. */
				const fcs = await answers(seen, '/v1/reports/forecast');
				assert(fcs.length === 1 && fcs[0].query === '?quarters=4&replications=20', 'forecasts asked: ' + fcs.map((x) => x.query));
				assert(!(await answers(seen, 'POST /v1/sim')).length, 'the page still runs the simulator itself');
				const r = fcs[0].json;
				assert(r.quarters.length === 5 && r.replications === 20, 'the answer: ' + r.quarters.length);
				const open0 = (await answers(seen, '/v1/sim/scenario'))[0].json;
				const today = Object.values(open0.initial).reduce((s, by) => s + Object.values(by).reduce((a, n) => a + n, 0), 0);
				assert(await page.locator('#ch-plan-fan-t').textContent() === fill(T['plan.fc.inv_chart'], { n: 20 }), 'fan title');
				/* The fan: today's open cases, then each quarter's end; the mean line and the band's edges recomputed. */
				const days = [0, ...r.quarters.map((q) => (q.end - r.now) / 86400)];
				samePoints('mean', await plotted(page, 'ch-plan-fan', 'polyline.chart-mid'), [today, ...r.quarters.map((q) => q.inventory.mean)], days);
				const band = await page.locator('#ch-plan-fan-svg polygon.chart-band').getAttribute('points');
				const edge = band.trim().split(/\s+/);
				assert(edge.length === 2 * days.length, 'band of ' + edge.length + ' corners');
				const poly = await plotted(page, 'ch-plan-fan', 'polygon.chart-band');
				const up = { ...poly, pts: poly.pts.slice(0, days.length) };
				const down = { ...poly, pts: poly.pts.slice(days.length).reverse() };
				samePoints('90th percentile', up, [today, ...r.quarters.map((q) => q.inventory.hi)], days);
				samePoints('10th percentile', down, [today, ...r.quarters.map((q) => q.inventory.lo)], days);
				const ticks = await page.locator('#ch-plan-fan-svg text.chart-tick').allTextContents();
				assert(ticks.includes(T['plan.fc.today']) && ticks.includes(T['plan.fc.q.' + r.quarters[4].quarter.slice(-1)]), 'x axis: ' + ticks.join('|'));
				const desc = await page.locator('#ch-plan-fan-d').textContent();
				const last = r.quarters[4];
				assert(desc.includes(`mean of 20 replications is ${fmt('en', last.inventory.mean)} open cases`) &&
					desc.includes(`between ${fmt('en', last.inventory.lo)} and ${fmt('en', last.inventory.hi)}`) &&
					desc.startsWith(fill(T['plan.fc.inv_now'], { n: fmt('en', today, 0) }) + ' At the end of '), 'fan sentence: ' + desc);
				/* The cases opened: the counted quarters as a line, the forecast's mean from the last of them. */
				const hist = history(r);
				const cur = hist.length ? hist[hist.length - 1][0] + 1 : 0;
				assert(hist.length > 0, 'no history of cases opened');
				samePoints('counted', await plotted(page, 'ch-plan-arrivals', 'polyline.chart-hist'), hist.map((h) => h[1]), hist.map((h) => h[0]));
				samePoints('forecast', await plotted(page, 'ch-plan-arrivals', 'polyline.chart-mid'),
					[hist[hist.length - 1][1], ...r.quarters.map((q) => q.arrivals.mean)], [cur - 1, ...r.quarters.map((q, i) => cur + i)]);
				const legend = await page.locator('#ch-plan-arrivals-svg text.chart-label').allTextContents();
				assert(['arr_hist', 'arr_band', 'arr_mean'].every((k) => legend.includes(T['plan.fc.' + k])), 'arrivals legend: ' + legend.join('|'));
				assert(await page.locator('#ch-plan-arrivals-svg line.chart-mark').count() === 1, 'no line between counted and forecast');
				/* Their table: today, then each quarter as the answer has it. */
				await page.locator('.plan-data summary').click();
				const rows = (await tableRows(page, fill(T['plan.fc.table'], { n: 20 }))).slice(1);
				assert(rows.length === 1 + r.quarters.length, 'forecast rows: ' + rows.length);
				assert(rows[0][0] === T['plan.fc.today'] && num(rows[0][3]) === today, 'today: ' + rows[0].join('|'));
				r.quarters.forEach((q, i) => {
					const want = [fill(T['plan.fc.q_full'], { q: 'Q' + q.quarter.slice(-1), y: q.quarter.slice(0, 4) }),
						String(Math.round((q.end - r.now) / 86400)), fmt('en', q.inventory.mean), `${fmt('en', q.inventory.lo)}–${fmt('en', q.inventory.hi)}`,
						fmt('en', q.arrivals.mean), `${fmt('en', q.arrivals.lo)}–${fmt('en', q.arrivals.hi)}`];
					const got = [rows[i + 1][0], ...rows[i + 1].slice(2)];
					assert(got.join('|') === want.join('|'), `${q.quarter}: ${got.join('|')}, want ${want.join('|')}`);
				});
				/* The counted quarters, a row a year: — where a quarter was not counted (before the first, from the current on). */
				const counted = (await tableRows(page, T['plan.fc.hist_table'])).slice(1);
				const byQ = new Map(hist);
				const y0 = Math.floor(hist[0][0] / 4);
				assert(counted.length === Math.floor(hist[hist.length - 1][0] / 4) - y0 + 1, 'counted years: ' + counted.length);
				counted.forEach((row, k) => {
					const want = [String(y0 + k), ...[0, 1, 2, 3].map((q) => fmt('en', byQ.get((y0 + k) * 4 + q), 0))];
					assert(row.join('|') === want.join('|'), `counted ${row.join('|')}, want ${want.join('|')}`);
				});
				/* Each phase's quantiles per quarter, then each class's method and backtest. */
				await checkPhases(page, T, 'en', r, 'p90');
				await checkPhases(page, T, 'en', r, 'p50');
				const inv = r.quarters.filter((q) => q.phases.investigation.p50).pop();
				if (inv)
					assert(await page.locator('#pl-fc-ph ~ .plan-summary').textContent() === `In Q${inv.quarter.slice(-1)} ${inv.quarter.slice(0, 4)}, ` +
						`the median of investigation is forecast at ${fmt('en', inv.phases.investigation.p50.mean)} days ` +
						`(${fmt('en', inv.phases.investigation.p50.lo)}–${fmt('en', inv.phases.investigation.p50.hi)}).`, 'phase sentence');
				await checkClasses(page, T, 'en', r);
				const svgFan = await checkSvg(page, 'ch-plan-fan', fill(T['plan.fc.inv_chart'], { n: 20 }));
				await checkPng(page, 'ch-plan-fan', svgFan);
				const svgArr = await checkSvg(page, 'ch-plan-arrivals', T['plan.fc.arr_chart']);
				await checkPng(page, 'ch-plan-arrivals', svgArr);
				await axe(page);
			}
			await shot(page, 'planner-auditor-en');

			/* 4. The what-if: the answer held back shows the busy state. */
			let release;
			const held = new Promise((r) => (release = r));
			await page.route('**/v1/sim/staff', async (route) => {
				await held;
				await route.continue();
			});
			await page.locator('#wi-pool').selectOption('adjudicators');
			await page.locator('#wi-quantile').selectOption('0.9');
			/* A target the demo's adjudicators can meet: their own cases
			 * (those a rule decided left out) take weeks, so 200 days. */
			await page.locator('#wi-days').fill('200');
			const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/sim/staff');
			await page.locator('.plan-whatif button[type=submit]').click();
			await page.locator('.plan-answer .loading').waitFor();
			assert(await page.locator('.plan-whatif button[type=submit]').isDisabled(), 'the button is not disabled while it runs');
			assert(await page.getAttribute('.plan-answer', 'aria-busy') === 'true', 'aria-busy');
			assert((await page.locator('.plan-answer .loading').textContent()) === T['plan.wi.busy'], 'busy text');
			await shot(page, 'planner-whatif-busy-en');
			release();
			const r = await (await answer).json();
			await page.unroute('**/v1/sim/staff');
			await page.locator('.plan-sentence').waitFor();
			const sentence = await page.locator('.plan-sentence').textContent();
			assert(sentence.startsWith(T['plan.wi.takes'].split('{q}')[0] + T['plan.q.0_9']), 'sentence: ' + sentence);
			assert(r.simulation.servers !== null, 'no staff meets 200 days: ' + JSON.stringify(r));
			assert(sentence.includes(`takes ${r.simulation.servers} adjudicator`) && sentence.includes(`(now ${r.current.servers})`), sentence);
			if (r.erlang.servers !== null)
				assert(sentence.includes(`Erlang C says ${r.erlang.servers}.`), sentence);
			assert(await page.getAttribute('.plan-answer', 'aria-busy') === 'false', 'still busy');
			const rows = await page.locator('#ch-plan-whatif-svg text.chart-label').allTextContents();
			assert(rows.join('|') === [T['plan.wi.now'], T['plan.wi.sim'], T['plan.wi.erlang_c']].join('|'), 'what-if bars: ' + rows.join('|'));
			const svgWi = await checkSvg(page, 'ch-plan-whatif', await page.locator('#ch-plan-whatif-t').textContent());
			await checkPng(page, 'ch-plan-whatif', svgWi);
			await axe(page);
			await shot(page, 'planner-whatif-en');

			/* A target of 0 days: the server's refusal under the field, what was chosen kept. */
			await page.locator('#wi-days').fill('0');
			await page.locator('.plan-whatif button[type=submit]').click();
			await page.locator('#wi-days-err').waitFor();
			assert(await page.getAttribute('#wi-days', 'aria-invalid') === 'true', 'aria-invalid');
			assert((await page.getAttribute('#wi-days', 'aria-describedby')).includes('wi-days-err'), 'aria-describedby');
			assert(await page.inputValue('#wi-pool') === 'adjudicators', 'pool lost');
			await axe(page);
			await shot(page, 'planner-whatif-refused-en');

			/* 5. The forecast's controls: a bad number named under its field by
			 * the server; an empty one under its field, nothing asked; the
			 * answer held back shows the busy state, then the quarters asked. */
			await page.locator('#fc-quarters').fill('9');
			await page.locator('.plan-forecast button[type=submit]').click();
			await page.locator('#fc-quarters-err').waitFor();
			assert(await page.locator('#fc-quarters-err').textContent() === 'must be from 1 to 8', 'quarters error: ' +
				await page.locator('#fc-quarters-err').textContent());
			assert(await page.getAttribute('#fc-quarters', 'aria-invalid') === 'true', 'quarters aria-invalid');
			assert((await page.getAttribute('#fc-quarters', 'aria-describedby')).includes('fc-quarters-err'), 'quarters aria-describedby');
			await page.locator('#fc-quarters').fill('2');
			await page.locator('#fc-replications').fill('');
			const asked = (await answers(seen, '/v1/reports/forecast')).length;
			await page.locator('.plan-forecast button[type=submit]').click();
			await page.locator('#fc-replications-err').waitFor();
			assert(await page.locator('#fc-replications-err').textContent() === T['plan.fc.required'], 'replications error');
			assert((await answers(seen, '/v1/reports/forecast')).length === asked, 'an empty field was sent');
			await page.locator('#fc-replications').fill('6');
			let releaseFc;
			const heldFc = new Promise((x) => (releaseFc = x));
			const isForecast = (u) => u.pathname === '/v1/reports/forecast';
			await page.route(isForecast, async (route) => {
				await heldFc;
				await route.continue();
			});
			const fcAnswer = page.waitForResponse((x) => new URL(x.url()).pathname === '/v1/reports/forecast');
			await page.locator('.plan-forecast button[type=submit]').click();
			await page.locator('.plan-fc-answer .loading').waitFor();
			assert(await page.locator('.plan-forecast button[type=submit]').isDisabled(), 'the forecast button is not disabled while it runs');
			assert(await page.getAttribute('.plan-fc-answer', 'aria-busy') === 'true', 'forecast aria-busy');
			assert(await page.locator('.plan-fc-answer .loading').textContent() === T['plan.fc.busy'], 'forecast busy text');
			await shot(page, 'planner-forecast-busy-en');
			releaseFc();
			const r2 = await (await fcAnswer).json();
			await page.unroute(isForecast);
			assert(new URL((await fcAnswer).url()).search === '?quarters=2&replications=6', 'asked ' + (await fcAnswer).url());
			await page.waitForFunction(() => document.querySelector('.plan-fc-answer').getAttribute('aria-busy') === 'false');
			assert(r2.quarters.length === 3 && r2.replications === 6, 'the second answer');
			assert(await page.locator('#ch-plan-fan-t').textContent() === fill(T['plan.fc.inv_chart'], { n: 6 }), 'fan title of 6');
			assert(await page.locator('#ch-plan-fan-svg polyline.chart-mid').getAttribute('points').then((x) => x.trim().split(/\s+/).length) === 4,
				'fan of 2 quarters and the rest of this one');
			await checkPhases(page, T, 'en', r2, 'p80');
			assert(await page.locator('#fc-quarters-err').count() === 0 && await page.locator('#fc-replications-err').count() === 0,
				'errors left after a success');
			await axe(page);
			assert(!page.errors.length, 'page errors: ' + page.errors.join('; '));
		} finally {
			await context.close();
		}
	});

	await test('planner: in Japanese, the forecast\'s tables too; a target no staff meets said so; a language switch asks nothing again, coming back does', async () => {
		const T = CATALOG.ja;
		const { context, page } = await newPage('ja');
		try {
			const seen = [];
			await open(page, seen);
			assert(await page.locator('main h1').textContent() === T['plan.title'], 'title in Japanese');
			assert(await page.locator('#ch-plan-phases-t').textContent() === fill(T['plan.phases.chart'], { row: T['report.all'] }), 'phases title');
			assert(await page.locator('#ch-plan-backlog-t').textContent() === T['plan.backlog.chart'], 'backlog title');
			assert(await page.locator('#ch-plan-fan-t').textContent() === '四半期末の未処理件数の予測（シミュレーション20回の平均と10〜90パーセンタイル）',
				'fan title: ' + await page.locator('#ch-plan-fan-t').textContent());
			assert(await page.locator('#ch-plan-arrivals-t').textContent() === T['plan.fc.arr_chart'], 'arrivals title');
			const r = (await answers(seen, '/v1/reports/forecast'))[0].json;
			/* Quarters by their months (a Japanese fiscal year's 第1四半期 would be April to June). */
			const heads = (await tableRows(page, fill(T['plan.fc.ph_table'], { stat: T['plan.fc.stat.p90'] })))[0];
			const months = ['1〜3月', '4〜6月', '7〜9月', '10〜12月'];
			assert(heads.slice(1).join('|') === r.quarters.map((q) => `${q.quarter.slice(0, 4)}年${months[q.quarter.slice(-1) - 1]}`).join('|'),
				'quarters: ' + heads.join('|'));
			const phases = await checkPhases(page, T, 'ja', r, 'p90');
			const inv = r.quarters.filter((q) => q.phases.investigation.p90).pop();
			if (inv) {
				const b = inv.phases.investigation.p90;
				const want = `${inv.quarter.slice(0, 4)}年${months[inv.quarter.slice(-1) - 1]}の調査の90パーセンタイル値は、` +
					`${fmt('ja', b.mean)}日（${fmt('ja', b.lo)}〜${fmt('ja', b.hi)}日）と予測されます。`;
				assert(await page.locator('#pl-fc-ph ~ .plan-summary').textContent() === want, 'phase sentence: ' +
					await page.locator('#pl-fc-ph ~ .plan-summary').textContent());
			}
			assert(phases.slice(1).map((x) => x[0]).join('、') === '同意、質問票、調査開始、調査、品質確認、判定、苦情処理', 'phases in Japanese');
			assert(phases.slice(1).some((x) => x.slice(1).some((c) => /^[\d.,]+（[\d.,]+〜[\d.,]+）$/.test(c))), 'no cell with its band');
			const classes = await checkClasses(page, T, 'ja', r);
			/* Every method the server may name, in words (checkClasses compares each class's with these). */
			assert(T['plan.fc.m.ets_ana'] === '季節調整付き指数平滑法（ETS(A,N,A)）' && T['plan.fc.m.ses'].startsWith('単純指数平滑法') &&
				T['plan.fc.m.seasonal_naive'].startsWith('前年同期の値') && T['plan.fc.m.naive'].startsWith('直前の四半期の値'), 'method names');
			assert(classes.some((c) => c[0] === 'JPN-SDS / 特定秘密'), 'classes: ' + classes.map((c) => c[0]).join('|'));
			const svgFan = await checkSvg(page, 'ch-plan-fan', await page.locator('#ch-plan-fan-t').textContent());
			await checkPng(page, 'ch-plan-fan', svgFan);
			await checkSvg(page, 'ch-plan-arrivals', T['plan.fc.arr_chart']);
			await page.locator('#pl-row').selectOption({ label: 'JPN-CESI / 重要経済安保情報' });
			await page.waitForFunction((x) => document.getElementById('ch-plan-phases-t').textContent === x,
				fill(T['plan.phases.chart'], { row: 'JPN-CESI / 重要経済安保情報' }));
			const svg = await checkSvg(page, 'ch-plan-phases', fill(T['plan.phases.chart'], { row: 'JPN-CESI / 重要経済安保情報' }));
			await checkPng(page, 'ch-plan-phases', svg);
			await page.locator('.plan-data summary').click();
			await axe(page);
			await shot(page, 'planner-auditor-ja');

			/* A p90 of adjudication within one day: no staff is enough. */
			await page.locator('#wi-pool').selectOption('adjudicators');
			await page.locator('#wi-days').fill('1');
			await page.locator('.plan-whatif button[type=submit]').click();
			await page.locator('.plan-sentence').waitFor();
			const s = await page.locator('.plan-sentence').textContent();
			assert(s.startsWith('判定官を何人に増やしても、判定の90パーセンタイル値は1日以内になりません。'), 'sentence: ' + s);
			assert(s.includes('アーランC式'), 'no Erlang C: ' + s);
			assert((await page.locator('#ch-plan-whatif-svg text.chart-value').allTextContents()).filter((x) => x === T['plan.wi.none']).length >= 1,
				'no bar says none is enough');
			await axe(page);
			await shot(page, 'planner-whatif-never-ja');

			/* The switch to English: the same forecast, not asked again. */
			const before = (await answers(seen, '/v1/reports/forecast')).length;
			await page.locator('.lang-btn[data-lang="en"]').click();
			await page.waitForFunction(() => document.documentElement.lang === 'en');
			await page.locator('#ch-plan-fan-t').waitFor({ state: 'attached' });
			await settled(page);
			assert(await page.locator('main h1').textContent() === CATALOG.en['plan.title'], 'not in English');
			assert((await answers(seen, '/v1/reports/forecast')).length === before, 'the forecast asked again after a language switch');
			await checkPhases(page, CATALOG.en, 'en', r, 'p90');
			/* Away and back: asked again, the register may have changed. */
			await page.locator('.nav a[href="/audit"]').click();
			await page.waitForURL(base + '/audit');
			await waitIdle(page);
			await page.locator('.nav a[href="/reports/planner"]').click();
			await page.locator('#ch-plan-fan-t').waitFor({ state: 'attached' });
			await settled(page);
			assert((await answers(seen, '/v1/reports/forecast')).length === before + 1, 'the forecast not asked again on coming back');
			assert(!page.errors.length, 'page errors: ' + page.errors.join('; '));
		} finally {
			await context.close();
		}
	});

	await test('planner: a subject and an adjudicator get the not-found page, and no link to it', async () => {
		for (const user of ['misaki', 'adjudicator']) {
			const { context, page } = await newPage('en');
			try {
				await signIn(page, user);
				await page.waitForURL(base + '/cases');
				await waitIdle(page);
				assert(await page.locator('.nav a[href="/reports/planner"]').count() === 0, 'a link for ' + user);
				await page.goto(base + '/reports/planner');
				await waitIdle(page);
				assert(await page.locator('main h1').textContent() === CATALOG.en['notfound.title'], user + ' not refused');
			} finally {
				await context.close();
			}
		}
	});
};
