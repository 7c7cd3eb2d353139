// SPDX-License-Identifier: Apache-2.0
// 73-attest.js - attestation codes in the web UI (ui/src/pages/attest.js):
// in English and in Japanese, a security officer opens a member of staff
// (a person of this suite, cleared for JPN-SDS, with a passport name),
// is refused 91 days under the field with the typed values kept, issues
// a gate code for the United States: the QR code, the text, the claims
// (the passport name, the US equivalent level); the text verifies on the
// command line offline against the exported key lists, and the QR image
// offered for download is that text's QR code (same text, PNG saved);
// the code is listed valid, withdrawn after a confirmation, then listed
// revoked, and the command line's verification against the register
// says revoked.  The subject (misaki) issues a register code of her own
// on /codes and sees no withdraw button; the auditor has no such page.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG, scs, ymd } = h;
	const base = h.base;

	/* One cleared person per language, staff of the officer's owari-hi. */
	const people = { en: 'att-t-en', ja: 'att-t-ja' };
	const lines = [];
	for (const [lang, id] of Object.entries(people)) {
		lines.push(JSON.stringify({ kind: 'person', id, name: lang === 'ja' ? '証明 花子' : '証明 太郎',
			name_latin: lang === 'ja' ? 'SHOMEI Hanako' : 'SHOMEI Taro', name_passport: lang === 'ja' ? 'SHOMEI HANAKO' : 'SHOMEI TARO',
			birth_date: '1980-02-29', nationalities: ['JPN'], org: 'owari-hi' }));
		lines.push(JSON.stringify({ kind: 'clearance', person: id, authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU',
			status: 'active', valid_from: ymd(-1), valid_until: ymd(4) }));
	}
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scs-attest-'));
	fs.writeFileSync(path.join(tmp, 'people.jsonl'), lines.join('\n') + '\n');
	scs(['import', path.join(tmp, 'people.jsonl')]);

	/* scs attest verify: {exit, out} (exit 1 is a verdict, not a failure). */
	const verify = (args) => {
		try {
			return { exit: 0, out: JSON.parse(scs(['attest', 'verify', ...args])) };
		} catch (e) {
			return { exit: e.status, out: e.stdout ? JSON.parse(e.stdout) : null };
		}
	};

	for (const lang of ['en', 'ja']) {
		const T = CATALOG[lang];
		const id = people[lang];
		await test(`${lang}: security officer issues a gate code with its QR code, verified offline, then withdraws it`, async () => {
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'officer');
				await page.waitForURL(base + '/staff');
				await page.goto(base + '/persons/' + id);
				await waitIdle(page);
				await page.locator('#att-h').waitFor();
				assert((await page.locator('#att-h').textContent()) === T['att.title'], 'heading');
				await page.locator('.att-list, .att p.muted').first().waitFor();
				assert((await page.locator('.att').textContent()).includes(T['att.list.none']), 'no code yet');
				/* The partners are the other authorities' nations and alliances. */
				const partners = await page.locator('#att-partner option').evaluateAll((os) => os.map((o) => o.value));
				assert(partners.includes('USA') && partners.includes('NATO') && !partners.includes('JPN'), 'partners: ' + partners);
				await page.locator('#att-partner').selectOption('USA');
				await page.locator('#att-profile').selectOption('gate');
				await page.locator('#att-days').fill('91');
				await page.locator('.att-form button[type=submit]').click();
				await page.locator('#att-days-err').waitFor();
				assert(await page.getAttribute('#att-days', 'aria-invalid') === 'true', 'days not marked');
				assert(await page.inputValue('#att-profile') === 'gate', 'the profile was lost');
				await axe(page);
				await page.locator('#att-days').fill('30');
				await page.locator('.att-form button[type=submit]').click();
				await page.locator('#att-issued-h').waitFor();
				const code = await page.inputValue('#att-code');
				assert(/^SC1:[0-9A-Z $%*+\-./:]+$/.test(code), 'code: ' + code);
				const facts = (await page.locator('.att-issued dl.facts').textContent()).replace(/\s+/g, ' ');
				assert(facts.includes(lang === 'ja' ? 'SHOMEI HANAKO' : 'SHOMEI TARO'), 'passport name: ' + facts);
				assert(facts.includes('USA SECRET'), 'US equivalent: ' + facts);
				assert(facts.includes(T['att.rank.3']), 'rank: ' + facts);
				const qr = page.locator('img.att-qr');
				assert((await qr.getAttribute('src')).startsWith('data:image/svg+xml'), 'QR image');
				assert(await qr.evaluate((i) => i.complete && i.naturalWidth > 0), 'the QR image is drawn');
				/* The PNG offered is drawn from the SVG, once it is ready. */
				const png = page.locator('.att-issued a[download$=".png"]');
				await png.waitFor();
				assert((await png.getAttribute('href')).startsWith('data:image/png;base64,'), 'PNG link');
				await axe(page);
				await shot(page, `attest-issued-${lang}`);

				/* Offline, with the exported key lists only: valid, the same claims. */
				const v = verify([code, '--trust', h.server.trust]);
				assert(v.exit === 0 && v.out.result === 'valid', 'offline verify: ' + JSON.stringify(v));
				assert(v.out.claims.name === (lang === 'ja' ? 'SHOMEI HANAKO' : 'SHOMEI TARO'), 'claims: ' + JSON.stringify(v.out.claims));

				/* Listed valid, withdrawn only after a confirmation. */
				const atId = await page.locator('#att-issued-h').textContent().then((s) => /AT-[\w-]+/.exec(s)[0]);
				const row = page.locator(`.att-list tr[data-id="${atId}"]`);
				await row.waitFor();
				assert((await row.locator('.att-state').textContent()) === T['att.state.valid'], 'listed valid');
				await row.locator('button').click();
				await page.locator('.att .notice-warn').waitFor();
				assert((await row.locator('button').textContent()) === T['att.list.revoke_confirm'], 'asks to confirm');
				assert(verify([code]).out.result === 'valid', 'not withdrawn before the confirmation');
				await axe(page);
				await row.locator('button').click();
				await page.locator('.att .notice-ok').waitFor();
				await row.locator('.att-state-revoked').waitFor();
				assert((await row.locator('.att-state').textContent()) === T['att.state.revoked'], 'listed revoked');
				assert(await row.locator('button').count() === 0, 'no second withdrawal');
				const after = verify([code]);
				assert(after.exit === 1 && after.out.result === 'revoked', 'the register says revoked: ' + JSON.stringify(after));
				await axe(page);
				await shot(page, `attest-revoked-${lang}`);
			} finally {
				await context.close();
			}
		});
	}

	await test('subject issues a register code of her own on /codes, and may not withdraw it', async () => {
		const { context, page } = await newPage('ja');
		try {
			const T = CATALOG.ja;
			await signIn(page, 'misaki');
			await waitIdle(page);
			await page.locator('nav a[href="/codes"]').click();
			await page.waitForURL(base + '/codes');
			await settled(page);
			assert((await page.locator('main h1').textContent()) === T['att.nav'], 'title');
			await page.locator('#att-partner').selectOption('GBR');
			await page.locator('.att-form button[type=submit]').click();
			await page.locator('#att-issued-h').waitFor();
			const code = await page.inputValue('#att-code');
			const v = verify([code, '--trust', h.server.trust]);
			assert(v.exit === 0 && v.out.claims.partner === 'GBR' && v.out.claims.name === undefined &&
				/^[0-9a-f]{32}$/.test(v.out.claims.identity_hash), 'a register code: ' + JSON.stringify(v.out));
			await page.locator('.att-list tbody tr').first().waitFor();
			assert(await page.locator('.att-list button').count() === 0, 'a subject has no withdraw button');
			await axe(page);
			await shot(page, 'attest-subject-ja');
		} finally {
			await context.close();
		}
	});

	await test('the auditor has no codes page', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'auditor');
			await waitIdle(page);
			assert(await page.locator('nav a[href="/codes"]').count() === 0, 'no nav entry');
			await page.goto(base + '/codes');
			await settled(page);
			assert(await page.locator('#att-h').count() === 0, 'no panel for an auditor');
		} finally {
			await context.close();
		}
	});
	fs.rmSync(tmp, { recursive: true, force: true });
};
