// SPDX-License-Identifier: Apache-2.0
// pages/admin-orgs.js - the admin's organizations (GET/POST
// /v1/organizations, GET/PUT /v1/organizations/{id}): the list with a
// type filter, creating one, and one organization's page to change it.
// The screening bodies (/bodies) are the same list held to type
// screening, with the authorities each is accredited for and its open
// cases (counted by the server for admins).  The API
// answers every organization at once (no paging), so the filter runs
// here.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { fmtNum, t, tCode } from '../i18n.js';
import { Country, CountryField, forgetOrgs } from '../names.js';
import { Link } from '../router.js';
import { pathTo } from '../routes.js';
import { LoadError, Loading, useLoad } from '../widgets.js';

export const ORG_TYPES = ['government', 'contractor', 'research', 'screening', 'partner'];

/* "JPN-SDS, JPN-CESI" -> ['JPN-SDS', 'JPN-CESI']. */
function codes(s) {
	return String(s || '').split(/[\s,、]+/).map((x) => x.trim()).filter(Boolean);
}

/* The body of a POST or PUT from the form's values. */
function orgBody(v) {
	const b = { id: v.id.trim(), name: v.name.trim(), type: v.type, country: v.country.trim().toUpperCase() };
	if (v.type === 'screening')
		b.accredited_for = codes(v.accredited_for);
	return b;
}

/** The fields of an organization; the id only when creating. */
function OrgFields({ form, creating, fixedType }) {
	return html`
		${creating ? html`<${Field} form=${form} name="id" label=${t('adm.org.id')} hint=${t('adm.org.id_hint')} required
			autocomplete="off" autocapitalize="off" spellcheck="false" />` : null}
		<${Field} form=${form} name="name" label=${t('adm.org.name')} required autocomplete="off" />
		${fixedType ? null : html`<${Field} form=${form} name="type" label=${t('adm.org.type')} required
			options=${ORG_TYPES.map((x) => [x, t('adm.type.' + x)])} />`}
		<${CountryField} form=${form} name="country" label=${t('adm.org.country')} hint=${t('adm.org.country_hint')} required
			autocapitalize="characters" maxlength="3" class="adm-short" />
		${form.values.type === 'screening' ? html`<${Field} form=${form} name="accredited_for" label=${t('adm.org.accredited')}
			hint=${t('adm.org.accredited_hint')} autocomplete="off" spellcheck="false" />` : null}`;
}

