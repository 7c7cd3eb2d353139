// SPDX-License-Identifier: Apache-2.0
// pages/case-file.js - the case file, as the sections of a case's page
// (pages/case.js) for the roles that work on it:
//
//   investigator  the transitions, the answers (an audited read, behind an
//                 explicit action), record checks, findings (list, add),
//                 return sections to the subject, close the investigation
//   adjudicator   assign a screening body, the file item by item (answers
//                 and findings side by side), decide with reasons, the
//                 complaint and its review, return sections
//   admin         assign a screening body (the sponsor's view: no file)
//   security_officer  the outcome only (the summary), and withdrawal
//
// Every action is shown only when the case's `allowed` events and the
// role permit it; the server decides anyway.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { CheckGroup, Confirm, RadioGroup, TextArea } from '../casefile-fields.js';
import { Field, FormStatus, useForm } from '../form.js';
import { fmtNum, getLang, t, tCode } from '../i18n.js';
import { Countries } from '../names.js';
import { LoadError, Loading, Time, useLoad } from '../widgets.js';
import { caseArea } from './case.js';

/* What each role may do of a case's `allowed` events (docs/roles.md). */
const MAY = {
	investigator: ['return', 'close'],
	adjudicator: ['assign', 'return', 'grant', 'interim', 'deny', 'uphold', 'reject'],
	admin: ['assign'],
};
const SOURCES = ['self_report', 'record_check', 'interview', 'reference'];
const SEVERITIES = ['none', 'minor', 'moderate', 'serious'];
const ASSESSMENTS = ['favorable', 'mitigated', 'unfavorable'];
/* Clearance validity in years, data/authorities.csv (the server applies it). */
const VALIDITY = { 'JPN-SDS': 5, 'JPN-CESI': 10, 'JPN-MOD': 5 };

const may = (user, c, ev) => (MAY[user.role] || []).includes(ev) && (c.allowed || []).includes(ev);
const enc = encodeURIComponent;
const casePath = (c, tail) => '/cases/' + enc(c.id) + (tail || '');

/** A label of the questionnaire schema ({ja, en}) in the UI's language. */
export function lbl(o) {
	if (!o)
		return '';
	if (typeof o === 'string')
		return o;
	return o[getLang()] || o.en || o.ja || '';
}

/* The questionnaire of an authority, loaded once per page. */
const schemas = {};
function loadSchema(authority) {
	if (!schemas[authority])
		schemas[authority] = api('GET', '/questionnaires/' + enc(authority)).catch((e) => {
			delete schemas[authority];
			throw e;
		});
	return schemas[authority];
}

function itemLabel(schema, code) {
	const it = schema && (schema.items || []).find((i) => i.code === code);
	return it ? lbl(it.label) : code;
}

/* ---- answers, rendered from the schema ---- */

function Value({ f, v }) {
	if (v === null || v === undefined || v === '')
		return html`<span class="muted">—</span>`;
	switch (f && f.type) {
	case 'yesno':
		return html`<span>${v.answer === true ? html`<strong class="yes">${t('file.yes')}</strong>` : t('file.no')}</span>
			${v.details && f.details ? html`<${Fields} fields=${f.details} obj=${v.details} />` : null}`;
	case 'repeat':
		if (!Array.isArray(v) || v.length === 0)
			return html`<span class="muted">${t('file.none')}</span>`;
		return html`<ol class="entries">${v.map((e) => html`<li><${Fields} fields=${f.fields || []} obj=${e} /></li>`)}</ol>`;
	case 'date_range':
		return html`<span><${Time} value=${v.from} /> – ${v.to ? html`<${Time} value=${v.to} />` : t('file.present')}</span>`;
	case 'date':
		return html`<${Time} value=${v} />`;
	case 'country':
		return html`<${Countries} codes=${Array.isArray(v) ? v : [v]} />`;
	default:
		break;
	}
	if (f && Array.isArray(f.options) && typeof v === 'string') {
		const o = f.options.find((x) => x.code === v);
		if (o)
			return html`<span>${lbl(o.label)}</span>`;
	}
	if (typeof v === 'boolean')
		return html`<span>${v ? t('file.yes') : t('file.no')}</span>`;
	if (typeof v === 'object' && v.amount !== undefined)
		return html`<span>${fmtNum(v.amount, 0)} ${v.currency || ''}</span>`;
	if (Array.isArray(v))
		return html`<span>${v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ')}</span>`;
	if (typeof v === 'object')
		return html`<${Fields} fields=${[]} obj=${v} />`;
	return html`<span class="text">${String(v)}</span>`;
}

