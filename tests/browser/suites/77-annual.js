// SPDX-License-Identifier: Apache-2.0
// 77-annual.js - the annual report to the Diet (/reports/annual) of the
// auditor: this year's tables in both languages, with an item that an
// organ of our own designated (made here through the API by the admin, so
// its row is ours alone: other suites change the register), the CSV the
// download link gives, a year the server refuses named under its field,
// a year with nothing in it, and the not-found page of a subject.
'use strict';

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG, ymd } = h;
	const base = h.base;
	const en = CATALOG.en;
	const ja = CATALOG.ja;
	const year = new Date().getUTCFullYear();
	const ORGAN = 'ui77-gov';

	/* A request of the user signed in on @page, with the session's CSRF token: {status, json}. */
	const post = (page, path, body) => page.evaluate(async ([p, b]) => {
		const me = await (await fetch('/v1/me')).json();
		const r = await fetch('/v1' + p, { method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf }, body: JSON.stringify(b) });
		return { status: r.status, json: await r.json().catch(() => null) };
	}, [path, body]);

	/* The organ of our own and its designation of this year. */
	{
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'admin', h.ADMIN_PASSWORD);
			await waitIdle(page);
			let r = await post(page, '/organizations', { id: ORGAN, name: 'Annual Report Test Agency',
				type: 'government', country: 'JPN' });
			assert(r.status === 201, 'POST /v1/organizations: ' + r.status + ' ' + JSON.stringify(r.json));
			r = await post(page, '/items', { id: 'ui77-item', title: 'Annual report test item', owner: ORGAN,
				field: 'terrorism', authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU', valid_from: ymd(-1),
				valid_until: ymd(4) });
			assert(r.status === 201, 'POST /v1/items: ' + r.status + ' ' + JSON.stringify(r.json));
		} finally {
			await context.close();
		}
	}

	/* The auditor on the page, this year's report shown. */
	async function open(page) {
		await signIn(page, 'auditor');
		await page.waitForURL(base + '/audit');
		await waitIdle(page);
		await page.locator('.nav a[href="/reports/annual"]').click();
		await page.waitForURL(base + '/reports/annual');
		await page.locator('#an-designations-totals').waitFor({ state: 'attached' });
		await settled(page);
	}

	/* The number in table @id, the row of key @key, measure @m ('' when the row is not there). */
	async function cell(page, id, key, m) {
		const td = page.locator(`#${id} tr[data-key="${key}"] td[data-m="${m}"]`);
		return (await td.count()) === 1 ? (await td.textContent()).trim() : '';
	}

	await test('annual: the auditor\'s tables in English, our organ\'s designation counted, the CSV download', async () => {
		const { context, page } = await newPage('en');
		try {
			await open(page);
			assert(await page.getAttribute('.nav a[href="/reports/annual"]', 'aria-current') === 'page',
				'Annual report not marked in the navigation');
			assert(await page.locator('main h1').textContent() === en['annual.title'], 'title');
			assert(await page.inputValue('#annual-year') === String(year), 'this year by default');
			for (const k of ['designations.by_organ', 'designations.by_field', 'assessments.by_organ',
				'assessments.by_level', 'assessments.by_organ_level', 'complaints.by_organ', 'complaints.by_level',
				'complaints.by_organ_level', 'incidents.by_type', 'alerts.by_origin'])
				assert(await page.locator('main caption', { hasText: en['annual.b.' + k] }).count() === 1, 'no table ' + k);
			/* The cross-table: the organ, then the authority and level, then the measures; each row
			 * headed by both. */
			const xheads = await page.locator('#an-assessments-by_organ_level thead th').allTextContents();
			assert(xheads.slice(0, 3).join('|') === [en['annual.k.organ'], en['annual.k.authority'],
				en['annual.m.opened']].join('|'), 'the cross-table\'s columns: ' + xheads.join('|'));
			const xrows = await page.locator('#an-assessments-by_organ_level tbody tr[data-key]').all();
			for (const tr of xrows)
				assert(await tr.locator('th[scope="row"]').count() === 2, 'a cross-table row without its two headers');
			/* It splits the organs' rows by level: at least as many rows as either. */
			for (const b of ['by_organ', 'by_level'])
				assert(xrows.length >= await page.locator(`#an-assessments-${b} tbody tr[data-key]`).count(),
					'the cross-table has fewer rows than ' + b);
			assert(await cell(page, 'an-designations-by_organ', ORGAN, 'designated') === '1',
				'our organ designated one item: ' + await cell(page, 'an-designations-by_organ', ORGAN, 'designated'));
			assert(await cell(page, 'an-designations-by_organ', ORGAN, 'renewed') === '0', 'and renewed none');
			assert(await page.locator(`#an-designations-by_organ tr[data-key="${ORGAN}"] th`, { hasText: 'Annual Report Test Agency' })
				.count() === 1, 'the organ is named');
			assert(Number(await cell(page, 'an-designations-by_field', 'terrorism', 'designated')) >= 1,
				'the field counts it');
			assert(await page.locator('#an-designations-by_field th', { hasText: en['stats.field.terrorism'] }).count() === 1,
				'the field is named');
			assert(Number((await page.locator('#an-designations-totals td[data-m="designated"]').textContent())
				.replace(/[^0-9]/g, '')) >= 1, 'the total counts it');
			/* The download: this year's CSV, our organ's line in it. */
			const a = page.locator('a.annual-csv');
			assert(await a.getAttribute('href') === `/v1/reports/annual?year=${year}&format=csv`, 'the CSV link');
			assert(await a.getAttribute('download') === `scs-annual-${year}.csv`, 'the file name');
			assert((await a.textContent()).includes(String(year)), 'the link names the year');
			const csv = await page.evaluate((href) => fetch(href).then(async (r) => ({ status: r.status,
				type: r.headers.get('content-type'), text: await r.text() })), await a.getAttribute('href'));
			assert(csv.status === 200 && /^text\/csv/.test(csv.type), 'the CSV: ' + csv.status + ' ' + csv.type);
			assert(csv.text.startsWith('year,section,breakdown,measure,organ,authority,level,field,type,origin,count\r\n'),
				'the CSV header');
			assert(csv.text.includes(`\r\n${year},designations,by_organ,designated,${ORGAN},,,,,,1\r\n`),
				'our organ\'s line in the CSV');
			await axe(page);
			await shot(page, 'annual-auditor-en');
			assert(!page.errors.length, 'page errors: ' + page.errors.join('; '));
		} finally {
			await context.close();
		}
	});

	await test('annual: in Japanese; a year the server refuses is named under its field; a year with nothing', async () => {
		const { context, page } = await newPage('ja');
		try {
			await open(page);
			assert(await page.locator('main h1').textContent() === ja['annual.title'], 'title in Japanese');
			assert(await page.locator('main caption', { hasText: ja['annual.b.assessments.by_level'] }).count() === 1,
				'the level table in Japanese');
			const heads = (await page.locator('#an-designations-totals thead th').allTextContents()).join('|');
			assert(heads === [ja['annual.year_col'], ja['annual.m.designated'], ja['annual.m.renewed'],
				ja['annual.m.declassified']].join('|'), 'the measures in Japanese: ' + heads);
			assert(await cell(page, 'an-designations-by_organ', ORGAN, 'designated') === '1', 'our organ in Japanese too');
			assert(await page.locator('a.annual-csv', { hasText: ja['annual.csv'].replace('{year}', String(year)) }).count() === 1,
				'the download in Japanese');
			await axe(page);
			await shot(page, 'annual-auditor-ja');
			/* Before 1970: the server refuses the year, on "year". */
			await page.locator('#annual-year').fill('1969');
			await page.locator('main form button[type=submit]').click();
			await page.locator('#annual-year-err').waitFor();
			assert(await page.getAttribute('#annual-year', 'aria-invalid') === 'true', 'aria-invalid');
			assert((await page.getAttribute('#annual-year', 'aria-describedby')).includes('annual-year-err'),
				'aria-describedby');
			await axe(page);
			await shot(page, 'annual-bad-year-ja');
			/* 1999: every total there, zero, and no rows. */
			await page.locator('#annual-year').fill('1999');
			await page.locator('main form button[type=submit]').click();
			await page.locator('#annual-year-err').waitFor({ state: 'detached' });
			await page.locator('a.annual-csv[href$="year=1999&format=csv"]').waitFor();
			await settled(page);
			assert((await page.locator('#an-designations-totals td[data-m="designated"]').textContent()).trim() === '0',
				'no designation in 1999');
			assert(await page.locator('#an-designations-by_organ td', { hasText: ja['annual.none'] }).count() === 1,
				'no row in 1999');
			assert(await page.locator('#an-alerts-totals td').count() === 5, 'every measure of the alerts');
			await axe(page);
			assert(!page.errors.length, 'page errors: ' + page.errors.join('; '));
		} finally {
			await context.close();
		}
	});

	await test('annual: a subject gets the not-found page, and no link to it', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'misaki');
			await page.waitForURL(base + '/cases');
			await waitIdle(page);
			assert(await page.locator('.nav a[href="/reports/annual"]').count() === 0, 'a link for the subject');
			await page.goto(base + '/reports/annual');
			await waitIdle(page);
			assert(await page.locator('main h1').textContent() === en['notfound.title'], 'not refused');
		} finally {
			await context.close();
		}
	});
};
