// SPDX-License-Identifier: Apache-2.0
// pages/visits.js - visit requests (docs/attestation.md, "Visit
// requests"), for the security officers of both sides:
//
//   Visits     /visits: the visits of the officer's organization (GET
//              /v1/visits) in two tables: our staff visiting others
//              (outgoing: we are the visitor's side) and visitors to us
//              (incoming: the host's side), each with its state and phase
//   VisitNew   /visits/new: draft a request (POST /v1/visits): the
//              visitor picked among the officer's staff (GET
//              /v1/organizations/{org}/staff), the host organization, site,
//              purpose, type, first and last day, the items and
//              compartments (ids, comma-separated, as the other forms take
//              lists); then its page
//   VisitView  /visits/:id: the request in full with its history (GET
//              /v1/visits/{id}?qr=1), and only the moves the caller's side
//              may make in its state (src/ops/visit.c may_move): the
//              visitor's side amends (PUT, a draft or returned), submits,
//              certifies (the register attaches the visitor's attestation)
//              and cancels; the host's side approves (the register signs
//              the pass), returns or rejects with a note, and cancels.
//              The pass and the attestation with their QR codes, drawn by
//              the server as SVG and shown as images (never as markup),
//              and the pass checked against the register's keys.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { TextArea } from '../casefile-fields.js';
import { Field, FormStatus, useForm } from '../form.js';
import { getLang, t, tCode } from '../i18n.js';
import { OrgName, PersonName, useOrgs } from '../names.js';
import { today } from '../registers-fields.js';
import { Link, navigate } from '../router.js';
import { LoadError, Loading, nameLang, Time, useLoad } from '../widgets.js';

const TYPES = ['one_time', 'recurring', 'emergency'];
const enc = encodeURIComponent;

/* A list of ids as typed: commas (or the Japanese ones), spaces, semicolons. */
const idList = (s) => [...new Set(String(s || '').split(/[\s,、，;]+/).filter(Boolean))];
const sep = () => (getLang() === 'ja' ? '、' : ', ');
const ids = (list) => ((list || []).length ? html`${list.map((x, i) => html`${i ? sep() : ''}<code>${x}</code>`)}` : '—');

/* The SVG the server drew, as an image: its markup never enters the page. */
const svgSrc = (svg) => 'data:image/svg+xml;charset=utf-8,' + enc(svg);

/* Which side of visit v the user is on: 'visitor', 'host' or null. */
function sideOf(v, user) {
	if (v.visitor_org === user.org)
		return 'visitor';
	if (v.host_org === user.org)
		return 'host';
	return null;
}

/* The moves the user's side may make in v's state (src/core/visit.c scs_visit_move_ok, src/ops/visit.c may_move). */
function movesOf(v, side) {
	const s = v.state;
	const out = [];
	if (side === 'visitor') {
		if (s === 'draft' || s === 'returned')
			out.push('amend', 'submit');
		if (s === 'submitted')
			out.push('certify');
	}
	if (side === 'host' && s === 'certified')
		out.push('approve', 'return', 'reject');
	if (side && s !== 'rejected' && s !== 'cancelled')
		out.push('cancel');
	return out;
}

export function StateTag({ state }) {
	return html`<span class=${'visit-state visit-state-' + state} data-state=${state}>${tCode('visit.state', state)}</span>`;
}

/* The phase where it says more than the state: an approved visit not begun, active or completed; a request expired. */
function Phase({ v }) {
	if (!v.phase || (v.phase === v.state && v.state !== 'approved'))
		return html`<span class="muted">—</span>`;
	return html`<span class=${'visit-phase visit-phase-' + v.phase} data-phase=${v.phase}>${tCode('visit.phase', v.phase)}</span>`;
}

function Days({ v }) {
	return html`<span class="visit-days"><${Time} value=${v.first_day} />${' – '}<${Time} value=${v.last_day} /></span>`;
}

/* ---- the list ---- */

