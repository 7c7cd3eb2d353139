// SPDX-License-Identifier: Apache-2.0
// casefile-fields.js - the controls the case file's forms need beside
// form.js's Field: a text area, a group of checkboxes (a list value) and
// a group of radio buttons, each labelled, with the server's error under
// it (aria-invalid, aria-describedby) as Field does; and an in-page
// confirmation step for the actions that cannot be undone.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';

function ids(form, name, hint) {
	const id = ((form.opts && form.opts.id) || 'f') + '-' + name;
	const err = form.errors[name];
	const describedBy = [hint ? id + '-hint' : null, err ? id + '-err' : null].filter(Boolean).join(' ') || undefined;
	return { id, err, describedBy };
}

function Below({ id, hint, err }) {
	return html`${hint ? html`<p class="hint" id=${id + '-hint'}>${hint}</p>` : null}
		${err ? html`<p class="field-error" id=${id + '-err'} role="alert">${err}</p>` : null}`;
}

/** A labelled <textarea>; its value is form.values[name]. */
export function TextArea({ form, name, label, hint, required, rows, ...rest }) {
	const { id, err, describedBy } = ids(form, name, hint);
	return html`<div class=${'field' + (err ? ' field-invalid' : '')}>
		<label for=${id}>${label}${required ? html`<span class="req" aria-hidden="true"> *</span>` : null}</label>
		<textarea id=${id} name=${name} rows=${rows || 3} required=${required} aria-invalid=${err ? 'true' : undefined}
			aria-describedby=${describedBy} value=${form.values[name]} onInput=${form.set(name)} ...${rest}></textarea>
		<${Below} id=${id} hint=${hint} err=${err} />
	</div>`;
}

/** A fieldset of checkboxes; form.values[name] is the array of the checked values. */
export function CheckGroup({ form, name, legend, options, hint }) {
	const { id, err, describedBy } = ids(form, name, hint);
	const cur = form.values[name] || [];
	const toggle = (v) => (e) => {
		const on = e.currentTarget.checked;
		form.setValues((old) => {
			const list = (old[name] || []).filter((x) => x !== v);
			return { ...old, [name]: on ? [...list, v] : list };
		});
	};
	return html`<fieldset id=${id} tabindex="-1" class=${'field checks' + (err ? ' field-invalid' : '')}
		aria-invalid=${err ? 'true' : undefined} aria-describedby=${describedBy}>
		<legend>${legend}</legend>
		${options.map(([v, l]) => html`<label class="check"><input type="checkbox" name=${name} value=${v}
			checked=${cur.includes(v)} onChange=${toggle(v)} /> ${l}</label>`)}
		<${Below} id=${id} hint=${hint} err=${err} />
	</fieldset>`;
}

/** A fieldset of radio buttons; form.values[name] is the chosen value. */
export function RadioGroup({ form, name, legend, options, hint }) {
	const { id, err, describedBy } = ids(form, name, hint);
	return html`<fieldset id=${id} tabindex="-1" class=${'field radios' + (err ? ' field-invalid' : '')}
		aria-describedby=${describedBy}>
		<legend>${legend}</legend>
		${options.map(([v, l]) => html`<label class="check"><input type="radio" name=${id} value=${v}
			checked=${form.values[name] === v} onChange=${() => form.setValues((old) => ({ ...old, [name]: v }))} /> ${l}</label>`)}
		<${Below} id=${id} hint=${hint} err=${err} />
	</fieldset>`;
}

/**
 * "Are you sure?": the question, what will happen, and two buttons; focus
 * moves to it when it appears, and back is the caller's Cancel.
 */
export function Confirm({ title, text, yes, no, onYes, onNo, busy, children }) {
	const ref = useRef(null);
	useEffect(() => {
		if (ref.current)
			ref.current.focus();
	}, []);
	return html`<div class="notice notice-warn confirm" role="alertdialog" aria-labelledby="confirm-h" aria-describedby="confirm-t"
		tabindex="-1" ref=${ref}>
		<h3 id="confirm-h">${title}</h3>
		<p id="confirm-t">${text}</p>
		${children}
		<div class="actions">
			<button type="button" class="confirm-yes" disabled=${busy} onClick=${onYes}>${yes}</button>
			<button type="button" class="secondary" disabled=${busy} onClick=${onNo}>${no}</button>
		</div>
	</div>`;
}
