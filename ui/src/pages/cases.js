// SPDX-License-Identifier: Apache-2.0
// pages/cases.js - the vetting cases the caller may see (GET /v1/cases):
// an investigator's queue (their body's cases), an adjudicator's cases, a
// subject's own, a sponsor's outcomes; each links to the case's page
// (pages/case.js).  The full views filter by state (with one-click queues
// for the work of the role), order the page oldest first and say how many
// days each case has waited in its state.  The e-adjudication log
// (EAdjudicated, /cases/e-adjudicated) lists the cases a rule decided
// (?e_adjudicated=true).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { fmtNum, t, tCode } from '../i18n.js';
import { Link } from '../router.js';
import { Pager, Time } from '../widgets.js';

const STATES = ['awaiting_consent', 'questionnaire', 'submitted', 'investigating', 'adjudicating', 'granted',
	'interim', 'denied', 'complaint', 'rejected', 'refused', 'withdrawn'];
const LIMIT = 50;
/* Sponsors (officers, admins) see outcomes only and may not filter by state. */
const FULL_VIEW = ['subject', 'investigator', 'adjudicator'];
/* The queues of each vetting role: one click to the cases waiting for it. */
const QUEUES = {
	investigator: ['investigating', 'submitted'],
	adjudicator: ['submitted', 'adjudicating', 'complaint', 'interim'],
};
const ORDERS = ['id', 'oldest'];
const OPEN = ['awaiting_consent', 'questionnaire', 'submitted', 'investigating', 'adjudicating', 'interim', 'complaint'];

/** Whole days from an instant to now (null for none). */
function daysSince(iso) {
	const ms = Date.parse(iso);
	if (isNaN(ms))
		return null;
	return Math.max(0, Math.floor((Date.now() - ms) / 86400000));
}

