// SPDX-License-Identifier: Apache-2.0
// pages/decide.js - "may P see X at T?" (POST /v1/decisions) for the
// roles that may ask (security officers about their staff, designators
// about their organ's items).  The answer is said in words: the reason
// codes of docs/access-decision.md each have a message in the catalog.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t, tCode } from '../i18n.js';
import { Time } from '../widgets.js';

/** datetime-local (the user's zone) to an RFC 3339 UTC instant. */
function toInstant(local) {
	if (!local)
		return undefined;
	const d = new Date(local);
	if (isNaN(d))
		return local;
	return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function Decide() {
	const form = useForm({ subject: '', item: '', at: '' }, { id: 'dec' });
	const [answer, setAnswer] = useState(null);
	useEffect(() => {
		document.title = t('decide.title') + ' — SCS';
	}, []);
	const onSubmit = async (e) => {
		e.preventDefault();
		await form.submit((v) => api('POST', '/decisions',
			{ subject: v.subject.trim(), item: v.item.trim(), at: toInstant(v.at) }), (r) => {
			setAnswer(r);
		});
	};
	return html`<h1>${t('decide.title')}</h1>
		<p>${t('decide.intro')}</p>
		<form onSubmit=${onSubmit} novalidate class="narrow">
			<${Field} form=${form} name="subject" label=${t('field.subject')} hint=${t('decide.subject_hint')} required spellcheck="false" />
			<${Field} form=${form} name="item" label=${t('field.item')} required spellcheck="false" />
			<${Field} form=${form} name="at" label=${t('field.at')} hint=${t('decide.at_hint')} type="datetime-local" step="1" />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('decide.submit')}</button>
		</form>
		${answer ? html`<section aria-labelledby="ans-h" class=${'answer ' + (answer.allow ? 'answer-allow' : 'answer-deny')} aria-live="polite">
			<h2 id="ans-h">${answer.allow ? t('decide.allow') : t('decide.deny')}</h2>
			<p>${t('decide.about', { subject: answer.subject, item: answer.item })} <${Time} value=${answer.at} /></p>
			<p class="reason">${answer.reason ? html`<strong>${tCode('reason', answer.reason)}</strong> <code>${answer.reason}</code>` : t('reason.none')}</p>
			${answer.reason ? html`<p>${tCode('reason_text', answer.reason)}</p>` : null}
		</section>` : null}`;
}
