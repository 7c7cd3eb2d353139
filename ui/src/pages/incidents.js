// SPDX-License-Identifier: Apache-2.0
// pages/incidents.js - security incidents (docs/continuous-vetting.md,
// Incidents):
//
//   Incidents      /incidents: the security officer's list (GET
//                  /v1/incidents: their organization's), open or closed
//   IncidentNew    /incidents/new: record one (POST /v1/incidents): type,
//                  date, the persons who handled and who received the
//                  information and the items (ids, comma-separated, as the
//                  other forms take lists), the narrative (sealed), and
//                  whom of the persons named to suspend at once; then its
//                  page, with the answer's legal exposure
//   IncidentView   /incidents/:id: read only with a purpose (GET
//                  /v1/incidents/{id}?purpose=, audited; the prompt of
//                  pages/alerts.js), the incident, its narrative, the legal
//                  exposure per person and item, and while open the
//                  closing with an outcome (POST /v1/incidents/{id}/close)
//   IncidentStats  /reports/incidents: the counts for auditors and admins
//                  (GET /v1/reports/incidents) by type, organization and
//                  authority.  Never a person.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { TextArea } from '../casefile-fields.js';
import { Field, FormStatus, useForm } from '../form.js';
import { fmtNum, getLang, t, tCode } from '../i18n.js';
import { OrgName, PersonName } from '../names.js';
import { CheckGroup, today } from '../registers-fields.js';
import { Link, navigate } from '../router.js';
import { LoadError, Loading, nameLang, Time, useLoad } from '../widgets.js';
import { PurposeRead } from './alerts.js';

const TYPES = ['intentional_disclosure', 'negligent_disclosure', 'mishandling', 'loss', 'unreported_contact'];
const enc = encodeURIComponent;

/* A list of ids as typed: commas (or the Japanese ones), spaces, semicolons. */
const idList = (s) => [...new Set(String(s || '').split(/[\s,、，;]+/).filter(Boolean))];
const persons = (inc) => [...new Set([...(inc.handlers || []), ...(inc.recipients || [])])];

/* The incident just recorded, as the answer gave it with the narrative typed: its page shows it without a read. */
let justRecorded = null;

function StateTag({ closed }) {
	const s = closed ? 'closed' : 'open';
	return html`<span class=${'cv-state cv-inc-' + s} data-state=${s}>${t('cv.inc.' + s)}</span>`;
}

function yen(n) {
	if (typeof n !== 'number')
		return '—';
	return new Intl.NumberFormat(getLang() === 'ja' ? 'ja-JP' : 'en', { style: 'currency', currency: 'JPY' }).format(n);
}

const years = (n) => (typeof n === 'number' ? t('cv.inc.years', { n: fmtNum(n, 0) }) : '—');
const offence = (o) => tCode('cv.offence', String(o).toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, ''));

/* ---- the list ---- */

