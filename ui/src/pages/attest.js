// SPDX-License-Identifier: Apache-2.0
// pages/attest.js - attestation codes of a person's clearance for a
// partner nation (docs/attestation.md): issue one (POST /v1/attestations
// with its QR code as SVG), show it to be scanned, copied, printed or
// saved as SVG or PNG, and list the codes issued before with their
// states now (GET /v1/attestations?person=), a security officer
// withdrawing one.  The code itself is shown once, when issued: the
// register keeps only its record.  Used on the officer's page of a
// member of staff (pages/person.js) and on the subject's own page
// (/codes).
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t } from '../i18n.js';
import { Country, countryName } from '../names.js';
import { levelName, loadLevels } from '../registers-fields.js';
import { LoadError, Loading, Time, useLoad } from '../widgets.js';

/* The partners a code may be issued for: the nations and alliances of the
 * authorities of the reference tables that are not Japan's (those whose
 * equivalent levels the code can state). */
function partners(auths) {
	const out = [];
	for (const a of auths)
		for (const n of a.nations)
			if (n !== 'JPN' && !out.includes(n))
				out.push(n);
	return out;
}

const svgURL = (svg) => 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);

/* The QR code drawn into a PNG (data URL) four times the SVG's size. */
function pngOf(svg) {
	return new Promise((resolve, reject) => {
		const img = new Image();
		img.onload = () => {
			const c = document.createElement('canvas');
			c.width = img.naturalWidth * 4 || 400;
			c.height = img.naturalHeight * 4 || 400;
			const g = c.getContext('2d');
			g.imageSmoothingEnabled = false;
			g.fillStyle = '#fff';
			g.fillRect(0, 0, c.width, c.height);
			g.drawImage(img, 0, 0, c.width, c.height);
			resolve(c.toDataURL('image/png'));
		};
		img.onerror = () => reject(new Error('svg'));
		img.src = svgURL(svg);
	});
}

/* The code just issued: its QR code, the text, what it states, and the
 * ways to take it away. */
function Issued({ r, auths }) {
	const c = r.claims;
	const [png, setPng] = useState(null);
	const [copied, setCopied] = useState(false);
	const heading = useRef(null);
	useEffect(() => {
		setPng(null);
		setCopied(false);
		pngOf(r.qr_svg).then(setPng, () => setPng(null));
		if (heading.current)
			heading.current.focus();
	}, [r.id]);
	const copy = () => {
		if (navigator.clipboard)
			navigator.clipboard.writeText(r.code).then(() => setCopied(true), () => setCopied(false));
	};
	const file = 'scs-' + r.id;
	return html`<section class="att-issued" aria-labelledby="att-issued-h">
		<h3 id="att-issued-h" tabindex="-1" ref=${heading}>${t('att.issued.title', { id: r.id })}</h3>
		<div class="att-card">
			<img class="att-qr" src=${svgURL(r.qr_svg)} width="240" height="240"
				alt=${t('att.issued.qr_alt', { partner: c.partner })} />
			<dl class="facts">
				<dt>${t('att.claims.authority')}</dt><dd>${c.authority} — ${levelName(auths, c.authority, c.level)}</dd>
				<dt>${t('att.claims.rank')}</dt><dd>${t('att.rank.' + c.rank)}</dd>
				<dt>${t('att.claims.partner')}</dt><dd><${Country} code=${c.partner} /></dd>
				<dt>${t('att.claims.equivalents')}</dt>
				<dd>${c.equivalents && c.equivalents.length ? c.equivalents.map((e) => e.authority + ' ' + e.level).join(', ') : '—'}</dd>
				<dt>${t('att.claims.expires')}</dt><dd><${Time} value=${c.expires} /></dd>
				<dt>${t('att.claims.profile')}</dt><dd>${t('att.profile.' + c.profile)}</dd>
				${c.name ? html`<dt>${t('att.claims.name')}</dt><dd lang="en">${c.name}</dd>
					<dt>${t('att.claims.birth_date')}</dt><dd><${Time} value=${c.birth_date} /></dd>` : null}
			</dl>
		</div>
		<label for="att-code">${t('att.issued.code')}</label>
		<textarea id="att-code" class="att-code" readonly rows="4" spellcheck="false" lang="en">${r.code}</textarea>
		<p class="hint">${t('att.issued.once')}</p>
		<div class="actions">
			<button type="button" class="secondary" onClick=${copy}>${t('att.issued.copy')}</button>
			<a class="button secondary" href=${svgURL(r.qr_svg)} download=${file + '.svg'}>${t('att.issued.svg')}</a>
			${png ? html`<a class="button secondary" href=${png} download=${file + '.png'}>${t('att.issued.png')}</a>` : null}
			<button type="button" class="secondary" onClick=${() => window.print()}>${t('att.issued.print')}</button>
		</div>
		${copied ? html`<p role="status" class="muted">${t('att.issued.copied')}</p>` : null}
	</section>`;
}

