#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// server-messages.mjs [--check] - the list of the server's refusal
// messages, for the web UI to show them in Japanese.
//
// Reads every scs_err_set(err, CODE, field, "format", ...) call in
// src/**/*.c (the format's string literals may be split over lines and
// concatenated, with C escapes) and writes ui/src/i18n/server/messages.json:
// the sorted, distinct formats whose CODE is one a person can meet in the
// UI: every code of src/util/err.c's table with a 4xx HTTP status, and
// SCS_EBUSY.  A call whose code is not a constant counts when any SCS_E…
// constant it names is such a code (rc == SCS_ENOMEM ? SCS_ENOMEM :
// SCS_EINVAL), or when it names none (a variable rc: it may be one).  A
// conditional format ("a" : "b") gives both; a string macro (#define
// BAD_CODE "…" in the same file) is expanded.  A format with no letters
// but its conversions ("%s": a message made elsewhere, passed on) is
// left out: it has nothing to translate.  The problems of a subject's
// answers to a questionnaire (add_err in src/core/questionnaire.c) are
// read too: the subject sees each of them.
//
// ui/src/i18n/server/ja.json holds the Japanese of every format
// ({"English format": "Japanese format"}, the same conversions in the same
// order, or numbered %1$s); ui/src/srvmsg.js matches a message against
// the formats and shows the Japanese.  A DEVELOPER WHO ADDS OR CHANGES AN
// scs_err_set MESSAGE must run this tool and add the message's
// translation to ja.json: tests/ui/run.mjs fails otherwise (it runs
// --check, and checks that every format has a translation with the same
// conversions and that no translation is left for a format that is gone).
//
// --check: write nothing; exit 1 naming what differs when the committed
// list is not what the sources say.  Plain Node, no packages.
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(top, 'ui', 'src', 'i18n', 'server', 'messages.json');

function files(dir) {
	return readdirSync(dir).sort().flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? files(p) : p.endsWith('.c') ? [p] : [];
	});
}

const ESC = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** The value of a C string literal's body (between its quotes). */
function unescape(body) {
	return body.replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)/g, (m, e) => {
		if (e[0] === 'x')
			return String.fromCharCode(parseInt(e.slice(1), 16));
		if (/^[0-7]/.test(e))
			return String.fromCharCode(parseInt(e, 8));
		return e in ESC ? ESC[e] : e;
	});
}

/** C source to tokens: {t: 'str'|'id'|'punct'|'other', v}; comments dropped. */
function tokens(s) {
	const out = [];
	const re = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|"((?:[^"\\\n]|\\.)*)"|'(?:[^'\\\n]|\\.)*'|([A-Za-z_]\w*)|(\s+)|([(),])|(.)/g;
	let m;
	while ((m = re.exec(s)) !== null) {
		if (m[0].startsWith('/*') || m[0].startsWith('//') || m[3] !== undefined)
			continue;
		if (m[1] !== undefined)
			out.push({ t: 'str', v: unescape(m[1]), at: m.index });
		else if (m[2] !== undefined)
			out.push({ t: 'id', v: m[2], at: m.index });
		else if (m[4] !== undefined)
			out.push({ t: 'punct', v: m[4], at: m.index });
		else
			out.push({ t: 'other', v: m[0], at: m.index });
	}
	return out;
}

/** The HTTP status of each SCS_E… code, from err.c's table. */
function statuses() {
	const s = readFileSync(join(top, 'src', 'util', 'err.c'), 'utf8');
	const out = {};
	for (const m of s.matchAll(/\[(SCS_\w+)\]\s*=\s*\{\s*"[a-z_]+"\s*,\s*(\d+)\s*\}/g))
		out[m[1]] = Number(m[2]);
	if (Object.keys(out).length < 10)
		throw new Error('src/util/err.c: the table of codes was not found');
	return out;
}

// The functions that set a refusal: scs_err_set itself (code: the index
// of its code argument; fmt: of its format), and add_err, which reports
// a problem in a subject's answers to a questionnaire (every problem is
// listed to the subject, and the first is the refusal's message).
const SETTERS = [
	{ name: 'scs_err_set', code: 1, fmt: 3 },
	{ name: 'add_err', file: 'src/core/questionnaire.c', codes: ['SCS_EINVAL'], fmt: 2 },
];

