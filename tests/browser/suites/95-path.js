// SPDX-License-Identifier: Apache-2.0
// 95-path.js - the whole path of a vetting, end to end through the UI, one
// role after the other, each in a browser context of its own, once in
// Japanese and once in English (each with a fresh person of its own):
//
//   1 security officer  finds the person on the staff page, nominates them,
//                       reads the subject account's one-time code; "may P
//                       see X" answers not cleared
//   2 subject           activates the account with the code, signs in,
//                       agrees to the consent notice, fills in the
//                       questionnaire (a range refused by the server shown
//                       by its field, then fixed), certifies and submits;
//                       the phase and the expected date
//   3 adjudicator       assigns the Cabinet Office's screening body (cao)
//   4 investigator      opens the case from the queue, reads the answers,
//                       runs record checks, adds a finding, closes
//   5 adjudicator       reads the file item by item and grants
//   6 security officer  the staff list (active) shows the clearance, the
//                       case reads granted, "may P see X" on a demo item
//                       of JPN-SDS allows
//   7 designator        designates a new item and asks "may P see X" on it
//   8 auditor           the log filtered by the case shows the path;
//                       Verify says the log is intact
//
// Nothing is done through the API but importing the fresh person record
// (a precondition).  Every step is photographed (path-STEP-LANG.png) and
// checked by axe.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ORG = 'owari-hi';
/* A demo item of JPN-SDS owned by mod with no compartment, no program and
 * releasable to the owner's nation only (data/demo.jsonl): a JPN-SDS
 * clearance of a Japanese national of owari-hi (approved for JPN-SDS)
 * is all it asks for (docs/access-decision.md). */
const DEMO_ITEM = 'cable-manila-acsa';

const PEOPLE = {
	ja: { id: 'p-path-ja', name: '経路 花子', latin: 'KEIRO Hanako', birth: '1991-07-07' },
	en: { id: 'p-path-en', name: '経路 太郎', latin: 'KEIRO Taro', birth: '1989-03-03' },
};

