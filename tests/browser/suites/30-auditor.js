// SPDX-License-Identifier: Apache-2.0
// 30-auditor.js - the auditor's log, the timeliness report (by screening
// body, in both languages), the recorded access decisions (denials a
// designator asked for, searched by person, by days and from their block
// in the log), and a phone-sized screen.
'use strict';

const path = require('node:path');
const SERVER_JA = require(path.join(__dirname, '..', '..', '..', 'ui', 'src', 'i18n', 'server', 'ja.json'));

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, CATALOG } = h;
	const base = h.base;

	await test('auditor: verify, filter by action, a bad filter named by its field, charts drawn', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'auditor');
			await page.waitForURL(base + '/audit');
			await waitIdle(page);
			await page.locator('button', { hasText: CATALOG.en['audit.verify'] }).click();
			await page.locator('.notice-ok', { hasText: CATALOG.en['audit.verify_ok'] }).waitFor();
			/* The log shows each action by its name, its code in a title. */
			const names = () => page.locator('main table tbody tr td.action').evaluateAll((tds) =>
				tds.map((x) => [x.dataset.code, x.textContent, x.title]));
			await page.locator('main table tbody tr td.action').first().waitFor();
			for (const [code, text, title] of await names()) {
				assert(CATALOG.en['audit.action.' + code] === text, `action ${code} shown as ${text}`);
				assert(title === CATALOG.en['audit.action_code'].replace('{code}', code), 'title ' + title);
			}
			/* The filter offers the names; a code typed is taken as it is. */
			const offered = await page.locator('#aud-actions option').evaluateAll((os) => os.map((o) => [o.value, o.label]));
			assert(offered.length >= 40 && offered.some(([v, l]) => v === 'login_failed' && l === CATALOG.en['audit.action.login_failed']),
				'the datalist: ' + JSON.stringify(offered.slice(0, 5)));
			await page.locator('#aud-action').fill('login');
			await page.locator('.filters button[type=submit]').click();
			await page.waitForFunction((name) => {
				const a = [...document.querySelectorAll('main table tbody tr td:nth-child(4)')].map((x) => x.textContent);
				return a.length > 0 && a.every((x) => x === name);
			}, CATALOG.en['audit.action.login']);
			await page.locator('#aud-from').fill('2026-02-01');
			await page.locator('#aud-to').fill('2026-01-01');
			await page.locator('.filters button[type=submit]').click();
			await page.locator('#aud-to-err').waitFor();
			await axe(page);
			await shot(page, 'auditor-audit-filtered-en');
			await page.locator('.nav a[href="/reports/timeliness"]').click();
			await waitIdle(page);
			await page.locator('svg[role=img]').first().waitFor();
			assert(await page.locator('svg[role=img]').count() === 3, 'charts: ' + await page.locator('svg[role=img]').count());
			assert(await page.locator('svg[role=img] rect').count() > 5, 'no bars');
		} finally {
			await context.close();
		}
	});

	/* The timeliness report for oversight (issue 14), as the demo's cases
	 * make it: by screening body (the Cabinet Office, Tokiwa, the cases
	 * not yet assigned), one body, the fastest 90% beside the mean with
	 * what it leaves out, within the targets, the end of the period, the
	 * CSV; in both languages. */
	const timeliness = async (lang) => {
		const { context, page } = await newPage(lang);
		const L = CATALOG[lang];
		try {
			await signIn(page, 'auditor');
			await page.waitForURL(base + '/audit');
			await waitIdle(page);
			await page.locator('.nav a[href="/reports/timeliness"]').click();
			await waitIdle(page);
			await page.locator('#tl-phases').waitFor();
			await page.waitForFunction(() => document.querySelectorAll('#tl-body option').length > 2);
			const offered = await page.locator('#tl-body option').evaluateAll((os) => os.map((o) => [o.value, o.label]));
			assert(offered[0][0] === '' && offered[0][1] === L['report.body_all'], 'first: every body ' + JSON.stringify(offered));
			assert(offered.some(([v, l]) => v === 'cao' && l === 'Cabinet Office'), 'the bodies by name ' + JSON.stringify(offered));
			assert(offered[offered.length - 1][0] === 'unassigned' && offered[offered.length - 1][1] === L['report.unassigned'],
				'last: the unassigned ' + JSON.stringify(offered));
			const cols = await page.locator('#tl-phases thead th').allTextContents();
			for (const k of ['report.mean_all', 'report.fastest90', 'report.left_out', 'report.left_out_time', 'report.within'])
				assert(cols.includes(L[k]), `column ${k}: ` + JSON.stringify(cols));
			await page.selectOption('#tl-by', 'body');
			await page.locator('#tl-to').fill('2026-06-01');
			const req = page.waitForResponse((r) => r.url().includes('/v1/reports/timeliness?') &&
				new URL(r.url()).searchParams.get('by') === 'body');
			await page.locator('.filters button[type=submit]').click();
			await req;
			await page.locator('#tl-backlog-at').waitFor();
			const heads = await page.locator('#tl-phases tbody th[scope=rowgroup]').allTextContents();
			const at = (s) => heads.indexOf(s);
			assert(at(L['report.all']) === 0, 'the all row first: ' + JSON.stringify(heads));
			assert(at('Cabinet Office') > 0 && at('Cabinet Office') < at('Tokiwa Background Screening K.K.') &&
				at('Tokiwa Background Screening K.K.') < at(L['report.unassigned']), 'a subtotal per body, the unassigned last: ' + JSON.stringify(heads));
			assert(heads.some((x) => x.startsWith('Cabinet Office — JPN-SDS')), 'a body\'s levels: ' + JSON.stringify(heads));
			/* The demo: 6 of cao's cases decided by then; none left out of 6. */
			const cao = page.locator('#tl-phases tbody tr', { has: page.locator('th', { hasText: /^Cabinet Office$/ }) });
			const cells = await cao.locator('td').allTextContents();
			assert(cells[0] === L['phase.consent'] && cells[1] === '6', 'cao: 6 cases ' + JSON.stringify(cells));
			assert(cells[4] === L['report.left_out_n'].replace('{n}', '0').replace('{share}', '0%'), 'cao: none left out ' + JSON.stringify(cells));
			const caption = await page.locator('#tl-backlog-at caption').textContent();
			assert(caption.includes('2026') || caption.includes('令和'), 'the end of the period named: ' + caption);
			const href = await page.locator('#tl-csv').getAttribute('href');
			assert(/format=csv/.test(href) && /by=body/.test(href), 'the CSV of the report shown: ' + href);
			const [status, type, text] = await page.evaluate(async (u) => {
				const r = await fetch(u);
				return [r.status, r.headers.get('content-type'), await r.text()];
			}, href);
			assert(status === 200 && /^text\/csv/.test(type) && text.startsWith('from,to,body,body_name,'), `CSV: ${status} ${type} ${text.slice(0, 40)}`);
			await axe(page);
			await shot(page, 'auditor-timeliness-body-' + lang);
			/* One body alone. */
			await page.selectOption('#tl-body', 'tokiwa-screening');
			const one = page.waitForResponse((r) => r.url().includes('/v1/reports/timeliness?') &&
				new URL(r.url()).searchParams.get('body') === 'tokiwa-screening');
			await page.locator('.filters button[type=submit]').click();
			await one;
			await page.waitForFunction(() => ![...document.querySelectorAll('#tl-phases tbody th[scope=rowgroup]')]
				.some((x) => x.textContent.startsWith('Cabinet Office')));
			const only = await page.locator('#tl-phases tbody th[scope=rowgroup]').allTextContents();
			assert(only.slice(1).every((x) => x.startsWith('Tokiwa')), 'one body only: ' + JSON.stringify(only));
		} finally {
			await context.close();
		}
	};

	await test('auditor: timeliness by screening body, one body, the fastest 90% with what it leaves out, within target, the end of the period, CSV', async () => {
		await timeliness('en');
	});

	await test('auditor (ja): timeliness by screening body in Japanese', async () => {
		await timeliness('ja');
	});

	await test('auditor (ja): the actions by their Japanese names, a name typed in the filter searches by its code', async () => {
		const { context, page } = await newPage('ja');
		try {
			const ja = CATALOG.ja;
			await signIn(page, 'auditor');
			await page.waitForURL(base + '/audit');
			await waitIdle(page);
			await page.locator('main table tbody tr td.action').first().waitFor();
			const cells = await page.locator('main table tbody tr td.action').evaluateAll((tds) => tds.map((x) => [x.dataset.code, x.textContent]));
			assert(cells.every(([code, text]) => ja['audit.action.' + code] === text), 'names: ' + JSON.stringify(cells.slice(0, 5)));
			const labels = await page.locator('#aud-actions option').evaluateAll((os) => os.map((o) => o.label));
			assert(labels.includes(ja['audit.action.consent']), 'the datalist in Japanese');
			const req = page.waitForRequest((r) => r.url().includes('/v1/audit?') &&
				new URL(r.url()).searchParams.get('action') === 'login');
			await page.locator('#aud-action').fill(ja['audit.action.login']);
			await page.locator('.filters button[type=submit]').click();
			await req;
			await page.waitForFunction((name) => {
				const a = [...document.querySelectorAll('main table tbody tr td.action')].map((x) => x.textContent);
				return !document.documentElement.dataset.busy && a.length > 0 && a.every((x) => x === name);
			}, ja['audit.action.login']);
			await axe(page);
			await shot(page, 'auditor-audit-actions-ja');
		} finally {
			await context.close();
		}
	});

	/* Decisions of the designator (organ mod) about a demo person, at
	 * fixed times of one day, written to the audit log before the answer
	 * (durable).  The denials are on record; allows are only counted. */
	const SUBJECT = 'p-demo-subject';
	const DAY = '2026-03-03';
	const ITEMS = ['orca-radar-spec', 'orca-kestrel-fusion', 'orca-mast-radar-supply', 'aud-no-such-item'];
	let denied = null; /* [{item, at, reason}] */
	async function decide() {
		if (denied)
			return denied;
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'designator');
			await page.waitForURL(base + '/items');
			const answers = await page.evaluate(async ({ subject, items, day }) => {
				const me = await (await fetch('/v1/me')).json();
				const r = await fetch('/v1/decisions', { method: 'POST',
					headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf },
					body: JSON.stringify(items.map((item, i) => ({ subject, item, at: `${day}T03:0${i}:00Z`, durable: true }))) });
				return r.json();
			}, { subject: SUBJECT, items: ITEMS, day: DAY });
			assert(Array.isArray(answers) && answers.length === ITEMS.length, 'answers: ' + JSON.stringify(answers));
			denied = answers.filter((a) => !a.allow).map((a) => ({ item: a.item, at: a.at, reason: a.reason }));
			assert(denied.length >= 2 && denied.some((d) => d.reason === 'unknown_item') && denied.some((d) => d.reason !== 'unknown_item'),
				'denials: ' + JSON.stringify(answers));
			return denied;
		} finally {
			await context.close();
		}
	}

	/* The rows of the decisions table: [datetime, subject, item, answer, reason code, reason text, actor, seq]. */
	const decisionRows = (page) => page.locator('main section.decisions table tbody tr').evaluateAll((trs) => trs.map((tr) => {
		const td = tr.querySelectorAll('td');
		return [td[0].querySelector('time').getAttribute('datetime'), td[1].textContent, td[2].textContent, td[3].textContent,
			td[4].dataset.code || '', td[4].textContent, td[5].textContent, td[6].textContent];
	}));

	/* Every denial of decide() is among the rows, by its reason's name; every row is the catalog's words. */
	function checkRows(rows, lang, subject) {
		const cat = CATALOG[lang];
		for (const d of denied)
			assert(rows.some((r) => Date.parse(r[0]) === Date.parse(d.at) && r[1] === SUBJECT && r[2] === d.item &&
				r[3] === cat['audit.dec.denied'] && r[4] === d.reason && r[5] === cat['reason.' + d.reason] &&
				r[6] === 'user:designator' && /^\d+$/.test(r[7])), `${lang}: ${JSON.stringify(d)} not in ${JSON.stringify(rows)}`);
		for (const r of rows) {
			assert(!subject || r[1] === subject, 'another person: ' + r[1]);
			assert(r[3] === cat['audit.dec.denied'] ? r[5] === cat['reason.' + r[4]] : r[3] === cat['audit.dec.allowed'], 'row: ' + r);
		}
	}

	await test('auditor: recorded decisions by person with their reasons, by days, from their block in the log; an empty search refused by the server', async () => {
		await decide();
		const { context, page } = await newPage('en');
		try {
			const en = CATALOG.en;
			await signIn(page, 'auditor');
			await page.waitForURL(base + '/audit');
			await page.locator('.nav a[href="/audit/decisions"]').click();
			await page.waitForURL(base + '/audit/decisions');
			await waitIdle(page);
			assert(await page.locator('h1').textContent() === en['audit.dec.title'], 'title');
			/* Nothing given: the server names the person, its words under the field. */
			await page.locator('main form button[type=submit]').click();
			const err = page.locator('#dcs-subject-err');
			await err.waitFor();
			assert(await err.textContent() === 'is required, unless both from and to bound the search', 'error: ' + await err.textContent());
			assert(await page.locator('#dcs-subject').getAttribute('aria-invalid') === 'true', 'aria-invalid');
			/* By person. */
			await page.locator('#dcs-subject').fill(SUBJECT);
			await page.locator('main form button[type=submit]').click();
			await page.locator('main section.decisions table tbody tr').first().waitFor();
			await waitIdle(page);
			assert(await page.locator('#dcs-subject-err').count() === 0, 'the error stays');
			checkRows(await decisionRows(page), 'en', SUBJECT);
			/* The time in the user's zone (Tokyo): 03:00 UTC is 12:00 there.
			 * Our decision's row, not the first: other suites record
			 * decisions about the same person. */
			const shown = await page.locator('main section.decisions time').evaluateAll((ts, at) =>
				(ts.find((t) => Date.parse(t.getAttribute('datetime')) === Date.parse(at)) || {}).textContent,
			denied[0].at);
			assert(/12|PM/.test(shown || ''), 'time shown: ' + shown);
			await axe(page);
			await shot(page, 'auditor-decisions-en');
			/* By person and item. */
			await page.locator('#dcs-item').fill(denied[0].item);
			await page.locator('main form button[type=submit]').click();
			await page.waitForFunction((item) => {
				const a = [...document.querySelectorAll('main section.decisions tbody tr td:nth-child(3)')].map((x) => x.textContent);
				return !document.documentElement.dataset.busy && a.length > 0 && a.every((x) => x === item);
			}, denied[0].item);
			/* By days alone (the user's days, "to" inclusive): only this day's decisions, ours among them. */
			await page.locator('#dcs-subject').fill('');
			await page.locator('#dcs-item').fill('');
			await page.locator('#dcs-from').fill(DAY);
			await page.locator('#dcs-to').fill(DAY);
			const resp = page.waitForResponse((r) => r.url().includes('/v1/audit/decisions?') &&
				!new URL(r.url()).searchParams.has('subject'));
			await page.locator('main form button[type=submit]').click();
			const q = new URL((await resp).url()).searchParams;
			/* Midnight in Tokyo is 15:00 UTC the day before; to is the next midnight. */
			assert(q.get('from') === '2026-03-02T15:00:00Z' && q.get('to') === '2026-03-03T15:00:00Z', 'range: ' + q);
			/* The page keeps the last search's table (its rows all our first item) until the
			 * answer is drawn: read the rows once another item is among them (ours are). */
			await page.waitForFunction((item) => !document.documentElement.dataset.busy &&
				[...document.querySelectorAll('main section.decisions tbody tr td:nth-child(3)')].some((x) => x.textContent !== item),
			denied[0].item);
			const byDay = await decisionRows(page);
			checkRows(byDay, 'en');
			assert(byDay.every((r) => Date.parse(r[0]) >= Date.parse('2026-03-02T15:00:00Z') && Date.parse(r[0]) < Date.parse('2026-03-03T15:00:00Z')),
				'a row of another day: ' + JSON.stringify(byDay));
			/* The log names the block's kind and links to its decisions. */
			await page.locator('.nav a[href="/audit"]').click();
			await page.waitForURL(base + '/audit');
			await waitIdle(page);
			await page.locator('#aud-kind').fill('decision_block');
			await page.locator('.filters button[type=submit]').click();
			await page.waitForFunction((name) => {
				const a = [...document.querySelectorAll('main table tbody tr td.kind')].map((x) => x.textContent);
				return !document.documentElement.dataset.busy && a.length > 0 && a.every((x) => x === name);
			}, en['audit.kind.decision_block']);
			const kind = page.locator('main table tbody tr td.kind').first();
			assert(await kind.getAttribute('title') === en['audit.kind_code'].replace('{code}', 'decision_block'), 'kind title');
			const link = page.locator('main table tbody tr td a', { hasText: en['audit.show_decisions'] });
			assert(await link.count() > 0, 'no link to a block\'s decisions');
			/* The block of our durable request: its object names our day. */
			const ours = page.locator('main table tbody tr', { hasText: DAY + 'T03:00:00Z..' }).locator('a');
			await ours.first().click();
			await page.waitForURL((u) => u.pathname === '/audit/decisions' && u.searchParams.get('from') === DAY);
			await page.locator('main section.decisions table tbody tr').first().waitFor();
			await waitIdle(page);
			assert(await page.inputValue('#dcs-from') === DAY && await page.inputValue('#dcs-to') === DAY, 'days not filled');
			checkRows(await decisionRows(page), 'en');
			await axe(page);
		} finally {
			await context.close();
		}
	});

	await test('auditor (ja): recorded decisions with the reasons in Japanese; an empty search refused in Japanese', async () => {
		await decide();
		const { context, page } = await newPage('ja');
		try {
			const ja = CATALOG.ja;
			await signIn(page, 'auditor');
			await page.waitForURL(base + '/audit');
			await page.goto(base + '/audit/decisions');
			await waitIdle(page);
			assert(await page.locator('h1').textContent() === ja['audit.dec.title'], 'title');
			await page.locator('main form button[type=submit]').click();
			const err = page.locator('#dcs-subject-err');
			await err.waitFor();
			const want = SERVER_JA['is required, unless both from and to bound the search'];
			assert(want && await err.textContent() === want, 'error: ' + await err.textContent());
			await page.locator('#dcs-subject').fill(SUBJECT);
			await page.locator('main form button[type=submit]').click();
			await page.locator('main section.decisions table tbody tr').first().waitFor();
			await waitIdle(page);
			checkRows(await decisionRows(page), 'ja', SUBJECT);
			const head = await page.locator('main section.decisions thead th').allTextContents();
			assert(head.includes(ja['audit.dec.reason']) && head.includes(ja['audit.dec.seq']), 'headers: ' + head);
			await axe(page);
			await shot(page, 'auditor-decisions-ja');
		} finally {
			await context.close();
		}
	});

	await test('a phone-sized screen: the header and a table page fit the width', async () => {
		const { context, page } = await newPage('ja');
		try {
			await page.setViewportSize({ width: 375, height: 740 });
			await signIn(page, 'auditor');
			await page.waitForURL(base + '/audit');
			await waitIdle(page);
			const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			assert(over <= 0, `the page is ${over}px wider than the screen`);
			await axe(page);
			await shot(page, 'auditor-audit-phone-ja');
		} finally {
			await context.close();
		}
	});
};