function Fields({ fields, obj }) {
	if (!obj || typeof obj !== 'object')
		return html`<${Value} v=${obj} />`;
	const known = fields.filter((f) => f.id in obj);
	const extra = Object.keys(obj).filter((k) => !fields.some((f) => f.id === k));
	return html`<dl class="answers">
		${known.map((f) => html`<dt>${lbl(f.label)}</dt><dd><${Value} f=${f} v=${obj[f.id]} /></dd>`)}
		${extra.map((k) => html`<dt><code>${k}</code></dt><dd><${Value} v=${obj[k]} /></dd>`)}
	</dl>`;
}

function AnswerSection({ s, data, level }) {
	const H = level === 4 ? 'h4' : 'h3';
	return html`<section class="answer-section">
		<${H}>${lbl(s.label)}</${H}>
		${data === undefined ? html`<p class="muted">${t('file.answers.unsaved')}</p>` : html`<${Fields} fields=${s.fields || []} obj=${data} />`}
	</section>`;
}

/* ---- the transitions ---- */

function History({ c }) {
	const q = useLoad(() => api('GET', casePath(c, '/history')), [c.id, c.state, c.since]);
	const list = q.data ? q.data.history || [] : [];
	return html`<section class="casefile" aria-labelledby="hist-h">
		<h2 id="hist-h">${t('file.history')}</h2>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		${q.data ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="hist-h"><table>
			<caption class="sr-only">${t('file.history')}</caption>
			<thead><tr><th scope="col">#</th><th scope="col">${t('file.at')}</th><th scope="col">${t('file.actor')}</th>
				<th scope="col">${t('file.event')}</th><th scope="col">${t('file.from_to')}</th></tr></thead>
			<tbody>${list.map((e) => html`<tr key=${e.seq}><td>${e.seq}</td><td><${Time} value=${e.at} /></td>
				<td><code>${e.actor}</code></td><td>${tCode('file.ev', e.event)}</td>
				<td>${e.from_state ? tCode('state', e.from_state) + ' → ' : ''}${tCode('state', e.state)}</td></tr>`)}</tbody>
		</table></div>` : null}
	</section>`;
}

/* ---- an audited read behind an explicit action ---- */

function Gate({ id, title, text, action, busy, onOpen, error, children, open }) {
	return html`<section class="casefile" aria-labelledby=${id}>
		<h2 id=${id}>${title}</h2>
		${open ? children : html`<p class="recorded">${text}</p>
			<button type="button" class="secondary open-read" disabled=${busy} onClick=${onOpen}>${action}</button>`}
		<${LoadError} error=${error} reload=${open ? null : onOpen} />
	</section>`;
}

function useRead(fn) {
	const [st, setSt] = useState({ data: null, error: null, busy: false });
	const open = async () => {
		setSt((s) => ({ ...s, busy: true, error: null }));
		try {
			const data = await fn();
			setSt({ data, error: null, busy: false });
		} catch (error) {
			setSt((s) => ({ ...s, error, busy: false }));
		}
	};
	return { ...st, open, set: (data) => setSt((s) => ({ ...s, data })) };
}

function Answers({ c }) {
	const r = useRead(async () => {
		const [schema, a] = await Promise.all([loadSchema(c.authority), api('GET', casePath(c, '/answers'))]);
		return { schema, answers: a.answers || {} };
	});
	return html`<${Gate} id="ans-h" title=${t('file.answers')} text=${t('file.answers.recorded')} action=${t('file.answers.open')}
		busy=${r.busy} onOpen=${r.open} error=${r.error} open=${!!r.data}>
		${r.data ? html`<div class="answers-all">${r.data.schema.sections.map((s) => html`<${AnswerSection} key=${s.id} s=${s}
			data=${r.data.answers[s.id]} />`)}</div>` : null}
	</${Gate}>`;
}

/* ---- findings ---- */

function FindingRow({ f, schema, showItem }) {
	return html`<tr key=${f.seq}>
		<td>${f.seq}</td>
		${showItem ? html`<td>${itemLabel(schema, f.item)}</td>` : null}
		<td>${tCode('file.source', f.source)}</td><td><${Time} value=${f.date} /></td>
		<td><span class=${'sev sev-' + f.severity}>${tCode('file.sev', f.severity)}</span></td>
		<td class="text">${f.narrative || '—'}</td><td class="text">${f.mitigation || '—'}</td>
		<td><code>${f.author}</code></td>
	</tr>`;
}

function FindingsTable({ list, schema, showItem, caption }) {
	if (!list.length)
		return html`<p>${t('file.findings.none')}</p>`;
	return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table class="findings">
		<caption class="sr-only">${caption}</caption>
		<thead><tr><th scope="col">#</th>${showItem ? html`<th scope="col">${t('file.f.item')}</th>` : null}
			<th scope="col">${t('file.f.source')}</th><th scope="col">${t('file.f.date')}</th><th scope="col">${t('file.f.severity')}</th>
			<th scope="col">${t('file.f.narrative')}</th><th scope="col">${t('file.f.mitigation')}</th><th scope="col">${t('file.f.author')}</th></tr></thead>
		<tbody>${list.map((f) => html`<${FindingRow} f=${f} schema=${schema} showItem=${showItem} />`)}</tbody>
	</table></div>`;
}