module.exports = async function (h) {
	const { ymd } = h;
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG } = h;
	const base = h.base;

	/* The precondition: a fresh person of the officer's organization, no clearance, no account. */
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scs-path-')), 'people.jsonl');
	fs.writeFileSync(file, Object.values(PEOPLE).map((p) => JSON.stringify({ kind: 'person', id: p.id, name: p.name,
		name_latin: p.latin, birth_date: p.birth, nationalities: ['JPN'], org: ORG })).join('\n') + '\n');
	h.scs(['import', file]);
	fs.rmSync(path.dirname(file), { recursive: true, force: true });

	/* One role's browser context, closed whatever happens. */
	async function as(lang, user, password, fn) {
		const { context, page } = await newPage(lang);
		try {
			await signIn(page, user, password);
			await page.waitForFunction(() => !location.pathname.startsWith('/login') && location.pathname !== '/');
			await waitIdle(page);
			await settled(page);
			await fn(page);
		} finally {
			await context.close();
		}
	}
	/* Every step ends with axe and a screenshot. */
	async function done(page, name) {
		await settled(page);
		await axe(page);
		await shot(page, 'path-' + name);
	}
	const stateIs = (page, lang, state) => page.waitForFunction(([term, want]) => {
		const dt = [...document.querySelectorAll('main dl.facts dt')].find((d) => d.textContent === term);
		return dt && dt.nextElementSibling.textContent === want;
	}, [CATALOG[lang]['cases.state'], CATALOG[lang]['state.' + state]]);
	const factOf = (page, term) => page.evaluate((t) => {
		const dt = [...document.querySelectorAll('main dl.facts dt')].find((d) => d.textContent === t);
		return dt ? dt.nextElementSibling.textContent : null;
	}, term);
	async function openFromQueue(page, queue, id) {
		await page.locator(`.queues button[data-state="${queue}"]`).click();
		await page.locator(`.queues button[data-state="${queue}"][aria-pressed="true"]`).waitFor();
		await settled(page);
		await page.locator(`main table a[href="/cases/${id}"]`).click();
		await page.waitForURL(base + '/cases/' + id);
		await waitIdle(page);
		await settled(page);
	}
	/* "May P see X?" on /decide, from the navigation: the answer section. */
	async function ask(page, subject, item) {
		await page.locator('.nav a[href="/decide"]').click();
		await page.waitForURL(base + '/decide');
		await waitIdle(page);
		await page.locator('#dec-subject').fill(subject);
		await page.locator('#dec-item').fill(item);
		await page.locator('main form button[type=submit]').click();
		const ans = page.locator('main section.answer');
		await ans.waitFor();
		await settled(page);
		return ans;
	}

	for (const lang of ['ja', 'en']) {
		const T = CATALOG[lang];
		const P = PEOPLE[lang];
		const ITEM = `path-item-${lang}`;
		const shotName = (step) => `${step}-${lang}`;

		await test(`path (${lang}): nomination, consent, questionnaire, assignment, investigation, grant, access, designation, audit`, async () => {
			let caseId = '';
			let account = '';
			let code = '';

			/* 1 - the security officer nominates the person from the staff page. */
			await as(lang, 'officer', null, async (page) => {
				assert(page.url() === base + '/staff', 'the officer lands on ' + page.url());
				const row = page.locator('main table tbody tr', { has: page.locator('code', { hasText: P.id }) });
				await row.waitFor();
				assert((await row.locator('.status').textContent()) === T['status.none'], 'a fresh person has no clearance: ' +
					await row.locator('.status').textContent());
				assert((await row.textContent()).includes(P.name), 'the name on the row');
				await row.locator('a.nominate').click();
				await page.waitForURL(base + '/cases/new?person=' + P.id);
				await waitIdle(page);
				await settled(page);
				assert(await page.locator('#nom-person').inputValue() === P.id, 'the person is preselected');
				await page.locator('#nom-authority').selectOption('JPN-SDS');
				await page.locator('#nom-level').selectOption('TOKUTEI_HIMITSU');
				await page.locator('#nom-need').fill(lang === 'ja' ? '護衛艦の通信計画に関する特定秘密を取り扱うため' :
					'Handles specially designated secrets of the escort fleet\'s communications plan');
				await page.locator('main form button[type=submit]').click();
				await page.locator('.nominated').waitFor();
				caseId = (await page.locator('.nominated code').textContent()).trim();
				assert(/^C-/.test(caseId), 'case id ' + caseId);
				account = (await page.locator('.act-user').textContent()).trim();
				code = (await page.locator('.act-code').textContent()).trim();
				assert(account === P.id, 'the subject account is named after the person: ' + account);
				assert(code.length >= 16, 'the one-time code: ' + code);
				await done(page, shotName('1'));
				/* Not cleared yet: "may P see X" says so. */
				const ans = await ask(page, P.id, DEMO_ITEM);
				assert(await ans.evaluate((e) => e.classList.contains('answer-deny')), 'allowed before any clearance');
				assert((await ans.textContent()).includes(T['reason.not_cleared']), 'reason: ' + await ans.textContent());
				await done(page, shotName('1-not-cleared'));
			});

			/* 2 - the subject activates the account, consents, answers, submits. */
			{
				const { context, page } = await newPage(lang);
				try {
					await page.goto(base + '/login');
					await page.locator('a[href="/activate"]').click();
					await page.waitForURL(base + '/activate');
					await page.locator('#act-username').fill(account);
					await page.locator('#act-code').fill(code);
					await page.locator('#act-password').fill(h.PASSWORD);
					await page.locator('#act-password2').fill(h.PASSWORD);
					await page.locator('main form button[type=submit]').click();
					await page.waitForURL(/\/login\?activated=1/);
					assert((await page.locator('main .notice-ok').textContent()) === T['activate.done'], 'activation notice');
					assert(await page.inputValue('#login-username') === account, 'the user name carried over');
					await page.locator('#login-password').fill(h.PASSWORD);
					await page.locator('main form button[type=submit]').click();
					await page.waitForURL(base + '/cases');
					await waitIdle(page);
					await settled(page);
					await page.locator(`main table a[href="/cases/${caseId}"]`).click();
					await page.waitForURL(base + '/cases/' + caseId);
					await waitIdle(page);
					/* The consent notice, in the language of the page, agreed with a signature. */
					await page.locator('.subj-notice h3').waitFor();
					await settled(page);
					assert((await page.locator('.subj-notice').textContent()).includes(lang === 'ja' ? '同意しないことができます' : 'refuse'),
						'the notice in ' + lang);
					await done(page, shotName('2-consent'));
					await page.locator('#consent-signature').fill(P.name);
					await page.locator('.subj-consent-form button[type=submit]').click();
					await page.locator('#subj-q-h').waitFor();
					await stateIs(page, lang, 'questionnaire');

					const next = () => page.locator('.subj-q form button[type=submit]').click();
					const atStep = (k) => page.waitForFunction((want) => {
						const p = document.getElementById('subj-progress');
						return p && p.value === want && !document.documentElement.dataset.busy;
					}, k);
					await atStep(1);
					const n = await page.locator('#subj-progress').evaluate((p) => p.max);
					/* identity */
					await page.locator('#q-identity-name').fill(P.name);
					await page.locator('#q-identity-name_latin').fill(P.latin);
					await page.locator('#q-identity-birth_date').fill(P.birth);
					await page.locator('#q-identity-birth_place').fill(lang === 'ja' ? '名古屋市' : 'Nagoya');
					await page.locator('#q-identity-birth_country').fill('JPN');
					await page.locator('#q-identity-nationalities').fill('JPN');
					await next();
					await atStep(2);
					/* residence: a period that ends before it starts; the server refuses it, next to the period */
					await page.locator('#q-residence-entries > button').click();
					await page.locator('#q-residence-entries-0-period-from').fill('2016-04-01');
					await page.locator('#q-residence-entries-0-period-to').fill('2012-04-01');
					await page.locator('#q-residence-entries-0-address').fill('愛知県名古屋市港区2-2');
					const refused = page.waitForResponse((r) => r.url().endsWith(`/cases/${caseId}/answers/residence`) &&
						r.request().method() === 'PUT' && r.status() === 400);
					await page.locator('#q-residence-entries-0-country').fill('JPN');
					await next();
					const body = await (await refused).json();
					assert(body.error && /^residence\.entries\[0\]\.period/.test(body.error.field || ''), 'the server names ' +
						JSON.stringify(body.error));
					const err = page.locator('#q-residence-entries-0-period .field-error');
					await err.waitFor();
					/* In English the server's own words; in Japanese their translation, with the server's dates kept. */
					const said = await err.textContent();
					assert(lang === 'en' ? said.includes(body.error.message) :
						said.includes('2016-04-01') && said.includes('2012-04-01') && !said.includes(body.error.message),
					'the server\'s message by the field: ' + said);
					assert(await page.locator('#subj-progress').evaluate((p) => p.value) === 2, 'moved on despite the error');
					assert(await page.inputValue('#q-residence-entries-0-address') === '愛知県名古屋市港区2-2', 'the input kept');
					await done(page, shotName('2-error'));
					await page.locator('#q-residence-entries-0-period-to').fill('');
					await next();
					await atStep(3);
					assert(await page.locator('.subj-err-summary').count() === 0, 'the error stays after the fix');
					/* employment */
					await page.locator('#q-employment-entries > button').click();
					await page.locator('#q-employment-entries-0-period-from').fill('2014-04-01');
					await page.locator('#q-employment-entries-0-activity').selectOption('employed');
					await page.locator('#q-employment-entries-0-employer').fill('Owari Heavy Industries');
					await page.locator('#q-employment-entries-0-address').fill('Nagoya');
					await page.locator('#q-employment-entries-0-country').fill('JPN');
					await next();
					await atStep(4);
					/* education */
					await page.locator('#q-education-entries > button').click();
					await page.locator('#q-education-entries-0-school').fill('Nagoya Institute of Technology');
					await page.locator('#q-education-entries-0-period-from').fill('2010-04-01');
					await page.locator('#q-education-entries-0-period-to').fill('2014-03-31');
					await page.locator('#q-education-entries-0-country').fill('JPN');
					await next();
					await atStep(5);
					/* relatives */
					await page.locator('#q-relatives-members > button').click();
					await page.locator('#q-relatives-members-0-relation').selectOption('parent');
					await page.locator('#q-relatives-members-0-name').fill('経路 一郎');
					await page.locator('#q-relatives-members-0-birth_date').fill('1961-02-02');
					await page.locator('#q-relatives-members-0-nationalities').fill('JPN');
					await page.locator('#q-relatives-members-0-address').fill('岐阜県岐阜市3-3');
					await page.locator('#q-relatives-members-0-cohabitant-no').check();
					await next();
					/* the item sections: no to every question, no debt */
					for (let k = 6; k < n; k++) {
						await atStep(k);
						for (const r of await page.locator('.subj-q form input[type=radio][value=no]').all())
							await r.check();
						for (const a of await page.locator('.subj-q form input[id$="-amount"]').all())
							await a.fill('0');
						await next();
					}
					/* review, certify, submit */
					await atStep(n);
					await page.locator('.subj-review').waitFor();
					const review = await page.locator('.subj-review').textContent();
					assert(review.includes('Owari Heavy Industries') && review.includes('Nagoya Institute of Technology') &&
						review.includes('愛知県名古屋市港区2-2'), 'the review misses answers');
					assert(await page.locator('.subj-incomplete').count() === 0, 'sections incomplete: ' +
						(await page.locator('.subj-review-sec:has(.subj-incomplete) h4').allTextContents()).join(', '));
					await done(page, shotName('2-review'));
					await page.locator('#certify-certify').check();
					await page.locator('#certify-signature').fill(P.name);
					await page.locator('.subj-certify button[type=submit]').click();
					await page.locator('.subj-expected').waitFor();
					await stateIs(page, lang, 'submitted');
					assert((await page.locator('.subj-phase').textContent()) === T['subj.phase_text.initiation'],
						'phase: ' + await page.locator('.subj-phase').textContent());
					assert(await page.locator('.subj-expected time').count() === 1, 'no expected date: ' +
						await page.locator('.subj-expected').textContent());
					/* The estimate from recent cases comes with its 80% interval. */
					if (await page.locator('.subj-typical').count() === 1)
						assert(await page.locator('.subj-range time').count() === 2, 'no interval beside the estimate: ' +
							await page.locator('dl').first().textContent());
					await done(page, shotName('2'));
				} finally {
					await context.close();
				}
			}

			/* 3 - the adjudicator assigns the Cabinet Office's screening body. */
			await as(lang, 'adjudicator', null, async (page) => {
				await openFromQueue(page, 'submitted', caseId);
				await stateIs(page, lang, 'submitted');
				await page.locator('#asg-body option[value="cao"]').waitFor({ state: 'attached' });
				await page.locator('#asg-body').selectOption('cao');
				await page.locator('section[aria-labelledby="asg-h"] button[type=submit]').click();
				await page.locator('.assign-result').waitFor();
				assert((await page.locator('.assign-result').textContent()) === T['file.assign.done_to'].replace('{body}', 'Cabinet Office (cao)'),
					'assigned: ' + await page.locator('.assign-result').textContent());
				await stateIs(page, lang, 'investigating');
				/* The body by name, its id beside it (ui/src/names.js). */
				await page.waitForFunction((t) => {
					const dt = [...document.querySelectorAll('main dl.facts dt')].find((d) => d.textContent === t);
					return dt && dt.nextElementSibling.textContent === 'Cabinet Office cao';
				}, T['case.body']);
				await done(page, shotName('3'));
			});

			/* 4 - the investigator of cao works the case and closes the investigation. */
			let eadj = false;
			await as(lang, 'investigator', null, async (page) => {
				await openFromQueue(page, 'investigating', caseId);
				await stateIs(page, lang, 'investigating');
				await page.locator('section[aria-labelledby="ans-h"] button.open-read').click();
				await page.locator('.answers-all').waitFor();
				const answers = await page.locator('.answers-all').textContent();
				assert(answers.includes(P.name) && answers.includes('Owari Heavy Industries'), 'the subject\'s answers');
				await page.locator('button.run-checks').click();
				await page.locator('.checks-result').waitFor();
				/* A clean person: every check comes back clear (severity none). */
				const hits = await page.locator('.checks-result li').allTextContents();
				assert((await page.locator('.checks-result').textContent()).startsWith(T['file.checks.done'].replace('{n}', String(hits.length))) &&
					hits.every((x) => x.includes(': ' + T['file.sev.none'])),
				'record checks of a clean person: ' + hits.join(' | '));
				await page.locator('#fnd-item').selectOption('alcohol');
				await page.locator('#fnd-source').selectOption('interview');
				await page.locator('#fnd-date').fill('2024-06-01');
				await page.locator('#fnd-severity').selectOption('moderate');
				const narrative = lang === 'ja' ? '同僚によると、2024年の懇親会の後に一度注意を受けた。' : 'A colleague recalls one warning after a party in 2024.';
				await page.locator('#fnd-narrative').fill(narrative);
				await page.locator('#fnd-mitigation').fill(lang === 'ja' ? 'その後の再発はない。' : 'No repeat since.');
				await page.locator('form.add-finding button[type=submit]').click();
				await page.locator('table.findings td', { hasText: narrative }).waitFor();
				await done(page, shotName('4-finding'));
				await page.locator('button.close-inv').click();
				await page.locator('.confirm').waitFor();
				await page.locator('.confirm-yes').click();
				await page.locator('.close-result').waitFor();
				await settled(page);
				const closed = await page.locator('.close-result').textContent();
				eadj = closed !== T['file.close.adjudication'];
				if (eadj) {
					assert(closed.startsWith(T['file.close.eadj'].split('{')[0]), 'closed: ' + closed);
					await stateIs(page, lang, 'granted');
				} else {
					await stateIs(page, lang, 'adjudicating');
				}
				await done(page, shotName('4'));
			});

			/* 5 - the adjudicator reads the file item by item and grants. */
			if (eadj) {
				console.log(`# path (${lang}): ${caseId} was granted by an e-adjudication rule at close; no adjudicator step`);
			} else {
				await as(lang, 'adjudicator', null, async (page) => {
					await openFromQueue(page, 'adjudicating', caseId);
					await stateIs(page, lang, 'adjudicating');
					await page.locator('section[aria-labelledby="file-h"] button.open-read').click();
					await page.locator('#item-alcohol').waitFor();
					const alcohol = page.locator('section.item', { has: page.locator('#item-alcohol') });
					const text = await alcohol.textContent();
					assert(text.includes(T['file.sev.moderate']) && text.includes(lang === 'ja' ? '懇親会' : 'after a party'),
						'the finding under its item: ' + text.slice(0, 200));
					assert(await page.locator('section.item').count() === 8, 'seven items and the rest');
					await done(page, shotName('5-file'));
					await page.locator('#dec-outcome input[value="grant"]').check();
					await page.locator('#dec-a_alcohol').selectOption('mitigated');
					await page.locator('#dec-r_alcohol').fill(lang === 'ja' ? '一度の注意のみで、その後の再発はない。' : 'One warning only, none since.');
					await page.locator('form.decide button[type=submit]').click();
					await page.locator('.confirm').waitFor();
					assert((await page.locator('.confirm').textContent()).includes(T['level.TOKUTEI_HIMITSU']), 'the level as nominated');
					await axe(page);
					await page.locator('.confirm-yes').click();
					await page.locator('.decide-result').waitFor();
					await stateIs(page, lang, 'granted');
					await done(page, shotName('5'));
				});
			}

			/* 6 - the security officer sees the clearance, the outcome, and an allow. */
			await as(lang, 'officer', null, async (page) => {
				await page.locator('#staff-status').selectOption('active');
				await page.locator('main form.filters button[type=submit]').click();
				const row = page.locator('main table tbody tr', { has: page.locator('code', { hasText: P.id }) });
				await row.waitFor();
				await settled(page);
				const statuses = await page.locator('main table tbody tr td:nth-child(3)').allTextContents();
				assert(statuses.every((s) => s === T['status.active']), 'the filter by status: ' + statuses.join(','));
				assert((await row.locator('.status').textContent()) === T['status.active'], 'status');
				const clr = await row.locator('td:nth-child(4)').textContent();
				assert(clr.includes('JPN-SDS') && clr.includes(T['level.TOKUTEI_HIMITSU']), 'the clearance: ' + clr);
				assert(await row.locator('td:nth-child(5) time').count() === 1, 'valid until');
				await done(page, shotName('6-staff'));
				await page.locator('.nav a[href="/cases"]').click();
				await page.waitForURL(base + '/cases');
				await waitIdle(page);
				await settled(page);
				await page.locator(`main table a[href="/cases/${caseId}"]`).click();
				await page.waitForURL(base + '/cases/' + caseId);
				await waitIdle(page);
				await settled(page);
				assert(await factOf(page, T['cases.outcome']) === T['outcome.granted'], 'the outcome: ' + await factOf(page, T['cases.outcome']));
				await done(page, shotName('6-case'));
				const ans = await ask(page, P.id, DEMO_ITEM);
				assert(await ans.evaluate((e) => e.classList.contains('answer-allow')), 'not allowed: ' + await ans.textContent());
				assert((await ans.locator('h2').textContent()) === T['decide.allow'], 'answer: ' + await ans.textContent());
				assert((await ans.locator('.reason').textContent()) === T['reason.none'], 'a plain allow: ' + await ans.locator('.reason').textContent());
				await done(page, shotName('6'));
			});

			/* 7 - the designator designates a new item and asks about it. */
			await as(lang, 'designator', null, async (page) => {
				assert(page.url() === base + '/items', 'the designator lands on ' + page.url());
				await page.locator('main a[href="/items/new"]').click();
				await page.waitForURL(base + '/items/new');
				await page.locator('#designate-id').waitFor();
				await settled(page);
				await page.locator('#designate-id').fill(ITEM);
				await page.locator('#designate-title').fill(lang === 'ja' ? '経路試験:護衛艦の通信計画' : 'Path test: escort fleet communications plan');
				await page.locator('#designate-field').selectOption('defense');
				await page.locator('#designate-authority').selectOption('JPN-SDS');
				await page.locator('#designate-level').selectOption('TOKUTEI_HIMITSU');
				assert(await page.locator('#designate-compartments input:checked, #designate-programs input:checked').count() === 0,
					'no compartment, no program');
				await page.locator('#designate-valid_from').fill(ymd(0));
				await page.locator('#designate-valid_until').fill(ymd(4));
				await page.locator('main form button[type=submit]').click();
				await page.waitForURL(base + '/items/' + ITEM);
				await waitIdle(page);
				await settled(page);
				const facts = await page.locator('main').textContent();
				assert(facts.includes(T['reg.item.classified']) && facts.includes(T['authority.JPN-SDS']) && facts.includes(T['reg.item.owner_only']),
					'the item page: ' + facts.slice(0, 300));
				assert((await page.locator('main dl.facts').first().locator('code').last().textContent()) === 'mod', 'the owner');
				await done(page, shotName('7-item'));
				const ans = await ask(page, P.id, ITEM);
				assert(await ans.evaluate((e) => e.classList.contains('answer-allow')), 'not allowed: ' + await ans.textContent());
				assert((await ans.locator('.reason').textContent()) === T['reason.none'], 'a plain allow (classified): ' +
					await ans.locator('.reason').textContent());
				await done(page, shotName('7'));
			});

			/* 8 - the auditor finds the path in the log and verifies it. */
			await as(lang, 'auditor', null, async (page) => {
				assert(page.url() === base + '/audit', 'the auditor lands on ' + page.url());
				await page.locator('#aud-object').fill(caseId);
				await page.locator('main form.filters button[type=submit]').click();
				await page.waitForFunction((id) => {
					const o = [...document.querySelectorAll('main table tbody tr td:nth-child(6)')].map((x) => x.textContent);
					return !document.documentElement.dataset.busy && o.length > 0 && o.every((x) => x === id);
				}, caseId);
				/* The path's transitions, each by its role's account, in order. */
				/* The action by its code (the cell shows its name: 30-auditor checks the names). */
				const rows = await page.locator('main table tbody tr').evaluateAll((trs) => trs.map((tr) =>
					[...tr.querySelectorAll('td')]).map((c) => ({ seq: +c[0].textContent, actor: c[2].textContent, action: c[3].dataset.code })));
				const want = [['user:officer', 'nominate'], ['user:' + account, 'consent'], ['user:' + account, 'submit'],
					['user:adjudicator', 'assign'], ['user:investigator', 'read'], ['user:investigator', 'close']];
				if (!eadj)
					want.push(['user:adjudicator', 'grant']);
				let at = -1;
				for (const [actor, action] of want) {
					const i = rows.findIndex((r, k) => k > at && r.actor === actor && r.action === action);
					assert(i > at, `no ${action} by ${actor} after entry ${at} about ${caseId}: ` +
						rows.map((r) => r.actor + ' ' + r.action).join(', '));
					at = i;
				}
				assert(rows.every((r, k) => k === 0 || r.seq > rows[k - 1].seq), 'in the order of the log');
				await done(page, shotName('8-log'));
				await page.locator('main button', { hasText: T['audit.verify'] }).click();
				await page.locator('main .notice-ok', { hasText: T['audit.verify_ok'] }).waitFor();
				await done(page, shotName('8'));
			});
		});
	}
};
