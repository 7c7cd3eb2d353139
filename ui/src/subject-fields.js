// SPDX-License-Identifier: Apache-2.0
// subject-fields.js - a questionnaire built from its schema
// (docs/questionnaire.md): one control per field type (text, multi-line
// text, date, date range, yes/no with its details, choice, country,
// money, repeated entries), required marks (required_if followed), the
// server's message under the control its JSON path names, and the
// conversions between what the form holds (strings as typed, so nothing
// typed is lost) and the answers the API takes.
import { html } from 'htm/preact';
import { getLang, t } from './i18n.js';
import { Countries, CountryOptions } from './names.js';
import { Time } from './widgets.js';

/** A schema label ({ja, en}) in the UI language. */
export function lbl(l) {
	if (!l)
		return '';
	return l[getLang()] || l.en || l.ja || '';
}

/** A path as the server writes it: entries[0].period.from. */
export function pathStr(path) {
	let s = '';
	for (const p of path)
		s += typeof p === 'number' ? '[' + p + ']' : (s ? '.' : '') + p;
	return s;
}

/** The DOM id of the control at path of section. */
export function domId(section, p) {
	return 'q-' + (section + '.' + p).replace(/[^A-Za-z0-9_]+/g, '-').replace(/-+$/, '');
}

function setIn(obj, path, v) {
	if (path.length === 0)
		return v;
	const [k, ...rest] = path;
	const base = Array.isArray(obj) ? obj.slice() : { ...(obj || {}) };
	base[k] = setIn(base[k], rest, v);
	return base;
}
export { setIn };

const hasDetails = (f) => f.type === 'yesno' && Array.isArray(f.details) && f.details.length > 0;

/* ---- the form's values to the API's answers and back ---- */

function toVal(f, m) {
	switch (f.type) {
	case 'text': {
		if (m === undefined || m === null)
			return undefined;
		const s = f.multiline ? String(m) : String(m).trim();
		return s === '' ? undefined : s;
	}
	case 'date':
	case 'enum':
		return m ? m : undefined;
	case 'date_range':
		if (!m || (!m.from && !m.to))
			return undefined;
		return { from: m.from || null, to: m.to || null };
	case 'yesno':
		if (!hasDetails(f))
			return m === true || m === false ? m : undefined;
		if (!m || (m.answer !== true && m.answer !== false))
			return undefined;
		return m.answer ? { answer: true, details: toApi(f.details, m.details || {}) } : { answer: false };
	case 'country': {
		const s = String(m || '').trim().toUpperCase();
		if (!f.multiple)
			return s || undefined;
		const list = s.split(/[\s,、，;]+/).filter(Boolean);
		return list.length ? list : undefined;
	}
	case 'money': {
		if (!m || m.amount === undefined || String(m.amount).trim() === '')
			return undefined;
		const a = String(m.amount).replace(/[,\s]/g, '');
		return { amount: /^\d+$/.test(a) ? Number(a) : a, currency: String(m.currency || 'JPY').trim().toUpperCase() };
	}
	case 'repeat':
		return (m || []).map((e) => toApi(f.fields, e || {}));
	default:
		return m === '' ? undefined : m;
	}
}

/** The answers of a field list (a section, an entry, details) from the form's values. */
export function toApi(fields, m) {
	const out = {};
	for (const f of fields) {
		const v = toVal(f, (m || {})[f.id]);
		if (v !== undefined)
			out[f.id] = v;
	}
	return out;
}

function fromVal(f, v) {
	if (v === undefined || v === null)
		return f.type === 'repeat' ? [] : undefined;
	switch (f.type) {
	case 'date_range':
		return { from: v.from || '', to: v.to || '' };
	case 'yesno':
		if (!hasDetails(f))
			return v;
		if (typeof v === 'boolean')
			return { answer: v, details: {} };
		return { answer: v.answer, details: fromApi(f.details, v.details || {}) };
	case 'country':
		return Array.isArray(v) ? v.join(', ') : v;
	case 'money':
		return { amount: String(v.amount), currency: v.currency || 'JPY' };
	case 'repeat':
		return Array.isArray(v) ? v.map((e) => fromApi(f.fields, e || {})) : [];
	default:
		return v;
	}
}

/** The form's values of a field list from saved answers. */
export function fromApi(fields, a) {
	const out = {};
	for (const f of fields) {
		const v = fromVal(f, (a || {})[f.id]);
		if (v !== undefined)
			out[f.id] = v;
	}
	return out;
}

