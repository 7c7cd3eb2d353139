// SPDX-License-Identifier: Apache-2.0
// srvmsg.js - the server's refusal messages in the UI's language.  The
// server answers in English, a message made from a printf format of the C
// sources (scs_err_set(err, SCS_EINVAL, "field", "must be at most %d
// bytes", n)).  tools/server-messages.mjs lists those formats in
// i18n/server/messages.json (not bundled: the English IS the message);
// i18n/server/ja.json gives each its Japanese.  localMessage(message)
// finds the format the message was made from and fills the Japanese with
// the same arguments (a role, a case state or a kind of record among them
// shown by its catalog name: word() below); a message no format matches
// is shown as it came.  The matching itself, pure, is in srvmsg-match.js.
// tests/ui/run.mjs checks that every format has its translation, with the
// same conversions.
import JA from './i18n/server/ja.json';
import { CATALOGS, getLang } from './i18n.js';
import { translate } from './srvmsg-match.js';

export { translate };

/**
 * An argument that is a code the catalogs name, by that name: a role, a
 * case state or outcome, a case event, a kind of record ("this person
 * already exists").
 */
function word(v) {
	const cat = CATALOGS[getLang()] || {};
	const k = v.replace(/'s /g, '_').replace(/ /g, '_');
	if (/^[a-z_]+$/.test(k))
		for (const p of ['role.', 'state.', 'outcome.', 'file.ev.', 'srvmsg.kind.'])
			if (cat[p + k])
				return cat[p + k];
	return v;
}

/** A message from the server, in the UI's language when it has a translation. */
export function localMessage(message) {
	return getLang() === 'ja' ? translate(message, JA, word) : message;
}
