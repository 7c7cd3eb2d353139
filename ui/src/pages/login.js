// SPDX-License-Identifier: Apache-2.0
// pages/login.js - sign in (a cookie session: POST /v1/login with
// "cookie": true answers the CSRF token and the user, never a token) and
// account activation with the one-time code (POST /v1/activate).
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api, setCsrf, setIdleTimeout } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t } from '../i18n.js';
import { Link, navigate } from '../router.js';

export function Login({ onSignedIn, notice }) {
	const prefill = new URLSearchParams(location.search).get('user') || '';
	const form = useForm({ username: prefill, password: '' }, { id: 'login', fallbackField: 'password' });
	useEffect(() => {
		document.title = t('login.title') + ' — SCS';
	}, []);
	const onSubmit = async (e) => {
		e.preventDefault();
		await form.submit((v) => api('POST', '/login',
			{ username: v.username, password: v.password, cookie: true }, null, { quiet401: true }), (r) => {
			setCsrf(r.csrf);
			setIdleTimeout(r.idle_timeout);
			onSignedIn(r.user);
		});
	};
	return html`<section class="narrow" aria-labelledby="login-h">
		<h1 id="login-h">${t('login.title')}</h1>
		${notice ? html`<div class="notice notice-ok" role="status"><p>${notice}</p></div>` : null}
		<form onSubmit=${onSubmit} novalidate>
			<${Field} form=${form} name="username" label=${t('field.username')} required autocomplete="username" autocapitalize="off" spellcheck="false" />
			<${Field} form=${form} name="password" label=${t('field.password')} type="password" required autocomplete="current-password" />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('login.submit')}</button>
		</form>
		<p><${Link} href="/activate">${t('login.activate_link')}<//></p>
		<p><${Link} href="/verify">${t('verify.login_link')}<//></p>
	</section>`;
}

export function Activate() {
	const form = useForm({ username: '', code: '', password: '', password2: '' }, { id: 'act', fallbackField: 'code' });
	useEffect(() => {
		document.title = t('activate.title') + ' — SCS';
	}, []);
	const onSubmit = async (e) => {
		e.preventDefault();
		if (form.values.password !== form.values.password2) {
			form.setErrors({ password2: t('error.mismatch') });
			return;
		}
		await form.submit((v) => api('POST', '/activate',
			{ username: v.username, code: v.code, password: v.password }, null, { quiet401: true }), (r) => {
			navigate('/login?activated=1&user=' + encodeURIComponent(r.username || form.values.username));
		});
	};
	return html`<section class="narrow" aria-labelledby="act-h">
		<h1 id="act-h">${t('activate.title')}</h1>
		<p>${t('activate.intro')}</p>
		<form onSubmit=${onSubmit} novalidate>
			<${Field} form=${form} name="username" label=${t('field.username')} required autocomplete="username" autocapitalize="off" spellcheck="false" />
			<${Field} form=${form} name="code" label=${t('field.code')} hint=${t('activate.code_hint')} required autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" />
			<${Field} form=${form} name="password" label=${t('field.new_password')} hint=${t('password.hint')} type="password" required autocomplete="new-password" />
			<${Field} form=${form} name="password2" label=${t('field.new_password2')} type="password" required autocomplete="new-password" />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('activate.submit')}</button>
		</form>
		<p><${Link} href="/login">${t('activate.back')}<//></p>
	</section>`;
}
