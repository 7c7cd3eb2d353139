// SPDX-License-Identifier: Apache-2.0
// i18n.js - the language of the UI: one message catalog per language
// (i18n/en/*.json, i18n/ja/*.json, one file per area of the UI, merged by
// ui/catalogs.cjs at build time; the same keys: tests/ui/run.mjs checks),
// the choice (remembered in localStorage, else the browser's first
// language we have, else English), and dates and numbers through Intl in
// the user's locale and time zone.  Every user-visible string goes
// through t(); a key missing from both catalogs shows as itself.
import CATALOGS from 'scs:catalogs';

export { CATALOGS };
export const LANGS = ['ja', 'en'];
const STORE = 'scs.lang';
let lang = 'en';

/** The language to start in: the saved choice, else navigator.languages. */
export function initialLang() {
	try {
		const saved = localStorage.getItem(STORE);
		if (saved && CATALOGS[saved])
			return saved;
	} catch (e) {
		/* storage refused (private mode): fall through */
	}
	const prefs = navigator.languages && navigator.languages.length ?
		navigator.languages : [navigator.language || 'en'];
	for (const p of prefs) {
		const base = String(p).toLowerCase().split('-')[0];
		if (CATALOGS[base])
			return base;
	}
	return 'en';
}

/** Use language l from now on; remember it when the user chose it. */
export function setLang(l, remember) {
	lang = CATALOGS[l] ? l : 'en';
	document.documentElement.lang = lang;
	if (remember) {
		try {
			localStorage.setItem(STORE, lang);
		} catch (e) {
			/* not remembered: the choice still holds for this page */
		}
	}
}

export function getLang() {
	return lang;
}

/** The message for key in the current language, {name} filled from vars. */
export function t(key, vars) {
	let s = CATALOGS[lang][key];
	if (s === undefined)
		s = CATALOGS.en[key];
	if (s === undefined)
		return key;
	if (vars)
		s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k])));
	return s;
}

/** t() for a code from the server (a role, a reason, a state): the code itself when the catalog lacks it. */
export function tCode(prefix, code) {
	const k = prefix + '.' + code;
	const s = t(k);
	return s === k ? code : s;
}

const locale = () => (lang === 'ja' ? 'ja-JP' : 'en');

/* How dates are written: 'local' (the language's own way), 'era' (the
 * Japanese calendar, 和暦: 令和8年…), 'iso' (2026-12-05, 2026-12-05 09:00
 * +09:00).  Times to the minute, so that a table's column does not wrap;
 * the ISO instant, to the second, is always a hover away (widgets.js Time). */
const STYLE_KEY = 'scs.dates';
export const DATE_STYLES = ['local', 'era', 'iso'];
let dateStyle = (() => {
	try {
		const v = localStorage.getItem(STYLE_KEY);
		return DATE_STYLES.includes(v) ? v : 'local';
	} catch (e) {
		return 'local';
	}
})();

export function getDateStyle() {
	return dateStyle;
}

/** Write dates in style s from now on, remembered on this browser. */
export function setDateStyle(s) {
	dateStyle = DATE_STYLES.includes(s) ? s : 'local';
	try {
		localStorage.setItem(STYLE_KEY, dateStyle);
	} catch (e) {
		/* not remembered: the choice still holds for this page */
	}
}

const calLocale = () => locale() + (dateStyle === 'era' ? '-u-ca-japanese' : '');
const pad = (n) => String(n).padStart(2, '0');

/* The ISO form of d in the user's zone, with its offset. */
function isoLocal(d, withTime) {
	const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
	if (!withTime)
		return day;
	const off = -d.getTimezoneOffset();
	const sign = off >= 0 ? '+' : '-';
	return `${day} ${pad(d.getHours())}:${pad(d.getMinutes())} ` +
		`${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/** A date-time in the user's locale and time zone, to the minute. */
export function fmtTime(iso) {
	const d = new Date(iso);
	if (isNaN(d))
		return String(iso);
	if (dateStyle === 'iso')
		return isoLocal(d, true);
	return new Intl.DateTimeFormat(calLocale(), { dateStyle: dateStyle === 'era' ? 'long' : 'medium', timeStyle: 'short' }).format(d);
}

/** A bare date YYYY-MM-DD, shown as the calendar day it names. */
export function fmtDate(ymd) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(ymd));
	if (!m)
		return fmtTime(ymd);
	if (dateStyle === 'iso')
		return m[0];
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
	return new Intl.DateTimeFormat(calLocale(), { dateStyle: dateStyle === 'era' ? 'long' : 'medium', timeZone: 'UTC' }).format(d);
}

/**
 * The instant (RFC 3339, UTC) at which the calendar day ymd begins in the
 * user's time zone, plus days: a bare date typed in Tokyo means midnight
 * in Tokyo ("2026-02-01" is 2026-01-31T15:00:00Z), not midnight UTC.
 * Empty in, empty out; anything else not a date is returned as typed, for
 * the server to name.
 */
export function dayStart(ymd, days) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(ymd || '').trim());
	if (!m)
		return ymd ? String(ymd).trim() : '';
	const d = new Date(+m[1], +m[2] - 1, +m[3] + (days || 0));
	return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function fmtNum(n, digits) {
	if (n === null || n === undefined)
		return '—';
	return new Intl.NumberFormat(locale(), {
		maximumFractionDigits: digits === undefined ? 1 : digits,
	}).format(n);
}

export function fmtPercent(x) {
	if (x === null || x === undefined)
		return '—';
	return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(x);
}