export function Incidents({ user }) {
	const r = useLoad(() => api('GET', '/incidents'), []);
	useEffect(() => {
		document.title = t('cv.inc.title') + ' — SCS';
	}, []);
	const list = r.data ? (r.data.incidents || []).slice().sort((a, b) => String(b.occurred).localeCompare(String(a.occurred)) ||
		String(b.recorded).localeCompare(String(a.recorded))) : [];
	const caption = t('cv.inc.title');
	return html`<h1>${t('cv.inc.title')}</h1>
		<p>${t('cv.inc.intro')}</p>
		${user.role === 'security_officer' ? html`<p class="page-actions"><${Link} href="/incidents/new">${t('cv.inc.new_link')}<//></p>` : null}
		<${Loading} on=${r.loading && !r.data} />
		<${LoadError} error=${r.error} reload=${r.reload} />
		${r.data ? (list.length === 0 ? html`<p class="cv-empty">${t('cv.inc.none')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table class="cv-incidents">
			<caption class="sr-only">${caption}</caption>
			<thead><tr>
				<th scope="col">${t('cv.inc.id')}</th><th scope="col">${t('cv.inc.type')}</th>
				<th scope="col">${t('cv.inc.occurred')}</th><th scope="col" class="num">${t('cv.inc.persons')}</th>
				<th scope="col">${t('cv.inc.state')}</th>
			</tr></thead>
			<tbody>${list.map((i) => html`<tr key=${i.id} data-incident=${i.id}>
				<td><${Link} href=${'/incidents/' + enc(i.id)}><code>${i.id}</code><//></td>
				<td>${tCode('cv.incident', i.type)}</td>
				<td><${Time} value=${i.occurred} /></td>
				<td class="num">${fmtNum(persons(i).length, 0)}</td>
				<td class="inc-state"><${StateTag} closed=${!!i.closed} /></td>
			</tr>`)}</tbody>
		</table></div>`) : null}`;
}

/* ---- record one ---- */

export function IncidentNew() {
	const form = useForm({ type: '', occurred: today(), handlers: '', recipients: '', items: '', narrative: '', suspend: [] },
		{ id: 'inc' });
	const v = form.values;
	useEffect(() => {
		document.title = t('cv.inc.new_title') + ' — SCS';
	}, []);
	const named = [...new Set([...idList(v.handlers), ...idList(v.recipients)])];
	const onSubmit = async (e) => {
		e.preventDefault();
		const body = {
			type: v.type, occurred: v.occurred.trim(), handlers: idList(v.handlers), recipients: idList(v.recipients),
			items: idList(v.items), narrative: v.narrative, suspend: v.suspend.filter((p) => named.includes(p)),
		};
		await form.submit(async () => {
			try {
				return await api('POST', '/incidents', body);
			} catch (err) {
				/* The principal person is the first handler: "names no person" is about the handlers. */
				if (err && err.field === 'person')
					throw new ApiError(err.kind, err.status, err.code, 'handlers', err.message);
				throw err;
			}
		}, (r) => {
			justRecorded = { ...r, narrative: r.narrative || body.narrative };
			navigate('/incidents/' + enc(r.id));
		});
	};
	return html`<p class="crumbs"><${Link} href="/incidents">${t('cv.inc.back')}<//></p>
		<h1>${t('cv.inc.new_title')}</h1>
		<form onSubmit=${onSubmit} novalidate class="narrow incident-new">
			<${Field} form=${form} name="type" label=${t('cv.inc.type')} required
				options=${[['', t('cv.cc.type_choose')], ...TYPES.map((c) => [c, t('cv.incident.' + c)])]} />
			<${Field} form=${form} name="occurred" type="date" label=${t('cv.inc.occurred')} required />
			<${Field} form=${form} name="handlers" label=${t('cv.inc.handlers')} hint=${t('cv.inc.persons_hint')}
				autocomplete="off" spellcheck="false" />
			<${Field} form=${form} name="recipients" label=${t('cv.inc.recipients')} hint=${t('cv.inc.persons_hint')}
				autocomplete="off" spellcheck="false" />
			<${Field} form=${form} name="items" label=${t('cv.inc.items')} hint=${t('cv.inc.items_hint')}
				autocomplete="off" spellcheck="false" />
			<${TextArea} form=${form} name="narrative" label=${t('cv.inc.narrative')} hint=${t('cv.inc.narrative_hint')} rows="6" required />
			<${CheckGroup} form=${form} name="suspend" legend=${t('cv.inc.suspend')} hint=${t('cv.inc.suspend_hint')}
				empty=${t('cv.inc.suspend_none')} options=${named.map((p) => [p, t('cv.inc.suspend_one', { id: p })])} />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('cv.inc.submit')}</button>
		</form>`;
}

/* ---- one incident ---- */

/* Per person, per item: the part, the authority, the offence, the maximum prison term and fine. */
function Exposure({ inc, user }) {
	const rows = Array.isArray(inc.exposure) ? inc.exposure : [];
	return html`<section class="casefile" aria-labelledby="exp-h">
		<h2 id="exp-h">${t('cv.inc.exposure')}</h2>
		<p>${t('cv.inc.exposure_intro')}</p>
		${rows.length && (inc.items || []).length ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="exp-h"><table class="exposure">
			<caption class="sr-only">${t('cv.inc.exposure')}</caption>
			<thead><tr><th scope="col">${t('field.person')}</th><th scope="col">${t('cv.inc.part')}</th>
				<th scope="col">${t('cv.inc.item')}</th><th scope="col">${t('cv.inc.authority')}</th>
				<th scope="col">${t('cv.inc.offence')}</th><th scope="col" class="num">${t('cv.inc.prison')}</th>
				<th scope="col" class="num">${t('cv.inc.fine')}</th><th scope="col" class="num">${t('cv.inc.highest')}</th></tr></thead>
			${rows.map((p) => {
				const items = p.items && p.items.length ? p.items : [{}];
				const n = items.length;
				return html`<tbody data-person=${p.person} data-part=${p.part}>${items.map((x, i) => html`<tr data-item=${x.item || ''}>
					${i === 0 ? html`<th scope="rowgroup" rowspan=${n}><${PersonName} id=${p.person} user=${user} /></th>
						<td rowspan=${n}>${tCode('cv.inc.part', p.part)}</td>` : null}
					<td>${x.item ? html`<code>${x.item}</code>` : '—'}</td>
					<td>${x.authority ? tCode('authority', x.authority) : x.item ? t('cv.inc.no_item') : '—'}</td>
					<td class="exp-offence">${x.offence ? offence(x.offence) : t('cv.inc.no_offence')}</td>
					<td class="num exp-prison">${x.offence ? years(x.max_prison_years) : '—'}</td>
					<td class="num exp-fine">${x.offence ? yen(x.max_fine_yen) : '—'}</td>
					${i === 0 ? html`<td class="num exp-highest" rowspan=${n}>${p.max_prison_years ? years(p.max_prison_years) : '—'}</td>` : null}
				</tr>`)}</tbody>`;
			})}
		</table></div>` : html`<p class="muted">${t('cv.inc.no_exposure')}</p>`}
	</section>`;
}

