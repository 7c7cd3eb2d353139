// SPDX-License-Identifier: Apache-2.0
// sw.js - the service worker of the verifier page (ui/build.mjs writes it
// to /ui/sw.js; the page registers it with the scope /verify, which the
// server allows with Service-Worker-Allowed, and with the scope /ui/qr.js,
// for the QR reader's worker: a worker is matched to a service worker by
// its own URL, not by its page's).  It keeps a copy of the
// page, app.js, app.css and the QR reader, so that /verify loads with no
// network after one visit: the network first (a fresh copy whenever the
// server answers), the copy when it does not.  Nothing else is touched:
// the API's requests go to the network as ever.
const CACHE = 'scs-verify-v1';
const PAGE = '/verify';
const FILES = [PAGE, '/ui/app.js', '/ui/app.css', '/ui/qr.js'];

self.addEventListener('install', (e) => {
	e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
	e.waitUntil(caches.keys()
		.then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
		.then(() => self.clients.claim()));
});

function fresh(req, key) {
	return fetch(req).then((res) => {
		if (res.ok) {
			const copy = res.clone();
			caches.open(CACHE).then((c) => c.put(key, copy));
		}
		return res;
	}, () => caches.match(key).then((res) => res || Response.error()));
}

self.addEventListener('fetch', (e) => {
	const url = new URL(e.request.url);
	if (e.request.method !== 'GET' || url.origin !== self.location.origin)
		return;
	const key = e.request.mode === 'navigate' ? PAGE : url.pathname;
	if (FILES.includes(key))
		e.respondWith(fresh(e.request, key));
});
