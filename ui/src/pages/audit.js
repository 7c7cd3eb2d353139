// SPDX-License-Identifier: Apache-2.0
// pages/audit.js - the auditor's audit log: GET /v1/audit with its
// filters (actor, action, kind, object, from, to) and keyset paging
// (after = the page's next), and POST /v1/audit/verify.  An action shows
// by its name (audit.action.CODE: every code the server writes,
// tools/audit-actions.mjs, tests/ui/run.mjs checks) with its code in a
// title; the action filter offers the names (a datalist) and takes a
// code or a name.  A kind the catalogs name (audit.kind.CODE: the
// decision blocks) shows by its name too; a decision block's entry links
// to its decisions.
//
// Decisions (its own page, /audit/decisions): GET /v1/audit/decisions,
// the access decisions recorded in the decision blocks of the log, by
// person (and item) or by a range of days; each with its answer and the
// reason by its name (reason.CODE, as the decision page says them).  The
// server refuses a search with neither a person nor both days, naming the
// field; its message is shown in the UI's language (form.js).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { CATALOGS, dayStart, fmtNum, getLang, t, tCode } from '../i18n.js';
import { Link } from '../router.js';
import { Pager, Time } from '../widgets.js';

const FILTERS = ['actor', 'action', 'kind', 'object', 'from', 'to'];
const LIMIT = 50;
const PREFIX = 'audit.action.';
/* The action codes that have a name, from the catalog. */
const ACTIONS = Object.keys(CATALOGS.en).filter((k) => k.startsWith(PREFIX)).map((k) => k.slice(PREFIX.length));

/* An action code's name in the current language (the code when it has none). */
const actionName = (code) => tCode('audit.action', code);

/* A kind's name when the catalogs give one (the code otherwise). */
const kindName = (code) => tCode('audit.kind', code);

/* A decision block's entry names its first and last decision's time
 * ("T0..T1"): the link to its decisions, those days in the user's zone. */
function blockLink(x) {
	const m = x.kind === 'decision_block' ? /^(\S+)\.\.(\S+)$/.exec(x.object || '') : null;
	if (!m || isNaN(Date.parse(m[1])) || isNaN(Date.parse(m[2])))
		return null;
	return '/audit/decisions?' + new URLSearchParams({ from: localDay(m[1]), to: localDay(m[2]) });
}

