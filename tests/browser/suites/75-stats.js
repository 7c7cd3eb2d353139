// SPDX-License-Identifier: Apache-2.0
// 75-stats.js - the oversight statistics (/reports/statistics) of the
// auditor: the tables and charts in both languages, a figure that changes
// after a clearance of our own is imported (compared before and after,
// never as an absolute number: other suites change the register), a date
// the server refuses named under its field, and the not-found page of a
// subject.  Everything changed here is ours: a person and a clearance
// imported below.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/* Write @records as JSON lines and import them with the command line. */
function importRecords(h, name, records) {
	const file = path.join(os.tmpdir(), `scs-75-stats-${name}-${process.pid}.jsonl`);
	fs.writeFileSync(file, records.map((x) => JSON.stringify(x)).join('\n') + '\n');
	try {
		h.scs(['import', file]);
	} finally {
		fs.unlinkSync(file);
	}
}

module.exports = async function (h) {
	const { ymd } = h;
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG } = h;
	const base = h.base;
	const en = CATALOG.en;
	const ja = CATALOG.ja;

	importRecords(h, 'person', [{ kind: 'person', id: 'st-t-p1', name: '統計 花子', name_latin: 'TOKEI Hanako',
		birth_date: '1984-05-06', nationalities: ['JPN'], org: 'meti', relatives: [] }]);

	/* The auditor on the page, its first answer shown. */
	async function open(page) {
		await signIn(page, 'auditor');
		await page.waitForURL(base + '/audit');
		await waitIdle(page);
		await page.locator('.nav a[href="/reports/statistics"]').click();
		await page.waitForURL(base + '/reports/statistics');
		await page.locator('#ch-clearances-t').waitFor({ state: 'attached' });
		await settled(page);
	}

	/* The number in the clearances table's row of @authority, column @col. */
	async function cell(page, cat, authority, col) {
		const table = page.locator('table', { has: page.locator('caption', { hasText: cat['stats.table_clearances'] }) });
		const heads = await table.locator('thead th').allTextContents();
		const i = heads.indexOf(cat['stats.standing.' + col]);
		assert(i > 0, 'no column ' + col + ' in ' + heads.join('|'));
		const row = table.locator('tbody tr', { has: page.locator('th', { hasText: authority + ' / ' }) });
		assert(await row.count() === 1, 'rows of ' + authority + ': ' + await row.count());
		const text = await row.locator('th, td').nth(i).textContent();
		return Number(text.replace(/[^0-9]/g, ''));
	}

	await test('stats: the auditor sees the tables and charts in English; a clearance of our own counts one more', async () => {
		const { context, page } = await newPage('en');
		try {
			await open(page);
			assert(await page.getAttribute('.nav a[href="/reports/statistics"]', 'aria-current') === 'page',
				'Statistics not marked in the navigation');
			assert(await page.locator('main h1').textContent() === en['stats.title'], 'title');
			assert(await page.locator('main svg[role=img]').count() >= 1, 'no chart');
			assert(await page.locator('#ch-clearances-t').textContent() === en['stats.chart_clearances'], 'chart title');
			assert(await page.locator('main svg[role=img] rect').count() > 3, 'no bars');
			for (const k of ['stats.table_clearances', 'stats.table_open', 'stats.table_items', 'stats.table_persons',
				'stats.table_users', 'stats.table_briefings'])
				assert(await page.locator('main caption', { hasText: en[k] }).count() === 1, 'no table ' + k);
			/* Level names from the reference tables, in English. */
			assert(await page.locator('main th', { hasText: 'JPN-CESI / Critical Economic Security Information' }).count() >= 1,
				'the CESI level is not named in English');
			await axe(page);
			await shot(page, 'stats-auditor-en');

			const before = await cell(page, en, 'JPN-CESI', 'active');
			importRecords(h, 'clearance', [{ kind: 'clearance', person: 'st-t-p1', authority: 'JPN-CESI',
				level: 'JUYO_KEIZAI_ANPO', status: 'active', valid_from: ymd(-1), valid_until: ymd(4) }]);
			await page.locator('main form button[type=submit]').click();
			await settled(page);
			let after = before;
			for (let i = 0; i < 50 && after === before; i++) { /* the answer renders after it settles */
				await page.waitForTimeout(100);
				after = await cell(page, en, 'JPN-CESI', 'active');
			}
			assert(after === before + 1, `valid CESI clearances: ${before} before, ${after} after`);
			/* The day before our clearance began, it does not count as valid. */
			await page.locator('#stats-at').fill(ymd(-2));
			await page.locator('main form button[type=submit]').click();
			await settled(page);
			await page.locator('.stats-facts time').first().waitFor();
			assert(!page.errors.length, 'page errors: ' + page.errors.join('; '));
		} finally {
			await context.close();
		}
	});

	await test('stats: in Japanese; a date the server refuses is named under its field, then fixed', async () => {
		const { context, page } = await newPage('ja');
		try {
			await open(page);
			assert(await page.locator('main h1').textContent() === ja['stats.title'], 'title in Japanese');
			assert(await page.locator('#ch-clearances-t').textContent() === ja['stats.chart_clearances'], 'chart title');
			assert(await page.locator('main th', { hasText: 'JPN-CESI / 重要経済安保情報' }).count() >= 1,
				'the CESI level is not named in Japanese');
			assert(await page.locator('main caption', { hasText: ja['stats.table_users'] }).count() === 1, 'users table');
			await axe(page);
			await shot(page, 'stats-auditor-ja');
			/* Before 1900: the server refuses the instant, on "at". */
			await page.locator('#stats-at').fill('1800-01-01');
			await page.locator('main form button[type=submit]').click();
			await page.locator('#stats-at-err').waitFor();
			assert(await page.getAttribute('#stats-at', 'aria-invalid') === 'true', 'aria-invalid');
			assert((await page.getAttribute('#stats-at', 'aria-describedby')).includes('stats-at-err'), 'aria-describedby');
			await axe(page);
			await shot(page, 'stats-bad-date-ja');
			await page.locator('#stats-at').fill(ymd(0));
			await page.locator('main form button[type=submit]').click();
			await settled(page);
			await page.locator('#stats-at-err').waitFor({ state: 'detached' });
			assert(await page.locator('main svg[role=img]').count() >= 1, 'no chart after the fix');
		} finally {
			await context.close();
		}
	});

	await test('stats: a subject gets the not-found page, and no link to it', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'misaki');
			await page.waitForURL(base + '/cases');
			await waitIdle(page);
			assert(await page.locator('.nav a[href="/reports/statistics"]').count() === 0, 'a link for the subject');
			await page.goto(base + '/reports/statistics');
			await waitIdle(page);
			assert(await page.locator('main h1').textContent() === en['notfound.title'], 'not refused');
			await shot(page, 'stats-subject-notfound-en');
		} finally {
			await context.close();
		}
	});
};
