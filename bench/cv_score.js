// SPDX-License-Identifier: Apache-2.0
//
// cv_score.js - scores the output of `scs cv match FEED` against the
// truth bench/cvgen.c wrote for that feed (node 20, no dependencies).
//
//   node bench/cv_score.js TRUTH.jsonl MATCH_OUTPUT.jsonl
//
// Both files hold one line per feed record, in feed order: the truth
// {"record", "person" (or null), "class", "noise": [tags]}, the matcher's
// {"record", "person" (or null), "score", "decision": "link" | "review" |
// "none", "weights"}.  Prints the counts, the precision of links (links to
// the true person / links), the recall (true matches whose record was
// linked or sent to review with the true person / true matches), the
// review share (reviews / records), the false links by truth class and by
// noise tag, the misses by noise tag, and last a machine-readable line
//
//   cvscore precision=0.9987 recall=0.9931 review_share=0.0123 links=N reviews=N
//
// (precision 1 when there is no link, recall 1 when there is no true
// match).  A malformed line, or records not the same in the same order,
// ends it with "FILE:LINE: reason" and exit status 1.
'use strict';

const fs = require('fs');

const CLASSES = ['match', 'random', 'namesake', 'homophone', 'lookalike',
	'othergiven'];
const DECISIONS = ['link', 'review', 'none'];

function fail(file, line, reason) {
	process.stderr.write(`${file}:${line}: ${reason}\n`);
	process.exit(1);
}

// The lines of FILE as objects, each checked by CHECK(obj, fail).
function readLines(file, check) {
	let text;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (e) {
		process.stderr.write(`${file}: ${e.message}\n`);
		process.exit(1);
	}
	const lines = text.split('\n');
	if (lines.length > 0 && lines[lines.length - 1] === '')
		lines.pop();
	return lines.map((line, i) => {
		const at = (reason) => fail(file, i + 1, reason);
		let o;
		if (line.endsWith('\r'))
			line = line.slice(0, -1);
		if (line === '')
			at('empty line');
		try {
			o = JSON.parse(line);
		} catch (e) {
			at(`not valid JSON (${e.message})`);
		}
		if (o === null || typeof o !== 'object' || Array.isArray(o))
			at('not a JSON object');
		check(o, at);
		return o;
	});
}

function isId(v) {
	return typeof v === 'string' && v.length > 0;
}

function checkTruth(o, at) {
	if (!isId(o.record))
		at('record: not a non-empty string');
	if (o.person !== null && !isId(o.person))
		at('person: neither null nor a non-empty string');
	if (!CLASSES.includes(o.class))
		at(`class: not one of ${CLASSES.join(', ')}`);
	if ((o.class === 'match') !== (o.person !== null))
		at('class: "match" exactly when person is not null');
	if (!Array.isArray(o.noise) || !o.noise.every((t) => isId(t)))
		at('noise: not an array of strings');
}

function checkMatch(o, at) {
	if (!isId(o.record))
		at('record: not a non-empty string');
	if (o.person !== null && !isId(o.person))
		at('person: neither null nor a non-empty string');
	if (!DECISIONS.includes(o.decision))
		at(`decision: not one of ${DECISIONS.join(', ')}`);
	if (o.decision !== 'none' && o.person === null)
		at(`decision: "${o.decision}" names no person`);
	if ('score' in o && (typeof o.score !== 'number' || !isFinite(o.score)))
		at('score: not a number');
}

function ratio(n, d, empty) {
	return d === 0 ? empty : n / d;
}

function fmt(x) {
	return x.toFixed(4);
}

// "  key  count" lines, largest count first, then by key.
function table(title, counts, total) {
	const keys = Object.keys(counts).sort((a, b) =>
		counts[b] - counts[a] || (a < b ? -1 : a > b ? 1 : 0));
	console.log(`${title}:`);
	if (keys.length === 0)
		console.log('  (none)');
	for (const k of keys) {
		let line = `  ${k.padEnd(22)} ${String(counts[k]).padStart(8)}`;
		if (total && total[k])
			line += `  of ${total[k]} (${fmt(counts[k] / total[k])})`;
		console.log(line);
	}
}

