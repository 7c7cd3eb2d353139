// SPDX-License-Identifier: Apache-2.0
// pages/admin-users.js - the admin's users (GET/POST /v1/users, POST
// /v1/users/{id}/disable|enable|reset): the list with each account's
// state, creating one, disabling (confirmed), enabling, and resetting a
// subject's account.  A subject's first password is set by the person
// with a one-time activation code (never by the admin: DESIGN.md section
// 2); the code is shown here once.  Staff set by the admin get a first
// password; a relying system gets an API key, also shown once.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t, tCode } from '../i18n.js';
import { OrgName } from '../names.js';
import { localMessage } from '../srvmsg.js';
import { LoadError, Loading, Pager, Time, useLoad } from '../widgets.js';

const ROLES = ['admin', 'security_officer', 'subject', 'investigator', 'adjudicator', 'designator', 'auditor', 'relying_system'];
const STATES = ['active', 'pending', 'disabled'];

function stateOf(u) {
	if (u.disabled)
		return 'disabled';
	return u.activation_pending ? 'pending' : 'active';
}

/** A secret shown once (activation code or API key), with what to do with it. */
function OneTime({ secret, onDone }) {
	const ref = useRef(null);
	useEffect(() => {
		if (ref.current)
			ref.current.focus();
	}, [secret]);
	const api_key = secret.kind === 'api_key';
	return html`<section class="notice notice-warn adm-onetime" role="status" tabindex="-1" ref=${ref}
		aria-labelledby="onetime-h" data-username=${secret.username}>
		<h2 id="onetime-h">${api_key ? t('adm.onetime.key_title', { user: secret.username }) :
			t('adm.onetime.title', { user: secret.username })}</h2>
		<p class="adm-secret"><code lang="en">${secret.value}</code></p>
		${api_key ? html`<p>${t('adm.onetime.key_text')}</p>` : html`
			<p>${t('adm.onetime.text', { user: secret.username })}</p>
			<ol>
				<li>${t('adm.onetime.step1', { url: location.origin + '/activate' })}</li>
				<li>${t('adm.onetime.step2', { user: secret.username })}</li>
				<li>${t('adm.onetime.step3')}</li>
			</ol>
			${secret.expires ? html`<p>${t('adm.onetime.expires')} <${Time} value=${secret.expires} /></p>` : null}`}
		<p><strong>${api_key ? t('adm.onetime.once_key') : t('adm.onetime.once')}</strong></p>
		<button type="button" class="secondary" onClick=${onDone}>${t('adm.onetime.done')}</button>
	</section>`;
}

/* Whose account a row's button acts on, for a screen reader. */
function Who({ u }) {
	return html`<span class="sr-only"> (${u.username})</span>`;
}

/** The actions of one account's row: disable (confirmed), enable, reset (confirmed). */
function RowActions({ u, me, onChanged, onSecret }) {
	const [confirm, setConfirm] = useState(null); /* 'disable' | 'reset' */
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState(null);
	const run = async (what) => {
		setBusy(true);
		setError(null);
		try {
			const r = await api('POST', '/users/' + encodeURIComponent(u.username) + '/' + what);
			setConfirm(null);
			if (what === 'reset')
				onSecret({ kind: 'code', username: u.username, value: r.activation_code, expires: r.activation_expires });
			onChanged(u.username, what);
		} catch (e) {
			setError(e.transient ? t('error.network') : (localMessage(e.message) || t('error.code.' + e.code)));
		} finally {
			setBusy(false);
		}
	};
	if (u.username === me)
		return html`<span class="muted">${t('adm.users.you')}</span>`;
	if (confirm)
		return html`<div class="adm-confirm" role="group" aria-label=${t('adm.users.confirm_' + confirm, { user: u.username })}>
			<p>${t('adm.users.confirm_' + confirm, { user: u.username })}</p>
			<button type="button" class="danger" disabled=${busy} onClick=${() => run(confirm)}>${t('adm.users.yes_' + confirm)}</button>
			<button type="button" class="secondary" disabled=${busy} onClick=${() => setConfirm(null)}>${t('adm.cancel')}</button>
			${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
		</div>`;
	return html`<div class="adm-actions">
		${u.disabled ?
			html`<button type="button" class="secondary" disabled=${busy} onClick=${() => run('enable')}>${t('adm.users.enable')}<${Who} u=${u} /></button>` :
			html`<button type="button" class="secondary" onClick=${() => setConfirm('disable')}>${t('adm.users.disable')}<${Who} u=${u} /></button>`}
		${u.role === 'subject' && !u.disabled ? html`<button type="button" class="secondary"
			onClick=${() => setConfirm('reset')}>${t('adm.users.reset')}<${Who} u=${u} /></button>` : null}
		${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
	</div>`;
}

