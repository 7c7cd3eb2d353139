'use strict';
// SPDX-License-Identifier: Apache-2.0
// The vetting benchmark's HTTP client (bench/run.sh, section "vetting").
// Node's http module only, one keep-alive connection per client.
//
//   node vetting.js paths URL CONFIG.json
//       CONFIG: {"clients", "seconds", "persons": [[id, officer, name]...],
//                "answers": FILE (a questionnaire with an "example"),
//                "password", "adjudicator", "investigators": [user...],
//                "first": the index of the first person to use (default 0)}
//       Each client runs whole vetting paths, each on a person of its own
//       (client k takes persons k, k + clients, ...), until the seconds
//       are up or its persons run out:
//         nominate (the person's security officer) -> activate the subject
//         account with the code of the answer -> sign in as the subject ->
//         consent -> PUT every section of the example answers -> submit ->
//         assign {} (adjudicator) -> record checks (investigator) -> close
//         the investigation -> the case must come back granted by a rule.
//       The officers, the adjudicator and an investigator (client k: the
//       k-th of the list, round robin) sign in once per client before the
//       clock starts.  Prints one STEP line per step and
//       "RESULT engine=vet-paths paths=N ... requests=R rps=..".
//
//   node vetting.js get URL TOKEN CLIENTS COUNT PATH...
//       COUNT GETs in all by CLIENTS clients, cycling through the PATHs
//       (the baseline: the same number of requests of GET /v1/me).
//       Prints "RESULT engine=vet-get requests=N rps=.. p50_ms p99_ms".
//
//   node vetting.js pages URL TOKEN N PATH
//       PATH (a list with "next"), then up to N - 1 more pages following
//       "next" with &after=: one request target a line.
//
//   node vetting.js login URL USER PASSWORD
//       Prints a session token.
const fs = require('fs');
const http = require('http');

function now() {
  return Number(process.hrtime.bigint()) / 1e6; // ms
}

function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[k];
}

// One client: one keep-alive connection, one request at a time.
class Client {
  constructor(url) {
    const u = new URL(url);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    this.requests = 0;
  }

  // -> {status, json}; rejects on a network error
  req(method, path, token, body) {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers = {};
    if (token) headers.Authorization = 'Bearer ' + token;
    if (data) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = data.length;
    }
    this.requests++;
    return new Promise((resolve, reject) => {
      const r = http.request({ host: this.host, port: this.port, method, path, headers,
        agent: this.agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json = null;
          try { json = text ? JSON.parse(text) : null; } catch (e) { json = { raw: text }; }
          resolve({ status: res.statusCode, json });
        });
      });
      r.on('error', reject);
      if (data) r.write(data);
      r.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}

class Failure extends Error {}

async function expect(p, status, what) {
  const r = await p;
  if (r.status !== status) {
    throw new Failure(`${what}: HTTP ${r.status} (wanted ${status}): ` +
      JSON.stringify(r.json).slice(0, 300));
  }
  return r.json;
}

async function login(c, user, password) {
  const j = await expect(c.req('POST', '/v1/login', null, { username: user, password }), 200,
    'login ' + user);
  return j.token;
}

// Per step: latencies in ms.
const steps = new Map();
function timed(name, p) {
  const t0 = now();
  return p.then((v) => {
    let a = steps.get(name);
    if (!a) steps.set(name, (a = []));
    a.push(now() - t0);
    return v;
  });
}

async function onePath(c, cfg, tok, person, sections, answers) {
  const [pid, officer, name] = person;
  const nom = await timed('nominate', expect(c.req('POST', '/v1/cases', tok[officer],
    { person: pid, authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU',
      need: 'Benchmark: access to specially designated secrets' }), 201, 'nominate ' + pid));
  const id = nom.id;
  const acct = nom.subject_account;
  if (!acct || !acct.activation_code) throw new Failure(`nominate ${pid}: no subject account in the answer`);
  await timed('activate', expect(c.req('POST', '/v1/activate', null,
    { username: acct.user, code: acct.activation_code, password: cfg.password }), 200,
  'activate ' + acct.user));
  const st = await timed('login', expect(c.req('POST', '/v1/login', null,
    { username: acct.user, password: cfg.password }), 200, 'login ' + acct.user));
  const subj = st.token;
  const base = '/v1/cases/' + id;
  await timed('consent', expect(c.req('POST', base + '/consent', subj,
    { agree: true, signature: name }), 200, 'consent ' + id));
  for (const s of sections) {
    await timed('answers', expect(c.req('PUT', base + '/answers/' + s, subj, answers[s]), 200,
      `answers ${id}/${s}`));
  }
  await timed('submit', expect(c.req('POST', base + '/submit', subj,
    { certify: true, signature: name }), 200, 'submit ' + id));
  await timed('assign', expect(c.req('POST', base + '/assign', tok.adjudicator, {}), 200,
    'assign ' + id));
  const rc = await timed('record-checks', expect(c.req('POST', base + '/record-checks',
    tok.investigator, undefined), 200, 'record-checks ' + id));
  for (const f of rc.findings || []) {
    if (f.severity !== 'none') throw new Failure(`record-checks ${id}: a hit: ${JSON.stringify(f)}`);
  }
  const done = await timed('close', expect(c.req('POST', base + '/investigation/close',
    tok.investigator, undefined), 200, 'close ' + id));
  if (done.state !== 'granted' || done.e_adjudicated !== true) {
    throw new Failure(`close ${id}: not granted by a rule: ${JSON.stringify(done).slice(0, 300)}`);
  }
}

