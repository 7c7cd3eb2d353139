// SPDX-License-Identifier: Apache-2.0
// 62-alerts.js - continuous vetting for the investigator
// (ui/src/pages/alerts.js): the investigator matches a small feed through
// the API (records about demo persons with a JPN-SDS clearance and no
// case, written in katakana or Latin letters: alerts for cao, the only
// body accredited for JPN-SDS; checked first) and triages one on the
// command line with a review case; then in English and in Japanese: the
// queue lists the alerts by name; opening one asks for a purpose (refused
// empty) and shows what the source said and the evidence per field with
// the levels in words; a valid triage that suspends is shown suspended
// and offers no second triage (in Japanese with a review case the server
// refuses, the person having one open: named under its checkbox, then
// recorded without it); a not-valid triage of another alert; the figures.
// The command line's triage shows its review case as a link.  The
// auditor sees the figures, not the queue.  The persons suspended here
// (p14, p11) and the review case (p11) are no other suite's.
'use strict';

/* The feed: [record, the person it is about]. */
const FEED = [
	[{ id: 'ui62-en-valid', source: 'npa', type: 'arrest', date: '2026-10-03', name: 'スズキ イチロウ', birth_date: '1966-03-09',
		nationality: 'JPN', summary: 'Arrested in Nagoya on suspicion of disclosing trade secrets; released pending investigation.' }, 'p14'],
	[{ id: 'ui62-en-notvalid', source: 'credit', type: 'bankruptcy', date: '2026-08-20', name: 'Eri SHIMIZU', birth_date: '1983-07-07',
		summary: 'Petition for personal bankruptcy filed at the Tokyo District Court.' }, 'p12'],
	[{ id: 'ui62-ja-valid', source: 'court', type: 'conviction', date: '2026-09-15', name: 'SAITO Makoto', birth_date: '1970-11-30',
		summary: '東京地方裁判所：酒気帯び運転で罰金30万円。' }, 'p11'],
	[{ id: 'ui62-cli', source: 'credit', type: 'bankruptcy', date: '2026-11-02', name: '齋藤 誠', name_kana: 'サイトウ マコト',
		birth_date: '1970-11-30', summary: '個人の破産手続開始の申立て（東京地方裁判所）。' }, 'p11'],
	[{ id: 'ui62-ja-notvalid', source: 'credit', type: 'default', date: '2026-11-05', name: 'シミズ エリ', birth_date: '1983-07-01',
		summary: '消費者ローンの延滞。' }, 'p12'],
	[{ id: 'ui62-open', source: 'immigration', type: 'departure', date: '2026-11-20', name: 'SUZUKI Ichiro', birth_date: '1966-03-09',
		summary: 'Departed Narita for Singapore.' }, 'p14'],
];
const NAMES = { p14: ['鈴木 一郎', 'SUZUKI Ichiro'], p12: ['清水 恵理', 'SHIMIZU Eri'], p11: ['斎藤 誠', 'SAITO Makoto'] };
const PURPOSE = { en: 'weekly triage', ja: '週次の判定' };

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG } = h;
	const base = h.base;

	/* A request of the user signed in on page, with the session's CSRF token: {status, json}. */
	const post = (page, path, body) => page.evaluate(async ([p, b]) => {
		const me = await (await fetch('/v1/me')).json();
		const r = await fetch('/v1' + p, { method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf }, body: JSON.stringify(b) });
		return { status: r.status, json: await r.json().catch(() => null) };
	}, [path, body]);

	/* record id -> {id, person, match} */
	let alerts = null;
	await test('alerts: a feed matched by the investigator raises one alert per record, all for cao (the investigator\'s body)', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'investigator');
			await waitIdle(page);
			const r = await post(page, '/cv/feeds', { name: 'ui62-feed', records: FEED.map(([rec]) => rec) });
			assert(r.status === 200, 'POST /v1/cv/feeds: ' + r.status + ' ' + JSON.stringify(r.json));
			const got = {};
			for (const [rec, person] of FEED) {
				const x = r.json.results.find((y) => y.record === rec.id);
				assert(x && x.person === person && x.decision !== 'none' && x.alert,
					`${rec.id} (${rec.name}) should raise an alert about ${person}: ${JSON.stringify(x)}`);
				got[rec.id] = { id: x.alert, person, match: x.decision };
			}
			/* Where the server sent them: the command line reads every alert. */
			const bodies = {};
			for (const line of h.scs(['alert', 'list']).split('\n').filter((l) => l.startsWith('{'))) {
				const a = JSON.parse(line);
				bodies[a.id] = a.body;
			}
			for (const [rec, x] of Object.entries(got))
				assert(bodies[x.id] === 'cao', `the alert of ${rec} (${x.person}) went to "${bodies[x.id]}", not to cao, the body of the ` +
					'account "investigator": pick persons with a JPN-SDS clearance whose latest case, if any, was with cao');
			/* A review case for p11, opened by a triage on the command line (its own test shows it). */
			const t = JSON.parse(h.scs(['alert', 'triage', got['ui62-cli'].id, 'valid', '--review']));
			assert(/^C-/.test(t.review_case || ''), 'the review case of the command line: ' + JSON.stringify(t));
			got['ui62-cli'].review = t.review_case;
			alerts = got;
		} finally {
			await context.close();
		}
	});
	if (!alerts)
		return;

	/* The alert's page, opened: the purpose asked, then the alert read. */
	const openAlert = async (page, lang, rec) => {
		await page.goto(base + '/alerts/' + alerts[rec].id);
		await waitIdle(page);
		await page.locator('form.open-alert').waitFor();
		await page.locator('#alp-purpose').fill(PURPOSE[lang]);
		const read = page.waitForRequest((q) => q.url().includes('/v1/alerts/' + alerts[rec].id + '?purpose='));
		await page.locator('form.open-alert button[type=submit]').click();
		const url = new URL((await read).url());
		assert(url.searchParams.get('purpose') === PURPOSE[lang], 'the purpose sent: ' + url.search);
		await page.locator('.narrative').waitFor();
		await settled(page);
	};
	/* Triage the open alert: the state's radio button, the checkboxes named, confirmed. */
	const triage = async (page, state, checks) => {
		await page.locator(`#tri-state input[value="${state}"]`).check();
		for (const c of checks || [])
			await page.locator('#tri-' + c).check();
		await page.locator('form.triage button[type=submit]').click();
		await page.locator('.confirm').waitFor();
	};
	const stateIs = async (page, T, state) => {
		await page.locator(`.alert-state [data-state="${state}"]`).waitFor();
		assert((await page.locator('.alert-state').textContent()).trim() === T['cv.state.' + state], 'the state in words');
	};

	for (const lang of ['en', 'ja']) {
		const T = CATALOG[lang];
		const valid = lang + '-valid';

		await test(`alerts (${lang}): the queue by name; the alert read with a purpose: the narrative, the evidence per field; valid and suspended, no second triage`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'investigator');
				await waitIdle(page);
				await page.locator('.nav a[href="/alerts"]').click();
				await page.waitForURL(base + '/alerts');
				await waitIdle(page);
				await settled(page);
				assert(await page.locator('main h1').textContent() === T['cv.alerts.title'], 'title');
				assert(await page.inputValue('#alerts-state') === 'open', 'open ones by default');
				for (const [rec, x] of Object.entries(alerts)) {
					if (!rec.startsWith('ui62-' + lang) && rec !== 'ui62-open')
						continue;
					const row = page.locator(`tr[data-alert="${x.id}"]`);
					await row.waitFor();
					const text = await row.textContent();
					assert(text.includes(NAMES[x.person][0]) && text.includes(NAMES[x.person][1]), `${rec}: the person by name: ${text}`);
					assert(text.includes(T['cv.match.' + x.match]) && text.includes(T['cv.state.open']), `${rec}: match and state in words: ${text}`);
					assert(await row.locator('.person-name').getAttribute('lang') === 'ja', 'the name in kanji is lang=ja');
				}
				const kept = page.locator(`tr[data-alert="${alerts['ui62-open'].id}"]`);
				assert((await kept.textContent()).includes(T['cv.source.immigration']) && (await kept.textContent()).includes(T['cv.type.departure']),
					'source and type in words');
				assert(/^\+\d/.test((await kept.locator('td.num').textContent()).trim()), 'the score, signed');
				await axe(page);
				await shot(page, `alerts-queue-${lang}`);

				/* The alert asks for a purpose first; an empty one is refused by its field. */
				await page.locator(`tr[data-alert="${alerts['ui62-' + valid].id}"] a`).click();
				await page.waitForURL(base + '/alerts/' + alerts['ui62-' + valid].id);
				await waitIdle(page);
				assert(await page.getAttribute('.nav a[href="/alerts"]', 'aria-current') === 'location', 'the queue is the current entry');
				assert(await page.locator('.narrative').count() === 0, 'the narrative before the purpose');
				await page.locator('form.open-alert button[type=submit]').click();
				await page.locator('#alp-purpose-err').waitFor();
				assert((await page.locator('#alp-purpose-err').textContent()) === T['cv.alert.purpose_required'], 'the purpose required');
				assert(await page.getAttribute('#alp-purpose', 'aria-invalid') === 'true', 'aria-invalid');
				await axe(page);
				await shot(page, `alert-purpose-${lang}`);
				await openAlert(page, lang, 'ui62-' + valid);
				const rec = FEED.find(([r]) => r.id === 'ui62-' + valid)[0];
				const narrative = await page.locator('.narrative').textContent();
				assert(narrative.includes(rec.summary) && narrative.includes('name: ' + rec.name), 'what the source said: ' + narrative);
				await stateIs(page, T, 'open');
				/* The evidence: four fields, their levels in words, weights signed to one decimal, score and probability;
				 * then the register's joint weight when it weighs (a namesake registered by an earlier suite makes it). */
				const rows = await page.locator('table.evidence tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.field,
					tr.querySelector('td').dataset.level, tr.querySelector('td').textContent, tr.querySelector('td.num').textContent]));
				const fields = rows.map((r) => r[0]).join();
				assert(fields === 'family,given,birth_date,nationality' || fields === 'family,given,birth_date,nationality,joint',
					'the fields: ' + JSON.stringify(rows));
				for (const [f, level, words, weight] of rows) {
					if (f === 'joint') {
						assert(words === T['cv.ev.joint_text'], 'the joint weight explains itself: ' + words);
						assert(/^[+-]\d+\.\d$/.test(weight.replace(/,/g, '')) && weight !== '+0.0' && weight !== '-0.0',
							'the joint weight, signed and not nothing: ' + weight);
						continue;
					}
					assert(words === T['cv.level.' + level], `${f}: the level ${level} in words: ${words}`);
					assert(/^([+-]\d+(\.\d)|0\.0)$/.test(weight.replace(/,/g, '')), `${f}: the weight ${weight}`);
				}
				assert(rows[0][1] === 'exact' && rows[2][1] === 'exact', 'written in kana or Latin, the names and the birth date agree: ' + JSON.stringify(rows));
				assert(/^\+\d+\.\d$/.test((await page.locator('table.evidence tfoot td.num').textContent()).trim()), 'the score');
				assert(/%/.test(await page.locator('.ev-probability').textContent()), 'the probability as a percentage');
				assert(await page.locator('dl.cv-levels dt').count() === 8, 'what each level means');
				await axe(page);
				await shot(page, `alert-open-${lang}`);

				/* Valid, suspend now (and in Japanese, open a review case): confirmed, then shown. */
				assert(await page.locator('#tri-suspend').count() === 0, 'suspend offered before valid');
				await triage(page, 'valid', lang === 'ja' ? ['suspend', 'review'] : ['suspend']);
				const confirm = await page.locator('.confirm').textContent();
				assert(confirm.includes(NAMES[alerts['ui62-' + valid].person][0]), 'the confirmation names the person: ' + confirm);
				await axe(page);
				await shot(page, `alert-confirm-${lang}`);
				await page.locator('.confirm-yes').click();
				if (lang === 'ja') {
					/* p11 has the review case of the command line open: the server's refusal, under the checkbox, in Japanese. */
					await page.locator('#tri-review-err').waitFor();
					const err = await page.locator('#tri-review-err').textContent();
					assert(err === `「p11」には JPN-SDS の制度で処理中の審査案件があります（${alerts['ui62-cli'].review}）。`, 'the refusal: ' + err);
					assert(await page.getAttribute('#tri-review', 'aria-invalid') === 'true', 'aria-invalid');
					assert(await page.isChecked('#tri-state input[value="valid"]') && await page.isChecked('#tri-suspend'), 'the choices kept');
					await stateIs(page, T, 'open');
					await axe(page);
					await shot(page, 'alert-review-refused-ja');
					await page.locator('#tri-review').uncheck();
					await page.locator('form.triage button[type=submit]').click();
					await page.locator('.confirm-yes').click();
				}
				await page.locator('.triage-result').waitFor();
				await stateIs(page, T, 'valid');
				assert((await page.locator('.triaged-suspended').textContent()) === T['cv.yes'], 'shown suspended');
				assert((await page.locator('.triaged-review').textContent()) === '—', 'no review case');
				assert((await page.locator('dl.triaged').textContent()).includes('user:investigator'), 'who triaged');
				assert(await page.locator('dl.triaged time').count() === 1, 'when');
				assert(await page.locator('form.triage').count() === 0, 'a triage form after the triage');
				assert(!page.errors.length, page.errors.join('; '));
				await axe(page);
				await shot(page, `alert-triaged-${lang}`);

				/* Read again: the triage is shown, no second one offered. */
				await openAlert(page, lang, 'ui62-' + valid);
				await stateIs(page, T, 'valid');
				assert((await page.locator('.triaged-suspended').textContent()) === T['cv.yes'], 'suspended, read again');
				assert(await page.locator('form.triage').count() === 0 && await page.locator('#tri-state').count() === 0, 'a second triage offered');

				/* The queue of valid alerts holds it; the open queue no more. */
				await page.locator('.crumbs a').click();
				await waitIdle(page);
				await settled(page);
				await page.locator(`tr[data-alert="${alerts['ui62-open'].id}"]`).waitFor();
				assert(await page.locator(`tr[data-alert="${alerts['ui62-' + valid].id}"]`).count() === 0, 'triaged, still in the open queue');
				await page.locator('#alerts-state').selectOption('valid');
				await page.locator('main form.filters button[type=submit]').click();
				await page.locator(`tr[data-alert="${alerts['ui62-' + valid].id}"]`).waitFor();
			} finally {
				await context.close();
			}
		});

		await test(`alerts (${lang}): another alert triaged not valid: no suspension offered, none done`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'investigator');
				await waitIdle(page);
				await openAlert(page, lang, `ui62-${lang}-notvalid`);
				const match = alerts[`ui62-${lang}-notvalid`].match;
				assert((await page.locator('.ev-facts').textContent()).includes(T['cv.match.' + match]), 'the match in words');
				await page.locator('#tri-state input[value="not_valid"]').check();
				assert(await page.locator('#tri-suspend').count() === 0 && await page.locator('#tri-review').count() === 0,
					'suspension or review offered for not valid');
				await page.locator('form.triage button[type=submit]').click();
				await page.locator('.confirm').waitFor();
				assert((await page.locator('.confirm').textContent()).includes(T['cv.state.not_valid']), 'the confirmation names the state');
				await page.locator('.confirm-yes').click();
				await page.locator('.triage-result').waitFor();
				await stateIs(page, T, 'not_valid');
				assert((await page.locator('.triaged-suspended').textContent()) === T['cv.no'], 'not suspended');
				await axe(page);
				await shot(page, `alert-not-valid-${lang}`);
			} finally {
				await context.close();
			}
		});

		await test(`alerts (${lang}): the investigator's figures count the alerts, the triaged and the shares`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'investigator');
				await waitIdle(page);
				await page.locator('.nav a[href="/alerts/stats"]').click();
				await page.waitForURL(base + '/alerts/stats');
				await waitIdle(page);
				await settled(page);
				await page.locator('dl.cv-figures').waitFor();
				assert(await page.locator('main h1').textContent() === T['cv.stats.title'], 'title');
				const fig = async (k) => Number((await page.locator(`[data-fig="${k}"]`).textContent()).replace(/[^0-9.]/g, ''));
				const n = await fig('alerts');
				const open = await fig('open');
				const triaged = await fig('triaged');
				assert(n >= FEED.length && n === open + triaged, `alerts ${n}, open ${open}, triaged ${triaged}`);
				assert(open >= 1 && triaged >= (lang === 'en' ? 3 : 5), `open ${open}, triaged ${triaged}`);
				assert(/%/.test(await page.locator('[data-fig="valid_share"]').textContent()), 'the valid share as a percentage');
				assert(/%/.test(await page.locator('[data-fig="self_reported_share"]').textContent()), 'the self-reported share as a percentage');
				assert(/\d/.test(await page.locator('[data-fig="triage_hours_median"]').textContent()), 'the median hours');
				const row = page.locator('table.cv-by tr[data-source="npa"][data-type="arrest"]');
				const text = await row.textContent();
				assert(text.includes(T['cv.source.npa']) && text.includes(T['cv.type.arrest']), 'source and type in words: ' + text);
				assert(Number(await row.locator('[data-col="valid"]').textContent()) >= 1, 'the valid arrest counted');
				await axe(page);
				await shot(page, `alert-stats-investigator-${lang}`);
			} finally {
				await context.close();
			}
		});
	}

	await test('alerts (en): a triage made on the command line shows its review case as a link; a kanji variant matched as folded', async () => {
		const T = CATALOG.en;
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'investigator');
			await waitIdle(page);
			await openAlert(page, 'en', 'ui62-cli');
			await stateIs(page, T, 'valid');
			assert(await page.locator('form.triage').count() === 0, 'a triage offered');
			const href = await page.locator('.triaged-review a').getAttribute('href');
			assert(href === '/cases/' + alerts['ui62-cli'].review, 'the review case as a link: ' + href);
			assert((await page.locator('dl.triaged').textContent()).includes('os:'), 'the command line named as who triaged');
			assert((await page.locator('.narrative').textContent()).includes('name: 齋藤 誠'), 'the name as the source wrote it');
			const family = page.locator('table.evidence tr[data-field="family"] td').first();
			assert(await family.getAttribute('data-level') === 'folded' && await family.textContent() === T['cv.level.folded'],
				'齋藤 is 斎藤 folded: ' + await family.textContent());
			await axe(page);
			await shot(page, 'alert-review-case-en');
		} finally {
			await context.close();
		}
	});

	for (const lang of ['en', 'ja']) {
		await test(`alerts (${lang}): the auditor sees every body's figures but has no queue`, async () => {
			const T = CATALOG[lang];
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'auditor');
				await page.waitForURL(base + '/audit');
				await waitIdle(page);
				assert(await page.locator('.nav a[href="/alerts"]').count() === 0, 'an Alerts entry for the auditor');
				await page.locator('.nav a[href="/alerts/stats"]').click();
				await page.waitForURL(base + '/alerts/stats');
				await waitIdle(page);
				await settled(page);
				await page.locator('dl.cv-figures').waitFor();
				assert((await page.locator('main').textContent()).includes(T['cv.stats.intro_all']), 'every body\'s figures');
				assert(Number((await page.locator('[data-fig="alerts"]').textContent()).replace(/[^0-9]/g, '')) >= FEED.length, 'the alerts counted');
				assert(!(await page.locator('main').textContent()).includes('鈴木'), 'a person named');
				await axe(page);
				await shot(page, `alert-stats-auditor-${lang}`);
				await page.goto(base + '/alerts');
				await waitIdle(page);
				assert(await page.locator('main h1').textContent() === T['notfound.title'], 'the queue not refused');
				await page.goto(base + '/alerts/' + alerts['ui62-open'].id);
				await waitIdle(page);
				assert(await page.locator('main h1').textContent() === T['notfound.title'], 'an alert not refused');
			} finally {
				await context.close();
			}
		});
	}
};
