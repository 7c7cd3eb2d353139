// SPDX-License-Identifier: Apache-2.0
// attest/store.js - what the verifier page carries for use offline, in
// localStorage ("scs.verify"): the key lists (Base64 of the signed bytes,
// where from, when fetched), the status lists (the same) and the status
// list's maximum age.  Only signed bytes are kept: each is verified again
// when read, so a changed copy is refused, not believed.  A list of an
// authority already held must keep its root key (the pin) and be no
// older; a partner's list for a new authority needs the root's
// fingerprint, learnt out of band.
import { bad, fromBase64 } from './bytes.js';
import { readKeyList, readStatusList } from './trust.js';

const KEY = 'scs.verify';

export function toBase64(bytes) {
	let s = '';
	for (const b of bytes)
		s += String.fromCharCode(b);
	return btoa(s);
}

export function load() {
	try {
		const v = JSON.parse(localStorage.getItem(KEY) || '{}');
		return { lists: v.lists || [], status: v.status || [], maxAge: v.maxAge || 86400 };
	} catch (e) {
		return { lists: [], status: [], maxAge: 86400 };
	}
}

export function save(s) {
	try {
		localStorage.setItem(KEY, JSON.stringify(s));
	} catch (e) {
		/* not kept: the page still works until it is closed */
	}
}

/** The stored lists verified again: {lists: [{...readKeyList, source, fetched}], keys, status: [...]}, bad ones dropped. */
export async function open(s) {
	const lists = [];
	for (const e of s.lists) {
		try {
			lists.push({ ...(await readKeyList(fromBase64(e.list))), source: e.source, fetched: e.fetched, b64: e.list });
		} catch (err) {
			/* a stored copy that no longer verifies is dropped */
		}
	}
	const keys = lists.flatMap((l) => l.keys);
	const status = [];
	for (const e of s.status) {
		try {
			status.push({ ...(await readStatusList(fromBase64(e.cose), keys)), source: e.source, fetched: e.fetched, b64: e.cose });
		} catch (err) {
			/* the same */
		}
	}
	return { lists, keys, status };
}

const clean = (fp) => String(fp || '').toLowerCase().replace(/[^0-9a-f]/g, '');

/* May list l (verified) replace or join the held ones?  pins: fingerprints typed by the user. */
function admit(held, l, pins) {
	const old = held.find((h) => h.authority === l.authority);
	if (old) {
		if (old.fingerprint !== l.fingerprint)
			bad(`root:${l.authority}`);
		return l.issued >= old.issued;
	}
	if (pins !== null && !pins.includes(l.fingerprint))
		bad(`pin:${l.authority}:${l.fingerprint}`);
	return true;
}

/**
 * Add key lists (verified, from readTrustFile) to the store s; pins: the
 * fingerprints the user typed (null for the register's own lists, which
 * come with the page).  Throws Malformed "root:A" (another root) or
 * "pin:A:FP" (no pin given).
 */
export function addLists(s, open, lists, source, pins) {
	const typed = pins === null ? null : String(pins).split(/[\s,;]+/).map(clean).filter(Boolean);
	const now = Date.now();
	const next = { ...s, lists: [...s.lists] };
	for (const l of lists) {
		if (!admit(open.lists, l, typed))
			continue;
		next.lists = next.lists.filter((e) => !open.lists.some((h) => h.authority === l.authority && h.b64 === e.list));
		next.lists.push({ list: toBase64(l.bytes), source, fetched: now });
	}
	return next;
}

/** Add a status list (verified) to the store s, replacing an older one of its authority. */
export function addStatus(s, open, sl, bytes, source) {
	const old = open.status.find((h) => h.authority === sl.authority);
	if (old && old.issued > sl.issued)
		return s;
	const rest = s.status.filter((e) => !(old && e.cose === old.b64));
	return { ...s, status: [...rest, { cose: toBase64(bytes), source, fetched: Date.now() }] };
}
