// SPDX-License-Identifier: Apache-2.0
// pages/planner.js - the capacity planner (/reports/planner, issue 14 item
// 7) for auditors and admins, the charts a head of organ takes to the
// Diet: the phase durations (median, mean of the fastest 90%, 90th
// percentile) of all cases or of one authority and level, and the open
// cases by age (GET /v1/reports/timeliness, docs/timeliness.md); the open
// cases forecast as a fan over RUNS runs of the register's own scenario
// (GET /v1/sim/scenario, POST /v1/sim with seeds 1…RUNS, one after the
// other: the simulator is deterministic per seed, so a language switch
// reuses the runs); the staffing what-if (POST /v1/sim/staff): the staff
// a quantile of a stage's time within a target takes, by simulation and
// by Erlang C, beside today's.  Every chart has a sentence saying what it
// shows, a table of its numbers, and Save SVG / Save PNG (chart.js).
// Statistics only: no case, no person.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Bars, Fan } from '../chart.js';
import { Field, FormStatus, useForm } from '../form.js';
import { fmtDate, fmtNum, getLang, t, tCode } from '../i18n.js';
import { levelName, loadLevels } from '../registers-fields.js';
import { LoadError, Loading, useLoad } from '../widgets.js';

const PHASES = ['consent', 'questionnaire', 'initiation', 'investigation', 'adjudication', 'end_to_end'];
const BANDS = ['0_30', '31_90', '91_180', '181_365', 'over_365'];
const OLD = ['181_365', 'over_365'];
/* The measures of a phase, light to dark (css/chart.css k5, k3, k1). */
const MEASURES = [['median', 'median_days', 'k5'], ['fastest90', 'fastest90_days', 'k3'], ['p90', 'p90_days', 'k1']];
const LEVEL_COLOURS = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'];
export const RUNS = 8;
const QUANTILES = ['0.5', '0.8', '0.9'];

/* Today as YYYY-MM-DD in the user's zone: day 0 of the forecast, and the
 * date in the files' names. */
