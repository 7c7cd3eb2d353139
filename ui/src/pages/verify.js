// SPDX-License-Identifier: Apache-2.0
// pages/verify.js - the verifier (/verify, no sign-in): a partner's
// security officer or a guard at a door reads an attestation code (SC1:)
// or a visit pass (SV1:) from the camera, an image or pasted text, and
// checks it in the browser (attest/verify.js) against the key lists and
// status lists the page carries (attest/store.js): the register's, fetched
// when the network allows and kept for later, and a partner's loaded from
// files.  A service worker (sw.js) keeps the page itself for use offline.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Malformed } from '../attest/bytes.js';
import { readStatusList, readTrustFile } from '../attest/trust.js';
import { MAX_AGE, verifyText } from '../attest/verify.js';
import { pixels, readQR, readQRFile } from '../attest/qr.js';
import { addLists, addStatus, load, open, save } from '../attest/store.js';
import { fmtDate, fmtNum, fmtTime, t, tCode } from '../i18n.js';

const iso = (secs) => new Date(secs * 1000).toISOString();
const nowSecs = () => Math.floor(Date.now() / 1000);
const authName = (a) => tCode('file.authority', a);

/* Register the service worker (none where the browser has none): for the
 * page, and for the QR reader's worker, which a browser matches to a
 * service worker by its own URL, not by the page that starts it. */
function registerWorker() {
	if (!('serviceWorker' in navigator))
		return;
	for (const scope of ['/verify', '/ui/qr.js'])
		navigator.serviceWorker.register('/ui/sw.js', { scope }).catch(() => {});
}

/* The words of a refused list: "root:A", "pin:A:FP" or the reader's. */
function listError(e) {
	const m = /^(root|pin):([^:]+)(?::(\w+))?$/.exec(e.message || '');
	if (m)
		return t('verify.trust.' + m[1], { authority: m[2], fingerprint: m[3] || '' });
	return e instanceof Malformed ? t('verify.trust.bad', { why: e.message }) : String(e.message || e);
}

/* GET bytes of the register: the key lists, then each own authority's status list. */
async function fetchRegister(s0, o0) {
	const res = await fetch('/v1/trust', { cache: 'no-store', credentials: 'omit' });
	if (!res.ok)
		throw new Error(t('verify.fetch_failed', { status: res.status }));
	const file = await res.json();
	const lists = await readTrustFile(file);
	let s = addLists(s0, o0, lists, 'register', null);
	let o = await open(s);
	const own = file.lists.filter((l) => l.own !== false).map((l) => l.authority);
	for (const a of own) {
		const r = await fetch('/v1/attestations/status?authority=' + encodeURIComponent(a), { cache: 'no-store', credentials: 'omit' });
		if (!r.ok)
			continue;
		const bytes = new Uint8Array(await r.arrayBuffer());
		s = addStatus(s, o, await readStatusList(bytes, o.keys), bytes, 'register');
		o = await open(s);
	}
	return { s, o };
}

function useTrust() {
	const [s, setS] = useState(load);
	const [o, setO] = useState(null);
	const [note, setNote] = useState(null);
	const apply = async (next) => {
		save(next);
		setS(next);
		setO(await open(next));
	};
	const refresh = async (from) => {
		setNote({ kind: 'busy', text: t('verify.fetching') });
		try {
			const r = await fetchRegister(from.s, from.o);
			save(r.s);
			setS(r.s);
			setO(r.o);
			setNote({ kind: 'ok', text: t('verify.fetched') });
		} catch (e) {
			setNote({ kind: 'warn', text: e instanceof TypeError ? t('verify.offline_copy') : listError(e) });
		}
	};
	useEffect(() => {
		registerWorker();
		open(s).then((first) => {
			setO(first);
			refresh({ s, o: first });
		});
	}, []);
	return { s, o, note, setNote, apply, refresh: () => refresh({ s, o }) };
}

