// SPDX-License-Identifier: Apache-2.0
// pages/admin-keys.js - the register's keys as an admin needs to see
// them (GET /v1/keys: the data keys, the current one, the person keys
// each still wraps, the audit log's signing key) and the last signed tree
// head (GET /v1/audit/head).  Never a secret: the server sends none.
// Rotation needs the key directory and runs in batches for a long time,
// so it stays a command (scs keys rotate); the page says how.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../api.js';
import { fmtNum, t } from '../i18n.js';
import { LoadError, Loading, Time, useLoad } from '../widgets.js';

export function Keys() {
	const keys = useLoad(() => api('GET', '/keys'), []);
	const head = useLoad(() => api('GET', '/audit/head'), []);
	useEffect(() => {
		document.title = t('adm.keys.title') + ' — SCS';
	}, []);
	const k = keys.data;
	const h = head.data;
	const cur = k ? k.data_keys.find((x) => x.current) : null;
	return html`<h1>${t('adm.keys.title')}</h1>
		<p>${t('adm.keys.intro')}</p>
		<${Loading} on=${(keys.loading && !k) || (head.loading && !h)} />
		<${LoadError} error=${keys.error} reload=${keys.reload} />
		<${LoadError} error=${head.error} reload=${head.reload} />
		${k ? html`<section aria-labelledby="keys-data-h">
			<h2 id="keys-data-h">${t('adm.keys.data')}</h2>
			${cur ? html`<p class="adm-current">${t('adm.keys.current_is', { id: cur.id })}</p>` : null}
			${k.rotating_to ? html`<div class="notice notice-warn" role="status"><p>${t('adm.keys.rotating', { id: k.rotating_to })}</p></div>` : null}
			<div class="table-wrap" tabindex="0" role="region" aria-label=${t('adm.keys.data')}><table class="adm-keys">
				<caption class="sr-only">${t('adm.keys.data')}</caption>
				<thead><tr>
					<th scope="col">${t('adm.keys.id')}</th><th scope="col">${t('adm.keys.state')}</th>
					<th scope="col">${t('adm.keys.created')}</th><th scope="col" class="num">${t('adm.keys.person_keys')}</th>
				</tr></thead>
				<tbody>${k.data_keys.map((d) => html`<tr key=${d.id} data-key=${d.id} class=${d.current ? 'adm-key-current' : undefined}>
					<th scope="row"><code>dek-${d.id}</code></th>
					<td>${d.current ? html`<span class="status adm-state-active">${t('adm.keys.current')}</span>` : t('adm.keys.old')}</td>
					<td><${Time} value=${d.created} /></td>
					<td class="num">${fmtNum(d.person_keys, 0)}</td>
				</tr>`)}</tbody>
			</table></div>
			<p class="hint">${t('adm.keys.person_keys_hint')}</p>
		</section>` : null}
		<section aria-labelledby="keys-sign-h">
			<h2 id="keys-sign-h">${t('adm.keys.signing')}</h2>
			${k ? html`<dl class="facts adm-facts">
				<dt>${t('adm.keys.algorithm')}</dt><dd>${k.signing.algorithm}</dd>
				<dt>${t('adm.keys.public_key')}</dt><dd><code class="adm-hex" data-pub>${k.signing.public_key}</code></dd>
			</dl>` : null}
			${h ? html`<h3>${t('adm.keys.head')}</h3>
			<dl class="facts adm-facts adm-head">
				<dt>${t('adm.keys.head_size')}</dt><dd data-size>${fmtNum(h.size, 0)}</dd>
				<dt>${t('adm.keys.head_time')}</dt><dd><${Time} value=${h.time} /></dd>
				<dt>${t('adm.keys.head_root')}</dt><dd><code class="adm-hex">${h.root}</code></dd>
				<dt>${t('adm.keys.head_sig')}</dt><dd><code class="adm-hex">${h.signature}</code></dd>
			</dl>` : null}
		</section>
		<section aria-labelledby="keys-rot-h" class="adm-panel">
			<h2 id="keys-rot-h">${t('adm.keys.rotate')}</h2>
			<p>${t('adm.keys.rotate_text')}</p>
			<pre class="adm-cmd"><code lang="en">scs keys rotate</code></pre>
			<p>${t('adm.keys.rotate_more')}</p>
		</section>`;
}
