'use strict';
// SPDX-License-Identifier: Apache-2.0
// Compare SCS's JSON answers with decide.c's (one reason byte per query).
//   node answers.js lines OUT.jsonl DECIDE_ANSWERS
//       the output of `scs check --batch`, line by line
//   node answers.js http URL KEY QUERIES DECIDE_ANSWERS SINGLE BATCH
//       POST /v1/decisions: the first SINGLE queries one per request, then
//       the first 10*BATCH queries as 10 arrays of BATCH
// Prints "RESULT engine=... answers=same|DIFFERENT mismatches=N".
const fs = require('fs');

// enum scs_reason, by its stable numbers (include/scs/index.h)
const REASONS = ['', 'not_classified', 'unknown_item', 'unknown_subject', 'suspended',
  'not_cleared', 'expired', 'level', 'compartment', 'releasability', 'need_to_know',
  'organization'];

function code(a) {
  if (typeof a.allow !== 'boolean') return -1;
  if (a.allow) return a.reason === undefined ? 0 : a.reason === 'not_classified' ? 1 : -1;
  return REASONS.indexOf(a.reason);
}

function report(engine, got, expected, queries) {
  let diff = 0;
  for (let k = 0; k < got.length; k++) {
    const a = got[k];
    const q = queries ? queries[k] : null;
    const ok = code(a) === expected[k] && (!q || (a.subject === q.subject && a.item === q.item));
    if (!ok) {
      if (diff < 10) {
        console.log(`MISMATCH ${engine} answer ${k + 1}: ${JSON.stringify(a)} ` +
          `decide=${REASONS[expected[k]] || 'allow'}`);
      }
      diff++;
    }
  }
  console.log(`RESULT engine=${engine} answered=${got.length} ` +
    `answers=${diff === 0 ? 'same' : 'DIFFERENT'} mismatches=${diff}`);
  return diff;
}

function readLines(file, limit) {
  const text = fs.readFileSync(file, 'utf8');
  const out = [];
  let start = 0;
  while (start < text.length && out.length < limit) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) out.push(text.slice(start, end));
    start = end + 1;
  }
  return out;
}

async function http(url, key, queriesFile, answers, single, batch) {
  const expected = fs.readFileSync(answers);
  const lines = readLines(queriesFile, Math.max(single, 10 * batch));
  const queries = lines.map((l) => JSON.parse(l));
  const post = async (body) => {
    const r = await fetch(url, {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json' },
      body,
    });
    if (r.status !== 200) throw new Error(`POST ${url}: HTTP ${r.status}: ${await r.text()}`);
    return r.json();
  };
  const got = [];
  for (let k = 0; k < single; k++) got.push(await post(lines[k]));
  let diff = report('http-single', got, expected, queries);
  const gotb = [];
  for (let k = 0; k < 10 * batch; k += batch) {
    const a = await post('[' + lines.slice(k, k + batch).join(',') + ']');
    if (!Array.isArray(a) || a.length !== batch) throw new Error('batch answer is not an array of ' + batch);
    gotb.push(...a);
  }
  diff += report('http-batch', gotb, expected, queries);
  return diff;
}

async function main() {
  const [mode, ...a] = process.argv.slice(2);
  if (mode === 'lines') {
    const expected = fs.readFileSync(a[1]);
    const got = readLines(a[0], Infinity).map((l) => JSON.parse(l));
    if (got.length !== expected.length) {
      console.log(`RESULT engine=check-lines answered=${got.length} answers=DIFFERENT ` +
        `mismatches=${Math.abs(expected.length - got.length)} (line count)`);
      return 1;
    }
    return report('check-lines', got, expected, null);
  }
  if (mode === 'http') {
    return http(a[0], a[1], a[2], a[3], Number(a[4] || 1000), Number(a[5] || 1000));
  }
  console.error('usage: node answers.js lines OUT ANSWERS | http URL KEY QUERIES ANSWERS SINGLE BATCH');
  return 2;
}

main().then((rc) => { process.exitCode = rc ? 1 : 0; })
  .catch((err) => { console.error(String(err.message || err)); process.exit(1); });
