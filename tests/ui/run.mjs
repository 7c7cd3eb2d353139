#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// run.mjs UI_DIR - checks of the web UI that need no browser: the two
// message catalogs hold the same keys; every key the sources name (t('…')
// and the page table's names) and every code the server can send (roles,
// decision reasons, case states and outcomes, phases: read from
// docs/openapi.json and docs/access-decision.md) has a message in both;
// the catalogs' files of each language define no key twice; the built assets in UI_DIR (default build/gen/ui) stay under 300 KB
// compressed, index.html has no inline script or style, and no source sets
// a style attribute (the server's CSP would refuse it); the server's
// messages: tools/server-messages.mjs --check (the committed list is the
// sources'), each with its Japanese in ui/src/i18n/server/ja.json with the
// same conversions and none left over, and the matcher of srvmsg-match.js;
// the UI's countries (countries.js) are the server's (src/core/country.c);
// every action the server writes to the audit log (tools/audit-actions.mjs)
// and every authority and level of data/ has a name; the authorities a
// nomination offers (levels.js).  Plain Node, no
// packages; prints "ok - NAME" or "not ok - NAME: WHY" per check and
// "N passed, M failed" last.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import catalogs from '../../ui/catalogs.cjs';
import { specs, translate } from '../../ui/src/srvmsg-match.js';
import { ALPHA2 } from '../../ui/src/countries.js';
import { auditActions } from '../../tools/audit-actions.mjs';
import { offered } from '../../ui/src/levels.js';

const top = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const uiDir = resolve(process.argv[2] || join(top, 'build', 'gen', 'ui'));
const src = join(top, 'ui', 'src');
const LIMIT = 300 * 1024;
let pass = 0;
let fail = 0;

function check(name, fn) {
	let why;
	try {
		why = fn();
	} catch (e) {
		why = e.message;
	}
	if (why) {
		fail++;
		console.log(`not ok - ${name}: ${why}`);
	} else {
		pass++;
		console.log(`ok - ${name}`);
	}
}

function files(dir) {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? files(p) : [p];
	});
}

const cat = catalogs.loadCatalogs(join(src, 'i18n'));
const sources = files(src).filter((f) => f.endsWith('.js'));
const text = sources.map((f) => [f, readFileSync(f, 'utf8')]);

const missing = (keys) => {
	const out = [];
	for (const k of keys)
		for (const l of Object.keys(cat))
			if (typeof cat[l][k] !== 'string' || cat[l][k] === '')
				out.push(`${l}:${k}`);
	return out.length ? 'missing ' + out.join(', ') : null;
};

check('catalogs en and ja have the same keys', () => {
	const en = new Set(Object.keys(cat.en));
	const ja = new Set(Object.keys(cat.ja));
	const onlyEn = [...en].filter((k) => !ja.has(k));
	const onlyJa = [...ja].filter((k) => !en.has(k));
	if (onlyEn.length || onlyJa.length)
		return `only in en: [${onlyEn.join(', ')}] only in ja: [${onlyJa.join(', ')}]`;
	return null;
});

check('catalog placeholders agree between en and ja', () => {
	const ph = (s) => (s.match(/\{\w+\}/g) || []).sort().join(',');
	const bad = Object.keys(cat.en).filter((k) => k in cat.ja && ph(cat.en[k]) !== ph(cat.ja[k]));
	return bad.length ? 'differ: ' + bad.join(', ') : null;
});

