// SPDX-License-Identifier: Apache-2.0
// pages/items.js - a designator's register of their organ's designated
// items: the list (GET /v1/items, all of the organ's, filtered and paged
// here: the API pages by id only), designation (POST /v1/items) with the
// term rules shown as the dates are typed, and one item's page (GET
// /v1/items/{id}) with its label, its term and state, renewal and
// declassification.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Field, FormStatus, useForm } from '../form.js';
import { getLang, t, tCode } from '../i18n.js';
import { Countries, CountryField, OrgName, useOrgName } from '../names.js';
import { Link, navigate } from '../router.js';
import { Checkbox, CheckGroup, dayOf, ITEM_FIELDS, levelName, loadAlliances, loadLevels, termRules, today, TOTAL_YEARS,
	CABINET_YEARS, yearsBetween } from '../registers-fields.js';
import { LoadError, Loading, Pager, Time, useLoad } from '../widgets.js';

const PAGE = 50;

/** Declassified (at or before today) or still classified. */
function isDeclassified(it) {
	return it.declassified !== null && it.declassified !== undefined && dayOf(it.declassified) <= today();
}

function StatusBadge({ it }) {
	const d = isDeclassified(it);
	return html`<span class=${'status reg-status ' + (d ? 'status-none' : 'status-active')}>${t(d ? 'reg.item.declassified' : 'reg.item.classified')}</span>`;
}

export function Items({ user }) {
	const orgName = useOrgName(user.org);
	const q = useLoad(() => Promise.all([api('GET', '/items'), loadLevels()]), []);
	const form = useForm({ field: '', level: '', status: '', text: '' }, { id: 'items' });
	const [applied, setApplied] = useState({ field: '', level: '', status: '', text: '' });
	const [start, setStart] = useState(0);
	useEffect(() => {
		document.title = t('reg.items.title') + ' — SCS';
	}, []);
	const [data, auths] = q.data || [{ items: [] }, []];
	const levels = [];
	for (const a of auths)
		for (const l of a.levels)
			levels.push([a.authority + '/' + l.level, a.authority + ' — ' + levelName(auths, a.authority, l.level)]);
	const text = applied.text.trim().toLowerCase();
	const list = (data.items || []).filter((it) => (!applied.field || it.field === applied.field) &&
		(!applied.level || it.authority + '/' + it.level === applied.level) &&
		(!applied.status || (applied.status === 'declassified') === isDeclassified(it)) &&
		(!text || it.id.toLowerCase().includes(text) || it.title.toLowerCase().includes(text)));
	const shown = list.slice(start, start + PAGE);
	const onSubmit = (e) => {
		e.preventDefault();
		setApplied({ ...form.values });
		setStart(0);
	};
	return html`<h1>${t('reg.items.title')}</h1>
		<p>${t('reg.items.intro', { org: orgName })}</p>
		<p><${Link} href="/items/new" class="reg-button">${t('reg.items.designate')}<//></p>
		<form onSubmit=${onSubmit} novalidate class="filters">
			<${Field} form=${form} name="field" label=${t('reg.item.field')}
				options=${[['', t('reg.any')], ...ITEM_FIELDS.map((f) => [f, t('reg.field.' + f)])]} />
			<${Field} form=${form} name="level" label=${t('reg.item.level')} options=${[['', t('reg.any')], ...levels]} />
			<${Field} form=${form} name="status" label=${t('reg.item.status')}
				options=${[['', t('reg.any')], ['classified', t('reg.item.classified')], ['declassified', t('reg.item.declassified')]]} />
			<${Field} form=${form} name="text" label=${t('reg.items.text')} type="search" autocomplete="off" />
			<div class="filter-actions"><button type="submit">${t('reg.action.show')}</button></div>
		</form>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		${q.data ? (shown.length === 0 ? html`<p>${t('reg.empty')}</p>` : html`<p class="muted" role="status">${t('reg.items.count', { n: list.length })}</p>
		<div class="table-wrap" tabindex="0" role="region" aria-label=${t('reg.items.title')}><table>
			<caption class="sr-only">${t('reg.items.title')}</caption>
			<thead><tr>
				<th scope="col">${t('reg.item.id')}</th><th scope="col">${t('reg.item.title')}</th>
				<th scope="col">${t('reg.item.field')}</th><th scope="col">${t('reg.item.level')}</th>
				<th scope="col">${t('reg.item.status')}</th><th scope="col">${t('reg.item.until')}</th>
			</tr></thead>
			<tbody>${shown.map((it) => html`<tr key=${it.id}>
				<td><${Link} href=${'/items/' + encodeURIComponent(it.id)}><code>${it.id}</code><//></td>
				<td>${it.title}</td><td>${t('reg.field.' + it.field)}</td>
				<td>${it.authority} / ${levelName(auths, it.authority, it.level)}</td>
				<td><${StatusBadge} it=${it} /></td>
				<td>${isDeclassified(it) ? html`<${Time} value=${it.declassified} />` : html`<${Time} value=${it.valid_until} />`}</td>
			</tr>`)}</tbody>
		</table></div>
		<${Pager} hasPrev=${start > 0} next=${start + PAGE < list.length ? 'more' : null}
			onFirst=${() => setStart(0)} onNext=${() => setStart(start + PAGE)} />`) : null}`;
}

