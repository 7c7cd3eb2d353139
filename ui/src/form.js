// SPDX-License-Identifier: Apache-2.0
// form.js - forms that never lose what was typed.  useForm keeps the
// values in state; submit() runs the request and maps an ApiError: a
// refusal goes next to the field it names (or the form's fallback field
// when the server names none, e.g. a wrong password), no connection or a
// server fault leaves every value in place and says so, with a retry.
// The server's message is shown in the UI's language (srvmsg.js).
// Only the page clears a form, after a success.
import { html } from 'htm/preact';
import { useRef, useState } from 'preact/hooks';
import { t } from './i18n.js';
import { localMessage } from './srvmsg.js';

export function useForm(initial, opts) {
	const [values, setValues] = useState(initial);
	const [errors, setErrors] = useState({});
	const [status, setStatus] = useState(null); /* {kind, text} */
	const [busy, setBusy] = useState(false);
	const last = useRef(null);
	const fields = Object.keys(initial);
	const fallback = (opts && opts.fallbackField) || null;

	const set = (name) => (e) => {
		const v = e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value;
		setValues((old) => ({ ...old, [name]: v }));
	};

	/**
	 * Run fn(values), then done(answer) on success; resolves to the answer,
	 * or undefined on failure.  The retry button runs both again.
	 */
	async function submit(fn, done) {
		last.current = [fn, done];
		setBusy(true);
		setStatus(null);
		try {
			const out = await fn(values);
			setErrors({});
			if (done)
				done(out);
			return out;
		} catch (err) {
			if (!err || !err.kind) {
				setStatus({ kind: 'error', text: String(err) });
				return undefined;
			}
			if (err.transient) {
				setStatus({
					kind: 'retry',
					text: err.kind === 'network' || !navigator.onLine ? t('error.network') : t('error.server'),
				});
				return undefined;
			}
			let text = localMessage(err.message) || t('error.code.' + err.code);
			if (err.code === 'locked' && err.retryAfter)
				text += ' ' + t('error.retry_after', { s: err.retryAfter });
			const head = err.field.replace(/^\[\d+\]\.?/, '').split(/[.[]/)[0];
			const field = fields.includes(err.field) ? err.field :
				fields.includes(head) ? head : fallback;
			if (field) {
				setErrors({ [field]: text });
				const el = document.getElementById(fieldId(opts, field));
				if (el)
					el.focus();
			} else {
				setErrors({});
				setStatus({ kind: 'error', text: err.field ? err.field + ': ' + text : text });
			}
			return undefined;
		} finally {
			setBusy(false);
		}
	}

	const retry = () => (last.current ? submit(...last.current) : undefined);
	const reset = (v) => {
		setValues(v || initial);
		setErrors({});
	};
	return { values, setValues, set, errors, setErrors, status, setStatus, busy, submit, retry, reset, opts };
}

function fieldId(opts, name) {
	return ((opts && opts.id) || 'f') + '-' + name;
}

/** A labelled input whose error, if any, sits right under it and is read with it. */
export function Field({ form, name, label, type, hint, required, autocomplete, options, children, ...rest }) {
	const id = fieldId(form.opts, name);
	const err = form.errors[name];
	const describedBy = [hint ? id + '-hint' : null, err ? id + '-err' : null].filter(Boolean).join(' ') || undefined;
	const common = {
		id, name, required, 'aria-invalid': err ? 'true' : undefined, 'aria-describedby': describedBy,
	};
	let input;
	if (options) {
		input = html`<select ...${common} value=${form.values[name]} onChange=${form.set(name)} ...${rest}>
			${options.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
		</select>`;
	} else {
		input = html`<input ...${common} type=${type || 'text'} value=${form.values[name]}
			autocomplete=${autocomplete} onInput=${form.set(name)} ...${rest} />`;
	}
	return html`<div class=${'field' + (err ? ' field-invalid' : '')}>
		<label for=${id}>${label}${required ? html`<span class="req" aria-hidden="true"> *</span>` : null}</label>
		${input}
		${hint ? html`<p class="hint" id=${id + '-hint'}>${hint}</p>` : null}
		${err ? html`<p class="field-error" id=${id + '-err'} role="alert">${err}</p>` : null}
		${children}
	</div>`;
}

/** The form's state line: a refusal without a field, or "not sent: retry". */
export function FormStatus({ form }) {
	const s = form.status;
	if (!s)
		return null;
	if (s.kind === 'retry')
		return html`<div class="notice notice-warn" role="alert">
			<p>${s.text}</p>
			<button type="button" class="secondary" onClick=${form.retry} disabled=${form.busy}>${t('action.retry')}</button>
		</div>`;
	return html`<div class=${'notice ' + (s.kind === 'ok' ? 'notice-ok' : 'notice-error')}
		role=${s.kind === 'ok' ? 'status' : 'alert'}><p>${s.text}</p></div>`;
}
