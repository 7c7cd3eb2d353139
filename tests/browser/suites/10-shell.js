// SPDX-License-Identifier: Apache-2.0
// 10-shell.js - the shell: security headers, sign-in in both languages, every
// role's pages (axe, a screenshot, the language switch), the language
// remembered, activation with a one-time code; the header names the
// user's organization (ui/src/names.js), and the next user's after a
// sign-out on the same page.
'use strict';

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, settled, waitIdle, get, CATALOG, CSP, PASSWORD, ADMIN_PASSWORD, PAGES, USERS } = h;
	const base = h.base;
	const server = h.server;
	/* The organization of each role's test user (tests/browser/harness.js), as data/demo.jsonl names it. */
	const ORG = { security_officer: ['owari-hi', 'Owari Heavy Industries, Ltd.'], subject: ['owari-hi', 'Owari Heavy Industries, Ltd.'],
		investigator: ['cao', 'Cabinet Office'], adjudicator: ['cao', 'Cabinet Office'], auditor: ['cao', 'Cabinet Office'],
		designator: ['mod', 'Ministry of Defense'] };
	const orgIs = async (page, [id, name]) => {
		const org = page.locator('.who .org .org-name');
		await org.waitFor();
		assert(await org.textContent() === name, 'the organization in the header: ' + await page.locator('.who .org').textContent());
		assert(await org.getAttribute('title') === id, 'its id in the title: ' + await org.getAttribute('title'));
	};

	await test('security headers of /', async () => {
		const r = await get(base + '/');
		assert(r.headers['content-security-policy'] === CSP, 'CSP is ' + r.headers['content-security-policy']);
		assert(r.headers['x-content-type-options'] === 'nosniff', 'no nosniff');
		assert(/DENY/i.test(r.headers['x-frame-options'] || '') || /frame-ancestors 'none'/.test(r.headers['content-security-policy']), 'framing allowed');
		const js = await get(base + '/ui/app.js');
		assert(js.status === 200 && /javascript/.test(js.headers['content-type']), 'app.js: ' + js.status);
		const deep = await get(base + '/audit');
		assert(deep.status === 200 && deep.body === r.body, 'a client route is not index.html');
	});

	for (const lang of ['en', 'ja']) {
		const T = CATALOG[lang];
		const other = lang === 'en' ? 'ja' : 'en';

		await test(`${lang}: the sign-in page follows the browser's language, passes axe`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await page.goto(base + '/');
				await page.locator('#login-username').waitFor();
				assert(await page.getAttribute('html', 'lang') === lang, 'html lang is ' + await page.getAttribute('html', 'lang'));
				assert((await page.locator('main h1').textContent()) === T['login.title'], 'title not in ' + lang);
				await axe(page);
				await shot(page, `login-${lang}`);
				assert(page.errors.length === 0, page.errors.join('; '));
			} finally {
				await context.close();
			}
		});

		await test(`${lang}: a wrong password shows the server's message by the field`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'auditor', 'not-the-password-at-all');
				const err = page.locator('#login-password-err');
				await err.waitFor();
				/* The server's words, in Japanese on a Japanese page (ui/src/i18n/server/ja.json). */
				const want = lang === 'ja' ? 'ユーザー名またはパスワードが違います。' : 'wrong username or password';
				assert((await err.textContent()) === want, 'message: ' + await err.textContent());
				assert(await page.getAttribute('#login-password', 'aria-invalid') === 'true', 'not marked invalid');
				assert((await page.getAttribute('#login-password', 'aria-describedby')).includes('login-password-err'), 'not described by the error');
				assert(await page.inputValue('#login-username') === 'auditor', 'user name lost');
				await axe(page);
				await shot(page, `login-error-${lang}`);
			} finally {
				await context.close();
			}
		});

		for (const role of Object.keys(PAGES)) {
			await test(`${lang}: ${role} signs in, lands on ${PAGES[role][0]}, every page passes axe and switches language, signs out`, async () => {
				const { context, page } = await newPage(lang);
				try {
					await signIn(page, USERS[role], role === 'admin' ? ADMIN_PASSWORD : PASSWORD);
					await page.waitForURL(base + PAGES[role][0]);
					await waitIdle(page);
					const who = await page.locator('.who .user').textContent();
					assert(who.includes(USERS[role]) && who.includes(T['role.' + role]), 'header: ' + who);
					if (ORG[role])
						await orgIs(page, ORG[role]);
					for (const p of PAGES[role]) {
						if (p !== PAGES[role][0]) {
							await page.locator(`.nav a[href="${p}"]`).click();
							await page.waitForURL(base + p);
						}
						await waitIdle(page);
						await settled(page);
						const alerts = await page.locator('main .notice-error').allTextContents();
						assert(alerts.length === 0, `${p}: ${alerts.join(' | ')}`);
						assert(await page.getAttribute(`.nav a[href="${p}"]`, 'aria-current') === 'page', p + ' not current');
						await axe(page);
						await shot(page, `${role}${p.replace(/\//g, '-')}-${lang}`);
						/* The switch: every label changes, the page stays, then back. */
						const h1 = await page.locator('main h1').first().textContent();
						await page.locator(`.lang-btn[data-lang="${other}"]`).click();
						await page.waitForFunction((l) => document.documentElement.lang === l, other);
						await waitIdle(page);
						const h1o = await page.locator('main h1').first().textContent();
						assert(h1o !== h1, `${p}: the title did not change with the language (${h1})`);
						assert(page.url() === base + p, 'the switch left the page');
						await page.locator(`.lang-btn[data-lang="${lang}"]`).click();
						await page.waitForFunction((l) => document.documentElement.lang === l, lang);
						await waitIdle(page);
						assert(await page.locator('main h1').first().textContent() === h1, `${p}: not back in ${lang}`);
					}
					assert(page.errors.length === 0, page.errors.join('; '));
					await page.locator('.who button', { hasText: T['app.sign_out'] }).click();
					await page.locator('#login-username').waitFor();
					assert((await page.locator('main .notice-ok').textContent()).includes(T['login.signed_out']), 'no signed-out notice');
					const me = await page.evaluate(() => fetch('/v1/me').then((r) => r.status));
					assert(me === 401, '/v1/me after sign-out: ' + me);
				} finally {
					await context.close();
				}
			});
		}
	}

	await test('the header names the organization of the user signed in, the next one after a sign-out on the same page', async () => {
		const { context, page } = await newPage('ja');
		try {
			await signIn(page, 'officer');
			await waitIdle(page);
			await orgIs(page, ORG.security_officer);
			await page.locator('.who button', { hasText: CATALOG.ja['app.sign_out'] }).click();
			await page.locator('#login-username').waitFor();
			const asked = [];
			page.on('request', (r) => {
				if (new URL(r.url()).pathname === '/v1/organizations')
					asked.push(r.url());
			});
			await signIn(page, 'designator');
			await waitIdle(page);
			await orgIs(page, ORG.designator);
			/* Read once for the session, not once per page. */
			await page.locator('.nav a[href="/programs"]').click();
			await waitIdle(page);
			await settled(page);
			await page.locator('.nav a[href="/account"]').click();
			await waitIdle(page);
			await settled(page);
			assert((await page.locator('main').textContent()).includes('Ministry of Defense'), 'my account names the organization');
			assert(asked.length === 1, 'the organizations read ' + asked.length + ' times');
			await axe(page);
		} finally {
			await context.close();
		}
	});

	await test('the language chosen is remembered after a reload', async () => {
		const { context, page } = await newPage('en');
		try {
			await page.goto(base + '/login');
			await page.locator('.lang-btn[data-lang="ja"]').click();
			await page.reload();
			await page.locator('#login-username').waitFor();
			assert(await page.getAttribute('html', 'lang') === 'ja', 'not remembered');
			assert(await page.locator('main h1').textContent() === CATALOG.ja['login.title'], 'not in Japanese');
		} finally {
			await context.close();
		}
	});

	await test('a subject activates their account with the one-time code, then signs in', async () => {
		const { context, page } = await newPage('ja');
		try {
			await page.goto(base + '/login');
			await page.locator('a[href="/activate"]').click();
			await page.locator('#act-username').fill('p04');
			await page.locator('#act-code').fill(server.p04code.toLowerCase());
			await page.locator('#act-password').fill('short');
			await page.locator('#act-password2').fill('short');
			await page.locator('form button[type=submit]').click();
			await page.locator('#act-password-err').waitFor();
			assert(await page.inputValue('#act-code') === server.p04code.toLowerCase(), 'the code was cleared');
			await axe(page);
			await shot(page, 'activate-error-ja');
			await page.locator('#act-password').fill(PASSWORD);
			await page.locator('#act-password2').fill(PASSWORD);
			await page.locator('form button[type=submit]').click();
			await page.waitForURL(/\/login\?activated=1/);
			assert((await page.locator('main .notice-ok').textContent()) === CATALOG.ja['activate.done'], 'no notice');
			assert(await page.inputValue('#login-username') === 'p04', 'user name not carried');
			await page.locator('#login-password').fill(PASSWORD);
			await page.locator('form button[type=submit]').click();
			await page.waitForURL(base + '/cases');
		} finally {
			await context.close();
		}
	});
};
