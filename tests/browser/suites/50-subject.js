// SPDX-License-Identifier: Apache-2.0
// 50-subject.js - the subject's own cases (ui/src/pages/subject-case.js):
// consent in Japanese; the questionnaire step by step in English, with a
// refusal of the server shown by the control it names and fixed, autosave,
// a save that fails for want of a connection keeping what was typed, a
// reload that resumes, review, certification and submission, then the
// phase and the expected date; a refusal; a denial's reasons and a
// complaint; withdrawing; my data downloaded.  The person, the account and
// the cases are this suite's own (imported below).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PERSON = 'p-subj-test';
const USER = 'subj-test';

function day(offset) {
	return new Date(Date.now() + offset * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
}

const RETURN_NOTE = 'Residence: the address in Minato is incomplete; give the building and room number.';

/* A complete questionnaire for the correction: the JPN-SDS schema's own example, for this person. */
function exampleAnswers() {
	const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'data', 'questionnaires', 'JPN-SDS.json'), 'utf8'));
	const ex = schema.example;
	ex.identity = { ...ex.identity, name: '試験 花子', name_latin: 'SHIKEN Hanako', birth_date: '1990-05-05' };
	return ex;
}

function cases() {
	const example = exampleAnswers();
	const base = { person: PERSON, authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU', sponsor: 'owari-hi', type: 'initial',
		decided: null, e_adjudicated: false, complaint_until: null, consent_s: 0, questionnaire_s: 0, initiation_s: 0,
		investigation_s: 0, adjudication_s: 0 };
	const opened = day(-2);
	const waiting = (id, need) => ({ kind: 'case', ...base, id, need, state: 'awaiting_consent', opened, since: opened });
	return [
		{ kind: 'person', id: PERSON, name: '試験 花子', name_latin: 'SHIKEN Hanako', birth_date: '1990-05-05',
			nationalities: ['JPN'], org: 'owari-hi' },
		waiting('C-SUBJ0001', 'Browser test: the questionnaire'),
		waiting('C-SUBJ0002', 'Browser test: a refusal'),
		waiting('C-SUBJ0004', 'Browser test: a withdrawal'),
		{ kind: 'case', ...base, id: 'C-SUBJ0003', need: 'Browser test: a denial', state: 'denied', opened: day(-120),
			since: day(-3), body: 'cao', consent_version: 'JPN-SDS-2026-1', decided: day(-3), decided_by: 'user:adjudicator',
			complaint_until: day(27), consent_s: 200000, questionnaire_s: 1900000, initiation_s: 300000,
			investigation_s: 6000000, adjudication_s: 2000000,
			decision: { outcome: 'deny', assessments: [
				{ item: 'finances', assessment: 'unfavorable', reason: 'Arrears of six months in 2025, not declared.' },
				{ item: 'harmful_activities', assessment: 'favorable' }], conditions: null } },
		{ kind: 'case', ...base, id: 'C-SUBJ0005', need: 'Browser test: a correction', state: 'questionnaire', opened: day(-60),
			since: day(-1), body: 'cao', consent_version: 'JPN-SDS-2026-1', returned: ['residence'], resume: 'investigating',
			consent_s: 100000, questionnaire_s: 900000, initiation_s: 200000, investigation_s: 2000000, note: RETURN_NOTE },
		...Object.entries(example).map(([section, data]) => ({ kind: 'answers', case_id: 'C-SUBJ0005', section,
			saved: day(-20), certified: true, data })),
	].map((x) => JSON.stringify(x)).join('\n') + '\n';
}

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, settled, waitIdle, CATALOG } = h;
	const base = h.base;
	const en = CATALOG.en;
	const ja = CATALOG.ja;

	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scs-subj-')), 'subject.jsonl');
	fs.writeFileSync(file, cases());
	h.scs(['import', file]);
	const out = h.scs(['user', 'add', USER, '--org', 'owari-hi', '--role', 'subject', '--person', PERSON]);
	h.scs(['user', 'activate', USER, '--code', /activation code: (\S+)/.exec(out)[1]], { SCS_PASSWORD: h.PASSWORD });

	async function openCase(page, id) {
		await page.goto(base + '/cases/' + id);
		await waitIdle(page);
		await settled(page);
	}
	const progress = (page) => page.locator('#subj-progress').evaluate((p) => p.value);
	const next = (page) => page.locator('.subj-q form button[type=submit]').click();
	async function atStep(page, k) {
		await page.waitForFunction((want) => {
			const p = document.getElementById('subj-progress');
			return p && p.value === want && !document.documentElement.dataset.busy;
		}, k);
	}
	const savedText = (lang) => new RegExp(CATALOG[lang]['subj.q.saved_at'].replace('{time}', '.+'));

	await test('subject: the consent notice in Japanese, agreed with a signature', async () => {
		const { context, page } = await newPage('ja');
		try {
			await signIn(page, USER);
			await page.waitForURL(base + '/cases');
			await openCase(page, 'C-SUBJ0001');
			await page.locator('.subj-notice h3').waitFor();
			const notice = await page.locator('.subj-notice').textContent();
			assert(notice.includes('同意しないことができます'), 'the notice in Japanese: ' + notice.slice(0, 80));
			assert(await page.locator('.subj-notice h4', { hasText: ja['subj.consent.refusal'] }).count() === 1, 'refusal heading');
			await axe(page);
			await shot(page, 'subject-consent-ja');
			await page.locator('.subj-consent-form button[type=submit]').click();
			await page.locator('#consent-signature-err').waitFor();
			await page.locator('#consent-signature').fill('試験 花子');
			await page.locator('.subj-consent-form button[type=submit]').click();
			await page.locator('#subj-q-h').waitFor();
			await settled(page);
			assert(await page.locator('main dl.facts').first().textContent().then((t) => t.includes(ja['state.questionnaire'] || '')), 'state');
			await axe(page);
			await shot(page, 'subject-questionnaire-start-ja');
		} finally {
			await context.close();
		}
	});

	await test('subject: the questionnaire step by step in English: a server error by its field, autosave, offline, resume, review, submit', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, USER);
			await page.waitForURL(base + '/cases');
			await openCase(page, 'C-SUBJ0001');
			await atStep(page, 1);
			const n = await page.locator('#subj-progress').evaluate((p) => p.max);
			assert(await page.locator('label[for=subj-progress]').textContent() === `Step 1 of ${n}`, 'progress label');
			/* 1 identity */
			await page.locator('#q-identity-name').fill('試験 花子');
			await page.locator('#q-identity-name_latin').fill('SHIKEN Hanako');
			await page.locator('#q-identity-birth_date').fill('1990-05-05');
			await page.locator('#q-identity-birth_place').fill('Nagoya');
			await page.locator('#q-identity-birth_country').fill('JPN');
			await page.locator('#q-identity-nationalities').fill('JPN');
			await axe(page);
			await shot(page, 'subject-q-identity-en');
			await next(page);
			await atStep(page, 2);
			await page.locator('.subj-save', { hasText: savedText('en') }).waitFor();
			/* 2 residence: a range that ends before it starts, refused by the server inside entry 1 */
			await page.locator('#q-residence-entries > button').click();
			await page.locator('#q-residence-entries-0-period-from').fill('2015-01-01');
			await page.locator('#q-residence-entries-0-period-to').fill('2012-01-01');
			await page.locator('#q-residence-entries-0-address').fill('愛知県名古屋市中区1-1');
			await page.locator('#q-residence-entries-0-country').fill('JPN');
			await next(page);
			const err = page.locator('#q-residence-entries-0-period .field-error');
			await err.waitFor();
			assert(await progress(page) === 2, 'moved on despite the error');
			const focused = await page.evaluate(() => document.activeElement && document.activeElement.closest('#q-residence-entries-0-period') !== null);
			assert(focused, 'focus not on the range: ' + await page.evaluate(() => document.activeElement.id));
			assert(await page.inputValue('#q-residence-entries-0-address') === '愛知県名古屋市中区1-1', 'input lost');
			await axe(page);
			await shot(page, 'subject-q-server-error-en');
			await page.locator('#q-residence-entries-0-period-to').fill('');
			await next(page);
			await atStep(page, 3);
			assert(await page.locator('#q-residence-entries-0-period .field-error').count() === 0, 'error kept');
			/* 3 employment: autosaved while typing, then a reload resumes */
			await page.locator('#q-employment-entries > button').click();
			await page.locator('#q-employment-entries-0-period-from').fill('2013-04-01');
			await page.locator('#q-employment-entries-0-activity').selectOption('employed');
			await page.locator('#q-employment-entries-0-employer').fill('Owari Heavy Industries');
			await page.locator('#q-employment-entries-0-address').fill('Nagoya');
			const autosaved = page.waitForResponse((r) => r.url().endsWith('/answers/employment') &&
				r.request().method() === 'PUT' && /Owari Heavy Industries.*JPN/.test(r.request().postData() || ''));
			await page.locator('#q-employment-entries-0-country').fill('JPN');
			assert((await autosaved).status() === 200, 'autosave refused');
			await page.locator('.subj-save', { hasText: savedText('en') }).waitFor();
			await settled(page);
			await page.reload();
			await waitIdle(page);
			await atStep(page, 4);
			assert((await page.locator('.subj-step-h').textContent()).includes('Education'), 'resumed elsewhere');
			await page.locator('.subj-q form button.secondary', { hasText: en['subj.q.back'] }).click();
			await atStep(page, 3);
			assert(await page.inputValue('#q-employment-entries-0-employer') === 'Owari Heavy Industries', 'autosave lost the employer');
			await next(page);
			await atStep(page, 4);
			/* 4 education: the connection fails while saving; the input stays, a retry saves */
			await page.route('**/v1/cases/*/answers/education', (r) => r.abort());
			await page.locator('#q-education-entries > button').click();
			await page.locator('#q-education-entries-0-school').fill('Nagoya University');
			await page.locator('.subj-save', { hasText: en['subj.q.not_saved'] }).waitFor();
			assert(await page.inputValue('#q-education-entries-0-school') === 'Nagoya University', 'input lost offline');
			await page.locator('#q-education-entries-0-period-from').fill('2009-04-01');
			await page.locator('#q-education-entries-0-period-to').fill('2013-03-31');
			await page.locator('#q-education-entries-0-country').fill('JPN');
			await next(page);
			await page.locator('.subj-save', { hasText: en['subj.q.not_saved'] }).waitFor();
			assert(await progress(page) === 4, 'moved on without saving');
			await axe(page);
			await shot(page, 'subject-q-not-saved-en');
			await page.unroute('**/v1/cases/*/answers/education');
			await page.locator('.subj-save button').click();
			await page.locator('.subj-save', { hasText: savedText('en') }).waitFor();
			await next(page);
			await atStep(page, 5);
			/* 5 relatives */
			await page.locator('#q-relatives-members > button').click();
			await page.locator('#q-relatives-members-0-relation').selectOption('parent');
			await page.locator('#q-relatives-members-0-name').fill('試験 一郎');
			await page.locator('#q-relatives-members-0-birth_date').fill('1960-01-20');
			await page.locator('#q-relatives-members-0-nationalities').fill('JPN');
			await page.locator('#q-relatives-members-0-address').fill('岐阜県岐阜市1-2');
			await page.locator('#q-relatives-members-0-cohabitant-no').check();
			await next(page);
			/* the item sections: every question answered no, a debt of 0 yen */
			for (let k = 6; k < n; k++) {
				await atStep(page, k);
				for (const r of await page.locator('.subj-q form input[type=radio][value=no]').all())
					await r.check();
				for (const a of await page.locator('.subj-q form input[id$="-amount"]').all())
					await a.fill('0');
				if (k === 7) {
					await page.locator('input[id$="-yes"]').first().check();
					await page.locator('.q-details').first().waitFor();
					await axe(page);
					await shot(page, 'subject-q-details-en');
					await page.locator('input[id$="-no"]').first().check();
				}
				await next(page);
			}
			/* review */
			await atStep(page, n);
			await page.locator('.subj-review').waitFor();
			const review = await page.locator('.subj-review').textContent();
			assert(review.includes('Owari Heavy Industries') && review.includes('Nagoya University'), 'review misses answers');
			assert(await page.locator('.subj-incomplete').count() === 0, 'sections incomplete: ' +
				(await page.locator('.subj-review-sec:has(.subj-incomplete) h4').allTextContents()).join(', '));
			await axe(page);
			await shot(page, 'subject-q-review-en');
			await page.locator('#certify-signature').fill('試験 花子');
			await page.locator('.subj-certify button[type=submit]').click();
			await page.locator('#certify-certify-err').waitFor();
			await page.locator('#certify-certify').check();
			await page.locator('.subj-certify button[type=submit]').click();
			await page.locator('.subj-expected').waitFor();
			await settled(page);
			const phase = await page.locator('.subj-phase').textContent();
			assert(phase === en['subj.phase_text.initiation'], 'phase: ' + phase);
			assert(await page.locator('.subj-expected time').count() === 1, 'no expected date: ' + await page.locator('.subj-expected').textContent());
			assert(await page.locator('.subj-timeline li.subj-tl-done').count() === 2, 'timeline');
			await axe(page);
			await shot(page, 'subject-in-progress-en');
			await page.locator('.lang-btn[data-lang=ja]').click();
			await page.locator('.subj-phase', { hasText: ja['subj.phase_text.initiation'] }).waitFor();
			await settled(page);
			await shot(page, 'subject-in-progress-ja');
		} finally {
			await context.close();
		}
	});

	await test('subject: a questionnaire returned for correction: the note, only the returned section, re-certified', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, USER);
			await page.waitForURL(base + '/cases');
			await openCase(page, 'C-SUBJ0005');
			await atStep(page, 1);
			assert(await page.locator('#subj-progress').evaluate((p) => p.max) === 2, 'steps: the returned section and the review');
			assert((await page.locator('.subj-note').textContent()) === RETURN_NOTE, 'the note');
			assert((await page.locator('.subj-step-h').textContent()).includes('Residence'), 'the returned section');
			await axe(page);
			await shot(page, 'subject-returned-en');
			await page.locator('#q-residence-entries-1-address').fill('東京都港区六本木1-1-1 六本木ビル1201号室');
			await next(page);
			await atStep(page, 2);
			assert(await page.locator('.subj-review button.linklike').count() === 1, 'edit offered for a section not returned');
			assert((await page.locator('.subj-review').textContent()).includes('六本木ビル1201号室'), 'the correction');
			await page.locator('#certify-certify').check();
			await page.locator('#certify-signature').fill('試験 花子');
			await page.locator('.subj-certify button[type=submit]').click();
			await page.locator('.subj-phase', { hasText: en['subj.phase_text.investigation'] }).waitFor();
			await settled(page);
			await axe(page);
		} finally {
			await context.close();
		}
	});

	await test('subject: refusing consent asks first, then reads as refused', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, USER);
			await page.waitForURL(base + '/cases');
			await openCase(page, 'C-SUBJ0002');
			await page.locator('.subj-notice h3').waitFor();
			await page.locator('.subj-consent-form button.secondary').click();
			await page.locator('.subj-confirm').waitFor();
			await axe(page);
			await shot(page, 'subject-refuse-confirm-en');
			await page.locator('.subj-confirm button:not(.secondary)').click();
			await page.locator('#subj-end-h', { hasText: en['subj.ended.refused'] }).waitFor();
			await settled(page);
			assert(await page.locator('.subj-withdraw').count() === 0, 'withdraw offered after a refusal');
			await page.locator('.subj-notices li', { hasText: en['subj.notif.refused'] }).waitFor();
			await axe(page);
			await shot(page, 'subject-refused-en');
		} finally {
			await context.close();
		}
	});

	await test('subject: withdrawing asks first', async () => {
		const { context, page } = await newPage('ja');
		try {
			await signIn(page, USER);
			await page.waitForURL(base + '/cases');
			await openCase(page, 'C-SUBJ0004');
			await page.locator('.subj-withdraw button').click();
			await page.locator('.subj-withdraw .subj-confirm').waitFor();
			await page.locator('.subj-withdraw .subj-confirm button:not(.secondary)').click();
			await page.locator('#subj-end-h', { hasText: ja['subj.ended.withdrawn'] }).waitFor();
			await settled(page);
			await axe(page);
			await shot(page, 'subject-withdrawn-ja');
		} finally {
			await context.close();
		}
	});

	await test('subject: a denial read with its reasons per item, and a complaint filed', async () => {
		const { context, page } = await newPage('ja');
		try {
			await signIn(page, USER);
			await page.waitForURL(base + '/cases');
			await openCase(page, 'C-SUBJ0003');
			await page.locator('.subj-reasons').waitFor();
			const table = await page.locator('.subj-reasons').textContent();
			assert(table.includes('信用状態') && table.includes('Arrears of six months'), 'reasons: ' + table);
			assert(table.includes(ja['subj.assessment.unfavorable']), 'assessment in words');
			await axe(page);
			await shot(page, 'subject-denied-ja');
			await page.locator('.lang-btn[data-lang=en]').click();
			await page.locator('#subj-res-h', { hasText: en['subj.result.title'] }).waitFor();
			await settled(page);
			await page.locator('form.subj-complaint button[type=submit]').click();
			await page.locator('#complaint-text-err').waitFor();
			await axe(page);
			await page.locator('#complaint-text').fill('The arrears were settled in 2025; the receipt is attached to my file.');
			await page.locator('form.subj-complaint button[type=submit]').click();
			await page.locator('.subj-cp-state', { hasText: en['subj.complaint.pending'] }).waitFor();
			await settled(page);
			await axe(page);
			await shot(page, 'subject-complaint-en');
		} finally {
			await context.close();
		}
	});

	await test('subject: my data downloaded as a file holding my person; another subject cannot open my case', async () => {
		const { context, page } = await newPage('ja');
		try {
			await signIn(page, USER);
			await page.waitForURL(base + '/cases');
			await page.locator('.nav a[href="/account"]').click();
			await page.locator('#subj-data-h').waitFor();
			await settled(page);
			await axe(page);
			await shot(page, 'subject-account-ja');
			const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('a.subj-download').click()]);
			assert(dl.suggestedFilename() === `scs-my-data-${PERSON}.json`, 'file name: ' + dl.suggestedFilename());
			const doc = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
			assert(doc.person && doc.person.id === PERSON, 'person: ' + JSON.stringify(doc.person).slice(0, 100));
			assert(doc.cases.some((c) => c.id === 'C-SUBJ0001'), 'cases');
		} finally {
			await context.close();
		}
		const other = await newPage('en');
		try {
			await signIn(other.page, 'misaki');
			await other.page.waitForURL(base + '/cases');
			await openCase(other.page, 'C-SUBJ0003');
			await other.page.locator('main .notice-error').waitFor();
			assert(await other.page.locator('.subj-case').count() === 0, 'another subject sees the case');
		} finally {
			await other.context.close();
		}
	});
};