function AddFinding({ c, schema, onDone }) {
	const init = { item: '', source: 'interview', date: '', severity: 'none', narrative: '', mitigation: '' };
	const form = useForm(init, { id: 'fnd' });
	const onSubmit = async (e) => {
		e.preventDefault();
		await form.submit((v) => {
			const body = { item: v.item, source: v.source, date: v.date, severity: v.severity, narrative: v.narrative };
			if (v.mitigation.trim())
				body.mitigation = v.mitigation;
			return api('POST', casePath(c, '/findings'), body);
		}, (r) => {
			form.reset(init);
			form.setStatus({ kind: 'ok', text: t('file.findings.added') });
			onDone(r);
		});
	};
	const items = (schema ? schema.items : []).map((i) => [i.code, lbl(i.label)]);
	return html`<form onSubmit=${onSubmit} novalidate class="narrow add-finding" aria-labelledby="addf-h">
		<h3 id="addf-h">${t('file.findings.add')}</h3>
		<${Field} form=${form} name="item" label=${t('file.f.item')} required options=${[['', t('file.choose')], ...items]} />
		<${Field} form=${form} name="source" label=${t('file.f.source')} required options=${SOURCES.map((s) => [s, tCode('file.source', s)])} />
		<${Field} form=${form} name="date" label=${t('file.f.date')} type="date" required hint=${t('file.f.date_hint')} />
		<${Field} form=${form} name="severity" label=${t('file.f.severity')} required options=${SEVERITIES.map((s) => [s, tCode('file.sev', s)])} />
		<${TextArea} form=${form} name="narrative" label=${t('file.f.narrative')} required hint=${t('file.f.sealed')} />
		<${TextArea} form=${form} name="mitigation" label=${t('file.f.mitigation')} />
		<${FormStatus} form=${form} />
		<button type="submit" disabled=${form.busy}>${t('file.findings.save')}</button>
	</form>`;
}

