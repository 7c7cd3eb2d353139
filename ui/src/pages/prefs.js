// SPDX-License-Identifier: Apache-2.0
// pages/prefs.js - how this browser writes dates, on "my account": the
// language's own way, the Japanese calendar (和暦), or ISO 8601, each shown
// with today as it would read.  Kept in this browser (localStorage); the
// app redraws the page when it changes (the 'scs-prefs' event).
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { DATE_STYLES, fmtDate, getDateStyle, setDateStyle, t } from '../i18n.js';

/* Today as YYYY-MM-DD in the user's zone. */
function today() {
	const d = new Date();
	const p = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/* How style s writes today, without changing the current style. */
function sample(s) {
	const cur = getDateStyle();
	setDateStyle(s);
	const out = fmtDate(today());
	setDateStyle(cur);
	return out;
}

export function DatePrefs() {
	const [chosen, setChosen] = useState(getDateStyle());
	const choose = (s) => {
		setDateStyle(s);
		setChosen(s);
		window.dispatchEvent(new Event('scs-prefs'));
	};
	return html`<section aria-labelledby="prefs-h">
		<h2 id="prefs-h">${t('prefs.title')}</h2>
		<fieldset class="choices">
			<legend>${t('prefs.dates')}</legend>
			${DATE_STYLES.map((s) => html`<div class="choice">
				<input type="radio" id=${'prefs-' + s} name="date-style" value=${s} checked=${chosen === s}
					onChange=${() => choose(s)} />
				<label for=${'prefs-' + s}>${t('prefs.dates_' + s)} <span class="muted">(${sample(s)})</span></label>
			</div>`)}
		</fieldset>
		<p class="hint">${t('prefs.dates_hint')}</p>
	</section>`;
}
