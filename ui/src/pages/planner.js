// SPDX-License-Identifier: Apache-2.0
// pages/planner.js - the capacity planner (/reports/planner, issue 14 item
// 7) for auditors and admins, the charts a head of organ takes to the
// Diet: the phase durations (median, mean of the fastest 90%, 90th
// percentile) of all cases or of one authority and level, and the open
// cases by age (GET /v1/reports/timeliness, docs/timeliness.md); the
// forecast (GET /v1/reports/forecast, docs/capacity.md "Forecasts"): the
// open cases at each quarter's end as a fan over the replications, the
// cases opened per quarter before and after today, each phase's p50, p80
// and p90 per quarter, and each class's forecasting method with its
// backtest; the staffing what-if (POST /v1/sim/staff): the staff
// a quantile of a stage's time within a target takes, by simulation and
// by Erlang C, beside today's.  Every chart has a sentence saying what it
// shows, a table of its numbers, and Save SVG / Save PNG (chart.js).
// Statistics only: no case, no person.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Bars, Fan } from '../chart.js';
import { Field, FormStatus, useForm } from '../form.js';
import { fmtDate, fmtNum, fmtPercent, getLang, t, tCode } from '../i18n.js';
import { levelName, loadLevels } from '../registers-fields.js';
import { LoadError, Loading, useLoad } from '../widgets.js';

const PHASES = ['consent', 'questionnaire', 'initiation', 'investigation', 'adjudication', 'end_to_end'];
const BANDS = ['0_30', '31_90', '91_180', '181_365', 'over_365'];
const OLD = ['181_365', 'over_365'];
/* The measures of a phase, light to dark (css/chart.css k5, k3, k1). */
const MEASURES = [['median', 'median_days', 'k5'], ['fastest90', 'fastest90_days', 'k3'], ['p90', 'p90_days', 'k1']];
const LEVEL_COLOURS = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'];
const QUANTILES = ['0.5', '0.8', '0.9'];

/* Today as YYYY-MM-DD in the user's zone: day 0 of the forecast, and the
 * date in the files' names. */