/* The codes issued before, newest first, with their states now. */
function IssuedList({ q, auths, canRevoke, onRevoked }) {
	const [asking, setAsking] = useState(null);
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState(null);
	const rows = (q.data && q.data.attestations) || [];
	const revoke = async (id) => {
		if (asking !== id) {
			setAsking(id);
			return;
		}
		setBusy(true);
		setError(null);
		try {
			await api('POST', '/attestations/' + encodeURIComponent(id) + '/revoke');
			setAsking(null);
			onRevoked(id);
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};
	if (!rows.length)
		return html`<p class="muted">${t('att.list.none')}</p>`;
	return html`<${LoadError} error=${error} />
		<table class="att-list">
		<caption>${t('att.list.caption')}</caption>
		<thead><tr><th scope="col">${t('att.list.id')}</th><th scope="col">${t('att.claims.partner')}</th>
			<th scope="col">${t('att.claims.authority')}</th><th scope="col">${t('att.claims.profile')}</th>
			<th scope="col">${t('att.list.issued')}</th><th scope="col">${t('att.claims.expires')}</th>
			<th scope="col">${t('att.list.state')}</th>${canRevoke ? html`<th scope="col"><span class="sr-only">${t('att.list.actions')}</span></th>` : null}</tr></thead>
		<tbody>${rows.map((a) => html`<tr key=${a.id} data-id=${a.id}>
			<td><code>${a.id}</code></td><td><${Country} code=${a.partner} /></td>
			<td>${a.authority} — ${levelName(auths, a.authority, a.level)}</td><td>${t('att.profile.' + a.profile)}</td>
			<td><${Time} value=${a.issued} /></td><td><${Time} value=${a.expires} /></td>
			<td><span class=${'att-state att-state-' + a.state}>${t('att.state.' + a.state)}</span></td>
			${canRevoke ? html`<td>${a.state === 'valid' || a.state === 'suspended' ? html`<button type="button"
				class=${asking === a.id ? 'danger' : 'secondary'} disabled=${busy} onClick=${() => revoke(a.id)}
				aria-label=${t(asking === a.id ? 'att.list.revoke_confirm_label' : 'att.list.revoke_label', { id: a.id })}
				>${t(asking === a.id ? 'att.list.revoke_confirm' : 'att.list.revoke')}</button>` : null}</td>` : null}
		</tr>`)}</tbody>
	</table>
	${asking ? html`<div class="notice notice-warn" role="alert"><p>${t('att.list.revoke_warning', { id: asking })}</p></div>` : null}`;
}

/**
 * The attestation codes of person: the issue form, the code just issued,
 * the codes issued before.  canRevoke: the security officer's page.
 */
export function AttestationPanel({ person, canRevoke }) {
	const refs = useLoad(() => loadLevels(), []);
	const list = useLoad(() => api('GET', '/attestations?person=' + encodeURIComponent(person)), [person]);
	const form = useForm({ partner: 'USA', profile: 'register', days: '90' }, { id: 'att' });
	const [issued, setIssued] = useState(null);
	const [revoked, setRevoked] = useState(null);
	const auths = refs.data || [];
	const onSubmit = (e) => {
		e.preventDefault();
		const v = form.values;
		const days = /^\d+$/.test(String(v.days).trim()) ? Number(v.days) : v.days;
		setRevoked(null);
		form.submit(() => api('POST', '/attestations', { person, partner: v.partner, profile: v.profile, days, qr: true }),
			(r) => {
				setIssued(r);
				list.reload();
			});
	};
	return html`<section class="att" aria-labelledby="att-h">
		<h2 id="att-h">${t('att.title')}</h2>
		<p>${t('att.intro')}</p>
		<${Loading} on=${refs.loading && !refs.data} />
		<${LoadError} error=${refs.error} reload=${refs.reload} />
		${refs.data ? html`<form onSubmit=${onSubmit} novalidate class="narrow att-form">
			<${Field} form=${form} name="partner" label=${t('att.form.partner')} hint=${t('att.form.partner_hint')}
				options=${partners(auths).map((n) => [n, n.length === 3 ? countryName(n) + ' (' + n + ')' : t('reg.alliance.' + n) + ' (' + n + ')'])} />
			<${Field} form=${form} name="profile" label=${t('att.form.profile')} hint=${t('att.form.profile_hint')}
				options=${[['register', t('att.profile.register')], ['gate', t('att.profile.gate')]]} />
			<${Field} form=${form} name="days" label=${t('att.form.days')} hint=${t('att.form.days_hint')} type="number"
				min="1" max="90" inputmode="numeric" required />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('att.form.submit')}</button>
		</form>` : null}
		${issued ? html`<${Issued} r=${issued} auths=${auths} />` : null}
		<h3>${t('att.list.title')}</h3>
		${revoked ? html`<div class="notice notice-ok" role="status"><p>${t('att.list.revoked', { id: revoked })}</p></div>` : null}
		<${Loading} on=${list.loading && !list.data} />
		<${LoadError} error=${list.error} reload=${list.reload} />
		${list.data ? html`<${IssuedList} q=${list} auths=${auths} canRevoke=${canRevoke}
			onRevoked=${(id) => {
				setRevoked(id);
				list.reload();
			}} />` : null}
	</section>`;
}

/** The subject's own codes, to show at a partner's door or send ahead. */
export function MyCodes({ user }) {
	useEffect(() => {
		document.title = t('att.nav') + ' — SCS';
	}, []);
	return html`<h1>${t('att.nav')}</h1>
		<p>${t('att.mine_intro')}</p>
		<${AttestationPanel} person=${user.person} canRevoke=${false} />`;
}
