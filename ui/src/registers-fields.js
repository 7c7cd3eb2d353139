// SPDX-License-Identifier: Apache-2.0
// registers-fields.js - the controls and rules the register pages share:
// a checkbox and a group of checkboxes bound to a useForm (form.js), the
// reference tables (GET /v1/levels), and the designation-term rules of
// DESIGN.md sections 3 and 11 (src/core/register.c) computed in the
// browser, so that the user sees a limit before the server enforces it.
import { html } from 'htm/preact';
import { api } from './api.js';
import { getLang, t } from './i18n.js';

export const TERM_YEARS = 5;
export const TOTAL_YEARS = 30;
export const CABINET_YEARS = 60;
export const ITEM_FIELDS = ['defense', 'diplomacy', 'harmful_activities', 'terrorism', 'economic_security'];

function errProps(form, name) {
	const id = ((form.opts && form.opts.id) || 'f') + '-' + name;
	const err = form.errors[name];
	return { id, err, describedBy: err ? id + '-err' : undefined };
}

/** One checkbox bound to form.values[name] (a boolean). */
export function Checkbox({ form, name, label, hint }) {
	const { id, err } = errProps(form, name);
	const by = [hint ? id + '-hint' : null, err ? id + '-err' : null].filter(Boolean).join(' ') || undefined;
	return html`<div class=${'field reg-check' + (err ? ' field-invalid' : '')}>
		<input type="checkbox" id=${id} name=${name} checked=${!!form.values[name]} onChange=${form.set(name)}
			aria-invalid=${err ? 'true' : undefined} aria-describedby=${by} />
		<label for=${id}>${label}</label>
		${hint ? html`<p class="hint" id=${id + '-hint'}>${hint}</p>` : null}
		${err ? html`<p class="field-error" id=${id + '-err'} role="alert">${err}</p>` : null}
	</div>`;
}

/**
 * Checkboxes in a fieldset bound to form.values[name] (an array of codes);
 * the server's error on name or name[i] shows under the legend.
 */
export function CheckGroup({ form, name, legend, options, hint, empty }) {
	const { id, err } = errProps(form, name);
	const chosen = form.values[name] || [];
	const toggle = (v) => (e) => {
		const on = e.currentTarget.checked;
		form.setValues((old) => {
			const cur = old[name] || [];
			return { ...old, [name]: on ? [...cur.filter((x) => x !== v), v] : cur.filter((x) => x !== v) };
		});
	};
	const by = [hint ? id + '-hint' : null, err ? id + '-err' : null].filter(Boolean).join(' ') || undefined;
	return html`<fieldset class=${'field reg-group' + (err ? ' field-invalid' : '')} id=${id} tabindex="-1"
		aria-describedby=${by}>
		<legend>${legend}</legend>
		${options.length === 0 ? html`<p class="muted">${empty}</p>` : html`<ul class="plain reg-choices">
			${options.map(([v, l]) => html`<li key=${v}><input type="checkbox" id=${id + '-' + v} checked=${chosen.includes(v)}
				onChange=${toggle(v)} /> <label for=${id + '-' + v}>${l}</label></li>`)}
		</ul>`}
		${hint ? html`<p class="hint" id=${id + '-hint'}>${hint}</p>` : null}
		${err ? html`<p class="field-error" id=${id + '-err'} role="alert">${err}</p>` : null}
	</fieldset>`;
}

let levelsCache = null;
/** The reference tables' authorities with their levels (cached). */
function loadReference() {
	if (!levelsCache)
		levelsCache = api('GET', '/levels').catch((e) => {
			levelsCache = null;
			throw e;
		});
	return levelsCache;
}

export function loadLevels() {
	return loadReference().then((r) => r.authorities);
}

/** The alliances an item may be released to ([{code, members}], data/alliances.csv). */
export function loadAlliances() {
	return loadReference().then((r) => r.alliances || []);
}

/** A level's name in the user's language, from the reference tables. */
export function levelName(authorities, auth, level) {
	const a = (authorities || []).find((x) => x.authority === auth);
	const l = a && a.levels.find((x) => x.level === level);
	if (!l)
		return level;
	return getLang() === 'ja' ? l.native_name || l.english_name : l.english_name || l.native_name;
}

/** The day part of a date or instant ("2025-07-01" of "2025-07-01T00:00:00Z"). */
export function dayOf(v) {
	return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : '';
}

/** Today in UTC as YYYY-MM-DD (the server's clock counts in UTC days). */
export function today() {
	return new Date().toISOString().slice(0, 10);
}

/** @ymd plus @n years, as scs_time_add_years: 29 February becomes 1 March. */
export function addYears(ymd, n) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || '');
	if (!m)
		return '';
	let y = +m[1] + n;
	let mo = +m[2];
	let d = +m[3];
	const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
	if (mo === 2 && d === 29 && !leap) {
		mo = 3;
		d = 1;
	}
	return String(y).padStart(4, '0') + '-' + String(mo).padStart(2, '0') + '-' + String(d).padStart(2, '0');
}

/** Whole and tenth years between two days, for "years used". */
export function yearsBetween(a, b) {
	const x = Date.parse(a + 'T00:00:00Z');
	const y = Date.parse(b + 'T00:00:00Z');
	if (isNaN(x) || isNaN(y))
		return null;
	return Math.round(((y - x) / (365.2425 * 86400000)) * 10) / 10;
}

/**
 * The term rules for an end @until of an item first designated @from:
 * a new designation (renew false) ends at most 5 years after @from; a
 * renewal (renew true, today @now) at most 5 years after @now and after
 * @current; the total at most 30 years from @from, 60 with cabinet
 * approval, beyond only by exception.  Returns {latest, limit30, limit60,
 * problem, needCabinet, needException} (problem a catalog key or null).
 */
export function termRules({ from, until, renew, now, current, cabinet, exception }) {
	const out = { latest: '', limit30: '', limit60: '', problem: null, needCabinet: false, needException: false };
	if (!dayOf(from))
		return out;
	from = dayOf(from);
	out.limit30 = addYears(from, TOTAL_YEARS);
	out.limit60 = addYears(from, CABINET_YEARS);
	const term = addYears(renew ? now : from, TERM_YEARS);
	let total = exception ? null : cabinet ? out.limit60 : out.limit30;
	out.latest = total && total < term ? total : term;
	if (!until)
		return out;
	if (until <= from)
		out.problem = 'reg.term.before_from';
	else if (renew && current && until <= current)
		out.problem = 'reg.term.not_after_current';
	else if (until > term)
		out.problem = renew ? 'reg.term.renew_too_long' : 'reg.term.too_long';
	else if (!exception && until > out.limit60) {
		out.problem = 'reg.term.beyond60';
		out.needException = true;
	} else if (!exception && !cabinet && until > out.limit30) {
		out.problem = 'reg.term.beyond30';
		out.needCabinet = true;
	}
	if (until > out.limit30)
		out.needCabinet = true;
	if (until > out.limit60)
		out.needException = true;
	return out;
}
