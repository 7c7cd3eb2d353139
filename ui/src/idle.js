// SPDX-License-Identifier: Apache-2.0
// idle.js - the warning before the session's idle timeout.  The server
// refuses a session unused for longer than its idle timeout, and records
// a session's use at most once a minute (every half of the timeout when
// that is shorter), so it may end the session up to that much sooner than
// the page's last request plus the timeout.  The page therefore counts to
// the earliest end: last request + timeout - min(60 s, timeout / 2), warns
// two minutes before it (a quarter of the rest when the timeout is short)
// in a dialog that holds the focus, and at the end signs out itself, so
// an unattended screen shows nothing.  "Stay signed in" asks GET /v1/me,
// which the server records as use.  Nothing typed on the page is lost.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, idleState } from './api.js';
import { t } from './i18n.js';

const TICK_MS = 1000;

/** {warnAt, endAt} in ms since the epoch, or null without a timeout. */
export function idleTimes(st) {
	if (!st.timeout)
		return null;
	const margin = Math.min(60, st.timeout / 2);
	const endAt = st.last + (st.timeout - margin) * 1000;
	const warnFor = Math.min(120, (st.timeout - margin) / 4);
	return { warnAt: endAt - warnFor * 1000, endAt };
}

export function IdleWarning({ onIdle }) {
	const [left, setLeft] = useState(null); /* seconds to the end while warning, else null */
	const [busy, setBusy] = useState(false);
	const button = useRef(null);
	const before = useRef(null);

	useEffect(() => {
		const id = setInterval(() => {
			const times = idleTimes(idleState());
			if (!times)
				return;
			const now = Date.now();
			if (now >= times.endAt) {
				clearInterval(id);
				setLeft(null);
				onIdle();
			} else if (now >= times.warnAt) {
				setLeft(Math.ceil((times.endAt - now) / 1000));
			} else {
				setLeft(null);
			}
		}, TICK_MS);
		return () => clearInterval(id);
	}, []);

	/* Focus moves into the dialog when it opens and back when it closes. */
	const open = left !== null;
	useEffect(() => {
		if (open) {
			before.current = document.activeElement;
			if (button.current)
				button.current.focus();
		} else if (before.current && before.current.focus) {
			before.current.focus();
			before.current = null;
		}
	}, [open]);

	if (!open)
		return null;
	const stay = async () => {
		setBusy(true);
		try {
			await api('GET', '/me');
		} catch (e) {
			/* a 401 signs out (api.js); no connection: the count goes on */
		}
		setBusy(false);
	};
	const m = Math.floor(left / 60);
	const s = left % 60;
	return html`<div class="idle-backdrop">
		<div class="idle-dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-h" aria-describedby="idle-p">
			<h2 id="idle-h">${t('idle.title')}</h2>
			<p id="idle-p">${t('idle.text', { time: m > 0 ? t('idle.min_sec', { m, s }) : t('idle.sec', { s }) })}</p>
			<button type="button" ref=${button} disabled=${busy} onClick=${stay}
				onKeyDown=${(e) => e.key === 'Tab' && e.preventDefault()}>${t('idle.stay')}</button>
		</div>
	</div>`;
}
