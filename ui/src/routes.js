// SPDX-License-Identifier: Apache-2.0
// routes.js - the pages as a table: path, the catalog key of its name,
// the roles that see it (as the server's route table allows them the
// routes the page calls), and each role's start page.  A path may hold
// parameters (/cases/:id): the page gets them as props (params.id); a row
// with nav: false is reached by links only, not from the navigation, and
// `parent` names the navigation entry shown as current on it.  A new page
// is one more row.
import { Account } from './pages/account.js';
import { MyCodes } from './pages/attest.js';
import { Alerts, AlertStats, AlertView } from './pages/alerts.js';
import { Bodies, Organization, Organizations } from './pages/admin-orgs.js';
import { Keys } from './pages/admin-keys.js';
import { Users } from './pages/admin-users.js';
import { Audit, Decisions } from './pages/audit.js';
import { Cases, EAdjudicated } from './pages/cases.js';
import { CaseView } from './pages/case.js';
import './pages/case-file.js';
import { Decide } from './pages/decide.js';
import { Nominate } from './pages/nominate.js';
import { PersonEdit, PersonNew } from './pages/person.js';
import { Staff } from './pages/staff.js';
import './pages/subject-case.js'; /* registers the subject's area of a case */
import { Timeliness } from './pages/timeliness.js';
import { Statistics } from './pages/stats.js';
import { AnnualReport } from './pages/annual.js';
import { Planner } from './pages/planner.js';
import { ItemNew, Items, ItemView } from './pages/items.js';
import { Compartments, Programs } from './pages/labels.js';
import { Conforming } from './pages/conforming.js';
import { Briefings } from './pages/briefings.js';
import { SelfReports } from './pages/self-reports.js';
import { Concern } from './pages/concern.js';
import { IncidentNew, Incidents, IncidentStats, IncidentView } from './pages/incidents.js';
import { Verify } from './pages/verify.js';
import { VisitNew, Visits, VisitView } from './pages/visits.js';
import { Transfers } from './pages/transfers.js';

export const ROLES = ['admin', 'security_officer', 'subject', 'investigator', 'adjudicator', 'designator', 'auditor'];

