// SPDX-License-Identifier: Apache-2.0
// pages/subject-case.js - the subject's own case, as its state calls for
// (registered as the subject's area of pages/case.js): the consent notice
// in force with agree or refuse (POST /v1/cases/{id}/consent); the
// questionnaire as a guided form built from the authority's schema, one
// step per section, saved as the subject goes (PUT
// /v1/cases/{id}/answers/{section}), resumed where it stopped, reviewed,
// certified and submitted; while it is examined, the phase, the phases
// done and the expected decision date; the result with its reasons and a
// complaint after a denial; and withdrawing before a decision.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { fmtNum, getLang, t, tCode } from '../i18n.js';
import { caseArea } from './case.js';
import { localMessage } from '../srvmsg.js';
import { AnswerList, complete, CountryList, domId, fromApi, lbl, QFields, setIn, toApi } from '../subject-fields.js';
import { LoadError, Loading, Time, useLoad } from '../widgets.js';

const OPEN = ['awaiting_consent', 'questionnaire', 'submitted', 'investigating', 'adjudicating'];
const PHASES = ['consent', 'questionnaire', 'initiation', 'investigation', 'adjudication'];
const AUTOSAVE_MS = 1500;

const caseUrl = (c, tail) => '/cases/' + encodeURIComponent(c.id) + (tail || '');

/* ---- consent ---- */

function Consent({ c, reload }) {
	const q = useLoad(() => api('GET', '/consent/' + encodeURIComponent(c.authority)), [c.authority]);
	const form = useForm({ signature: '' }, { id: 'consent', fallbackField: 'signature' });
	const [confirm, setConfirm] = useState(false);
	const n = q.data && q.data.notice;
	const text = n ? n[getLang()] || n.en : null;
	const send = (agree) => form.submit((v) => api('POST', caseUrl(c, '/consent'),
		agree ? { agree: true, signature: v.signature.trim(), version: n.version } : { agree: false, version: n.version }), reload);
	const onAgree = (e) => {
		e.preventDefault();
		if (!form.values.signature.trim()) {
			form.setErrors({ signature: t('subj.consent.sign_needed') });
			document.getElementById('consent-signature').focus();
			return;
		}
		send(true);
	};
	return html`<section aria-labelledby="subj-consent-h" class="subj-section">
		<h2 id="subj-consent-h">${t('subj.consent.title')}</h2>
		<p>${t('subj.consent.intro')}</p>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		${text ? html`<article class="subj-notice" aria-labelledby="subj-notice-h">
			<h3 id="subj-notice-h">${text.title}</h3>
			${['what', 'why', 'who', 'retention', 'refusal', 'complaint'].map((k) => html`<h4>${t('subj.consent.' + k)}</h4><p>${text[k]}</p>`)}
			<p class="muted">${t('subj.consent.version', { v: n.version })}</p>
		</article>
		<form onSubmit=${onAgree} novalidate class="subj-consent-form">
			<${Field} form=${form} name="signature" label=${t('subj.consent.signature')} hint=${t('subj.consent.signature_hint')}
				autocomplete="off" required />
			<${FormStatus} form=${form} />
			<div class="subj-actions">
				<button type="submit" disabled=${form.busy}>${t('subj.consent.agree')}</button>
				<button type="button" class="secondary" disabled=${form.busy} onClick=${() => setConfirm(true)}>${t('subj.consent.refuse')}</button>
			</div>
		</form>
		${confirm ? html`<${Confirm} text=${t('subj.consent.refuse_confirm')} yes=${t('subj.consent.refuse_yes')}
			busy=${form.busy} onYes=${() => send(false)} onNo=${() => setConfirm(false)} />` : null}` : null}
	</section>`;
}

/** An inline confirmation: a question, a button to go ahead, one to go back. */
function Confirm({ text, yes, onYes, onNo, busy }) {
	const ref = useRef(null);
	useEffect(() => {
		if (ref.current)
			ref.current.focus();
	}, []);
	return html`<div class="notice notice-warn subj-confirm" role="alertdialog" aria-labelledby="subj-confirm-q">
		<p id="subj-confirm-q">${text}</p>
		<button type="button" ref=${ref} disabled=${busy} onClick=${onYes}>${yes}</button>
		<button type="button" class="secondary" disabled=${busy} onClick=${onNo}>${t('subj.cancel')}</button>
	</div>`;
}

/* ---- the questionnaire ---- */