/** The organizations, or with screening set the screening bodies. */
function OrgList({ screening }) {
	const title = screening ? t('adm.bodies.title') : t('adm.orgs.title');
	const [type, setType] = useState('');
	const [created, setCreated] = useState(null);
	const load = useLoad(() => api('GET', '/organizations'), []);
	const empty = { id: '', name: '', type: screening ? 'screening' : 'government', country: 'JPN', accredited_for: '' };
	const form = useForm(empty, { id: screening ? 'body' : 'org' });
	useEffect(() => {
		document.title = title + ' — SCS';
	}, [screening]);

	const onCreate = async (e) => {
		e.preventDefault();
		await form.submit((v) => api('POST', '/organizations', orgBody(v)), (o) => {
			setCreated(o);
			forgetOrgs();
			form.reset(empty);
			load.reload();
		});
	};

	const all = (load.data && load.data.organizations) || [];
	const list = all.filter((o) => (screening ? o.type === 'screening' : !type || o.type === type));
	const filterId = screening ? 'body-filter' : 'org-filter';
	return html`<h1>${title}</h1>
		<p>${screening ? t('adm.bodies.intro') : t('adm.orgs.intro')}</p>
		${screening ? null : html`<div class="filters">
			<div class="field"><label for=${filterId}>${t('adm.org.type')}</label>
				<select id=${filterId} value=${type} onChange=${(e) => setType(e.currentTarget.value)}>
					<option value="">${t('adm.any')}</option>
					${ORG_TYPES.map((x) => html`<option value=${x}>${t('adm.type.' + x)}</option>`)}
				</select></div>
		</div>`}
		<${Loading} on=${load.loading && !load.data} />
		<${LoadError} error=${load.error} reload=${load.reload} />
		${load.data ? (list.length === 0 ? html`<p>${t('adm.empty')}</p>` : html`<div class="table-wrap" tabindex="0" role="region"
			aria-label=${title}><table class="adm-orgs">
			<caption>${title} <span class="muted">(${t('adm.count', { n: list.length })})</span></caption>
			<thead><tr>
				<th scope="col">${t('adm.org.id')}</th><th scope="col">${t('adm.org.name')}</th>
				${screening ? null : html`<th scope="col">${t('adm.org.type')}</th>`}
				<th scope="col">${t('adm.org.country')}</th>
				${screening ? html`<th scope="col">${t('adm.org.accredited')}</th>
					<th scope="col" class="num">${t('adm.bodies.open_cases')}</th>` : null}
			</tr></thead>
			<tbody>${list.map((o) => html`<tr key=${o.id} class=${created && created.id === o.id ? 'adm-new' : undefined}>
				<td><${Link} href=${pathTo('/organizations/:id', { id: o.id })}><code>${o.id}</code><//></td>
				<td>${o.name}</td>
				${screening ? null : html`<td>${tCode('adm.type', o.type)}</td>`}
				<td><${Country} code=${o.country} /></td>
				${screening ? html`<td>${(o.accredited_for || []).join(', ') || '—'}</td>
					<td class="num" data-open>${o.open_cases === undefined ? '—' : fmtNum(o.open_cases, 0)}</td>` : null}
			</tr>`)}</tbody>
		</table></div>`) : null}
		<section aria-labelledby=${form.opts.id + '-h'} class="adm-panel">
			<h2 id=${form.opts.id + '-h'}>${screening ? t('adm.bodies.create') : t('adm.orgs.create')}</h2>
			${created ? html`<div class="notice notice-ok" role="status"><p>${t('adm.org.created', { id: created.id, name: created.name })}</p></div>` : null}
			<form onSubmit=${onCreate} novalidate>
				<${OrgFields} form=${form} creating=${true} fixedType=${screening} />
				<${FormStatus} form=${form} />
				<button type="submit" disabled=${form.busy}>${t('adm.create')}</button>
			</form>
		</section>`;
}

export function Organizations() {
	return html`<${OrgList} screening=${false} />`;
}

export function Bodies() {
	return html`<${OrgList} screening=${true} />`;
}

/** One organization: its fields, changed with PUT. */
export function Organization({ params }) {
	const id = params.id;
	const [saved, setSaved] = useState(false);
	const form = useForm({ name: '', type: 'government', country: '', accredited_for: '' }, { id: 'orged' });
	const load = useLoad(() => api('GET', '/organizations/' + encodeURIComponent(id)).then((o) => {
		form.reset({ name: o.name, type: o.type, country: o.country, accredited_for: (o.accredited_for || []).join(', ') });
		return o;
	}), [id]);
	useEffect(() => {
		document.title = t('adm.org.edit_title', { id }) + ' — SCS';
	}, [id]);
	const onSave = async (e) => {
		e.preventDefault();
		setSaved(false);
		await form.submit((v) => api('PUT', '/organizations/' + encodeURIComponent(id), orgBody({ ...v, id })), () => {
			setSaved(true);
			forgetOrgs();
			load.reload();
		});
	};
	const o = load.data;
	return html`<p class="adm-back"><${Link} href=${o && o.type === 'screening' ? '/bodies' : '/organizations'}>${
		o && o.type === 'screening' ? t('adm.bodies.back') : t('adm.orgs.back')}<//></p>
		<h1>${t('adm.org.edit_title', { id })}</h1>
		<${Loading} on=${load.loading && !o} />
		<${LoadError} error=${load.error} reload=${load.reload} />
		${o ? html`<form onSubmit=${onSave} novalidate class="adm-panel">
			<p>${t('adm.org.id')}: <code>${o.id}</code></p>
			<${OrgFields} form=${form} creating=${false} fixedType=${false} />
			<${FormStatus} form=${form} />
			${saved ? html`<div class="notice notice-ok" role="status"><p>${t('adm.org.saved')}</p></div>` : null}
			<button type="submit" disabled=${form.busy}>${t('adm.save')}</button>
		</form>` : null}`;
}