function todayYmd() {
	const d = new Date();
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/* A phase's name; end to end by a name of its own (「全体」 is also "all cases"). */
const phaseName = (p) => (p === 'end_to_end' ? t('plan.end_to_end') : t('phase.' + p));
const slug = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'all';
const n0 = (v) => fmtNum(v, 0);

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

/* 3. The forecast (GET /v1/reports/forecast, docs/capacity.md
 * "Forecasts"): the open cases at the end of each quarter, the cases
 * opened per quarter before today and forecast after it, each phase's
 * p50, p80 and p90 per quarter, and each class's method with its
 * backtest.  The answer is kept across a language switch only (the page
 * is mounted again in the other language); leaving the page drops it. */
let kept = null; /* {values, answer} */
const DAY = 86400;
const STAGES = ['consent', 'questionnaire', 'initiation', 'investigation', 'review', 'adjudication', 'complaint'];
const STATS = ['p50', 'p80', 'p90'];
const METHODS = ['ets_ana', 'ses', 'seasonal_naive', 'naive', 'none', 'scenario'];

/* A quarter index (year * 4 + quarter - 1) from "2026-Q4", and back. */
const qIndex = (code) => {
	const m = /^(\d{4})-Q([1-4])$/.exec(code);
	return m ? Number(m[1]) * 4 + Number(m[2]) - 1 : null;
};
const qCode = (i) => `${Math.floor(i / 4)}-Q${(i % 4) + 1}`;

/** Quarter code ("2026-Q4") in words: 'full' ("Q4 2026", 「2026年10〜12月」), 'short' ("Q4", 「10〜12月」) or 'year'. */
export function quarterName(code, form) {
	const i = qIndex(code);
	if (i === null)
		return code;
	const q = t('plan.fc.q.' + ((i % 4) + 1));
	const y = Math.floor(i / 4);
	return form === 'short' ? q : t(form === 'year' ? 'plan.fc.q_year' : 'plan.fc.q_full', { q, y });
}

/* The calendar day (UTC, as the server counts quarters) of unix time sec. */
const ymdOf = (sec) => new Date(sec * 1000).toISOString().slice(0, 10);

/** The cases open today in the register's scenario: its initial inventory {CLASS: {STAGE: n}}, summed. */
export function openToday(sc) {
	let n = 0;
	for (const by of Object.values((sc && sc.initial) || {}))
		for (const v of Object.values(by))
			n += v;
	return n;
}

/**
 * The cases opened per quarter, of all classes together, oldest first:
 * [{i, code, n}] (i the quarter index), each class's history being a
 * value a quarter from the quarter of history_from.
 */
export function arrivalsHistory(classes) {
	const by = new Map();
	for (const c of classes) {
		const d = new Date(c.history_from * 1000);
		let i = d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
		for (const v of c.history || [])
			by.set(i, (by.get(i) || 0) + v), i++;
	}
	return [...by.keys()].sort((a, b) => a - b).map((i) => ({ i, code: qCode(i), n: by.get(i) }));
}

/* The class id "AUTHORITY/LEVEL" by the level's name. */
function className(id, levels) {
	const [a, l] = String(id).split('/');
	return l ? a + ' / ' + levelName(levels, a, l) : id;
}

/* Sentences one after the other: a space between them in English, none in Japanese. */
const sentences = (...xs) => xs.filter(Boolean).join(getLang() === 'ja' ? '' : ' ');

/* A statistic with its band: "118 (96–141)"; null: —. */
const withBand = (b) => (b ? t('plan.fc.cell', { mean: fmtNum(b.mean), lo: fmtNum(b.lo), hi: fmtNum(b.hi) }) : '—');

/* The open cases: today's, then at each quarter's end. */
function InventoryFan({ res, open }) {
	const qs = res.quarters.filter((q) => q.inventory);
	const pts = [...(open === null ? [] : [{ x: 0, lo: open, hi: open, mid: open }]),
		...qs.map((q) => ({ x: (q.end - res.now) / DAY, lo: q.inventory.lo, hi: q.inventory.hi, mid: q.inventory.mean }))];
	if (!qs.length)
		return null;
	const last = qs[qs.length - 1];
	const span = (last.end - res.now) / DAY;
	const ticks = [{ x: 0, label: t('plan.fc.today'), sub: fmtDate(todayYmd()) }];
	let year = null;
	for (const q of qs) {
		const x = (q.end - res.now) / DAY;
		if (x < span * 0.08) /* too near today's tick to be read: its figures are in the table */
			continue;
		const y = q.quarter.slice(0, 4);
		ticks.push({ x, label: quarterName(q.quarter, 'short'), sub: y === year ? undefined : quarterName(q.quarter, 'year') });
		year = y;
	}
	const n = res.replications;
	const desc = sentences(open === null ? '' : t('plan.fc.inv_now', { n: n0(open) }), t('plan.fc.inv_desc', {
		quarter: quarterName(last.quarter, 'full'), date: fmtDate(ymdOf(last.end - 1)), mean: fmtNum(last.inventory.mean),
		lo: fmtNum(last.inventory.lo), hi: fmtNum(last.inventory.hi), n }));
	const title = t('plan.fc.inv_chart', { n });
	return html`<h3>${t('plan.fc.inv_title')}</h3>
		<p class="plan-summary">${desc}</p>
		<${Fan} id="ch-plan-fan" title=${title} desc=${desc} unit=${t('unit.cases')} xTicks=${ticks} whole
			midLabel=${t('plan.fc.inv_mean')} file=${'scs-open-cases-forecast-' + todayYmd()}
			series=${[{ key: 'inv', label: t('plan.fc.inv_band'), cls: 'fan-inner', points: pts }]} />`;
}

/* The cases opened per quarter: counted before today, forecast after. */
function ArrivalsFan({ res }) {
	const cur = qIndex(res.quarters[0].quarter);
	const hist = arrivalsHistory(res.classes).filter((h) => h.i < cur);
	const prev = hist.length ? hist[hist.length - 1] : null;
	const band = [...(prev ? [{ x: prev.i - cur, lo: prev.n, hi: prev.n, mid: prev.n }] : []),
		...res.quarters.map((q, k) => ({ x: k, lo: q.arrivals.lo, hi: q.arrivals.hi, mid: q.arrivals.mean }))];
	const from = hist.length ? hist[0].i : cur;
	const to = cur + res.quarters.length - 1;
	const ticks = [];
	let year = null;
	for (let i = from; i <= to; i++) {
		const code = qCode(i);
		if (to - from + 1 > 9) { /* many years: one tick a year */
			if (i % 4 === 0)
				ticks.push({ x: i - cur, label: quarterName(code, 'year') });
			continue;
		}
		const y = Math.floor(i / 4);
		ticks.push({ x: i - cur, label: quarterName(code, 'short'), sub: y === year ? undefined : quarterName(code, 'year') });
		year = y;
	}
	const next = res.quarters[Math.min(1, res.quarters.length - 1)];
	const desc = sentences(prev ? t('plan.fc.arr_past', { quarter: quarterName(prev.code, 'full'), n: n0(prev.n) }) : '',
		t('plan.fc.arr_desc', { quarter: quarterName(next.quarter, 'full'), mean: fmtNum(next.arrivals.mean),
			lo: fmtNum(next.arrivals.lo), hi: fmtNum(next.arrivals.hi) }));
	const title = t('plan.fc.arr_chart');
	return html`<h3>${t('plan.fc.arr_title')}</h3>
		<p class="plan-summary">${desc}</p>
		<${Fan} id="ch-plan-arrivals" title=${title} desc=${desc} unit=${t('unit.cases')} xTicks=${ticks} whole
			midLabel=${t('plan.fc.arr_mean')} file=${'scs-cases-opened-forecast-' + todayYmd()}
			lines=${hist.length ? [{ key: 'hist', label: t('plan.fc.arr_hist'), cls: 'chart-hist',
				points: hist.map((h) => ({ x: h.i - cur, y: h.n })) }] : []}
			marks=${hist.length ? [{ x: -0.5, label: t('plan.fc.arr_mark') }] : []}
			series=${[{ key: 'arr', label: t('plan.fc.arr_band'), cls: 'fan-inner', points: band }]} />`;
}

/* The two charts' figures. */
function ForecastTables({ res, open }) {
	const hist = arrivalsHistory(res.classes).filter((h) => h.i < qIndex(res.quarters[0].quarter));
	const counted = new Map(hist.map((h) => [h.i, h.n]));
	const years = hist.length ? Array.from({ length: Math.floor(hist[hist.length - 1].i / 4) - Math.floor(hist[0].i / 4) + 1 },
		(_, k) => Math.floor(hist[0].i / 4) + k) : [];
	return html`<details class="plan-data">
		<summary>${t('plan.fc.table_show')}</summary>
		<${Table} caption=${t('plan.fc.table', { n: res.replications })}
			head=${[[t('plan.fc.col_quarter')], [t('plan.fc.col_end')], [t('plan.fc.col_days'), true], [t('plan.fc.col_mean'), true],
				[t('plan.fc.col_band'), true], [t('plan.fc.col_arr'), true], [t('plan.fc.col_arr80'), true]]}
			rows=${[open === null ? null : html`<tr class="fc-today"><th scope="row">${t('plan.fc.today')}</th>
				<td>${fmtDate(todayYmd())}</td><td class="num">0</td><td class="num">${n0(open)}</td>
				<td class="num">—</td><td class="num">—</td><td class="num">—</td></tr>`,
			...res.quarters.map((q) => html`<tr><th scope="row">${quarterName(q.quarter, 'full')}</th>
				<td>${fmtDate(ymdOf(q.end - 1))}</td><td class="num">${n0(Math.round((q.end - res.now) / DAY))}</td>
				<td class="num">${fmtNum(q.inventory && q.inventory.mean)}</td>
				<td class="num">${q.inventory ? t('plan.fc.range', { lo: fmtNum(q.inventory.lo), hi: fmtNum(q.inventory.hi) }) : '—'}</td>
				<td class="num">${fmtNum(q.arrivals.mean)}</td>
				<td class="num">${t('plan.fc.range', { lo: fmtNum(q.arrivals.lo), hi: fmtNum(q.arrivals.hi) })}</td></tr>`)]} />
		${hist.length ? html`<${Table} caption=${t('plan.fc.hist_table')}
			head=${[[t('plan.fc.col_year')], ...[1, 2, 3, 4].map((q) => [t('plan.fc.q.' + q), true])]}
			rows=${years.map((y) => html`<tr><th scope="row">${quarterName(qCode(y * 4), 'year')}</th>
				${[0, 1, 2, 3].map((q) => html`<td class="num">${n0(counted.get(y * 4 + q))}</td>`)}</tr>`)} />` : null}
	</details>`;
}

/* Each phase's p50, p80 or p90 per quarter, with its band. */
function PhaseForecast({ res }) {
	const [stat, setStat] = useState('p90');
	const statName = t('plan.fc.stat.' + stat);
	const stage = (s) => t('plan.fc.stage.' + s);
	const withValue = res.quarters.filter((q) => q.phases && q.phases.investigation && q.phases.investigation[stat]);
	const q = withValue[withValue.length - 1];
	return html`<h3 id="pl-fc-ph">${t('plan.fc.ph_title')}</h3>
		<p>${t('plan.fc.ph_intro', { n: res.replications })}</p>
		<div class="field plan-pick">
			<label for="pl-fc-stat">${t('plan.fc.ph_stat')}</label>
			<select id="pl-fc-stat" value=${stat} onChange=${(e) => setStat(e.currentTarget.value)}>
				${STATS.map((k) => html`<option value=${k}>${t('plan.fc.stat.' + k)}</option>`)}
			</select>
		</div>
		${q ? html`<p class="plan-summary">${t('plan.fc.ph_desc', { stage: t('plan.stage.investigation'),
			stat: t('plan.q.' + { p50: '0_5', p80: '0_8', p90: '0_9' }[stat]),
			quarter: quarterName(q.quarter, 'full'), mean: fmtNum(q.phases.investigation[stat].mean),
			lo: fmtNum(q.phases.investigation[stat].lo), hi: fmtNum(q.phases.investigation[stat].hi) })}</p>` : null}
		<${Table} caption=${t('plan.fc.ph_table', { stat: statName })}
			head=${[[t('report.phase')], ...res.quarters.map((x) => [quarterName(x.quarter, 'full'), true])]}
			rows=${STAGES.map((s) => html`<tr><th scope="row">${stage(s)}</th>
				${res.quarters.map((x) => html`<td class="num">${withBand(x.phases && x.phases[s] && x.phases[s][stat])}</td>`)}</tr>`)} />
		<p class="hint">${t('plan.fc.ph_note')}</p>`;
}

/* Per class: the method in words, its history and its backtest. */
function ClassForecast({ res, levels }) {
	const pct = (v) => (v === null || v === undefined ? '—' : fmtPercent(v / 100));
	return html`<h3 id="pl-fc-cl">${t('plan.fc.cl_title')}</h3>
		<p>${t('plan.fc.cl_intro')}</p>
		<${Table} caption=${t('plan.fc.cl_table')}
			head=${[[t('report.level')], [t('plan.fc.col_method')], [t('plan.fc.col_history'), true], [t('plan.fc.col_mape1'), true],
				[t('plan.fc.col_mape4'), true], [t('plan.fc.col_mase'), true]]}
			rows=${res.classes.map((c) => html`<tr><th scope="row">${className(c.id, levels)}</th>
				<td>${METHODS.includes(c.method) ? t('plan.fc.m.' + c.method) : c.method}</td>
				<td class="num">${n0((c.history || []).length)}</td>
				<td class="num">${pct(c.backtest && c.backtest.mape_1q)}</td><td class="num">${pct(c.backtest && c.backtest.mape_4q)}</td>
				<td class="num">${c.backtest ? fmtNum(c.backtest.mase, 2) : '—'}</td></tr>`)} />
		<p class="hint">${t('plan.fc.mape_note')}</p>
		<p class="hint">${t('plan.fc.mase_note')}</p>`;
}

function Forecast({ scenario, levels }) {
	const form = useForm(kept ? kept.values : { quarters: '4', replications: '20' }, { id: 'fc' });
	const [res, setRes] = useState(kept ? kept.answer : null);
	const live = useRef(true);
	const go = (values) => {
		const empty = Object.keys(values).find((k) => String(values[k]).trim() === '');
		if (empty) { /* the api would leave it out, and the server take its default */
			form.setErrors({ [empty]: t('plan.fc.required') });
			return undefined;
		}
		return form.submit(() => api('GET', '/reports/forecast', undefined,
			{ quarters: String(values.quarters).trim(), replications: String(values.replications).trim() }), (a) => {
			if (!live.current)
				return;
			kept = { values, answer: a };
			setRes(a);
		});
	};
	useEffect(() => {
		const lang = getLang();
		if (!kept)
			go(form.values);
		return () => {
			live.current = false;
			if (getLang() === lang) /* left, not a language switch */
				kept = null;
		};
	}, []);
	const onSubmit = (e) => {
		e.preventDefault();
		go(form.values);
	};
	const open = scenario ? openToday(scenario) : null;
	return html`<section aria-labelledby="pl-fc">
		<h2 id="pl-fc">${t('plan.fc.title')}</h2>
		<p>${t('plan.fc.intro')}</p>
		<form onSubmit=${onSubmit} novalidate class="filters plan-forecast">
			<${Field} form=${form} name="quarters" label=${t('plan.fc.quarters')} type="number" min="1" max="8" step="1"
				inputmode="numeric" hint=${t('plan.fc.quarters_hint')} />
			<${Field} form=${form} name="replications" label=${t('plan.fc.replications')} type="number" min="1" max="100" step="1"
				inputmode="numeric" hint=${t('plan.fc.replications_hint')} />
			<div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('plan.fc.run')}</button></div>
		</form>
		<${FormStatus} form=${form} />
		<div class="plan-fc-answer" aria-live="polite" aria-busy=${form.busy ? 'true' : 'false'}>
			${form.busy ? html`<p class="loading" role="status">${t('plan.fc.busy')}</p>` : null}
			${res ? html`
				<${InventoryFan} res=${res} open=${open} />
				<${ArrivalsFan} res=${res} />
				<${ForecastTables} res=${res} open=${open} />
				<${PhaseForecast} res=${res} />
				<${ClassForecast} res=${res} levels=${levels} />` : null}
		</div>
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
		${sc.data ? html`<${Forecast} scenario=${sc.data} levels=${levels} /><${WhatIf} scenario=${sc.data} />` :
			html`<${Loading} on=${sc.loading} />`}`;
}
