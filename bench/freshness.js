'use strict';
// SPDX-License-Identifier: Apache-2.0
// Decision freshness across two `scs serve` nodes on one register
// (bench/run.sh): a suspension written through node A, then node B asked
// the same query again and again until its answer changes.
//   node freshness.js A_URL B_URL ADMIN_PASSWORD KEY QUERIES TRIALS
// A_URL, B_URL  the nodes' base URLs (http://127.0.0.1:PORT)
// ADMIN_PASSWORD  of the register's `admin` (signs in at A)
// KEY           a relying system's API key (asks B)
// QUERIES       query lines {"subject","item","at"}: the trials take the
//               first TRIALS that B allows without a reason (rule 10),
//               each of a different subject
// A trial's time runs from A's answer to the write (A has committed and
// its own index has the change; as tests/pg/nodes.js) to B's first answer
// `suspended`; also from the moment the write was sent (the commit is in
// between: an upper bound of the time from the commit).
// Prints "RESULT engine=freshness trials=N p50_ms=... p99_ms=..." with
// the write's own latency and the times from the write's start.  Exits 1 when a write is refused or B does not
// change within 60 s.
const fs = require('fs');

const [A, B, PASSWORD, KEY, QUERIES, TRIALS_S] = process.argv.slice(2);
const TRIALS = Number(TRIALS_S || 100);

async function call(base, method, path, token, body) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(base + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60000),
  });
  const text = await r.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    json = undefined;
  }
  return { status: r.status, json, text };
}

function pct(a, p) {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

function ms(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

// The trials' queries: allowed by B under rule 10, distinct subjects.
async function pick() {
  const lines = fs.readFileSync(QUERIES, 'utf8').split('\n').filter((l) => l !== '');
  const chosen = [];
  const seen = new Set();
  for (let i = 0; i < lines.length && chosen.length < TRIALS && i < 200000; i += 1000) {
    const qs = lines.slice(i, i + 1000).map((l) => JSON.parse(l));
    const r = await call(B, 'POST', '/v1/decisions', KEY, qs);
    if (r.status !== 200) throw new Error(`B answered a batch with ${r.status}: ${r.text.slice(0, 200)}`);
    r.json.forEach((a, k) => {
      const q = qs[k];
      if (a.allow === true && a.reason === undefined && !seen.has(q.subject) && chosen.length < TRIALS) {
        seen.add(q.subject);
        chosen.push(q);
      }
    });
  }
  if (chosen.length < TRIALS) throw new Error(`only ${chosen.length} allowed queries of distinct subjects`);
  return chosen;
}

async function main() {
  if (!QUERIES) throw new Error('usage: node freshness.js A_URL B_URL ADMIN_PASSWORD KEY QUERIES TRIALS');
  const login = await fetch(A + '/v1/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const admin = (await login.json()).token;
  if (!admin) throw new Error(`admin sign-in at A: ${login.status}`);
  const qs = await pick();
  const lat = [];
  const write = [];
  const whole = [];
  let polls = 0;
  for (const q of qs) {
    // valid from a day before the query's time, open-ended: rule 4 at `at`
    const from = new Date(Date.parse(q.at) - 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
    const w0 = process.hrtime.bigint();
    const r = await call(A, 'POST', '/v1/suspensions', admin,
      { person: q.subject, valid_from: from, valid_until: null, reason: 'bench freshness' });
    if (r.status !== 201) throw new Error(`suspension of ${q.subject} through A: ${r.status} ${r.text}`);
    write.push(ms(w0));
    const t0 = process.hrtime.bigint();
    for (;;) {
      const d = await call(B, 'POST', '/v1/decisions', KEY, q);
      polls++;
      if (d.status !== 200) throw new Error(`B: ${d.status} ${d.text}`);
      if (d.json.allow === false) {
        if (d.json.reason !== 'suspended') throw new Error(`B says ${d.json.reason} for ${q.subject}`);
        lat.push(ms(t0));
        whole.push(ms(w0));
        break;
      }
      if (ms(t0) > 60000) throw new Error(`B still allows ${q.subject} 60 s after the write`);
    }
  }
  const f = (x) => x.toFixed(1);
  console.log(`RESULT engine=freshness trials=${lat.length} p50_ms=${f(pct(lat, 50))} ` +
    `p99_ms=${f(pct(lat, 99))} max_ms=${f(Math.max(...lat))} min_ms=${f(Math.min(...lat))} ` +
    `write_p50_ms=${f(pct(write, 50))} write_p99_ms=${f(pct(write, 99))} ` +
    `sent_p50_ms=${f(pct(whole, 50))} sent_p99_ms=${f(pct(whole, 99))} polls=${polls}`);
}

main().catch((e) => {
  console.log(`ERROR ${e.message}`);
  process.exit(1);
});
