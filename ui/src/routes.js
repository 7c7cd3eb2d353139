// SPDX-License-Identifier: Apache-2.0
// routes.js - the pages as a table: path, the catalog key of its name,
// the roles that see it (as the server's route table allows them the
// routes the page calls), and each role's start page.  A new page of the
// next slices (a case, the questionnaire, nomination) is one more row.
import { Account } from './pages/account.js';
import { Audit } from './pages/audit.js';
import { Cases } from './pages/cases.js';
import { Decide } from './pages/decide.js';
import { Staff } from './pages/staff.js';
import { Timeliness } from './pages/timeliness.js';

export const ROLES = ['admin', 'security_officer', 'subject', 'investigator', 'adjudicator', 'designator', 'auditor'];

export const PAGES = [
	{ path: '/staff', name: 'nav.staff', roles: ['security_officer'], page: Staff },
	{ path: '/cases', name: 'nav.cases', roles: ['admin', 'security_officer', 'subject', 'investigator', 'adjudicator'], page: Cases },
	{ path: '/decide', name: 'nav.decide', roles: ['security_officer', 'designator'], page: Decide },
	{ path: '/audit', name: 'nav.audit', roles: ['auditor'], page: Audit },
	{ path: '/reports/timeliness', name: 'nav.timeliness', roles: ['auditor', 'admin', 'adjudicator'], page: Timeliness },
	{ path: '/account', name: 'nav.account', roles: ROLES, page: Account },
];

export const START = {
	admin: '/cases',
	security_officer: '/staff',
	subject: '/cases',
	investigator: '/cases',
	adjudicator: '/cases',
	designator: '/decide',
	auditor: '/audit',
};

export function pagesFor(role) {
	return PAGES.filter((p) => p.roles.includes(role));
}

export function findPage(path, role) {
	const p = PAGES.find((x) => x.path === path);
	return p && p.roles.includes(role) ? p : null;
}
