// SPDX-License-Identifier: Apache-2.0
// 70-registers.js - a designator's registers (designated items with the
// term rules shown before they bite, renewal, declassification; programs
// with their members, compartments, conforming businesses) and a security
// officer's briefings with their NDAs.  Everything these tests change is
// their own: items, programs, compartments made here, and a person and a
// contractor imported below.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function (h) {
	const { ymd } = h;
	const { test, assert, newPage, axe, shot, signIn, waitIdle, settled, CATALOG } = h;
	const base = h.base;
	const en = CATALOG.en;
	const ja = CATALOG.ja;

	/* Preconditions of our own: a person of the officer's organization,
	 * a contractor to approve, an item of mod to declassify, and a
	 * designator of another organ. */
	const file = path.join(os.tmpdir(), 'scs-70-registers-' + process.pid + '.jsonl');
	fs.writeFileSync(file, [
		{ kind: 'organization', id: 'reg-t-corp', name: 'Registers Test Works K.K.', type: 'contractor', country: 'JPN' },
		{ kind: 'person', id: 'reg-t-p1', name: '登録 花子', name_latin: 'TOROKU Hanako', birth_date: '1985-04-02',
			nationalities: ['JPN'], org: 'owari-hi', relatives: [] },
		{ kind: 'item', id: 'reg-t-item2', title: 'Registers test: to declassify', owner: 'mod', field: 'diplomacy',
			authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU', compartments: [], releasable_to: [], programs: [],
			valid_from: '2024-01-01', valid_until: '2028-01-01', declassified: null, cabinet_approval: false, exception: false },
		{ kind: 'item', id: 'reg-t-item3', title: 'Registers test: near 30 years', owner: 'mod', field: 'defense',
			authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU', compartments: [], releasable_to: [], programs: [],
			valid_from: ymd(-28), valid_until: ymd(1), declassified: null, cabinet_approval: false, exception: false },
	].map((x) => JSON.stringify(x)).join('\n') + '\n');
	h.scs(['import', file]);
	fs.unlinkSync(file);
	h.scs(['user', 'add', 'reg-designator-meti', '--org', 'meti', '--role', 'designator'], { SCS_PASSWORD: h.PASSWORD });

	await test('registers: designate an item with the term warning shown before sending, then see it listed', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'designator');
			await page.waitForURL(base + '/items');
			await waitIdle(page);
			await settled(page);
			await axe(page);
			await page.locator('main a[href="/items/new"]').click();
			await page.waitForURL(base + '/items/new');
			await page.locator('#designate-id').waitFor();
			await settled(page);
			assert(await page.getAttribute('.nav a[href="/items"]', 'aria-current') === 'location', 'Items not marked');
			await page.locator('#designate-id').fill('reg-t-item1');
			await page.locator('#designate-title').fill('Registers test: radar interface');
			await page.locator('#designate-field').selectOption('defense');
			await page.locator('#designate-authority').selectOption('JPN-SDS');
			await page.locator('#designate-valid_from').fill(ymd(0));
			let sent = 0;
			page.on('request', (r) => {
				if (r.method() === 'POST' && r.url().endsWith('/v1/items'))
					sent++;
			});
			/* Seven years: the warning comes as the date is typed. */
			await page.locator('#designate-valid_until').fill(ymd(7));
			const term = page.locator('#designate-term');
			await page.locator('#designate-term.notice-warn').waitFor();
			assert((await term.textContent()).includes(en['reg.term.too_long']), 'term: ' + await term.textContent());
			assert((await term.locator('time').first().getAttribute('datetime')) === ymd(5), 'latest end');
			await page.locator('main form button[type=submit]').click();
			await page.locator('#designate-valid_until-err').waitFor();
			assert(await page.getAttribute('#designate-valid_until', 'aria-invalid') === 'true', 'aria-invalid');
			assert(sent === 0, 'sent a too-long term');
			await axe(page);
			await shot(page, 'reg-designate-warning-en');
			/* Four years: allowed. */
			await page.locator('#designate-valid_until').fill(ymd(4));
			await page.locator('#designate-term.notice-warn').waitFor({ state: 'detached' });
			assert((await page.locator('#designate-term').textContent()).includes(en['reg.term.remaining']
				.replace('{n}', '26').replace('{total}', '30')), 'years remaining: ' + await page.locator('#designate-term').textContent());
			/* ASEAN is neither a nation nor an alliance of data/alliances.csv: the server names it under the field. */
			await page.locator('#designate-releasable_to').fill('ASEAN');
			await page.locator('main form button[type=submit]').click();
			await page.locator('#designate-releasable_to-err').waitFor();
			assert(sent === 1, 'requests: ' + sent);
			assert(await page.inputValue('#designate-title') === 'Registers test: radar interface', 'title kept');
			await axe(page);
			await shot(page, 'reg-designate-server-error-en');
			/* The alliances come from data/alliances.csv, FVEY among them, each with its members. */
			const fvey = page.locator('#designate-alliances-FVEY');
			assert(await fvey.count() === 1, 'no FVEY box');
			const fveyLabel = await page.locator('main label[for="' + await fvey.getAttribute('id') + '"]').textContent();
			assert(fveyLabel.includes(en['reg.alliance.FVEY']) && fveyLabel.includes('AUS, CAN, GBR, NZL, USA'), 'FVEY label: ' + fveyLabel);
			await fvey.check();
			await page.locator('#designate-releasable_to').fill('USA');
			/* The nation named beside the code typed (ui/src/names.js). */
			await page.locator('#designate-releasable_to-names', { hasText: 'United States (USA)' }).waitFor();
			await page.locator('main form button[type=submit]').click();
			await page.waitForURL(base + '/items/reg-t-item1');
			await waitIdle(page);
			await settled(page);
			assert(sent === 2, 'requests: ' + sent);
			const facts = await page.locator('main').textContent();
			assert(facts.includes('Registers test: radar interface') && facts.includes(en['reg.item.classified']) &&
				facts.includes('USA'), 'item page: ' + facts);
			/* The nations and the owner by name, the codes beside them. */
			const fact = (term) => page.evaluate((t) => {
				const dt = [...document.querySelectorAll('main dl.facts dt')].find((d) => d.textContent === t);
				return dt ? dt.nextElementSibling.textContent.replace(/\s+/g, ' ').trim() : null;
			}, term);
			assert(await fact(en['reg.item.releasable']) === 'Five Eyes (FVEY), United States (USA)', 'releasable to: ' + await fact(en['reg.item.releasable']));
			await page.waitForFunction((t) => {
				const dt = [...document.querySelectorAll('main dl.facts dt')].find((d) => d.textContent === t);
				return dt && dt.nextElementSibling.textContent.replace(/\s+/g, ' ').trim() === 'Ministry of Defense mod';
			}, en['reg.item.owner']);
			await axe(page);
			await shot(page, 'reg-item-en');
			await page.locator('main .crumbs a').click();
			await page.waitForURL(base + '/items');
			await settled(page);
			await page.locator('#items-text').fill('reg-t-item1');
			await page.locator('main form.filters button[type=submit]').click();
			await page.locator('main table a[href="/items/reg-t-item1"]').waitFor();
			assert(await page.locator('main table tbody tr').count() === 1, 'filtered rows');
			await axe(page);
			await shot(page, 'reg-items-en');
		} finally {
			await context.close();
		}
	});

	await test('registers: renew an item, the 5-year limit from today shown first', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'designator');
			await page.waitForURL(base + '/items');
			await page.goto(base + '/items/reg-t-item1');
			await page.locator('#renew-valid_until').waitFor();
			await settled(page);
			assert((await page.locator('#renew-term').textContent()).includes(en['reg.term.used'].split('{')[0].trim()),
				'years used not shown');
			await page.locator('#renew-valid_until').fill(ymd(6));
			await page.locator('#renew-term.notice-warn').waitFor();
			assert((await page.locator('#renew-term').textContent()).includes(en['reg.term.renew_too_long']), 'renew warning');
			await axe(page);
			await page.locator('#renew-valid_until').fill(ymd(5));
			await page.locator('#renew-term.notice-warn').waitFor({ state: 'detached' });
			await page.locator('section[aria-labelledby="renew-h"] button[type=submit]').click();
			await page.locator('section[aria-labelledby="renew-h"] .notice-ok').waitFor();
			const until = await page.locator('main dl.facts').nth(1).locator('time').nth(1).getAttribute('datetime');
			assert(until === ymd(5), 'new end: ' + until);
			await axe(page);
			await shot(page, 'reg-item-renewed-en');
		} finally {
			await context.close();
		}
	});

	await test('registers: a renewal past 30 years in total asks for cabinet approval before sending', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'designator');
			await page.waitForURL(base + '/items');
			await page.goto(base + '/items/reg-t-item3');
			await page.locator('#renew-valid_until').waitFor();
			await settled(page);
			assert(await page.locator('#renew-cabinet_approval').count() === 0, 'cabinet approval offered too early');
			await page.locator('#renew-valid_until').fill(ymd(4));
			await page.locator('#renew-term.notice-warn').waitFor();
			assert((await page.locator('#renew-term').textContent()).includes(en['reg.term.beyond30']), 'beyond 30 warning');
			await page.locator('#renew-cabinet_approval').check();
			await page.locator('#renew-term.notice-warn').waitFor({ state: 'detached' });
			await axe(page);
			await shot(page, 'reg-item-cabinet-en');
			await page.locator('section[aria-labelledby="renew-h"] button[type=submit]').click();
			await page.locator('section[aria-labelledby="renew-h"] .notice-ok').waitFor();
			const facts = await page.locator('main dl.facts').nth(1).textContent();
			assert(facts.includes(en['reg.yes']), 'cabinet approval recorded: ' + facts);
		} finally {
			await context.close();
		}
	});

	await test('registers (ja): declassify an item after confirming; the item page and designation form in Japanese', async () => {
		const { context, page } = await newPage('ja');
		try {
			await signIn(page, 'designator');
			await page.waitForURL(base + '/items');
			await waitIdle(page);
			await page.goto(base + '/items/reg-t-item2');
			await page.locator('#declassify-at').waitFor();
			await settled(page);
			await shot(page, 'reg-item-ja');
			await page.locator('#declassify-at').fill(ymd(0));
			const button = page.locator('section[aria-labelledby="declassify-h"] button[type=submit]');
			await button.click();
			await page.locator('section[aria-labelledby="declassify-h"] .notice-warn').waitFor();
			assert((await button.textContent()).includes(ja['reg.declassify.confirm_button']), 'confirm button');
			await axe(page);
			await button.click();
			await page.locator('#renew-valid_until').waitFor({ state: 'detached' });
			const text = await page.locator('main').textContent();
			assert(text.includes(ja['reg.item.declassified']), 'state: ' + text);
			await axe(page);
			await shot(page, 'reg-item-declassified-ja');
			await page.goto(base + '/items/new');
			await page.locator('#designate-id').waitFor();
			await settled(page);
			await page.locator('#designate-valid_until').fill(ymd(9));
			await page.locator('#designate-term.notice-warn').waitFor();
			assert((await page.locator('#designate-term').textContent()).includes(ja['reg.term.too_long']), 'ja warning');
			await axe(page);
			await shot(page, 'reg-designate-ja');
		} finally {
			await context.close();
		}
	});

	await test('registers (ja): create a program (a server error by its field, fixed) and a compartment; add and end a membership', async () => {
		const { context, page } = await newPage('ja');
		try {
			await signIn(page, 'designator');
			await page.waitForURL(base + '/items');
			await page.locator('.nav a[href="/programs"]').click();
			await page.waitForURL(base + '/programs');
			await waitIdle(page);
			await settled(page);
			await page.locator('#new-program-id').fill('reg t prog');
			await page.locator('#new-program-name').fill('登録テスト計画');
			await page.locator('section[aria-labelledby="new-program-h"] button[type=submit]').click();
			await page.locator('#new-program-id-err').waitFor();
			assert(await page.inputValue('#new-program-name') === '登録テスト計画', 'name kept');
			await axe(page);
			await shot(page, 'reg-program-error-ja');
			await page.locator('#new-program-id').fill('reg-t-prog');
			await page.locator('section[aria-labelledby="new-program-h"] button[type=submit]').click();
			await page.locator('main table code', { hasText: 'reg-t-prog' }).waitFor();
			/* Its members: an unknown person named by the server under the field. */
			await page.locator(`main table button[aria-label="${ja['reg.program.members_of'].replace('{id}', 'reg-t-prog')}"]`).click();
			await page.locator('#member-person').waitFor();
			await settled(page);
			await page.locator('#member-person').fill('reg-t-nobody');
			await page.locator('#member-valid_from').fill(ymd(-1));
			await page.locator('#member-valid_until').fill(ymd(2));
			await page.locator('section[aria-labelledby="members-h"] form button[type=submit]').click();
			await page.locator('#member-person-err').waitFor();
			await axe(page);
			await page.locator('#member-person').fill('reg-t-p1');
			await page.locator('section[aria-labelledby="members-h"] form button[type=submit]').click();
			await page.locator('section[aria-labelledby="members-h"] table code', { hasText: 'reg-t-p1' }).waitFor();
			await axe(page);
			await shot(page, 'reg-program-members-ja');
			await page.locator(`section[aria-labelledby="members-h"] table button[aria-label="${ja['reg.member.end_label'].replace('{person}', 'reg-t-p1')}"]`).click();
			await page.locator('#end-valid_until').fill(ymd(0));
			await page.locator('#end-valid_until').press('Enter');
			await page.locator('section[aria-labelledby="members-h"] .notice-ok', { hasText: ja['reg.member.ended'].replace('{person}', '').trim() }).waitFor();
			await page.locator('section[aria-labelledby="members-h"] table td', { hasText: ja['reg.not_current'] }).waitFor();
			await page.locator('.nav a[href="/compartments"]').click();
			await page.waitForURL(base + '/compartments');
			await waitIdle(page);
			await page.locator('#new-compartment-id').fill('reg-t-cmp');
			await page.locator('#new-compartment-name').fill('登録テスト区画');
			await page.locator('section[aria-labelledby="new-compartment-h"] button[type=submit]').click();
			await page.locator('main table code', { hasText: 'reg-t-cmp' }).waitFor();
			await axe(page);
			await shot(page, 'reg-compartments-ja');
		} finally {
			await context.close();
		}
	});

	await test('registers: approve a conforming business and end the approval', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'designator');
			await page.waitForURL(base + '/items');
			await page.locator('.nav a[href="/conforming"]').click();
			await page.waitForURL(base + '/conforming');
			await page.locator('#approve-org').waitFor();
			await settled(page);
			await page.locator('#approve-org').selectOption('reg-t-corp');
			await page.locator('#approve-authority').selectOption('JPN-CESI');
			await page.locator('#approve-valid_from').fill(ymd(-1));
			await page.locator('#approve-valid_until').fill(ymd(5));
			await page.locator('section[aria-labelledby="approve-h"] button[type=submit]').click();
			await page.locator('section[aria-labelledby="approve-h"] .notice-ok').waitFor();
			const row = page.locator('main table tbody tr', { hasText: 'reg-t-corp' });
			await row.waitFor();
			assert((await row.textContent()).includes(en['reg.current']), 'row: ' + await row.textContent());
			await axe(page);
			await shot(page, 'reg-conforming-en');
			await row.locator('button').click();
			await page.locator('#end-approval-valid_until').fill(ymd(0));
			await page.locator('#end-approval-valid_until').press('Enter');
			await page.locator('main > .notice-ok, main .notice-ok').first().waitFor();
			await page.locator('main table tbody tr', { hasText: 'reg-t-corp' }).filter({ hasText: en['reg.not_current'] }).waitFor();
			await axe(page);
		} finally {
			await context.close();
		}
	});

	await test('registers: the officer briefs a person with the NDA date and debriefs; a designator may not', async () => {
		const { context, page } = await newPage('en');
		try {
			await signIn(page, 'officer');
			await page.waitForURL(base + '/staff');
			await page.locator('.nav a[href="/briefings"]').click();
			await page.waitForURL(base + '/briefings');
			await page.locator('#brief-person').waitFor();
			await settled(page);
			await page.locator('#brief-person').selectOption('reg-t-p1');
			/* The compartments the staff were briefed into are offered, each with how many are now. */
			const known = () => page.locator('#brief-compartments option').evaluateAll((os) => Object.fromEntries(os.map((o) => [o.value, o.label])));
			const k0 = await known();
			assert(k0.ORCA && k0.ORCA === en['reg.brief.known'].replace('{n}', String(k0.ORCA.match(/\d+/)[0])) && !k0['reg-t-cmp'],
				'the datalist: ' + JSON.stringify(k0));
			assert(await page.locator('#brief-compartment').getAttribute('list') === 'brief-compartments', 'the input offers it');
			await page.locator('#brief-compartment').fill('reg-t-no-such-cmp');
			await page.locator('#brief-nda_signed').fill(ymd(-1));
			await page.locator('#brief-valid_from').fill(ymd(-1));
			await page.locator('section[aria-labelledby="brief-h"] button[type=submit]').click();
			await page.locator('#brief-compartment-err').waitFor();
			await axe(page);
			await page.locator('#brief-compartment').fill('reg-t-cmp');
			await page.locator('section[aria-labelledby="brief-h"] button[type=submit]').click();
			await page.locator('section[aria-labelledby="brief-h"] .notice-ok').waitFor();
			const row = page.locator('main table tbody tr', { hasText: 'reg-t-cmp' });
			await row.waitFor();
			assert((await row.textContent()).includes('TOROKU Hanako'), 'row: ' + await row.textContent());
			assert(await row.locator('time').first().getAttribute('datetime') === ymd(-1), 'NDA date');
			await page.waitForFunction(() => [...document.querySelectorAll('#brief-compartments option')].some((o) => o.value === 'reg-t-cmp'));
			assert((await known())['reg-t-cmp'] === en['reg.brief.known'].replace('{n}', '1'), 'one briefed now: ' + JSON.stringify(await known()));
			await axe(page);
			await shot(page, 'reg-briefings-en');
			await row.locator('button').click();
			await page.locator('#debrief-valid_until').fill(ymd(0));
			await page.locator('#debrief-valid_until').press('Enter');
			await page.locator('main .notice-ok').first().waitFor();
			await page.locator('main table tbody tr', { hasText: 'reg-t-cmp' }).waitFor({ state: 'detached' });
			assert((await known())['reg-t-cmp'] === en['reg.brief.known_none'], 'none now: ' + JSON.stringify(await known()));
			await page.locator('#brief-all').check();
			await page.locator('main table tbody tr', { hasText: 'reg-t-cmp' }).filter({ hasText: en['reg.not_current'] }).waitFor();
			await axe(page);
			await shot(page, 'reg-briefings-debriefed-en');
			/* A designator has no briefings page: the not-found page. */
			const d = await newPage('en');
			try {
				await signIn(d.page, 'designator');
				await d.page.waitForURL(base + '/items');
				assert(await d.page.locator('.nav a[href="/briefings"]').count() === 0, 'briefings in a designator\'s nav');
				await d.page.goto(base + '/briefings');
				await waitIdle(d.page);
				assert(await d.page.locator('#brief-person').count() === 0, 'the form shown to a designator');
			} finally {
				await d.context.close();
			}
		} finally {
			await context.close();
		}
	});

	await test('registers: a designator of another organ sees neither the item in the list nor its page', async () => {
		const { context, page } = await newPage('ja');
		try {
			await signIn(page, 'reg-designator-meti');
			await page.waitForURL(base + '/items');
			await waitIdle(page);
			await settled(page);
			assert(await page.locator('main a[href="/items/reg-t-item1"]').count() === 0, 'mod\'s item listed to meti');
			await page.goto(base + '/items/reg-t-item1');
			await page.locator('main .notice-error').waitFor();
			assert(await page.locator('#renew-valid_until').count() === 0, 'renew offered');
			await axe(page);
			await shot(page, 'reg-item-refused-ja');
		} finally {
			await context.close();
		}
	});
};
