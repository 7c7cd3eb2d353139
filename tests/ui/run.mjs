#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// run.mjs UI_DIR - checks of the web UI that need no browser: the two
// message catalogs hold the same keys; every key the sources name (t('…')
// and the page table's names) and every code the server can send (roles,
// decision reasons, case states and outcomes, phases: read from
// docs/openapi.json and docs/access-decision.md) has a message in both;
// the catalogs' files of each language define no key twice; the built assets in UI_DIR (default build/gen/ui) stay under 300 KB
// compressed, index.html has no inline script or style, and no source sets
// a style attribute (the server's CSP would refuse it).  Plain Node, no
// packages; prints "ok - NAME" or "not ok - NAME: WHY" per check and
// "N passed, M failed" last.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import catalogs from '../../ui/catalogs.cjs';

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
	const want = ['index.html', 'app.js', 'app.css'].flatMap((f) => [f, f + '.gz']);
	const no = want.filter((f) => !existsSync(join(uiDir, f)));
	return no.length ? `missing in ${uiDir}: ${no.join(', ')}` : null;
});

check('compressed assets total at most 300 KB', () => {
	const total = ['index.html', 'app.js', 'app.css'].reduce((s, f) => s + statSync(join(uiDir, f + '.gz')).size, 0);
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

check('app.js and app.css fetch nothing from another origin', () => {
	const css = readFileSync(join(uiDir, 'app.css'), 'utf8');
	if (/url\(|@import/.test(css))
		return 'app.css loads a resource';
	const js = readFileSync(join(uiDir, 'app.js'), 'utf8');
	const urls = [...js.matchAll(/["'`](https?:\/\/[^"'`]+)/g)].map((m) => m[1])
		.filter((u) => !/^http:\/\/www\.w3\.org\//.test(u));
	return urls.length ? urls.join(', ') : null;
});

console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
