// SPDX-License-Identifier: Apache-2.0
// pages/labels.js - a designator's need-to-know programs with their
// members (GET/POST /v1/programs, GET /v1/programs/{id}/members,
// POST/PUT /v1/memberships) and compartments (GET/POST
// /v1/compartments), of their own organ.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { t } from '../i18n.js';
import { useOrgName } from '../names.js';
import { dayOf, today } from '../registers-fields.js';
import { LoadError, Loading, Time, useLoad } from '../widgets.js';

/** Current: begun and not ended today. */
export function current(r) {
	const d = today();
	return dayOf(r.valid_from) <= d && (!r.valid_until || dayOf(r.valid_until) > d);
}

/** The create form of a label (program or compartment): id and name. */
function CreateLabel({ kind, user, done }) {
	const form = useForm({ id: '', name: '' }, { id: 'new-' + kind });
	const onSubmit = (e) => {
		e.preventDefault();
		form.submit(() => api('POST', '/' + kind + 's', { id: form.values.id.trim(), name: form.values.name.trim(), owner: user.org }),
			(r) => {
				form.reset();
				form.setStatus({ kind: 'ok', text: t('reg.created', { id: r.id }) });
				done(r);
			});
	};
	return html`<section aria-labelledby=${'new-' + kind + '-h'}><h2 id=${'new-' + kind + '-h'}>${t('reg.' + kind + '.new')}</h2>
		<form onSubmit=${onSubmit} novalidate class="reg-form">
			<${Field} form=${form} name="id" label=${t('reg.label.id')} required autocomplete="off" hint=${t('reg.hint.id')} />
			<${Field} form=${form} name="name" label=${t('reg.label.name')} required autocomplete="off" />
			<${FormStatus} form=${form} />
			<div class="actions"><button type="submit" disabled=${form.busy}>${t('reg.' + kind + '.create')}</button></div>
		</form></section>`;
}