function hhmm(d) {
	return new Intl.DateTimeFormat(getLang() === 'ja' ? 'ja-JP' : 'en', { hour: 'numeric', minute: '2-digit' }).format(d);
}

function Questionnaire({ c, reload }) {
	const q = useLoad(async () => {
		const [schema, saved, note] = await Promise.all([
			api('GET', '/questionnaires/' + encodeURIComponent(c.authority)),
			api('GET', caseUrl(c, '/answers')),
			c.returned && c.returned.length ? api('GET', caseUrl(c, '/note')) : Promise.resolve(null),
		]);
		return { schema, saved: saved.answers || {}, note: note && note.note };
	}, [c.id]);
	return html`<section aria-labelledby="subj-q-h" class="subj-section">
		<h2 id="subj-q-h">${t('subj.q.title')}</h2>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		${q.data ? html`<${QForm} c=${c} schema=${q.data.schema} saved=${q.data.saved} note=${q.data.note} reload=${reload} />` : null}
	</section>`;
}

function QForm({ c, schema, saved: saved0, note, reload }) {
	const returned = c.returned && c.returned.length ? c.returned : null;
	const sections = returned ? schema.sections.filter((s) => returned.includes(s.id)) : schema.sections;
	const n = sections.length;
	const init = () => {
		const m = {};
		for (const s of schema.sections)
			m[s.id] = fromApi(s.fields, saved0[s.id] || {});
		return m;
	};
	const [model, setModel] = useState(init);
	const modelRef = useRef(model);
	const [saved, setSaved] = useState(saved0);
	const [step, setStep] = useState(() => {
		/* A correction starts at the first section returned; a questionnaire
		 * under way at the first section not yet complete. */
		if (returned)
			return 0;
		const i = sections.findIndex((s) => !complete(s.fields, saved0[s.id]));
		return i < 0 ? n : i;
	});
	const [errs, setErrs] = useState({ section: null, map: {} });
	const [status, setStatus] = useState(null); /* {kind: saving|saved|failed|invalid, at} */
	const dirty = useRef(new Set());
	const timer = useRef(null);
	const chain = useRef(Promise.resolve(true));
	const focusErr = useRef(false);
	const top = useRef(null);

	const sec = step < n ? sections[step] : null;

	/* Put the focus on the control the server named, or the nearest group that holds it. */
	useEffect(() => {
		if (!focusErr.current || !errs.section)
			return;
		focusErr.current = false;
		const keys = Object.keys(errs.map);
		if (!keys.length)
			return;
		let p = keys[0];
		for (;;) {
			const el = document.getElementById(domId(errs.section, p)) || document.getElementById(domId(errs.section, p) + '-from');
			if (el) {
				const target = el.tagName === 'FIELDSET' ? el.querySelector('input, select, textarea, button') || el : el;
				target.focus();
				return;
			}
			const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
			if (cut <= 0)
				return;
			p = p.slice(0, cut);
		}
	}, [errs, step]);

	const doSave = async (sid) => {
		const s = schema.sections.find((x) => x.id === sid);
		const body = toApi(s.fields, modelRef.current[sid]);
		dirty.current.delete(sid);
		setStatus({ kind: 'saving' });
		try {
			await api('PUT', caseUrl(c, '/answers/' + encodeURIComponent(sid)), body);
			setSaved((old) => ({ ...old, [sid]: body }));
			setErrs((e) => (e.section === sid ? { section: null, map: {} } : e));
			setStatus({ kind: 'saved', at: new Date() });
			return true;
		} catch (err) {
			dirty.current.add(sid);
			if (err.transient || !err.kind) {
				setStatus({ kind: 'failed', sid, server: err.kind === 'server' });
			} else {
				showError(err);
				setStatus({ kind: 'invalid' });
			}
			return false;
		}
	};
	const save = (sid) => {
		clearTimeout(timer.current);
		chain.current = chain.current.then(() => doSave(sid), () => doSave(sid));
		return chain.current;
	};

	/* A refusal of the server: beside the control its path names ("SECTION.PATH"). */
	function showError(err) {
		const f = err.field || '';
		const dot = f.indexOf('.');
		const sid = dot < 0 ? f : f.slice(0, dot);
		const path = dot < 0 ? '' : f.slice(dot + 1);
		const msg = localMessage(err.message) || t('error.code.' + err.code);
		const i = sections.findIndex((s) => s.id === sid);
		if (i >= 0 && i !== step)
			setStep(i);
		focusErr.current = true;
		setErrs({ section: i >= 0 ? sid : null, map: { [path]: msg }, text: msg, field: f });
	}

	/* Leaving the page: what is not saved yet is sent now, and a reload or
	 * closing the tab with answers not saved asks first. */
	useEffect(() => {
		const warn = (e) => {
			if (dirty.current.size > 0) {
				e.preventDefault();
				e.returnValue = '';
			}
		};
		window.addEventListener('beforeunload', warn);
		return () => {
			window.removeEventListener('beforeunload', warn);
			clearTimeout(timer.current);
			for (const sid of dirty.current) {
				const s = schema.sections.find((x) => x.id === sid);
				api('PUT', caseUrl(c, '/answers/' + encodeURIComponent(sid)), toApi(s.fields, modelRef.current[sid])).catch(() => {});
			}
		};
	}, []);

	const set = (path, v) => {
		const sid = sec.id;
		const next = { ...modelRef.current, [sid]: setIn(modelRef.current[sid], path, v) };
		modelRef.current = next;
		setModel(next);
		dirty.current.add(sid);
		clearTimeout(timer.current);
		timer.current = setTimeout(() => save(sid), AUTOSAVE_MS);
	};

	const go = async (to) => {
		if (sec && !(await save(sec.id)))
			return;
		setErrs({ section: null, map: {} });
		setStep(to);
		if (top.current)
			top.current.focus();
	};

	const stepTitle = sec ? lbl(sec.label) : t('subj.q.review');
	const ctx = { section: sec ? sec.id : '', errs: sec && errs.section === sec.id ? errs.map : {}, set, disabled: false };

	return html`<div class="subj-q">
		${returned ? html`<div class="notice notice-warn" role="note"><p><strong>${t('subj.q.returned')}</strong></p>
			${note ? html`<p class="subj-note">${note}</p>` : null}
			<p>${t('subj.q.returned_only', { list: sections.map((s) => lbl(s.label)).join(t('subj.list_sep')) })}</p></div>` : null}
		<p class="muted">${lbl(schema.title)}</p>
		<div class="subj-progress">
			<label for="subj-progress">${t('subj.q.step', { k: step + 1, n: n + 1 })}</label>
			<progress id="subj-progress" max=${n + 1} value=${step + 1}>${t('subj.q.step', { k: step + 1, n: n + 1 })}</progress>
		</div>
		<p class="subj-save" role="status" aria-live="polite">${status ? status.kind === 'saving' ? t('subj.q.saving') :
		status.kind === 'saved' ? t('subj.q.saved_at', { time: hhmm(status.at) }) :
			status.kind === 'failed' ? html`${t(status.server ? 'subj.q.not_saved_server' : 'subj.q.not_saved')} <button type="button" class="secondary small"
				onClick=${() => save(status.sid)}>${t('subj.q.retry')}</button>` :
				t('subj.q.invalid') : null}</p>
		<h3 tabindex="-1" ref=${top} class="subj-step-h">${stepTitle}</h3>
		${errs.text ? html`<div class="notice notice-error subj-err-summary"><p>${t('subj.q.problem')} ${errs.text}</p></div>` : null}
		${sec ? html`<form novalidate onSubmit=${(e) => {
			e.preventDefault();
			go(step + 1);
		}}>
			${sec.help ? html`<p class="hint">${lbl(sec.help)}</p>` : null}
			<p class="hint">${t('subj.q.required_note')}</p>
			<${CountryList} />
			<${QFields} fields=${sec.fields} m=${model[sec.id]} path=${[]} ctx=${ctx} />
			<div class="subj-actions">
				${step > 0 ? html`<button type="button" class="secondary" onClick=${() => go(step - 1)}>${t('subj.q.back')}</button>` : null}
				<button type="submit">${step === n - 1 ? t('subj.q.to_review') : t('subj.q.next')}</button>
			</div>
		</form>` : html`<${Review} c=${c} schema=${schema} saved=${saved} sections=${sections}
			onEdit=${(i) => go(i)} onBack=${() => go(n - 1)} showError=${showError} reload=${reload} />`}
	</div>`;
}

