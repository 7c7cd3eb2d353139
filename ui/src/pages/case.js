// SPDX-License-Identifier: Apache-2.0
// pages/case.js - one case (GET /v1/cases/{id}) as its reader may see it:
// the summary every reader gets (the sponsor's outcome view holds only
// the nomination and the outcome), then the work of the reader's role on
// it, from the area pages: the subject's consent, questionnaire and result
// (pages/subject-case.js), the investigator's and adjudicator's file
// (pages/case-file.js).  Each area gets the case and a reload function.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../api.js';
import { t, tCode } from '../i18n.js';
import { Link } from '../router.js';
import { OrgName, PersonName } from '../names.js';
import { LoadError, Loading, Time, useLoad } from '../widgets.js';

/* The area section of each role; a role without one sees the summary only. */
const AREAS = {};

/** An area page registers the section it shows for a role (routes.js imports it). */
export function caseArea(role, component) {
	AREAS[role] = component;
}

/* The person by name where the reader may read them (names.js), the sponsor and the body by name. */
export function CaseSummary({ c, user }) {
	const full = c.state !== undefined;
	return html`<dl class="facts">
		<dt>${t('cases.id')}</dt><dd><code>${c.id}</code></dd>
		<dt>${t('field.person')}</dt><dd><${PersonName} id=${c.person} user=${user} /></dd>
		<dt>${t('cases.authority')}</dt><dd>${tCode('authority', c.authority)}</dd>
		<dt>${t('cases.level')}</dt><dd>${tCode('level', c.level)}</dd>
		<dt>${t('case.type')}</dt><dd>${tCode('case_type', c.type)}</dd>
		<dt>${t('case.sponsor')}</dt><dd><${OrgName} id=${c.sponsor} withId /></dd>
		<dt>${t('case.need')}</dt><dd>${c.need}</dd>
		<dt>${t('cases.opened')}</dt><dd><${Time} value=${c.opened} /></dd>
		${full ? html`<dt>${t('cases.state')}</dt><dd>${tCode('state', c.state)}</dd>
			<dt>${t('cases.since')}</dt><dd><${Time} value=${c.since} /></dd>
			${c.body ? html`<dt>${t('case.body')}</dt><dd><${OrgName} id=${c.body} withId /></dd>` : null}` : null}
		<dt>${t('cases.outcome')}</dt><dd>${tCode('outcome', c.outcome)}</dd>
	</dl>`;
}

export function CaseView({ user, params }) {
	const id = params.id;
	const q = useLoad(() => api('GET', '/cases/' + encodeURIComponent(id)), [id]);
	useEffect(() => {
		document.title = t('case.title', { id }) + ' — SCS';
	}, [id]);
	const Area = AREAS[user.role];
	return html`<p class="crumbs"><${Link} href="/cases">${t('case.back')}<//></p>
		<h1>${t('case.title', { id })}</h1>
		<${Loading} on=${q.loading && !q.data} />
		<${LoadError} error=${q.error} reload=${q.reload} />
		${q.data ? html`<${CaseSummary} c=${q.data} user=${user} />
			${Area ? html`<${Area} user=${user} c=${q.data} reload=${q.reload} />` : null}` : null}`;
}