export const PAGES = [
	{ path: '/users', name: 'adm.nav.users', roles: ['admin'], page: Users },
	{ path: '/organizations', name: 'adm.nav.orgs', roles: ['admin'], page: Organizations },
	{ path: '/organizations/:id', name: 'adm.nav.org', roles: ['admin'], page: Organization, nav: false, parent: '/organizations' },
	{ path: '/bodies', name: 'adm.nav.bodies', roles: ['admin'], page: Bodies },
	{ path: '/keys', name: 'adm.nav.keys', roles: ['admin'], page: Keys },
	{ path: '/staff', name: 'nav.staff', roles: ['security_officer'], page: Staff },
	{ path: '/staff/new', name: 'person.new_title', roles: ['security_officer'], page: PersonNew, nav: false, parent: '/staff' },
	{ path: '/persons/:id', name: 'person.nav', roles: ['security_officer'], page: PersonEdit, nav: false, parent: '/staff' },
	{ path: '/cases', name: 'nav.cases', roles: ['admin', 'security_officer', 'subject', 'investigator', 'adjudicator'], page: Cases },
	{ path: '/cases/new', name: 'file.nav.nominate', roles: ['security_officer'], page: Nominate, nav: false, parent: '/cases' },
	{ path: '/cases/e-adjudicated', name: 'file.nav.eadj', roles: ['adjudicator'], page: EAdjudicated },
	{ path: '/cases/:id', name: 'nav.case', roles: ['admin', 'security_officer', 'subject', 'investigator', 'adjudicator'], page: CaseView, nav: false, parent: '/cases' },
	{ path: '/briefings', name: 'reg.nav.briefings', roles: ['security_officer'], page: Briefings },
	{ path: '/items', name: 'reg.nav.items', roles: ['designator'], page: Items },
	{ path: '/items/new', name: 'reg.nav.designate', roles: ['designator'], page: ItemNew, nav: false, parent: '/items' },
	{ path: '/items/:id', name: 'reg.nav.item', roles: ['designator'], page: ItemView, nav: false, parent: '/items' },
	{ path: '/programs', name: 'reg.nav.programs', roles: ['designator'], page: Programs },
	{ path: '/compartments', name: 'reg.nav.compartments', roles: ['designator'], page: Compartments },
	{ path: '/conforming', name: 'reg.nav.conforming', roles: ['designator'], page: Conforming },
	{ path: '/decide', name: 'nav.decide', roles: ['security_officer', 'designator'], page: Decide },
	{ path: '/audit', name: 'nav.audit', roles: ['auditor'], page: Audit },
	{ path: '/audit/decisions', name: 'audit.nav.decisions', roles: ['auditor'], page: Decisions },
	{ path: '/reports/timeliness', name: 'nav.timeliness', roles: ['auditor', 'admin', 'adjudicator'], page: Timeliness },
	{ path: '/reports/statistics', name: 'stats.nav', roles: ['auditor', 'admin'], page: Statistics },
	{ path: '/reports/annual', name: 'annual.nav', roles: ['auditor', 'admin'], page: AnnualReport },
	{ path: '/reports/planner', name: 'plan.nav', roles: ['auditor', 'admin'], page: Planner },
	/* /alerts/stats before /alerts/:id: the first row whose path matches decides. */
	{ path: '/alerts', name: 'cv.nav.alerts', roles: ['investigator'], page: Alerts },
	{ path: '/alerts/stats', name: 'cv.nav.stats', roles: ['investigator', 'auditor', 'admin'], page: AlertStats },
	{ path: '/alerts/:id', name: 'cv.nav.alert', roles: ['investigator'], page: AlertView, nav: false, parent: '/alerts' },
	{ path: '/self-reports', name: 'cv.nav.self_reports', roles: ['subject'], page: SelfReports },
	{ path: '/codes', name: 'att.nav', roles: ['subject'], page: MyCodes },
	/* /incidents/new before /incidents/:id */
	{ path: '/incidents', name: 'cv.nav.incidents', roles: ['security_officer'], page: Incidents },
	{ path: '/incidents/new', name: 'cv.nav.incident_new', roles: ['security_officer'], page: IncidentNew, nav: false, parent: '/incidents' },
	{ path: '/incidents/:id', name: 'cv.nav.incident', roles: ['security_officer'], page: IncidentView, nav: false, parent: '/incidents' },
	/* /visits/new before /visits/:id */
	{ path: '/visits', name: 'visit.nav', roles: ['security_officer'], page: Visits },
	{ path: '/visits/new', name: 'visit.nav_new', roles: ['security_officer'], page: VisitNew, nav: false, parent: '/visits' },
	{ path: '/visits/:id', name: 'visit.nav_one', roles: ['security_officer'], page: VisitView, nav: false, parent: '/visits' },
	{ path: '/transfers', name: 'xfer.nav', roles: ['security_officer', 'adjudicator'], page: Transfers },
	{ path: '/reports/incidents', name: 'cv.nav.incident_stats', roles: ['auditor', 'admin'], page: IncidentStats },
	{ path: '/concerns/new', name: 'cv.nav.concern', roles: ROLES, page: Concern },
	{ path: '/account', name: 'nav.account', roles: ROLES, page: Account },
	/* public: shown signed in or out, offline too (app.js), in no navigation */
	{ path: '/verify', name: 'verify.nav', roles: [], page: Verify, nav: false, public: true },
];

export const START = {
	admin: '/users',
	security_officer: '/staff',
	subject: '/cases',
	investigator: '/cases',
	adjudicator: '/cases',
	designator: '/items',
	auditor: '/audit',
};

/** The navigation of a role: its pages but those reached by links only. */
export function pagesFor(role) {
	return PAGES.filter((p) => p.roles.includes(role) && p.nav !== false);
}

/* The parameters of path under pattern ('/cases/:id'), or null. */
function match(pattern, path) {
	const a = pattern.split('/');
	const b = path.split('/');
	if (a.length !== b.length)
		return null;
	const params = {};
	for (let i = 0; i < a.length; i++) {
		if (a[i].startsWith(':')) {
			if (b[i] === '')
				return null;
			try {
				params[a[i].slice(1)] = decodeURIComponent(b[i]);
			} catch (e) {
				return null;
			}
		} else if (a[i] !== b[i]) {
			return null;
		}
	}
	return params;
}

/** The page of path for role, with its parameters ({...row, params}), or null. */
export function findPage(path, role) {
	for (const p of PAGES) {
		const params = match(p.path, path);
		if (params)
			return p.roles.includes(role) ? { ...p, params } : null;
	}
	return null;
}

/** The link to a page with parameters: pathTo('/cases/:id', {id: 'c1'}). */
export function pathTo(pattern, params) {
	return pattern.replace(/:(\w+)/g, (m, k) => encodeURIComponent(params[k]));
}
