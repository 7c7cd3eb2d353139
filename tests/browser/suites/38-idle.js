// SPDX-License-Identifier: Apache-2.0
// 38-idle.js - the idle timeout in the browser: a second `scs serve` on the
// same register with --idle-timeout 60s; the warning comes before the
// server would refuse the session, holds the focus and passes axe; "stay
// signed in" keeps the session and the typed input; left alone, the page
// signs out by itself and says why.
'use strict';

const { spawn } = require('node:child_process');

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, waitIdle, CATALOG, PASSWORD } = h;
	const server = h.server;

	await test('idle timeout: warned before it, "stay signed in" keeps the session and the input, then signed out with the reason', async () => {
		const proc = spawn(server.bin, ['--db', server.db, 'serve', '--listen', '127.0.0.1:0', '--idle-timeout', '60s'],
			{ stdio: ['ignore', 'pipe', 'pipe'] });
		const { context, page } = await newPage('en');
		try {
			const base = await new Promise((resolve, reject) => {
				let buf = '';
				proc.stdout.on('data', (d) => {
					buf += d;
					const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
					if (m)
						resolve(m[1]);
				});
				proc.on('exit', (c) => reject(new Error('scs serve exited ' + c)));
			});
			await page.goto(base + '/');
			await page.locator('#login-username').fill('designator');
			await page.locator('#login-password').fill(PASSWORD);
			await page.locator('form button[type=submit]').click();
			await page.waitForURL(base + '/items');
			await page.locator('.nav a[href="/decide"]').click();
			await page.waitForURL(base + '/decide');
			await waitIdle(page);
			await page.locator('#dec-subject').fill('typed-before-the-warning');
			const dialog = page.locator('[role=alertdialog]');
			await dialog.waitFor({ timeout: 60000 });
			assert((await dialog.textContent()).includes(CATALOG.en['idle.title']), 'dialog: ' + await dialog.textContent());
			assert(await page.evaluate(() => document.activeElement && document.activeElement.closest('[role=alertdialog]') !== null),
				'the focus is not in the dialog');
			await axe(page);
			await shot(page, 'idle-warning-en');
			await dialog.locator('button').click();
			await dialog.waitFor({ state: 'detached' });
			assert(await page.inputValue('#dec-subject') === 'typed-before-the-warning', 'input lost');
			const me = await page.evaluate(() => fetch('/v1/me').then((r) => r.status));
			assert(me === 200, 'the session ended: ' + me);
			/* Left alone: warned again, then signed out by the page. */
			await page.locator('#login-username').waitFor({ timeout: 90000 });
			assert((await page.locator('main .notice').textContent()).includes(CATALOG.en['idle.signed_out']), 'no reason given');
			const after = await page.evaluate(() => fetch('/v1/me').then((r) => r.status));
			assert(after === 401, 'the session outlived the page: ' + after);
		} finally {
			await context.close();
			proc.kill('SIGTERM');
		}
	});
};
