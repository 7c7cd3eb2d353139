// SPDX-License-Identifier: Apache-2.0
// pages/transfers.js - a cleared person changing employers, and the
// reciprocity lookup (docs/attestation.md, "Transfers and lookups"), at
// /transfers:
//
//   security officer  asks for the transfer of a cleared person to its own
//                     organization (POST /v1/transfers: the person's id and
//                     birth date; a wrong birth date reads as an unknown
//                     person, shown under the field); the transfers to or
//                     from its organization (GET /v1/transfers) with their
//                     state, and a waiting one its organization asked for
//                     cancelled after a confirmation; and "Check a
//                     clearance" (POST /v1/clearances/lookup): cleared or
//                     not, the authority, level, common rank, status, end.
//   adjudicator       the transfers waiting for a decision: accept, or
//                     reject with a reason (required, shown under the field
//                     when empty); below, those decided.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { TextArea } from '../casefile-fields.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t, tCode } from '../i18n.js';
import { OrgName, PersonName, useOrgName } from '../names.js';
import { levelName, loadLevels } from '../registers-fields.js';
import { LoadError, Loading, nameLang, Time, useLoad } from '../widgets.js';

const enc = encodeURIComponent;

/* Newest first. */
const newest = (list) => (list || []).slice().sort((a, b) =>
	String(b.decided || b.requested).localeCompare(String(a.decided || a.requested)));

export function XferState({ state }) {
	return html`<span class=${'xfer-state xfer-state-' + state} data-state=${state}>${tCode('xfer.state', state)}</span>`;
}

/* The person of a transfer: by name where the officer's organization employs
 * them (leaving, or arrived), else by id (the server would refuse the name). */
function Who({ x, user }) {
	const ours = user.role !== 'security_officer' ||
		(x.state === 'accepted' ? x.to_org === user.org : x.from_org === user.org);
	return ours ? html`<${PersonName} id=${x.person} user=${user} />` : html`<code class="person-id">${x.person}</code>`;
}

/* The decision's line: when, by whom, why. */
function Decided({ x }) {
	if (!x.decided)
		return html`<span class="muted">—</span>`;
	return html`<${Time} value=${x.decided} /> <span class="muted">${x.decided_by}</span>
		${x.reason ? html`<div class="xfer-reason" lang=${nameLang(x.reason)}>${x.reason}</div>` : null}`;
}

/* ---- the security officer ---- */

/* A name and birth date form, shared by the request and the lookup. */
function PersonFields({ form, idHint }) {
	return html`<${Field} form=${form} name="person" label=${t('xfer.person')} hint=${idHint} required
			autocomplete="off" spellcheck="false" />
		<${Field} form=${form} name="birth_date" type="date" label=${t('xfer.birth_date')} hint=${t('xfer.birth_date_hint')} required />`;
}

/* Both fields present, else their errors under them (the server would name only the first). */
function missing(form) {
	const v = form.values;
	const errs = {};
	if (!v.person.trim())
		errs.person = t('xfer.person_required');
	if (!v.birth_date)
		errs.birth_date = t('xfer.birth_date_required');
	if (!Object.keys(errs).length)
		return false;
	form.setErrors(errs);
	const el = document.getElementById(form.opts.id + '-' + Object.keys(errs)[0]);
	if (el)
		el.focus();
	return true;
}

function RequestForm({ user, onAsked }) {
	const orgName = useOrgName(user.org);
	const form = useForm({ person: '', birth_date: '' }, { id: 'xr' });
	const [asked, setAsked] = useState(null);
	const onSubmit = (e) => {
		e.preventDefault();
		setAsked(null);
		if (missing(form))
			return;
		const v = form.values;
		form.submit(() => api('POST', '/transfers', { person: v.person.trim(), birth_date: v.birth_date }), (r) => {
			setAsked(r);
			form.reset();
			onAsked();
		});
	};
	return html`<section class="casefile xfer-request" aria-labelledby="xr-h">
		<h2 id="xr-h">${t('xfer.request_title')}</h2>
		<p>${t('xfer.request_intro', { org: orgName })}</p>
		${asked ? html`<div class="notice notice-ok xfer-asked" role="status" data-transfer=${asked.id}>
			<p>${t('xfer.asked', { id: asked.id, person: asked.person, authority: asked.authority })}</p></div>` : null}
		<form onSubmit=${onSubmit} novalidate class="narrow xfer-request-form">
			<${PersonFields} form=${form} idHint=${t('xfer.person_hint')} />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('xfer.request')}</button>
		</form>
	</section>`;
}