/* An instant's day in the user's zone (YYYY-MM-DD). */
function localDay(instant) {
	const d = new Date(instant);
	const p = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/* A name typed or picked in the filter becomes its code; anything else is taken as a code. */
function actionCode(v) {
	const low = v.toLowerCase();
	return ACTIONS.find((a) => actionName(a).toLowerCase() === low) || v;
}

export function Audit() {
	const form = useForm({ actor: '', action: '', kind: '', object: '', from: '', to: '' }, { id: 'aud' });
	const [page, setPage] = useState(null); /* {entries, next, after, filters} */
	const load = async (after, filters) => {
		await form.submit(() => api('GET', '/audit', undefined, { ...filters, after, limit: LIMIT }), (r) => {
			setPage({ entries: r.entries || [], next: r.next, after, filters });
		});
	};
	/* The days are the user's: from the start of "from" to the end of "to", in their zone. */
	const current = () => {
		const f = Object.fromEntries(FILTERS.map((k) => [k, form.values[k].trim()]));
		f.action = actionCode(f.action);
		f.from = dayStart(f.from);
		f.to = dayStart(f.to, 1);
		return f;
	};
	useEffect(() => {
		document.title = t('audit.title') + ' — SCS';
		load(undefined, {});
	}, []);
	const onSubmit = (e) => {
		e.preventDefault();
		load(undefined, current());
	};
	return html`<h1>${t('audit.title')}</h1>
		<${Verify} />
		<section aria-labelledby="aud-f">
			<h2 id="aud-f">${t('audit.search')}</h2>
			<form onSubmit=${onSubmit} novalidate class="filters">
				<${Field} form=${form} name="actor" label=${t('audit.actor')} hint=${t('audit.actor_hint')} spellcheck="false" />
				<${Field} form=${form} name="action" label=${t('audit.action')} hint=${t('audit.action_hint')} spellcheck="false"
					list="aud-actions" autocomplete="off">
					<datalist id="aud-actions" key=${getLang()}>${ACTIONS.map((a) => [a, actionName(a)])
						.sort((x, y) => x[1].localeCompare(y[1], getLang())).map(([a, n]) => html`<option value=${a} label=${n}>${n}</option>`)}</datalist>
				<//>
				<${Field} form=${form} name="kind" label=${t('audit.kind')} spellcheck="false" />
				<${Field} form=${form} name="object" label=${t('audit.object')} spellcheck="false" />
				<${Field} form=${form} name="from" label=${t('audit.from')} type="date" />
				<${Field} form=${form} name="to" label=${t('audit.to')} type="date" />
				<div class="filter-actions">
					<button type="submit" disabled=${form.busy}>${t('action.search')}</button>
					<button type="button" class="secondary" onClick=${() => { form.reset(); load(undefined, {}); }}>${t('action.clear')}</button>
				</div>
			</form>
			<${FormStatus} form=${form} />
		</section>
		${page ? html`<section aria-labelledby="aud-l">
			<h2 id="aud-l">${t('audit.entries')}</h2>
			${page.entries.length === 0 ? html`<p>${t('list.empty')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('audit.entries')}><table>
				<thead><tr>
					<th scope="col">${t('audit.seq')}</th><th scope="col">${t('audit.time')}</th>
					<th scope="col">${t('audit.actor')}</th><th scope="col">${t('audit.action')}</th>
					<th scope="col">${t('audit.kind')}</th><th scope="col">${t('audit.object')}</th>
					<th scope="col">${t('audit.purpose')}</th>
				</tr></thead>
				<tbody>${page.entries.map((x) => html`<tr key=${x.seq}>
					<td class="num">${x.seq}</td><td><${Time} value=${x.time} /></td>
					<td>${x.actor}</td><td class="action" data-code=${x.action} title=${t('audit.action_code', { code: x.action })}>${actionName(x.action)}</td><td class="kind" data-code=${x.kind} title=${t('audit.kind_code', { code: x.kind })}>${kindName(x.kind)}</td>
					<td class="wrap">${x.object}${blockLink(x) ? html` <${Link} href=${blockLink(x)}>${t('audit.show_decisions')}<//>` : null}</td><td class="wrap">${x.purpose}</td>
				</tr>`)}</tbody>
			</table></div>`}
			<${Pager} hasPrev=${page.after !== undefined} next=${page.next}
				onFirst=${() => load(undefined, page.filters)} onNext=${() => load(page.next, page.filters)} />
		</section>` : null}`;
}

function Verify() {
	const form = useForm({}, { id: 'ver' });
	const [report, setReport] = useState(null);
	const run = async () => {
		await form.submit(() => api('POST', '/audit/verify'), (r) => {
			setReport(r);
		});
	};
	return html`<section aria-labelledby="ver-h">
		<h2 id="ver-h">${t('audit.verify_title')}</h2>
		<p>${t('audit.verify_intro')}</p>
		<button type="button" onClick=${run} disabled=${form.busy}>${t('audit.verify')}</button>
		<${FormStatus} form=${form} />
		${report ? html`<div class=${'notice ' + (report.ok ? 'notice-ok' : 'notice-error')} role="status">
			<p><strong>${report.ok ? t('audit.verify_ok') : t('audit.verify_bad')}</strong></p>
			<p>${t('audit.verify_counts', { entries: fmtNum(report.entries, 0), heads: fmtNum(report.tree_heads, 0), records: fmtNum(report.records, 0) })}</p>
			${report.problem ? html`<p><code>${report.problem}</code></p>` : null}
		</div>` : null}
	</section>`;
}

const DEC_LIMIT = 500;

export function Decisions() {
	const pre = new URLSearchParams(location.search);
	const form = useForm({ subject: '', item: '', from: pre.get('from') || '', to: pre.get('to') || '' }, { id: 'dcs' });
	const [found, setFound] = useState(null); /* {decisions, more} */
	const search = (v) => form.submit(() => api('GET', '/audit/decisions', undefined, {
		subject: v.subject.trim(), item: v.item.trim(),
		/* The days are the user's: from the start of "from" to the end of "to". */
		from: dayStart(v.from), to: dayStart(v.to, 1), limit: DEC_LIMIT,
	}), (r) => setFound({ decisions: r.decisions || [], more: !!r.more }));
	useEffect(() => {
		document.title = t('audit.dec.title') + ' — SCS';
		/* Reached from a decision block of the log: its days, searched at once. */
		if (form.values.from && form.values.to)
			search(form.values);
	}, []);
	const onSubmit = (e) => {
		e.preventDefault();
		search(form.values);
	};
	return html`<h1>${t('audit.dec.title')}</h1>
		<p>${t('audit.dec.intro')}</p>
		<section aria-labelledby="dcs-f">
			<h2 id="dcs-f">${t('audit.search')}</h2>
			<form onSubmit=${onSubmit} novalidate class="filters">
				<${Field} form=${form} name="subject" label=${t('field.subject')} hint=${t('audit.dec.subject_hint')} spellcheck="false" />
				<${Field} form=${form} name="item" label=${t('field.item')} spellcheck="false" />
				<${Field} form=${form} name="from" label=${t('audit.from')} type="date" />
				<${Field} form=${form} name="to" label=${t('audit.to')} type="date" />
				<div class="filter-actions">
					<button type="submit" disabled=${form.busy}>${t('action.search')}</button>
					<button type="button" class="secondary" onClick=${() => { form.reset({ subject: '', item: '', from: '', to: '' }); setFound(null); }}>${t('action.clear')}</button>
				</div>
			</form>
			<${FormStatus} form=${form} />
		</section>
		${found ? html`<section aria-labelledby="dcs-l" class="decisions">
			<h2 id="dcs-l">${t('audit.dec.results')}</h2>
			${found.decisions.length === 0 ? html`<p>${t('list.empty')}</p>` : html`<p class="count">${t('audit.dec.count', { n: fmtNum(found.decisions.length, 0) })}</p>
			<div class="table-wrap" tabindex="0" role="region" aria-label=${t('audit.dec.results')}><table>
				<thead><tr>
					<th scope="col">${t('audit.time')}</th><th scope="col">${t('field.subject')}</th>
					<th scope="col">${t('field.item')}</th><th scope="col">${t('audit.dec.answer')}</th>
					<th scope="col">${t('audit.dec.reason')}</th><th scope="col">${t('audit.actor')}</th>
					<th scope="col">${t('audit.dec.seq')}</th>
				</tr></thead>
				<tbody>${found.decisions.map((d, i) => html`<tr key=${i} class=${d.allow ? 'allow' : 'deny'}>
					<td><${Time} value=${d.at} /></td><td>${d.subject}</td><td class="wrap">${d.item}</td>
					<td class="answer-cell">${d.allow ? t('audit.dec.allowed') : t('audit.dec.denied')}</td>
					${d.reason ? html`<td class="reason" data-code=${d.reason} title=${t('audit.dec.reason_code', { code: d.reason })}>${tCode('reason', d.reason)}</td>` :
						html`<td class="reason">—</td>`}
					<td>${d.actor}</td><td class="num">${d.seq}</td>
				</tr>`)}</tbody>
			</table></div>`}
			${found.more ? html`<div class="notice notice-warn more" role="status"><p>${t('audit.dec.more', { n: fmtNum(found.decisions.length, 0) })}</p></div>` : null}
		</section>` : null}`;
}
