#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
//
// run.js - the browser tests of the SCS web UI.  Usage:
//
//     node tests/browser/run.js /abs/path/to/scs [SUITE...]
//
// harness.js starts a fresh register, a real `scs serve` and Debian's
// Chromium; then every suite of tests/browser/suites/ runs in the order of
// its name (NN-area.js: module.exports = async (h) => { await h.test(…) }),
// or only the suites named (their file names, with or without .js).
// SCS_BROWSER_ONLY=REGEX runs only the tests whose names match.  Prints
// "ok - NAME" or "not ok - NAME: WHY (FILE:LINE)" per test and
// "N passed, M failed, K skipped" last.  See tests/browser/README.md.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.js');

const SUITES = path.join(__dirname, 'suites');

function suites(names) {
	const all = fs.readdirSync(SUITES).filter((f) => /^\d+-[\w-]+\.js$/.test(f)).sort();
	if (!names.length)
		return all;
	const want = names.map((n) => (n.endsWith('.js') ? n : n + '.js'));
	const unknown = want.filter((n) => !all.includes(n));
	if (unknown.length)
		throw new Error('no suite ' + unknown.join(', ') + ' (have ' + all.join(', ') + ')');
	return all.filter((f) => want.includes(f));
}

function finish(code) {
	const c = h.counts();
	console.log(`${c.pass} passed, ${c.fail} failed, ${c.skip} skipped`);
	process.exit(code);
}

const guard = setTimeout(() => {
	h.notOk('global limit', `not done after ${h.GLOBAL_TIMEOUT_MS / 1000} s`);
	h.stop().finally(() => finish(1));
}, h.GLOBAL_TIMEOUT_MS);

async function main() {
	const list = suites(process.argv.slice(3));
	await h.start(process.argv[2]);
	for (const f of list) {
		const t0 = Date.now();
		console.log(`# ${f}`);
		await require(path.join(SUITES, f))(h);
		console.log(`# ${f}: ${Math.round((Date.now() - t0) / 1000)} s`);
	}
}

main().catch((e) => h.notOk('runner', e && e.stack ? e.stack : e)).finally(async () => {
	clearTimeout(guard);
	await h.stop();
	finish(h.counts().fail ? 1 : 0);
});