function CloseForm({ inc, onClosed }) {
	const form = useForm({ outcome: '' }, { id: 'icl' });
	const onSubmit = async (e) => {
		e.preventDefault();
		const outcome = form.values.outcome.trim();
		if (!outcome) {
			form.setErrors({ outcome: t('cv.inc.outcome_required') });
			const el = document.getElementById('icl-outcome');
			if (el)
				el.focus();
			return;
		}
		await form.submit(() => api('POST', '/incidents/' + enc(inc.id) + '/close', { outcome }), onClosed);
	};
	return html`<form onSubmit=${onSubmit} novalidate class="narrow incident-close">
		<${TextArea} form=${form} name="outcome" label=${t('cv.inc.outcome')} required rows="3" />
		<${FormStatus} form=${form} />
		<button type="submit" disabled=${form.busy}>${t('cv.inc.close_btn')}</button>
	</form>`;
}

const idsOf = (list) => ((list || []).length ? html`${list.map((x, i) => html`${i ? ', ' : ''}<code>${x}</code>`)}` : '—');
const personsOf = (list, user) => ((list || []).length ?
	html`<ul class="plain">${list.map((x) => html`<li key=${x}><${PersonName} id=${x} user=${user} /></li>`)}</ul>` : '—');

export function IncidentView({ params, user }) {
	const id = params.id;
	const [inc, setInc] = useState(() => (justRecorded && justRecorded.id === id ? justRecorded : null));
	const [note, setNote] = useState(() => (justRecorded && justRecorded.id === id ? 'recorded' : null));
	useEffect(() => {
		justRecorded = null;
		document.title = t('cv.inc.page', { id }) + ' — SCS';
	}, [id]);
	/* The closing's answer has no narrative: it keeps the one shown. */
	const closed = (r) => {
		setInc((old) => ({ ...old, ...r, narrative: old.narrative, exposure: r.exposure || old.exposure }));
		setNote('closed');
	};
	return html`<p class="crumbs"><${Link} href="/incidents">${t('cv.inc.back')}<//></p>
		<h1>${t('cv.inc.page', { id })}</h1>
		${note ? html`<div class="notice notice-ok incident-result" role="status"><p>${t(note === 'closed' ? 'cv.inc.closed_ok' : 'cv.inc.recorded_ok')}</p></div>` : null}
		${inc ? html`<dl class="facts incident-facts">
			<dt>${t('cv.inc.type')}</dt><dd>${tCode('cv.incident', inc.type)} <code class="muted">${inc.type}</code></dd>
			<dt>${t('cv.inc.occurred')}</dt><dd><${Time} value=${inc.occurred} /></dd>
			<dt>${t('cv.inc.org')}</dt><dd><${OrgName} id=${inc.org} withId /></dd>
			<dt>${t('cv.inc.recorded')}</dt><dd><${Time} value=${inc.recorded} /></dd>
			<dt>${t('cv.inc.recorded_by')}</dt><dd><code>${inc.recorded_by || '—'}</code></dd>
			<dt>${t('cv.inc.person')}</dt><dd><${PersonName} id=${inc.person} user=${user} /></dd>
			<dt>${t('cv.inc.handlers')}</dt><dd>${personsOf(inc.handlers, user)}</dd>
			<dt>${t('cv.inc.recipients')}</dt><dd>${personsOf(inc.recipients, user)}</dd>
			<dt>${t('cv.inc.items')}</dt><dd>${idsOf(inc.items)}</dd>
			<dt>${t('cv.inc.state')}</dt><dd class="inc-state"><${StateTag} closed=${!!inc.closed} /></dd>
			${inc.closed ? html`<dt>${t('cv.inc.closed_at')}</dt><dd><${Time} value=${inc.closed} /></dd>
				<dt>${t('cv.inc.outcome')}</dt><dd class="inc-outcome" lang=${nameLang(inc.outcome)}>${inc.outcome || '—'}</dd>` : null}
		</dl>
		<section class="casefile" aria-labelledby="inar-h">
			<h2 id="inar-h">${t('cv.inc.narrative')}</h2>
			${inc.narrative ? html`<div class="text narrative">${inc.narrative.split('\n').map((l, i) => html`${i ? '\n' : ''}<span
				lang=${nameLang(l)}>${l}</span>`)}</div>` : html`<p class="muted">${t('cv.inc.narrative_none')}</p>`}
		</section>
		<${Exposure} inc=${inc} user=${user} />
		${!inc.closed && user.role === 'security_officer' ? html`<section class="casefile" aria-labelledby="icl-h">
			<h2 id="icl-h">${t('cv.inc.close_h')}</h2>
			<p>${t('cv.inc.close_intro')}</p>
			<${CloseForm} inc=${inc} onClosed=${closed} />
		</section>` : null}` :
		html`<${PurposeRead} fid="inp" cls="open-incident" heading=${t('cv.inc.open_h')} recorded=${t('cv.inc.recorded_note')}
			button=${t('cv.inc.open_btn')} missing=${t('cv.inc.purpose_required')}
			read=${(purpose) => api('GET', '/incidents/' + enc(id), undefined, { purpose })} onOpen=${setInc} />`}`;
}

