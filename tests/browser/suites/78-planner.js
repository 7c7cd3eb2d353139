// SPDX-License-Identifier: Apache-2.0
// 78-planner.js - the capacity planner (/reports/planner, issue 14 item
// 7) of the auditor, in English and in Japanese: the phase durations of
// all cases and of one level, the open cases by age (stacked by level on
// demand, its bars adding up to the table's open cases), the forecast fan
// drawn from RUNS runs of the register's scenario (seeds 1…RUNS, one at
// a time; not asked again after a language switch), the staffing what-if
// (its busy state held open by holding the server's answer back, the
// answer's numbers in the sentence, a target the server refuses named
// under its field, a target no staff meets said so), Save SVG (a whole
// SVG document: its title, its colours as attributes, no class) and Save
// PNG (a PNG at twice the chart's size), axe and screenshots.  A subject
// and an adjudicator get the not-found page.  Nothing here changes the
// register: the simulations only read it, and no figure is compared with
// an absolute number (other suites add cases).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const RUNS = 8;
const W = 720; /* chart.js: the width of every chart's viewBox */

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG } = h;
	const base = h.base;
	const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k])));

	/* The auditor on the planner, every chart drawn; @sims collects the
	 * bodies of POST /v1/sim, @answers promises of [seed, answer]. */
	async function open(page, sims, answers) {
		page.on('request', (r) => {
			if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/sim')
				sims.push(JSON.parse(r.postData()));
		});
		page.on('response', (r) => {
			if (answers && r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/sim')
				answers.push(r.json().then((j) => [JSON.parse(r.request().postData()).seed, j]));
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
			const sims = [];
			const answers = [];
			await open(page, sims, answers);
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

			/* 3. The fan: RUNS runs, seeds 1…RUNS, two bands and a median line. */
			assert(sims.length === RUNS, 'runs asked: ' + sims.length);
			assert(sims.map((s) => s.seed).join() === Array.from({ length: RUNS }, (_, i) => i + 1).join(), 'seeds ' + sims.map((s) => s.seed));
			assert(sims.every((s) => s.pools && s.classes && s.days === sims[0].days), 'not the register\'s scenario');
			assert(await page.locator('#ch-plan-fan-svg polygon.chart-band').count() === 2, 'bands');
			const mid = await page.locator('#ch-plan-fan-svg polyline.chart-mid').getAttribute('points');
			const days = Math.floor(sims[0].days / sims[0].sample_days) + 1;
			assert(mid.trim().split(/\s+/).length === days, `median line of ${mid.trim().split(/\s+/).length} points, ${days} samples`);
			const ticks = await page.locator('#ch-plan-fan-svg text.chart-tick').allTextContents();
			assert(ticks.includes(T['plan.fan.today']) && ticks.includes(fill(T['plan.fan.day'], { n: 90 })), 'x axis: ' + ticks.join('|'));
			await page.locator('.plan-data summary').click();
			assert(await page.locator('.plan-data tbody tr').count() === days, 'fan table rows');
			/* Its figures, from the runs' answers: the lowest, the median (between the 4th and 5th of 8) and the highest. */
			const runs = (await Promise.all(answers)).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
			const num = (x) => Number(x.replace(/,/g, ''));
			for (let i = 0; i < days; i++) {
				const xs = runs.map((r) => r.samples[i].total).sort((a, b) => a - b);
				const cells = (await page.locator('.plan-data tbody tr').nth(i).locator('td').allTextContents());
				const want = [runs[0].samples[i].day, xs[0], (xs[3] + xs[4]) / 2, xs[RUNS - 1]];
				const got = [num(cells[0]), num(cells[2]), num(cells[4]), num(cells[6])];
				assert(got.join() === want.join(), `day ${want[0]}: lowest, median, highest ${got.slice(1)}, want ${want.slice(1)}`);
			}
			const svgFan = await checkSvg(page, 'ch-plan-fan', fill(T['plan.fan.chart'], { days: (days - 1) * sims[0].sample_days, n: RUNS }));
			await checkPng(page, 'ch-plan-fan', svgFan);
			await axe(page);
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
			await page.locator('#wi-days').fill('20');
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
			if (r.simulation.servers !== null)
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
			assert(!page.errors.length, 'page errors: ' + page.errors.join('; '));
		} finally {
			await context.close();
		}
	});

	await test('planner: in Japanese; a target no staff meets said so; the language switch runs nothing again', async () => {
		const T = CATALOG.ja;
		const { context, page } = await newPage('ja');
		try {
			const sims = [];
			await open(page, sims);
			assert(await page.locator('main h1').textContent() === T['plan.title'], 'title in Japanese');
			assert(await page.locator('#ch-plan-phases-t').textContent() === fill(T['plan.phases.chart'], { row: T['report.all'] }), 'phases title');
			assert(await page.locator('#ch-plan-backlog-t').textContent() === T['plan.backlog.chart'], 'backlog title');
			const fanTitle = await page.locator('#ch-plan-fan-t').textContent();
			assert(fanTitle.startsWith('今後') && fanTitle.includes(`シミュレーション${RUNS}回`), 'fan title: ' + fanTitle);
			await page.locator('#pl-row').selectOption({ label: 'JPN-CESI / 重要経済安保情報' });
			await page.waitForFunction((s) => document.getElementById('ch-plan-phases-t').textContent === s,
				fill(T['plan.phases.chart'], { row: 'JPN-CESI / 重要経済安保情報' }));
			const svg = await checkSvg(page, 'ch-plan-phases', fill(T['plan.phases.chart'], { row: 'JPN-CESI / 重要経済安保情報' }));
			await checkPng(page, 'ch-plan-phases', svg);
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

			/* The switch to English: the runs are the same, not asked again. */
			const before = sims.length;
			await page.locator('.lang-btn[data-lang="en"]').click();
			await page.waitForFunction(() => document.documentElement.lang === 'en');
			await page.locator('#ch-plan-fan-t').waitFor({ state: 'attached' });
			await settled(page);
			assert(await page.locator('main h1').textContent() === CATALOG.en['plan.title'], 'not in English');
			assert(sims.length === before, `${sims.length - before} runs asked again`);
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