/* Whether field f is required given its siblings' answers (API shape). */
function isRequired(f, sib) {
	if (f.required)
		return true;
	const r = f.required_if;
	if (!r || !sib)
		return false;
	let v = sib[r.field];
	if (v && typeof v === 'object' && 'answer' in v)
		v = v.answer;
	if ('equals' in r)
		return v === r.equals;
	return Array.isArray(r.in) && r.in.includes(v);
}

/** Whether the saved answers a of a field list hold everything required (the top level and the details of a yes). */
export function complete(fields, a) {
	if (!a)
		return false;
	for (const f of fields) {
		const v = a[f.id];
		if (v === undefined || v === null) {
			if (isRequired(f, a))
				return false;
			continue;
		}
		if (f.type === 'repeat' && v.length < (f.min || 0))
			return false;
		if (f.type === 'country' && f.multiple && v.length < (f.min || 0))
			return false;
		if (hasDetails(f) && v.answer === true && !complete(f.details, v.details))
			return false;
	}
	return true;
}

/* ---- the controls ---- */

function Label({ f, forId, req }) {
	return html`<label for=${forId}>${lbl(f.label)}${req ? html`<span class="req" aria-hidden="true"> *</span>` : null}${req ? html`<span class="sr-only"> ${t('subj.q.required')}</span>` : null}</label>`;
}

function Err({ id, msg }) {
	return msg ? html`<p class="field-error" id=${id + '-err'} role="alert">${msg}</p>` : null;
}

function describe(id, help, msg) {
	return [help ? id + '-hint' : null, msg ? id + '-err' : null].filter(Boolean).join(' ') || undefined;
}

/**
 * The controls of a field list.  ctx: {section, errs: {path: message},
 * set(path, value), disabled}; m: the list's values; path: where the list
 * sits in the section.
 */
export function QFields({ fields, m, path, ctx }) {
	const sib = toApi(fields, m || {});
	return fields.map((f) => html`<${QField} key=${f.id} f=${f} v=${(m || {})[f.id]} path=${[...path, f.id]}
		ctx=${ctx} req=${isRequired(f, sib)} />`);
}

