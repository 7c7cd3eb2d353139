'use strict';
// SPDX-License-Identifier: Apache-2.0
// The access decision of DESIGN.md section 5 as a Casbin (node-casbin) ABAC
// model: one policy line, the rules in the matcher, and the set and period
// tests that Casbin's expression language cannot write (it has no loops
// and no quantifiers) as functions registered with addFunction, Casbin's
// extension point.  The request carries the subject and item objects as
// loaded from the register (no per-request preparation) and the time.
//
//   node casbin.js REFDIR REGISTER QUERIES DECIDE_ANSWERS [LIMIT]
const { newEnforcer, newModelFromString } = require('casbin');
const { setup, run } = require('./common');

const MODEL = `
[request_definition]
r = sub, obj, act, at

[policy_definition]
p = act

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.act == p.act && r.obj.known && (!classified(r.obj, r.at) || (r.sub.known && \
    !suspended(r.sub, r.at) && cleared(r.sub, r.obj, r.at) && briefed(r.sub, r.obj, r.at) && \
    releasable(r.sub, r.obj) && needToKnow(r.sub, r.obj, r.at) && approved(r.sub.org, r.obj, r.at)))
`;

const holds = (x, t) => x.from <= t && t < x.until;

function main({ tables, world, queries, expected, passes }) {
  // Rule 2: classified at t (designation period, not declassified).
  const classified = (it, t) => holds(it, t) && t < it.declassified;
  // Rule 4.
  const suspended = (s, t) => s.suspensions.some((x) => holds(x, t));
  // Rule 5: a usable candidate clearance of at least the item's rank.
  // Candidates: same authority, accepted_for names it, or a foreign
  // authority (none of its nations the owner's) the item is releasable to.
  const candidate = (auth, it) => {
    if (auth === it.authority) return true;
    const a = tables.auth.get(auth);
    if (a.acceptedFor.has(it.authority)) return true;
    return !a.nations.includes(it.owner.country) &&
      a.nations.some((n) => it.releasableTo.includes(n));
  };
  const cleared = (s, it, t) => s.clearances.some((c) =>
    (c.status === 'active' || c.status === 'interim') && holds(c, t) &&
    c.rank >= it.rank && candidate(c.authority, it));
  // Rule 6: a briefing with NDA signed, valid at t, into every compartment.
  const briefed = (s, it, t) => it.compartments.every((k) => s.briefings.some((b) =>
    b.compartment === k && b.nda !== null && b.nda <= t && holds(b, t)));
  // Rule 7.
  const releasable = (s, it) => s.nationalities.some((n) =>
    n === it.owner.country || it.releasableTo.includes(n));
  // Rule 8.
  const needToKnow = (s, it, t) => it.programs.length === 0 ||
    s.memberships.some((m) => holds(m, t) && it.programs.includes(m.program));
  // Rule 9.
  const approved = (o, it, t) => !o.needs || o.approvals.some((a) =>
    a.authority === it.authority && a.rank >= it.rank && holds(a, t));

  return (async () => {
    const e = await newEnforcer(newModelFromString(MODEL));
    await e.addPolicy('read');
    for (const [name, fn] of Object.entries({
      classified, suspended, cleared, briefed, releasable, needToKnow, approved,
    })) e.addFunction(name, fn);
    const unknownSubject = { known: false };
    const unknownItem = { known: false };
    const diff = run('casbin', queries, (q) => e.enforceSync(
      world.persons.get(q.subject) || unknownSubject,
      world.items.get(q.item) || unknownItem, 'read', q.at), { passes, warmup: 5000, expected });
    process.exitCode = diff ? 1 : 0;
  })();
}

main(setup(100000)).catch((err) => { console.error(err); process.exit(1); });