function todayYmd(days) {
	const d = new Date();
	d.setDate(d.getDate() + (days || 0));
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/* A phase's name; end to end by a name of its own (「全体」 is also "all cases"). */
const phaseName = (p) => (p === 'end_to_end' ? t('plan.end_to_end') : t('phase.' + p));
const slug = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'all';
const n0 = (v) => fmtNum(v, 0);

/** The q-quantile (0…1) of sorted numbers xs, interpolated between ranks. */
export function quantile(xs, q) {
	if (!xs.length)
		return null;
	const at = (xs.length - 1) * q;
	const lo = Math.floor(at);
	const hi = Math.ceil(at);
	return xs[lo] + (xs[hi] - xs[lo]) * (at - lo);
}

/**
 * The fan of runs (POST /v1/sim answers of one scenario, other seeds):
 * per sample day the range of the total open cases over the runs, and
 * their 10th to 90th percentile with the median.  Two series of points
 * {x, lo, hi, mid} for chart.js Fan.
 */
export function fanOf(runs) {
	const days = runs.length ? runs[0].samples.map((s) => s.day) : [];
	const range = [];
	const inner = [];
	days.forEach((day, i) => {
		const xs = runs.map((r) => (r.samples[i] ? r.samples[i].total : 0)).sort((a, b) => a - b);
		range.push({ x: day, lo: xs[0], hi: xs[xs.length - 1] });
		inner.push({ x: day, lo: quantile(xs, 0.1), hi: quantile(xs, 0.9), mid: quantile(xs, 0.5) });
	});
	return { range, inner };
}

/* Runs already made, by scenario: the simulator gives the same run for
 * the same scenario and seed, so they are kept for this page's life. */
const runCache = new Map();

/* A table in its scrolling region, with a caption. */
function Table({ caption, head, rows }) {
	return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table>
		<caption>${caption}</caption>
		<thead><tr>${head.map(([label, num]) => html`<th scope="col" class=${num ? 'num' : undefined}>${label}</th>`)}</tr></thead>
		<tbody>${rows}</tbody>
	</table></div>`;
}

function rowLabel(r, levels) {
	if (!r.authority && !r.level)
		return t('report.all');
	return [r.authority, r.level ? levelName(levels, r.authority, r.level) : null].filter(Boolean).join(' / ');
}

/* 1. Phase durations, of all cases or of the row chosen. */
function Phases({ rows, levels }) {
	const [pick, setPick] = useState('0');
	const r = rows[Number(pick)] || rows[0];
	const name = rowLabel(r, levels);
	const ph = (p) => (r.phases && r.phases[p]) || {};
	const e2e = ph('end_to_end');
	const series = MEASURES.map(([k, , cls]) => ({ key: k, label: t('report.' + k), cls }));
	const desc = e2e.count ? t('plan.phases.desc', { row: name, n: n0(e2e.count), median: fmtNum(e2e.median_days),
		p90: fmtNum(e2e.p90_days) }) : t('plan.phases.none', { row: name });
	return html`<section aria-labelledby="pl-ph">
		<h2 id="pl-ph">${t('plan.phases.title')}</h2>
		<p>${t('plan.phases.intro')}</p>
		<div class="field plan-pick">
			<label for="pl-row">${t('plan.phases.row')}</label>
			<select id="pl-row" value=${pick} onChange=${(e) => setPick(e.currentTarget.value)}>
				${rows.map((x, i) => html`<option value=${String(i)}>${rowLabel(x, levels)}</option>`)}
			</select>
		</div>
		<p class="plan-summary">${desc}</p>
		<${Bars} id="ch-plan-phases" title=${t('plan.phases.chart', { row: name })} desc=${desc} unit=${t('unit.days')}
			series=${series} file=${'scs-phase-durations-' + slug(r.authority ? r.authority + '-' + r.level : 'all') + '-' + todayYmd()}
			rows=${PHASES.map((p) => ({ label: phaseName(p), parts: MEASURES.map(([k, f]) => ({ key: k,
				value: ph(p).count ? ph(p)[f] : null })) }))} />
		<${Table} caption=${t('plan.phases.table', { row: name })}
			head=${[[t('report.phase')], [t('report.count'), true], [t('report.median'), true], [t('report.fastest90'), true],
				[t('report.p90'), true], [t('report.mean'), true]]}
			rows=${PHASES.map((p) => {
				const s = ph(p);
				return html`<tr><th scope="row">${phaseName(p)}</th><td class="num">${n0(s.count || 0)}</td>
					<td class="num">${fmtNum(s.median_days)}</td><td class="num">${fmtNum(s.fastest90_days)}</td>
					<td class="num">${fmtNum(s.p90_days)}</td><td class="num">${fmtNum(s.mean_days)}</td></tr>`;
			})} />
	</section>`;
}

/* 2. The open cases by age band, of all levels or stacked by level. */
function Backlog({ rows, levels }) {
	const [byLevel, setByLevel] = useState(false);
	const all = rows.find((r) => !r.authority && !r.level) || { backlog_by_age_days: {}, open: 0 };
	const lv = rows.filter((r) => r.authority || r.level);
	const band = (r, b) => (r.backlog_by_age_days || {})[b] || 0;
	const series = byLevel && lv.length ?
		lv.map((r, i) => ({ key: 'l' + i, label: rowLabel(r, levels), cls: LEVEL_COLOURS[i % LEVEL_COLOURS.length] })) :
		[{ key: 'all', label: t('report.all'), cls: 'k1' }];
	const bars = BANDS.map((b) => ({ label: tCode('band', b),
		parts: byLevel && lv.length ? lv.map((r, i) => ({ key: 'l' + i, value: band(r, b) })) : [{ key: 'all', value: band(all, b) }] }));
	const open = BANDS.reduce((s, b) => s + band(all, b), 0);
	const desc = t('plan.backlog.desc', { n: n0(open), old: n0(OLD.reduce((s, b) => s + band(all, b), 0)) });
	return html`<section aria-labelledby="pl-bl">
		<h2 id="pl-bl">${t('plan.backlog.title')}</h2>
		<div class="choice">
			<input type="checkbox" id="pl-bylevel" checked=${byLevel} onChange=${(e) => setByLevel(e.currentTarget.checked)} />
			<label for="pl-bylevel">${t('plan.backlog.by_level')}</label>
		</div>
		<p class="plan-summary">${desc}</p>
		<${Bars} id="ch-plan-backlog" title=${t(byLevel ? 'plan.backlog.chart_levels' : 'plan.backlog.chart')} desc=${desc}
			unit=${t('unit.cases')} series=${series} rows=${bars} stacked whole fmt=${n0}
			file=${'scs-backlog-by-age' + (byLevel ? '-by-level' : '') + '-' + todayYmd()} />
		<${Table} caption=${t('plan.backlog.table')}
			head=${[[t('report.level')], [t('report.open'), true], ...BANDS.map((b) => [tCode('band', b), true])]}
			rows=${[...lv, all].map((r) => html`<tr><th scope="row">${rowLabel(r, levels)}</th>
				<td class="num">${n0(BANDS.reduce((s, b) => s + band(r, b), 0))}</td>
				${BANDS.map((b) => html`<td class="num">${n0(band(r, b))}</td>`)}</tr>`)} />
	</section>`;
}

/* The x axis of the forecast: days from today at round steps, each with its date. */
function dayTicks(last) {
	const step = [7, 14, 30, 60, 90, 180, 365, 730].find((s) => last / s <= 5) || Math.ceil(last / 5);
	const out = [];
	for (let d = 0; d <= last; d += step)
		out.push({ x: d, label: d ? t('plan.fan.day', { n: d }) : t('plan.fan.today'), sub: fmtDate(todayYmd(d)) });
	return out;
}

/* 3. The forecast of the open cases: RUNS runs of the register's scenario. */
function Forecast({ scenario }) {
	const key = JSON.stringify(scenario);
	const [runs, setRuns] = useState(() => runCache.get(key) || []);
	const [error, setError] = useState(null);
	const [tries, setTries] = useState(0);
	useEffect(() => {
		let live = true;
		const done = [...(runCache.get(key) || [])];
		(async () => {
			for (let seed = done.length + 1; seed <= RUNS; seed++) {
				let run;
				try {
					run = await api('POST', '/sim', { ...scenario, seed });
				} catch (e) {
					if (live)
						setError(e);
					return;
				}
				if (!live) /* left, or the language switched: the next mount goes on */
					return;
				done.push(run);
				runCache.set(key, [...done]);
				setRuns([...done]);
			}
		})();
		return () => {
			live = false;
		};
	}, [key, tries]);
	const retry = () => {
		setError(null);
		setTries(tries + 1);
	};
	const ready = runs.length === RUNS;
	const fan = ready ? fanOf(runs) : null;
	const last = fan && fan.inner.length ? fan.inner[fan.inner.length - 1] : null;
	const first = fan && fan.inner.length ? fan.inner[0] : null;
	const days = last ? last.x : 0;
	const desc = last ? t('plan.fan.desc', { now: n0(first.mid), days: n0(days), date: fmtDate(todayYmd(days)), mid: n0(last.mid),
		lo: n0(last.lo), hi: n0(last.hi), n: RUNS }) : '';
	const title = t('plan.fan.chart', { days: n0(days), n: RUNS });
	return html`<section aria-labelledby="pl-fc" aria-busy=${ready || error ? 'false' : 'true'}>
		<h2 id="pl-fc">${t('plan.fan.title')}</h2>
		<p>${t('plan.fan.intro', { n: RUNS })}</p>
		<${LoadError} error=${error} reload=${retry} />
		${!ready && !error ? html`<p class="loading" role="status">${t('plan.fan.running', { i: runs.length + 1, n: RUNS })}</p>` : null}
		${fan ? html`
			<p class="plan-summary">${desc}</p>
			<${Fan} id="ch-plan-fan" title=${title} desc=${desc} unit=${t('unit.cases')} xTicks=${dayTicks(days)} whole
				midLabel=${t('plan.fan.median')} file=${'scs-open-cases-forecast-' + todayYmd()}
				series=${[{ key: 'range', label: t('plan.fan.range', { n: RUNS }), cls: 'fan-outer', points: fan.range },
					{ key: 'inner', label: t('plan.fan.inner'), cls: 'fan-inner', points: fan.inner }]} />
			<details class="plan-data">
				<summary>${t('plan.fan.table_show')}</summary>
				<${Table} caption=${t('plan.fan.table')}
					head=${[[t('plan.fan.col_day'), true], [t('plan.fan.col_date')], [t('plan.fan.col_min'), true],
						[t('plan.fan.col_p10'), true], [t('plan.fan.col_median'), true], [t('plan.fan.col_p90'), true],
						[t('plan.fan.col_max'), true]]}
					rows=${fan.inner.map((p, i) => html`<tr><td class="num">${n0(p.x)}</td><td>${fmtDate(todayYmd(p.x))}</td>
						<td class="num">${n0(fan.range[i].lo)}</td><td class="num">${fmtNum(p.lo)}</td>
						<td class="num">${fmtNum(p.mid)}</td><td class="num">${fmtNum(p.hi)}</td>
						<td class="num">${n0(fan.range[i].hi)}</td></tr>`)} />
			</details>` : null}
	</section>`;
}

/* A number of staff of pool with its noun: "12 adjudicators", 「判定担当者12人」. */
function staffCount(pool, n) {
	const one = getLang() === 'en' && n === 1;
	return t('plan.staff', { n: n0(n), who: tCode(one ? 'plan.pool_one' : 'plan.pool', pool) });
}

/* A number of days in words: "20 days", "1 day", 「20日」. */
const daysText = (d) => t(getLang() === 'en' && d === 1 ? 'plan.days_one' : 'plan.days', { n: fmtNum(d) });

/* The answer of POST /v1/sim/staff in words: the staff the simulation
 * finds, Erlang C's, and the quantile today. */
export function whatIfSentence(r) {
	const has = (v) => v !== null && v !== undefined;
	const vars = { q: t('plan.q.' + String(r.quantile).replace('.', '_')), stage: tCode('plan.stage', r.stage),
		days: daysText(r.days), now: n0(r.current.servers), who: tCode('plan.pool', r.pool) };
	const first = has(r.simulation.servers) ?
		t('plan.wi.takes', { ...vars, staff: staffCount(r.pool, r.simulation.servers) }) : t('plan.wi.never', vars);
	const second = has(r.erlang.servers) ? t('plan.wi.erlang', { n: n0(r.erlang.servers) }) : t('plan.wi.erlang_never');
	const now = has(r.current.quantile_days) ? t('plan.wi.current', { ...vars, cur: daysText(r.current.quantile_days) }) : '';
	return first + second + now;
}

/* 4. The staffing what-if. */
function WhatIf({ scenario }) {
	const pools = (scenario.pools || []).map((p) => p.id);
	const form = useForm({ pool: pools.includes('adjudicators') ? 'adjudicators' : pools[0] || '', quantile: '0.9', days: '20' },
		{ id: 'wi' });
	const [res, setRes] = useState(null);
	const onSubmit = async (e) => {
		e.preventDefault();
		await form.submit((v) => api('POST', '/sim/staff', { scenario, pool: v.pool, quantile: Number(v.quantile),
			days: String(v.days).trim() === '' ? null : Number(v.days) }), setRes);
	};
	const q = res ? t('plan.q.' + String(res.quantile).replace('.', '_')) : '';
	const bar = (x) => (x.servers === null || x.servers === undefined ? t('plan.wi.none') :
		t('plan.wi.bar', { n: n0(x.servers), q: x.quantile_days === null || x.quantile_days === undefined ? '—' : daysText(x.quantile_days) }));
	const sentence = res ? whatIfSentence(res) : '';
	const who = res ? tCode('plan.pool', res.pool) : '';
	return html`<section aria-labelledby="pl-wi">
		<h2 id="pl-wi">${t('plan.wi.title')}</h2>
		<p>${t('plan.wi.intro')}</p>
		<form onSubmit=${onSubmit} novalidate class="filters plan-whatif">
			<${Field} form=${form} name="pool" label=${t('plan.wi.pool')} options=${pools.map((p) => [p, tCode('plan.pool_name', p)])} />
			<${Field} form=${form} name="quantile" label=${t('plan.wi.quantile')}
				options=${QUANTILES.map((x) => [x, t('plan.q.' + x.replace('.', '_'))])} />
			<${Field} form=${form} name="days" label=${t('plan.wi.days')} type="number" min="0" step="any" inputmode="decimal" />
			<div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('plan.wi.run')}</button></div>
		</form>
		<${FormStatus} form=${form} />
		<div class="plan-answer" aria-live="polite" aria-busy=${form.busy ? 'true' : 'false'}>
			${form.busy ? html`<p class="loading" role="status">${t('plan.wi.busy')}</p>` : null}
			${res && !form.busy ? html`
				<p class="plan-sentence">${sentence}</p>
				<${Bars} id="ch-plan-whatif" desc=${sentence} fmt=${n0} unit=${t('plan.wi.unit')} legend=${false} whole
					title=${t('plan.wi.chart', { who, q, stage: tCode('plan.stage', res.stage), days: daysText(res.days) })}
					file=${'scs-staffing-' + slug(res.pool) + '-p' + Math.round(res.quantile * 100) + '-' + slug(String(res.days)) + 'd-' + todayYmd()}
					series=${[{ key: 'now', label: t('plan.wi.now'), cls: 'k7' }, { key: 'sim', label: t('plan.wi.sim'), cls: 'k1' },
						{ key: 'erlang', label: t('plan.wi.erlang_c'), cls: 'k2' }]}
					rows=${[['now', res.current], ['sim', res.simulation], ['erlang', res.erlang]].map(([k, x]) => ({
						label: t('plan.wi.' + (k === 'erlang' ? 'erlang_c' : k)), parts: [{ key: k, value: x.servers, text: bar(x) }] }))} />
				<${Table} caption=${t('plan.wi.table', { q })}
					head=${[[t('plan.wi.method')], [t('plan.wi.col_staff'), true], [t('plan.wi.col_q', { q }), true]]}
					rows=${[['now', res.current], ['sim', res.simulation], ['erlang', res.erlang]].map(([k, x]) => html`<tr>
						<th scope="row">${t('plan.wi.' + (k === 'erlang' ? 'erlang_c' : k))}</th>
						<td class="num">${x.servers === null || x.servers === undefined ? t('plan.wi.none') : n0(x.servers)}</td>
						<td class="num">${fmtNum(x.quantile_days)}</td></tr>`)} />
				<p class="hint">${t('plan.wi.note', { runs: n0(res.simulation.runs) })}</p>` : null}
		</div>
	</section>`;
}

export function Planner() {
	const [levels, setLevels] = useState(null);
	const tl = useLoad(() => api('GET', '/reports/timeliness'), []);
	const sc = useLoad(() => api('GET', '/sim/scenario'), []);
	useEffect(() => {
		document.title = t('plan.title') + ' — SCS';
		loadLevels().then(setLevels, () => setLevels([]));
	}, []);
	const rows = tl.data ? tl.data.rows || [] : [];
	return html`<h1>${t('plan.title')}</h1>
		<p>${t('plan.intro')}</p>
		<${Loading} on=${tl.loading && !tl.data} />
		<${LoadError} error=${tl.error} reload=${tl.reload} />
		${rows.length ? html`<${Phases} rows=${rows} levels=${levels} /><${Backlog} rows=${rows} levels=${levels} />` : null}
		<${LoadError} error=${sc.error} reload=${sc.reload} />
		${sc.data ? html`<${Forecast} scenario=${sc.data} /><${WhatIf} scenario=${sc.data} />` :
			html`<${Loading} on=${sc.loading} />`}`;
}
