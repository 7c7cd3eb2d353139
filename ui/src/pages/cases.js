// SPDX-License-Identifier: Apache-2.0
// pages/cases.js - the vetting cases the caller may see (GET /v1/cases):
// an investigator's queue, an adjudicator's cases, a subject's own, a
// sponsor's outcomes; each links to the case's page (pages/case.js).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t, tCode } from '../i18n.js';
import { Link } from '../router.js';
import { Pager, Time } from '../widgets.js';

const STATES = ['awaiting_consent', 'questionnaire', 'submitted', 'investigating', 'adjudicating', 'granted',
	'interim', 'denied', 'complaint', 'rejected', 'refused', 'withdrawn'];
const LIMIT = 50;
/* Sponsors (officers, admins) see outcomes only and may not filter by state. */
const FULL_VIEW = ['subject', 'investigator', 'adjudicator'];

export function Cases({ user }) {
	const full = FULL_VIEW.includes(user.role);
	const form = useForm({ state: '' }, { id: 'cases' });
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
	return html`<h1>${t('cases.title.' + user.role)}</h1>
		<p>${t('cases.intro.' + user.role)}</p>
		${full ? html`<form onSubmit=${onSubmit} novalidate class="filters">
			<${Field} form=${form} name="state" label=${t('cases.state')}
				options=${[['', t('cases.any_state')], ...STATES.map((s) => [s, tCode('state', s)])]} />
			<div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('action.show')}</button></div>
		</form>` : null}
		<${FormStatus} form=${form} />
		${page ? (page.list.length === 0 ? html`<p>${t('list.empty')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('cases.title.' + user.role)}><table>
			<caption class="sr-only">${t('cases.title.' + user.role)}</caption>
			<thead><tr>
				<th scope="col">${t('cases.id')}</th><th scope="col">${t('field.person')}</th>
				<th scope="col">${t('cases.authority')}</th><th scope="col">${t('cases.level')}</th>
				${full ? html`<th scope="col">${t('cases.state')}</th><th scope="col">${t('cases.since')}</th>` : null}
				<th scope="col">${t('cases.outcome')}</th><th scope="col">${t('cases.opened')}</th>
			</tr></thead>
			<tbody>${page.list.map((c) => html`<tr key=${c.id}>
				<td><${Link} href=${'/cases/' + encodeURIComponent(c.id)}><code>${c.id}</code><//></td><td><code>${c.person}</code></td>
				<td>${c.authority}</td><td>${tCode('level', c.level)}</td>
				${full ? html`<td>${tCode('state', c.state)}</td><td><${Time} value=${c.since} /></td>` : null}
				<td>${tCode('outcome', c.outcome)}</td><td><${Time} value=${c.opened} /></td>
			</tr>`)}</tbody>
		</table></div>`) : null}
		${page ? html`<${Pager} hasPrev=${page.after !== undefined} next=${page.next}
			onFirst=${() => load(undefined, page.q)} onNext=${() => load(page.next, page.q)} />` : null}`;
}
