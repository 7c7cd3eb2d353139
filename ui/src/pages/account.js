// SPDX-License-Identifier: Apache-2.0
// pages/account.js - my account, for every role: change my password
// (POST /v1/me/password), my sessions (GET /v1/me/sessions) and ending
// one (DELETE /v1/me/sessions/{id}), how dates are written (pages/prefs.js).
import { html } from 'htm/preact';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t } from '../i18n.js';
import { OrgName, PersonName } from '../names.js';
import { LoadError, Loading, Time, useLoad } from '../widgets.js';
import { DatePrefs } from './prefs.js';
import { MyData } from './subject-case.js';

export function Account({ user }) {
	return html`<h1>${t('account.title')}</h1>
		<dl class="facts">
			<dt>${t('field.username')}</dt><dd>${user.username}</dd>
			<dt>${t('field.role')}</dt><dd>${t('role.' + user.role)}</dd>
			<dt>${t('field.org')}</dt><dd><${OrgName} id=${user.org} withId /></dd>
			${user.person ? html`<dt>${t('field.person')}</dt><dd><${PersonName} id=${user.person} user=${user} /></dd>` : null}
		</dl>
		${user.role === 'subject' ? html`<${MyData} user=${user} />` : null}
		<${ChangePassword} />
		<${Sessions} />
		<${DatePrefs} />`;
}

function ChangePassword() {
	const form = useForm({ current: '', new: '', new2: '' }, { id: 'pw', fallbackField: 'current' });
	const onSubmit = async (e) => {
		e.preventDefault();
		if (form.values.new !== form.values.new2) {
			form.setErrors({ new2: t('error.mismatch') });
			return;
		}
		await form.submit((v) => api('POST', '/me/password', { current: v.current, new: v.new }, null,
			{ quiet401: true }).then((x) => x || {}), (r) => {
			form.reset();
			form.setStatus({ kind: 'ok', text: t('account.password_changed') });
		});
	};
	return html`<section aria-labelledby="pw-h">
		<h2 id="pw-h">${t('account.password')}</h2>
		<form onSubmit=${onSubmit} novalidate class="narrow">
			<${Field} form=${form} name="current" label=${t('field.current_password')} type="password" required autocomplete="current-password" />
			<${Field} form=${form} name="new" label=${t('field.new_password')} hint=${t('password.hint')} type="password" required autocomplete="new-password" />
			<${Field} form=${form} name="new2" label=${t('field.new_password2')} type="password" required autocomplete="new-password" />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('account.change_password')}</button>
		</form>
	</section>`;
}

function Sessions() {
	const s = useLoad(() => api('GET', '/me/sessions'), []);
	const end = useForm({}, { id: 'sess' });
	const list = s.data ? s.data.sessions || [] : [];
	const endOne = async (id) => {
		await end.submit(() => api('DELETE', '/me/sessions/' + encodeURIComponent(id)).then((x) => x || {}), (r) => {
			s.reload();
		});
	};
	return html`<section aria-labelledby="sess-h">
		<h2 id="sess-h">${t('account.sessions')}</h2>
		<${Loading} on=${s.loading && !s.data} />
		<${LoadError} error=${s.error} reload=${s.reload} />
		<${FormStatus} form=${end} />
		${s.data ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('account.sessions')}><table>
			<caption class="sr-only">${t('account.sessions')}</caption>
			<thead><tr>
				<th scope="col">${t('session.id')}</th><th scope="col">${t('session.created')}</th>
				<th scope="col">${t('session.last_seen')}</th><th scope="col">${t('session.expires')}</th>
				<th scope="col"><span class="sr-only">${t('session.end')}</span></th>
			</tr></thead>
			<tbody>${list.map((x) => html`<tr key=${x.id}>
				<td><code>${x.id}</code>${x.current ? html` <strong class="tag">${t('session.current')}</strong>` : null}</td>
				<td><${Time} value=${x.created} /></td>
				<td><${Time} value=${x.last_seen} /></td>
				<td><${Time} value=${x.expires} /></td>
				<td>${x.current ? null : html`<button type="button" class="secondary small" disabled=${end.busy}
					aria-label=${t('session.end_named', { id: x.id })} onClick=${() => endOne(x.id)}>${t('session.end')}</button>`}</td>
			</tr>`)}</tbody>
		</table></div>` : null}
	</section>`;
}