/** The object-like macros of file text that are string literals. */
function stringMacros(src) {
	const out = {};
	for (const m of src.replace(/\\\n/g, ' ').matchAll(/^#define[ \t]+([A-Za-z_]\w*)[ \t]+(".*)$/gm)) {
		const tk = tokens(m[2]);
		if (tk.every((x) => x.t === 'str'))
			out[m[1]] = tk.map((x) => x.v).join('');
	}
	return out;
}

/**
 * The formats of a format argument: its adjacent string literals (and
 * string macros) joined; both branches of a conditional ("a" : "b").
 * [] when some part is neither.
 */
function formatsOf(arg, macros) {
	const out = [];
	let cur = null;
	for (const x of arg) {
		if (x.t === 'str' || (x.t === 'id' && x.v in macros)) {
			cur = (cur || '') + (x.t === 'str' ? x.v : macros[x.v]);
			continue;
		}
		if (cur !== null)
			out.push(cur);
		cur = null;
		if (x.t === 'other' && (x.v === '?' || x.v === ':'))
			continue;
		if (!arg.some((y) => y.v === '?'))
			return [];
	}
	if (cur !== null)
		out.push(cur);
	return out;
}

/** Every call: {file, line, codes: [...], formats: [...]} (formats [] when not literal). */
export function calls() {
	const out = [];
	for (const f of files(join(top, 'src'))) {
		const src = readFileSync(f, 'utf8');
		const rel = relative(top, f);
		const setters = SETTERS.filter((w) => (!w.file || w.file === rel) && src.includes(w.name));
		if (!setters.length)
			continue;
		const tk = tokens(src);
		const macros = stringMacros(src);
		for (let i = 0; i < tk.length; i++) {
			const w = setters.find((x) => x.name === tk[i].v);
			if (!w || tk[i].t !== 'id' || !tk[i + 1] || tk[i + 1].v !== '(')
				continue;
			const args = [[]];
			let depth = 0;
			let j = i + 2;
			for (; j < tk.length; j++) {
				const x = tk[j];
				if (x.t === 'punct' && x.v === '(')
					depth++;
				else if (x.t === 'punct' && x.v === ')') {
					if (depth === 0)
						break;
					depth--;
				} else if (x.t === 'punct' && x.v === ',' && depth === 0) {
					args.push([]);
					continue;
				}
				args[args.length - 1].push(x);
			}
			// A definition or declaration: "struct scs_err *err, ...".
			if (args[0].some((x) => x.v === 'struct'))
				continue;
			// A macro passing its arguments on: BAD(err, field, ...).
			if ((args[w.fmt] || []).some((x) => x.v === '__VA_ARGS__'))
				continue;
			out.push({
				file: rel,
				line: src.slice(0, tk[i].at).split('\n').length,
				codes: w.codes || (args[w.code] || []).filter((x) => x.t === 'id' && /^SCS_E/.test(x.v)).map((x) => x.v),
				formats: formatsOf(args[w.fmt] || [], macros),
			});
			i = j;
		}
	}
	return out;
}

/** The sorted distinct formats a person can meet in the UI. */
export function messages() {
	const st = statuses();
	const shown = (c) => (st[c] >= 400 && st[c] < 500) || c === 'SCS_EBUSY';
	const set = new Set();
	for (const c of calls()) {
		if (!c.formats.length)
			throw new Error(`${c.file}:${c.line}: a format that is not a string literal`);
		if (c.codes.length && !c.codes.some(shown))
			continue;
		for (const f of c.formats)
			if (/[A-Za-z]/.test(f.replace(/%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t)?[diouxXsc]/g, '')))
				set.add(f);
	}
	return [...set].sort();
}

function main() {
	const want = messages();
	const text = JSON.stringify(want, null, '\t') + '\n';
	if (process.argv.includes('--check')) {
		let have;
		try {
			have = JSON.parse(readFileSync(OUT, 'utf8'));
		} catch (e) {
			console.error(`${relative(top, OUT)}: ${e.message}`);
			process.exit(1);
		}
		const h = new Set(have);
		const w = new Set(want);
		const added = want.filter((m) => !h.has(m));
		const gone = have.filter((m) => !w.has(m));
		if (added.length || gone.length || readFileSync(OUT, 'utf8') !== text) {
			console.error(`${relative(top, OUT)} is stale: run node tools/server-messages.mjs` +
				' and translate what is new in ui/src/i18n/server/ja.json');
			for (const m of added)
				console.error(`  new in the sources: ${JSON.stringify(m)}`);
			for (const m of gone)
				console.error(`  no longer in the sources: ${JSON.stringify(m)}`);
			process.exit(1);
		}
		console.log(`${relative(top, OUT)}: ${want.length} messages, up to date`);
		return;
	}
	mkdirSync(dirname(OUT), { recursive: true });
	writeFileSync(OUT, text);
	console.log(`${relative(top, OUT)}: ${want.length} messages`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
	main();
