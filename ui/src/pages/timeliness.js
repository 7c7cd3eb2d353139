// SPDX-License-Identifier: Apache-2.0
// pages/timeliness.js - the timeliness report (GET /v1/reports/timeliness,
// docs/timeliness.md) for auditors, admins and adjudicators: per level, or
// per screening body with a subtotal each (the select "Break down by"), or
// for one body (the select "Screening body"): the phase durations (table
// and stacked bars of the means) with the all-cases mean beside the
// fastest 90%'s, what the latter leaves out and the share within the
// target; the backlog by age band now and at the end of the period; the
// e-adjudication share; the same report as CSV.  Statistics only: no case,
// no person.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { StackedBars } from '../chart.js';
import { Field, FormStatus, useForm } from '../form.js';
import { dayStart, fmtDate, fmtNum, fmtPercent, fmtTime, t, tCode } from '../i18n.js';

const PHASES = ['consent', 'questionnaire', 'initiation', 'investigation', 'adjudication'];
const BANDS = ['0_30', '31_90', '91_180', '181_365', 'over_365'];
const UNASSIGNED = 'unassigned';

function bodyLabel(r) {
	return r.body === UNASSIGNED ? t('report.unassigned') : r.body_name || r.body;
}

function rowLabel(r) {
	const level = [r.authority, r.level ? tCode('level', r.level) : null].filter(Boolean).join(' / ');
	if (r.body !== null && r.body !== undefined)
		return r.authority ? bodyLabel(r) + ' — ' + level : bodyLabel(r);
	return level || t('report.all');
}

/* The query of the form's values (the server names a bad one). */
function params(v) {
	return {
		from: dayStart(v.from), to: dayStart(v.to, 1),
		by: v.by === 'body' ? 'body' : undefined, body: v.body || undefined,
	};
}

function csvHref(p) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(p))
		if (v)
			q.set(k, v);
	q.set('format', 'csv');
	return '/v1/reports/timeliness?' + q.toString();
}

/* The instant of the backlog at the end: the last day typed (inclusive)
 * when it is the period's end, else (a period ending later) now's time. */
function endLabel(rep, shown) {
	return shown.to && rep.inventory_at === shown.params.to ? fmtDate(shown.to) : fmtTime(rep.inventory_at);
}