function VisitTable({ id, title, intro, list, side, user }) {
	return html`<section aria-labelledby=${id} class=${'visits-' + side}>
		<h2 id=${id}>${title} <span class="muted">(${list.length})</span></h2>
		<p class="hint">${intro}</p>
		${list.length === 0 ? html`<p class="visit-empty">${t('visit.none')}</p>` : html`<div class="table-wrap" tabindex="0" role="region"
			aria-labelledby=${id}><table class="visits">
			<caption class="sr-only">${title}</caption>
			<thead><tr>
				<th scope="col">${t('visit.id')}</th><th scope="col">${t('visit.visitor')}</th>
				<th scope="col">${side === 'visitor' ? t('visit.host_org') : t('visit.visitor_org')}</th>
				<th scope="col">${t('visit.site')}</th><th scope="col">${t('visit.type')}</th><th scope="col">${t('visit.days')}</th>
				<th scope="col">${t('visit.state')}</th><th scope="col">${t('visit.phase')}</th>
			</tr></thead>
			<tbody>${list.map((v) => html`<tr key=${v.id} data-visit=${v.id}>
				<td><${Link} href=${'/visits/' + enc(v.id)}><code>${v.id}</code><//></td>
				<td>${side === 'visitor' ? html`<${PersonName} id=${v.visitor} user=${user} />` : html`<code>${v.visitor}</code>`}</td>
				<td><${OrgName} id=${side === 'visitor' ? v.host_org : v.visitor_org} /></td>
				<td lang=${nameLang(v.site)}>${v.site}</td>
				<td>${tCode('visit.type', v.type)}</td>
				<td><${Days} v=${v} /></td>
				<td class="visit-state-cell"><${StateTag} state=${v.state} /></td>
				<td class="visit-phase-cell"><${Phase} v=${v} /></td>
			</tr>`)}</tbody>
		</table></div>`}
	</section>`;
}

export function Visits({ user }) {
	const r = useLoad(() => api('GET', '/visits'), []);
	useEffect(() => {
		document.title = t('visit.title') + ' — SCS';
	}, []);
	const all = r.data ? (r.data.visits || []).slice().sort((a, b) => String(b.changed).localeCompare(String(a.changed))) : [];
	const out = all.filter((v) => v.visitor_org === user.org);
	const inc = all.filter((v) => v.host_org === user.org && v.visitor_org !== user.org);
	return html`<h1>${t('visit.title')}</h1>
		<p>${t('visit.intro')}</p>
		<p class="page-actions"><${Link} href="/visits/new">${t('visit.new_link')}<//></p>
		<${Loading} on=${r.loading && !r.data} />
		<${LoadError} error=${r.error} reload=${r.reload} />
		${r.data ? html`<${VisitTable} id="visits-out" title=${t('visit.outgoing')} intro=${t('visit.outgoing_intro')} list=${out}
				side="visitor" user=${user} />
			<${VisitTable} id="visits-in" title=${t('visit.incoming')} intro=${t('visit.incoming_intro')} list=${inc}
				side="host" user=${user} />` : null}`;
}

/* ---- the request's form: drafting and amending ---- */

const blank = () => ({ visitor: '', host_org: '', site: '', purpose: '', type: 'one_time', first_day: '', last_day: '',
	items: '', compartments: '' });
const fromVisit = (v) => ({ visitor: v.visitor, host_org: v.host_org, site: v.site, purpose: v.purpose, type: v.type,
	first_day: v.first_day, last_day: v.last_day, items: (v.items || []).join(', '), compartments: (v.compartments || []).join(', ') });

