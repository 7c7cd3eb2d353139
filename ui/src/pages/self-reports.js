// SPDX-License-Identifier: Apache-2.0
// pages/self-reports.js - the subject's self-reports
// (docs/continuous-vetting.md, Self-reports):
//
//   SelfReports  /self-reports: the form to file one (POST
//                /v1/me/self-reports): the duty chosen among those of
//                GET /v1/self-reports/duties (each with when it is due),
//                the event's date, for a journey the return, the request
//                for approval beforehand and the deviation, and details
//                suited to the type (sent as the `details` object of
//                texts, sealed by the server); after it, the report as
//                filed: due, on time or late, sent to the investigators
//                or not.  Below, the person's own reports (GET
//                /v1/me/self-reports: an audited read of their own sealed
//                data, made when the page opens).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { RadioGroup, TextArea } from '../casefile-fields.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t, tCode } from '../i18n.js';
import { CountryField } from '../names.js';
import { Checkbox } from '../registers-fields.js';
import { LoadError, Loading, Time, useLoad } from '../widgets.js';

const TRAVEL = 'foreign_travel';

/* The details asked per type of report: [key, multiline]; "details" for the others. */
const DETAILS = {
	foreign_travel: [['destination', false], ['purpose', false]],
	foreign_contact: [['contact_name', false], ['contact_nationality', false], ['how_met', true]],
	arrest: [['what_happened', true]],
};
const detailsOf = (type) => DETAILS[type] || [['details', true]];
const ALL_DETAILS = ['destination', 'purpose', 'contact_name', 'contact_nationality', 'how_met', 'what_happened', 'details'];

const EMPTY = {
	type: '', date: '', returned: '', pre_approval: false, deviation: false,
	...Object.fromEntries(ALL_DETAILS.map((d) => ['d_' + d, ''])),
};

/** When a duty is due, in one line. */
function dueText(d) {
	const n = d.due_business_days;
	if (d.after === 'end')
		return t(d.pre_approval ? 'cv.sr.due_end' : 'cv.sr.due_end_plain', { n });
	return t('cv.sr.due_date', { n });
}

function LateTag({ late }) {
	return late ? html`<span class="cv-late" data-late="true">${t('cv.sr.late')}</span>` :
		html`<span class="cv-on-time" data-late="false">${t('cv.sr.on_time')}</span>`;
}

/* The report just filed: due, on time or late, sent to the investigators or not. */
function Filed({ r }) {
	return html`<div class=${'notice ' + (r.late ? 'notice-warn' : 'notice-ok') + ' sr-result'} role="status" data-report=${r.id}>
		<p><strong>${t('cv.sr.done')}</strong></p>
		<dl class="facts">
			<dt>${t('cv.sr.type')}</dt><dd>${tCode('cv.duty', r.type)}${r.pre_approval ? html` <span class="muted">(${t('cv.sr.approval')})</span>` : null}</dd>
			<dt>${t('cv.sr.due')}</dt><dd class="sr-due"><${Time} value=${r.due} /></dd>
			<dt>${t('cv.sr.timeliness')}</dt><dd class="sr-late"><${LateTag} late=${r.late} /></dd>
			<dt>${t('cv.sr.sent')}</dt><dd class="sr-sent" data-sent=${r.alert ? 'true' : 'false'}>${r.alert ?
				html`${t('cv.sr.sent_yes')} <code class="muted">${r.alert}</code>` : t('cv.sr.sent_no')}</dd>
		</dl>
		${r.late ? html`<p>${t('cv.sr.late_note')}</p>` : null}
	</div>`;
}

