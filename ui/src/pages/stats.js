// SPDX-License-Identifier: Apache-2.0
// pages/stats.js - the oversight statistics (GET /v1/reports/statistics,
// docs/timeliness.md "Statistics") for auditors and admins: counts of the
// register at an instant (persons, clearances by level and standing,
// designated items, briefings, memberships, suspensions, cases, accounts)
// as tables, and two charts.  Counts only: no person, no case.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { StackedBars } from '../chart.js';
import { Field, FormStatus, useForm } from '../form.js';
import { dayStart, fmtNum, t, tCode } from '../i18n.js';
import { OrgName } from '../names.js';
import { levelName, loadLevels } from '../registers-fields.js';
import { Time } from '../widgets.js';

const STANDINGS = ['active', 'interim', 'suspended', 'pending', 'revoked', 'expired', 'ended', 'expiring'];
const OPEN = ['awaiting_consent', 'questionnaire', 'submitted', 'investigating', 'adjudicating', 'interim', 'complaint'];
const OUTCOMES = ['granted', 'interim', 'denied', 'refused', 'withdrawn'];

/* The bars of the clearances chart: five series, the ended ones as one. */
const CLR_SERIES = [
	{ key: 'active', cls: 'c2' }, { key: 'interim', cls: 'c1' }, { key: 'suspended', cls: 'c3' },
	{ key: 'pending', cls: 'c4' }, { key: 'over', cls: 'c5' },
];

const n0 = (v) => fmtNum(v || 0, 0);
/* A chart's bar label fits its 230 px: the table beside has it in full. */
const short = (s) => (s.length > 30 ? s.slice(0, 29) + '…' : s);

