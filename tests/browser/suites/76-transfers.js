// SPDX-License-Identifier: Apache-2.0
// 76-transfers.js - transfers of cleared people, the clearance check and
// foreign clearances in the web UI (ui/src/pages/transfers.js,
// ui/src/pages/foreign.js), on persons of this suite's own (employed by
// mod, cleared for JPN-SDS, imported with the command line).  In both
// languages, one person each: the security officer of owari-hi checks the
// person's clearance (cleared, the level named in the page's language; a
// wrong birth date reads not cleared), asks for the person's transfer to
// owari-hi (a wrong birth date refused by the server under the field, the
// date kept; the right one waiting); the adjudicator is refused a
// rejection without a reason (under the field), then accepts: the person
// works for owari-hi (scs person show), and the officer sees the transfer
// accepted and opens the person's page, where a code of our own register
// (JPN-SDS, issued by the command line) is refused as a foreign clearance
// with the server's message under the code field, and a partner's code
// (a second register whose authority is USA, its key list imported with
// its root pinned, the same person cleared SECRET there) is recorded:
// USA, the level, the validity.  A third person: a
// request cancelled only after a confirmation, asked again and rejected
// with a reason, which the officer reads.  axe and a screenshot on each
// page.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const BIRTH = '1979-03-15';
const WRONG = '1979-03-16';
const PEOPLE = {
	en: { id: 'p-ui76-en', name: '異動 一郎', name_latin: 'IDO Ichiro' },
	ja: { id: 'p-ui76-ja', name: '異動 花子', name_latin: 'IDO Hanako' },
	cx: { id: 'p-ui76-cx', name: '異動 三郎', name_latin: 'IDO Saburo' },
};