function VisitForm({ user, initial, id, button, send, done }) {
	const form = useForm(initial, { id });
	const staff = useLoad(() => api('GET', '/organizations/' + enc(user.org) + '/staff', undefined, { limit: 1000 }), []);
	const orgs = useOrgs();
	const people = (staff.data && staff.data.staff) || [];
	const hosts = orgs ? [...orgs.values()].filter((o) => o.id !== user.org)
		.sort((a, b) => String(a.name).localeCompare(String(b.name))) : [];
	const v = form.values;
	const onSubmit = (e) => {
		e.preventDefault();
		const body = { visitor: v.visitor, host_org: v.host_org, site: v.site.trim(), purpose: v.purpose.trim(), type: v.type,
			first_day: v.first_day.trim(), last_day: v.last_day.trim(), items: idList(v.items), compartments: idList(v.compartments) };
		form.submit(() => send(body), done);
	};
	const person = (p) => p.name + (p.name_latin ? ' (' + p.name_latin + ')' : '') + ' — ' + p.person +
		(p.status ? ' · ' + tCode('status', p.status) : '');
	return html`<${LoadError} error=${staff.error} reload=${staff.reload} />
		<form onSubmit=${onSubmit} novalidate class="narrow visit-form">
			<${Field} form=${form} name="visitor" label=${t('visit.visitor')} required hint=${t('visit.visitor_hint')}
				options=${[['', t('visit.choose')], ...people.map((p) => [p.person, person(p)])]} />
			<${Field} form=${form} name="host_org" label=${t('visit.host_org')} required
				options=${[['', t('visit.choose')], ...hosts.map((o) => [o.id, o.name + ' (' + o.id + ')'])]} />
			<${Field} form=${form} name="site" label=${t('visit.site')} required hint=${t('visit.site_hint')} maxlength="256" />
			<${TextArea} form=${form} name="purpose" label=${t('visit.purpose')} required rows="3" maxlength="256" />
			<${Field} form=${form} name="type" label=${t('visit.type')} required hint=${t('visit.type_hint')}
				options=${TYPES.map((c) => [c, t('visit.type.' + c)])} />
			<${Field} form=${form} name="first_day" type="date" label=${t('visit.first_day')} required min=${today()} />
			<${Field} form=${form} name="last_day" type="date" label=${t('visit.last_day')} required />
			<${Field} form=${form} name="items" label=${t('visit.items')} hint=${t('visit.ids_hint')} autocomplete="off" spellcheck="false" />
			<${Field} form=${form} name="compartments" label=${t('visit.compartments')} hint=${t('visit.ids_hint')}
				autocomplete="off" spellcheck="false" />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${button}</button>
		</form>`;
}

/* The request just drafted, as the answer gave it: its page says so. */
let justDrafted = null;

export function VisitNew({ user }) {
	useEffect(() => {
		document.title = t('visit.new_title') + ' — SCS';
	}, []);
	return html`<p class="crumbs"><${Link} href="/visits">${t('visit.back')}<//></p>
		<h1>${t('visit.new_title')}</h1>
		<p>${t('visit.new_intro')}</p>
		<${VisitForm} user=${user} initial=${blank()} id="vn" button=${t('visit.create')}
			send=${(body) => api('POST', '/visits', body)}
			done=${(r) => {
				justDrafted = r.id;
				navigate('/visits/' + enc(r.id));
			}} />`;
}

/* ---- one request ---- */

/* A code (an attestation or a pass) with its QR code, when the server drew one. */
function Code({ code, svg, alt, cls }) {
	return html`<div class=${'visit-code ' + cls}>
		${svg ? html`<img class="qr" src=${svgSrc(svg)} alt=${alt} width="240" height="240" />` : null}
		<p class="code-text"><code>${code}</code></p>
	</div>`;
}

/* The register's verdict on the pass (POST /v1/visits/pass): what a guard reads. */
function PassCheck({ pass }) {
	const form = useForm({ pass }, { id: 'vpc', fallbackField: null });
	const [res, setRes] = useState(null);
	const check = () => form.submit(() => api('POST', '/visits/pass', { pass }), setRes);
	const p = res && res.pass;
	return html`<div class="visit-pass-check">
		<button type="button" class="secondary" onClick=${check} disabled=${form.busy}>${t('visit.pass_check')}</button>
		<${FormStatus} form=${form} />
		${res ? html`<dl class="facts pass-verdict" data-result=${res.result}>
			<dt>${t('visit.pass_result')}</dt><dd class="pass-result">${tCode('visit.result', res.result)}</dd>
			${p ? html`<dt>${t('visit.pass_name')}</dt><dd class="pass-name" lang="en">${p.name}</dd>
				<dt>${t('visit.pass_birth')}</dt><dd><${Time} value=${p.birth_date} /></dd>
				<dt>${t('visit.days')}</dt><dd><${Days} v=${p} /></dd>
				<dt>${t('visit.authority')}</dt><dd>${tCode('authority', p.authority)}</dd>` : null}
		</dl>` : null}
	</div>`;
}

