// SPDX-License-Identifier: Apache-2.0
// pages/alerts.js - continuous vetting for the investigator
// (docs/continuous-vetting.md):
//
//   Alerts      /alerts: the queue of the caller's screening body
//               (GET /v1/alerts), open ones by default, a state filter,
//               keyset pages; each row links to its alert
//   AlertView   /alerts/:id: the alert is read only with a purpose (GET
//               /v1/alerts/{id}?purpose=: an audited read that opens the
//               sealed narrative), then what the source said, the evidence
//               per field (agreement level and weight in bits, the score,
//               the probability) and, while it is open, the triage (POST
//               /v1/alerts/{id}/triage: valid, which may suspend the
//               person and open a review case; not valid; self-reported),
//               confirmed first because it cannot be undone
//   AlertStats  /alerts/stats: the figures (GET /v1/alerts/stats) for
//               investigators (their body's), auditors and admins (every
//               body's): counts, shares, hours to triage, by source and
//               type.  Never a person.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { Confirm, RadioGroup } from '../casefile-fields.js';
import { Field, FormStatus, useForm } from '../form.js';
import { dayStart, fmtNum, fmtPercent, getLang, t, tCode } from '../i18n.js';
import { OrgName } from '../names.js';
import { Checkbox } from '../registers-fields.js';
import { Link } from '../router.js';
import { nameLang, Pager, Time } from '../widgets.js';

const STATES = ['open', 'valid', 'not_valid', 'self_reported'];
const VERDICTS = ['valid', 'not_valid', 'self_reported'];
const FIELDS = ['family', 'given', 'birth_date', 'nationality'];
const LEVELS = ['exact', 'folded', 'phonetic', 'homophone', 'near', 'swapped', 'disagree', 'missing'];
const LIMIT = 50;
const PURPOSE_MAX = 200; /* bytes: SCS_PURPOSE_MAX, include/scs/model.h */
const enc = encodeURIComponent;

/** A weight or a score in bits: signed, one decimal. */
function bits(n) {
	if (typeof n !== 'number' || isNaN(n))
		return '—';
	return new Intl.NumberFormat(getLang() === 'ja' ? 'ja-JP' : 'en', {
		minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero',
	}).format(n);
}

/* A probability as a percentage; one that rounds to 100% but is not 1 says so. */
function chance(p) {
	if (typeof p !== 'number' || isNaN(p))
		return '—';
	if (p < 1 && p >= 0.9995)
		return t('cv.ev.over', { p: fmtPercent(0.999) });
	return fmtPercent(p);
}

function StateTag({ state }) {
	return html`<span class=${'cv-state cv-state-' + state} data-state=${state}>${tCode('cv.state', state)}</span>`;
}

/* The person an alert names: the name as written (its glyphs by nameLang), the Latin name, the birth date, the id. */
function Person({ a }) {
	const name = a.person_name || '';
	return html`<span class="cv-person">
		${name ? html`<span class="person-name" lang=${nameLang(name)}>${name}</span>` : null}
		${a.person_name_latin && a.person_name_latin !== name ? html`<br /><span class="muted" lang="en">${a.person_name_latin}</span>` : null}
		${a.person_birth_date ? html`<br /><span class="muted">${t('cv.born')} <${Time} value=${a.person_birth_date} /></span>` : null}
		${name ? html`<br />` : null}<code class="person-id muted">${a.person}</code>
	</span>`;
}

/* ---- the queue ---- */