function Findings({ c, user }) {
	const [schema, setSchema] = useState(null);
	const [checks, setChecks] = useState(null);
	const r = useRead(() => api('GET', casePath(c, '/findings')));
	useEffect(() => {
		loadSchema(c.authority).then(setSchema, () => {});
	}, [c.authority]);
	const working = user.role === 'investigator' && c.state === 'investigating';
	const runChecks = useForm({}, { id: 'chk' });
	const run = () => runChecks.submit(() => api('POST', casePath(c, '/record-checks')), (res) => {
		const before = new Set((r.data ? r.data.findings : []).map((f) => f.seq));
		const fresh = res.findings.filter((f) => f.source === 'record_check' && (r.data ? !before.has(f.seq) : true));
		setChecks(fresh);
		r.set(res);
	});
	return html`<${Gate} id="fnd-h" title=${t('file.findings')} text=${t('file.findings.recorded')} action=${t('file.findings.open')}
		busy=${r.busy} onOpen=${r.open} error=${r.error} open=${!!r.data}>
		${r.data ? html`<${FindingsTable} list=${r.data.findings} schema=${schema} showItem caption=${t('file.findings')} />` : null}
	</${Gate}>
	${working ? html`<section class="casefile" aria-labelledby="chk-h">
		<h2 id="chk-h">${t('file.checks')}</h2>
		<p>${t('file.checks.intro')}</p>
		<button type="button" class="run-checks" disabled=${runChecks.busy} onClick=${run}>${t('file.checks.run')}</button>
		<${FormStatus} form=${runChecks} />
		${checks ? html`<div class="notice notice-ok checks-result" role="status">
			<p>${t('file.checks.done', { n: checks.length })}</p>
			${checks.length ? html`<ul class="plain">${checks.map((f) => html`<li>${itemLabel(schema, f.item)}: ${tCode('file.sev', f.severity)}
				— ${f.narrative || ''}</li>`)}</ul>` : null}
		</div>` : null}
	</section>
	<section class="casefile" aria-label=${t('file.findings.add')}>
		<${AddFinding} c=${c} schema=${schema} onDone=${(res) => r.set(res)} />
	</section>` : null}`;
}

/* ---- return sections, close ---- */

/* Returning takes 'return' from the allowed events: the notice is kept by the caller. */
function ReturnSections({ c, reload, done, setDone }) {
	if (done)
		return html`<section class="casefile" aria-labelledby="ret-h"><h2 id="ret-h">${t('file.return')}</h2>
			<div class="notice notice-ok return-result" role="status"><p>${t('file.return.done')}</p></div></section>`;
	return html`<${ReturnForm} c=${c} reload=${reload} setDone=${setDone} />`;
}

function ReturnForm({ c, reload, setDone }) {
	const [schema, setSchema] = useState(null);
	const form = useForm({ sections: [], note: '' }, { id: 'ret' });
	useEffect(() => {
		loadSchema(c.authority).then(setSchema, () => {});
	}, [c.authority]);
	const onSubmit = async (e) => {
		e.preventDefault();
		await form.submit((v) => api('POST', casePath(c, '/return'), { sections: v.sections, note: v.note }), () => {
			setDone(true);
			reload();
		});
	};
	return html`<section class="casefile" aria-labelledby="ret-h">
		<h2 id="ret-h">${t('file.return')}</h2>
		<p>${t('file.return.intro')}</p>
		<form onSubmit=${onSubmit} novalidate class="narrow">
			${schema ? html`<${CheckGroup} form=${form} name="sections" legend=${t('file.return.sections')}
				options=${schema.sections.map((s) => [s.id, lbl(s.label)])} />` : html`<${Loading} on />`}
			<${TextArea} form=${form} name="note" label=${t('file.return.note')} required hint=${t('file.return.note_hint')} />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('file.return.send')}</button>
		</form>
	</section>`;
}

/* The close's answer outlives the section: the reload takes 'close' from the allowed events. */
function CloseInvestigation({ c, reload, result, setResult }) {
	const form = useForm({}, { id: 'close' });
	const [asking, setAsking] = useState(false);
	const yes = () => form.submit(() => api('POST', casePath(c, '/investigation/close')), (r) => {
		setAsking(false);
		setResult(r);
		reload();
	});
	return html`<section class="casefile" aria-labelledby="close-h">
		<h2 id="close-h">${t('file.close')}</h2>
		${result ? html`<div class="notice notice-ok close-result" role="status"><p>${result.e_adjudicated ?
			t('file.close.eadj', { rule: String(result.decided_by || '').replace(/^rule:/, '') }) : t('file.close.adjudication')}</p></div>` : html`
		<p>${t('file.close.intro')}</p>
		${asking ? html`<${Confirm} title=${t('file.close.confirm')} text=${t('file.close.confirm_text')} yes=${t('file.close.yes')}
			no=${t('file.cancel')} busy=${form.busy} onYes=${yes} onNo=${() => setAsking(false)} />` :
		html`<button type="button" class="close-inv" onClick=${() => setAsking(true)}>${t('file.close.action')}</button>`}
		<${FormStatus} form=${form} />`}
	</section>`;
}

