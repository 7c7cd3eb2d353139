// SPDX-License-Identifier: Apache-2.0
// api.js - the one way the UI talks to the server: JSON to and from /v1,
// the session cookie sent by the browser (never a token in JavaScript),
// X-CSRF-Token on every request that changes something, and every failure
// as an ApiError that says what kind it is:
//
//   kind 'field'   the server refused the input: code, field (a JSON path
//                  such as "password" or "[0].at", or ""), message; shown
//                  next to the field it names
//   kind 'auth'    401: the session is gone (onSignedOut is told)
//   kind 'network' no answer (offline, server down): the form keeps what
//                  was typed and offers to retry
//   kind 'server'  5xx or an answer that is not the envelope: the same
//
// No function here clears a form; the pages decide what to keep.

let csrf = null;
let signedOut = () => {};
let idleTimeout = 0; /* seconds, from sign-in or GET /v1/me; 0: none */
let lastSent = Date.now(); /* the last request the server saw from this page */

export class ApiError extends Error {
	constructor(kind, status, code, field, message) {
		super(message || code || kind);
		this.kind = kind;
		this.status = status;
		this.code = code || '';
		this.field = field || '';
		this.retryAfter = null;
	}

	/** Input kept, try again later: no connection or a server fault. */
	get transient() {
		return this.kind === 'network' || this.kind === 'server';
	}
}

/** The CSRF token of the cookie session (from login or GET /v1/me). */
export function setCsrf(token) {
	csrf = token || null;
}

/** The session's idle timeout in seconds (0: none), as the server gave it. */
export function setIdleTimeout(s) {
	idleTimeout = Number(s) > 0 ? Number(s) : 0;
	lastSent = Date.now();
}

/** {timeout (s), last (ms since the epoch)}: what the idle warning needs. */
export function idleState() {
	return { timeout: idleTimeout, last: lastSent };
}

/** Called when a request answers 401 (the session ended elsewhere). */
export function onSignedOut(fn) {
	signedOut = fn;
}

/* Requests in flight, as data-busy on <html> (for tests and styles). */
let inflight = 0;
function pending(d) {
	inflight += d;
	if (inflight > 0)
		document.documentElement.dataset.busy = String(inflight);
	else
		delete document.documentElement.dataset.busy;
}

function query(params) {
	if (!params)
		return '';
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params))
		if (v !== undefined && v !== null && v !== '')
			q.set(k, String(v));
	const s = q.toString();
	return s ? '?' + s : '';
}

/**
 * One request: method, path under /v1, an optional JSON body and query
 * parameters.  Resolves to the parsed answer (null for an empty one),
 * rejects with an ApiError.
 */
export async function api(method, path, body, params, opts) {
	const headers = { Accept: 'application/json' };
	const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
	if (body !== undefined) {
		headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	if (method !== 'GET' && method !== 'HEAD' && csrf)
		headers['X-CSRF-Token'] = csrf;
	let res;
	pending(1);
	try {
		res = await fetch('/v1' + path + query(params), init);
	} catch (e) {
		pending(-1);
		throw new ApiError('network', 0, 'network', '', '');
	}
	lastSent = Date.now();
	let data = null;
	const text = await res.text().catch(() => '');
	pending(-1);
	if (text) {
		try {
			data = JSON.parse(text);
		} catch (e) {
			data = null;
		}
	}
	if (res.ok)
		return data;
	const env = data && data.error && typeof data.error === 'object' ? data.error : null;
	if (res.status >= 500 || !env)
		throw new ApiError('server', res.status, env ? env.code : 'server', env ? env.field : '',
			env ? env.message : '');
	const kind = res.status === 401 ? 'auth' : 'field';
	const err = new ApiError(kind, res.status, env.code, env.field, env.message);
	if (res.status === 429)
		err.retryAfter = res.headers.get('Retry-After');
	if (kind === 'auth' && !(opts && opts.quiet401))
		signedOut();
	return Promise.reject(err);
}
