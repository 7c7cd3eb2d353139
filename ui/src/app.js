// SPDX-License-Identifier: Apache-2.0
// app.js - the shell: who is signed in (GET /v1/me after a reload), the
// header (user, role, language switch, sign-out), the navigation of the
// role's pages, the offline notice, and the page of the current path (a
// public one, such as the verifier, whether signed in or not).
// The names read for a user (names.js) are forgotten at sign-in and -out.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, onSignedOut, setCsrf, setIdleTimeout } from './api.js';
import { IdleWarning } from './idle.js';
import { getLang, initialLang, LANGS, setLang, t } from './i18n.js';
import { Activate, Login } from './pages/login.js';
import { findPage, PAGES, pagesFor, START } from './routes.js';
import { Link, navigate, usePath } from './router.js';
import { OrgName, resetNames } from './names.js';

const LANG_NAMES = { ja: '日本語', en: 'English' };

function LangSwitch({ onChange }) {
	const cur = getLang();
	return html`<div class="lang" role="group" aria-label=${t('lang.label')}>
		${LANGS.map((l) => html`<button type="button" lang=${l} class="lang-btn" aria-pressed=${l === cur ? 'true' : 'false'}
			data-lang=${l} onClick=${() => onChange(l)}>${LANG_NAMES[l]}</button>`)}
	</div>`;
}

function useOnline() {
	const [online, setOnline] = useState(navigator.onLine);
	useEffect(() => {
		const up = () => setOnline(true);
		const down = () => setOnline(false);
		window.addEventListener('online', up);
		window.addEventListener('offline', down);
		return () => {
			window.removeEventListener('online', up);
			window.removeEventListener('offline', down);
		};
	}, []);
	return online;
}

export function App() {
	const [lang, setLangState] = useState(() => {
		const l = initialLang();
		setLang(l, false);
		return l;
	});
	const [session, setSession] = useState({ state: 'loading' });
	const [notice, setNotice] = useState(null);
	const [prefs, setPrefs] = useState(0); /* bumped when the date style changes: redraw the page */
	const path = usePath();
	const online = useOnline();
	const main = useRef(null);

	const changeLang = (l) => {
		setLang(l, true);
		setLangState(l);
	};

	const check = () => {
		api('GET', '/me', undefined, null, { quiet401: true }).then((me) => {
			setCsrf(me.csrf);
			setIdleTimeout(me.idle_timeout);
			setSession({ state: 'in', user: me.user || me });
		}, (err) => setSession(err.transient ? { state: 'unreachable' } : { state: 'out' }));
	};
	useEffect(() => {
		onSignedOut(() => {
			setCsrf(null);
			resetNames();
			setNotice(t('login.expired'));
			setSession({ state: 'out' });
		});
		check();
		const redraw = () => setPrefs((n) => n + 1);
		window.addEventListener('scs-prefs', redraw);
		return () => window.removeEventListener('scs-prefs', redraw);
	}, []);

	/* Move focus to the page on navigation, so a keyboard or screen reader user lands on it. */
	useEffect(() => {
		if (main.current && session.state === 'in')
			main.current.focus({ preventScroll: true });
	}, [path]);

	const signedIn = (user) => {
		resetNames();
		setNotice(null);
		setSession({ state: 'in', user });
		if (!findPage(location.pathname, user.role))
			navigate(START[user.role] || '/account', true);
	};
	const signOut = async () => {
		try {
			await api('POST', '/logout', undefined, null, { quiet401: true });
		} catch (e) {
			if (e.transient) {
				setNotice(t('error.network'));
				return;
			}
		}
		setCsrf(null);
		resetNames();
		setNotice(t('login.signed_out'));
		setSession({ state: 'out' });
		navigate('/login');
	};

	/* Signed out for inactivity: end the session here too (it may outlive the
	 * page's count by up to a minute on the server), keep the user's place. */
	const idleOut = async () => {
		try {
			await api('POST', '/logout', undefined, null, { quiet401: true });
		} catch (e) {
			/* gone already, or no connection: the server refuses it soon anyway */
		}
		setCsrf(null);
		resetNames();
		setIdleTimeout(0);
		setNotice(t('idle.signed_out'));
		setSession({ state: 'out' });
	};

	let body;
	const user = session.user;
	const cur = user && session.state === 'in' ? findPage(path, user.role) : null;
	const navParent = cur && cur.parent;
	/* A public page (routes.js, public: true) needs no session: shown in
	 * every state, also while /me is unanswered or the server unreachable. */
	const open = PAGES.find((p) => p.public && p.path === path);
	if (open) {
		const P = open.page;
		body = html`<${P} key=${path + '|' + lang + '|' + prefs} user=${session.state === 'in' ? user : null} params=${{}} />`;
	} else if (session.state === 'loading') {
		body = html`<p class="loading" role="status">${t('app.loading')}</p>`;
	} else if (session.state === 'unreachable') {
		body = html`<div class="notice notice-error" role="alert"><p>${t('error.network_load')}</p>
			<button type="button" class="secondary" onClick=${check}>${t('action.retry')}</button></div>`;
	} else if (session.state === 'out') {
		const activated = new URLSearchParams(location.search).get('activated');
		body = path === '/activate' ? html`<${Activate} />` :
			html`<${Login} onSignedIn=${signedIn} notice=${activated ? t('activate.done') : notice} />`;
	} else {
		const page = findPage(path, user.role);
		if (!page && (path === '/' || path === '/login' || path === '/activate')) {
			navigate(START[user.role] || '/account', true);
			body = null;
		} else if (!page) {
			document.title = t('notfound.title') + ' — SCS';
			body = html`<h1>${t('notfound.title')}</h1><p>${t('notfound.text')}</p>
				<p><${Link} href=${START[user.role] || '/account'}>${t('notfound.home')}<//></p>`;
		} else {
			const P = page.page;
			body = html`<${P} key=${path + '|' + lang + '|' + prefs} user=${user} params=${page.params} />`;
		}
	}

	return html`<a class="skip" href="#main">${t('app.skip')}</a>
		<header class="top">
			<div class="brand"><span class="logo" aria-hidden="true">SCS</span>
				<span class="brand-name">${t('app.name')}</span></div>
			${user && session.state === 'in' ? html`<nav aria-label=${t('nav.label')} class="nav">
				<ul>${pagesFor(user.role).map((p) => html`<li><${Link} href=${p.path}
					aria-current=${p.path === path ? 'page' : (p.path === navParent ? 'location' : undefined)}>${t(p.name)}<//></li>`)}</ul>
			</nav>` : null}
			<div class="who">
				${user && session.state === 'in' ? html`<span class="user"><span class="sr-only">${t('app.signed_in_as')} </span>
					<strong>${user.username}</strong> <span class="role">${t('role.' + user.role)}</span>${' · '}<span class="org"><${OrgName} id=${user.org} /></span></span>` : null}
				<${LangSwitch} onChange=${changeLang} />
				${user && session.state === 'in' ? html`<button type="button" class="secondary small" onClick=${signOut}>${t('app.sign_out')}</button>` : null}
			</div>
		</header>
		${online ? null : html`<div class="offline" role="alert">${t('app.offline')}</div>`}
		${user && session.state === 'in' ? html`<${IdleWarning} onIdle=${idleOut} />` : null}
		<main id="main" tabindex="-1" ref=${main}>${body}</main>`;
}
