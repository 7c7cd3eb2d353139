// SPDX-License-Identifier: Apache-2.0
// pages/briefings.js - a security officer's briefings of their staff into
// compartments: the list (GET /v1/organizations/{org}/briefings), a new
// briefing with the NDA's signing date (POST /v1/briefings), and a
// debriefing (PUT /v1/briefings with valid_until).  The person is picked
// from the staff (GET /v1/organizations/{org}/staff).  The compartment is
// typed by id: GET /v1/compartments is the admins' and designators'
// (routes.c), so a datalist offers those the staff have been briefed into,
// with how many are now.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t } from '../i18n.js';
import { today } from '../registers-fields.js';
import { LoadError, Loading, Time, useLoad } from '../widgets.js';
import { current } from './labels.js';

export function Briefings({ user }) {
	const org = encodeURIComponent(user.org);
	const q = useLoad(() => Promise.all([api('GET', '/organizations/' + org + '/briefings'),
		api('GET', '/organizations/' + org + '/staff', undefined, { limit: 1000 })]), []);
	const form = useForm({ person: '', compartment: '', nda_signed: today(), valid_from: today(), valid_until: '' }, { id: 'brief' });
	const end = useForm({ valid_until: today() }, { id: 'debrief', fallbackField: 'valid_until' });
	const [ending, setEnding] = useState(null);
	const [all, setAll] = useState(false);
	useEffect(() => {
		document.title = t('reg.brief.title') + ' — SCS';
	}, []);
	const [data, staff] = q.data || [{ briefings: [] }, { staff: [] }];
	const people = staff.staff || [];
	useEffect(() => {
		if (people.length && !form.values.person)
			form.setValues((v) => ({ ...v, person: people[0].person }));
	}, [people.length]);
	const who = (id) => {
		const p = people.find((x) => x.person === id);
		return p ? html`${p.name}${p.name_latin ? html` <span class="muted" lang="en">(${p.name_latin})</span>` : null} <code>${id}</code>` : html`<code>${id}</code>`;
	};
	const onSubmit = (e) => {
		e.preventDefault();
		const v = form.values;
		form.submit(() => api('POST', '/briefings', { person: v.person, compartment: v.compartment.trim(), nda_signed: v.nda_signed,
			valid_from: v.valid_from, valid_until: v.valid_until || null }), (r) => {
			form.reset({ ...form.values, compartment: '', valid_until: '' });
			form.setStatus({ kind: 'ok', text: t('reg.brief.done', { person: r.person, compartment: r.compartment }) });
			q.reload();
		});
	};
	const onEnd = (e) => {
		e.preventDefault();
		end.submit(() => api('PUT', '/briefings', { ...ending, valid_until: end.values.valid_until }), (r) => {
			setEnding(null);
			end.setStatus({ kind: 'ok', text: t('reg.brief.debriefed', { person: r.person, compartment: r.compartment }) });
			q.reload();
		});
	};
	const list = (data.briefings || []).filter((b) => all || current(b));
	const known = [...new Set((data.briefings || []).map((b) => b.compartment))].sort()
		.map((c) => [c, new Set((data.briefings || []).filter((b) => b.compartment === c && current(b)).map((b) => b.person)).size]);
	const title = t('reg.brief.list');
	return html`<h1>${t('reg.brief.title')}</h1>
		<p>${t('reg.brief.intro', { org: user.org })}</p>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		<h2>${title}</h2>
		<div class="field reg-check"><input type="checkbox" id="brief-all" checked=${all} onChange=${(e) => setAll(e.currentTarget.checked)} />
			<label for="brief-all">${t('reg.brief.show_ended')}</label></div>
		${q.data ? (list.length === 0 ? html`<p>${t('reg.empty')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${title}><table>
			<caption class="sr-only">${title}</caption>
			<thead><tr><th scope="col">${t('reg.member.person')}</th><th scope="col">${t('reg.brief.compartment')}</th>
				<th scope="col">${t('reg.brief.nda')}</th><th scope="col">${t('reg.valid_from')}</th><th scope="col">${t('reg.valid_until')}</th>
				<th scope="col">${t('reg.state')}</th><th scope="col"><span class="sr-only">${t('reg.actions')}</span></th></tr></thead>
			<tbody>${list.map((b) => html`<tr key=${b.person + b.compartment + b.valid_from}>
				<td>${who(b.person)}</td><td><code>${b.compartment}</code></td><td><${Time} value=${b.nda_signed} /></td>
				<td><${Time} value=${b.valid_from} /></td><td><${Time} value=${b.valid_until} /></td>
				<td>${t(current(b) ? 'reg.current' : 'reg.not_current')}</td>
				<td>${current(b) ? html`<button type="button" class="secondary small" onClick=${() => setEnding(b)}
					aria-label=${t('reg.brief.debrief_label', { person: b.person, compartment: b.compartment })}>${t('reg.brief.debrief')}</button>` : null}</td>
			</tr>`)}</tbody>
		</table></div>`) : null}
		${ending ? html`<form onSubmit=${onEnd} novalidate class="reg-form">
			<h3>${t('reg.brief.debrief_label', { person: ending.person, compartment: ending.compartment })}</h3>
			<${Field} form=${end} name="valid_until" label=${t('reg.brief.debrief_on')} type="date" required />
			<div class="actions"><button type="submit" disabled=${end.busy}>${t('reg.brief.debrief')}</button>
				<button type="button" class="secondary" onClick=${() => setEnding(null)}>${t('reg.action.cancel')}</button></div>
		</form>` : null}
		<${FormStatus} form=${end} />
		<section aria-labelledby="brief-h"><h2 id="brief-h">${t('reg.brief.new')}</h2>
		${q.data ? html`<form onSubmit=${onSubmit} novalidate class="reg-form">
			<${Field} form=${form} name="person" label=${t('reg.member.person')}
				options=${people.map((p) => [p.person, p.name + (p.name_latin ? ' (' + p.name_latin + ')' : '') + ' — ' + p.person])} />
			<${Field} form=${form} name="compartment" label=${t('reg.brief.compartment')} required autocomplete="off" hint=${t('reg.brief.compartment_hint')}
				list="brief-compartments" spellcheck="false">
				<datalist id="brief-compartments">${known.map(([c, n]) => html`<option value=${c}
					label=${n ? t('reg.brief.known', { n }) : t('reg.brief.known_none')} />`)}</datalist>
			<//>
			<${Field} form=${form} name="nda_signed" label=${t('reg.brief.nda')} type="date" required />
			<${Field} form=${form} name="valid_from" label=${t('reg.valid_from')} type="date" required />
			<${Field} form=${form} name="valid_until" label=${t('reg.valid_until_opt')} type="date" />
			<${FormStatus} form=${form} />
			<div class="actions"><button type="submit" disabled=${form.busy}>${t('reg.brief.submit')}</button></div>
		</form>` : null}</section>`;
}