function FileReport({ duties, onFiled }) {
	const form = useForm(EMPTY, { id: 'sr' });
	const v = form.values;
	const travel = v.type === TRAVEL;
	const duty = duties.find((d) => d.type === v.type);
	const onSubmit = async (e) => {
		e.preventDefault();
		if (!v.type) {
			form.setErrors({ type: t('cv.sr.type_required') });
			const el = document.getElementById('sr-type');
			if (el)
				el.focus();
			return;
		}
		const body = { type: v.type, date: v.date.trim() };
		if (duty && duty.pre_approval)
			body.pre_approval = !!v.pre_approval;
		if (travel && !v.pre_approval) {
			if (v.returned.trim())
				body.returned = v.returned.trim();
			body.deviation = !!v.deviation;
		}
		const details = {};
		for (const [k] of detailsOf(v.type))
			if (v['d_' + k].trim())
				details[k] = v['d_' + k].trim();
		if (Object.keys(details).length)
			body.details = details;
		await form.submit(async () => {
			try {
				return await api('POST', '/me/self-reports', body);
			} catch (err) {
				/* "details.destination" is the field d_destination */
				const m = err && /^details\.(\w+)$/.exec(err.field || '');
				if (m)
					throw new ApiError(err.kind, err.status, err.code, 'd_' + m[1], err.message);
				throw err;
			}
		}, (r) => {
			form.reset();
			onFiled(r);
		});
	};
	const detailField = ([k, multi]) => {
		const name = 'd_' + k;
		const label = t('cv.sr.d.' + k);
		if (k === 'contact_nationality')
			return html`<${CountryField} form=${form} name=${name} label=${label} key=${name} />`;
		return multi ? html`<${TextArea} form=${form} name=${name} label=${label} rows="3" key=${name} />` :
			html`<${Field} form=${form} name=${name} label=${label} autocomplete="off" key=${name} />`;
	};
	return html`<form onSubmit=${onSubmit} novalidate class="narrow self-report">
		<${RadioGroup} form=${form} name="type" legend=${t('cv.sr.type')} hint=${t('cv.sr.business_days')}
			options=${duties.map((d) => [d.type, html`${tCode('cv.duty', d.type)} <span class="muted duty-due">— ${dueText(d)}</span>`])} />
		${v.type ? html`
		${duty && duty.pre_approval ? html`<${Checkbox} form=${form} name="pre_approval" label=${t('cv.sr.pre_approval')}
			hint=${t('cv.sr.pre_approval_hint')} />` : null}
		<${Field} form=${form} name="date" type="date" required label=${t(travel ? 'cv.sr.date_travel' : 'cv.sr.date')} />
		${travel && !v.pre_approval ? html`<${Field} form=${form} name="returned" type="date" label=${t('cv.sr.returned')}
			hint=${t('cv.sr.returned_hint')} />
			<${Checkbox} form=${form} name="deviation" label=${t('cv.sr.deviation')} hint=${t('cv.sr.deviation_hint')} />` : null}
		<fieldset class="field sr-details">
			<legend>${t('cv.sr.details_h')}</legend>
			<p class="hint">${t('cv.sr.details_note')}</p>
			${detailsOf(v.type).map(detailField)}
		</fieldset>` : null}
		<${FormStatus} form=${form} />
		<button type="submit" disabled=${form.busy}>${t('cv.sr.submit')}</button>
	</form>`;
}

/* The person's own reports: an audited read of their sealed data. */
function MyReports({ list }) {
	const rows = list.slice().sort((a, b) => String(b.filed).localeCompare(String(a.filed)));
	const caption = t('cv.sr.mine_h');
	if (!rows.length)
		return html`<p class="cv-empty">${t('cv.sr.none')}</p>`;
	return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table class="cv-self-reports">
		<caption class="sr-only">${caption}</caption>
		<thead><tr>
			<th scope="col">${t('cv.sr.type')}</th><th scope="col">${t('cv.sr.date')}</th>
			<th scope="col">${t('cv.sr.returned')}</th><th scope="col">${t('cv.sr.filed')}</th>
			<th scope="col">${t('cv.sr.due')}</th><th scope="col">${t('cv.sr.timeliness')}</th>
			<th scope="col">${t('cv.sr.sent')}</th>
		</tr></thead>
		<tbody>${rows.map((r) => html`<tr key=${r.id} data-report=${r.id} data-type=${r.type}>
			<td>${tCode('cv.duty', r.type)}
				${r.pre_approval ? html`<br /><span class="muted">${t('cv.sr.approval')}</span>` : null}
				${r.deviation ? html`<br /><span class="muted">${t('cv.sr.deviated')}</span>` : null}</td>
			<td><${Time} value=${r.date} /></td>
			<td><${Time} value=${r.returned} /></td>
			<td><${Time} value=${r.filed} /></td>
			<td><${Time} value=${r.due} /></td>
			<td class="sr-late"><${LateTag} late=${r.late} /></td>
			<td class="sr-sent" data-sent=${r.alert ? 'true' : 'false'}>${r.alert ? t('cv.yes') : t('cv.no')}</td>
		</tr>`)}</tbody>
	</table></div>`;
}

export function SelfReports() {
	const duties = useLoad(() => api('GET', '/self-reports/duties'), []);
	const mine = useLoad(() => api('GET', '/me/self-reports'), []);
	const [filed, setFiled] = useState(null);
	useEffect(() => {
		document.title = t('cv.sr.title') + ' — SCS';
	}, []);
	const onFiled = (r) => {
		setFiled(r);
		mine.reload();
	};
	return html`<h1>${t('cv.sr.title')}</h1>
		<p>${t('cv.sr.intro')}</p>
		<section class="casefile" aria-labelledby="sr-new-h">
			<h2 id="sr-new-h">${t('cv.sr.new_h')}</h2>
			${filed ? html`<${Filed} r=${filed} />` : null}
			<${Loading} on=${duties.loading && !duties.data} />
			<${LoadError} error=${duties.error} reload=${duties.reload} />
			${duties.data ? html`<${FileReport} duties=${duties.data.duties || []} onFiled=${onFiled} />` : null}
		</section>
		<section class="casefile" aria-labelledby="sr-mine-h">
			<h2 id="sr-mine-h">${t('cv.sr.mine_h')}</h2>
			<p class="hint">${t('cv.sr.mine_note')}</p>
			<${Loading} on=${mine.loading && !mine.data} />
			<${LoadError} error=${mine.error} reload=${mine.reload} />
			${mine.data ? html`<${MyReports} list=${mine.data.self_reports || []} />` : null}
		</section>`;
}