check('every key named in the sources is in both catalogs', () => {
	const keys = new Set();
	for (const [, s] of text)
		for (const m of s.matchAll(/\bt\(\s*'([a-z0-9_]+(?:\.[a-z0-9_]+)+)'(?!\s*\+)|name: '([a-z0-9_]+\.[a-z0-9_.]+)'/g))
			keys.add(m[1] || m[2]);
	if (keys.size < 50)
		return `only ${keys.size} keys found: the extraction is broken`;
	return missing(keys);
});

const api = JSON.parse(readFileSync(join(top, 'docs', 'openapi.json'), 'utf8'));
const S = api.components.schemas;
const ROLES = S.Role.enum.filter((r) => r !== 'relying_system');

check('every role, case state and outcome, staff sort and status has a message', () =>
	missing([...['name', 'valid_until'].map((s) => 'staff.sort_' + s),
		...['active', 'expiring', 'expired', 'suspended', 'none'].map((s) => 'status.' + s),...ROLES.map((r) => 'role.' + r), ...S.CaseState.enum.map((s) => 'state.' + s),
		...S.CaseOutcome.enum.map((s) => 'outcome.' + s)]));

check('every reason code of docs/access-decision.md has a name and a text', () => {
	const doc = readFileSync(join(top, 'docs', 'access-decision.md'), 'utf8');
	const codes = [...doc.matchAll(/^\| `([a-z_]+)` \| (?:yes|no) \|/gm)].map((m) => m[1]);
	if (codes.length < 10)
		return `only ${codes.length} reason codes found in the document`;
	return missing(codes.flatMap((c) => ['reason.' + c, 'reason_text.' + c]));
});

check('every role but the relying system has a start page and a case title where it lists cases', () => {
	const routes = readFileSync(join(src, 'routes.js'), 'utf8');
	const no = ROLES.filter((r) => !new RegExp(`\\b${r}: '/`).test(routes));
	if (no.length)
		return 'no start page: ' + no.join(', ');
	return missing(['admin', 'security_officer', 'subject', 'investigator', 'adjudicator']
		.flatMap((r) => ['cases.title.' + r, 'cases.intro.' + r]));
});

check('no source sets a style attribute or writes inline script', () => {
	const bad = text.filter(([, s]) => /\bstyle\s*=|\.style\.|innerHTML|dangerouslySetInnerHTML|\beval\(|new Function\(/.test(s))
		.map(([f]) => f.slice(top.length + 1));
	return bad.length ? bad.join(', ') : null;
});

check('built assets exist with their gzip copies', () => {
	const want = ['index.html', 'app.js', 'app.css', 'qr.js', 'sw.js'].flatMap((f) => [f, f + '.gz']);
	const no = want.filter((f) => !existsSync(join(uiDir, f)));
	return no.length ? `missing in ${uiDir}: ${no.join(', ')}` : null;
});

check('compressed assets total at most 300 KB', () => {
	const total = ['index.html', 'app.js', 'app.css', 'qr.js', 'sw.js'].reduce((s, f) => s + statSync(join(uiDir, f + '.gz')).size, 0);
	console.log(`# compressed total ${total} B of ${LIMIT} B`);
	return total > LIMIT ? `${total} B` : null;
});

check('index.html loads /ui/app.js and /ui/app.css, with no inline script or style', () => {
	const h = readFileSync(join(uiDir, 'index.html'), 'utf8');
	if (!/<script src="\/ui\/app\.js"[^>]*><\/script>/.test(h) || !/<link rel="stylesheet" href="\/ui\/app\.css">/.test(h))
		return 'does not load the assets';
	if (/<script(?![^>]*\bsrc=)[^>]*>/.test(h) || /<style|style=/.test(h))
		return 'inline script or style';
	if (/https?:\/\//.test(h))
		return 'names another origin';
	return null;
});

check('app.js, app.css, qr.js and sw.js fetch nothing from another origin', () => {
	const css = readFileSync(join(uiDir, 'app.css'), 'utf8');
	if (/url\(|@import/.test(css))
		return 'app.css loads a resource';
	const js = ['app.js', 'qr.js', 'sw.js'].map((f) => readFileSync(join(uiDir, f), 'utf8')).join('\n');
	const urls = [...js.matchAll(/["'`](https?:\/\/[^"'`]+)/g)].map((m) => m[1])
		.filter((u) => !/^http:\/\/www\.w3\.org\//.test(u));
	return urls.length ? urls.join(', ') : null;
});

check('every action the server writes to the audit log has a name (tools/audit-actions.mjs)', () => {
	const acts = auditActions(top);
	if (acts.length < 40 || !acts.includes('login_failed') || !acts.includes('consent'))
		return `only ${acts.length} actions found: the extraction is broken`;
	return missing(acts.map((a) => 'audit.action.' + a));
});

const csv = (f) => readFileSync(join(top, 'data', f), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[0] + ',' + l.split(',')[1]);

check('every authority and level code of data/ has a name (the nomination page, tCode)', () => {
	const auths = csv('authorities.csv').map((l) => l.split(',')[0]);
	const levels = csv('levels.csv').map((l) => l.split(',')[1]);
	if (auths.length < 10 || levels.length < 30)
		return `only ${auths.length} authorities and ${levels.length} levels read`;
	return missing(new Set([...auths.map((a) => 'file.authority.' + a), ...levels.map((l) => 'level.' + l)]));
});

check('a nomination offers the employer\'s authorities and levels (levels.js)', () => {
	const L = (authority, ...lv) => ({ authority, levels: lv.map(([level, rank]) => ({ level, rank })) });
	const auths = [L('JPN-SDS', ['TOKUTEI_HIMITSU', 3]), L('JPN-CESI', ['JUYO_KEIZAI_ANPO', 2]),
		L('JPN-MOD', ['HI', 2], ['KIMITSU', 4], ['GOKUHI', 3]), L('USA', ['SECRET', 3])];
	const now = Date.parse('2026-06-01T00:00:00Z');
	const show = (r) => r.map((a) => a.authority + ':' + a.levels.map((l) => l.level).join('/')).join(' ');
	const ap = (authority, level, from, until) => ({ authority, level, valid_from: from, valid_until: until });
	const cases = [
		[{ type: 'government' }, null, 'JPN-SDS:TOKUTEI_HIMITSU JPN-CESI:JUYO_KEIZAI_ANPO'],
		[{ type: 'contractor' }, null, 'JPN-SDS:TOKUTEI_HIMITSU JPN-CESI:JUYO_KEIZAI_ANPO'],
		[{ type: 'screening' }, null, ''],
		[{ type: 'contractor' }, [], ''],
		/* Rank at least the level's, in force now (valid_until exclusive), under the same authority. */
		[{ type: 'research' }, [ap('JPN-MOD', 'GOKUHI', '2025-01-01', '2027-01-01'), ap('JPN-SDS', 'TOKUTEI_HIMITSU', '2020-01-01', '2026-06-01'),
			ap('USA', 'SECRET', '2026-07-01', null)], 'JPN-MOD:GOKUHI/HI'],
		[{ type: 'contractor' }, [ap('JPN-CESI', 'JUYO_KEIZAI_ANPO', '2025-05-16T00:00:00Z', null)], 'JPN-CESI:JUYO_KEIZAI_ANPO'],
	];
	const bad = cases.map(([org, appr, want]) => [org.type, appr, show(offered(auths, org, appr, now)), want])
		.filter(([, , got, want]) => got !== want);
	return bad.length ? bad.map(([ty, appr, got, want]) => `${ty} ${JSON.stringify(appr)}: ${got}, not ${want}`).join('; ') : null;
});

// The server's messages in Japanese (ui/src/srvmsg.js).
const SRV = join(src, 'i18n', 'server');

check('the list of the server\'s messages is up to date (tools/server-messages.mjs --check)', () => {
	const r = spawnSync(process.execPath, [join(top, 'tools', 'server-messages.mjs'), '--check'], { encoding: 'utf8' });
	return r.status === 0 ? null : (r.stderr || r.stdout).trim().replace(/\n/g, '; ');
});

const srvMsgs = JSON.parse(readFileSync(join(SRV, 'messages.json'), 'utf8'));
const srvJa = JSON.parse(readFileSync(join(SRV, 'ja.json'), 'utf8'));

check('every message of the server has a Japanese translation with the same conversions', () => {
	if (srvMsgs.length < 100)
		return `only ${srvMsgs.length} messages: the extraction is broken`;
	const bad = [];
	for (const m of srvMsgs) {
		const tr = srvJa[m];
		if (typeof tr !== 'string' || tr.trim() === '') {
			bad.push(`no translation: ${JSON.stringify(m)}`);
			continue;
		}
		const en = specs(m);
		const ja = specs(tr);
		const numbered = ja.filter((x) => x.n).length;
		let ok;
		if (numbered === 0) {
			// In order: the same conversions, one for one.
			ok = en.length === ja.length && en.every((x, i) => x.conv === ja[i].conv);
		} else {
			// Numbered (%2$s): any order, each one names an argument of
			// the same kind; only a string (an English plural ending,
			// say) may be left out, never a number.
			ok = numbered === ja.length && ja.every((x) => en[x.n - 1] && en[x.n - 1].conv === x.conv) &&
				en.every((x, i) => x.conv === 's' || ja.some((y) => y.n === i + 1));
		}
		if (!ok)
			bad.push(`conversions differ: ${JSON.stringify(m)} -> ${JSON.stringify(tr)}`);
	}
	return bad.length ? bad.join('; ') : null;
});

check('no Japanese translation is left for a message the server no longer has', () => {
	const have = new Set(srvMsgs);
	const stray = Object.keys(srvJa).filter((k) => !have.has(k));
	return stray.length ? 'stray: ' + stray.map((k) => JSON.stringify(k)).join(', ') : null;
});

check('the matcher turns a message of the server into its translation', () => {
	const table = {
		'no %s "%s"': '%s「%s」はありません。',
		'no person "%s"': '人物「%s」はありません。',
		'"%s" has an open case under %s (%s)': '「%s」には %s の制度で処理中の審査案件があります（%s）。',
		'must be at most %d bytes': '%d バイト以内にしてください。',
		'is not a day of that month (%04d-%02d has %d days)': 'その月にない日付です（%04d-%02d は %d 日までです）。',
		'must hold at least %zu entr%s': '%1$zu 件以上記入してください。',
		'the %s role may not %s': '%2$s は %1$s の役割ではできません。',
		'holds "%%%.2s": neither a byte escape nor allowed (%%00)': '「%%%.2s」は使えません（%%00）。',
		'this person already exists': 'この人物はすでに存在します。',
	};
	const cases = [
		['no person "p16"', '人物「p16」はありません。'],
		['no item "x.1"', 'item「x.1」はありません。'],
		['"p16" has an open case under JPN-SDS (c-7)', '「p16」には JPN-SDS の制度で処理中の審査案件があります（c-7）。'],
		['must be at most 64 bytes', '64 バイト以内にしてください。'],
		['must be at most -1 bytes', '-1 バイト以内にしてください。'],
		['must be at most many bytes', 'must be at most many bytes'],
		['is not a day of that month (2025-02 has 28 days)', 'その月にない日付です（2025-02 は 28 日までです）。'],
		['must hold at least 2 entries', '2 件以上記入してください。'],
		['the auditor role may not read this', 'read this は auditor の役割ではできません。'],
		['holds "%zz": neither a byte escape nor allowed (%00)', '「%zz」は使えません（%00）。'],
		['this person already exists', 'この人物はすでに存在します。'],
		['something the server never says', 'something the server never says'],
		['', ''],
	];
	const bad = cases.filter(([m, want]) => translate(m, table) !== want)
		.map(([m, want]) => `${JSON.stringify(m)} gave ${JSON.stringify(translate(m, table))}, not ${JSON.stringify(want)}`);
	if (translate('the admin role may not call GET /v1/x', { 'the %s role may not call %s %s': '%s: %s %s' },
		(v) => v.toUpperCase()) !== 'ADMIN: GET /V1/X')
		bad.push('word() is not applied to the arguments');
	// The real table: a message with two strings and one with a number.
	for (const [m, want] of [
		['"p16" is not a person of the account\'s organization (org-a)', '「p16」はこのアカウントの組織（org-a）の人物ではありません。'],
		['too many failed sign-ins; try again in 300 seconds', 'サインインの失敗が多すぎます。300 秒後にもう一度お試しください。'],
	])
		if (translate(m, srvJa) !== want)
			bad.push(`ja.json: ${JSON.stringify(m)} gave ${JSON.stringify(translate(m, srvJa))}`);
	return bad.length ? bad.join('; ') : null;
});

check('the countries of the UI are those of the server, each with an alpha-2 code (tools/gen-countries.mjs)', () => {
	const c = readFileSync(join(top, 'src', 'core', 'country.c'), 'utf8');
	const server = [...c.matchAll(/^\s+"([A-Z]{3})",$/gm)].map((m) => m[1]).join(' ');
	const ui = Object.keys(ALPHA2).join(' ');
	if (ui !== server)
		return 'ui/src/countries.js differs from src/core/country.c: run node tools/gen-countries.mjs';
	const bad = Object.entries(ALPHA2).filter(([, a2]) => !/^[A-Z]{2}$/.test(a2));
	return bad.length ? 'not alpha-2: ' + bad.join(', ') : null;
});

console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
