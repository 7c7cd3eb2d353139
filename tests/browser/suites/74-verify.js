// SPDX-License-Identifier: Apache-2.0
// 74-verify.js - the verifier page (/verify, ui/src/pages/verify.js), signed
// out, in both languages, each with codes of its own: two gate-profile
// codes of the suite's own ver-t (KENSHO MAKOTO, a current JPN-SDS
// clearance, imported here: earlier suites suspend the demo's people)
// issued with `scs attest issue --qr`; the page reached from the sign-in page's link
// loads the register's key lists and status lists; the uploaded QR picture
// reads valid with the passport name and birth date large; the code
// changed in one character gets the answer `scs attest verify` gives the
// same text; after `scs attest revoke` and a fresh status list the code
// reads revoked; a visit pass approved with `scs visit` reads valid with
// the visitor's name; offline (context.setOffline) the page reloads from the
// service worker and still verifies, from the copies it kept; the camera
// button is there and a refused permission says so.  axe and a screenshot
// of each state (verify-STATE-LANG.png).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PERSON = 'ver-t';
const NAME = 'KENSHO MAKOTO';
const BIRTH = '1970-11-30';

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot } = h;
	const base = h.base;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scs-verify-'));
	const people = path.join(dir, 'people.jsonl');
	fs.writeFileSync(people, [
		{ kind: 'person', id: PERSON, name: '検証 誠', name_latin: 'KENSHO Makoto', name_passport: NAME, birth_date: BIRTH,
			nationalities: ['JPN'], org: 'mod' },
		{ kind: 'clearance', person: PERSON, authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU', status: 'active',
			valid_from: h.ymd(-1), valid_until: h.ymd(4) },
	].map((x) => JSON.stringify(x)).join('\n') + '\n');
	h.scs(['import', people]);

	/* The answer of `scs attest verify TEXT --trust FILE` (exit 1 when not valid). */
	const cliVerify = (text) => {
		try {
			return JSON.parse(h.scs(['attest', 'verify', text, '--trust', h.server.trust])).result;
		} catch (e) {
			return JSON.parse(e.stdout).result;
		}
	};
	const resultOf = async (page) => {
		const r = page.locator('.verify-result');
		await r.waitFor();
		return r.getAttribute('data-result');
	};
	/* The answer's number (data-seq), or 0 before the first. */
	const seqOf = (page) => page.evaluate(() => Number((document.querySelector('.verify-result') || { dataset: {} }).dataset.seq || 0));
	const nextAnswer = (page, seq) => page.waitForFunction((n) => {
		const r = document.querySelector('.verify-result');
		return r && Number(r.dataset.seq) > n;
	}, seq);
	/* Verify pasted text; the answer's data-result. */
	const paste = async (page, text) => {
		const seq = await seqOf(page);
		await page.locator('#verify-text').fill(text);
		await page.locator('.verify form button[type=submit]').click();
		await nextAnswer(page, seq);
		return resultOf(page);
	};
	/* Verify an uploaded picture; the answer's data-result. */
	const upload = async (page, file) => {
		const seq = await seqOf(page);
		await page.locator('#verify-image').setInputFiles(file);
		await nextAnswer(page, seq);
		return resultOf(page);
	};
	const fetched = (page, T) => page.locator('.verify-panel .notice', { hasText: T['verify.fetched'] }).waitFor();

	try {
		for (const lang of ['ja', 'en']) {
			const T = h.CATALOG[lang];
			const png = path.join(dir, `gate-${lang}.png`);
			const first = JSON.parse(h.scs(['attest', 'issue', PERSON, '--partner', 'USA', '--profile', 'gate', '--json', '--qr', png]));
			const second = JSON.parse(h.scs(['attest', 'issue', PERSON, '--partner', 'USA', '--profile', 'gate', '--json']));
			const { context, page } = await newPage(lang);
			try {
				await test(`${lang}: signed out, the sign-in page links to /verify; the register's key lists and status lists load`, async () => {
					await page.goto(base + '/');
					await page.locator('a[href="/verify"]').click();
					await page.waitForURL(base + '/verify');
					assert(await page.locator('main h1').textContent() === T['verify.title'], 'the title');
					await fetched(page, T);
					const rows = await page.locator('.verify-trust tbody tr').allTextContents();
					assert(rows.length === 2 && rows.some((r) => r.includes('JPN-SDS')) && rows.some((r) => r.includes('JPN-CESI')),
						'the key lists: ' + rows.join(' | '));
					const status = await page.locator('.verify-panel ul.plain li').allTextContents();
					assert(status.some((s) => s.includes('JPN-SDS')), 'no status list of JPN-SDS: ' + status.join(' | '));
					assert(await page.locator('.who .user').count() === 0, 'signed in?');
					const sw = await h.get(base + '/ui/sw.js');
					assert(sw.status === 200 && sw.headers['service-worker-allowed'] === '/' && sw.headers['content-security-policy'] === h.CSP,
						'/ui/sw.js: ' + sw.status + ' ' + JSON.stringify(sw.headers));
					await axe(page);
					await shot(page, `verify-start-${lang}`);
				});

				await test(`${lang}: the uploaded QR picture of a gate code reads valid, the passport name and birth date large`, async () => {
					assert(await upload(page, png) === 'valid', 'result: ' + await resultOf(page));
					assert(await page.locator('.verify-result h2').textContent() === T['verify.result.valid_code'], 'the heading');
					assert((await page.locator('.verify-name').textContent()).trim() === NAME, 'the name: ' + await page.locator('.verify-name').textContent());
					assert((await page.locator('.verify-birth time').getAttribute('datetime')) === BIRTH, 'the birth date');
					const facts = await page.locator('.verify-result .facts').textContent();
					assert(facts.includes('TOKUTEI_HIMITSU') && facts.includes(T['level.TOKUTEI_HIMITSU']), 'the level and its name: ' + facts);
					assert(facts.includes(T['level.SECRET']), 'the USA equivalent: ' + facts);
					await axe(page);
					await shot(page, `verify-valid-${lang}`);
				});

				await test(`${lang}: a code changed in one character gets the command line's answer, in words`, async () => {
					const code = first.code;
					const at = 60;
					const tampered = code.slice(0, at) + (code[at] === 'A' ? 'B' : 'A') + code.slice(at + 1);
					const want = cliVerify(tampered);
					assert(want === 'bad_signature' || want === 'malformed', 'the CLI says ' + want);
					const got = await paste(page, tampered);
					assert(got === want, `the page says ${got}, the CLI ${want}`);
					assert(await page.locator('.verify-reason').textContent() === T['verify.reason.' + want], 'the reason in words');
					await axe(page);
					await shot(page, `verify-tampered-${lang}`);
				});

				await test(`${lang}: a revoked code reads revoked after the status list is fetched again`, async () => {
					h.scs(['attest', 'revoke', first.id]);
					assert(cliVerify(first.code) === 'valid', 'the CLI without a status list');
					await page.locator('.verify-panel button', { hasText: T['verify.refresh'] }).click();
					await fetched(page, T);
					assert(await paste(page, first.code) === 'revoked', 'not revoked');
					assert(await page.locator('.verify-reason').textContent() === T['verify.reason.revoked'], 'the reason in words');
					assert(await paste(page, second.code) === 'valid', 'the other code');
					await axe(page);
					await shot(page, `verify-revoked-${lang}`);
				});

				await test(`${lang}: a visit pass (SV1:) reads valid, the visitor's passport name large, as scs visit verify says`, async () => {
					const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
					const v = JSON.parse(h.scs(['visit', 'create', JSON.stringify({ visitor: PERSON, host_org: 'dcsa', site: 'Arlington ' + lang,
						purpose: 'verifier test', type: 'one_time', first_day: day(0), last_day: day(2) })]));
					for (const step of ['submit', 'certify'])
						h.scs(['visit', step, v.id]);
					const pass = JSON.parse(h.scs(['visit', 'approve', v.id])).pass;
					assert(/^SV1:/.test(pass || ''), 'no pass: ' + pass);
					assert(JSON.parse(h.scs(['visit', 'verify', pass, '--trust', h.server.trust])).result === 'valid', 'the CLI');
					assert(await paste(page, pass) === 'valid', 'the page');
					assert(await page.locator('.verify-result h2').textContent() === T['verify.result.valid_pass'], 'the heading');
					assert((await page.locator('.verify-name').textContent()).trim() === NAME, 'the name');
					assert((await page.locator('.verify-result .facts').textContent()).includes('Arlington ' + lang), 'the site');
					const tampered = pass.slice(0, 70) + (pass[70] === 'A' ? 'B' : 'A') + pass.slice(71);
					let want;
					try {
						want = JSON.parse(h.scs(['visit', 'verify', tampered, '--trust', h.server.trust])).result;
					} catch (e) {
						want = JSON.parse(e.stdout).result;
					}
					assert(await paste(page, tampered) === want, 'a changed pass: the CLI says ' + want);
					await axe(page);
					await shot(page, `verify-pass-${lang}`);
				});

				await test(`${lang}: offline, /verify reloads from the service worker and verifies from the copies kept`, async () => {
					/* The page was reached by a link from /: its service worker
					 * (scope /verify) controls the pages loaded at /verify. */
					await page.goto(base + '/verify');
					await fetched(page, T);
					await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller);
					await page.waitForFunction(() => navigator.serviceWorker.getRegistration('/ui/qr.js').then((r) => !!(r && r.active)));
					await context.setOffline(true);
					try {
						const res = await page.reload();
						assert(res && res.fromServiceWorker(), 'the page did not come from the service worker');
						await page.locator('.verify-panel .notice', { hasText: T['verify.offline_copy'] }).waitFor();
						assert(await page.locator('.verify-trust tbody tr').count() === 2, 'the key lists kept');
						assert(await paste(page, second.code) === 'valid', 'the second code offline');
						assert((await page.locator('.verify-name').textContent()).trim() === NAME, 'the name offline');
						assert(await upload(page, png) === 'revoked', 'the picture offline (the QR reader from the cache)');
						await axe(page);
						await shot(page, `verify-offline-${lang}`);
					} finally {
						await context.setOffline(false);
					}
				});

				await test(`${lang}: the camera button is there; a refused camera says so`, async () => {
					await page.addInitScript(() => {
						navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));
					});
					await page.reload();
					const button = page.locator('.verify-camera button');
					assert(await button.textContent() === T['verify.camera.start'], 'the button');
					await button.click();
					const alert = page.locator('.verify-camera [role=alert]');
					await alert.waitFor();
					assert((await alert.textContent()).trim() === T['verify.camera.denied'], 'the message: ' + await alert.textContent());
					await axe(page);
					await shot(page, `verify-camera-refused-${lang}`);
					assert(page.errors.length === 0, 'page errors: ' + page.errors.join('; '));
				});
			} finally {
				await context.close();
			}
		}
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
};