function InvestigatorFile({ user, c, reload }) {
	const [closed, setClosed] = useState(null);
	const [returned, setReturned] = useState(false);
	if (c.state === undefined)
		return null;
	return html`${c.e_adjudicated ? html`<p class="notice notice-ok eadj-note">${t('file.eadj', { rule: String(c.decided_by || '').replace(/^rule:/, '') })}</p>` : null}
		<${History} c=${c} />
		<${Answers} c=${c} />
		<${Findings} c=${c} user=${user} />
		${returned || may(user, c, 'return') ? html`<${ReturnSections} c=${c} reload=${reload} done=${returned} setDone=${setReturned} />` : null}
		${closed || may(user, c, 'close') ? html`<${CloseInvestigation} c=${c} reload=${reload} result=${closed} setResult=${setClosed} />` : null}`;
}

/* ---- assign a screening body (adjudicator, admin) ---- */

function Assign({ c, reload }) {
	const orgs = useLoad(() => api('GET', '/organizations'), []);
	const form = useForm({ body: '' }, { id: 'asg' });
	const [done, setDone] = useState(null);
	const bodies = orgs.data ? (orgs.data.organizations || []).filter((o) => o.type === 'screening' &&
		(!o.accredited_for || o.accredited_for.includes(c.authority))) : [];
	const onSubmit = async (e) => {
		e.preventDefault();
		await form.submit((v) => api('POST', casePath(c, '/assign'), v.body ? { body: v.body } : {}), (r) => {
			const o = bodies.find((x) => x.id === r.body);
			setDone(r.body ? t('file.assign.done_to', { body: o ? o.name + ' (' + r.body + ')' : r.body }) : t('file.assign.done'));
			reload();
		});
	};
	return html`<section class="casefile" aria-labelledby="asg-h">
		<h2 id="asg-h">${t('file.assign')}</h2>
		<p>${t('file.assign.intro')}</p>
		<${LoadError} error=${orgs.error} reload=${orgs.reload} />
		<form onSubmit=${onSubmit} novalidate class="narrow">
			<${Field} form=${form} name="body" label=${t('file.assign.body')}
				options=${[['', t('file.assign.least')], ...bodies.map((o) => [o.id, o.name + ' (' + o.id + ')'])]} />
			<${FormStatus} form=${form} />
			${done ? html`<div class="notice notice-ok assign-result" role="status"><p>${done}</p></div>` : null}
			<button type="submit" disabled=${form.busy}>${t('file.assign.send')}</button>
		</form>
	</section>`;
}

/* ---- the file item by item (adjudicator) ---- */

function ItemFile({ c }) {
	const r = useRead(async () => {
		const [schema, a, f] = await Promise.all([loadSchema(c.authority), api('GET', casePath(c, '/answers')),
			api('GET', casePath(c, '/findings'))]);
		return { schema, answers: a.answers || {}, findings: f.findings || [] };
	});
	const d = r.data;
	const other = d ? d.schema.sections.filter((s) => !s.item) : [];
	return html`<${Gate} id="file-h" title=${t('file.items')} text=${t('file.items.recorded')} action=${t('file.items.open')}
		busy=${r.busy} onOpen=${r.open} error=${r.error} open=${!!d}>
		${d ? html`${d.schema.items.map((it) => {
			const secs = d.schema.sections.filter((s) => s.item === it.code);
			const fs = d.findings.filter((f) => f.item === it.code);
			const worst = fs.reduce((w, f) => Math.max(w, SEVERITIES.indexOf(f.severity)), -1);
			return html`<section class="item" key=${it.code} aria-labelledby=${'item-' + it.code}>
				<h3 id=${'item-' + it.code}>${lbl(it.label)}
					${worst >= 0 ? html` <span class=${'sev sev-' + SEVERITIES[worst]}>${t('file.items.worst', { s: tCode('file.sev', SEVERITIES[worst]) })}</span>` : null}</h3>
				<div class="side">
					<div class="side-answers"><h4 class="side-h">${t('file.items.answers')}</h4>
						${secs.length ? secs.map((s) => html`<${AnswerSection} s=${s} data=${d.answers[s.id]} level=${4} />`) :
							html`<p class="muted">${t('file.none')}</p>`}</div>
					<div class="side-findings"><h4 class="side-h">${t('file.items.findings')}</h4>
						${fs.length ? html`<ul class="plain finding-list">${fs.map((f) => html`<li class="finding">
							<p><span class=${'sev sev-' + f.severity}>${tCode('file.sev', f.severity)}</span> ${tCode('file.source', f.source)}, <${Time} value=${f.date} /></p>
							<p class="text">${f.narrative || '—'}</p>
							${f.mitigation ? html`<p class="text"><strong>${t('file.f.mitigation')}:</strong> ${f.mitigation}</p>` : null}
						</li>`)}</ul>` : html`<p class="muted">${t('file.findings.none')}</p>`}</div>
				</div>
			</section>`;
		})}
		<section class="item" aria-labelledby="item-other"><h3 id="item-other">${t('file.items.other')}</h3>
			${other.map((s) => html`<${AnswerSection} s=${s} data=${d.answers[s.id]} level=${4} />`)}</section>` : null}
	</${Gate}>`;
}

