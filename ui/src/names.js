// SPDX-License-Identifier: Apache-2.0
// names.js - names where the API gives identifiers:
//
//   organizations  GET /v1/organizations (every signed-in person may read
//                  it; one list, not paged), read once per session and
//                  shared by every OrgName on every page
//   persons        GET /v1/persons/{id}, asked only by the roles the
//                  server lets read identities (ID_READERS in
//                  src/http/routes.c) and once per person; where the
//                  server refuses (another organization's staff, not
//                  yours), the identifier as before
//   countries      ISO 3166-1 alpha-3 codes named in the UI's language
//                  (Intl.DisplayNames over countries.js), the code kept
//
// A lookup that fails shows the identifier.  resetNames() forgets it all
// (app.js: at sign-in and sign-out), so one user never sees another's.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { Field } from './form.js';
import { ALPHA2 } from './countries.js';
import { getLang, t } from './i18n.js';
import { nameLang } from './widgets.js';

/* The roles of ID_READERS (src/http/routes.c): the others are refused GET /v1/persons/{id}. */
const PERSON_READERS = ['admin', 'security_officer', 'subject', 'investigator', 'adjudicator'];

let gen = 0; /* bumped by resetNames: an answer for an earlier session is dropped */
let orgs = null; /* the promise of the list, while loading or loaded */
let orgMap = null; /* Map id → organization, once loaded */
const persons = new Map(); /* id → {p: promise, v: person | null | undefined} */

/** Forget the names read for the user signed in until now. */
export function resetNames() {
	gen++;
	orgs = null;
	orgMap = null;
	persons.clear();
}

/** Read the organizations again where next named (one was added or renamed). */
export function forgetOrgs() {
	orgs = null;
	orgMap = null;
}

function loadOrgs() {
	if (orgs)
		return orgs;
	const g = gen;
	const p = api('GET', '/organizations').then((r) => {
		const m = new Map(((r && r.organizations) || []).map((o) => [o.id, o]));
		if (g === gen)
			orgMap = m;
		return m;
	}, () => {
		if (g === gen && orgs === p)
			orgs = null; /* a later page asks again */
		return null;
	});
	orgs = p;
	return p;
}

/** The organizations by id (null until they are read, or when they cannot be). */
export function useOrgs() {
	const [m, setM] = useState(orgMap);
	useEffect(() => {
		let live = true;
		if (!orgMap)
			loadOrgs().then((x) => live && setM(x));
		return () => {
			live = false;
		};
	}, []);
	return m || orgMap;
}

/** The name of organization id, or id itself while (or where) it is unknown. */
export function useOrgName(id) {
	const m = useOrgs();
	const o = m && id ? m.get(id) : null;
	return o ? o.name : id;
}

/**
 * An organization by its name, its id in the title, or beside it as
 * secondary text with withId; the id alone when the name is unknown.
 */
export function OrgName({ id, withId }) {
	const m = useOrgs();
	if (!id)
		return html`<span>—</span>`;
	const o = m ? m.get(id) : null;
	if (!o)
		return html`<code class="org-id">${id}</code>`;
	return html`<span class="org-name" title=${id} lang=${nameLang(o.name)}>${o.name}</span>${withId ? html` <code class="org-id muted">${id}</code>` : null}`;
}

function loadPerson(id) {
	let e = persons.get(id);
	if (!e) {
		e = { v: undefined };
		const g = gen;
		e.p = api('GET', '/persons/' + encodeURIComponent(id)).then((p) => {
			if (g === gen)
				e.v = p || null;
			return p || null;
		}, () => {
			if (g === gen)
				e.v = null;
			return null;
		});
		persons.set(id, e);
	}
	return e;
}

/**
 * A person by name (lang="ja" for a name in kanji or kana) with the Latin
 * name and the id beside it, where user's role may read the person; the
 * id alone otherwise, or when the server refuses.
 */
