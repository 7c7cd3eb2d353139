// SPDX-License-Identifier: Apache-2.0
// widgets.js - small pieces every page uses: a time shown in the user's
// zone with the ISO instant a hover away, a load-state hook for GETs, the
// error of a failed load (the server's message in the UI's language:
// srvmsg.js), and a pager.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { fmtDate, fmtTime, t } from './i18n.js';
import { localMessage } from './srvmsg.js';

/** An instant (RFC 3339) or a bare date, local, with the ISO form kept. */
export function Time({ value }) {
	if (value === null || value === undefined || value === '')
		return html`<span>—</span>`;
	const bare = /^\d{4}-\d{2}-\d{2}$/.test(value);
	return html`<time datetime=${value} title=${value}>${bare ? fmtDate(value) : fmtTime(value)}</time>`;
}

/** Load fn() when deps change: {data, error, loading, reload}. */
export function useLoad(fn, deps) {
	const [state, setState] = useState({ data: null, error: null, loading: true });
	const [n, setN] = useState(0);
	useEffect(() => {
		let live = true;
		setState((s) => ({ ...s, loading: true, error: null }));
		fn().then((data) => live && setState({ data, error: null, loading: false }),
			(error) => live && setState((s) => ({ data: s.data, error, loading: false })));
		return () => {
			live = false;
		};
	}, [...deps, n]);
	return { ...state, reload: () => setN(n + 1) };
}

export function LoadError({ error, reload }) {
	if (!error)
		return null;
	const text = error.transient ? (error.kind === 'network' ? t('error.network_load') : t('error.server')) :
		(localMessage(error.message) || t('error.code.' + error.code));
	return html`<div class="notice notice-error" role="alert"><p>${text}</p>
		${reload ? html`<button type="button" class="secondary" onClick=${reload}>${t('action.retry')}</button>` : null}
	</div>`;
}

export function Loading({ on }) {
	return on ? html`<p class="loading" role="status">${t('app.loading')}</p>` : null;
}

/** Previous/first and next page buttons over a keyset-paged list. */
export function Pager({ hasPrev, next, onFirst, onNext }) {
	if (!hasPrev && !next)
		return null;
	return html`<nav class="pager" aria-label=${t('pager.label')}>
		<button type="button" class="secondary" disabled=${!hasPrev} onClick=${onFirst}>${t('pager.first')}</button>
		<button type="button" class="secondary" disabled=${!next} onClick=${onNext}>${t('pager.next')}</button>
	</nav>`;
}

/**
 * The language of a name as written, for the glyphs it is drawn with: "ja"
 * when it holds kana or kanji (so 髙, 﨑 and 辻 take their Japanese forms),
 * else none (the page's own).
 */
export function nameLang(name) {
	return /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]/.test(String(name || '')) ? 'ja' : undefined;
}