/* ---- decide (adjudicator) ---- */

/* Deciding takes the outcomes from the allowed events: the answer is kept by the caller. */
function Decide({ c, reload, done, setDone }) {
	const [schema, setSchema] = useState(null);
	useEffect(() => {
		loadSchema(c.authority).then(setSchema, () => {});
	}, [c.authority]);
	const items = schema ? schema.items : [];
	const outcomes = ['grant', 'interim', 'deny'].filter((o) => (c.allowed || []).includes(o));
	const init = { outcome: outcomes[0] || '', conditions: '', assessments: '' };
	for (const it of items) {
		init['a_' + it.code] = '';
		init['r_' + it.code] = '';
	}
	if (done)
		return html`<section class="casefile" aria-labelledby="dec-h"><h2 id="dec-h">${t('file.decide')}</h2>
			<div class="notice notice-ok decide-result" role="status"><p>${t('file.decide.done', { state: tCode('state', done.state) })}</p></div></section>`;
	return schema ? html`<${DecideForm} key=${c.state} c=${c} init=${init} items=${items} outcomes=${outcomes} reload=${reload} setDone=${setDone} />` :
		html`<${Loading} on />`;
}

function DecideForm({ c, init, items, outcomes, reload, setDone }) {
	const form = useForm(init, { id: 'dec' });
	const [asking, setAsking] = useState(false);
	const v = form.values;
	const body = () => {
		const assessments = items.filter((it) => v['a_' + it.code]).map((it) => {
			const a = { item: it.code, assessment: v['a_' + it.code] };
			if (v['r_' + it.code].trim())
				a.reason = v['r_' + it.code];
			return a;
		});
		const b = { outcome: v.outcome, assessments };
		if (v.outcome !== 'deny' && v.conditions.trim())
			b.conditions = v.conditions;
		return b;
	};
	const send = () => form.submit(async () => {
		const b = body();
		try {
			return await api('POST', casePath(c, '/decision'), b);
		} catch (e) {
			/* assessments[N].reason: next to that item's field */
			const m = e && e.field ? /^assessments\[(\d+)\]\.?(\w*)$/.exec(e.field) : null;
			if (m && b.assessments[+m[1]]) {
				const it = b.assessments[+m[1]].item;
				const ne = new ApiError(e.kind, e.status, e.code, (m[2] === 'reason' ? 'r_' : 'a_') + it, e.message);
				throw ne;
			}
			throw e;
		}
	}, (r) => {
		setAsking(false);
		setDone(r);
		reload();
	}).then((r) => {
		if (!r)
			setAsking(false);
	});
	const onSubmit = (e) => {
		e.preventDefault();
		setAsking(true);
	};
	const b = body();
	const unfav = b.assessments.filter((a) => a.assessment === 'unfavorable').length;
	return html`<section class="casefile" aria-labelledby="dec-h">
		<h2 id="dec-h">${t('file.decide')}</h2>
		<p>${t('file.decide.intro')}</p>
		<form onSubmit=${onSubmit} novalidate class="decide">
			<${RadioGroup} form=${form} name="outcome" legend=${t('file.decide.outcome')}
				options=${outcomes.map((o) => [o, t('file.outcome.' + o)])} />
			${v.outcome !== 'deny' ? html`<p class="hint">${t('file.decide.validity', { level: tCode('level', c.level),
				years: VALIDITY[c.authority] || '—' })}</p>
				<${TextArea} form=${form} name="conditions" label=${t('file.decide.conditions')} hint=${t('file.decide.conditions_hint')} />` : null}
			<fieldset id="dec-assessments" tabindex="-1" class=${'assess' + (form.errors.assessments ? ' field-invalid' : '')}
				aria-describedby=${form.errors.assessments ? 'dec-assessments-err' : 'dec-assessments-hint'}>
				<legend>${t('file.decide.assessments')}</legend>
				<p class="hint" id="dec-assessments-hint">${t('file.decide.assessments_hint')}</p>
				${form.errors.assessments ? html`<p class="field-error" id="dec-assessments-err" role="alert">${form.errors.assessments}</p>` : null}
				${items.map((it) => html`<div class="assess-item" key=${it.code}>
					<${Field} form=${form} name=${'a_' + it.code} label=${lbl(it.label)}
						options=${[['', t('file.decide.not_assessed')], ...ASSESSMENTS.map((a) => [a, t('file.assess.' + a)])]} />
					${v['a_' + it.code] ? html`<${TextArea} form=${form} name=${'r_' + it.code} rows=${2}
						label=${t('file.decide.reason', { item: lbl(it.label) })}
						required=${v['a_' + it.code] === 'unfavorable'} />` : null}
				</div>`)}
			</fieldset>
			<${FormStatus} form=${form} />
			${asking ? html`<${Confirm} title=${t('file.decide.confirm')} yes=${t('file.decide.send')} no=${t('file.cancel')}
				text=${v.outcome === 'deny' ? t('file.decide.confirm_deny', { n: unfav }) :
					t('file.decide.confirm_grant', { outcome: t('file.outcome.' + v.outcome), level: tCode('level', c.level) })}
				busy=${form.busy} onYes=${send} onNo=${() => setAsking(false)} />` :
			html`<button type="submit" disabled=${!v.outcome}>${t('file.decide.review')}</button>`}
		</form>
	</section>`;
}