export function Timeliness() {
	const form = useForm({ from: '', to: '', by: 'level', body: '' }, { id: 'tl' });
	const [rep, setRep] = useState(null);
	const [shown, setShown] = useState(null); /* {params, to}: of rep */
	const [bodies, setBodies] = useState([]);
	const load = async () => {
		const v = form.values;
		const p = params(v);
		await form.submit(() => api('GET', '/reports/timeliness', undefined, p), (r) => {
			setRep(r);
			setShown({ params: p, to: v.to });
		});
	};
	useEffect(() => {
		document.title = t('report.title') + ' — SCS';
		load();
		api('GET', '/organizations').then((r) => {
			setBodies((r.organizations || []).filter((o) => o.type === 'screening')
				.map((o) => [o.id, o.name || o.id]));
		}, () => setBodies([]));
	}, []);
	const onSubmit = (e) => {
		e.preventDefault();
		load();
	};
	const rows = rep ? rep.rows || [] : [];
	const groups = rows.filter((r) => r.authority || r.level || r.body);
	const all = rows.find((r) => !r.authority && !r.level && (r.body === null || r.body === undefined));
	const byBody = rep && rep.by === 'body';
	/* The chart: per level, or per body (its subtotals) when broken down so. */
	const charted = byBody ? rows.filter((r) => r.body && !r.authority) : groups;
	const series = PHASES.map((p, i) => ({ key: p, label: t('phase.' + p), cls: 'c' + (i + 1) }));
	const bands = all ? Object.keys(all.backlog_by_age_days || {}) : [];
	bands.sort((a, b) => BANDS.indexOf(a) - BANDS.indexOf(b));
	const atEnd = rep && shown && rep.inventory_at ? endLabel(rep, shown) : null;
	const byOptions = [['level', t('report.by_level')], ['body', t('report.by_body')]];
	const bodyOptions = [['', t('report.body_all')], ...bodies, [UNASSIGNED, t('report.unassigned')]];
	return html`<h1>${t('report.title')}</h1>
		<p>${t('report.intro')}</p>
		<form onSubmit=${onSubmit} novalidate class="filters">
			<${Field} form=${form} name="from" label=${t('report.from')} type="date" />
			<${Field} form=${form} name="to" label=${t('report.to')} type="date" />
			<${Field} form=${form} name="by" label=${t('report.by')} options=${byOptions} />
			<${Field} form=${form} name="body" label=${t('report.body')} options=${bodyOptions} />
			<div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('report.run')}</button></div>
		</form>
		<${FormStatus} form=${form} />
		${rep && shown ? html`
		<p><a class="button secondary" id="tl-csv" href=${csvHref(shown.params)} download="timeliness.csv"
			type="text/csv">${t('report.csv')}</a></p>
		<section aria-labelledby="tl-ph">
			<h2 id="tl-ph">${t('report.phases')}</h2>
			<p class="hint">${t('report.phases_hint')}</p>
			<${StackedBars} id="ch-phases" title=${t(byBody ? 'report.chart_phases_body' : 'report.chart_phases')} unit=${t('unit.days')} series=${series}
				rows=${(charted.length ? charted : rows).map((r) => ({ label: rowLabel(r), parts: PHASES.map((p) => ({ key: p, value: r.phases && r.phases[p] ? r.phases[p].mean_days : 0 })) }))} />
			<div class="table-wrap" tabindex="0" role="region" aria-label=${t('report.table_phases')}><table id="tl-phases" class="tl-phases">
				<caption>${t('report.table_phases')}</caption>
				<thead><tr><th scope="col">${t(byBody ? 'report.group_body' : 'report.level')}</th><th scope="col">${t('report.phase')}</th>
					<th scope="col" class="num">${t('report.count')}</th><th scope="col" class="num">${t('report.mean_all')}</th>
					<th scope="col" class="num">${t('report.fastest90')}</th><th scope="col" class="num">${t('report.left_out')}</th>
					<th scope="col" class="num">${t('report.left_out_time')}</th>
					<th scope="col" class="num">${t('report.median')}</th><th scope="col" class="num">${t('report.p90')}</th>
					<th scope="col" class="num">${t('report.target')}</th><th scope="col" class="num">${t('report.within')}</th></tr></thead>
				<tbody>${rows.map((r) => [...PHASES, 'end_to_end'].map((p, i) => {
					const s = (r.phases && r.phases[p]) || {};
					return html`<tr class=${i === 0 ? 'group-start' : ''}>
						${i === 0 ? html`<th scope="rowgroup" rowspan="6">${rowLabel(r)}</th>` : null}
						<td>${t('phase.' + p)}</td><td class="num">${fmtNum(s.count, 0)}</td>
						<td class="num">${fmtNum(s.mean_days)}</td><td class="num">${fmtNum(s.fastest90_days)}</td>
						<td class="num left-out">${s.count ? t('report.left_out_n', { n: fmtNum(s.left_out, 0), share: fmtPercent(s.left_out_share) }) : '—'}</td>
						<td class="num">${fmtPercent(s.left_out_time_share)}</td>
						<td class="num">${fmtNum(s.median_days)}</td><td class="num">${fmtNum(s.p90_days)}</td>
						<td class="num">${s.target_days ? fmtNum(s.target_days, 0) : '—'}</td>
						<td class="num within">${s.targeted ? t('report.within_n', { share: fmtPercent(s.within_target_share), n: fmtNum(s.within_target, 0), of: fmtNum(s.targeted, 0) }) : '—'}</td></tr>`;
				}))}</tbody>
			</table></div>
		</section>
		<section aria-labelledby="tl-bl">
			<h2 id="tl-bl">${t('report.backlog')}</h2>
			${all ? html`<${StackedBars} id="ch-backlog" title=${t('report.chart_backlog')} unit=${t('unit.cases')}
				series=${[{ key: 'n', label: t('report.open'), cls: 'c4' }]}
				rows=${bands.map((b) => ({ label: tCode('band', b), parts: [{ key: 'n', value: all.backlog_by_age_days[b] }] }))} />` : null}
			<div class="table-wrap" tabindex="0" role="region" aria-label=${t('report.table_backlog')}><table id="tl-backlog">
				<caption>${t('report.table_backlog')}</caption>
				<thead><tr><th scope="col">${t(byBody ? 'report.group_body' : 'report.level')}</th><th scope="col" class="num">${t('report.open')}</th>
					${bands.map((b) => html`<th scope="col" class="num">${tCode('band', b)}</th>`)}
					<th scope="col" class="num">${t('report.overdue')}</th><th scope="col" class="num">${t('report.target')}</th></tr></thead>
				<tbody>${rows.map((r) => html`<tr><th scope="row">${rowLabel(r)}</th><td class="num">${fmtNum(r.open, 0)}</td>
					${bands.map((b) => html`<td class="num">${fmtNum((r.backlog_by_age_days || {})[b] || 0, 0)}</td>`)}
					<td class="num">${fmtNum(r.overdue, 0)}</td><td class="num">${r.target_days ? fmtNum(r.target_days, 0) : '—'}</td></tr>`)}</tbody>
			</table></div>
			${atEnd ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('report.table_backlog_at', { date: atEnd })}><table id="tl-backlog-at">
				<caption>${t('report.table_backlog_at', { date: atEnd })}</caption>
				<thead><tr><th scope="col">${t(byBody ? 'report.group_body' : 'report.level')}</th><th scope="col" class="num">${t('report.open')}</th>
					${bands.map((b) => html`<th scope="col" class="num">${tCode('band', b)}</th>`)}
					<th scope="col" class="num">${t('report.overdue')}</th></tr></thead>
				<tbody>${rows.map((r) => html`<tr><th scope="row">${rowLabel(r)}</th><td class="num">${fmtNum(r.open_at, 0)}</td>
					${bands.map((b) => html`<td class="num">${fmtNum((r.backlog_at_by_age_days || {})[b] || 0, 0)}</td>`)}
					<td class="num">${fmtNum(r.overdue_at, 0)}</td></tr>`)}</tbody>
			</table></div>
			<p class="hint">${t('report.backlog_at_hint')}</p>` : null}
		</section>
		<section aria-labelledby="tl-ea">
			<h2 id="tl-ea">${t('report.eadj')}</h2>
			<${StackedBars} id="ch-eadj" title=${t('report.chart_eadj')} unit="%"
				series=${[{ key: 'e', label: t('report.eadj_share'), cls: 'c2' }, { key: 'm', label: t('report.manual_share'), cls: 'c5' }]}
				rows=${(byBody ? [all, ...charted].filter(Boolean) : rows).map((r) => ({ label: rowLabel(r), parts: [{ key: 'e', value: 100 * (r.e_adjudication_share || 0) },
					{ key: 'm', value: r.decided ? 100 * (1 - (r.e_adjudication_share || 0)) : 0 }] }))} />
			<div class="table-wrap" tabindex="0" role="region" aria-label=${t('report.table_eadj')}><table>
				<caption>${t('report.table_eadj')}</caption>
				<thead><tr><th scope="col">${t(byBody ? 'report.group_body' : 'report.level')}</th><th scope="col" class="num">${t('report.decided')}</th>
					<th scope="col" class="num">${t('report.e_adjudicated')}</th><th scope="col" class="num">${t('report.eadj_share')}</th>
					<th scope="col" class="num">${t('report.not_completed')}</th></tr></thead>
				<tbody>${rows.map((r) => html`<tr><th scope="row">${rowLabel(r)}</th><td class="num">${fmtNum(r.decided, 0)}</td>
					<td class="num">${fmtNum(r.e_adjudicated, 0)}</td><td class="num">${fmtPercent(r.e_adjudication_share)}</td>
					<td class="num">${fmtNum(r.not_completed, 0)}</td></tr>`)}</tbody>
			</table></div>
		</section>` : null}`;
}