/* A table in its scrolling region, with a caption. */
function Table({ caption, head, rows, empty }) {
	return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table class="stats-table">
		<caption>${caption}</caption>
		<thead><tr>${head.map(([label, num]) => html`<th scope="col" class=${num ? 'num' : undefined}>${label}</th>`)}</tr></thead>
		<tbody>${rows.length ? rows : html`<tr><td colspan=${head.length}>${empty || t('stats.none')}</td></tr>`}</tbody>
	</table></div>`;
}

export function Statistics() {
	const form = useForm({ at: '' }, { id: 'stats' });
	const [rep, setRep] = useState(null);
	const [levels, setLevels] = useState(null);
	const load = async () => {
		await form.submit((v) => api('GET', '/reports/statistics', undefined, { at: dayStart(v.at) }), (r) => setRep(r));
	};
	useEffect(() => {
		document.title = t('stats.title') + ' — SCS';
		loadLevels().then(setLevels, () => setLevels([]));
		load();
	}, []);
	const onSubmit = (e) => {
		e.preventDefault();
		load();
	};
	const lvl = (r) => r.authority + ' / ' + levelName(levels, r.authority, r.level);
	const clr = rep ? rep.clearances || [] : [];
	const decided = rep ? rep.cases_decided || [] : [];
	return html`<h1>${t('stats.title')}</h1>
		<p>${t('stats.intro')}</p>
		<form onSubmit=${onSubmit} novalidate class="filters">
			<${Field} form=${form} name="at" label=${t('stats.at')} type="date" hint=${t('stats.at_hint')} />
			<div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('stats.show')}</button></div>
		</form>
		<${FormStatus} form=${form} />
		${rep ? html`
		<dl class="facts stats-facts">
			<dt>${t('stats.as_of')}</dt><dd><${Time} value=${rep.at} /></dd>
			<dt>${t('stats.persons_total')}</dt><dd>${n0(rep.persons_total)}</dd>
			<dt>${t('stats.suspensions')}</dt><dd>${n0(rep.suspensions_in_force)}</dd>
		</dl>
		<section aria-labelledby="st-clr">
			<h2 id="st-clr">${t('stats.clearances')}</h2>
			${clr.length ? html`<${StackedBars} id="ch-clearances" title=${t('stats.chart_clearances')} unit=${t('stats.unit')}
				series=${CLR_SERIES.map((s) => ({ ...s, label: t('stats.standing.' + s.key) }))}
				rows=${clr.map((r) => ({ label: short(lvl(r)), parts: CLR_SERIES.map((s) => ({ key: s.key,
					value: s.key === 'over' ? (r.revoked || 0) + (r.expired || 0) + (r.ended || 0) : r[s.key] || 0 })) }))} />` : null}
			<${Table} caption=${t('stats.table_clearances')}
				head=${[[t('stats.level')], [t('stats.rank'), true], ...STANDINGS.map((s) => [t('stats.standing.' + s), true])]}
				rows=${clr.map((r) => html`<tr><th scope="row">${lvl(r)}</th>
					<td class="num">${r.rank === null || r.rank === undefined ? '—' : n0(r.rank)}</td>
					${STANDINGS.map((s) => html`<td class="num">${n0(r[s])}</td>`)}</tr>`)} />
			<p class="hint">${t('stats.expiring_note')}</p>
		</section>
		<section aria-labelledby="st-cases">
			<h2 id="st-cases">${t('stats.cases')}</h2>
			${decided.length ? html`<${StackedBars} id="ch-decided" title=${t('stats.chart_decided')} unit=${t('stats.unit_cases')}
				series=${OUTCOMES.map((o, i) => ({ key: o, label: tCode('state', o), cls: ['c2', 'c1', 'c3', 'c4', 'c5'][i] }))}
				rows=${decided.map((r) => ({ label: r.authority, parts: OUTCOMES.map((o) => ({ key: o, value: r[o] || 0 })) }))} />` : null}
			<${Table} caption=${t('stats.table_decided')}
				head=${[[t('stats.authority')], ...OUTCOMES.map((o) => [tCode('state', o), true])]}
				rows=${decided.map((r) => html`<tr><th scope="row">${r.authority}</th>
					${OUTCOMES.map((o) => html`<td class="num">${n0(r[o])}</td>`)}</tr>`)} />
			<p class="hint">${t('stats.decided_window')} <${Time} value=${rep.decided_from} /> – <${Time} value=${rep.at} /></p>
			<${Table} caption=${t('stats.table_open')}
				head=${[[t('stats.authority')], ...OPEN.map((s) => [tCode('state', s), true])]}
				rows=${(rep.cases_open || []).map((r) => html`<tr><th scope="row">${r.authority}</th>
					${OPEN.map((s) => html`<td class="num">${n0(r[s])}</td>`)}</tr>`)} />
		</section>
		<section aria-labelledby="st-items">
			<h2 id="st-items">${t('stats.items')}</h2>
			<${Table} caption=${t('stats.table_items')}
				head=${[[t('stats.owner')], [t('stats.level')], [t('stats.field')], [t('stats.classified'), true],
					[t('stats.declassified'), true], [t('stats.item_expired'), true]]}
				rows=${(rep.items || []).map((r) => html`<tr><th scope="row"><${OrgName} id=${r.owner} /></th><td>${lvl(r)}</td>
					<td>${tCode('stats.field', r.field)}</td><td class="num">${n0(r.classified)}</td>
					<td class="num">${n0(r.declassified)}</td><td class="num">${n0(r.expired)}</td></tr>`)} />
		</section>
		<section aria-labelledby="st-access">
			<h2 id="st-access">${t('stats.access')}</h2>
			<div class="stats-pair">
				<${Table} caption=${t('stats.table_briefings')} head=${[[t('stats.compartment')], [t('stats.count'), true]]}
					rows=${(rep.briefings || []).map((r) => html`<tr><th scope="row">${r.compartment}</th><td class="num">${n0(r.briefings)}</td></tr>`)} />
				<${Table} caption=${t('stats.table_memberships')} head=${[[t('stats.program')], [t('stats.count'), true]]}
					rows=${(rep.memberships || []).map((r) => html`<tr><th scope="row">${r.program}</th><td class="num">${n0(r.memberships)}</td></tr>`)} />
			</div>
		</section>
		<section aria-labelledby="st-people">
			<h2 id="st-people">${t('stats.people')}</h2>
			<div class="stats-pair">
				<${Table} caption=${t('stats.table_persons')} head=${[[t('stats.org_type')], [t('stats.count'), true]]}
					rows=${(rep.persons || []).map((r) => html`<tr><th scope="row">${tCode('stats.org_type', r.org_type)}</th><td class="num">${n0(r.persons)}</td></tr>`)} />
				<${Table} caption=${t('stats.table_users')}
					head=${[[t('stats.role')], [t('stats.enabled'), true], [t('stats.disabled'), true]]}
					rows=${(rep.users || []).map((r) => html`<tr><th scope="row">${tCode('role', r.role)}</th>
						<td class="num">${n0(r.enabled)}</td><td class="num">${n0(r.disabled)}</td></tr>`)} />
			</div>
		</section>` : null}`;
}