/* An age in words: minutes under an hour, else hours to a tenth. */
function ageWords(secs) {
	return secs < 3600 ? t('verify.minutes', { n: fmtNum(Math.max(0, Math.floor(secs / 60)), 0) }) :
		t('verify.hours', { n: fmtNum(secs / 3600, 1) });
}

function StatusRow({ sl, maxAge }) {
	const age = nowSecs() - sl.issued;
	const stale = age > maxAge;
	return html`<li>
		${t('verify.status.line', { authority: sl.authority, n: fmtNum(sl.n, 0) })}${' '}
		<time datetime=${iso(sl.issued)}>${fmtTime(iso(sl.issued))}</time>${' '}
		(${t('verify.age', { age: ageWords(age) })})
		${stale ? html` <strong class="status status-expiring">${t('verify.status.stale')}</strong>` : null}
	</li>`;
}

function TrustList({ o, maxAge }) {
	if (!o)
		return html`<p class="loading" role="status">${t('app.loading')}</p>`;
	if (!o.lists.length)
		return html`<div class="notice notice-warn" role="status"><p>${t('verify.trust.none')}</p></div>`;
	return html`<div class="table-wrap"><table class="verify-trust">
		<caption>${t('verify.trust.caption')}</caption>
		<thead><tr><th scope="col">${t('verify.trust.authority')}</th><th scope="col">${t('verify.trust.keys')}</th>
			<th scope="col">${t('verify.trust.fingerprint')}</th><th scope="col">${t('verify.trust.source')}</th>
			<th scope="col">${t('verify.trust.fetched')}</th></tr></thead>
		<tbody>${o.lists.map((l) => html`<tr>
			<th scope="row">${authName(l.authority)}</th>
			<td class="num">${l.keys.length}</td>
			<td><code class="wrap">${l.fingerprint}</code></td>
			<td>${t('verify.source.' + l.source)}</td>
			<td><time datetime=${new Date(l.fetched).toISOString()}>${fmtTime(new Date(l.fetched).toISOString())}</time></td>
		</tr>`)}</tbody>
	</table></div>
	<h3>${t('verify.status.title')}</h3>
	${o.status.length ? html`<ul class="plain">${o.status.map((sl) => html`<${StatusRow} sl=${sl} maxAge=${maxAge} />`)}</ul>` :
		html`<p>${t('verify.status.none')}</p>`}`;
}

function readFile(input) {
	const f = input.files && input.files[0];
	return f ? f.arrayBuffer().then((b) => new Uint8Array(b)) : Promise.resolve(null);
}

function TrustFiles({ tr }) {
	const [pins, setPins] = useState('');
	const onKeys = async (e) => {
		const input = e.target;
		try {
			const bytes = await readFile(input);
			if (!bytes)
				return;
			let json;
			try {
				json = JSON.parse(new TextDecoder().decode(bytes));
			} catch (err) {
				throw new Malformed('not JSON');
			}
			await tr.apply(addLists(tr.s, tr.o, await readTrustFile(json), 'file', pins));
			tr.setNote({ kind: 'ok', text: t('verify.trust.loaded') });
		} catch (err) {
			tr.setNote({ kind: 'error', text: listError(err) });
		}
		input.value = '';
	};
	const onStatus = async (e) => {
		const input = e.target;
		try {
			const bytes = await readFile(input);
			if (!bytes)
				return;
			await tr.apply(addStatus(tr.s, tr.o, await readStatusList(bytes, tr.o.keys), bytes, 'file'));
			tr.setNote({ kind: 'ok', text: t('verify.status.loaded') });
		} catch (err) {
			tr.setNote({ kind: 'error', text: t('verify.status.bad', { why: err.message }) });
		}
		input.value = '';
	};
	return html`<details class="verify-files">
		<summary>${t('verify.files.title')}</summary>
		<div class="field"><label for="verify-pins">${t('verify.files.pins')}</label>
			<p class="hint" id="verify-pins-hint">${t('verify.files.pins_hint')}</p>
			<input id="verify-pins" aria-describedby="verify-pins-hint" value=${pins} spellcheck="false" autocapitalize="off"
				onInput=${(e) => setPins(e.target.value)} /></div>
		<div class="field"><label for="verify-keyfile">${t('verify.files.keys')}</label>
			<input id="verify-keyfile" type="file" accept=".json,application/json" onChange=${onKeys} /></div>
		<div class="field"><label for="verify-statusfile">${t('verify.files.status')}</label>
			<input id="verify-statusfile" type="file" onChange=${onStatus} /></div>
	</details>`;
}