export function Alerts() {
	const form = useForm({ state: 'open' }, { id: 'alerts' });
	const [page, setPage] = useState(null);
	const load = async (after, q) => {
		await form.submit(() => api('GET', '/alerts', undefined, { ...q, after, limit: LIMIT }), (r) => {
			setPage({ list: r.alerts || [], next: r.next, after, q });
		});
	};
	useEffect(() => {
		document.title = t('cv.alerts.title') + ' — SCS';
		load(undefined, { state: 'open' });
	}, []);
	const onSubmit = (e) => {
		e.preventDefault();
		load(undefined, { state: form.values.state });
	};
	/* The server pages by id; within a page, the oldest first. */
	const list = page ? page.list.slice().sort((a, b) => String(a.raised).localeCompare(String(b.raised)) ||
		String(a.id).localeCompare(String(b.id))) : [];
	const caption = t('cv.alerts.title');
	return html`<h1>${t('cv.alerts.title')}</h1>
		<p>${t('cv.alerts.intro')}</p>
		<p class="page-actions"><${Link} href="/alerts/stats">${t('cv.alerts.stats_link')}<//></p>
		<form onSubmit=${onSubmit} novalidate class="filters">
			<${Field} form=${form} name="state" label=${t('cv.alerts.state')}
				options=${[...STATES.map((s) => [s, tCode('cv.state', s)]), ['', t('cv.alerts.any_state')]]} />
			<div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('action.show')}</button></div>
		</form>
		<${FormStatus} form=${form} />
		${page ? (list.length === 0 ? html`<p class="cv-empty">${t('list.empty')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table class="cv-alerts">
			<caption class="sr-only">${caption}</caption>
			<thead><tr>
				<th scope="col">${t('cv.alerts.id')}</th><th scope="col">${t('cv.alerts.raised')}</th>
				<th scope="col">${t('field.person')}</th><th scope="col">${t('cv.alerts.source_type')}</th>
				<th scope="col">${t('cv.alerts.date')}</th><th scope="col">${t('cv.alerts.match')}</th>
				<th scope="col" class="num">${t('cv.alerts.score')}</th><th scope="col">${t('cv.alerts.state')}</th>
			</tr></thead>
			<tbody>${list.map((a) => html`<tr key=${a.id} data-alert=${a.id}>
				<td><${Link} href=${'/alerts/' + enc(a.id)}><code>${a.id}</code><//></td>
				<td><${Time} value=${a.raised} /></td>
				<td><${Person} a=${a} /></td>
				<td>${tCode('cv.source', a.source)}<br /><span class="muted">${tCode('cv.type', a.type)}</span></td>
				<td><${Time} value=${a.date} /></td>
				<td data-match=${a.match}>${tCode('cv.match', a.match)}</td>
				<td class="num">${bits(a.weights && a.weights.score)}</td>
				<td><${StateTag} state=${a.state} /></td>
			</tr>`)}</tbody>
		</table></div>`) : null}
		${page && (page.next || page.after !== undefined) ? html`<p class="hint">${t('cv.alerts.order_page')}</p>` : null}
		${page ? html`<${Pager} hasPrev=${page.after !== undefined} next=${page.next}
			onFirst=${() => load(undefined, page.q)} onNext=${() => load(page.next, page.q)} />` : null}`;
}

/* ---- one alert ---- */

/**
 * The read that opens a sealed record: only with a purpose, which the
 * audit log keeps.  read(purpose) runs the GET; its "not found" is about
 * the page, not a field.  fid is the form's id (the purpose field is
 * fid-purpose), heading, recorded, button and missing (an empty purpose)
 * the words shown.  Used for an
 * alert here and for an incident (pages/incidents.js).
 */
export function PurposeRead({ fid, heading, recorded, button, read, onOpen, cls, missing }) {
	const form = useForm({ purpose: '' }, { id: fid });
	const onSubmit = async (e) => {
		e.preventDefault();
		const purpose = form.values.purpose.trim();
		/* The server keeps at most 200 bytes of a purpose: a longer one is refused here, not cut there. */
		const why = !purpose ? missing || t('cv.alert.purpose_required') : new TextEncoder().encode(purpose).length > PURPOSE_MAX ?
			t('cv.alert.purpose_long') : null;
		if (why) {
			form.setErrors({ purpose: why });
			const el = document.getElementById(fid + '-purpose');
			if (el)
				el.focus();
			return;
		}
		await form.submit(async () => {
			try {
				return await read(purpose);
			} catch (err) {
				/* "no alert X" is about the page, not a field of the form */
				if (err && err.code === 'not_found')
					throw new ApiError(err.kind, err.status, err.code, '', err.message);
				throw err;
			}
		}, onOpen);
	};
	return html`<section class="casefile" aria-labelledby=${fid + '-h'}>
		<h2 id=${fid + '-h'}>${heading}</h2>
		<p class="recorded">${recorded}</p>
		<form onSubmit=${onSubmit} novalidate class=${'narrow ' + cls}>
			<${Field} form=${form} name="purpose" label=${t('cv.alert.purpose')} hint=${t('cv.alert.purpose_hint')}
				required autocomplete="off" />
			<${FormStatus} form=${form} />
			<button type="submit" class="open-read" disabled=${form.busy}>${button}</button>
		</form>
	</section>`;
}

function OpenAlert({ id, onOpen }) {
	return html`<${PurposeRead} fid="alp" cls="open-alert" heading=${t('cv.alert.open_h')} recorded=${t('cv.alert.recorded')}
		button=${t('cv.alert.open')} read=${(purpose) => api('GET', '/alerts/' + enc(id), undefined, { purpose })} onOpen=${onOpen} />`;
}

function Evidence({ a }) {
	const w = a.weights && typeof a.weights === 'object' ? a.weights : null;
	return html`<section class="casefile" aria-labelledby="ev-h">
		<h2 id="ev-h">${t('cv.ev.title')}</h2>
		${w ? html`<p>${t('cv.ev.intro')}</p>
		<div class="table-wrap" tabindex="0" role="region" aria-labelledby="ev-h"><table class="evidence">
			<caption class="sr-only">${t('cv.ev.title')}</caption>
			<thead><tr><th scope="col">${t('cv.ev.field')}</th><th scope="col">${t('cv.ev.level')}</th>
				<th scope="col" class="num">${t('cv.ev.weight')}</th></tr></thead>
			<tbody>${FIELDS.map((f) => {
				const e = w[f] || {};
				return html`<tr key=${f} data-field=${f}><th scope="row">${t('cv.ev.' + f)}</th>
					<td data-level=${e.level || ''}>${e.level ? tCode('cv.level', e.level) : '—'}</td>
					<td class="num">${bits(e.weight)}</td></tr>`;
			})}${w.joint && Math.abs(w.joint.weight) >= 0.05 ? html`<tr key="joint" data-field="joint"><th scope="row">${t('cv.ev.joint')}</th>
					<td class="hint">${t('cv.ev.joint_text')}</td><td class="num">${bits(w.joint.weight)}</td></tr>` : null}</tbody>
			<tfoot><tr class="ev-score"><th scope="row">${t('cv.ev.score')}</th><td></td><td class="num">${bits(w.score)}</td></tr></tfoot>
		</table></div>
		<dl class="facts ev-facts">
			<dt>${t('cv.ev.probability')}</dt><dd class="ev-probability">${chance(w.probability)}</dd>
			<dt>${t('cv.alerts.match')}</dt><dd>${tCode('cv.match', a.match)}</dd>
		</dl>
		<p class="hint">${t('cv.ev.match_' + (a.match === 'link' ? 'link' : 'review'))}</p>
		<h3 id="lv-h">${t('cv.ev.levels_h')}</h3>
		<dl class="cv-levels" aria-labelledby="lv-h">${LEVELS.map((l) => html`<dt>${t('cv.level.' + l)}</dt><dd>${t('cv.level_text.' + l)}</dd>`)}</dl>` :
		html`<p>${t('cv.ev.none')}</p>`}
	</section>`;
}

/* The triage as recorded: what, when, who, and what followed. */
function Triaged({ a }) {
	return html`<dl class="facts triaged">
		<dt>${t('cv.triage.state')}</dt><dd><${StateTag} state=${a.state} /></dd>
		<dt>${t('cv.triaged.at')}</dt><dd><${Time} value=${a.triaged} /></dd>
		<dt>${t('cv.triaged.by')}</dt><dd><code>${a.triaged_by || '—'}</code></dd>
		<dt>${t('cv.triaged.suspended')}</dt><dd class="triaged-suspended">${a.suspended ? t('cv.yes') : t('cv.no')}</dd>
		<dt>${t('cv.triaged.review_case')}</dt><dd class="triaged-review">${a.review_case ?
			html`<${Link} href=${'/cases/' + enc(a.review_case)}><code>${a.review_case}</code><//>` : '—'}</dd>
	</dl>
	${a.review_case ? html`<p class="hint">${t('cv.triaged.review_note')}</p>` : null}`;
}

function TriageForm({ a, onDone }) {
	const form = useForm({ state: '', suspend: false, review: false }, { id: 'tri' });
	const [asking, setAsking] = useState(false);
	const v = form.values;
	const body = () => (v.state === 'valid' ? { state: v.state, suspend: !!v.suspend, review: !!v.review } : { state: v.state });
	const send = () => form.submit(async () => {
		const b = body();
		try {
			return await api('POST', '/alerts/' + enc(a.id) + '/triage', b);
		} catch (e) {
			/* The review's refusals name the case it would open ("person": one is open already;
			 * "case": the nomination refused): shown under the review's checkbox. */
			if (e && b.review && ((e.code === 'conflict' && e.field === 'person') || (e.code === 'forbidden' && e.field === 'case')))
				throw new ApiError(e.kind, e.status, e.code, 'review', e.message);
			throw e;
		}
	}, (r) => {
		setAsking(false);
		onDone(r);
	}).then((r) => {
		if (!r)
			setAsking(false);
	});
	const onSubmit = (e) => {
		e.preventDefault();
		setAsking(true);
	};
	const name = a.person_name || a.person;
	const b = body();
	const sep = getLang() === 'ja' ? '' : ' ';
	const text = [t('cv.triage.confirm_state', { state: tCode('cv.state', b.state) }),
		b.suspend ? t('cv.triage.confirm_suspend', { name }) : null,
		b.review ? t('cv.triage.confirm_review', { name }) : null,
		t('cv.triage.confirm_final')].filter(Boolean).join(sep);
	return html`<form onSubmit=${onSubmit} novalidate class="narrow triage">
		<${RadioGroup} form=${form} name="state" legend=${t('cv.triage.state')}
			options=${VERDICTS.map((s) => [s, t('cv.triage.' + s)])} />
		${v.state === 'valid' ? html`<${Checkbox} form=${form} name="suspend" label=${t('cv.triage.suspend')} hint=${t('cv.triage.suspend_hint')} />
			<${Checkbox} form=${form} name="review" label=${t('cv.triage.review')} hint=${t('cv.triage.review_hint')} />` : null}
		<${FormStatus} form=${form} />
		${asking ? html`<${Confirm} title=${t('cv.triage.confirm')} text=${text} yes=${t('cv.triage.send')} no=${t('cv.triage.cancel')}
			busy=${form.busy} onYes=${send} onNo=${() => setAsking(false)} />` :
		html`<button type="submit" disabled=${!v.state}>${t('cv.triage.next')}</button>`}
	</form>`;
}

function Triage({ a, done, onDone }) {
	return html`<section class="casefile" aria-labelledby="tri-h">
		<h2 id="tri-h">${t('cv.triage.title')}</h2>
		${done ? html`<div class="notice notice-ok triage-result" role="status"><p>${t('cv.triage.done')}</p></div>` : null}
		${a.state === 'open' ? html`<p>${t('cv.triage.intro')}</p><${TriageForm} a=${a} onDone=${onDone} />` : html`<${Triaged} a=${a} />`}
	</section>`;
}

export function AlertView({ params }) {
	const id = params.id;
	const [a, setA] = useState(null);
	const [done, setDone] = useState(false);
	useEffect(() => {
		document.title = t('cv.alert.title', { id }) + ' — SCS';
	}, [id]);
	/* The triage's answer has no narrative: it keeps the one read. */
	const triaged = (r) => {
		setA((old) => ({ ...old, ...r }));
		setDone(true);
	};
	return html`<p class="crumbs"><${Link} href="/alerts">${t('cv.alert.back')}<//></p>
		<h1>${t('cv.alert.title', { id })}</h1>
		${a ? html`<dl class="facts alert-facts">
			<dt>${t('field.person')}</dt><dd><${Person} a=${a} /></dd>
			<dt>${t('cv.alert.origin')}</dt><dd>${tCode('cv.origin', a.origin)}</dd>
			<dt>${t('cv.alert.source')}</dt><dd>${tCode('cv.source', a.source)} <code class="muted">${a.source}</code></dd>
			<dt>${t('cv.alert.type')}</dt><dd>${tCode('cv.type', a.type)} <code class="muted">${a.type}</code></dd>
			<dt>${t('cv.alerts.date')}</dt><dd><${Time} value=${a.date} /></dd>
			${a.record ? html`<dt>${t('cv.alert.record')}</dt><dd><code>${a.record}</code></dd>` : null}
			<dt>${t('cv.alerts.raised')}</dt><dd><${Time} value=${a.raised} /></dd>
			<dt>${t('cv.alert.body')}</dt><dd><${OrgName} id=${a.body} withId /></dd>
			<dt>${t('cv.alerts.state')}</dt><dd class="alert-state"><${StateTag} state=${a.state} /></dd>
		</dl>
		<section class="casefile" aria-labelledby="nar-h">
			<h2 id="nar-h">${t('cv.alert.narrative')}</h2>
			<p class="hint">${t('cv.alert.narrative_note')}</p>
			${a.narrative ? html`<div class="text narrative">${a.narrative.split('\n').map((l, i) => html`${i ? '\n' : ''}<span
				lang=${nameLang(l)}>${l}</span>`)}</div>` : html`<p class="muted">${t('cv.alert.narrative_none')}</p>`}
		</section>
		<${Evidence} a=${a} />
		<${Triage} a=${a} done=${done} onDone=${triaged} />` : html`<${OpenAlert} id=${id} onOpen=${setA} />`}`;
}

/* ---- the figures ---- */

export function AlertStats({ user }) {
	const form = useForm({ from: '', to: '' }, { id: 'alst' });
	const [rep, setRep] = useState(null);
	const load = async () => {
		await form.submit((v) => api('GET', '/alerts/stats', undefined, { from: dayStart(v.from), to: dayStart(v.to, 1) }),
			(r) => setRep(r));
	};
	useEffect(() => {
		document.title = t('cv.stats.title') + ' — SCS';
		load();
	}, []);
	const onSubmit = (e) => {
		e.preventDefault();
		load();
	};
	const n0 = (x) => fmtNum(x || 0, 0);
	const rows = rep ? (rep.by_source_type || []).slice().sort((x, y) => (y.alerts || 0) - (x.alerts || 0) ||
		String(x.source).localeCompare(String(y.source)) || String(x.type).localeCompare(String(y.type))) : [];
	const cols = ['alerts', ...STATES];
	return html`<h1>${t('cv.stats.title')}</h1>
		<p>${t(user.role === 'investigator' ? 'cv.stats.intro_body' : 'cv.stats.intro_all')}</p>
		<form onSubmit=${onSubmit} novalidate class="filters">
			<${Field} form=${form} name="from" label=${t('cv.stats.from')} type="date" />
			<${Field} form=${form} name="to" label=${t('cv.stats.to')} type="date" hint=${t('cv.stats.to_hint')} />
			<div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('action.show')}</button></div>
		</form>
		<${FormStatus} form=${form} />
		${rep ? html`<dl class="facts stats-facts cv-figures">
			<dt>${t('cv.stats.alerts')}</dt><dd data-fig="alerts">${n0(rep.alerts)}</dd>
			<dt>${t('cv.stats.open')}</dt><dd data-fig="open">${n0(rep.open)}</dd>
			<dt>${t('cv.stats.triaged')}</dt><dd data-fig="triaged">${n0(rep.triaged)}</dd>
			<dt>${t('cv.stats.valid_share')}</dt><dd data-fig="valid_share">${fmtPercent(rep.valid_share)}</dd>
			<dt>${t('cv.stats.self_reported_share')}</dt><dd data-fig="self_reported_share">${fmtPercent(rep.self_reported_share)}</dd>
			<dt>${t('cv.stats.hours_mean')}</dt><dd data-fig="triage_hours_mean">${fmtNum(rep.triage_hours_mean, 1)}</dd>
			<dt>${t('cv.stats.hours_median')}</dt><dd data-fig="triage_hours_median">${fmtNum(rep.triage_hours_median, 1)}</dd>
		</dl>
		<p class="hint">${t('cv.stats.shares_note')}</p>
		<section aria-labelledby="alst-by">
			<h2 id="alst-by">${t('cv.stats.by')}</h2>
			<div class="table-wrap" tabindex="0" role="region" aria-labelledby="alst-by"><table class="stats-table cv-by">
				<caption class="sr-only">${t('cv.stats.by')}</caption>
				<thead><tr><th scope="col">${t('cv.alert.source')}</th><th scope="col">${t('cv.alert.type')}</th>
					<th scope="col">${t('cv.alert.origin')}</th>
					${cols.map((c) => html`<th scope="col" class="num">${c === 'alerts' ? t('cv.stats.count') : tCode('cv.state', c)}</th>`)}</tr></thead>
				<tbody>${rows.length ? rows.map((r) => html`<tr data-source=${r.source} data-type=${r.type}>
					<th scope="row">${tCode('cv.source', r.source)}</th><td>${tCode('cv.type', r.type)}</td>
					<td>${tCode('cv.origin', r.origin)}</td>
					${cols.map((c) => html`<td class="num" data-col=${c}>${n0(r[c])}</td>`)}</tr>`) :
					html`<tr><td colspan=${3 + cols.length}>${t('cv.stats.none')}</td></tr>`}</tbody>
			</table></div>
		</section>` : null}`;
}