function Review({ c, schema, saved, sections, onEdit, onBack, showError, reload }) {
	const form = useForm({ certify: false, signature: '' }, { id: 'certify', fallbackField: 'signature' });
	const editable = new Set(sections.map((s) => s.id));
	const onSubmit = async (e) => {
		e.preventDefault();
		if (!form.values.certify) {
			form.setErrors({ certify: t('subj.q.certify_needed') });
			document.getElementById('certify-certify').focus();
			return;
		}
		if (!form.values.signature.trim()) {
			form.setErrors({ signature: t('subj.consent.sign_needed') });
			document.getElementById('certify-signature').focus();
			return;
		}
		form.setErrors({});
		form.setStatus(null);
		try {
			await api('POST', caseUrl(c, '/submit'), { certify: true, signature: form.values.signature.trim() });
			reload();
		} catch (err) {
			if (err.kind === 'field' && /^[a-z]/.test(err.field) && !['certify', 'signature'].includes(err.field)) {
				showError(err);
				return;
			}
			await form.submit(() => Promise.reject(err));
		}
	};
	return html`<div class="subj-review">
		<p>${t('subj.q.review_intro')}</p>
		${schema.sections.map((s) => html`<section class="subj-review-sec" aria-labelledby=${'rev-' + s.id}>
			<h4 id=${'rev-' + s.id}>${lbl(s.label)}
				${complete(s.fields, saved[s.id]) ? null : html` <span class="tag subj-incomplete">${t('subj.q.incomplete')}</span>`}</h4>
			<${AnswerList} fields=${s.fields} a=${saved[s.id] || {}} />
			${editable.has(s.id) ? html`<p><button type="button" class="linklike" onClick=${() => onEdit(sections.findIndex((x) => x.id === s.id))}
				aria-label=${t('subj.q.edit_section', { s: lbl(s.label) })}>${t('subj.q.edit')}</button></p>` : null}
		</section>`)}
		<form novalidate onSubmit=${onSubmit} class="subj-certify">
			<h4>${t('subj.q.certify_title')}</h4>
			<div class=${'field subj-check' + (form.errors.certify ? ' field-invalid' : '')}>
				<label for="certify-certify"><input type="checkbox" id="certify-certify" checked=${form.values.certify}
					aria-invalid=${form.errors.certify ? 'true' : undefined}
					aria-describedby=${form.errors.certify ? 'certify-certify-err' : undefined}
					onChange=${form.set('certify')} /> ${t('subj.q.certify_text')}</label>
				${form.errors.certify ? html`<p class="field-error" id="certify-certify-err" role="alert">${form.errors.certify}</p>` : null}
			</div>
			<${Field} form=${form} name="signature" label=${t('subj.consent.signature')} hint=${t('subj.consent.signature_hint')}
				autocomplete="off" required />
			<${FormStatus} form=${form} />
			<div class="subj-actions">
				<button type="button" class="secondary" onClick=${onBack}>${t('subj.q.back')}</button>
				<button type="submit" disabled=${form.busy}>${t('subj.q.submit')}</button>
			</div>
		</form>
	</div>`;
}