/** The live notice of the term rules for the dates typed. */
function TermNotice({ id, rules, renew, used, from, until, cabinet }) {
	const total = cabinet ? CABINET_YEARS : TOTAL_YEARS;
	const span = from && until && until > dayOf(from) ? yearsBetween(dayOf(from), until) : null;
	const left = span === null ? null : Math.round((total - span) * 10) / 10;
	return html`<div id=${id} class=${'notice reg-term ' + (rules.problem ? 'notice-warn' : 'notice-info')} aria-live="polite">
		${rules.latest ? html`<p>${t('reg.term.latest')} <strong><${Time} value=${rules.latest} /></strong></p>` : html`<p>${t('reg.term.rule')}</p>`}
		${rules.limit30 ? html`<p>${renew ? t('reg.term.used', { used, total: TOTAL_YEARS, cabinet: CABINET_YEARS }) + ' ' : ''}
			${t('reg.term.totals')} <${Time} value=${rules.limit30} /> ${t('reg.term.totals_cabinet')} <${Time} value=${rules.limit60} />${t('reg.term.totals_end')}</p>` : null}
		${left !== null && !rules.problem ? html`<p>${t('reg.term.remaining', { n: left, total })}</p>` : null}
		${rules.problem ? html`<p class="reg-warn"><strong>${t('reg.term.warning')}</strong> ${t(rules.problem)}</p>` : null}
	</div>`;
}

export function ItemNew({ user }) {
	const orgName = useOrgName(user.org);
	const q = useLoad(() => Promise.all([loadLevels(), api('GET', '/compartments'), api('GET', '/programs'), loadAlliances()]), []);
	const form = useForm({
		id: '', title: '', field: 'defense', authority: 'JPN-SDS', level: '', compartments: [], programs: [],
		alliances: [], releasable_to: '', valid_from: today(), valid_until: '',
	}, { id: 'designate' });
	useEffect(() => {
		document.title = t('reg.designate.title') + ' — SCS';
	}, []);
	const [auths, cmps, progs, alliances] = q.data || [[], { compartments: [] }, { programs: [] }, []];
	const auth = auths.find((a) => a.authority === form.values.authority);
	const levels = auth ? auth.levels : [];
	useEffect(() => {
		if (levels.length && !levels.some((l) => l.level === form.values.level))
			form.setValues((v) => ({ ...v, level: levels[levels.length - 1].level }));
	}, [form.values.authority, auths.length]);
	const v = form.values;
	const rules = termRules({ from: v.valid_from, until: v.valid_until });
	const onSubmit = (e) => {
		e.preventDefault();
		if (rules.problem) {
			form.setErrors({ valid_until: t(rules.problem) });
			const el = document.getElementById('designate-valid_until');
			if (el)
				el.focus();
			return;
		}
		const body = {
			id: v.id.trim(), title: v.title.trim(), owner: user.org, field: v.field, authority: v.authority, level: v.level,
			compartments: v.compartments, programs: v.programs,
			releasable_to: [...v.alliances, ...v.releasable_to.split(/[\s,、]+/).filter(Boolean).map((s) => s.toUpperCase())],
			valid_from: v.valid_from, valid_until: v.valid_until,
		};
		form.submit(() => api('POST', '/items', body), (it) => navigate('/items/' + encodeURIComponent(it.id)));
	};
	return html`<p class="crumbs"><${Link} href="/items">${t('reg.items.back')}<//></p>
		<h1>${t('reg.designate.title')}</h1>
		<p>${t('reg.designate.intro', { org: orgName })}</p>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		${q.data ? html`<form onSubmit=${onSubmit} novalidate class="reg-form">
			<${Field} form=${form} name="id" label=${t('reg.item.id')} required autocomplete="off" hint=${t('reg.hint.id')} />
			<${Field} form=${form} name="title" label=${t('reg.item.title')} required autocomplete="off" />
			<${Field} form=${form} name="field" label=${t('reg.item.field')} options=${ITEM_FIELDS.map((f) => [f, t('reg.field.' + f)])} />
			<${Field} form=${form} name="authority" label=${t('reg.item.authority')}
				options=${auths.map((a) => [a.authority, a.authority + ' — ' + (a.native_name && getLang() === 'ja' ? a.native_name : a.name)])} />
			<${Field} form=${form} name="level" label=${t('reg.item.level')}
				options=${levels.map((l) => [l.level, levelName(auths, v.authority, l.level)])} />
			<${CheckGroup} form=${form} name="compartments" legend=${t('reg.item.compartments')} empty=${t('reg.none_yet')}
				options=${(cmps.compartments || []).map((c) => [c.id, c.id + ' — ' + c.name])} />
			<${CheckGroup} form=${form} name="programs" legend=${t('reg.item.programs')} empty=${t('reg.none_yet')}
				hint=${t('reg.hint.programs')} options=${(progs.programs || []).map((p) => [p.id, p.id + ' — ' + p.name])} />
			<${CheckGroup} form=${form} name="alliances" legend=${t('reg.item.alliances')}
				options=${alliances.map((a) => [a.code, t('reg.alliance', { code: a.code, name: t('reg.alliance.' + a.code), members: a.members.join(', ') })])} empty="—" />
			<${CountryField} form=${form} name="releasable_to" label=${t('reg.item.nations')} hint=${t('reg.hint.releasable')} />
			<${Field} form=${form} name="valid_from" label=${t('reg.item.valid_from')} type="date" required />
			<${Field} form=${form} name="valid_until" label=${t('reg.item.valid_until')} type="date" required
				aria-describedby=${'designate-term' + (form.errors.valid_until ? ' designate-valid_until-err' : '')} />
			<${TermNotice} id="designate-term" rules=${rules} from=${v.valid_from} until=${v.valid_until} />
			<${FormStatus} form=${form} />
			<div class="actions"><button type="submit" disabled=${form.busy}>${t('reg.designate.submit')}</button></div>
		</form>` : null}`;
}

