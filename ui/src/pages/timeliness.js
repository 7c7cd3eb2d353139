// SPDX-License-Identifier: Apache-2.0
// pages/timeliness.js - the timeliness report (GET /v1/reports/timeliness,
// docs/timeliness.md) for auditors, admins and adjudicators: per level the
// phase durations (table and stacked bars of the means), the backlog by
// age band, the e-adjudication share.  Statistics only: no case, no person.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { StackedBars } from '../chart.js';
import { Field, FormStatus, useForm } from '../form.js';
import { dayStart, fmtNum, fmtPercent, t, tCode } from '../i18n.js';

const PHASES = ['consent', 'questionnaire', 'initiation', 'investigation', 'adjudication'];
const BANDS = ['0_30', '31_90', '91_180', '181_365', 'over_365'];

function rowLabel(r) {
	if (!r.authority && !r.level)
		return t('report.all');
	return [r.authority, r.level ? tCode('level', r.level) : null].filter(Boolean).join(' / ');
}

export function Timeliness() {
	const form = useForm({ from: '', to: '' }, { id: 'tl' });
	const [rep, setRep] = useState(null);
	const load = async () => {
		await form.submit((v) => api('GET', '/reports/timeliness', undefined, { from: dayStart(v.from), to: dayStart(v.to, 1) }), (r) => {
			setRep(r);
		});
	};
	useEffect(() => {
		document.title = t('report.title') + ' — SCS';
		load();
	}, []);
	const onSubmit = (e) => {
		e.preventDefault();
		load();
	};
	const rows = rep ? rep.rows || [] : [];
	const levels = rows.filter((r) => r.authority || r.level);
	const all = rows.find((r) => !r.authority && !r.level);
	const series = PHASES.map((p, i) => ({ key: p, label: t('phase.' + p), cls: 'c' + (i + 1) }));
	const bands = all ? Object.keys(all.backlog_by_age_days || {}) : [];
	bands.sort((a, b) => BANDS.indexOf(a) - BANDS.indexOf(b));
	return html`<h1>${t('report.title')}</h1>
		<p>${t('report.intro')}</p>
		<form onSubmit=${onSubmit} novalidate class="filters">
			<${Field} form=${form} name="from" label=${t('report.from')} type="date" />
			<${Field} form=${form} name="to" label=${t('report.to')} type="date" />
			<div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('report.run')}</button></div>
		</form>
		<${FormStatus} form=${form} />
		${rep ? html`
		<section aria-labelledby="tl-ph">
			<h2 id="tl-ph">${t('report.phases')}</h2>
			<${StackedBars} id="ch-phases" title=${t('report.chart_phases')} unit=${t('unit.days')} series=${series}
				rows=${(levels.length ? levels : rows).map((r) => ({ label: rowLabel(r), parts: PHASES.map((p) => ({ key: p, value: r.phases && r.phases[p] ? r.phases[p].mean_days : 0 })) }))} />
			<div class="table-wrap" tabindex="0" role="region" aria-label=${t('report.table_phases')}><table>
				<caption>${t('report.table_phases')}</caption>
				<thead><tr><th scope="col">${t('report.level')}</th><th scope="col">${t('report.phase')}</th>
					<th scope="col" class="num">${t('report.count')}</th><th scope="col" class="num">${t('report.mean')}</th>
					<th scope="col" class="num">${t('report.median')}</th><th scope="col" class="num">${t('report.p90')}</th>
					<th scope="col" class="num">${t('report.fastest90')}</th></tr></thead>
				<tbody>${rows.map((r) => [...PHASES, 'end_to_end'].map((p, i) => {
					const s = (r.phases && r.phases[p]) || {};
					return html`<tr class=${i === 0 ? 'group-start' : ''}>
						${i === 0 ? html`<th scope="rowgroup" rowspan="6">${rowLabel(r)}</th>` : null}
						<td>${t('phase.' + p)}</td><td class="num">${fmtNum(s.count, 0)}</td>
						<td class="num">${fmtNum(s.mean_days)}</td><td class="num">${fmtNum(s.median_days)}</td>
						<td class="num">${fmtNum(s.p90_days)}</td><td class="num">${fmtNum(s.fastest90_days)}</td></tr>`;
				}))}</tbody>
			</table></div>
		</section>
		<section aria-labelledby="tl-bl">
			<h2 id="tl-bl">${t('report.backlog')}</h2>
			${all ? html`<${StackedBars} id="ch-backlog" title=${t('report.chart_backlog')} unit=${t('unit.cases')}
				series=${[{ key: 'n', label: t('report.open'), cls: 'c4' }]}
				rows=${bands.map((b) => ({ label: tCode('band', b), parts: [{ key: 'n', value: all.backlog_by_age_days[b] }] }))} />` : null}
			<div class="table-wrap" tabindex="0" role="region" aria-label=${t('report.table_backlog')}><table>
				<caption>${t('report.table_backlog')}</caption>
				<thead><tr><th scope="col">${t('report.level')}</th><th scope="col" class="num">${t('report.open')}</th>
					${bands.map((b) => html`<th scope="col" class="num">${tCode('band', b)}</th>`)}
					<th scope="col" class="num">${t('report.overdue')}</th><th scope="col" class="num">${t('report.target')}</th></tr></thead>
				<tbody>${rows.map((r) => html`<tr><th scope="row">${rowLabel(r)}</th><td class="num">${fmtNum(r.open, 0)}</td>
					${bands.map((b) => html`<td class="num">${fmtNum((r.backlog_by_age_days || {})[b] || 0, 0)}</td>`)}
					<td class="num">${fmtNum(r.overdue, 0)}</td><td class="num">${r.target_days ? fmtNum(r.target_days, 0) : '—'}</td></tr>`)}</tbody>
			</table></div>
		</section>
		<section aria-labelledby="tl-ea">
			<h2 id="tl-ea">${t('report.eadj')}</h2>
			<${StackedBars} id="ch-eadj" title=${t('report.chart_eadj')} unit="%"
				series=${[{ key: 'e', label: t('report.eadj_share'), cls: 'c2' }, { key: 'm', label: t('report.manual_share'), cls: 'c5' }]}
				rows=${rows.map((r) => ({ label: rowLabel(r), parts: [{ key: 'e', value: 100 * (r.e_adjudication_share || 0) },
					{ key: 'm', value: r.decided ? 100 * (1 - (r.e_adjudication_share || 0)) : 0 }] }))} />
			<div class="table-wrap" tabindex="0" role="region" aria-label=${t('report.table_eadj')}><table>
				<caption>${t('report.table_eadj')}</caption>
				<thead><tr><th scope="col">${t('report.level')}</th><th scope="col" class="num">${t('report.decided')}</th>
					<th scope="col" class="num">${t('report.e_adjudicated')}</th><th scope="col" class="num">${t('report.eadj_share')}</th>
					<th scope="col" class="num">${t('report.not_completed')}</th></tr></thead>
				<tbody>${rows.map((r) => html`<tr><th scope="row">${rowLabel(r)}</th><td class="num">${fmtNum(r.decided, 0)}</td>
					<td class="num">${fmtNum(r.e_adjudicated, 0)}</td><td class="num">${fmtPercent(r.e_adjudication_share)}</td>
					<td class="num">${fmtNum(r.not_completed, 0)}</td></tr>`)}</tbody>
			</table></div>
		</section>` : null}`;
}