function QField({ f, v, path, ctx, req }) {
	const p = pathStr(path);
	const id = domId(ctx.section, p);
	const msg = ctx.errs[p];
	const help = f.help ? lbl(f.help) : '';
	const hint = help ? html`<p class="hint" id=${id + '-hint'}>${help}</p>` : null;
	const common = {
		id, name: id, required: req, disabled: ctx.disabled, 'aria-invalid': msg ? 'true' : undefined,
		'aria-describedby': describe(id, help, msg),
	};
	const set = (val) => ctx.set(path, val);
	const cls = 'field' + (msg ? ' field-invalid' : '');
	switch (f.type) {
	case 'text':
		return html`<div class=${cls}><${Label} f=${f} forId=${id} req=${req} />
			${f.multiline ? html`<textarea ...${common} rows="4" value=${v || ''} onInput=${(e) => set(e.currentTarget.value)}></textarea>` :
		html`<input ...${common} type="text" autocomplete="off" value=${v || ''}
				lang=${f.script === 'katakana' ? 'ja' : undefined} onInput=${(e) => set(e.currentTarget.value)} />`}
			${hint}<${Err} id=${id} msg=${msg} /></div>`;
	case 'date':
		return html`<div class=${cls + ' q-short'}><${Label} f=${f} forId=${id} req=${req} />
			<input ...${common} type="date" value=${v || ''} onInput=${(e) => set(e.currentTarget.value)} />
			${hint}<${Err} id=${id} msg=${msg} /></div>`;
	case 'enum':
		return html`<div class=${cls}><${Label} f=${f} forId=${id} req=${req} />
			<select ...${common} value=${v || ''} onChange=${(e) => set(e.currentTarget.value)}>
				<option value="">${t('subj.q.choose')}</option>
				${f.options.map((o) => html`<option value=${o.code}>${lbl(o.label)}</option>`)}
			</select>${hint}<${Err} id=${id} msg=${msg} /></div>`;
	case 'country':
		return html`<div class=${cls + ' q-short'}><${Label} f=${f} forId=${id} req=${req} />
			<input ...${common} type="text" autocomplete="off" list="q-countries" value=${v || ''}
				aria-describedby=${[id + '-fmt', common['aria-describedby']].filter(Boolean).join(' ')}
				onInput=${(e) => set(e.currentTarget.value)} />
			<p class="hint" id=${id + '-fmt'}>${t(f.multiple ? 'subj.q.countries_hint' : 'subj.q.country_hint')}</p>
			${hint}<${Err} id=${id} msg=${msg} /></div>`;
	case 'money': {
		const mv = v || { amount: '', currency: 'JPY' };
		const am = ctx.errs[p + '.amount'];
		const cm = ctx.errs[p + '.currency'];
		return html`<fieldset class=${'q-group ' + cls} id=${id} aria-describedby=${describe(id, help, msg)}>
			<legend>${lbl(f.label)}${req ? html`<span class="req" aria-hidden="true"> *</span>` : null}</legend>
			<div class="q-row">
				<div class=${'field' + (am ? ' field-invalid' : '')}><label for=${id + '-amount'}>${t('subj.q.amount')}</label>
					<input id=${id + '-amount'} type="text" inputmode="numeric" autocomplete="off" disabled=${ctx.disabled}
						required=${req} aria-invalid=${am ? 'true' : undefined} aria-describedby=${am ? id + '-amount-err' : undefined}
						value=${mv.amount} onInput=${(e) => set({ ...mv, amount: e.currentTarget.value })} />
					<${Err} id=${id + '-amount'} msg=${am} /></div>
				<div class=${'field q-currency' + (cm ? ' field-invalid' : '')}><label for=${id + '-currency'}>${t('subj.q.currency')}</label>
					<input id=${id + '-currency'} type="text" autocomplete="off" disabled=${ctx.disabled}
						aria-invalid=${cm ? 'true' : undefined} aria-describedby=${cm ? id + '-currency-err' : undefined}
						value=${mv.currency} onInput=${(e) => set({ ...mv, currency: e.currentTarget.value })} />
					<${Err} id=${id + '-currency'} msg=${cm} /></div>
			</div>${hint}<${Err} id=${id} msg=${msg} /></fieldset>`;
	}
	case 'date_range': {
		const r = v || { from: '', to: '' };
		const fm = ctx.errs[p + '.from'];
		const tm = ctx.errs[p + '.to'];
		return html`<fieldset class=${'q-group ' + cls} id=${id} aria-describedby=${describe(id, help, msg)}>
			<legend>${lbl(f.label)}${req ? html`<span class="req" aria-hidden="true"> *</span>` : null}</legend>
			<div class="q-row">
				<div class=${'field' + (fm ? ' field-invalid' : '')}><label for=${id + '-from'}>${t('subj.q.from')}</label>
					<input id=${id + '-from'} type="date" disabled=${ctx.disabled} required=${req}
						aria-invalid=${fm ? 'true' : undefined} aria-describedby=${fm ? id + '-from-err' : undefined}
						value=${r.from} onInput=${(e) => set({ ...r, from: e.currentTarget.value })} />
					<${Err} id=${id + '-from'} msg=${fm} /></div>
				<div class=${'field' + (tm ? ' field-invalid' : '')}><label for=${id + '-to'}>${t('subj.q.to')}</label>
					<input id=${id + '-to'} type="date" disabled=${ctx.disabled}
						aria-invalid=${tm ? 'true' : undefined} aria-describedby=${[id + '-to-hint', tm ? id + '-to-err' : null].filter(Boolean).join(' ')}
						value=${r.to} onInput=${(e) => set({ ...r, to: e.currentTarget.value })} />
					<p class="hint" id=${id + '-to-hint'}>${t('subj.q.to_hint')}</p>
					<${Err} id=${id + '-to'} msg=${tm} /></div>
			</div>${hint}<${Err} id=${id} msg=${msg} /></fieldset>`;
	}
	case 'yesno': {
		const det = hasDetails(f);
		const ans = det ? (v ? v.answer : undefined) : v;
		const choose = (b) => set(det ? { answer: b, details: (v && v.details) || {} } : b);
		return html`<fieldset class=${'q-group q-yesno ' + cls} id=${id} aria-describedby=${describe(id, help, msg)}>
			<legend>${lbl(f.label)}${req ? html`<span class="req" aria-hidden="true"> *</span>` : null}</legend>
			${hint}
			<div class="q-radios">
				<label class="q-radio"><input type="radio" name=${id} id=${id + '-yes'} value="yes" disabled=${ctx.disabled}
					checked=${ans === true} onChange=${() => choose(true)} /> ${t('subj.q.yes')}</label>
				<label class="q-radio"><input type="radio" name=${id} id=${id + '-no'} value="no" disabled=${ctx.disabled}
					checked=${ans === false} onChange=${() => choose(false)} /> ${t('subj.q.no')}</label>
			</div>
			<${Err} id=${id} msg=${msg} />
			${det && ans === true ? html`<div class="q-details">
				<p class="hint">${t('subj.q.details')}</p>
				<${QFields} fields=${f.details} m=${(v && v.details) || {}} path=${[...path, 'details']} ctx=${ctx} />
			</div>` : null}
		</fieldset>`;
	}
	case 'repeat': {
		const list = Array.isArray(v) ? v : [];
		const max = f.max || 200;
		return html`<fieldset class=${'q-group q-repeat ' + cls} id=${id} aria-describedby=${describe(id, help, msg)}>
			<legend>${lbl(f.label)}${req ? html`<span class="req" aria-hidden="true"> *</span>` : null}</legend>
			${hint}
			<${Err} id=${id} msg=${msg} />
			${list.length === 0 ? html`<p class="muted">${t('subj.q.no_entries')}</p>` : null}
			${list.map((e, i) => html`<fieldset class="q-entry" key=${i} id=${domId(ctx.section, p + '[' + i + ']')}>
				<legend>${t('subj.q.entry', { n: i + 1 })}</legend>
				<${Err} id=${domId(ctx.section, p + '[' + i + ']')} msg=${ctx.errs[p + '[' + i + ']']} />
				<${QFields} fields=${f.fields} m=${e} path=${[...path, i]} ctx=${ctx} />
				${ctx.disabled ? null : html`<button type="button" class="secondary small"
					onClick=${() => set(list.filter((x, j) => j !== i))}>${t('subj.q.remove', { n: i + 1 })}</button>`}
			</fieldset>`)}
			${ctx.disabled ? null : html`<button type="button" class="secondary" disabled=${list.length >= max}
				onClick=${() => set([...list, {}])}>${t('subj.q.add', { what: lbl(f.label) })}</button>`}
		</fieldset>`;
	}
	default:
		return html`<p>${lbl(f.label)}: ${t('subj.q.unsupported')}</p>`;
	}
}