export function Cases({ user }) {
	const full = FULL_VIEW.includes(user.role);
	const queued = !!QUEUES[user.role];
	const form = useForm({ state: '', order: queued ? 'oldest' : 'id' }, { id: 'cases' });
	const [page, setPage] = useState(null);
	const load = async (after, q) => {
		await form.submit(() => api('GET', '/cases', undefined, { ...q, after, limit: LIMIT }), (r) => {
			setPage({ list: r.cases || [], next: r.next, after, q });
		});
	};
	useEffect(() => {
		document.title = t('cases.title.' + user.role) + ' — SCS';
		load(undefined, {});
	}, []);
	const onSubmit = (e) => {
		e.preventDefault();
		load(undefined, { state: form.values.state });
	};
	const queue = (s) => {
		form.setValues((v) => ({ ...v, state: s }));
		load(undefined, { state: s });
	};
	let list = page ? page.list : [];
	if (queued && form.values.order === 'oldest')
		list = list.slice().sort((a, b) => String(a.since).localeCompare(String(b.since)));
	const caption = t('cases.title.' + user.role);
	return html`<h1>${t('cases.title.' + user.role)}</h1>
		<p>${t('cases.intro.' + user.role)}</p>
		${user.role === 'security_officer' ? html`<p><${Link} href="/cases/new" class="button-link">${t('file.nominate.link')}<//></p>` : null}
		${QUEUES[user.role] ? html`<div class="queues" role="group" aria-label=${t('file.queue.label')}>
			${QUEUES[user.role].map((s) => html`<button type="button" class="secondary small" data-state=${s}
				aria-pressed=${page && page.q.state === s ? 'true' : 'false'} onClick=${() => queue(s)}>${t('file.queue.' + s)}</button>`)}
			${user.role === 'adjudicator' ? html`<${Link} href="/cases/e-adjudicated">${t('file.eadj.link')}<//>` : null}
		</div>` : null}
		${full ? html`<form onSubmit=${onSubmit} novalidate class="filters">
			<${Field} form=${form} name="state" label=${t('cases.state')}
				options=${[['', t('cases.any_state')], ...STATES.map((s) => [s, tCode('state', s)])]} />
			${queued ? html`<${Field} form=${form} name="order" label=${t('file.queue.order')}
				options=${ORDERS.map((o) => [o, t('file.queue.order_' + o)])} />` : null}
			<div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('action.show')}</button></div>
		</form>` : null}
		<${FormStatus} form=${form} />
		${page ? (list.length === 0 ? html`<p>${t('list.empty')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table>
			<caption class="sr-only">${caption}</caption>
			<thead><tr>
				<th scope="col">${t('cases.id')}</th><th scope="col">${t('field.person')}</th>
				<th scope="col">${t('cases.authority')}</th><th scope="col">${t('cases.level')}</th>
				${full ? html`<th scope="col">${t('cases.state')}</th><th scope="col">${t('cases.since')}</th>` : null}
				${queued ? html`<th scope="col" class="num">${t('file.queue.days')}</th>` : null}
				<th scope="col">${t('cases.outcome')}</th><th scope="col">${t('cases.opened')}</th>
			</tr></thead>
			<tbody>${list.map((c) => html`<tr key=${c.id}>
				<td><${Link} href=${'/cases/' + encodeURIComponent(c.id)}><code>${c.id}</code><//></td><td><code>${c.person}</code></td>
				<td>${tCode('authority', c.authority)}</td><td>${tCode('level', c.level)}</td>
				${full ? html`<td>${tCode('state', c.state)}</td><td><${Time} value=${c.since} /></td>` : null}
				${queued ? html`<td class="num days">${OPEN.includes(c.state) ? fmtNum(daysSince(c.since), 0) : '—'}</td>` : null}
				<td>${tCode('outcome', c.outcome)}</td><td><${Time} value=${c.opened} /></td>
			</tr>`)}</tbody>
		</table></div>`) : null}
		${page && queued && form.values.order === 'oldest' && (page.next || page.after !== undefined) ? html`<p class="hint">${t('file.queue.order_page')}</p>` : null}
		${page ? html`<${Pager} hasPrev=${page.after !== undefined} next=${page.next}
			onFirst=${() => load(undefined, page.q)} onNext=${() => load(page.next, page.q)} />` : null}`;
}

/** The e-adjudication log: the cases decided by a rule, with the rule. */
export function EAdjudicated() {
	const form = useForm({}, { id: 'eadj' });
	const [page, setPage] = useState(null);
	const load = async (after) => {
		await form.submit(() => api('GET', '/cases', undefined, { e_adjudicated: 'true', after, limit: LIMIT }), (r) => {
			setPage({ list: r.cases || [], next: r.next, after });
		});
	};
	useEffect(() => {
		document.title = t('file.eadj.title') + ' — SCS';
		load(undefined);
	}, []);
	return html`<p class="crumbs"><${Link} href="/cases">${t('case.back')}<//></p>
		<h1>${t('file.eadj.title')}</h1>
		<p>${t('file.eadj.intro')}</p>
		<${FormStatus} form=${form} />
		${page ? (page.list.length === 0 ? html`<p>${t('list.empty')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('file.eadj.title')}><table class="eadj-log">
			<caption class="sr-only">${t('file.eadj.title')}</caption>
			<thead><tr>
				<th scope="col">${t('cases.id')}</th><th scope="col">${t('field.person')}</th>
				<th scope="col">${t('cases.authority')}</th><th scope="col">${t('cases.level')}</th>
				<th scope="col">${t('file.rule')}</th><th scope="col">${t('file.eadj.decided')}</th><th scope="col">${t('cases.state')}</th>
			</tr></thead>
			<tbody>${page.list.map((c) => html`<tr key=${c.id}>
				<td><${Link} href=${'/cases/' + encodeURIComponent(c.id)}><code>${c.id}</code><//></td><td><code>${c.person}</code></td>
				<td>${tCode('authority', c.authority)}</td><td>${tCode('level', c.level)}</td>
				<td><code class="rule">${String(c.decided_by || '').replace(/^rule:/, '')}</code></td>
				<td><${Time} value=${c.decided} /></td><td>${tCode('state', c.state)}</td>
			</tr>`)}</tbody>
		</table></div>`) : null}
		${page ? html`<${Pager} hasPrev=${page.after !== undefined} next=${page.next}
			onFirst=${() => load(undefined)} onNext=${() => load(page.next)} />` : null}`;
}