function Renew({ it, auths, done }) {
	const form = useForm({ valid_until: '', cabinet_approval: !!it.cabinet_approval, exception: !!it.exception }, { id: 'renew' });
	const v = form.values;
	const rules = termRules({ from: it.valid_from, until: v.valid_until, renew: true, now: today(),
		current: dayOf(it.valid_until), cabinet: v.cabinet_approval, exception: v.exception });
	const used = yearsBetween(dayOf(it.valid_from), dayOf(it.valid_until) || today());
	const onSubmit = (e) => {
		e.preventDefault();
		if (rules.problem) {
			form.setErrors({ valid_until: t(rules.problem) });
			const el = document.getElementById('renew-valid_until');
			if (el)
				el.focus();
			return;
		}
		form.submit(() => api('POST', '/items/' + encodeURIComponent(it.id) + '/renew', {
			valid_until: v.valid_until, cabinet_approval: !!v.cabinet_approval, exception: !!v.exception,
		}), (r) => {
			form.reset({ valid_until: '', cabinet_approval: !!r.cabinet_approval, exception: !!r.exception });
			form.setStatus({ kind: 'ok', text: t('reg.renew.done') });
			done(r);
		});
	};
	return html`<section aria-labelledby="renew-h"><h2 id="renew-h">${t('reg.renew.title')}</h2>
		<form onSubmit=${onSubmit} novalidate class="reg-form">
			<${Field} form=${form} name="valid_until" label=${t('reg.renew.until')} type="date" required
				aria-describedby=${'renew-term' + (form.errors.valid_until ? ' renew-valid_until-err' : '')} />
			${rules.needCabinet || it.cabinet_approval ? html`<${Checkbox} form=${form} name="cabinet_approval"
				label=${t('reg.renew.cabinet')} hint=${t('reg.renew.cabinet_hint')} />` : null}
			${rules.needException || it.exception ? html`<${Checkbox} form=${form} name="exception"
				label=${t('reg.renew.exception')} hint=${t('reg.renew.exception_hint')} />` : null}
			<${TermNotice} id="renew-term" rules=${rules} renew used=${used} from=${it.valid_from} until=${v.valid_until} cabinet=${v.cabinet_approval} />
			<${FormStatus} form=${form} />
			<div class="actions"><button type="submit" disabled=${form.busy}>${t('reg.renew.submit')}</button></div>
		</form></section>`;
}