function TrustPanel({ tr, maxAge, setMaxAge }) {
	const n = tr.note;
	return html`<section class="verify-panel" aria-labelledby="verify-trust-h">
		<h2 id="verify-trust-h">${t('verify.trust.title')}</h2>
		${n ? html`<div class=${'notice notice-' + (n.kind === 'busy' ? 'ok' : n.kind)} role=${n.kind === 'error' ? 'alert' : 'status'}>
			<p>${n.text}</p></div>` : null}
		<${TrustList} o=${tr.o} maxAge=${maxAge} />
		<div class="verify-row">
			<button type="button" class="secondary" onClick=${tr.refresh}>${t('verify.refresh')}</button>
			<div class="field"><label for="verify-maxage">${t('verify.max_age')}</label>
				<input id="verify-maxage" type="number" min="1" max="720" step="1" inputmode="numeric" value=${maxAge / 3600}
					onChange=${(e) => setMaxAge(Math.max(1, Number(e.target.value) || 24) * 3600)} /></div>
		</div>
		<${TrustFiles} tr=${tr} />
	</section>`;
}

/* The camera: frames to the QR reader until a code is read. */
function useCamera(onText) {
	const video = useRef(null);
	const [state, setState] = useState('off');
	const stream = useRef(null);
	const stop = () => {
		if (stream.current)
			stream.current.getTracks().forEach((tr) => tr.stop());
		stream.current = null;
		setState((st) => (st === 'on' ? 'off' : st));
	};
	const scan = async () => {
		const v = video.current;
		if (!stream.current || !v)
			return;
		if (v.videoWidth > 0) {
			const text = await readQR(pixels(v, v.videoWidth, v.videoHeight));
			if (text && stream.current) {
				stop();
				onText(text);
				return;
			}
		}
		setTimeout(scan, 200);
	};
	const start = async () => {
		if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
			setState('unavailable');
			return;
		}
		try {
			stream.current = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
		} catch (e) {
			setState(e && e.name === 'NotAllowedError' ? 'denied' : (e && e.name === 'NotFoundError' ? 'none' : 'error'));
			return;
		}
		setState('on');
		video.current.srcObject = stream.current;
		await video.current.play().catch(() => {});
		scan();
	};
	useEffect(() => stop, []);
	return { video, state, start, stop };
}

function Camera({ onText }) {
	const cam = useCamera(onText);
	const on = cam.state === 'on';
	const err = ['denied', 'none', 'unavailable', 'error'].includes(cam.state);
	return html`<div class="verify-camera">
		<button type="button" onClick=${on ? cam.stop : cam.start}>${t(on ? 'verify.camera.stop' : 'verify.camera.start')}</button>
		${err ? html`<div class="notice notice-error" role="alert"><p>${t('verify.camera.' + cam.state)}</p></div>` : null}
		<video ref=${cam.video} class=${on ? 'verify-video' : 'verify-video hidden'} muted playsinline aria-label=${t('verify.camera.label')}></video>
	</div>`;
}