/* ---- the decision, the complaint and its review (adjudicator) ---- */

function DecisionDoc({ d, schema }) {
	const dec = d.decision;
	return html`<dl class="facts decision">
		<dt>${t('file.decide.outcome')}</dt><dd>${t('file.outcome.' + dec.outcome)}</dd>
		${dec.rule ? html`<dt>${t('file.rule')}</dt><dd><code>${dec.rule}</code></dd>` : null}
		${dec.conditions ? html`<dt>${t('file.decide.conditions')}</dt><dd class="text">${dec.conditions}</dd>` : null}
		${(dec.assessments || []).map((a) => html`<dt>${itemLabel(schema, a.item)}</dt>
			<dd>${t('file.assess.' + a.assessment)}${a.reason ? html`: <span class="text">${a.reason}</span>` : null}</dd>`)}
	</dl>
	${d.complaint ? html`<h3>${t('file.complaint.text')}</h3><blockquote class="text complaint-text">${d.complaint.text}</blockquote>
		${d.complaint.review ? html`<p>${d.complaint.review.upheld ? t('file.review.upheld') : t('file.review.rejected')}:
			<span class="text">${d.complaint.review.note}</span> (<code>${d.complaint.review.by}</code>, <${Time} value=${d.complaint.review.at} />)</p>` : null}` : null}`;
}

function Decision({ c, user, reload, setReviewed }) {
	const r = useRead(async () => {
		const [schema, d] = await Promise.all([loadSchema(c.authority), api('GET', casePath(c, '/decision'))]);
		return { schema, d };
	});
	const review = may(user, c, 'uphold') || may(user, c, 'reject');
	return html`<${Gate} id="decn-h" title=${c.state === 'complaint' ? t('file.complaint') : t('file.decision')}
		text=${t('file.decision.recorded')} action=${c.state === 'complaint' ? t('file.complaint.open') : t('file.decision.open')}
		busy=${r.busy} onOpen=${r.open} error=${r.error} open=${!!r.data}>
		${r.data ? html`<${DecisionDoc} d=${r.data.d} schema=${r.data.schema} />
			${review ? html`<${Review} c=${c} reload=${reload} setDone=${setReviewed} />` : null}` : null}
	</${Gate}>`;
}

