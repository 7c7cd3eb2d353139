// SPDX-License-Identifier: Apache-2.0
// 72-visits.js - visit requests (ui/src/pages/visits.js), both security
// officers, in English and in Japanese (one visit per language): the
// visitor's officer (`officer`, owari-hi) drafts a request for a cleared
// person of the suite's own (p14, the demo's cleared person with a
// passport name, is suspended by 62-alerts), a one-time visit too long is
// refused by the server under the last day with what was typed kept;
// submits and certifies it (the attestation attached, with its QR code);
// the host's officer (`host`, dcsa) finds it among the visitors, is
// refused a return without a note (under the note), returns it with one;
// the officer reads the note, amends the site, submits and certifies
// again; the host approves; the pass (SV1:) with its QR code is shown to
// both sides, checked against the register (not yet valid) and offline
// with `scs visit verify --at FIRST_DAY` against the exported key lists
// (valid, the passport name); the history lists every step; neither side
// is offered the other's moves; axe and a screenshot on every page.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/* The suite's own persons of owari-hi, cleared under the SDS Act, one per language. */
const VISITOR = {
	en: { id: 'p-ui72-en', name: '訪問 一郎', name_latin: 'HOMON Ichiro', name_passport: 'HOMON ICHIRO', birth_date: '1980-02-03' },
	ja: { id: 'p-ui72-ja', name: '訪問 花子', name_latin: 'HOMON Hanako', name_passport: 'HOMON HANAKO', birth_date: '1982-04-05' },
};
const HOST = 'dcsa';

/* Write @records as JSON lines and import them with the command line. */
function importRecords(h, name, records) {
	const file = path.join(os.tmpdir(), `scs-72-visits-${name}-${process.pid}.jsonl`);
	fs.writeFileSync(file, records.map((x) => JSON.stringify(x)).join('\n') + '\n');
	try {
		h.scs(['import', file]);
	} finally {
		fs.unlinkSync(file);
	}
}

