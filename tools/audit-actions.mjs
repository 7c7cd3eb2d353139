#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// audit-actions.mjs - every action the server can write to the audit log,
// read from the C sources (src/): the action argument of scs_op_audit(),
// scs_op_audit_sealed() and their wrappers (scs_op_put, put, pkey_put, write_rec,
// item_change, fill), an `action = "…"` variable, the "<what>_failed" and
// "<what>_locked" of login_failed(), and the case events
// (scs_case_event_codes, written by a case's moves).  Run alone it prints
// them, one a line; tests/ui/run.mjs checks each has a name in both
// catalogs (audit.action.CODE).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function cfiles(dir) {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? cfiles(p) : p.endsWith('.c') ? [p] : [];
	});
}

const literals = (s) => [...s.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);

/* The argument (up to its comma) that holds the action, per call. */
const CALLS = [
	/\bscs_op_audit(?:_sealed)?\(\s*[^,]+,\s*([^,]+),/g,
	/\b(?:put|pkey_put|write_rec)\(\s*c,\s*[^,]+,\s*[^,]+,\s*([^,]+),/g,
	/\bscs_op_put\(\s*c,\s*[^,]+,\s*[^,]+,\s*([^,]+),/g,
	/\b(?:fill|item_change)\(\s*c,\s*[^,]+,\s*([^,]+),/g,
	/\baction = ("[a-z_]+")/g,
];

/** The sorted action codes, and the files read. */
export function auditActions(root = top) {
	const out = new Set();
	const files = cfiles(join(root, 'src'));
	for (const f of files) {
		const s = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
		for (const re of CALLS)
			for (const m of s.matchAll(re))
				literals(m[1]).forEach((a) => out.add(a));
		for (const m of s.matchAll(/\blogin_failed\(\s*c,\s*"([a-z_]+)"/g))
			['failed', 'locked'].forEach((x) => out.add(m[1] + '_' + x));
		const ev = s.match(/scs_case_event_codes\[SCS_EV_N\]\s*=\s*\{([^}]*)\}/);
		if (ev)
			literals(ev[1]).forEach((a) => out.add(a));
	}
	return [...out].sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
	console.log(auditActions().join('\n'));
