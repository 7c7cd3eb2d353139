// SPDX-License-Identifier: Apache-2.0
// pages/nominate.js - a security officer nominates a member of their staff
// for a suitability assessment (POST /v1/cases): the person (from the
// staff list, GET /v1/organizations/{org}/staff; ?person=ID preselects
// one, as the staff page's "Nominate" links do), the authority, a level of
// that authority (GET /v1/levels, highest rank first; by default only
// those the employer may sponsor, levels.js, with a hint why, and every
// authority a tick away), the stated need.  The answer: the case, and when the
// nomination made the person's subject account, its one-time activation
// code for the officer to hand over.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { TextArea } from '../casefile-fields.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t, tCode } from '../i18n.js';
import { byRank, offered } from '../levels.js';
import { Link } from '../router.js';
import { LoadError, Loading, useLoad } from '../widgets.js';

export function Nominate({ user }) {
	const pre = new URLSearchParams(location.search).get('person') || '';
	const org = encodeURIComponent(user.org);
	const staff = useLoad(() => api('GET', '/organizations/' + org + '/staff', undefined,
		{ sort: 'name', limit: 1000 }), []);
	/* The staff are the officer's organization's: it is the nominee's employer. */
	const ref = useLoad(() => Promise.all([api('GET', '/levels'), api('GET', '/organizations/' + org)]), []);
	const form = useForm({ person: pre, authority: '', level: '', need: '' }, { id: 'nom' });
	const [answer, setAnswer] = useState(null);
	const [every, setEvery] = useState(false);
	useEffect(() => {
		document.title = t('file.nominate.title') + ' — SCS';
	}, []);
	const [levels, employer] = ref.data || [{ authorities: [] }, null];
	/* The employer's conforming-business approvals: GET /v1/conforming is
	 * the admins' and designators' (routes.c), not a security officer's,
	 * so null: the Japanese authorities, and the server decides. */
	const list = every ? byRank(levels.authorities).filter((a) => a.levels.length)
		: offered(levels.authorities, employer, null, Date.now());
	const levelsOf = (a) => (list.find((x) => x.authority === a) || { levels: [] }).levels;
	/* The first authority and its highest level, whenever the choice leaves the list. */
	useEffect(() => {
		if (!list.length || list.some((a) => a.authority === form.values.authority))
			return;
		form.setValues((v) => ({ ...v, authority: list[0].authority, level: list[0].levels[0].level }));
	}, [list.map((a) => a.authority).join()]);
	const setAuthority = (e) => {
		const a = e.currentTarget.value;
		form.setValues((v) => ({ ...v, authority: a, level: (levelsOf(a)[0] || { level: '' }).level }));
	};
	const type = employer && employer.type;
	const name = employer ? employer.name : user.org;
	const hint = type === 'government' ? t('file.nominate.hint_gov', { org: name })
		: type === 'contractor' || type === 'research' ? t('file.nominate.hint_conf', { org: name })
			: employer ? t('file.nominate.hint_none', { org: name }) : undefined;
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
		<${Loading} on=${(staff.loading && !staff.data) || (ref.loading && !ref.data)} />
		<${LoadError} error=${staff.error} reload=${staff.reload} />
		<${LoadError} error=${ref.error} reload=${ref.reload} />
		<form onSubmit=${onSubmit} novalidate class="narrow">
			<${Field} form=${form} name="person" label=${t('field.person')} required options=${opts} />
			<${Field} form=${form} name="authority" label=${t('file.nominate.authority')} required onChange=${setAuthority}
				hint=${hint} options=${list.map((a) => [a.authority, t('file.authority.' + a.authority)])} />
			<div class="field reg-check"><input type="checkbox" id="nom-every" checked=${every}
				onChange=${(e) => setEvery(e.currentTarget.checked)} />
				<label for="nom-every">${t('file.nominate.every')}</label></div>
			<${Field} form=${form} name="level" label=${t('cases.level')} required
				options=${levelsOf(form.values.authority).map((l) => [l.level, tCode('level', l.level)])} />
			<${TextArea} form=${form} name="need" label=${t('file.nominate.need')} required hint=${t('file.nominate.need_hint')} />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('file.nominate.send')}</button>
		</form>`;
}