/* Cancel a waiting transfer: a first click asks, a second confirms. */
function CancelButton({ x, onDone }) {
	const [asking, setAsking] = useState(false);
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState(null);
	const go = async () => {
		setBusy(true);
		setError(null);
		try {
			await api('POST', '/transfers/' + enc(x.id) + '/cancel', {});
			setAsking(false);
			onDone(x.id);
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	};
	if (!asking)
		return html`<button type="button" class="secondary small xfer-cancel" onClick=${() => setAsking(true)}
			aria-label=${t('xfer.cancel_label', { id: x.id })}>${t('xfer.cancel')}</button>`;
	return html`<div class="xfer-confirm" role="group" aria-label=${t('xfer.cancel_confirm', { id: x.id })}>
		<p>${t('xfer.cancel_confirm', { id: x.id })}</p>
		<div class="actions"><button type="button" class="danger small xfer-cancel-yes" onClick=${go} disabled=${busy}>${t('xfer.cancel_yes')}</button>
			<button type="button" class="secondary small xfer-cancel-no" onClick=${() => setAsking(false)}>${t('xfer.cancel_no')}</button></div>
		<${LoadError} error=${error} />
	</div>`;
}

function OfficerList({ r, user, onCancelled }) {
	const list = newest(r.data && r.data.transfers);
	return html`<section class="casefile xfer-list" aria-labelledby="xl-h">
		<h2 id="xl-h">${t('xfer.list_title')} <span class="muted">(${list.length})</span></h2>
		<p class="hint">${t('xfer.list_intro')}</p>
		<${Loading} on=${r.loading && !r.data} />
		<${LoadError} error=${r.error} reload=${r.reload} />
		${r.data && !list.length ? html`<p class="xfer-empty">${t('xfer.none')}</p>` : null}
		${list.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="xl-h"><table class="xfers">
			<caption class="sr-only">${t('xfer.list_title')}</caption>
			<thead><tr>
				<th scope="col">${t('xfer.id')}</th><th scope="col">${t('xfer.person_col')}</th>
				<th scope="col">${t('xfer.from_org')}</th><th scope="col">${t('xfer.to_org')}</th>
				<th scope="col">${t('xfer.requested')}</th><th scope="col">${t('xfer.state')}</th>
				<th scope="col">${t('xfer.decided')}</th><th scope="col"><span class="sr-only">${t('xfer.actions')}</span></th>
			</tr></thead>
			<tbody>${list.map((x) => html`<tr key=${x.id} data-transfer=${x.id} data-person=${x.person}>
				<td><code>${x.id}</code></td>
				<td><${Who} x=${x} user=${user} /></td>
				<td><${OrgName} id=${x.from_org} /></td>
				<td><${OrgName} id=${x.to_org} /></td>
				<td><${Time} value=${x.requested} /> <span class="muted">${x.requested_by}</span></td>
				<td class="xfer-state-cell"><${XferState} state=${x.state} /></td>
				<td><${Decided} x=${x} /></td>
				<td>${x.state === 'requested' && x.to_org === user.org ? html`<${CancelButton} x=${x} onDone=${onCancelled} />` : null}</td>
			</tr>`)}</tbody>
		</table></div>` : null}
	</section>`;
}

/* ---- the reciprocity lookup ---- */

function Lookup() {
	const refs = useLoad(() => loadLevels(), []);
	const form = useForm({ person: '', birth_date: '' }, { id: 'xk' });
	const [res, setRes] = useState(null);
	const auths = refs.data || [];
	const onSubmit = (e) => {
		e.preventDefault();
		setRes(null);
		if (missing(form))
			return;
		const v = form.values;
		const person = v.person.trim();
		/* An unknown person, or a wrong birth date (the same answer): not cleared, as far as the asker may know. */
		form.submit(() => api('POST', '/clearances/lookup', { person, birth_date: v.birth_date }).catch((err) => {
			if (err && err.code === 'not_found' && err.field === 'person')
				return { person, birth_date: v.birth_date, cleared: false, unknown: true, clearances: [] };
			throw err;
		}), setRes);
	};
	const cls = (res && res.clearances) || [];
	return html`<section class="casefile xfer-lookup" aria-labelledby="xk-h">
		<h2 id="xk-h">${t('xfer.lookup_title')}</h2>
		<p>${t('xfer.lookup_intro')}</p>
		<form onSubmit=${onSubmit} novalidate class="narrow xfer-lookup-form">
			<${PersonFields} form=${form} idHint=${t('xfer.lookup_person_hint')} />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('xfer.lookup')}</button>
		</form>
		${res ? html`<div class=${'xfer-answer notice ' + (res.cleared ? 'notice-ok' : 'notice-warn')} role="status"
			data-cleared=${res.cleared ? 'yes' : 'no'}>
			<p><strong>${t(res.cleared ? 'xfer.cleared' : 'xfer.not_cleared', { person: res.person })}</strong></p>
			${res.unknown ? html`<p class="xfer-unknown">${t('xfer.unknown', { person: res.person })}</p>` : null}
			${cls.map((c, i) => html`<dl class="facts xfer-clearance" key=${i}>
				<dt>${t('xfer.authority')}</dt><dd>${c.authority}${tCode('authority', c.authority) !== c.authority ?
					' — ' + tCode('authority', c.authority) : ''}</dd>
				<dt>${t('xfer.level')}</dt><dd class="xfer-level">${levelName(auths, c.authority, c.level)} <code class="muted">${c.level}</code></dd>
				<dt>${t('xfer.rank')}</dt><dd>${tCode('att.rank', c.rank)}</dd>
				<dt>${t('xfer.status')}</dt><dd>${tCode('xfer.clr', c.status)}</dd>
				<dt>${t('xfer.valid_until')}</dt><dd>${c.valid_until ? html`<${Time} value=${c.valid_until} />` : t('xfer.no_end')}</dd>
			</dl>`)}
		</div>` : null}
	</section>`;
}

/* ---- the adjudicator ---- */

/* One waiting transfer: accept, or reject with a reason. */
function Waiting({ x, user, onDone }) {
	const form = useForm({ reason: '' }, { id: 'xd-' + x.id });
	const go = (move) => () => {
		const reason = form.values.reason.trim();
		if (move === 'reject' && !reason) {
			form.setErrors({ reason: t('xfer.reason_required') });
			const el = document.getElementById('xd-' + x.id + '-reason');
			if (el)
				el.focus();
			return;
		}
		form.submit(() => api('POST', '/transfers/' + enc(x.id) + '/' + move, reason ? { reason } : {}), () => onDone(x.id, move));
	};
	const h = 'xd-' + x.id + '-h';
	return html`<article class="xfer-waiting" data-transfer=${x.id} data-person=${x.person} aria-labelledby=${h}>
		<h3 id=${h}>${t('xfer.waiting_one', { id: x.id })}</h3>
		<dl class="facts">
			<dt>${t('xfer.person_col')}</dt><dd><${Who} x=${x} user=${user} /></dd>
			<dt>${t('xfer.from_org')}</dt><dd><${OrgName} id=${x.from_org} withId /></dd>
			<dt>${t('xfer.to_org')}</dt><dd><${OrgName} id=${x.to_org} withId /></dd>
			<dt>${t('xfer.authority')}</dt><dd>${x.authority}</dd>
			<dt>${t('xfer.requested')}</dt><dd><${Time} value=${x.requested} /> <span class="muted">${x.requested_by}</span></dd>
		</dl>
		<form class="narrow xfer-decide" novalidate onSubmit=${(e) => e.preventDefault()}>
			<${TextArea} form=${form} name="reason" label=${t('xfer.reason')} hint=${t('xfer.reason_hint')} rows="2" maxlength="256" />
			<${FormStatus} form=${form} />
			<div class="actions">
				<button type="button" class="xfer-accept" onClick=${go('accept')} disabled=${form.busy}>${t('xfer.accept')}</button>
				<button type="button" class="xfer-reject danger" onClick=${go('reject')} disabled=${form.busy}>${t('xfer.reject')}</button>
			</div>
		</form>
	</article>`;
}

function AdjudicatorView({ r, user }) {
	const [done, setDone] = useState(null);
	const all = newest(r.data && r.data.transfers);
	const waiting = all.filter((x) => x.state === 'requested');
	const decided = all.filter((x) => x.state !== 'requested');
	return html`${done ? html`<div class="notice notice-ok xfer-done" role="status" data-done=${done.move} data-transfer=${done.id}>
			<p>${t('xfer.done.' + done.move, { id: done.id })}</p></div>` : null}
		<${Loading} on=${r.loading && !r.data} />
		<${LoadError} error=${r.error} reload=${r.reload} />
		<section class="xfer-queue" aria-labelledby="xq-h">
			<h2 id="xq-h">${t('xfer.waiting_title')} <span class="muted">(${waiting.length})</span></h2>
			${r.data && !waiting.length ? html`<p class="xfer-empty">${t('xfer.waiting_none')}</p>` : null}
			${waiting.map((x) => html`<${Waiting} key=${x.id} x=${x} user=${user} onDone=${(id, move) => {
				setDone({ id, move });
				r.reload();
			}} />`)}
		</section>
		<section class="casefile xfer-decided" aria-labelledby="xdd-h">
			<h2 id="xdd-h">${t('xfer.decided_title')} <span class="muted">(${decided.length})</span></h2>
			${r.data && !decided.length ? html`<p class="xfer-empty">${t('xfer.none')}</p>` : null}
			${decided.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="xdd-h"><table class="xfers">
				<caption class="sr-only">${t('xfer.decided_title')}</caption>
				<thead><tr>
					<th scope="col">${t('xfer.id')}</th><th scope="col">${t('xfer.person_col')}</th>
					<th scope="col">${t('xfer.from_org')}</th><th scope="col">${t('xfer.to_org')}</th>
					<th scope="col">${t('xfer.authority')}</th><th scope="col">${t('xfer.state')}</th><th scope="col">${t('xfer.decided')}</th>
				</tr></thead>
				<tbody>${decided.map((x) => html`<tr key=${x.id} data-transfer=${x.id} data-person=${x.person}>
					<td><code>${x.id}</code></td><td><${Who} x=${x} user=${user} /></td>
					<td><${OrgName} id=${x.from_org} /></td><td><${OrgName} id=${x.to_org} /></td>
					<td>${x.authority}</td>
					<td class="xfer-state-cell"><${XferState} state=${x.state} /></td><td><${Decided} x=${x} /></td>
				</tr>`)}</tbody>
			</table></div>` : null}
		</section>`;
}

/* ---- the page ---- */

export function Transfers({ user }) {
	const r = useLoad(() => api('GET', '/transfers'), []);
	const [cancelled, setCancelled] = useState(null);
	useEffect(() => {
		document.title = t('xfer.title') + ' — SCS';
	}, []);
	if (user.role === 'adjudicator')
		return html`<h1>${t('xfer.title')}</h1>
			<p>${t('xfer.intro_adjudicator')}</p>
			<${AdjudicatorView} r=${r} user=${user} />`;
	return html`<h1>${t('xfer.title')}</h1>
		<p>${t('xfer.intro_officer')}</p>
		<${RequestForm} user=${user} onAsked=${() => {
			setCancelled(null);
			r.reload();
		}} />
		${cancelled ? html`<div class="notice notice-ok xfer-cancelled" role="status"><p>${t('xfer.cancelled', { id: cancelled })}</p></div>` : null}
		<${OfficerList} r=${r} user=${user} onCancelled=${(id) => {
			setCancelled(id);
			r.reload();
		}} />
		<${Lookup} />`;
}