function ReadPanel({ onText }) {
	const [text, setText] = useState('');
	const [note, setNote] = useState(null);
	const onImage = async (e) => {
		const f = e.target.files && e.target.files[0];
		if (!f)
			return;
		setNote({ kind: 'ok', text: t('verify.image.reading') });
		let code = null;
		try {
			code = await readQRFile(f);
		} catch (err) {
			code = null;
		}
		setNote(code ? null : { kind: 'error', text: t('verify.image.none') });
		if (code)
			onText(code);
	};
	const onSubmit = (e) => {
		e.preventDefault();
		onText(text);
	};
	return html`<section class="verify-panel" aria-labelledby="verify-read-h">
		<h2 id="verify-read-h">${t('verify.read.title')}</h2>
		<${Camera} onText=${onText} />
		<div class="field"><label for="verify-image">${t('verify.image.label')}</label>
			<input id="verify-image" type="file" accept="image/*" onChange=${onImage} /></div>
		${note ? html`<div class=${'notice notice-' + note.kind} role=${note.kind === 'error' ? 'alert' : 'status'}><p>${note.text}</p></div>` : null}
		<form onSubmit=${onSubmit} novalidate>
			<div class="field"><label for="verify-text">${t('verify.text.label')}</label>
				<p class="hint" id="verify-text-hint">${t('verify.text.hint')}</p>
				<textarea id="verify-text" rows="4" aria-describedby="verify-text-hint" spellcheck="false" autocapitalize="off"
					value=${text} onInput=${(e) => setText(e.target.value)}></textarea></div>
			<button type="submit">${t('verify.text.submit')}</button>
		</form>
	</section>`;
}

function Equivalents({ list }) {
	if (!list.length)
		return html`<span>—</span>`;
	return html`<ul class="plain">${list.map((e) => html`<li>${authName(e.authority)}: ${tCode('level', e.level)}</li>`)}</ul>`;
}

/* The passport's name and birth date, large, for the guard to compare. */
function Passport({ name, birth }) {
	return html`<div class="verify-passport">
		<p class="verify-passport-label">${t('verify.passport.compare')}</p>
		<dl><dt>${t('verify.passport.name')}</dt><dd class="verify-name">${name}</dd>
			<dt>${t('verify.passport.birth')}</dt><dd class="verify-birth"><time datetime=${birth}>${birth}</time>
				${fmtDate(birth) !== birth ? html` <span class="verify-birth-local">(${fmtDate(birth)})</span>` : null}</dd></dl>
	</div>`;
}

function CodeFacts({ c }) {
	const time = (s) => html`<time datetime=${iso(s)}>${fmtTime(iso(s))}</time>`;
	return html`<dl class="facts">
		<dt>${t('verify.claim.authority')}</dt><dd>${authName(c.authority)}, ${c.country}</dd>
		<dt>${t('verify.claim.level')}</dt><dd>${tCode('level', c.level)} <span class="tag">${c.level}</span></dd>
		<dt>${t('verify.claim.rank')}</dt><dd>${c.rank}</dd>
		<dt>${t('verify.claim.equivalents')}</dt><dd><${Equivalents} list=${c.equivalents} /></dd>
		<dt>${t('verify.claim.partner')}</dt><dd>${c.partner}</dd>
		<dt>${t('verify.claim.issued')}</dt><dd>${time(c.iat)}</dd>
		<dt>${t('verify.claim.expires')}</dt><dd>${time(c.exp)}</dd>
		<dt>${t('verify.claim.profile')}</dt><dd>${t(c.profile === 1 ? 'verify.profile.gate' : 'verify.profile.register')}</dd>
		<dt>${t('verify.claim.pseudonym')}</dt><dd><code>${Array.from(c.pseudonym, (x) => x.toString(16).padStart(2, '0')).join('')}</code></dd>
		<dt>${t('verify.claim.status_index')}</dt><dd>${c.status}</dd>
	</dl>`;
}