function LabelTable({ kind, list, extra }) {
	const title = t('reg.' + kind + '.list');
	if (list.length === 0)
		return html`<p>${t('reg.empty')}</p>`;
	return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${title}><table>
		<caption class="sr-only">${title}</caption>
		<thead><tr><th scope="col">${t('reg.label.id')}</th><th scope="col">${t('reg.label.name')}</th>
			${extra ? html`<th scope="col">${t('reg.program.members')}</th>` : null}</tr></thead>
		<tbody>${list.map((r) => html`<tr key=${r.id}><td><code>${r.id}</code></td><td>${r.name}</td>
			${extra ? html`<td>${extra(r)}</td>` : null}</tr>`)}</tbody>
	</table></div>`;
}

export function Compartments({ user }) {
	const orgName = useOrgName(user.org);
	const q = useLoad(() => api('GET', '/compartments'), []);
	useEffect(() => {
		document.title = t('reg.compartment.title') + ' — SCS';
	}, []);
	return html`<h1>${t('reg.compartment.title')}</h1>
		<p>${t('reg.compartment.intro', { org: orgName })}</p>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		${q.data ? html`<h2>${t('reg.compartment.list')}</h2><${LabelTable} kind="compartment" list=${q.data.compartments || []} />` : null}
		<${CreateLabel} kind="compartment" user=${user} done=${q.reload} />`;
}

/** A program's members: add one, end one. */
function Members({ program, onClose }) {
	const q = useLoad(() => api('GET', '/programs/' + encodeURIComponent(program.id) + '/members'), [program.id]);
	const form = useForm({ person: '', valid_from: today(), valid_until: '' }, { id: 'member' });
	const end = useForm({ valid_until: today() }, { id: 'end', fallbackField: 'valid_until' });
	const [ending, setEnding] = useState(null);
	const onAdd = (e) => {
		e.preventDefault();
		const v = form.values;
		form.submit(() => api('POST', '/memberships', { program: program.id, person: v.person.trim(), valid_from: v.valid_from,
			valid_until: v.valid_until || null }), (r) => {
			form.reset();
			form.setStatus({ kind: 'ok', text: t('reg.member.added', { person: r.person }) });
			q.reload();
		});
	};
	const onEnd = (e) => {
		e.preventDefault();
		end.submit(() => api('PUT', '/memberships', { ...ending, valid_until: end.values.valid_until }), (r) => {
			setEnding(null);
			end.setStatus({ kind: 'ok', text: t('reg.member.ended', { person: r.person }) });
			q.reload();
		});
	};
	const title = t('reg.program.members_of', { id: program.id });
	return html`<section aria-labelledby="members-h" class="reg-panel"><h2 id="members-h">${title}</h2>
		<p class="muted">${t('reg.member.privacy')}</p>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		${q.data ? (q.data.members.length === 0 ? html`<p>${t('reg.empty')}</p>` : html`<div class="table-wrap" tabindex="0" role="region" aria-label=${title}><table>
			<caption class="sr-only">${title}</caption>
			<thead><tr><th scope="col">${t('reg.member.person')}</th><th scope="col">${t('reg.valid_from')}</th>
				<th scope="col">${t('reg.valid_until')}</th><th scope="col">${t('reg.state')}</th><th scope="col"><span class="sr-only">${t('reg.actions')}</span></th></tr></thead>
			<tbody>${q.data.members.map((m) => html`<tr key=${m.person + m.valid_from}>
				<td><code>${m.person}</code></td><td><${Time} value=${m.valid_from} /></td><td><${Time} value=${m.valid_until} /></td>
				<td>${t(current(m) ? 'reg.current' : 'reg.not_current')}</td>
				<td>${current(m) ? html`<button type="button" class="secondary small" onClick=${() => setEnding(m)}
					aria-label=${t('reg.member.end_label', { person: m.person })}>${t('reg.member.end')}</button>` : null}</td>
			</tr>`)}</tbody>
		</table></div>`) : null}
		${ending ? html`<form onSubmit=${onEnd} novalidate class="reg-form">
			<h3>${t('reg.member.end_label', { person: ending.person })}</h3>
			<${Field} form=${end} name="valid_until" label=${t('reg.member.end_on')} type="date" required />
			<div class="actions"><button type="submit" disabled=${end.busy}>${t('reg.member.end')}</button>
				<button type="button" class="secondary" onClick=${() => setEnding(null)}>${t('reg.action.cancel')}</button></div>
		</form>` : null}
		<${FormStatus} form=${end} />
		<h3>${t('reg.member.add')}</h3>
		<form onSubmit=${onAdd} novalidate class="reg-form">
			<${Field} form=${form} name="person" label=${t('reg.member.person')} required autocomplete="off" hint=${t('reg.hint.person')} />
			<${Field} form=${form} name="valid_from" label=${t('reg.valid_from')} type="date" required />
			<${Field} form=${form} name="valid_until" label=${t('reg.valid_until_opt')} type="date" />
			<${FormStatus} form=${form} />
			<div class="actions"><button type="submit" disabled=${form.busy}>${t('reg.member.add')}</button>
				<button type="button" class="secondary" onClick=${onClose}>${t('reg.action.close')}</button></div>
		</form></section>`;
}

export function Programs({ user }) {
	const orgName = useOrgName(user.org);
	const q = useLoad(() => api('GET', '/programs'), []);
	const [open, setOpen] = useState(null);
	useEffect(() => {
		document.title = t('reg.program.title') + ' — SCS';
	}, []);
	return html`<h1>${t('reg.program.title')}</h1>
		<p>${t('reg.program.intro', { org: orgName })}</p>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		${q.data ? html`<h2>${t('reg.program.list')}</h2><${LabelTable} kind="program" list=${q.data.programs || []}
			extra=${(p) => html`<button type="button" class="secondary small" aria-expanded=${open && open.id === p.id ? 'true' : 'false'}
				onClick=${() => setOpen(p)} aria-label=${t('reg.program.members_of', { id: p.id })}>${t('reg.program.members')}</button>`} />` : null}
		${open ? html`<${Members} key=${open.id} program=${open} onClose=${() => setOpen(null)} />` : null}
		<${CreateLabel} kind="program" user=${user} done=${q.reload} />`;
}
