// SPDX-License-Identifier: Apache-2.0
// 80-admin.js - the admin's pages: organizations and screening bodies
// (created in Japanese, a server refusal shown by its field and fixed,
// one changed), users (a subject's one-time code, disable, enable, a new
// code used at /activate to sign in), the keys with the tree head; the
// admin's pages never ask for dossier content; the auditor is refused.
// Everything changed here is made here: organizations t-adm-*, persons
// and accounts t-adm-*.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/* The routes of dossier content: an admin's page must never ask for them. */
const DOSSIER = /\/v1\/cases\/[^/]+\/(answers|findings|decision|note|history)(\/|\?|$)/;

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, settled, waitIdle, CATALOG, ADMIN_PASSWORD, PASSWORD } = h;
	const base = h.base;
	const asked = []; /* every /v1 request of the admin's pages */

	async function adminPage(lang) {
		const p = await newPage(lang);
		p.page.on('request', (r) => {
			if (r.url().includes('/v1/'))
				asked.push(r.method() + ' ' + r.url());
		});
		await signIn(p.page, 'admin', ADMIN_PASSWORD);
		await p.page.waitForURL(base + '/users');
		await waitIdle(p.page);
		return p;
	}
	const go = async (page, where) => {
		await page.locator(`.nav a[href="${where}"]`).click();
		await page.waitForURL(base + where);
		await waitIdle(page);
		await settled(page);
	};

	/* Preconditions of the user tests: an organization and a person of our own. */
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scs-adm-')), 'people.jsonl');
	fs.writeFileSync(file, [
		{ kind: 'organization', id: 't-adm-home', name: '試験用庁', type: 'government', country: 'JPN' },
		{ kind: 'person', id: 't-adm-p1', name: '山田 花子', name_latin: 'YAMADA Hanako', birth_date: '1990-04-01',
			nationalities: ['JPN'], org: 't-adm-home' },
	].map((x) => JSON.stringify(x)).join('\n') + '\n');
	h.scs(['import', file]);

	await test('ja: the admin lands on the users; creates an organization (a bad country code named by the server, fixed), filters and changes it', async () => {
		const { context, page } = await adminPage('ja');
		const ja = CATALOG.ja;
		try {
			assert(await page.locator('main h1').textContent() === ja['adm.users.title'], 'start page');
			await go(page, '/organizations');
			await page.locator('main table tbody tr').first().waitFor();
			await axe(page);
			await shot(page, 'admin-organizations-ja');
			await page.locator('#org-id').fill('t-adm-kanto');
			await page.locator('#org-name').fill('関東精密工業株式会社');
			await page.locator('#org-type').selectOption('contractor');
			await page.locator('#org-country').fill('JP');
			await page.locator('form button[type=submit]').click();
			await page.locator('#org-country-err').waitFor();
			assert(await page.getAttribute('#org-country', 'aria-invalid') === 'true', 'aria-invalid');
			assert((await page.getAttribute('#org-country', 'aria-describedby')).includes('org-country-err'), 'described by the error');
			assert(await page.inputValue('#org-name') === '関東精密工業株式会社', 'the name was kept');
			await axe(page);
			await shot(page, 'admin-organization-error-ja');
			await page.locator('#org-country').fill('JPN');
			await page.locator('form button[type=submit]').click();
			await page.locator('main .notice-ok').waitFor();
			await page.locator('main tbody tr.adm-new', { hasText: 't-adm-kanto' }).waitFor();
			/* The country by name in the page's language, its code beside it (ui/src/names.js). */
			const country = (await page.locator('main tbody tr.adm-new td:nth-child(4)').textContent()).trim();
			assert(country === '日本 (JPN)', 'the country: ' + country);
			assert(await page.inputValue('#org-id') === '', 'the form is cleared after success');
			/* A duplicate id: the server's conflict, named by its field. */
			await page.locator('#org-id').fill('t-adm-kanto');
			await page.locator('#org-name').fill('重複');
			await page.locator('#org-country').fill('JPN');
			await page.locator('form button[type=submit]').click();
			await page.locator('#org-id-err').waitFor();
			/* The type filter. */
			await page.locator('#org-filter').selectOption('contractor');
			const types = await page.locator('main table tbody tr td:nth-child(3)').allTextContents();
			assert(types.length > 0 && types.every((x) => x === ja['adm.type.contractor']), 'filtered: ' + types.join(','));
			await page.locator('main tbody a', { hasText: 't-adm-kanto' }).click();
			await page.waitForURL(base + '/organizations/t-adm-kanto');
			await waitIdle(page);
			await settled(page);
			assert(await page.inputValue('#orged-name') === '関東精密工業株式会社', 'loaded for editing');
			await page.locator('#orged-country').fill('ZZ');
			await page.locator('main form button[type=submit]').click();
			await page.locator('#orged-country-err').waitFor();
			await page.locator('#orged-country').fill('JPN');
			await page.locator('#orged-name').fill('関東精密工業株式会社 横浜事業所');
			await page.locator('main form button[type=submit]').click();
			await page.locator('main .notice-ok').waitFor();
			await settled(page);
			assert(await page.getAttribute('.nav a[href="/organizations"]', 'aria-current') === 'location', 'the nav entry is current');
			await axe(page);
			await shot(page, 'admin-organization-edit-ja');
		} finally {
			await context.close();
		}
	});

	await test('ja: a screening body created with its accreditation; en: the list', async () => {
		const { context, page } = await adminPage('ja');
		try {
			await go(page, '/bodies');
			await page.locator('#body-id').fill('t-adm-body');
			await page.locator('#body-name').fill('関東調査センター株式会社');
			await page.locator('#body-country').fill('JPN');
			await page.locator('#body-accredited_for').fill('JPN-CESI, JPN-SDS, JPN-CESI');
			await page.locator('main form button[type=submit]').click();
			await page.locator('#body-accredited_for-err').waitFor(); /* a repeated code, named by the server */
			await page.locator('#body-accredited_for').fill('JPN-CESI');
			await page.locator('main form button[type=submit]').click();
			const row = page.locator('main tbody tr.adm-new', { hasText: 't-adm-body' });
			await row.waitFor();
			assert((await row.textContent()).includes('JPN-CESI'), 'accreditation listed');
			assert(await row.locator('[data-open]').textContent() === '0', 'no open case yet');
			const cao = await page.locator('main tbody tr', { hasText: 'cao' }).first().locator('[data-open]').textContent();
			assert(/^\d+$/.test(cao), 'the open cases of cao: ' + cao);
			await axe(page);
			await shot(page, 'admin-bodies-ja');
		} finally {
			await context.close();
		}
		const en = await adminPage('en');
		try {
			await go(en.page, '/bodies');
			await en.page.locator('main tbody tr', { hasText: 't-adm-body' }).waitFor();
			await axe(en.page);
			await shot(en.page, 'admin-bodies-en');
			await en.page.locator('main tbody a', { hasText: 't-adm-body' }).click();
			await en.page.waitForURL(base + '/organizations/t-adm-body');
			await waitIdle(en.page);
			await settled(en.page);
			assert(await en.page.inputValue('#orged-accredited_for') === 'JPN-CESI', 'the accreditation loaded');
			await axe(en.page);
			await shot(en.page, 'admin-organization-edit-en');
			await go(en.page, '/organizations');
			await shot(en.page, 'admin-organizations-en');
		} finally {
			await en.context.close();
		}
	});

	await test('en: a subject\'s account with its one-time code; disabled and enabled; a new code activates it at /activate and signs in', async () => {
		const { context, page } = await adminPage('en');
		const en = CATALOG.en;
		const row = () => page.locator('main tbody tr[data-user="t-adm-subj"]');
		let code;
		try {
			await page.locator('#user-username').fill('t-adm-subj');
			await page.locator('#user-role').selectOption('subject');
			await page.locator('#user-org').selectOption('t-adm-home');
			await page.locator('#user-person').fill('t-adm-nobody');
			await page.locator('#user-h ~ form button[type=submit]').click();
			await page.locator('#user-person-err').waitFor();
			await axe(page);
			await shot(page, 'admin-user-error-en');
			await page.locator('#user-person').fill('t-adm-p1');
			await page.locator('#user-h ~ form button[type=submit]').click();
			const once = page.locator('.adm-onetime[data-username="t-adm-subj"]');
			await once.waitFor();
			const first = (await once.locator('.adm-secret code').textContent()).trim();
			assert(first.length >= 8, 'a code: ' + first);
			assert((await once.textContent()).includes('/activate'), 'says where to use it');
			assert(await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('adm-onetime')),
				'focus on the code');
			await row().waitFor();
			assert((await row().textContent()).includes(en['adm.state.pending']), 'awaiting activation');
			await axe(page);
			await shot(page, 'admin-user-code-en');
			await once.locator('button').click();
			assert(await page.locator('.adm-onetime').count() === 0, 'the code is gone once hidden');

			/* Disable, with a confirmation; then enable. */
			await row().locator('button', { hasText: en['adm.users.disable'] }).click();
			await row().locator('.adm-confirm').waitFor();
			await axe(page);
			await row().locator('button.danger').click();
			await page.waitForFunction(() => {
				const r = document.querySelector('main tbody tr[data-user="t-adm-subj"] .adm-state-disabled');
				return !!r;
			});
			await settled(page);
			assert(await row().locator('button', { hasText: en['adm.users.reset'] }).count() === 0, 'no reset of a disabled account');
			await axe(page);
			await shot(page, 'admin-user-disabled-en');
			await row().locator('button', { hasText: en['adm.users.enable'] }).click();
			await page.waitForFunction(() => !!document.querySelector('main tbody tr[data-user="t-adm-subj"] .adm-state-pending'));
			await settled(page);

			/* A new code (confirmed): the first one no longer works. */
			await row().locator('button', { hasText: en['adm.users.reset'] }).click();
			await row().locator('button.danger').click();
			await once.waitFor();
			code = (await once.locator('.adm-secret code').textContent()).trim();
			assert(code !== first, 'a new code');
			await axe(page);
			await shot(page, 'admin-user-reset-en');

			/* A staff account: the first password, no code. */
			await page.locator('#user-username').fill('t-adm-staff');
			await page.locator('#user-role').selectOption('auditor');
			await page.locator('#user-org').selectOption('t-adm-home');
			await page.locator('#user-password').fill(PASSWORD);
			await page.locator('#user-h ~ form button[type=submit]').click();
			await page.locator('main tbody tr[data-user="t-adm-staff"]').waitFor();
			assert((await page.locator('main tbody tr[data-user="t-adm-staff"]').textContent()).includes(en['adm.state.active']), 'staff active');
		} finally {
			await context.close();
		}

		/* The person activates with the new code and signs in. */
		const p = await newPage('en');
		try {
			await p.page.goto(base + '/activate');
			await waitIdle(p.page);
			await p.page.locator('#act-username').fill('t-adm-subj');
			await p.page.locator('#act-code').fill(code);
			await p.page.locator('#act-password').fill('yamada-hanako-2026');
			await p.page.locator('#act-password2').fill('yamada-hanako-2026');
			await p.page.locator('form button[type=submit]').click();
			await p.page.waitForURL(/\/login\?activated=1/);
			await signIn(p.page, 't-adm-subj', 'yamada-hanako-2026');
			await p.page.waitForURL(base + '/cases');
			await waitIdle(p.page);
			assert((await p.page.locator('header').textContent()).includes('t-adm-subj'), 'signed in as the subject');
		} finally {
			await p.context.close();
		}
	});

	await test('ja: a relying system\'s account gets its API key, shown once', async () => {
		const { context, page } = await adminPage('ja');
		try {
			await page.locator('#user-username').fill('t-adm-relying');
			await page.locator('#user-role').selectOption('relying_system');
			await page.locator('#user-org').selectOption('t-adm-home');
			assert(await page.locator('#user-password').count() === 0, 'no password for a relying system');
			await page.locator('#user-h ~ form button[type=submit]').click();
			const once = page.locator('.adm-onetime[data-username="t-adm-relying"]');
			await once.waitFor();
			assert(/^scs_/.test((await once.locator('.adm-secret code').textContent()).trim()), 'an API key');
			await page.locator('main tbody tr[data-user="t-adm-relying"]').waitFor();
			await axe(page);
			await shot(page, 'admin-users-apikey-ja');
		} finally {
			await context.close();
		}
	});

	await test('keys: the current data key, the signing key and the last tree head, in both languages', async () => {
		for (const lang of ['en', 'ja']) {
			const { context, page } = await adminPage(lang);
			try {
				await go(page, '/keys');
				await page.locator('tr.adm-key-current').waitFor();
				assert(await page.locator('tr.adm-key-current').count() === 1, 'one current key');
				const pub = await page.locator('[data-pub]').textContent();
				assert(/^[0-9a-f]{64}$/.test(pub), 'public key ' + pub);
				const size = await page.locator('.adm-head [data-size]').textContent();
				assert(/^[\d,]+$/.test(size) && size !== '0', 'tree head size ' + size);
				assert((await page.locator('main').textContent()).includes('scs keys rotate'), 'how to rotate');
				await axe(page);
				await shot(page, 'admin-keys-' + lang);
			} finally {
				await context.close();
			}
		}
	});

	await test('the admin\'s pages asked for no dossier content', async () => {
		assert(asked.length > 10, 'requests were watched: ' + asked.length);
		const bad = asked.filter((u) => DOSSIER.test(u));
		assert(bad.length === 0, 'dossier routes asked: ' + bad.join(', '));
	});

	await test('the auditor gets the not-found page at /users, /organizations and /keys', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'auditor');
			await page.waitForURL(base + '/audit');
			for (const p of ['/users', '/organizations', '/keys']) {
				await page.goto(base + p);
				await waitIdle(page);
				assert(await page.locator('main h1').textContent() === CATALOG.en['notfound.title'], p + ' not refused');
			}
			assert(await page.locator('.nav a[href="/users"]').count() === 0, 'no users in the navigation');
			await shot(page, 'auditor-users-notfound-en');
		} finally {
			await context.close();
		}
	});
};
