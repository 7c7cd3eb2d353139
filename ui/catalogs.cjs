// SPDX-License-Identifier: Apache-2.0
// catalogs.cjs - the message catalogs of the web UI, one folder per
// language (ui/src/i18n/en/, ui/src/i18n/ja/), one JSON file per area of
// the UI (common.json, and one per group of pages), merged into one
// object per language.  A key defined in two files of one language is an
// error: each area owns its keys.  Used by ui/build.mjs (bundled into the
// app as the module 'scs:catalogs'), tests/ui/run.mjs and the browser
// tests, so all three read the same messages.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const DIR = path.join(__dirname, 'src', 'i18n');
/* i18n/server/: the server's messages and their translations (srvmsg.js), not a language. */
const SERVER = 'server';

/** {en: {key: message}, ja: {...}}; throws on a duplicate key or bad JSON. */
function loadCatalogs(dir) {
	const root = dir || DIR;
	const out = {};
	for (const lang of fs.readdirSync(root).sort()) {
		const ldir = path.join(root, lang);
		if (lang === SERVER || !fs.statSync(ldir).isDirectory())
			continue;
		const cat = {};
		const from = {};
		for (const f of fs.readdirSync(ldir).filter((x) => x.endsWith('.json')).sort()) {
			const file = path.join(ldir, f);
			let obj;
			try {
				obj = JSON.parse(fs.readFileSync(file, 'utf8'));
			} catch (e) {
				throw new Error(`${file}: ${e.message}`);
			}
			for (const [k, v] of Object.entries(obj)) {
				if (k in cat)
					throw new Error(`${lang}: key ${k} in both ${from[k]} and ${f}`);
				cat[k] = v;
				from[k] = f;
			}
		}
		out[lang] = cat;
	}
	return out;
}

/** The files of every language, for a build's list of inputs. */
function catalogFiles(dir) {
	const root = dir || DIR;
	return fs.readdirSync(root).flatMap((lang) => {
		const ldir = path.join(root, lang);
		return lang !== SERVER && fs.statSync(ldir).isDirectory() ?
			fs.readdirSync(ldir).filter((x) => x.endsWith('.json')).map((f) => path.join(ldir, f)) : [];
	});
}

module.exports = { loadCatalogs, catalogFiles, DIR };
