// SPDX-License-Identifier: Apache-2.0
// pages/nominate.js - a security officer nominates a member of their staff
// for a suitability assessment (POST /v1/cases): the person (from the
// staff list, GET /v1/organizations/{org}/staff; ?person=ID preselects
// one, as the staff page's "Nominate" links do), the authority, a level of
// that authority, the stated need.  The answer: the case, and when the
// nomination made the person's subject account, its one-time activation
// code for the officer to hand over.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { TextArea } from '../casefile-fields.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t, tCode } from '../i18n.js';
import { Link } from '../router.js';
import { LoadError, Loading, useLoad } from '../widgets.js';

/* The authorities a Japanese organization nominates for and their levels
 * (data/levels.csv, data/vetting.json); the server checks the level. */
export const AUTHORITY_LEVELS = {
	'JPN-SDS': ['TOKUTEI_HIMITSU'],
	'JPN-CESI': ['JUYO_KEIZAI_ANPO'],
	'JPN-MOD': ['KIMITSU', 'GOKUHI', 'HI'],
};

export function Nominate({ user }) {
	const pre = new URLSearchParams(location.search).get('person') || '';
	const staff = useLoad(() => api('GET', '/organizations/' + encodeURIComponent(user.org) + '/staff', undefined,
		{ sort: 'name', limit: 1000 }), []);
	const form = useForm({ person: pre, authority: 'JPN-SDS', level: 'TOKUTEI_HIMITSU', need: '' }, { id: 'nom' });
	const [answer, setAnswer] = useState(null);
	useEffect(() => {
		document.title = t('file.nominate.title') + ' — SCS';
	}, []);
	const setAuthority = (e) => {
		const a = e.currentTarget.value;
		form.setValues((v) => ({ ...v, authority: a, level: (AUTHORITY_LEVELS[a] || [''])[0] }));
	};
	const onSubmit = async (e) => {
		e.preventDefault();
		await form.submit((v) => api('POST', '/cases', { person: v.person, authority: v.authority, level: v.level, need: v.need }),
			(r) => setAnswer(r));
	};
	const people = staff.data ? staff.data.staff || [] : [];
	if (answer) {
		const acct = answer.subject_account;
		return html`<h1>${t('file.nominate.title')}</h1>
			<section class="notice notice-ok nominated" role="status" aria-labelledby="nom-done-h">
				<h2 id="nom-done-h">${t('file.nominate.done')}</h2>
				<p>${t('file.nominate.case')} <${Link} href=${'/cases/' + encodeURIComponent(answer.id)}><code>${answer.id}</code><//></p>
			</section>
			${acct ? html`<section class="activation" aria-labelledby="act-h">
				<h2 id="act-h">${t('file.nominate.account')}</h2>
				<dl class="facts">
					<dt>${t('file.nominate.user')}</dt><dd><code class="act-user">${acct.user}</code></dd>
					<dt>${t('file.nominate.code')}</dt><dd><code class="act-code">${acct.activation_code}</code></dd>
				</dl>
				<p>${t('file.nominate.code_explain')}</p>
				<p class="notice notice-warn">${t('file.nominate.code_once')}</p>
			</section>` : html`<p>${t('file.nominate.has_account')}</p>`}
			<p><${Link} href="/staff">${t('file.nominate.back_staff')}<//> · <${Link} href="/cases">${t('file.nominate.back_cases')}<//></p>`;
	}
	const opts = [['', t('file.choose')], ...people.map((p) => [p.person, p.name + (p.name_latin ? ' / ' + p.name_latin : '') + ' (' + p.person + ')'])];
	if (pre && !people.some((p) => p.person === pre))
		opts.push([pre, pre]);
	return html`<p class="crumbs"><${Link} href="/staff">${t('file.nominate.back_staff')}<//></p>
		<h1>${t('file.nominate.title')}</h1>
		<p>${t('file.nominate.intro')}</p>
		<${Loading} on=${staff.loading && !staff.data} />
		<${LoadError} error=${staff.error} reload=${staff.reload} />
		<form onSubmit=${onSubmit} novalidate class="narrow">
			<${Field} form=${form} name="person" label=${t('field.person')} required options=${opts} />
			<${Field} form=${form} name="authority" label=${t('file.nominate.authority')} required onChange=${setAuthority}
				options=${Object.keys(AUTHORITY_LEVELS).map((a) => [a, t('file.authority.' + a)])} />
			<${Field} form=${form} name="level" label=${t('cases.level')} required
				options=${(AUTHORITY_LEVELS[form.values.authority] || []).map((l) => [l, tCode('level', l)])} />
			<${TextArea} form=${form} name="need" label=${t('file.nominate.need')} required hint=${t('file.nominate.need_hint')} />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('file.nominate.send')}</button>
		</form>`;
}
