// SPDX-License-Identifier: Apache-2.0
// 64-vetting-forms.js - the forms of continuous vetting
// (ui/src/pages/self-reports.js, concern.js, incidents.js), in English
// and in Japanese: the subject (misaki, p-demo-subject) is refused a
// journey dated in the future without asking approval (under the date, in
// the page's language), then files a foreign travel report after a return
// more than 5 business days ago (late, sent to the investigators) and an
// approval request for a journey next month (on time, not sent), and sees
// both in the list; the officer reports a concern anonymously (no name
// sent) and sees the receipt; the officer records an intentional
// disclosure of an SDS item (orca-radar-spec) with p14 as handler (NOT
// suspended: other suites use p14) and a person of the suite's own,
// created first, as recipient (suspended at once), sees the exposure (10
// years for the handler, 5 for the recipient), closes it with an outcome
// and reads it again with a purpose; the auditor sees the incident
// figures.  axe on every page.
'use strict';

const ITEM = 'orca-radar-spec'; /* JPN-SDS in data/demo.jsonl */
const HANDLER = 'p14';

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG } = h;
	const base = h.base;

	/* Today (UTC, as the server counts days) plus n days, YYYY-MM-DD. */
	const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

	/* A request of the user signed in on page, with the session's CSRF token: {status, json}. */
	const post = (page, path, body) => page.evaluate(async ([p, b]) => {
		const me = await (await fetch('/v1/me')).json();
		const r = await fetch('/v1' + p, { method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf }, body: JSON.stringify(b) });
		return { status: r.status, json: await r.json().catch(() => null) };
	}, [path, body]);

	const goNav = async (page, href) => {
		await page.locator(`.nav a[href="${href}"]`).click();
		await page.waitForURL(base + href);
		await waitIdle(page);
		await settled(page);
	};

	/* The suite's own persons of owari-hi, one per language: the recipients suspended by the incidents. */
	const OWN = { en: 'p-ui64-en', ja: 'p-ui64-ja' };
	let ready = false;
	await test('vetting forms: the officer creates the suite\'s own persons of owari-hi', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'officer');
			await waitIdle(page);
			for (const [lang, id] of Object.entries(OWN)) {
				const r = await post(page, '/persons', { id, name: lang === 'en' ? '中村 翔' : '中村 葵',
					name_latin: lang === 'en' ? 'NAKAMURA Sho' : 'NAKAMURA Aoi', birth_date: '1990-04-0' + (lang === 'en' ? 1 : 2),
					nationalities: ['JPN'], org: 'owari-hi' });
				assert(r.status === 201 || r.status === 200, 'POST /v1/persons: ' + r.status + ' ' + JSON.stringify(r.json));
			}
			ready = true;
		} finally {
			await context.close();
		}
	});

	for (const lang of ['en', 'ja']) {
		const T = CATALOG[lang];

		await test(`self-reports (${lang}): a future journey without approval refused under the date; a late return sent to the investigators; an approval request on time; both listed`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'misaki');
				await waitIdle(page);
				await goNav(page, '/self-reports');
				assert(await page.locator('main h1').textContent() === T['cv.sr.title'], 'title');
				await page.locator('#sr-type').waitFor();
				/* Each duty by its name, with when it is due. */
				const travel = page.locator('#sr-type label', { has: page.locator('input[value="foreign_travel"]') });
				const tt = await travel.textContent();
				assert(tt.includes(T['cv.duty.foreign_travel']) && tt.includes(T['cv.sr.due_end'].replace('{n}', '5')), 'the duty: ' + tt);
				assert((await page.locator('#sr-type').textContent()).includes(T['cv.duty.foreign_contact']), 'foreign contact offered');
				await page.locator('#sr-type input[value="foreign_travel"]').check();
				await page.locator('#sr-d_destination').waitFor();
				assert(await page.locator('#sr-d_purpose').count() === 1 && await page.locator('#sr-d_details').count() === 0, 'the travel details');

				/* A journey in the future is a report of what did not happen yet: refused under the date. */
				await page.locator('#sr-date').fill(day(10));
				await page.locator('#sr-d_destination').fill(lang === 'en' ? 'Singapore' : 'シンガポール');
				await page.locator('form.self-report button[type=submit]').click();
				await page.locator('#sr-date-err').waitFor();
				const err = await page.locator('#sr-date-err').textContent();
				assert(lang === 'en' ? err.includes('not in the future') : err.includes('将来の日付'), 'the refusal: ' + err);
				assert(await page.getAttribute('#sr-date', 'aria-invalid') === 'true', 'aria-invalid');
				assert(await page.inputValue('#sr-d_destination') !== '', 'the details kept');
				await axe(page);
				await shot(page, `self-report-refused-${lang}`);

				/* Back more than 5 business days ago: late, and so sent to the investigators. */
				await page.locator('#sr-date').fill(day(-30));
				await page.locator('#sr-returned').fill(day(-20));
				await page.locator('#sr-d_purpose').fill(lang === 'en' ? 'trade fair' : '展示会');
				const sent = page.waitForRequest((q) => q.url().endsWith('/v1/me/self-reports') && q.method() === 'POST');
				await page.locator('form.self-report button[type=submit]').click();
				const body = JSON.parse((await sent).postData());
				assert(body.type === 'foreign_travel' && body.returned === day(-20) && body.pre_approval === false &&
					body.details && body.details.purpose && body.details.destination, 'the body: ' + JSON.stringify(body));
				await page.locator('.sr-result').waitFor();
				const late = await page.locator('.sr-result').getAttribute('data-report');
				assert(await page.locator('.sr-result .sr-late [data-late="true"]').count() === 1, 'marked late');
				assert((await page.locator('.sr-result .sr-late').textContent()).trim() === T['cv.sr.late'], 'late in words');
				assert(await page.locator('.sr-result .sr-sent').getAttribute('data-sent') === 'true', 'sent to the investigators');
				assert(/AL-/.test(await page.locator('.sr-result .sr-sent').textContent()), 'the alert named');
				assert(await page.locator('.sr-result .sr-due time').count() === 1, 'the due date');
				assert(await page.inputValue('#sr-date').catch(() => '') === '', 'the form cleared');
				await axe(page);
				await shot(page, `self-report-late-${lang}`);

				/* Asking approval for a journey next month: no return or deviation asked; on time, not sent. */
				await page.locator('#sr-type input[value="foreign_travel"]').check();
				await page.locator('#sr-pre_approval').check();
				assert(await page.locator('#sr-returned').count() === 0 && await page.locator('#sr-deviation').count() === 0,
					'a return or deviation asked with an approval request');
				await page.locator('#sr-date').fill(day(30));
				await page.locator('#sr-d_destination').fill(lang === 'en' ? 'Manila' : 'マニラ');
				await page.locator('#sr-d_purpose').fill(lang === 'en' ? 'joint exercise' : '共同訓練');
				await page.locator('form.self-report button[type=submit]').click();
				await page.waitForFunction((id) => {
					const r = document.querySelector('.sr-result');
					return r && r.dataset.report !== id;
				}, late);
				const asked = await page.locator('.sr-result').getAttribute('data-report');
				assert(await page.locator('.sr-result .sr-late [data-late="false"]').count() === 1, 'on time');
				assert((await page.locator('.sr-result .sr-late').textContent()).trim() === T['cv.sr.on_time'], 'on time in words');
				assert(await page.locator('.sr-result .sr-sent').getAttribute('data-sent') === 'false', 'not sent');

				/* Both in the list of one's own reports. */
				await page.locator(`tr[data-report="${asked}"]`).waitFor();
				const a = page.locator(`tr[data-report="${late}"]`);
				const b = page.locator(`tr[data-report="${asked}"]`);
				assert(await a.locator('[data-late="true"]').count() === 1 && await a.locator('.sr-sent').getAttribute('data-sent') === 'true',
					'the late one listed late and sent');
				assert((await a.textContent()).includes(T['cv.duty.foreign_travel']), 'the type in words');
				assert(await a.locator('time').count() === 4, 'date, return, filed, due');
				assert(await b.locator('[data-late="false"]').count() === 1 && await b.locator('.sr-sent').getAttribute('data-sent') === 'false',
					'the request listed on time, not sent');
				assert((await b.textContent()).includes(T['cv.sr.approval']), 'the request named as one');
				assert(!page.errors.length, page.errors.join('; '));
				await axe(page);
				await shot(page, `self-reports-${lang}`);
			} finally {
				await context.close();
			}
		});

		await test(`concern (${lang}): the officer reports a concern anonymously and gets the receipt`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'officer');
				await waitIdle(page);
				await goNav(page, '/concerns/new');
				assert(await page.locator('main h1').textContent() === T['cv.cc.title'], 'title');
				assert((await page.locator('#cc-reporter-hint').textContent()) === T['cv.cc.reporter_hint'], 'anonymity explained');
				assert(await page.inputValue('#cc-date') === day(0), 'today by default');
				await page.locator('#cc-person').fill(OWN[lang]);
				await page.locator('#cc-type').selectOption('conduct');
				await page.locator('#cc-text').fill(lang === 'en' ? 'Talked about the radar programme in a bar.' : '居酒屋でレーダー計画の話をしていた。');
				await axe(page);
				const sent = page.waitForRequest((q) => q.url().endsWith('/v1/concerns') && q.method() === 'POST');
				await page.locator('form.concern button[type=submit]').click();
				const body = JSON.parse((await sent).postData());
				assert(!('reporter' in body) && body.person === OWN[lang] && body.type === 'conduct' && body.date === day(0),
					'the body: ' + JSON.stringify(body));
				await page.locator('.concern-receipt').waitFor();
				const text = await page.locator('.concern-receipt').textContent();
				assert(text.includes(T['cv.cc.done']) && (await page.locator('.concern-receipt code.receipt').textContent()).length > 4,
					'the receipt: ' + text);
				assert(!text.includes(OWN[lang]), 'the receipt names the person');
				await axe(page);
				await shot(page, `concern-receipt-${lang}`);
				await page.locator('.concern-receipt button').click();
				await page.locator('#cc-person').waitFor();
				assert(await page.inputValue('#cc-person') === '', 'a fresh form');
			} finally {
				await context.close();
			}
		});

		await test(`incidents (${lang}): the officer records an SDS disclosure (a wrong item named under its field), sees the exposure, closes it, reads it with a purpose`, async () => {
			if (!ready)
				throw new Error('the suite\'s persons were not created');
			const own = OWN[lang];
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'officer');
				await waitIdle(page);
				await goNav(page, '/incidents');
				assert(await page.locator('main h1').textContent() === T['cv.inc.title'], 'title');
				await page.locator('main a[href="/incidents/new"]').click();
				await page.waitForURL(base + '/incidents/new');
				await waitIdle(page);
				assert(await page.getAttribute('.nav a[href="/incidents"]', 'aria-current') === 'location', 'Incidents is the current entry');
				await page.locator('#inc-type').selectOption('intentional_disclosure');
				await page.locator('#inc-occurred').fill(day(-3));
				await page.locator('#inc-handlers').fill(HANDLER);
				await page.locator('#inc-recipients').fill(own);
				await page.locator('#inc-items').fill(ITEM + ', no-such-item-64');
				await page.locator('#inc-narrative').fill(lang === 'en' ? 'A radar specification was handed to a visitor.' : 'レーダーの仕様書が来訪者に渡された。');
				/* The persons named, to suspend: p14 stays unchecked (other suites use p14). */
				await page.locator(`#inc-suspend-${own}`).check();
				assert(await page.locator(`#inc-suspend-${HANDLER}`).count() === 1 && !(await page.isChecked(`#inc-suspend-${HANDLER}`)), 'p14 offered, unchecked');
				await page.locator('form.incident-new button[type=submit]').click();
				await page.locator('#inc-items-err').waitFor();
				const ierr = await page.locator('#inc-items-err').textContent();
				assert(ierr.includes('no-such-item-64'), 'the unknown item named: ' + ierr);
				assert(await page.getAttribute('#inc-items', 'aria-invalid') === 'true', 'aria-invalid');
				await axe(page);
				await shot(page, `incident-new-refused-${lang}`);
				await page.locator('#inc-items').fill(ITEM);
				const sent = page.waitForRequest((q) => q.url().endsWith('/v1/incidents') && q.method() === 'POST');
				await page.locator('form.incident-new button[type=submit]').click();
				const body = JSON.parse((await sent).postData());
				assert(JSON.stringify(body.suspend) === JSON.stringify([own]) && JSON.stringify(body.handlers) === '["p14"]' &&
					JSON.stringify(body.items) === JSON.stringify([ITEM]), 'the body: ' + JSON.stringify(body));
				await page.waitForURL(/\/incidents\/IN-/);
				const id = decodeURIComponent(page.url().split('/').pop());
				await waitIdle(page);
				await settled(page);
				await page.locator('.incident-result').waitFor();
				assert(await page.locator('main h1').textContent() === T['cv.inc.page'].replace('{id}', id), 'the incident\'s page');
				/* The exposure: 10 years for the handler of an SDS item, 5 for its recipient. */
				const years = (n) => T['cv.inc.years'].replace('{n}', n);
				const hrow = page.locator(`table.exposure tbody[data-person="${HANDLER}"]`);
				assert(await hrow.getAttribute('data-part') === 'handled', 'p14 handled it');
				assert((await hrow.locator('.exp-prison').textContent()) === years(10), 'ten years: ' + await hrow.locator('.exp-prison').textContent());
				assert((await hrow.locator('.exp-highest').textContent()) === years(10), 'the highest term');
				assert((await hrow.locator('.exp-offence').textContent()) === T['cv.offence.intentional_leak_by_a_person_handling_the_secret'],
					'the offence in words: ' + await hrow.locator('.exp-offence').textContent());
				assert((await hrow.textContent()).includes(T['authority.JPN-SDS']), 'the authority by name');
				assert(/10,000,000/.test(await hrow.locator('.exp-fine').textContent()), 'the fine in yen');
				const rrow = page.locator(`table.exposure tbody[data-person="${own}"]`);
				assert(await rrow.getAttribute('data-part') === 'received' && (await rrow.locator('.exp-prison').textContent()) === years(5),
					'five years for the recipient');
				assert((await page.locator('.narrative').textContent()).length > 10, 'the narrative');
				await axe(page);
				await shot(page, `incident-recorded-${lang}`);

				/* Suspended: the suite's own person, not p14. */
				const sus = h.scs(['export']).split('\n').filter((l) => l.includes('"kind":"suspension"') && l.includes('incident ' + id));
				assert(sus.length === 1 && sus[0].includes('"person":"' + own + '"'), 'the recipient alone suspended: ' + sus.join(' | '));

				/* Closed with an outcome: an empty one refused first. */
				await page.locator('form.incident-close button[type=submit]').click();
				await page.locator('#icl-outcome-err').waitFor();
				const outcome = lang === 'en' ? 'Reported to the police; access withdrawn.' : '警察に届け出た。アクセス権を取り消した。';
				await page.locator('#icl-outcome').fill(outcome);
				await page.locator('form.incident-close button[type=submit]').click();
				await page.locator('.inc-state [data-state="closed"]').waitFor();
				assert((await page.locator('.inc-outcome').textContent()) === outcome, 'the outcome shown');
				assert(await page.locator('form.incident-close').count() === 0, 'a closing offered after closing');
				assert((await page.locator('.incident-result').textContent()) === T['cv.inc.closed_ok'], 'said closed');
				await axe(page);
				await shot(page, `incident-closed-${lang}`);

				/* Read again: the purpose asked (refused empty), then the incident, closed. */
				await page.reload();
				await waitIdle(page);
				await page.locator('form.open-incident').waitFor();
				assert(await page.locator('.narrative').count() === 0, 'the narrative before the purpose');
				await page.locator('form.open-incident button[type=submit]').click();
				assert((await page.locator('#inp-purpose-err').textContent()) === T['cv.inc.purpose_required'], 'the purpose required');
				await axe(page);
				await page.locator('#inp-purpose').fill(lang === 'en' ? 'incident review' : '事案の確認');
				const read = page.waitForRequest((q) => q.url().includes('/v1/incidents/' + id + '?purpose='));
				await page.locator('form.open-incident button[type=submit]').click();
				await read;
				await page.locator('.narrative').waitFor();
				await settled(page);
				assert(await page.locator('.inc-state [data-state="closed"]').count() === 1, 'closed, read again');
				assert(await page.locator(`table.exposure tbody[data-person="${HANDLER}"] .exp-prison`).textContent() === years(10), 'the exposure, read again');
				await axe(page);
				await shot(page, `incident-read-${lang}`);

				/* The list. */
				await page.locator('.crumbs a').click();
				await waitIdle(page);
				const row = page.locator(`tr[data-incident="${id}"]`);
				await row.waitFor();
				const rt = await row.textContent();
				assert(rt.includes(T['cv.incident.intentional_disclosure']) && rt.includes(T['cv.inc.closed']), 'the row: ' + rt);
				assert((await row.locator('td.num').textContent()) === '2', 'two persons');
				assert(!page.errors.length, page.errors.join('; '));
				await axe(page);
				await shot(page, `incidents-${lang}`);
			} finally {
				await context.close();
			}
		});

		await test(`incident figures (${lang}): the auditor sees the counts by type, organization and authority`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'auditor');
				await page.waitForURL(base + '/audit');
				await waitIdle(page);
				assert(await page.locator('.nav a[href="/incidents"]').count() === 0, 'an Incidents entry for the auditor');
				await goNav(page, '/reports/incidents');
				await page.locator('dl.inc-figures').waitFor();
				assert(await page.locator('main h1').textContent() === T['cv.incst.title'], 'title');
				const n = Number((await page.locator('[data-fig="incidents"]').textContent()).replace(/[^0-9]/g, ''));
				assert(n >= (lang === 'en' ? 1 : 2), 'the incidents counted: ' + n);
				const type = page.locator('table.inst-type tr[data-key="intentional_disclosure"]');
				assert((await type.textContent()).includes(T['cv.incident.intentional_disclosure']), 'the type in words');
				assert(await page.locator('table.inst-org tr[data-key="owari-hi"]').count() === 1, 'owari-hi counted');
				assert((await page.locator('table.inst-auth tr[data-key="JPN-SDS"]').textContent()).includes(T['authority.JPN-SDS']), 'the authority by name');
				assert(!(await page.locator('main').textContent()).includes('鈴木'), 'a person named');
				await axe(page);
				await shot(page, `incident-figures-${lang}`);
			} finally {
				await context.close();
			}
		});
	}
};
