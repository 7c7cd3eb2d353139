'use strict';
// SPDX-License-Identifier: Apache-2.0
// What bench/cedar.js and bench/casbin.js share: the reference tables, the
// register (JSON Lines, DESIGN.md section 11) and the queries read into
// plain objects; decide.c's answers for comparison; a timing loop that
// prints a "RESULT key=value ..." line for bench/run.sh.
const fs = require('fs');
const path = require('path');

const NEVER = Number.MAX_SAFE_INTEGER; // a period without end (fits Cedar's Long)

// "YYYY-MM-DD" (midnight UTC) or RFC 3339, to unix seconds.
function secs(s) {
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new Error('bad time: ' + s);
  return Math.floor(ms / 1000);
}
function until(v) {
  return v === undefined || v === null ? NEVER : secs(v);
}

// A CSV record reader good enough for data/*.csv (quotes, "" escapes).
function csvRows(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.slice(1).filter((r) => r.length > 1 && r[0] !== '');
}

function loadTables(refdir) {
  const auth = new Map();
  for (const r of csvRows(fs.readFileSync(path.join(refdir, 'authorities.csv'), 'utf8'))) {
    auth.set(r[0], {
      code: r[0],
      nations: r[1].split(' ').filter(Boolean),
      acceptedFor: new Set(r[5].split(' ').filter(Boolean)),
    });
  }
  const rank = new Map(); // "AUTH/LEVEL" -> common rank
  for (const r of csvRows(fs.readFileSync(path.join(refdir, 'levels.csv'), 'utf8'))) {
    rank.set(r[0] + '/' + r[1], Number(r[4]));
  }
  const alliances = new Map(); // "NATO" -> its member nations
  for (const r of csvRows(fs.readFileSync(path.join(refdir, 'alliances.csv'), 'utf8'))) {
    if (!alliances.has(r[0])) alliances.set(r[0], []);
    alliances.get(r[0]).push(r[1]);
  }
  return { auth, rank, alliances };
}

// An item's releasability as the decision reads it (rules 5 and 7): the
// list as written, and the members of each alliance it names.
function releasability(t, list) {
  const out = new Set(list);
  for (const n of list) for (const m of t.alliances.get(n) || []) out.add(m);
  return [...out];
}

function rankOf(t, rec) {
  const k = rec.authority + '/' + rec.level;
  if (!t.rank.has(k)) throw new Error('unknown level ' + k);
  return t.rank.get(k);
}

// The register as plain objects keyed by id.  Records of a person come in
// any order: a person's lists are created on first reference.
function loadRegister(file, t) {
  const orgs = new Map(), persons = new Map(), items = new Map();
  const org = (id) => {
    let o = orgs.get(id);
    if (!o) orgs.set(id, (o = { id, known: false, type: '', country: '', needs: false, approvals: [] }));
    return o;
  };
  const person = (id) => {
    let p = persons.get(id);
    if (!p) {
      persons.set(id, (p = {
        id, known: false, org: null, nationalities: [],
        clearances: [], briefings: [], memberships: [], suspensions: [],
      }));
    }
    return p;
  };
  const text = fs.readFileSync(file, 'utf8');
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const r = JSON.parse(text.slice(start, end));
      switch (r.kind) {
        case 'organization': {
          const o = org(r.id);
          o.known = true;
          o.type = r.type;
          o.country = r.country;
          o.needs = r.type === 'contractor' || r.type === 'research';
          break;
        }
        case 'person': {
          const p = person(r.id);
          p.known = true;
          p.org = org(r.org);
          p.nationalities = r.nationalities;
          break;
        }
        case 'conforming':
          org(r.org).approvals.push({
            authority: r.authority, rank: rankOf(t, r), from: secs(r.valid_from), until: until(r.valid_until),
          });
          break;
        case 'clearance':
          person(r.person).clearances.push({
            authority: r.authority, rank: rankOf(t, r), status: r.status,
            from: secs(r.valid_from), until: until(r.valid_until),
          });
          break;
        case 'briefing':
          person(r.person).briefings.push({
            compartment: r.compartment, nda: r.nda_signed == null ? null : secs(r.nda_signed),
            from: secs(r.valid_from), until: until(r.valid_until),
          });
          break;
        case 'membership':
          person(r.person).memberships.push({
            program: r.program, from: secs(r.valid_from), until: until(r.valid_until),
          });
          break;
        case 'suspension':
          person(r.person).suspensions.push({ from: secs(r.valid_from), until: until(r.valid_until) });
          break;
        case 'item':
          items.set(r.id, {
            id: r.id, known: true, owner: org(r.owner), authority: r.authority, rank: rankOf(t, r),
            from: secs(r.valid_from), until: until(r.valid_until),
            declassified: r.declassified == null ? NEVER : secs(r.declassified),
            compartments: r.compartments || [], releasableTo: releasability(t, r.releasable_to || []),
            programs: r.programs || [],
          });
          break;
        default: // compartment, program: names only
      }
    }
    start = end + 1;
  }
  return { orgs, persons, items };
}

