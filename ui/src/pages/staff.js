// SPDX-License-Identifier: Apache-2.0
// pages/staff.js - a security officer's staff with their clearance status
// today (GET /v1/organizations/{org}/staff: status filter, sort by name
// or by the end of the clearance, keyset paging).
// Each person has a "Nominate" link to the nomination page
// (pages/nominate.js, /cases/new?person=ID).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t, tCode } from '../i18n.js';
import { useOrgName } from '../names.js';
import { Link } from '../router.js';
import { nameLang, Pager, Time } from '../widgets.js';

const STATUSES = ['active', 'expiring', 'expired', 'suspended', 'none'];
const SORTS = ['name', 'valid_until'];
const LIMIT = 50;

export function Staff({ user }) {
	const orgName = useOrgName(user.org);
	const form = useForm({ status: '', sort: 'name' }, { id: 'staff' });
	const [page, setPage] = useState(null);
	const load = async (after, q) => {
		await form.submit(() => api('GET', '/organizations/' + encodeURIComponent(user.org) + '/staff', undefined,
			{ ...q, after, limit: LIMIT }), (r) => {
			setPage({ list: r.staff || [], next: r.next, after, q });
		});
	};
	useEffect(() => {
		document.title = t('staff.title') + ' — SCS';
		load(undefined, { sort: 'name' });
	}, []);
	const q = () => ({ status: form.values.status, sort: form.values.sort });
	const onSubmit = (e) => {
		e.preventDefault();
		load(undefined, q());
	};
	const sortBy = (s) => {
		form.setValues((v) => ({ ...v, sort: s }));
		load(undefined, { ...q(), sort: s });
	};
	const sortHead = (s, label) => {
		const on = page && page.q.sort === s;
		return html`<th scope="col" aria-sort=${on ? 'ascending' : undefined}>
			<button type="button" class="linklike" onClick=${() => sortBy(s)}>${label}${on ? ' ▲' : ''}</button></th>`;
	};
	return html`<h1>${t('staff.title')}</h1>
		<p>${t('staff.intro', { org: orgName })}</p>
		<p class="page-actions"><${Link} href="/staff/new">${t('person.add_link')}<//>${' · '}<${Link} href="/cases/new">${t('file.nominate.link')}<//></p>
		<form onSubmit=${onSubmit} novalidate class="filters">
			<${Field} form=${form} name="status" label=${t('staff.status')}
				options=${[['', t('staff.any')], ...STATUSES.map((s) => [s, t('status.' + s)])]} />
			<${Field} form=${form} name="sort" label=${t('staff.sort')} options=${SORTS.map((s) => [s, t('staff.sort_' + s)])} />
			<div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('action.show')}</button></div>
		</form>
		<${FormStatus} form=${form} />
		${page ? (page.list.length === 0 ? html`<p>${t('list.empty')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('staff.title')}><table>
			<caption class="sr-only">${t('staff.title')}</caption>
			<thead><tr>
				<th scope="col">${t('field.person')}</th>${sortHead('name', t('staff.name'))}<th scope="col">${t('staff.status')}</th>
				<th scope="col">${t('staff.clearance')}</th>${sortHead('valid_until', t('staff.until'))}
				<th scope="col">${t('file.staff.actions')}</th>
			</tr></thead>
			<tbody>${page.list.map((p) => html`<tr key=${p.person}>
				<td><${Link} href=${'/persons/' + encodeURIComponent(p.person)}><code>${p.person}</code><//></td>
				<td><span lang=${nameLang(p.name)}>${p.name}</span>${p.name_latin ? html`<br /><span class="muted" lang="en">${p.name_latin}</span>` : null}</td>
				<td><span class=${'status status-' + (p.status || 'none')}>${tCode('status', p.status || 'none')}</span></td>
				<td>${(p.clearances || []).length === 0 ? '—' : html`<ul class="plain">${p.clearances.map((c) => html`<li>
					${c.authority} / ${tCode('level', c.level)} <span class="muted">(${tCode('status', c.status)})</span></li>`)}</ul>`}</td>
				<td>${p.valid_until ? html`<${Time} value=${p.valid_until} />` : '—'}</td>
				<td><${Link} href=${'/cases/new?person=' + encodeURIComponent(p.person)} class="nominate"
					>${t('file.staff.nominate')}<span class="sr-only"> ${p.name}</span><//></td>
			</tr>`)}</tbody>
		</table></div>`) : null}
		${page ? html`<${Pager} hasPrev=${page.after !== undefined} next=${page.next}
			onFirst=${() => load(undefined, page.q)} onNext=${() => load(page.next, page.q)} />` : null}`;
}