/* ---- the figures ---- */

/* The day after ymd, for a period that includes its last day. */
function nextDay(ymd) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(ymd || '').trim());
	if (!m)
		return ymd ? String(ymd).trim() : '';
	return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + 1)).toISOString().slice(0, 10);
}

function Counts({ id, title, col, counts, name, note }) {
	const rows = Object.entries(counts || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
	return html`<section aria-labelledby=${id}>
		<h2 id=${id}>${title}</h2>
		${note ? html`<p class="hint">${note}</p>` : null}
		<div class="table-wrap" tabindex="0" role="region" aria-labelledby=${id}><table class=${'stats-table ' + id}>
			<caption class="sr-only">${title}</caption>
			<thead><tr><th scope="col">${col}</th><th scope="col" class="num">${t('cv.incst.count')}</th></tr></thead>
			<tbody>${rows.length ? rows.map(([k, n]) => html`<tr data-key=${k}><th scope="row">${name(k)}</th>
				<td class="num">${fmtNum(n, 0)}</td></tr>`) : html`<tr><td colspan="2">${t('cv.incst.empty')}</td></tr>`}</tbody>
		</table></div>
	</section>`;
}

export function IncidentStats() {
	const form = useForm({ from: '', to: '' }, { id: 'inst' });
	const [rep, setRep] = useState(null);
	const load = async () => {
		await form.submit((v) => api('GET', '/reports/incidents', undefined, { from: v.from.trim(), to: nextDay(v.to) }),
			(r) => setRep(r));
	};
	useEffect(() => {
		document.title = t('cv.incst.title') + ' — SCS';
		load();
	}, []);
	const onSubmit = (e) => {
		e.preventDefault();
		load();
	};
	return html`<h1>${t('cv.incst.title')}</h1>
		<p>${t('cv.incst.intro')}</p>
		<form onSubmit=${onSubmit} novalidate class="filters">
			<${Field} form=${form} name="from" label=${t('cv.incst.from')} type="date" />
			<${Field} form=${form} name="to" label=${t('cv.incst.to')} type="date" hint=${t('cv.stats.to_hint')} />
			<div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('action.show')}</button></div>
		</form>
		<${FormStatus} form=${form} />
		${rep ? html`<dl class="facts stats-facts inc-figures">
			<dt>${t('cv.incst.incidents')}</dt><dd data-fig="incidents">${fmtNum(rep.incidents || 0, 0)}</dd>
			<dt>${t('cv.incst.open')}</dt><dd data-fig="open">${fmtNum(rep.open || 0, 0)}</dd>
		</dl>
		<${Counts} id="inst-type" title=${t('cv.incst.by_type')} col=${t('cv.inc.type')} counts=${rep.by_type} name=${(k) => tCode('cv.incident', k)} />
		<${Counts} id="inst-org" title=${t('cv.incst.by_org')} col=${t('cv.inc.org')} counts=${rep.by_organization} name=${(k) => html`<${OrgName} id=${k} withId />`} />
		<${Counts} id="inst-auth" title=${t('cv.incst.by_authority')} col=${t('cv.inc.authority')} counts=${rep.by_authority} note=${t('cv.incst.authority_note')}
			name=${(k) => (k === 'none' ? t('cv.incst.none_authority') : tCode('authority', k))} />` : null}`;
}
