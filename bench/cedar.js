'use strict';
// SPDX-License-Identifier: Apache-2.0
// The access decision of DESIGN.md section 5 as a Cedar policy, evaluated
// by @cedar-policy/cedar-wasm with a pre-parsed policy set
// (preparsePolicySet + statefulIsAuthorized), one call per decision, each
// carrying its entity slice (the subject, its organization, the item) and
// the time as context.now (a Long).
//
// Cedar has no loops or quantifiers over sets ("some clearance with ...",
// "a briefing into every compartment valid at t"), so, as a Cedar caller
// does, the slice is built for the request's time: the caller keeps of the
// subject's periods only those valid at `now` (suspensions, usable
// clearances, NDA briefings, program memberships as the entity's parents,
// the organization's approvals).  Everything else is the policy: rule 2's
// periods, the rank comparisons (as set membership, see below), every
// compartment (containsAll), releasability, need-to-know (`in`) and the
// organization rule.  Ranks: Cedar cannot ask "some grant of rank >= r", so
// grants are "AUTH:RANK" strings and an item lists the keys that satisfy it
// ("A:r".."A:4" for each authority A whose clearances are candidates for it:
// rule 5's candidate authorities, from the reference tables, computed once
// per item at load).  The slice is built inside the timed loop: it is the
// caller's work.  Unknown ids: no entity is sent; the policy then errs
// (skipped, so deny), except rule 2, which reads only the item.
//
//   node cedar.js REFDIR REGISTER QUERIES DECIDE_ANSWERS [LIMIT]
const cedar = require('@cedar-policy/cedar-wasm/nodejs');
const { setup, run } = require('./common');

const POLICIES = `
@id("not-classified")
permit (principal, action == Action::"read", resource is Item)
when {
  context.now < resource.validFrom || context.now >= resource.validUntil ||
  context.now >= resource.declassified
};

@id("cleared")
permit (principal is Person, action == Action::"read", resource is Item)
when {
  !principal.suspended &&
  principal.grants.containsAny(resource.clearanceKeys) &&
  principal.briefed.containsAll(resource.compartments) &&
  principal.nationalities.containsAny(resource.releasableTo) &&
  (resource.programs.isEmpty() || principal in resource.programs) &&
  (!principal.org.needsApproval || principal.org.approvals.containsAny(resource.approvalKeys))
};
`;

const RANK_MAX = 4;
const holds = (x, t) => x.from <= t && t < x.until;

function main({ tables, world, queries, expected, passes }) {
  // Item entities: static, built once.
  const itemEntity = new Map();
  for (const it of world.items.values()) {
    const keys = [];
    const approvalKeys = [];
    for (const a of tables.auth.values()) {
      const ok = a.code === it.authority || a.acceptedFor.has(it.authority) ||
        (!a.nations.includes(it.owner.country) && a.nations.some((n) => it.releasableTo.includes(n)));
      if (ok) for (let r = it.rank; r <= RANK_MAX; r++) keys.push(a.code + ':' + r);
    }
    for (let r = it.rank; r <= RANK_MAX; r++) approvalKeys.push(it.authority + ':' + r);
    itemEntity.set(it.id, {
      uid: { type: 'Item', id: it.id },
      attrs: {
        validFrom: it.from, validUntil: it.until, declassified: it.declassified,
        clearanceKeys: keys, approvalKeys,
        compartments: it.compartments,
        releasableTo: [it.owner.country, ...it.releasableTo.filter((n) => n !== it.owner.country)],
        programs: it.programs.map((p) => ({ __entity: { type: 'Program', id: p } })),
      },
      parents: [],
    });
  }

  // The subject's and its organization's entities as of time t.
  function slice(s, t) {
    const grants = [];
    for (const c of s.clearances) {
      if ((c.status === 'active' || c.status === 'interim') && holds(c, t)) {
        grants.push(c.authority + ':' + c.rank);
      }
    }
    const briefed = [];
    for (const b of s.briefings) if (b.nda !== null && b.nda <= t && holds(b, t)) briefed.push(b.compartment);
    const parents = [];
    for (const m of s.memberships) if (holds(m, t)) parents.push({ type: 'Program', id: m.program });
    const o = s.org;
    const approvals = [];
    for (const a of o.approvals) if (holds(a, t)) approvals.push(a.authority + ':' + a.rank);
    return [{
      uid: { type: 'Person', id: s.id },
      attrs: {
        suspended: s.suspensions.some((x) => holds(x, t)),
        grants, briefed, nationalities: s.nationalities,
        org: { __entity: { type: 'Org', id: o.id } },
      },
      parents,
    }, {
      uid: { type: 'Org', id: o.id },
      attrs: { needsApproval: o.needs, approvals },
      parents: [],
    }];
  }

  const pre = cedar.preparsePolicySet('scs', { staticPolicies: POLICIES });
  if (pre.type !== 'success') throw new Error('preparse: ' + JSON.stringify(pre));
  const action = { type: 'Action', id: 'read' };

  const decide = (q) => {
    const s = world.persons.get(q.subject);
    const ie = itemEntity.get(q.item);
    const entities = s ? slice(s, q.at) : [];
    if (ie) entities.push(ie);
    const ans = cedar.statefulIsAuthorized({
      principal: { type: 'Person', id: q.subject },
      action,
      resource: { type: 'Item', id: q.item },
      context: { now: q.at },
      preparsedPolicySetId: 'scs',
      entities,
    });
    if (ans.type !== 'success') throw new Error('cedar: ' + JSON.stringify(ans.errors));
    // Errors are expected only where an id is unknown (its entity absent).
    if (ans.response.diagnostics.errors.length && s && ie) {
      throw new Error('cedar policy error: ' + JSON.stringify(ans.response.diagnostics.errors));
    }
    return ans.response.decision === 'allow';
  };
  const diff = run('cedar', queries, decide, { passes, warmup: 1000, expected });
  process.exitCode = diff ? 1 : 0;
}

main(setup(20000));