async function paths(url, cfgFile) {
  const cfg = JSON.parse(fs.readFileSync(cfgFile, 'utf8'));
  const q = JSON.parse(fs.readFileSync(cfg.answers, 'utf8'));
  const answers = q.example;
  const sections = q.sections.map((s) => s.id).filter((s) => answers[s] !== undefined);
  const officers = [...new Set(cfg.persons.map((p) => p[1]))];
  const clients = [];
  for (let k = 0; k < cfg.clients; k++) {
    const c = new Client(url);
    const tok = {};
    for (const o of officers) tok[o] = await login(c, o, cfg.password);
    tok.adjudicator = await login(c, cfg.adjudicator, cfg.password);
    tok.investigator = await login(c, cfg.investigators[k % cfg.investigators.length],
      cfg.password);
    c.requests = 0;
    clients.push({ c, tok, lat: [], failed: 0, firstError: null });
  }
  const t0 = now();
  const deadline = t0 + cfg.seconds * 1000;
  await Promise.all(clients.map(async (cl, k) => {
    for (let i = (cfg.first || 0) + k; i < cfg.persons.length && now() < deadline;
      i += cfg.clients) {
      const s = now();
      try {
        await onePath(cl.c, cfg, cl.tok, cfg.persons[i], sections, answers);
        cl.lat.push(now() - s);
      } catch (e) {
        cl.failed++;
        if (!cl.firstError) cl.firstError = String(e.message || e);
        if (!(e instanceof Failure)) throw e;
      }
    }
  }));
  const secs = (now() - t0) / 1000;
  const lat = clients.flatMap((cl) => cl.lat).sort((a, b) => a - b);
  const reqs = clients.reduce((n, cl) => n + cl.c.requests, 0);
  const failed = clients.reduce((n, cl) => n + cl.failed, 0);
  for (const cl of clients) {
    if (cl.firstError) console.log('ERROR ' + cl.firstError);
    cl.c.close();
  }
  for (const [name, a] of steps) {
    a.sort((x, y) => x - y);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    console.log(`STEP name=${name} count=${a.length} mean_ms=${mean.toFixed(3)} ` +
      `p50_ms=${pct(a, 50).toFixed(3)} p99_ms=${pct(a, 99).toFixed(3)} ` +
      `total_s=${(mean * a.length / 1000).toFixed(3)}`);
  }
  console.log(`RESULT engine=vet-paths clients=${cfg.clients} paths=${lat.length} failed=${failed} ` +
    `seconds=${secs.toFixed(3)} paths_per_s=${(lat.length / secs).toFixed(3)} ` +
    `p50_ms=${pct(lat, 50).toFixed(1)} p99_ms=${pct(lat, 99).toFixed(1)} ` +
    `requests=${reqs} rps=${(reqs / secs).toFixed(1)} ` +
    `requests_per_path=${lat.length ? (reqs / (lat.length + failed)).toFixed(1) : 0}`);
  return failed ? 1 : 0;
}

async function get(url, token, nclients, count, list) {
  const clients = [];
  for (let k = 0; k < nclients; k++) clients.push(new Client(url));
  // one request each first, so every connection is open before the clock
  await Promise.all(clients.map((c) => c.req('GET', list[0], token)));
  const lat = [];
  let next = 0;
  let bad = 0;
  let firstBad = null;
  const t0 = now();
  await Promise.all(clients.map(async (c) => {
    while (next < count) {
      const path = list[next++ % list.length];
      const s = now();
      const r = await c.req('GET', path, token);
      lat.push(now() - s);
      if (r.status !== 200) {
        bad++;
        if (!firstBad) firstBad = `${path}: HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`;
      }
    }
  }));
  const secs = (now() - t0) / 1000;
  for (const c of clients) c.close();
  if (firstBad) console.log('ERROR ' + firstBad);
  lat.sort((a, b) => a - b);
  console.log(`RESULT engine=vet-get clients=${nclients} requests=${lat.length} non200=${bad} ` +
    `seconds=${secs.toFixed(3)} rps=${(lat.length / secs).toFixed(1)} ` +
    `p50_ms=${pct(lat, 50).toFixed(3)} p99_ms=${pct(lat, 99).toFixed(3)}`);
  return bad ? 1 : 0;
}

async function main() {
  const [mode, ...a] = process.argv.slice(2);
  if (mode === 'paths') return paths(a[0], a[1]);
  if (mode === 'get') return get(a[0], a[1], Number(a[2]), Number(a[3]), a.slice(4));
  if (mode === 'pages') {
    const c = new Client(a[0]);
    const n = Number(a[2]);
    let target = a[3];
    for (let k = 0; k < n && target; k++) {
      console.log(target);
      const j = await expect(c.req('GET', target, a[1]), 200, 'GET ' + target);
      target = j.next ? `${a[3]}&after=${encodeURIComponent(j.next)}` : null;
    }
    c.close();
    return 0;
  }
  if (mode === 'login') {
    const c = new Client(a[0]);
    console.log(await login(c, a[1], a[2]));
    c.close();
    return 0;
  }
  console.error('usage: node vetting.js paths URL CONFIG | get URL TOKEN CLIENTS COUNT PATH... | ' +
    'pages URL TOKEN N PATH | login URL USER PASSWORD');
  return 2;
}

main().then((rc) => { process.exitCode = rc; })
  .catch((err) => { console.error(String(err.stack || err)); process.exit(1); });
