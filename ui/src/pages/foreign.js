// SPDX-License-Identifier: Apache-2.0
// pages/foreign.js - a partner's attestation code recorded as a foreign
// clearance of a member of staff (docs/attestation.md, "Foreign
// clearances"; POST /v1/attestations/import {code, person}), on the
// security officer's page of the person (pages/person.js), after the
// attestation codes.  The code is pasted as text; the register verifies
// it against its partners' key lists and checks that it names the person.
// Recorded, the clearance is shown (authority, level, valid until); a
// refusal, whatever field the server names, under the code.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { TextArea } from '../casefile-fields.js';
import { FormStatus, useForm } from '../form.js';
import { t, tCode } from '../i18n.js';
import { levelName, loadLevels } from '../registers-fields.js';
import { Time, useLoad } from '../widgets.js';

export function ForeignImport({ person }) {
	const refs = useLoad(() => loadLevels(), []);
	const form = useForm({ code: '' }, { id: 'fx', fallbackField: 'code' });
	const [rec, setRec] = useState(null);
	const onSubmit = (e) => {
		e.preventDefault();
		setRec(null);
		/* Line breaks of a wrapped paste go, and leading blanks; other spaces stay (Base45 has the space, a code may end in one). */
		const code = form.values.code.replace(/[\r\n\t]+/g, '').replace(/^ +/, '');
		if (!code) {
			form.setErrors({ code: t('xfer.fx.code_required') });
			const el = document.getElementById('fx-code');
			if (el)
				el.focus();
			return;
		}
		form.submit(() => api('POST', '/attestations/import', { code, person }), (r) => {
			setRec(r.clearance || {});
			form.reset();
		});
	};
	const c = rec;
	return html`<section class="casefile foreign" aria-labelledby="fx-h">
		<h2 id="fx-h">${t('xfer.fx.title')}</h2>
		<p>${t('xfer.fx.intro')}</p>
		<form onSubmit=${onSubmit} novalidate class="narrow foreign-form">
			<${TextArea} form=${form} name="code" label=${t('xfer.fx.code')} hint=${t('xfer.fx.code_hint')} required rows="4"
				spellcheck="false" autocomplete="off" lang="en" />
			<${FormStatus} form=${form} />
			<button type="submit" disabled=${form.busy}>${t('xfer.fx.submit')}</button>
		</form>
		${c ? html`<div class="notice notice-ok foreign-recorded" role="status">
			<p>${t('xfer.fx.recorded')}</p>
			<dl class="facts">
				<dt>${t('xfer.authority')}</dt><dd class="foreign-authority">${c.authority}${tCode('authority', c.authority) !== c.authority ?
					' — ' + tCode('authority', c.authority) : ''}</dd>
				<dt>${t('xfer.level')}</dt><dd class="foreign-level">${levelName(refs.data || [], c.authority, c.level)} <code class="muted">${c.level}</code></dd>
				<dt>${t('xfer.valid_from')}</dt><dd><${Time} value=${c.valid_from} /></dd>
				<dt>${t('xfer.valid_until')}</dt><dd><${Time} value=${c.valid_until} /></dd>
			</dl>
		</div>` : null}
	</section>`;
}