function Declassify({ it, done }) {
	const form = useForm({ at: today() }, { id: 'declassify', fallbackField: 'at' });
	const [asking, setAsking] = useState(false);
	const onSubmit = (e) => {
		e.preventDefault();
		if (!asking) {
			setAsking(true);
			return;
		}
		form.submit(() => api('POST', '/items/' + encodeURIComponent(it.id) + '/declassify', { at: form.values.at }),
			(r) => {
				setAsking(false);
				done(r);
			});
	};
	return html`<section aria-labelledby="declassify-h"><h2 id="declassify-h">${t('reg.declassify.title')}</h2>
		<form onSubmit=${onSubmit} novalidate class="reg-form">
			<${Field} form=${form} name="at" label=${t('reg.declassify.at')} type="date" required />
			${asking ? html`<div class="notice notice-warn" role="alert"><p>${t('reg.declassify.confirm', { id: it.id })}</p></div>` : null}
			<${FormStatus} form=${form} />
			<div class="actions">
				<button type="submit" class=${asking ? 'danger' : ''} disabled=${form.busy}>${t(asking ? 'reg.declassify.confirm_button' : 'reg.declassify.submit')}</button>
				${asking ? html`<button type="button" class="secondary" onClick=${() => setAsking(false)}>${t('reg.action.cancel')}</button>` : null}
			</div>
		</form></section>`;
}

export function ItemView({ user, params }) {
	const id = params.id;
	const q = useLoad(() => Promise.all([api('GET', '/items/' + encodeURIComponent(id)), loadLevels()]), [id]);
	const [item, setItem] = useState(null);
	useEffect(() => {
		document.title = t('reg.item.page', { id }) + ' — SCS';
	}, [id]);
	const it = item || (q.data && q.data[0]);
	const auths = q.data ? q.data[1] : [];
	const list = (a) => (a && a.length ? a.join(', ') : '—');
	const declassified = it && it.declassified;
	return html`<p class="crumbs"><${Link} href="/items">${t('reg.items.back')}<//></p>
		<h1>${t('reg.item.page', { id })}</h1>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		${it ? html`<p class="reg-title">${it.title}</p>
		<h2>${t('reg.item.label')}</h2>
		<dl class="facts">
			<dt>${t('reg.item.field')}</dt><dd>${t('reg.field.' + it.field)}</dd>
			<dt>${t('reg.item.authority')}</dt><dd>${tCode('authority', it.authority)}</dd>
			<dt>${t('reg.item.level')}</dt><dd>${levelName(auths, it.authority, it.level)}</dd>
			<dt>${t('reg.item.compartments')}</dt><dd>${list(it.compartments)}</dd>
			<dt>${t('reg.item.releasable')}</dt><dd>${it.releasable_to && it.releasable_to.length ? html`<${Countries} codes=${it.releasable_to} />` : t('reg.item.owner_only')}</dd>
			<dt>${t('reg.item.programs')}</dt><dd>${list(it.programs)}</dd>
			<dt>${t('reg.item.owner')}</dt><dd><${OrgName} id=${it.owner} withId /></dd>
		</dl>
		<h2>${t('reg.item.term')}</h2>
		<dl class="facts">
			<dt>${t('reg.item.status')}</dt><dd><${StatusBadge} it=${it} /></dd>
			<dt>${t('reg.item.first')}</dt><dd><${Time} value=${it.valid_from} /></dd>
			<dt>${t('reg.item.until')}</dt><dd><${Time} value=${it.valid_until} /></dd>
			<dt>${t('reg.item.used')}</dt><dd>${t('reg.item.used_value', { used: yearsBetween(dayOf(it.valid_from), dayOf(it.valid_until)), total: it.cabinet_approval ? CABINET_YEARS : TOTAL_YEARS })}</dd>
			<dt>${t('reg.item.cabinet')}</dt><dd>${t(it.cabinet_approval ? 'reg.yes' : 'reg.no')}</dd>
			${it.exception ? html`<dt>${t('reg.item.exception')}</dt><dd>${t('reg.yes')}</dd>` : null}
			<dt>${t('reg.item.declassified_on')}</dt><dd>${declassified ? html`<${Time} value=${it.declassified} />` : '—'}</dd>
		</dl>
		${declassified ? null : html`<${Renew} it=${it} auths=${auths} done=${setItem} />
			<${Declassify} it=${it} done=${setItem} />`}` : null}`;
}
