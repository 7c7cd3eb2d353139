// SPDX-License-Identifier: Apache-2.0
// pages/annual.js - the annual report to the Diet (GET
// /v1/reports/annual, docs/oversight.md) for auditors and admins: a year
// picked (this one by default), the year's figures counted from the audit
// log as tables (designations by organ and by field; assessments and
// complaints by organ, by authority and level, and by both; incidents by type;
// alerts by origin and validity), and the same report as a CSV download.
// Counts only: no person, no case.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { fmtNum, t, tCode } from '../i18n.js';
import { OrgName } from '../names.js';
import { levelName, loadLevels } from '../registers-fields.js';

/* The sections in the report's order: their measures and breakdowns
 * (the breakdown's name in the answer, its key columns). */
const SECTIONS = [
	['designations', ['designated', 'renewed', 'declassified'], [['by_organ', ['organ']], ['by_field', ['field']]]],
	['assessments', ['opened', 'conducted', 'granted', 'denied', 'interim', 'refused', 'withdrawn'],
		[['by_organ', ['organ']], ['by_level', ['authority', 'level']],
			['by_organ_level', ['organ', 'authority', 'level']]]],
	['complaints', ['filed', 'upheld', 'rejected'], [['by_organ', ['organ']], ['by_level', ['authority', 'level']],
		['by_organ_level', ['organ', 'authority', 'level']]]],
	['incidents', ['recorded', 'closed'], [['by_type', ['type']]]],
	['alerts', ['raised', 'valid', 'not_valid', 'self_reported', 'untriaged'], [['by_origin', ['origin']]]],
];

const n0 = (v) => fmtNum(v || 0, 0);

/* A table in its scrolling region, with a caption. */
function Table({ id, caption, head, rows }) {
	return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table class="stats-table" id=${id}>
		<caption>${caption}</caption>
		<thead><tr>${head.map(([label, num]) => html`<th scope="col" class=${num ? 'num' : undefined}>${label}</th>`)}</tr></thead>
		<tbody>${rows.length ? rows : html`<tr><td colspan=${head.length}>${t('annual.none')}</td></tr>`}</tbody>
	</table></div>`;
}

/* A breakdown's key columns as shown: the organ apart, an authority
 * with its level in one column. */
const keyGroups = (keys) => (keys[0] === 'organ' && keys.length > 1 ? [['organ'], keys.slice(1)] : [keys]);

/* The row header of a breakdown's row: its keys, named. */
function keyCell(keys, r, levels) {
	const unknown = html`<span class="muted">${t('annual.unknown')}</span>`;
	const k = keys[0];
	if (k === 'authority')
		return r.authority === null ? unknown : r.authority + ' / ' + levelName(levels, r.authority, r.level);
	if (r[k] === null)
		return unknown;
	if (k === 'organ')
		return html`<${OrgName} id=${r.organ} withId />`;
	if (k === 'field')
		return tCode('stats.field', r.field);
	if (k === 'type')
		return tCode('cv.incident', r.type);
	return tCode('cv.origin', r.origin);
}

function Section({ name, measures, breakdowns, rep, levels }) {
	const s = rep[name];
	const head = measures.map((m) => [t('annual.m.' + m), true]);
	return html`<section aria-labelledby=${'an-' + name}>
		<h2 id=${'an-' + name}>${t('annual.s.' + name)}</h2>
		<${Table} id=${'an-' + name + '-totals'} caption=${t('annual.totals_of', { what: t('annual.s.' + name) })}
			head=${[[t('annual.year_col')], ...head]}
			rows=${[html`<tr><th scope="row">${rep.year}</th>${measures.map((m) => html`<td class="num" data-m=${m}>${n0(s.totals[m])}</td>`)}</tr>`]} />
		${breakdowns.map(([b, keys]) => html`<${Table} id=${'an-' + name + '-' + b}
			caption=${t('annual.b.' + name + '.' + b)}
			head=${[...keyGroups(keys).map((g) => [t('annual.k.' + g[0])]), ...head]}
			rows=${(s[b] || []).map((r) => html`<tr data-key=${keys.map((k) => r[k] === null ? '' : r[k]).join('/')}>
				${keyGroups(keys).map((g) => html`<th scope="row">${keyCell(g, r, levels)}</th>`)}
				${measures.map((m) => html`<td class="num" data-m=${m}>${n0(r[m])}</td>`)}</tr>`)} />`)}
		${name === 'alerts' ? html`<p class="hint">${t('annual.alerts_note')}</p>` : null}
		${name === 'assessments' ? html`<p class="hint">${t('annual.organ_note')}</p>` : null}
	</section>`;
}

export function AnnualReport() {
	const form = useForm({ year: String(new Date().getUTCFullYear()) }, { id: 'annual' });
	const [rep, setRep] = useState(null);
	const [levels, setLevels] = useState(null);
	const load = async () => {
		await form.submit((v) => api('GET', '/reports/annual', undefined, { year: String(v.year).trim() }),
			(r) => setRep(r));
	};
	useEffect(() => {
		document.title = t('annual.title') + ' — SCS';
		loadLevels().then(setLevels, () => setLevels([]));
		load();
	}, []);
	const onSubmit = (e) => {
		e.preventDefault();
		load();
	};
	const csv = rep ? `/v1/reports/annual?year=${rep.year}&format=csv` : null;
	return html`<h1>${t('annual.title')}</h1>
		<p>${t('annual.intro')}</p>
		<form onSubmit=${onSubmit} novalidate class="filters">
			<${Field} form=${form} name="year" label=${t('annual.year')} type="number" min="1970" max="9999" step="1"
				inputmode="numeric" hint=${t('annual.year_hint')} />
			<div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('annual.show')}</button></div>
		</form>
		<${FormStatus} form=${form} />
		${rep ? html`
		<dl class="facts stats-facts annual-facts">
			<dt>${t('annual.period')}</dt><dd>${t('annual.period_value', { from: rep.from, to: rep.to })}</dd>
			<dt>${t('annual.log_size')}</dt><dd data-fig="log_size">${n0(rep.log_size)}</dd>
			<dt>${t('annual.counted')}</dt><dd data-fig="entries_counted">${n0(rep.entries_counted)}</dd>
		</dl>
		<p class="page-actions"><a class="button secondary annual-csv" href=${csv} download=${'scs-annual-' + rep.year + '.csv'}
			type="text/csv">${t('annual.csv', { year: rep.year })}</a></p>
		${SECTIONS.map(([name, measures, breakdowns]) => html`<${Section} name=${name} measures=${measures}
			breakdowns=${breakdowns} rep=${rep} levels=${levels} />`)}
		<p class="hint">${t('annual.log_note')}</p>` : null}`;
}