/* The review's answer is kept by the caller: the case leaves 'complaint'. */
function Review({ c, reload, setDone }) {
	const form = useForm({ upheld: '', note: '' }, { id: 'rev' });
	const [asking, setAsking] = useState(false);
	const onSubmit = (e) => {
		e.preventDefault();
		setAsking(true);
	};
	const send = () => form.submit((v) => api('POST', casePath(c, '/complaint/review'),
		{ upheld: v.upheld === 'yes', note: v.note }), (r) => {
		setDone(r);
		reload();
	}).then(() => setAsking(false));
	return html`<form onSubmit=${onSubmit} novalidate class="narrow review" aria-labelledby="rev-h">
		<h3 id="rev-h">${t('file.review')}</h3>
		<${RadioGroup} form=${form} name="upheld" legend=${t('file.review.verdict')}
			options=${[['yes', t('file.review.uphold')], ['no', t('file.review.reject')]]} />
		<${TextArea} form=${form} name="note" label=${t('file.review.note')} required hint=${t('file.review.note_hint')} />
		<${FormStatus} form=${form} />
		${asking ? html`<${Confirm} title=${t('file.review.confirm')} text=${form.values.upheld === 'yes' ? t('file.review.confirm_uphold') :
			t('file.review.confirm_reject')} yes=${t('file.review.send')} no=${t('file.cancel')} busy=${form.busy}
			onYes=${send} onNo=${() => setAsking(false)} />` :
		html`<button type="submit" disabled=${!form.values.upheld}>${t('file.review.next')}</button>`}
	</form>`;
}

const DECIDED = ['granted', 'interim', 'denied', 'complaint', 'rejected'];

function AdjudicatorFile({ user, c, reload }) {
	const [returned, setReturned] = useState(false);
	const [decided, setDecided] = useState(null);
	const [reviewed, setReviewed] = useState(null);
	if (c.state === undefined)
		return null;
	const deciding = ['grant', 'interim', 'deny'].some((ev) => may(user, c, ev));
	return html`${may(user, c, 'assign') ? html`<${Assign} c=${c} reload=${reload} />` : null}
		${c.e_adjudicated ? html`<p class="notice notice-ok eadj-note">${t('file.eadj', { rule: String(c.decided_by || '').replace(/^rule:/, '') })}</p>` : null}
		<${History} c=${c} />
		<${ItemFile} c=${c} />
		${decided || deciding ? html`<${Decide} c=${c} reload=${reload} done=${decided} setDone=${setDecided} />` : null}
		${reviewed ? html`<div class="notice notice-ok review-result" role="status"><p>${t('file.review.done', { state: tCode('state', reviewed.state) })}</p></div>` : null}
		${DECIDED.includes(c.state) ? html`<${Decision} key=${c.state} c=${c} user=${user} reload=${reload} setReviewed=${setReviewed} />` : null}
		${returned || may(user, c, 'return') ? html`<${ReturnSections} c=${c} reload=${reload} done=${returned} setDone=${setReturned} />` : null}`;
}

/* ---- admin: assign only; security officer: the outcome, withdrawal ---- */

function AdminArea({ c, reload }) {
	return c.outcome === 'in_progress' ? html`<${Assign} c=${c} reload=${reload} />` : null;
}

function OfficerArea({ c, reload }) {
	const form = useForm({}, { id: 'wd' });
	const [asking, setAsking] = useState(false);
	const yes = () => form.submit(() => api('POST', casePath(c, '/withdraw'), {}), () => {
		setAsking(false);
		reload();
	});
	return html`<p class="hint outcome-only">${t('file.officer.outcome_only')}</p>
		${c.outcome === 'in_progress' ? html`<section class="casefile" aria-labelledby="wd-h">
			<h2 id="wd-h">${t('file.withdraw')}</h2>
			<p>${t('file.withdraw.intro')}</p>
			${asking ? html`<${Confirm} title=${t('file.withdraw.confirm')} text=${t('file.withdraw.confirm_text')}
				yes=${t('file.withdraw.yes')} no=${t('file.cancel')} busy=${form.busy} onYes=${yes} onNo=${() => setAsking(false)} />` :
			html`<button type="button" class="secondary withdraw" onClick=${() => setAsking(true)}>${t('file.withdraw.action')}</button>`}
			<${FormStatus} form=${form} />
		</section>` : null}`;
}

caseArea('investigator', InvestigatorFile);
caseArea('adjudicator', AdjudicatorFile);
caseArea('admin', AdminArea);
caseArea('security_officer', OfficerArea);
