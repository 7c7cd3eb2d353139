// SPDX-License-Identifier: Apache-2.0
// pages/conforming.js - the conforming businesses a designator's organ has
// approved (GET/POST/PUT /v1/conforming, DESIGN.md section 3: a contractor
// or research institution handles the information only while its approval
// holds, up to the level approved and until its end).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { getLang, t } from '../i18n.js';
import { useOrgName } from '../names.js';
import { levelName, loadLevels, today } from '../registers-fields.js';
import { LoadError, Loading, Time, useLoad } from '../widgets.js';
import { current } from './labels.js';

export function Conforming({ user }) {
	const orgName = useOrgName(user.org);
	const q = useLoad(() => Promise.all([api('GET', '/conforming'), loadLevels(), api('GET', '/organizations')]), []);
	const form = useForm({ org: '', authority: 'JPN-CESI', level: '', valid_from: today(), valid_until: '' }, { id: 'approve' });
	const end = useForm({ valid_until: today() }, { id: 'end-approval', fallbackField: 'valid_until' });
	const [ending, setEnding] = useState(null);
	useEffect(() => {
		document.title = t('reg.conf.title') + ' — SCS';
	}, []);
	const [data, auths, orgs] = q.data || [{ conforming: [] }, [], { organizations: [] }];
	const businesses = (orgs.organizations || []).filter((o) => o.type === 'contractor' || o.type === 'research');
	const nameOf = (id) => {
		const o = (orgs.organizations || []).find((x) => x.id === id);
		return o ? o.name : id;
	};
	const auth = auths.find((a) => a.authority === form.values.authority);
	const levels = auth ? auth.levels : [];
	useEffect(() => {
		if (levels.length && !levels.some((l) => l.level === form.values.level))
			form.setValues((v) => ({ ...v, level: levels[0].level }));
		if (businesses.length && !form.values.org)
			form.setValues((v) => ({ ...v, org: businesses[0].id }));
	}, [form.values.authority, auths.length, businesses.length]);
	const onSubmit = (e) => {
		e.preventDefault();
		const v = form.values;
		form.submit(() => api('POST', '/conforming', { org: v.org, organ: user.org, authority: v.authority, level: v.level,
			valid_from: v.valid_from, valid_until: v.valid_until || null }), (r) => {
			form.reset({ ...form.values, valid_until: '' });
			form.setStatus({ kind: 'ok', text: t('reg.conf.approved', { org: nameOf(r.org) }) });
			q.reload();
		});
	};
	const onEnd = (e) => {
		e.preventDefault();
		end.submit(() => api('PUT', '/conforming', { ...ending, valid_until: end.values.valid_until }), (r) => {
			setEnding(null);
			end.setStatus({ kind: 'ok', text: t('reg.conf.ended', { org: nameOf(r.org) }) });
			q.reload();
		});
	};
	const list = data.conforming || [];
	const title = t('reg.conf.list');
	return html`<h1>${t('reg.conf.title')}</h1>
		<p>${t('reg.conf.intro', { org: orgName })}</p>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		<h2>${title}</h2>
		${q.data ? (list.length === 0 ? html`<p>${t('reg.empty')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${title}><table>
			<caption class="sr-only">${title}</caption>
			<thead><tr><th scope="col">${t('reg.conf.org')}</th><th scope="col">${t('reg.item.authority')}</th>
				<th scope="col">${t('reg.conf.level')}</th><th scope="col">${t('reg.valid_from')}</th><th scope="col">${t('reg.valid_until')}</th>
				<th scope="col">${t('reg.state')}</th><th scope="col"><span class="sr-only">${t('reg.actions')}</span></th></tr></thead>
			<tbody>${list.map((c) => html`<tr key=${c.org + c.authority + c.valid_from}>
				<td>${nameOf(c.org)} <code>${c.org}</code></td><td>${c.authority}</td><td>${levelName(auths, c.authority, c.level)}</td>
				<td><${Time} value=${c.valid_from} /></td><td><${Time} value=${c.valid_until} /></td>
				<td>${t(current(c) ? 'reg.current' : 'reg.not_current')}</td>
				<td>${current(c) ? html`<button type="button" class="secondary small" onClick=${() => setEnding(c)}
					aria-label=${t('reg.conf.end_label', { org: nameOf(c.org), authority: c.authority })}>${t('reg.conf.end')}</button>` : null}</td>
			</tr>`)}</tbody>
		</table></div>`) : null}
		${ending ? html`<form onSubmit=${onEnd} novalidate class="reg-form">
			<h3>${t('reg.conf.end_label', { org: nameOf(ending.org), authority: ending.authority })}</h3>
			<${Field} form=${end} name="valid_until" label=${t('reg.conf.end_on')} type="date" required />
			<div class="actions"><button type="submit" disabled=${end.busy}>${t('reg.conf.end')}</button>
				<button type="button" class="secondary" onClick=${() => setEnding(null)}>${t('reg.action.cancel')}</button></div>
		</form>` : null}
		<${FormStatus} form=${end} />
		<section aria-labelledby="approve-h"><h2 id="approve-h">${t('reg.conf.new')}</h2>
		${q.data ? html`<form onSubmit=${onSubmit} novalidate class="reg-form">
			<${Field} form=${form} name="org" label=${t('reg.conf.org')} options=${businesses.map((o) => [o.id, o.name + ' (' + o.id + ')'])} />
			<${Field} form=${form} name="authority" label=${t('reg.item.authority')} options=${auths.map((a) => [a.authority, a.authority + ' — ' + (a.native_name && getLang() === 'ja' ? a.native_name : a.name)])} />
			<${Field} form=${form} name="level" label=${t('reg.conf.level')} options=${levels.map((l) => [l.level, levelName(auths, form.values.authority, l.level)])} />
			<${Field} form=${form} name="valid_from" label=${t('reg.valid_from')} type="date" required />
			<${Field} form=${form} name="valid_until" label=${t('reg.conf.until')} type="date" hint=${t('reg.conf.until_hint')} />
			<${FormStatus} form=${form} />
			<div class="actions"><button type="submit" disabled=${form.busy}>${t('reg.conf.approve')}</button></div>
		</form>` : null}</section>`;
}