/* ---- while the case is examined ---- */

function days(s) {
	return fmtNum(s / 86400, 1);
}

function Timeline({ c }) {
	const cur = c.phase;
	const curIdx = PHASES.indexOf(cur);
	const done = (p, i) => (curIdx >= 0 ? i < curIdx : (c[p + '_s'] || 0) > 0);
	return html`<section aria-labelledby="subj-tl-h" class="subj-section">
		<h3 id="subj-tl-h">${t('subj.timeline.title')}</h3>
		<ol class="subj-timeline">${PHASES.map((p, i) => {
			const st = p === cur ? 'current' : done(p, i) ? 'done' : 'ahead';
			return html`<li class=${'subj-tl-' + st} aria-current=${st === 'current' ? 'step' : undefined}>
				<span class="subj-tl-name">${t('subj.phase.' + p)}</span>
				<span class="subj-tl-state">${t('subj.timeline.' + st)}${st === 'done' && c[p + '_s'] !== undefined ?
		' · ' + t('subj.timeline.days', { d: days(c[p + '_s']) }) : ''}</span>
			</li>`;
		})}</ol>
	</section>`;
}

/** The day of an instant in the user's zone, the instant kept in datetime. */
function Day({ value }) {
	const d = new Date(value);
	if (isNaN(d))
		return html`<span>${value}</span>`;
	return html`<time datetime=${value} title=${value}>${new Intl.DateTimeFormat(getLang() === 'ja' ? 'ja-JP' : 'en',
		{ dateStyle: 'long' }).format(d)}</time>`;
}