function bump(counts, key) {
	counts[key] = (counts[key] || 0) + 1;
}

function main() {
	const args = process.argv.slice(2);
	if (args.length !== 2) {
		process.stderr.write(
			'usage: node bench/cv_score.js TRUTH.jsonl MATCH_OUTPUT.jsonl\n');
		process.exit(2);
	}
	const [truthFile, matchFile] = args;
	const truth = readLines(truthFile, checkTruth);
	const match = readLines(matchFile, checkMatch);

	for (let i = 0; i < Math.min(truth.length, match.length); i++)
		if (truth[i].record !== match[i].record)
			fail(matchFile, i + 1, `record "${match[i].record}", ` +
				`but line ${i + 1} of ${truthFile} is "${truth[i].record}"`);
	if (truth.length !== match.length)
		fail(matchFile, Math.min(truth.length, match.length) + 1,
			`${match.length} records, ${truthFile} has ${truth.length}`);

	let trueMatches = 0, links = 0, reviews = 0, goodLinks = 0, found = 0;
	const byClass = {};
	const falseByClass = {}, falseByTag = {}, missByTag = {}, tagMatches = {};
	for (const c of CLASSES)
		byClass[c] = {records: 0, link: 0, review: 0, none: 0};
	for (let i = 0; i < truth.length; i++) {
		const t = truth[i], m = match[i];
		const row = byClass[t.class];
		row.records++;
		row[m.decision]++;
		if (t.person !== null) {
			trueMatches++;
			for (const tag of t.noise)
				bump(tagMatches, tag);
		}
		if (m.decision === 'link') {
			links++;
			if (m.person === t.person) {
				goodLinks++;
			} else {
				bump(falseByClass, t.class === 'match'
					? 'match (other person)' : t.class);
				for (const tag of t.noise)
					bump(falseByTag, tag);
				if (t.noise.length === 0)
					bump(falseByTag, '(no noise)');
			}
		} else if (m.decision === 'review') {
			reviews++;
		}
		if (t.person !== null) {
			if (m.decision !== 'none' && m.person === t.person) {
				found++;
			} else {
				for (const tag of t.noise)
					bump(missByTag, tag);
				if (t.noise.length === 0)
					bump(missByTag, '(no noise)');
			}
		}
	}
	if (trueMatches > 0)
		tagMatches['(no noise)'] = truth.filter((t) =>
			t.person !== null && t.noise.length === 0).length;

	const precision = ratio(goodLinks, links, 1);
	const recall = ratio(found, trueMatches, 1);
	const reviewShare = ratio(reviews, truth.length, 0);

	console.log(`records        ${truth.length}`);
	console.log(`true matches   ${trueMatches}`);
	console.log(`links          ${links} (${goodLinks} to the true person)`);
	console.log(`reviews        ${reviews}`);
	console.log(`precision      ${fmt(precision)}  links to the true person / links`);
	console.log(`recall         ${fmt(recall)}  true matches linked or reviewed with the true person / true matches`);
	console.log(`review share   ${fmt(reviewShare)}  reviews / records`);
	console.log('');
	console.log('decisions by truth class:');
	console.log(`  ${'class'.padEnd(22)} ${'records'.padStart(8)} ` +
		`${'link'.padStart(8)} ${'review'.padStart(8)} ${'none'.padStart(8)}`);
	for (const c of CLASSES) {
		const r = byClass[c];
		console.log(`  ${c.padEnd(22)} ${String(r.records).padStart(8)} ` +
			`${String(r.link).padStart(8)} ${String(r.review).padStart(8)} ` +
			`${String(r.none).padStart(8)}`);
	}
	console.log('');
	table('false links by truth class', falseByClass);
	table('false links by noise tag', falseByTag);
	table('misses by noise tag (of the true matches with the tag)',
		missByTag, tagMatches);
	console.log(`cvscore precision=${fmt(precision)} recall=${fmt(recall)} ` +
		`review_share=${fmt(reviewShare)} links=${links} reviews=${reviews}`);
}

main();