/* A move without a note (submit, certify, approve, cancel): one button, and for cancel a second to confirm. */
function MoveButton({ v, move, onMoved }) {
	const form = useForm({ x: '' }, { id: 'vm-' + move });
	const [asking, setAsking] = useState(false);
	const go = () => form.submit(() => api('POST', '/visits/' + enc(v.id) + '/' + move, {}), () => {
		setAsking(false);
		onMoved(move);
	});
	if (move === 'cancel' && asking)
		return html`<div class="visit-move visit-confirm" data-move=${move} role="group" aria-label=${t('visit.cancel_confirm')}>
			<p>${t('visit.cancel_confirm')}</p>
			<div class="actions"><button type="button" class="danger" onClick=${go} disabled=${form.busy}>${t('visit.cancel_yes')}</button>
				<button type="button" class="secondary" onClick=${() => setAsking(false)}>${t('visit.cancel_no')}</button></div>
			<${FormStatus} form=${form} />
		</div>`;
	return html`<div class="visit-move" data-move=${move}>
		<button type="button" class=${'move-' + move + (move === 'cancel' ? ' secondary' : '')} disabled=${form.busy}
			onClick=${move === 'cancel' ? () => setAsking(true) : go}>${t('visit.do.' + move)}</button>
		<p class="hint">${t('visit.do_hint.' + move)}</p>
		<${FormStatus} form=${form} />
	</div>`;
}

/* The host's return or rejection: a note, required, then one of the two buttons. */
function NoteMoves({ v, onMoved }) {
	const form = useForm({ note: '' }, { id: 'vnote' });
	const go = (move) => () => {
		const note = form.values.note.trim();
		if (!note) {
			form.setErrors({ note: t('visit.note_required') });
			const el = document.getElementById('vnote-note');
			if (el)
				el.focus();
			return;
		}
		form.submit(() => api('POST', '/visits/' + enc(v.id) + '/' + move, { note }), () => onMoved(move));
	};
	return html`<form class="narrow visit-note-form" novalidate onSubmit=${(e) => e.preventDefault()}>
		<${TextArea} form=${form} name="note" label=${t('visit.note')} hint=${t('visit.note_hint')} required rows="3" maxlength="256" />
		<${FormStatus} form=${form} />
		<div class="actions">
			<button type="button" class="move-return" onClick=${go('return')} disabled=${form.busy}>${t('visit.do.return')}</button>
			<button type="button" class="move-reject danger" onClick=${go('reject')} disabled=${form.busy}>${t('visit.do.reject')}</button>
		</div>
	</form>`;
}

function History({ list }) {
	const rows = list || [];
	return html`<section class="casefile visit-history" aria-labelledby="vh-h">
		<h2 id="vh-h">${t('visit.history')}</h2>
		${rows.length ? html`<ol class="visit-steps">${rows.map((h, i) => html`<li key=${i} data-action=${h.action}>
			<${Time} value=${h.at} />${' '}<strong>${tCode('visit.action', h.action)}</strong>${' '}<span class="muted">${h.actor}</span>
		</li>`)}</ol>` : html`<p class="muted">${t('visit.history_none')}</p>`}
	</section>`;
}

