// SPDX-License-Identifier: Apache-2.0
// build.mjs OUTDIR - bundle the web UI of SCS into OUTDIR (the Makefile
// passes build/gen/ui): index.html (no inline script or style, for the
// server's CSP), app.js (src/main.js and everything it imports: preact,
// htm, the catalogs), app.css, qr.js (the verifier page's QR reader, a
// worker with jsQR, loaded only there), sw.js (the verifier page's
// service worker, for use offline), and a gzip copy of each for the
// server to send when the browser accepts it.  Prints each file's size raw and
// compressed and the compressed total, which must stay under 300 KB
// (tests/ui/run.mjs checks it too).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import catalogs from './catalogs.cjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, '..', 'build', 'gen', 'ui'));
const LIMIT = 300 * 1024;

mkdirSync(out, { recursive: true });

// 'scs:catalogs' is every language's catalog, merged from its files
// (ui/catalogs.cjs: one file per area, a key defined twice is an error).
const catalogPlugin = {
	name: 'scs-catalogs',
	setup(b) {
		b.onResolve({ filter: /^scs:catalogs$/ }, () => ({ path: 'catalogs', namespace: 'scs' }));
		b.onLoad({ filter: /.*/, namespace: 'scs' }, () => ({
			contents: JSON.stringify(catalogs.loadCatalogs()),
			loader: 'json',
			watchFiles: catalogs.catalogFiles(),
		}));
	},
};

await build({
	entryPoints: { app: join(here, 'src', 'main.js') },
	bundle: true,
	minify: true,
	format: 'iife',
	target: ['chrome120', 'firefox115'],
	outdir: out,
	legalComments: 'none',
	charset: 'utf8',
	logLevel: 'warning',
	define: { 'process.env.NODE_ENV': '"production"' },
	plugins: [catalogPlugin],
});
/* Two scripts of their own: the QR reader's worker and the service worker. */
await build({
	entryPoints: { qr: join(here, 'src', 'attest', 'qr-worker.js'), sw: join(here, 'src', 'sw.js') },
	bundle: true,
	minify: true,
	format: 'iife',
	target: ['chrome120', 'firefox115'],
	outdir: out,
	legalComments: 'none',
	charset: 'utf8',
	logLevel: 'warning',
});
await build({
	entryPoints: { app: join(here, 'src', 'app.css') },
	bundle: true,
	minify: true,
	outdir: out,
	target: ['chrome120', 'firefox115'],
	logLevel: 'warning',
});

// The page the server sends for / and every client-side route: the app
// fills <main>; the noscript text is in both languages.
const index = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>SCS</title>
<link rel="stylesheet" href="/ui/app.css">
<script src="/ui/app.js" defer></script>
</head>
<body>
<div id="app"><noscript>SCS needs JavaScript. / SCS には JavaScript が必要です。</noscript></div>
</body>
</html>
`;
writeFileSync(join(out, 'index.html'), index);

let total = 0;
for (const name of ['index.html', 'app.js', 'app.css', 'qr.js', 'sw.js']) {
	const raw = readFileSync(join(out, name));
	const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
	writeFileSync(join(out, name + '.gz'), gz);
	total += gz.length;
	console.log(`  UI      ${name.padEnd(11)} ${String(raw.length).padStart(7)} B, gzip ${String(gz.length).padStart(6)} B`);
}
console.log(`  UI      total gzip ${total} B (limit ${LIMIT} B)`);
if (total > LIMIT) {
	console.error(`ui: compressed assets ${total} B exceed ${LIMIT} B`);
	process.exit(1);
}