// The first `limit` queries (BENCH_QUERIES or the argument).
function loadQueries(file, limit) {
  const out = [];
  const text = fs.readFileSync(file, 'utf8');
  let start = 0;
  while (start < text.length && out.length < limit) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const q = JSON.parse(text.slice(start, end));
      out.push({ subject: q.subject, item: q.item, at: secs(q.at) });
    }
    start = end + 1;
  }
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

// Time `passes` passes of decide(q) -> boolean over the queries (after a
// warm-up), compare with decide.c's answers (reason bytes: 0 allow and
// 1 not_classified allow), print RESULT.
function run(engine, queries, decide, { passes = 3, warmup = 2000, expected }) {
  const n = queries.length;
  for (let k = 0; k < Math.min(warmup, n); k++) decide(queries[k]);
  const ans = new Uint8Array(n);
  const times = [];
  for (let p = 0; p < passes; p++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < n; k++) ans[k] = decide(queries[k]) ? 1 : 0;
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  let allows = 0, want = 0, diff = 0;
  for (let k = 0; k < n; k++) {
    const exp = expected[k] === 0 || expected[k] === 1 ? 1 : 0;
    allows += ans[k];
    want += exp;
    if (ans[k] !== exp) {
      if (diff < 10) {
        const q = queries[k];
        console.log(`MISMATCH query ${k + 1}: subject=${q.subject} item=${q.item} at=${q.at} ` +
          `${engine}=${ans[k] ? 'allow' : 'deny'} decide=reason ${expected[k]}`);
      }
      diff++;
    }
  }
  const med = median(times);
  console.log(`RESULT engine=${engine} queries=${n} passes=${passes} median_s=${med.toFixed(6)} ` +
    `dps=${Math.round(n / med)} allows=${allows} expected_allows=${want} ` +
    `answers=${diff === 0 ? 'same' : 'DIFFERENT'} mismatches=${diff}`);
  return diff;
}

// node X.js REFDIR REGISTER QUERIES DECIDE_ANSWERS [LIMIT]
function setup(defaultLimit) {
  const [refdir, register, queriesFile, answers, lim] = process.argv.slice(2);
  if (!answers) {
    console.error('usage: node ' + path.basename(process.argv[1]) +
      ' REFDIR REGISTER QUERIES DECIDE_ANSWERS [LIMIT]');
    process.exit(2);
  }
  const limit = Number(lim || process.env.BENCH_QUERIES || defaultLimit);
  const tables = loadTables(refdir);
  const t0 = Date.now();
  const world = loadRegister(register, tables);
  const queries = loadQueries(queriesFile, limit);
  const expected = fs.readFileSync(answers);
  if (expected.length < queries.length) throw new Error('decide answers are shorter than the queries');
  console.log(`loaded ${world.persons.size} persons, ${world.items.size} items, ${world.orgs.size} ` +
    `organizations, ${queries.length} queries in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const passes = Number(process.env.BENCH_JS_PASSES || 3);
  return { tables, world, queries, expected, passes };
}

module.exports = { NEVER, loadTables, loadRegister, loadQueries, run, setup, median };