export function VisitView({ params, user }) {
	const id = params.id;
	const r = useLoad(() => api('GET', '/visits/' + enc(id), undefined, { qr: 1 }), [id]);
	const [done, setDone] = useState(() => (justDrafted === id ? 'create' : null));
	const [amending, setAmending] = useState(false);
	useEffect(() => {
		justDrafted = null;
		document.title = t('visit.page', { id }) + ' — SCS';
	}, [id]);
	const v = r.data;
	const side = v ? sideOf(v, user) : null;
	const moves = v ? movesOf(v, side) : [];
	const moved = (m) => {
		setDone(m);
		setAmending(false);
		r.reload();
	};
	return html`<p class="crumbs"><${Link} href="/visits">${t('visit.back')}<//></p>
		<h1>${t('visit.page', { id })}</h1>
		${done ? html`<div class="notice notice-ok visit-done" role="status" data-done=${done}><p>${t('visit.done.' + done)}</p></div>` : null}
		<${Loading} on=${r.loading && !v} />
		<${LoadError} error=${r.error} reload=${r.reload} />
		${v ? html`<p class="visit-side" data-side=${side}>${t(side === 'host' ? 'visit.side_host' : 'visit.side_visitor')}</p>
		<dl class="facts visit-facts">
			<dt>${t('visit.state')}</dt><dd class="visit-state-cell"><${StateTag} state=${v.state} /></dd>
			<dt>${t('visit.phase')}</dt><dd class="visit-phase-cell"><${Phase} v=${v} /></dd>
			<dt>${t('visit.visitor')}</dt><dd>${side === 'visitor' ? html`<${PersonName} id=${v.visitor} user=${user} />` : html`<code>${v.visitor}</code>`}</dd>
			<dt>${t('visit.visitor_org')}</dt><dd><${OrgName} id=${v.visitor_org} withId /></dd>
			<dt>${t('visit.host_org')}</dt><dd><${OrgName} id=${v.host_org} withId /></dd>
			<dt>${t('visit.site')}</dt><dd class="visit-site" lang=${nameLang(v.site)}>${v.site}</dd>
			<dt>${t('visit.purpose')}</dt><dd class="visit-purpose" lang=${nameLang(v.purpose)}>${v.purpose}</dd>
			<dt>${t('visit.type')}</dt><dd>${tCode('visit.type', v.type)}</dd>
			<dt>${t('visit.days')}</dt><dd><${Days} v=${v} /></dd>
			<dt>${t('visit.items')}</dt><dd>${ids(v.items)}</dd>
			<dt>${t('visit.compartments')}</dt><dd>${ids(v.compartments)}</dd>
			<dt>${t('visit.created')}</dt><dd><${Time} value=${v.created} /> <span class="muted">${v.created_by}</span></dd>
			<dt>${t('visit.changed')}</dt><dd><${Time} value=${v.changed} /> <span class="muted">${v.changed_by}</span></dd>
			${v.note ? html`<dt>${t('visit.last_note')}</dt><dd class="visit-note" lang=${nameLang(v.note)}>${v.note}</dd>` : null}
		</dl>
		${v.pass ? html`<section class="casefile visit-pass" aria-labelledby="vp-h">
			<h2 id="vp-h">${t('visit.pass')}</h2>
			<p>${t('visit.pass_intro')}</p>
			<${Code} code=${v.pass} svg=${v.pass_qr_svg} alt=${t('visit.pass_qr', { id: v.id })} cls="pass-code" />
			${v.pass_qr_svg ? null : html`<p class="notice notice-warn visit-no-qr">${t('visit.no_qr')}</p>`}
			<div class="actions no-print"><button type="button" class="secondary print-pass" onClick=${() => window.print()}>${t('visit.print')}</button></div>
			<div class="no-print"><${PassCheck} pass=${v.pass} /></div>
		</section>` : null}
		${v.attestation ? html`<section class="casefile visit-attestation" aria-labelledby="va-h">
			<h2 id="va-h">${t('visit.attestation')}</h2>
			<p>${t('visit.attestation_intro')}</p>
			<${Code} code=${v.attestation} svg=${v.attestation_qr_svg} alt=${t('visit.attestation_qr', { id: v.id })} cls="attestation-code" />
		</section>` : null}
		${moves.length ? html`<section class="casefile visit-actions no-print" aria-labelledby="vx-h">
			<h2 id="vx-h">${t('visit.actions')}</h2>
			${moves.includes('amend') ? (amending ? html`<h3>${t('visit.amend_title')}</h3>
				<${VisitForm} user=${user} initial=${fromVisit(v)} id="vam" button=${t('visit.amend_save')}
					send=${(body) => api('PUT', '/visits/' + enc(v.id), body)} done=${() => moved('amend')} />
				<button type="button" class="secondary" onClick=${() => setAmending(false)}>${t('visit.amend_close')}</button>` :
				html`<div class="visit-move" data-move="amend"><button type="button" class="secondary move-amend"
					onClick=${() => setAmending(true)}>${t('visit.do.amend')}</button><p class="hint">${t('visit.do_hint.amend')}</p></div>`) : null}
			${moves.filter((m) => m === 'submit' || m === 'certify' || m === 'approve').map((m) => html`<${MoveButton} key=${m} v=${v} move=${m} onMoved=${moved} />`)}
			${moves.includes('return') ? html`<${NoteMoves} v=${v} onMoved=${moved} />` : null}
			${moves.includes('cancel') ? html`<${MoveButton} v=${v} move="cancel" onMoved=${moved} />` : null}
		</section>` : null}
		<div class="no-print"><${History} list=${v.history} /></div>` : null}`;
}