module.exports = async function (h) {
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG, ymd } = h;
	const base = h.base;

	/* Today (UTC, as the server counts days) plus n days, YYYY-MM-DD. */
	const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

	importRecords(h, 'persons', Object.values(VISITOR).map((p) => ({ kind: 'person', ...p, nationalities: ['JPN'], org: 'owari-hi',
		relatives: [] })));
	importRecords(h, 'clearances', Object.values(VISITOR).map((p) => ({ kind: 'clearance', person: p.id, authority: 'JPN-SDS',
		level: 'TOKUTEI_HIMITSU', status: 'active', valid_from: ymd(-1), valid_until: ymd(4) })));

	const goNav = async (page, href) => {
		await page.locator(`.nav a[href="${href}"]`).click();
		await page.waitForURL(base + href);
		await waitIdle(page);
		await settled(page);
	};

	/* The visit's page loaded, in state. */
	const atState = async (page, state) => {
		await page.locator(`.visit-facts [data-state="${state}"]`).waitFor();
		await settled(page);
	};

	/* A move made by its button: the notice, then the visit read again in its new state. */
	const move = async (page, m, state) => {
		await page.locator(`button.move-${m}`).click();
		await page.locator(`.visit-done[data-done="${m}"]`).waitFor();
		await atState(page, state);
	};

	const movesShown = async (page) => page.locator('.visit-actions button[class*="move-"]').evaluateAll((bs) =>
		bs.map((b) => /move-(\w+)/.exec(b.className)[1]).sort());

	for (const lang of ['en', 'ja']) {
		const T = CATALOG[lang];
		const who = VISITOR[lang];
		const first = day(lang === 'en' ? 3 : 4);
		const last = day(lang === 'en' ? 5 : 6);
		const site = lang === 'en' ? 'Fort Meade, building 2' : 'フォート・ミード 2号棟';
		const note = lang === 'en' ? 'Name the building and the escort.' : '建物名と随行者を記載してください。';

		await test(`visits (${lang}): drafted with a refusal under its field, submitted and certified; returned with a note, amended, certified again; approved with a pass that verifies offline; each side only its moves`, async () => {
			const o = await newPage(lang);
			const hst = await newPage(lang);
			const op = o.page;
			const hp = hst.page;
			try {
				/* The visitor's officer: the list, then a new request. */
				await signIn(op, 'officer');
				await waitIdle(op);
				await goNav(op, '/visits');
				assert(await op.locator('main h1').textContent() === T['visit.title'], 'the title');
				assert((await op.locator('#visits-out').textContent()).startsWith(T['visit.outgoing']), 'the outgoing section');
				assert((await op.locator('#visits-in').textContent()).startsWith(T['visit.incoming']), 'the incoming section');
				await axe(op);
				await shot(op, `visits-officer-${lang}`);
				await op.locator('main a[href="/visits/new"]').click();
				await op.waitForURL(base + '/visits/new');
				await op.locator(`#vn-visitor option[value="${who.id}"]`).waitFor({ state: 'attached' });
				await op.locator(`#vn-host_org option[value="${HOST}"]`).waitFor({ state: 'attached' });
				assert(await op.locator('#vn-host_org option[value="owari-hi"]').count() === 0, 'the own organization is no host');
				await op.locator('#vn-visitor').selectOption(who.id);
				await op.locator('#vn-host_org').selectOption(HOST);
				await op.locator('#vn-site').fill(site);
				await op.locator('#vn-purpose').fill(lang === 'en' ? 'Design review of the radar' : 'レーダーの設計審査');
				await op.locator('#vn-type').selectOption('one_time');
				await op.locator('#vn-first_day').fill(first);
				await op.locator('#vn-last_day').fill(day(45));
				await op.locator('#vn-items').fill('orca-radar-spec');

				/* A one-time visit of six weeks: the server's refusal under the last day, in the page's language. */
				await op.locator('form.visit-form button[type=submit]').click();
				await op.locator('#vn-last_day-err').waitFor();
				const err = await op.locator('#vn-last_day-err').textContent();
				assert(lang === 'en' ? /30 days/.test(err) : /30\s*日/.test(err), 'the refusal: ' + err);
				assert(await op.getAttribute('#vn-last_day', 'aria-invalid') === 'true', 'aria-invalid');
				assert(await op.inputValue('#vn-site') === site && await op.inputValue('#vn-visitor') === who.id &&
					await op.inputValue('#vn-items') === 'orca-radar-spec', 'what was typed is kept');
				await axe(op);
				await shot(op, `visit-new-refused-${lang}`);

				await op.locator('#vn-last_day').fill(last);
				const sent = op.waitForRequest((q) => q.url().endsWith('/v1/visits') && q.method() === 'POST');
				await op.locator('form.visit-form button[type=submit]').click();
				const body = JSON.parse((await sent).postData());
				assert(body.visitor === who.id && body.host_org === HOST && body.type === 'one_time' && body.first_day === first &&
					body.last_day === last && JSON.stringify(body.items) === '["orca-radar-spec"]', 'the body: ' + JSON.stringify(body));
				await op.waitForURL(/\/visits\/VR-/);
				const id = decodeURIComponent(op.url().split('/').pop());
				await op.locator('.visit-done[data-done="create"]').waitFor();
				await atState(op, 'draft');
				assert(await op.locator('.visit-side').getAttribute('data-side') === 'visitor', 'the visitor\'s side');
				assert(JSON.stringify(await movesShown(op)) === JSON.stringify(['amend', 'cancel', 'submit']), 'a draft\'s moves: ' + await movesShown(op));
				await axe(op);
				await shot(op, `visit-draft-${lang}`);

				await move(op, 'submit', 'submitted');
				assert(JSON.stringify(await movesShown(op)) === JSON.stringify(['cancel', 'certify']), 'submitted: ' + await movesShown(op));
				await move(op, 'certify', 'certified');
				assert(/^SC1:/.test(await op.locator('.visit-attestation .code-text code').textContent()), 'the attestation attached');
				assert((await op.locator('.visit-attestation img.qr').getAttribute('src')).startsWith('data:image/svg+xml'),
					'its QR code as an image');
				assert(JSON.stringify(await movesShown(op)) === JSON.stringify(['cancel']), 'the visitor does not decide: ' + await movesShown(op));
				await axe(op);
				await shot(op, `visit-certified-${lang}`);

				/* The host: the visit among the visitors to us; returned, a note required. */
				await signIn(hp, 'host');
				await waitIdle(hp);
				await goNav(hp, '/visits');
				const row = hp.locator(`.visits-host tr[data-visit="${id}"]`);
				await row.waitFor();
				assert(await hp.locator(`.visits-visitor tr[data-visit="${id}"]`).count() === 0, 'not among the host\'s own');
				assert((await row.locator('.visit-state-cell').textContent()).trim() === T['visit.state.certified'], 'certified in words');
				await axe(hp);
				await shot(hp, `visits-host-${lang}`);
				await row.locator('a').click();
				await hp.waitForURL(base + '/visits/' + id);
				await atState(hp, 'certified');
				assert(await hp.locator('.visit-side').getAttribute('data-side') === 'host', 'the host\'s side');
				assert(JSON.stringify(await movesShown(hp)) === JSON.stringify(['approve', 'cancel', 'reject', 'return']),
					'the host\'s moves: ' + await movesShown(hp));
				await hp.locator('button.move-return').click();
				await hp.locator('#vnote-note-err').waitFor();
				assert((await hp.locator('#vnote-note-err').textContent()) === T['visit.note_required'], 'the note asked for');
				await hp.locator('#vnote-note').fill(note);
				await move(hp, 'return', 'returned');
				assert(JSON.stringify(await movesShown(hp)) === JSON.stringify(['cancel']), 'returned, the host waits: ' + await movesShown(hp));
				await axe(hp);
				await shot(hp, `visit-returned-host-${lang}`);

				/* The officer reads the note, amends, submits and certifies again. */
				await op.reload();
				await atState(op, 'returned');
				assert((await op.locator('.visit-note').textContent()) === note, 'the host\'s note');
				assert(JSON.stringify(await movesShown(op)) === JSON.stringify(['amend', 'cancel', 'submit']), 'returned: ' + await movesShown(op));
				await op.locator('button.move-amend').click();
				await op.locator('#vam-site').waitFor();
				assert(await op.inputValue('#vam-site') === site && await op.inputValue('#vam-first_day') === first, 'the form holds the request');
				await op.locator(`#vam-visitor option[value="${who.id}"]`).waitFor({ state: 'attached' });
				assert(await op.inputValue('#vam-visitor') === who.id, 'the visitor chosen');
				/* (A pass holds the site: a long one makes it too long for a QR code of version 13.) */
				const site2 = site.replace('2', '3');
				await op.locator('#vam-site').fill(site2);
				await axe(op);
				await op.locator('form.visit-form button[type=submit]').click();
				await op.locator('.visit-done[data-done="amend"]').waitFor();
				await settled(op);
				await op.waitForFunction((s) => document.querySelector('.visit-site').textContent === s, site2);
				await move(op, 'submit', 'submitted');
				await move(op, 'certify', 'certified');

				/* The host approves: the pass and its QR code. */
				await hp.reload();
				await atState(hp, 'certified');
				await move(hp, 'approve', 'approved');
				const pass = (await hp.locator('.visit-pass .code-text code').textContent()).trim();
				assert(/^SV1:/.test(pass), 'the pass: ' + pass);
				assert((await hp.locator('.visit-pass img.qr').getAttribute('src')).startsWith('data:image/svg+xml'), 'the pass\'s QR code');
				assert((await hp.locator('.visit-pass img.qr').getAttribute('alt')).includes(id), 'the QR code named');
				assert((await hp.locator('.visit-phase-cell').textContent()).trim() === T['visit.phase.approved'], 'not begun');
				assert(JSON.stringify(await movesShown(hp)) === JSON.stringify(['cancel']), 'approved: ' + await movesShown(hp));
				await hp.locator('.visit-pass-check button').click();
				await hp.locator('.pass-verdict').waitFor();
				assert(await hp.locator('.pass-verdict').getAttribute('data-result') === 'not_yet_valid', 'before the first day');
				assert((await hp.locator('.pass-name').textContent()) === who.name_passport, 'the passport name');
				const steps = await hp.locator('.visit-steps li').evaluateAll((ls) => ls.map((l) => l.dataset.action));
				assert(steps.join(',') === 'create,submit,certify,return,update,submit,certify,approve', 'the history: ' + steps);
				assert((await hp.locator('.visit-steps li').nth(3).textContent()).includes(T['visit.action.return']), 'steps in words');
				assert(!hp.errors.length, hp.errors.join('; '));
				await axe(hp);
				await shot(hp, `visit-approved-host-${lang}`);

				/* The officer sees the pass too, and the visit approved in the list. */
				await op.reload();
				await atState(op, 'approved');
				assert((await op.locator('.visit-pass .code-text code').textContent()).trim() === pass, 'the same pass');
				assert(await op.locator('.visit-pass img.qr').count() === 1, 'with its QR code');
				assert(JSON.stringify(await movesShown(op)) === JSON.stringify(['cancel']), 'approved, visitor\'s side: ' + await movesShown(op));
				assert(!op.errors.length, op.errors.join('; '));
				await axe(op);
				await shot(op, `visit-approved-officer-${lang}`);
				await op.locator('.crumbs a').click();
				await op.waitForURL(base + '/visits');
				const mine = op.locator(`.visits-visitor tr[data-visit="${id}"]`);
				await mine.waitFor();
				assert((await mine.locator('.visit-state-cell').textContent()).trim() === T['visit.state.approved'], 'approved in the list');
				assert((await mine.locator('.visit-phase-cell').textContent()).trim() === T['visit.phase.approved'], 'its phase');
				await axe(op);

				/* At the gate on the first day, offline, with the exported key lists. */
				const v = JSON.parse(h.scs(['visit', 'verify', pass, '--trust', h.server.trust, '--at', first]));
				assert(v.valid === true && v.result === 'valid', 'offline: ' + JSON.stringify(v));
				assert(v.pass.name === who.name_passport && v.pass.birth_date === who.birth_date && v.pass.visit === id &&
					v.pass.host_org === HOST && v.pass.site === site2, 'what the guard compares: ' + JSON.stringify(v.pass));
			} finally {
				await o.context.close();
				await hst.context.close();
			}
		});
	}
};