function PassFacts({ p }) {
	const time = (s) => html`<time datetime=${iso(s)}>${fmtTime(iso(s))}</time>`;
	return html`<dl class="facts">
		<dt>${t('verify.pass.visit')}</dt><dd>${p.visit}</dd>
		<dt>${t('verify.pass.host')}</dt><dd>${p.hostOrg}</dd>
		<dt>${t('verify.pass.site')}</dt><dd>${p.site}</dd>
		<dt>${t('verify.pass.from')}</dt><dd>${time(p.from)}</dd>
		<dt>${t('verify.pass.until')}</dt><dd>${time(p.until)}</dd>
		<dt>${t('verify.pass.visitor_org')}</dt><dd>${p.visitorOrg}</dd>
		<dt>${t('verify.claim.authority')}</dt><dd>${authName(p.authority)}</dd>
	</dl>`;
}

function StatusNote({ r, maxAge }) {
	if (r.kind !== 'code' || !r.claims || r.result === 'malformed')
		return null;
	if (!r.statusChecked)
		return html`<p class="notice notice-warn">${t('verify.result.unchecked')}</p>`;
	const hours = fmtNum(r.statusAge / 3600, 1);
	if (r.statusAge > maxAge)
		return html`<p class="notice notice-warn verify-stale">${t('verify.result.stale', { hours, max: fmtNum(maxAge / 3600, 0) })}</p>`;
	return html`<p>${t('verify.result.status_age', { age: ageWords(r.statusAge) })}</p>`;
}

function Result({ r, maxAge }) {
	if (!r)
		return null;
	const ok = r.result === 'valid';
	const who = r.kind === 'pass' ? r.pass : (r.claims && r.claims.profile === 1 ? r.claims : null);
	return html`<section class=${'answer verify-result ' + (ok ? 'answer-allow' : 'answer-deny')} aria-labelledby="verify-result-h"
		data-result=${r.result} data-seq=${r.seq}>
		<h2 id="verify-result-h">${t(ok ? 'verify.result.valid_' + r.kind : 'verify.result.invalid_' + r.kind)}</h2>
		${ok ? null : html`<p class="verify-reason"><strong>${t('verify.reason.' + r.result)}</strong></p>`}
		${who && r.result !== 'malformed' ? html`<${Passport} name=${who.name} birth=${who.birth} />` : null}
		<${StatusNote} r=${r} maxAge=${maxAge} />
		${r.kind === 'code' && r.claims ? html`<${CodeFacts} c=${r.claims} />` : null}
		${r.kind === 'pass' && r.pass ? html`<${PassFacts} p=${r.pass} />` : null}
		${r.why ? html`<p class="hint">${t('verify.result.detail', { why: r.why })}</p>` : null}
	</section>`;
}

export function Verify() {
	const tr = useTrust();
	const [maxAge, setMaxAgeState] = useState(() => load().maxAge || MAX_AGE);
	const [result, setResult] = useState(null);
	const resultRef = useRef(null);
	useEffect(() => {
		document.title = t('verify.title') + ' — SCS';
	}, []);
	const setMaxAge = (v) => {
		setMaxAgeState(v);
		save({ ...load(), maxAge: v });
	};
	const onText = async (text) => {
		const o = tr.o || { keys: [], status: [] };
		let r;
		try {
			r = await verifyText(text, { keys: o.keys, status: o.status, now: nowSecs(), maxAge });
		} catch (e) {
			r = { kind: 'code', result: 'error', why: t('verify.no_ed25519') };
		}
		setResult((prev) => ({ ...r, seq: (prev ? prev.seq : 0) + 1 })); /* seq: each answer a fresh one */
		requestAnimationFrame(() => resultRef.current && resultRef.current.focus());
	};
	return html`<section class="verify" aria-labelledby="verify-h">
		<h1 id="verify-h">${t('verify.title')}</h1>
		<p>${t('verify.intro')}</p>
		<div ref=${resultRef} tabindex="-1" class="verify-out" aria-live="polite"><${Result} r=${result} maxAge=${maxAge} /></div>
		<${ReadPanel} onText=${onText} />
		<${TrustPanel} tr=${tr} maxAge=${maxAge} setMaxAge=${setMaxAge} />
	</section>`;
}
