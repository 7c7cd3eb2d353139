// SPDX-License-Identifier: Apache-2.0
// router.js - client-side routing on the History API: the server answers
// every path without a dot with index.html, the app picks the page.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set();

function here() {
	return location.pathname;
}

export function navigate(path, replace) {
	if (path === location.pathname + location.search)
		return;
	history[replace ? 'replaceState' : 'pushState'](null, '', path);
	for (const f of listeners)
		f(here());
}

/** The current path; re-renders on navigation and on back/forward. */
export function usePath() {
	const [path, setPath] = useState(here());
	useEffect(() => {
		const f = () => setPath(here());
		listeners.add(f);
		window.addEventListener('popstate', f);
		return () => {
			listeners.delete(f);
			window.removeEventListener('popstate', f);
		};
	}, []);
	return path;
}

/** An <a> that navigates inside the app (a modified click opens a tab as usual). */
export function Link({ href, children, ...rest }) {
	const onClick = (e) => {
		if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
			return;
		e.preventDefault();
		navigate(href);
	};
	return html`<a href=${href} onClick=${onClick} ...${rest}>${children}</a>`;
}
