// SPDX-License-Identifier: Apache-2.0
// pages/person.js - a security officer adds a member of their staff to
// the register (POST /v1/persons) and corrects a person's identity
// (GET/PUT /v1/persons/{id}).  Names as people write them: the name in
// its own script (山田 太郎, 髙橋 一郎: no pattern, no length counted in
// characters, typed through an IME) and the name in Latin letters as in
// the passport (YAMADA Taro), each in its own field with its language
// marked, so a screen reader and an IME treat each rightly.  The birth
// date is a calendar date, sent as typed.  Nothing here is sensitive:
// relatives are the subject's to declare in the questionnaire.  Below the
// identity, the person's attestation codes for partners (pages/attest.js).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { AttestationPanel } from './attest.js';
import { ForeignImport } from './foreign.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t } from '../i18n.js';
import { CountryField, useOrgName } from '../names.js';
import { Link, navigate } from '../router.js';
import { LoadError, Loading, nameLang, useLoad } from '../widgets.js';

/* "JPN, usa" -> ["JPN", "USA"]; the server checks each code. */
const codes = (s) => String(s).split(/[\s,、，]+/).map((x) => x.trim().toUpperCase()).filter(Boolean);

function IdentityFields({ form, withId }) {
	return html`${withId ? html`<${Field} form=${form} name="id" label=${t('person.id')} hint=${t('person.id_hint')}
			required autocomplete="off" spellcheck="false" />` : null}
		<${Field} form=${form} name="name" label=${t('person.name')} hint=${t('person.name_hint')} required
			autocomplete="off" spellcheck="false" lang=${nameLang(form.values.name)} />
		<${Field} form=${form} name="name_latin" label=${t('person.name_latin')} hint=${t('person.name_latin_hint')} required
			autocomplete="off" spellcheck="false" lang="en" />
		<${Field} form=${form} name="birth_date" label=${t('person.birth_date')} type="date" required />
		<${CountryField} form=${form} name="nationalities" label=${t('person.nationalities')} hint=${t('person.nationalities_hint')}
			required />`;
}

/* The body of POST or PUT from the form. */
function body(v, org) {
	return { id: v.id.trim(), name: v.name.trim(), name_latin: v.name_latin.trim(), birth_date: v.birth_date,
		nationalities: codes(v.nationalities), org };
}

export function PersonNew({ user }) {
	const orgName = useOrgName(user.org);
	const form = useForm({ id: '', name: '', name_latin: '', birth_date: '', nationalities: 'JPN' }, { id: 'per' });
	const [made, setMade] = useState(null);
	useEffect(() => {
		document.title = t('person.new_title') + ' — SCS';
	}, []);
	const onSubmit = async (e) => {
		e.preventDefault();
		await form.submit((v) => api('POST', '/persons', body(v, user.org)), (r) => setMade(r || body(form.values, user.org)));
	};
	if (made)
		return html`<h1>${t('person.new_title')}</h1>
			<div class="notice notice-ok" role="status"><p>${t('person.added', { name: made.name, id: made.id })}</p></div>
			<ul class="actions-list">
				<li><${Link} href=${'/cases/new?person=' + encodeURIComponent(made.id)}>${t('person.nominate_now')}<//></li>
				<li><${Link} href=${'/persons/' + encodeURIComponent(made.id)}>${t('person.open')}<//></li>
				<li><${Link} href="/staff">${t('person.back')}<//></li>
			</ul>`;
	return html`<p class="crumbs"><${Link} href="/staff">${t('person.back')}<//></p>
		<h1>${t('person.new_title')}</h1>
		<p>${t('person.new_intro', { org: orgName })}</p>
		<form onSubmit=${onSubmit} novalidate class="narrow">
			<${IdentityFields} form=${form} withId=${true} />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('person.add')}</button>
		</form>`;
}

export function PersonEdit({ user, params }) {
	const id = params.id;
	const q = useLoad(() => api('GET', '/persons/' + encodeURIComponent(id)), [id]);
	const form = useForm({ id, name: '', name_latin: '', birth_date: '', nationalities: '' }, { id: 'per' });
	useEffect(() => {
		document.title = t('person.edit_title', { id }) + ' — SCS';
	}, [id]);
	useEffect(() => {
		const p = q.data;
		if (p)
			form.setValues({ id: p.id, name: p.name, name_latin: p.name_latin, birth_date: p.birth_date,
				nationalities: (p.nationalities || []).join(', ') });
	}, [q.data]);
	const onSubmit = async (e) => {
		e.preventDefault();
		await form.submit((v) => api('PUT', '/persons/' + encodeURIComponent(id), body(v, q.data.org)).then((x) => x || {}),
			() => form.setStatus({ kind: 'ok', text: t('person.saved') }));
	};
	return html`<p class="crumbs"><${Link} href="/staff">${t('person.back')}<//></p>
		<h1>${t('person.edit_title', { id })}</h1>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		${q.data ? html`<form onSubmit=${onSubmit} novalidate class="narrow">
			<${IdentityFields} form=${form} withId=${false} />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('person.save')}</button>
			${' '}<button type="button" class="secondary" onClick=${() => navigate('/cases/new?person=' + encodeURIComponent(id))}
				>${t('person.nominate_now')}</button>
		</form>` : null}
		${q.data ? html`<${AttestationPanel} person=${id} canRevoke=${true} />` : null}
		${q.data ? html`<${ForeignImport} person=${id} />` : null}`;
}