/** The suggestions of the country inputs, code and name (once per page). */
export function CountryList() {
	return html`<${CountryOptions} id="q-countries" />`;
}

/* ---- the answers, read back ---- */

function fmtMoney(m) {
	if (!m || typeof m.amount !== 'number')
		return m ? String(m.amount) + ' ' + (m.currency || '') : '—';
	try {
		return new Intl.NumberFormat(getLang() === 'ja' ? 'ja-JP' : 'en', { style: 'currency', currency: m.currency }).format(m.amount);
	} catch (e) {
		return m.amount + ' ' + m.currency;
	}
}

function AnswerValue({ f, v }) {
	if (v === undefined || v === null)
		return html`<span class="muted">${t('subj.q.unanswered')}</span>`;
	switch (f.type) {
	case 'date':
		return html`<${Time} value=${v} />`;
	case 'date_range':
		return html`<span><${Time} value=${v.from} /> – ${v.to ? html`<${Time} value=${v.to} />` : t('subj.q.present')}</span>`;
	case 'yesno': {
		const a = typeof v === 'object' ? v.answer : v;
		return html`<span>${a ? t('subj.q.yes') : t('subj.q.no')}</span>
			${hasDetails(f) && a && v.details ? html`<${AnswerList} fields=${f.details} a=${v.details} />` : null}`;
	}
	case 'enum': {
		const o = f.options.find((x) => x.code === v);
		return html`<span>${o ? lbl(o.label) : v}</span>`;
	}
	case 'country':
		return html`<${Countries} codes=${Array.isArray(v) ? v : [v]} />`;
	case 'money':
		return html`<span>${fmtMoney(v)}</span>`;
	case 'repeat':
		return v.length === 0 ? html`<span>${t('subj.q.none')}</span>` :
			html`<ol class="q-entries">${v.map((e, i) => html`<li key=${i}><${AnswerList} fields=${f.fields} a=${e} /></li>`)}</ol>`;
	default:
		return html`<span class="q-text">${String(v)}</span>`;
	}
}

/** The answers of a field list as terms and values. */
export function AnswerList({ fields, a }) {
	return html`<dl class="facts q-answers">${fields.map((f) => html`<dt>${lbl(f.label)}</dt>
		<dd><${AnswerValue} f=${f} v=${(a || {})[f.id]} /></dd>`)}</dl>`;
}