export function Users({ user }) {
	const [secret, setSecret] = useState(null);
	const [role, setRole] = useState('');
	const [state, setState] = useState('');
	const [changed, setChanged] = useState(null);
	// Pages of up to 1,000 accounts (the server's limit), in name order.
	const [after, setAfter] = useState(undefined);
	const load = useLoad(() => api('GET', '/users' + (after ? '?after=' + encodeURIComponent(after) : '')), [after]);
	const orgs = useLoad(() => api('GET', '/organizations'), []);
	const empty = { username: '', role: 'subject', org: '', person: '', password: '' };
	const form = useForm(empty, { id: 'user' });
	useEffect(() => {
		document.title = t('adm.users.title') + ' — SCS';
	}, []);

	const onCreate = async (e) => {
		e.preventDefault();
		await form.submit((v) => {
			const b = { username: v.username.trim(), role: v.role, org: v.org };
			if (v.role === 'subject')
				b.person = v.person.trim();
			else if (v.role !== 'relying_system')
				b.password = v.password;
			return api('POST', '/users', b);
		}, (r) => {
			if (r.activation_code)
				setSecret({ kind: 'code', username: r.username, value: r.activation_code, expires: r.activation_expires });
			else if (r.api_key)
				setSecret({ kind: 'api_key', username: r.username, value: r.api_key });
			else
				setSecret(null);
			setChanged(r.activation_code || r.api_key ? null : { user: r.username, what: 'created' });
			form.reset({ ...empty, role: form.values.role, org: form.values.org });
			load.reload();
		});
	};
	const onChanged = (name, what) => {
		setChanged({ user: name, what });
		load.reload();
	};

	const orgList = (orgs.data && orgs.data.organizations) || [];
	const all = (load.data && load.data.users) || [];
	const list = all.filter((u) => (!role || u.role === role) && (!state || stateOf(u) === state));
	const r = form.values.role;
	return html`<h1>${t('adm.users.title')}</h1>
		<p>${t('adm.users.intro')}</p>
		${secret ? html`<${OneTime} secret=${secret} onDone=${() => setSecret(null)} />` : null}
		${changed && changed.what !== 'reset' ? html`<div class="notice notice-ok" role="status">
			<p>${t('adm.users.done_' + changed.what, { user: changed.user })}</p></div>` : null}
		<div class="filters">
			<div class="field"><label for="users-role">${t('field.role')}</label>
				<select id="users-role" value=${role} onChange=${(e) => setRole(e.currentTarget.value)}>
					<option value="">${t('adm.any')}</option>
					${ROLES.map((x) => html`<option value=${x}>${tCode('role', x)}</option>`)}
				</select></div>
			<div class="field"><label for="users-state">${t('adm.users.state')}</label>
				<select id="users-state" value=${state} onChange=${(e) => setState(e.currentTarget.value)}>
					<option value="">${t('adm.any')}</option>
					${STATES.map((x) => html`<option value=${x}>${t('adm.state.' + x)}</option>`)}
				</select></div>
		</div>
		<${Loading} on=${load.loading && !load.data} />
		<${LoadError} error=${load.error} reload=${load.reload} />
		${load.data ? (list.length === 0 ? html`<p>${t('adm.empty')}</p>` : html`<div class="table-wrap" tabindex="0" role="region"
			aria-label=${t('adm.users.title')}><table class="adm-users">
			<caption>${t('adm.users.title')} <span class="muted">(${t('adm.count', { n: list.length })})</span></caption>
			<thead><tr>
				<th scope="col">${t('field.username')}</th><th scope="col">${t('field.role')}</th>
				<th scope="col">${t('field.org')}</th><th scope="col">${t('field.person')}</th>
				<th scope="col">${t('adm.users.state')}</th><th scope="col">${t('adm.users.created')}</th>
				<th scope="col">${t('adm.users.actions')}</th>
			</tr></thead>
			<tbody>${list.map((u) => html`<tr key=${u.username} data-user=${u.username}>
				<th scope="row"><code>${u.username}</code></th>
				<td>${tCode('role', u.role)}</td>
				<td><${OrgName} id=${u.org} /></td>
				<td>${u.person ? html`<code>${u.person}</code>` : '—'}</td>
				<td><span class=${'status adm-state-' + stateOf(u)}>${t('adm.state.' + stateOf(u))}</span></td>
				<td><${Time} value=${u.created} /></td>
				<td><${RowActions} u=${u} me=${user.username} onChanged=${onChanged} onSecret=${setSecret} /></td>
			</tr>`)}</tbody>
		</table></div>`) : null}
		${load.data ? html`<${Pager} hasPrev=${after !== undefined} next=${load.data.next}
			onFirst=${() => setAfter(undefined)} onNext=${() => setAfter(load.data.next)} />` : null}
		<section aria-labelledby="user-h" class="adm-panel">
			<h2 id="user-h">${t('adm.users.create')}</h2>
			<form onSubmit=${onCreate} novalidate>
				<${Field} form=${form} name="username" label=${t('field.username')} hint=${t('adm.users.username_hint')} required
					autocomplete="off" autocapitalize="off" spellcheck="false" />
				<${Field} form=${form} name="role" label=${t('field.role')} required options=${ROLES.map((x) => [x, tCode('role', x)])} />
				<${Field} form=${form} name="org" label=${t('field.org')} required
					options=${[['', t('adm.users.choose_org')], ...orgList.map((o) => [o.id, o.name + ' (' + o.id + ')'])]} />
				${r === 'subject' ? html`<${Field} form=${form} name="person" label=${t('field.person')}
					hint=${t('adm.users.person_hint')} required autocomplete="off" autocapitalize="off" spellcheck="false" />` : null}
				${r !== 'subject' && r !== 'relying_system' ? html`<${Field} form=${form} name="password" type="password"
					label=${t('adm.users.first_password')} hint=${t('adm.users.password_hint')} required autocomplete="new-password" />` : null}
				<p class="hint">${r === 'subject' ? t('adm.users.subject_note') : r === 'relying_system' ?
					t('adm.users.relying_note') : t('adm.users.staff_note')}</p>
				<${FormStatus} form=${form} />
				<button type="submit" disabled=${form.busy}>${t('adm.create')}</button>
			</form>
		</section>`;
}