export function PersonName({ id, user }) {
	const may = !!(id && user && PERSON_READERS.includes(user.role));
	const cached = may && persons.has(id) ? persons.get(id).v : undefined;
	const [p, setP] = useState(cached);
	useEffect(() => {
		if (!may)
			return undefined;
		let live = true;
		const e = loadPerson(id);
		if (e.v !== undefined)
			setP(e.v);
		else
			e.p.then((x) => live && setP(x));
		return () => {
			live = false;
		};
	}, [id, may]);
	if (!id)
		return html`<span>—</span>`;
	if (!may || !p || !p.name)
		return html`<code class="person-id">${id}</code>`;
	return html`<span class="person-name" lang=${nameLang(p.name)}>${p.name}</span>${p.name_latin && p.name_latin !== p.name ?
		html` <span class="muted">(${p.name_latin})</span>` : null} <code class="person-id muted">${id}</code>`;
}

let dn = null;
let dnLang = null;

/** The name of country code (alpha-3) in the UI's language, or the code when it names none. */
export function countryName(code) {
	const c = String(code || '').trim().toUpperCase();
	const a2 = ALPHA2[c];
	if (!a2)
		return c;
	try {
		if (!dn || dnLang !== getLang()) {
			dn = new Intl.DisplayNames([getLang() === 'ja' ? 'ja-JP' : 'en'], { type: 'region', fallback: 'code' });
			dnLang = getLang();
		}
		return dn.of(a2) || c;
	} catch (e) {
		return c;
	}
}

/** Is code an alpha-3 country code the server accepts? */
export function isCountry(code) {
	return Object.prototype.hasOwnProperty.call(ALPHA2, String(code || '').trim().toUpperCase());
}

/** All the country codes, in the order of countries.js (alphabetical by code). */
export const COUNTRY_CODES = Object.keys(ALPHA2);

/** A country by name with its code beside it; a code that names no country (an alliance: FVEY) as typed. */
export function Country({ code }) {
	if (!isCountry(code)) {
		/* An alliance of data/alliances.csv by its name (reg.alliance.FVEY), or the code as it came. */
		const key = 'reg.alliance.' + String(code).trim().toUpperCase();
		const name = t(key);
		if (name !== key)
			return html`<span class="country" title=${code}>${name} <span class="muted">(${code})</span></span>`;
		return html`<code>${code}</code>`;
	}
	const c = String(code).trim().toUpperCase();
	return html`<span class="country" title=${c}>${countryName(c)} <span class="muted">(${c})</span></span>`;
}

/* The separator of a list in the UI's language. */
const sep = () => (getLang() === 'ja' ? '、' : ', ');

/** A list of countries, comma-separated; "—" when empty. */
export function Countries({ codes }) {
	const list = (Array.isArray(codes) ? codes : String(codes || '').split(/[\s,、，;]+/)).filter(Boolean);
	if (!list.length)
		return html`<span>—</span>`;
	return html`<span class="countries">${list.map((c, i) => html`${i ? sep() : ''}<${Country} code=${c} />`)}</span>`;
}

/**
 * The names of the countries typed in a code input ("JPN, usa"), for a
 * hint beside it: "Japan (JPN), United States (USA)"; unknown codes as typed.
 */
export function countriesText(typed) {
	return String(typed || '').split(/[\s,、，;]+/).filter(Boolean)
		.map((c) => (isCountry(c) ? countryName(c) + ' (' + c.toUpperCase() + ')' : c)).join(sep());
}

/** A datalist of the countries, code as value and the name as its label (once per page, by id). */
export function CountryOptions({ id }) {
	return html`<datalist id=${id}>${COUNTRY_CODES.map((c) => html`<option value=${c}>${countryName(c)}</option>`)}</datalist>`;
}

/**
 * A Field (form.js) for country codes as typed (one, or a list with
 * commas), suggesting the countries by name and naming those typed under
 * it: the code stays what is sent.
 */
export function CountryField({ form, name, hint, ...rest }) {
	const id = ((form.opts && form.opts.id) || 'f') + '-' + name;
	const names = countriesText(form.values[name]);
	const describedBy = [hint ? id + '-hint' : null, names ? id + '-names' : null, form.errors[name] ? id + '-err' : null]
		.filter(Boolean).join(' ') || undefined;
	return html`<${Field} form=${form} name=${name} hint=${hint} autocomplete="off" spellcheck="false"
		list=${id + '-list'} aria-describedby=${describedBy} ...${rest}>
		<p class="hint country-names" id=${id + '-names'} hidden=${!names}>${names}</p>
		<${CountryOptions} id=${id + '-list'} />
	<//>`;
}
