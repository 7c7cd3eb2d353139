// SPDX-License-Identifier: Apache-2.0
// pages/concern.js - report a concern about a cleared person
// (docs/continuous-vetting.md, Concern reports), for every signed-in role
// (/concerns/new): the person's id, the type, the date (today by
// default), what was seen and, only if the reporter chooses, their name;
// POST /v1/concerns answers 202 with a receipt, the same whoever the
// person is, and the page says no more than that it was received.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { TextArea } from '../casefile-fields.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t } from '../i18n.js';
import { today } from '../registers-fields.js';

const TYPES = ['security_breach', 'foreign_contact', 'financial', 'conduct', 'substance_misuse', 'other'];

export function Concern() {
	const initial = () => ({ person: '', type: '', date: today(), text: '', reporter: '' });
	const form = useForm(initial(), { id: 'cc' });
	const [receipt, setReceipt] = useState(null);
	useEffect(() => {
		document.title = t('cv.cc.title') + ' — SCS';
	}, []);
	const onSubmit = async (e) => {
		e.preventDefault();
		const v = form.values;
		const body = { person: v.person.trim(), type: v.type, text: v.text };
		if (v.date.trim())
			body.date = v.date.trim();
		if (v.reporter.trim())
			body.reporter = v.reporter.trim();
		await form.submit(() => api('POST', '/concerns', body), (r) => {
			form.reset(initial());
			setReceipt(r);
		});
	};
	const again = () => {
		setReceipt(null);
		setTimeout(() => {
			const el = document.getElementById('cc-person');
			if (el)
				el.focus();
		}, 0);
	};
	return html`<h1>${t('cv.cc.title')}</h1>
		<p>${t('cv.cc.intro')}</p>
		${receipt ? html`<div class="notice notice-ok concern-receipt" role="status">
			<p><strong>${t('cv.cc.done')}</strong></p>
			<dl class="facts"><dt>${t('cv.cc.receipt')}</dt><dd><code class="receipt">${receipt.receipt}</code></dd></dl>
			<p>${t('cv.cc.receipt_note')}</p>
			<button type="button" class="secondary" onClick=${again}>${t('cv.cc.another')}</button>
		</div>` : html`<form onSubmit=${onSubmit} novalidate class="narrow concern">
			<${Field} form=${form} name="person" label=${t('cv.cc.person')} hint=${t('cv.cc.person_hint')} required
				autocomplete="off" spellcheck="false" />
			<${Field} form=${form} name="type" label=${t('cv.cc.type')} required
				options=${[['', t('cv.cc.type_choose')], ...TYPES.map((c) => [c, t('cv.concern.' + c)])]} />
			<${Field} form=${form} name="date" type="date" label=${t('cv.cc.date')} hint=${t('cv.cc.date_hint')} />
			<${TextArea} form=${form} name="text" label=${t('cv.cc.text')} hint=${t('cv.cc.text_hint')} rows="6" required />
			<${Field} form=${form} name="reporter" label=${t('cv.cc.reporter')} hint=${t('cv.cc.reporter_hint')} autocomplete="off" />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('cv.cc.submit')}</button>
		</form>`}`;
}