function InProgress({ c }) {
	return html`<section aria-labelledby="subj-prog-h" class="subj-section">
		<h2 id="subj-prog-h">${t('subj.progress.title')}</h2>
		<dl class="facts">
			<dt>${t('subj.progress.phase')}</dt><dd class="subj-phase">${c.phase ? t('subj.phase_text.' + c.phase) : tCode('state', c.state)}</dd>
			<dt>${t('subj.progress.expected')}</dt><dd class="subj-expected">${c.expected ?
		html`<${Day} value=${c.expected} />` : t('subj.progress.no_estimate')}</dd>
			${c.expected_decision ? html`<dt>${t('subj.progress.typical')}</dt>
				<dd class="subj-typical"><${Day} value=${c.expected_decision_range ? c.expected_decision_range.mid :
					c.expected_decision} /></dd>` : null}
			${c.expected_decision_range ? html`<dt>${t('subj.progress.range')}</dt>
				<dd class="subj-range"><${Day} value=${c.expected_decision_range.from} /> – <${Day} value=${c.expected_decision_range.to} />
				<span class="hint"> ${t('subj.progress.range_hint')}</span></dd>` : null}
		</dl>
		<p class="hint">${t('subj.progress.expected_hint')}</p>
	</section>
	<${Timeline} c=${c} />`;
}

/* ---- the result ---- */