/* Write @records as JSON lines and import them with the command line. */
function importRecords(h, records) {
	const file = path.join(os.tmpdir(), `scs-76-transfers-${process.pid}.jsonl`);
	fs.writeFileSync(file, records.map((x) => JSON.stringify(x)).join('\n') + '\n');
	try {
		h.scs(['import', file]);
	} finally {
		fs.unlinkSync(file);
	}
}

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG, scs, ymd } = h;
	const base = h.base;

	const records = [];
	for (const p of Object.values(PEOPLE)) {
		records.push({ kind: 'person', ...p, birth_date: BIRTH, nationalities: ['JPN'], org: 'mod', relatives: [] });
		records.push({ kind: 'clearance', person: p.id, authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU', status: 'active',
			valid_from: ymd(-1), valid_until: ymd(4) });
	}
	importRecords(h, records);
	const orgOf = (id) => JSON.parse(scs(['person', 'show', id])).org;

	/* A partner: a register of its own whose authority is USA, holding
	 * the same people (same Latin name and birth date) cleared SECRET; its
	 * key list imported into the test register with its root pinned; its
	 * codes issued for Japan.  Made once, when first needed. */
	let partner = null;
	const partnerCode = (lang) => {
		if (!partner) {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scs-76-partner-'));
			const db = path.join(dir, 'pt.db');
			const run = (args, env) => execFileSync(h.server.bin, args, { env: { ...process.env, ...env }, encoding: 'utf8',
				input: '', timeout: 60000 });
			run(['--db', db, 'init'], { SCS_ADMIN_PASSWORD: 'partner-admin-password-2026' });
			const file = path.join(dir, 'pt.jsonl');
			const recs = [{ kind: 'organization', id: 'us-dod', name: 'Department of Defense', type: 'government', country: 'USA' }];
			for (const l of ['en', 'ja']) {
				recs.push({ kind: 'person', id: 'u-' + l, name: PEOPLE[l].name_latin, name_latin: PEOPLE[l].name_latin,
					birth_date: BIRTH, nationalities: ['JPN'], org: 'us-dod' });
				recs.push({ kind: 'clearance', person: 'u-' + l, authority: 'USA', level: 'SECRET', status: 'active',
					valid_from: ymd(-1), valid_until: ymd(4) });
			}
			fs.writeFileSync(file, recs.map((x) => JSON.stringify(x)).join('\n') + '\n');
			run(['--db', db, 'import', file]);
			const root = path.join(dir, 'root-USA.key');
			const fp = JSON.parse(run(['trust', 'root', 'new', '--authority', 'USA', '--out', root])).root_fingerprint;
			run(['--db', db, 'trust', 'key', 'new', '--authority', 'USA', '--root', root]);
			const trust = path.join(dir, 'trust.json');
			run(['--db', db, 'trust', 'export', '-o', trust]);
			scs(['trust', 'import', trust, '--pin', 'USA=' + fp]);
			partner = { dir, db, run };
		}
		return partner.run(['--db', partner.db, 'attest', 'issue', 'u-' + lang, '--partner', 'JPN']).replace(/\n$/, '');
	};

	const open = async (page) => {
		await page.locator('.nav a[href="/transfers"]').click();
		await page.waitForURL(base + '/transfers');
		await waitIdle(page);
		await settled(page);
	};
	const ask = async (page, id, birth) => {
		await page.locator('#xr-person').fill(id);
		await page.locator('#xr-birth_date').fill(birth);
		await page.locator('.xfer-request-form button[type=submit]').click();
	};
	const row = (page, id) => page.locator(`.xfer-list tr[data-transfer="${id}"]`);

	for (const lang of ['en', 'ja']) {
		const T = CATALOG[lang];
		const person = PEOPLE[lang].id;
		let xid = null;

		await test(`${lang}: the officer checks a clearance, then asks for a transfer (a wrong birth date refused under the field)`, async () => {
			assert(orgOf(person) === 'mod', 'employed by mod first');
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'officer');
				await waitIdle(page);
				await open(page);
				assert((await page.locator('main h1').textContent()) === T['xfer.title'], 'title');
				await axe(page);

				/* The check: cleared, the level in the page's language. */
				await page.locator('#xk-person').fill(person);
				await page.locator('#xk-birth_date').fill(BIRTH);
				await page.locator('.xfer-lookup-form button[type=submit]').click();
				await page.locator('.xfer-answer[data-cleared="yes"]').waitFor();
				const answer = (await page.locator('.xfer-answer').textContent()).replace(/\s+/g, ' ');
				assert(answer.includes(T['xfer.cleared'].replace('{person}', person)), 'cleared: ' + answer);
				assert(answer.includes(lang === 'ja' ? '特定秘密' : 'Specially Designated Secret'), 'the level named: ' + answer);
				assert(answer.includes('JPN-SDS') && answer.includes(T['att.rank.3']) && answer.includes(T['xfer.clr.active']),
					'authority, rank, status: ' + answer);
				await axe(page);
				await shot(page, `transfers-lookup-${lang}`);
				/* A wrong birth date: not cleared, as an unknown person. */
				await page.locator('#xk-birth_date').fill(WRONG);
				await page.locator('.xfer-lookup-form button[type=submit]').click();
				await page.locator('.xfer-answer[data-cleared="no"]').waitFor();
				assert(await page.locator('.xfer-answer .xfer-unknown').count() === 1, 'an unknown person');
				assert(await page.locator('.xfer-answer .xfer-level').count() === 0, 'no level shown');

				/* The request: a wrong birth date reads as an unknown person, under the field. */
				await ask(page, person, WRONG);
				const err = page.locator('#xr-person-err');
				await err.waitFor();
				const text = await err.textContent();
				assert(text.includes(person) && (lang === 'ja' ? /はいません/.test(text) : /no person/.test(text)),
					'the server\'s message in the page\'s language: ' + text);
				assert(await page.getAttribute('#xr-person', 'aria-invalid') === 'true', 'person marked');
				assert(await page.inputValue('#xr-birth_date') === WRONG, 'the date kept');
				await axe(page);
				await shot(page, `transfers-refused-${lang}`);

				/* The right one: waiting. */
				await page.locator('#xr-birth_date').fill(BIRTH);
				await page.locator('.xfer-request-form button[type=submit]').click();
				const asked = page.locator('.xfer-asked');
				await asked.waitFor();
				xid = await asked.getAttribute('data-transfer');
				assert(/^TR-/.test(xid), 'transfer id: ' + xid);
				assert(await page.locator('#xr-person-err').count() === 0, 'the error gone');
				const r = row(page, xid);
				await r.waitFor();
				assert((await r.locator('.xfer-state').textContent()) === T['xfer.state.requested'], 'listed waiting');
				assert(await r.locator('.xfer-cancel').count() === 1, 'the asker may cancel');
				assert(orgOf(person) === 'mod', 'not moved yet');
				await axe(page);
				await shot(page, `transfers-officer-${lang}`);
				assert(page.errors.length === 0, page.errors.join('; '));
			} finally {
				await context.close();
			}
		});

		await test(`${lang}: the adjudicator is refused a rejection without a reason, then accepts: the person moves`, async () => {
			assert(xid, 'no transfer asked');
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'adjudicator');
				await waitIdle(page);
				await open(page);
				const card = page.locator(`article.xfer-waiting[data-transfer="${xid}"]`);
				await card.waitFor();
				assert((await card.textContent()).includes(person), 'the person named');
				await axe(page);
				await shot(page, `transfers-adjudicator-${lang}`);
				await card.locator('.xfer-reject').click();
				const err = page.locator(`[id="xd-${xid}-reason-err"]`);
				await err.waitFor();
				assert((await err.textContent()) === T['xfer.reason_required'], 'reason required: ' + await err.textContent());
				assert(orgOf(person) === 'mod', 'nothing decided');
				await axe(page);
				await card.locator('.xfer-accept').click();
				await page.locator(`.xfer-done[data-done="accept"][data-transfer="${xid}"]`).waitFor();
				await page.locator(`.xfer-decided tr[data-transfer="${xid}"]`).waitFor();
				assert((await page.locator(`.xfer-decided tr[data-transfer="${xid}"] .xfer-state`).textContent()) ===
					T['xfer.state.accepted'], 'listed accepted');
				assert(await page.locator(`article.xfer-waiting[data-transfer="${xid}"]`).count() === 0, 'no longer waiting');
				assert(orgOf(person) === 'owari-hi', 'the person works for owari-hi now');
				await axe(page);
				await shot(page, `transfers-accepted-${lang}`);
				assert(page.errors.length === 0, page.errors.join('; '));
			} finally {
				await context.close();
			}
		});

		await test(`${lang}: the officer sees the transfer accepted; our own code is refused as a foreign clearance under the field, a partner's recorded`, async () => {
			assert(xid, 'no transfer asked');
			const code = scs(['attest', 'issue', person, '--partner', 'USA']).replace(/\n$/, '');
			assert(/^SC1:/.test(code), 'a code: ' + code);
			const { context, page } = await newPage(lang);
			try {
				await signIn(page, 'officer');
				await waitIdle(page);
				await open(page);
				const r = row(page, xid);
				await r.waitFor();
				assert((await r.locator('.xfer-state').textContent()) === T['xfer.state.accepted'], 'accepted');
				assert(await r.locator('.xfer-cancel').count() === 0, 'no cancel once decided');

				await page.goto(base + '/persons/' + person);
				await waitIdle(page);
				await page.locator('#fx-h').waitFor();
				assert((await page.locator('#fx-h').textContent()) === T['xfer.fx.title'], 'heading');
				/* After the attestation codes. */
				assert(await page.evaluate(() => {
					const a = document.querySelector('section.att');
					const f = document.querySelector('section.foreign');
					return !!(a && f && (a.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING));
				}), 'the foreign clearance section follows the codes');
				await page.locator('.foreign-form button[type=submit]').click();
				await page.locator('#fx-code-err').waitFor();
				assert((await page.locator('#fx-code-err').textContent()) === T['xfer.fx.code_required'], 'a code is required');
				await page.locator('#fx-code').fill(code);
				await page.locator('.foreign-form button[type=submit]').click();
				await page.waitForFunction((c) => {
					const e = document.getElementById('fx-code-err');
					return e && e.textContent !== c;
				}, T['xfer.fx.code_required']);
				const text = await page.locator('#fx-code-err').textContent();
				assert(text.includes('JPN-SDS') && (lang === 'ja' ? text.includes('この登録簿自身の制度') :
					text.includes('the register\'s own authority')), 'the server\'s message in the page\'s language: ' + text);
				assert(await page.getAttribute('#fx-code', 'aria-invalid') === 'true', 'code marked');
				assert(await page.inputValue('#fx-code') === code, 'the code kept');
				assert(await page.locator('.foreign-recorded').count() === 0, 'nothing recorded');
				await axe(page);
				await shot(page, `transfers-foreign-refused-${lang}`);

				/* A partner's code naming the person: recorded under the partner's authority. */
				const theirs = partnerCode(lang);
				assert(/^SC1:/.test(theirs), 'a partner\'s code: ' + theirs);
				await page.locator('#fx-code').fill(theirs);
				await page.locator('.foreign-form button[type=submit]').click();
				const rec = page.locator('.foreign-recorded');
				await rec.waitFor();
				assert(await page.locator('#fx-code-err').count() === 0, 'the error gone');
				assert((await rec.locator('.foreign-authority').textContent()).startsWith('USA'), 'authority');
				assert((await rec.locator('.foreign-level').textContent()).includes(lang === 'ja' ? 'SECRET' : 'Secret'), 'level');
				assert((await rec.locator('time').count()) === 2, 'valid from and until');
				assert(await page.inputValue('#fx-code') === '', 'the form cleared');
				const clr = JSON.parse(scs(['clearance', 'lookup', person, '--birth-date', BIRTH])).clearances;
				assert(clr.some((c) => c.authority === 'USA' && c.level === 'SECRET'), 'the register holds it: ' + JSON.stringify(clr));
				await axe(page);
				await shot(page, `transfers-foreign-recorded-${lang}`);
				assert(page.errors.length === 0, page.errors.join('; '));
			} finally {
				await context.close();
			}
		});
	}

	await test('en: a request cancelled only after a confirmation; asked again, rejected with a reason the officer reads', async () => {
		const T = CATALOG.en;
		const person = PEOPLE.cx.id;
		const reason = 'Their clearance is under review at MOD.';
		let xid;
		{
			const { context, page } = await newPage('en');
			try {
				await signIn(page, 'officer');
				await waitIdle(page);
				await open(page);
				await ask(page, person, BIRTH);
				await page.locator('.xfer-asked').waitFor();
				xid = await page.locator('.xfer-asked').getAttribute('data-transfer');
				const r = row(page, xid);
				await r.locator('.xfer-cancel').click();
				await r.locator('.xfer-confirm').waitFor();
				await axe(page);
				await r.locator('.xfer-cancel-no').click();
				assert(await r.locator('.xfer-confirm').count() === 0, 'kept');
				assert((await r.locator('.xfer-state').textContent()) === T['xfer.state.requested'], 'still waiting');
				await r.locator('.xfer-cancel').click();
				await r.locator('.xfer-cancel-yes').click();
				await page.locator('.xfer-cancelled').waitFor();
				await r.locator('.xfer-state-cancelled').waitFor();
				assert(await r.locator('.xfer-cancel').count() === 0, 'no second cancel');
				/* Asked again: one waits at a time, and the cancelled one does not. */
				await ask(page, person, BIRTH);
				await page.locator('.xfer-asked').waitFor();
				xid = await page.locator('.xfer-asked').getAttribute('data-transfer');
				await row(page, xid).waitFor();
			} finally {
				await context.close();
			}
		}
		{
			const { context, page } = await newPage('en');
			try {
				await signIn(page, 'adjudicator');
				await waitIdle(page);
				await open(page);
				const card = page.locator(`article.xfer-waiting[data-transfer="${xid}"]`);
				await card.locator('textarea').fill(reason);
				await card.locator('.xfer-reject').click();
				await page.locator(`.xfer-done[data-done="reject"][data-transfer="${xid}"]`).waitFor();
				assert(orgOf(person) === 'mod', 'a rejection moves no one');
			} finally {
				await context.close();
			}
		}
		{
			const { context, page } = await newPage('en');
			try {
				await signIn(page, 'officer');
				await waitIdle(page);
				await open(page);
				const r = row(page, xid);
				await r.waitFor();
				assert((await r.locator('.xfer-state').textContent()) === T['xfer.state.rejected'], 'rejected');
				assert((await r.locator('.xfer-reason').textContent()) === reason, 'the reason read');
				await axe(page);
				await shot(page, 'transfers-rejected-en');
			} finally {
				await context.close();
			}
		}
	});
	if (partner)
		fs.rmSync(partner.dir, { recursive: true, force: true });
};