function Result({ c, reload }) {
	const q = useLoad(async () => {
		const [d, schema] = await Promise.all([api('GET', caseUrl(c, '/decision')),
			api('GET', '/questionnaires/' + encodeURIComponent(c.authority)).catch(() => null)]);
		return { d, schema };
	}, [c.id, c.state]);
	const items = {};
	if (q.data && q.data.schema)
		for (const it of q.data.schema.items || [])
			items[it.code] = lbl(it.label);
	const d = q.data && q.data.d.decision;
	const cp = q.data && q.data.d.complaint;
	const open = c.state === 'denied' && c.complaint_until && new Date(c.complaint_until) > new Date() && !cp;
	return html`<section aria-labelledby="subj-res-h" class="subj-section">
		<h2 id="subj-res-h">${t('subj.result.title')}</h2>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		${d ? html`<p class=${'subj-outcome subj-outcome-' + d.outcome}><strong>${t('subj.result.outcome.' + d.outcome)}</strong></p>
			${c.decided ? html`<p>${t('subj.result.decided')} <${Time} value=${c.decided} /></p>` : null}
			${d.rule ? html`<p>${t('subj.result.e_adjudicated')}</p>` : null}
			${d.conditions ? html`<p><strong>${t('subj.result.conditions')}</strong> ${d.conditions}</p>` : null}
			${d.assessments && d.assessments.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="subj-res-cap"><table class="subj-reasons">
				<caption id="subj-res-cap">${t('subj.result.reasons')}</caption>
				<thead><tr><th scope="col">${t('subj.result.item')}</th><th scope="col">${t('subj.result.assessment')}</th>
					<th scope="col">${t('subj.result.reason')}</th></tr></thead>
				<tbody>${d.assessments.map((a) => html`<tr>
					<th scope="row">${items[a.item] || a.item}</th>
					<td>${t('subj.assessment.' + a.assessment)}</td>
					<td class="wrap">${a.reason || '—'}</td></tr>`)}</tbody>
			</table></div>` : null}
			${cp ? html`<${ComplaintState} c=${c} cp=${cp} />` : null}
			${open ? html`<${Complaint} c=${c} reload=${() => {
				reload();
				q.reload();
			}} />` : null}
			${c.state === 'denied' && !open && !cp ? html`<p>${t('subj.complaint.closed')}</p>` : null}` : null}
	</section>`;
}

function ComplaintState({ c, cp }) {
	const r = cp.review;
	return html`<section aria-labelledby="subj-cp-h" class="subj-complaint">
		<h3 id="subj-cp-h">${t('subj.complaint.yours')}</h3>
		<p class="subj-note">${cp.text}</p>
		<p class="subj-cp-state"><strong>${r ? (r.upheld ? t('subj.complaint.upheld') : t('subj.complaint.rejected')) :
		t('subj.complaint.pending')}</strong></p>
		${r ? html`<p>${r.note}</p><p class="muted"><${Time} value=${r.at} /></p>` : null}
	</section>`;
}

function Complaint({ c, reload }) {
	const form = useForm({ text: '' }, { id: 'complaint', fallbackField: 'text' });
	const err = form.errors.text;
	const onSubmit = (e) => {
		e.preventDefault();
		if (!form.values.text.trim()) {
			form.setErrors({ text: t('subj.complaint.empty') });
			document.getElementById('complaint-text').focus();
			return;
		}
		form.submit((v) => api('POST', caseUrl(c, '/complaint'), { text: v.text }), reload);
	};
	return html`<form novalidate onSubmit=${onSubmit} class="subj-complaint" aria-labelledby="subj-cpf-h">
		<h3 id="subj-cpf-h">${t('subj.complaint.title')}</h3>
		<p>${t('subj.complaint.intro')} <${Time} value=${c.complaint_until} /></p>
		<div class=${'field' + (err ? ' field-invalid' : '')}>
			<label for="complaint-text">${t('subj.complaint.text')}<span class="req" aria-hidden="true"> *</span></label>
			<textarea id="complaint-text" rows="6" required value=${form.values.text} onInput=${form.set('text')}
				aria-invalid=${err ? 'true' : undefined} aria-describedby=${err ? 'complaint-text-err' : undefined}></textarea>
			${err ? html`<p class="field-error" id="complaint-text-err" role="alert">${err}</p>` : null}
		</div>
		<${FormStatus} form=${form} />
		<button type="submit" disabled=${form.busy}>${t('subj.complaint.send')}</button>
	</form>`;
}

/* ---- withdrawing ---- */

function Withdraw({ c, reload }) {
	const form = useForm({}, { id: 'withdraw' });
	const [confirm, setConfirm] = useState(false);
	return html`<section aria-labelledby="subj-wd-h" class="subj-section subj-withdraw">
		<h2 id="subj-wd-h">${t('subj.withdraw.title')}</h2>
		<p>${t('subj.withdraw.intro')}</p>
		${confirm ? html`<${Confirm} text=${t('subj.withdraw.confirm')} yes=${t('subj.withdraw.yes')} busy=${form.busy}
			onYes=${() => form.submit(() => api('POST', caseUrl(c, '/withdraw'), {}), reload)} onNo=${() => setConfirm(false)} />` :
		html`<button type="button" class="secondary" onClick=${() => setConfirm(true)}>${t('subj.withdraw.button')}</button>`}
		<${FormStatus} form=${form} />
	</section>`;
}

/* The notices sent to the subject about this case (GET /v1/notifications: codes only). */
function Notices({ c }) {
	const q = useLoad(() => api('GET', '/notifications'), [c.id, c.state]);
	const list = q.data ? (q.data.notifications || []).filter((n) => n.case_id === c.id) : [];
	if (!q.data || list.length === 0)
		return null;
	return html`<section aria-labelledby="subj-notif-h" class="subj-section subj-notices">
		<h2 id="subj-notif-h">${t('subj.notif.title')}</h2>
		<ul class="plain">${list.map((n) => html`<li key=${n.seq || n.at}><${Time} value=${n.at} /> — ${tCode('subj.notif', n.what)}</li>`)}</ul>
	</section>`;
}

export function SubjectCase({ c, reload }) {
	const s = c.state;
	let body;
	if (s === 'awaiting_consent')
		body = html`<${Consent} c=${c} reload=${reload} />`;
	else if (s === 'questionnaire')
		body = html`<${Questionnaire} c=${c} reload=${reload} />`;
	else if (s === 'submitted' || s === 'investigating' || s === 'adjudicating')
		body = html`<${InProgress} c=${c} />`;
	else if (s === 'refused' || s === 'withdrawn')
		body = html`<section class="subj-section" aria-labelledby="subj-end-h"><h2 id="subj-end-h">${t('subj.ended.' + s)}</h2>
			<p>${t('subj.ended.' + s + '_text')}</p></section>`;
	else
		body = html`<${Result} c=${c} reload=${reload} />`;
	return html`<div class="subj-case">${body}
		${OPEN.includes(s) ? html`<${Withdraw} c=${c} reload=${reload} />` : null}
		<${Notices} c=${c} />
	</div>`;
}

caseArea('subject', SubjectCase);

/** The subject's right of access: everything held on them, as a JSON file. */
export function MyData({ user }) {
	return html`<section aria-labelledby="subj-data-h" class="subj-section">
		<h2 id="subj-data-h">${t('subj.data.title')}</h2>
		<p>${t('subj.data.intro')}</p>
		<p><a class="subj-download" href="/v1/me/export" download=${'scs-my-data-' + (user.person || user.username) + '.json'}
			type="application/json">${t('subj.data.download')}</a></p>
	</section>`;
}

