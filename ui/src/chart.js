// SPDX-License-Identifier: Apache-2.0
// chart.js - two small SVG charts drawn by our own code (no library: the
// bars and labels are a few dozen elements).  No style attributes (the
// CSP forbids them): colours come from classes in app.css.  Each chart is
// an image with a text title; the same numbers are in a table beside it.
import { html } from 'htm/preact';
import { fmtNum } from './i18n.js';

const W = 720;
const LABEL = 230;
const BAR = 22;
const GAP = 10;

function niceMax(v) {
	if (!(v > 0))
		return 1;
	const p = Math.pow(10, Math.floor(Math.log10(v)));
	for (const m of [1, 2, 2.5, 5, 10])
		if (m * p >= v)
			return m * p;
	return 10 * p;
}

/**
 * Horizontal bars, each a stack of segments: rows [{label, parts: [{key,
 * value}]}], series [{key, label, cls}].  unit formats the axis end.
 */
export function StackedBars({ id, title, rows, series, unit }) {
	const max = niceMax(Math.max(0, ...rows.map((r) => r.parts.reduce((s, p) => s + (p.value || 0), 0))));
	const plot = W - LABEL - 20;
	const h = rows.length * (BAR + GAP) + 30;
	const x = (v) => (v / max) * plot;
	return html`<figure class="chart">
		<svg viewBox=${`0 0 ${W} ${h}`} role="img" aria-labelledby=${id + '-t'} class="chart-svg">
			<title id=${id + '-t'}>${title}</title>
			${rows.map((r, i) => {
				let at = LABEL;
				const y = i * (BAR + GAP);
				return html`<g>
					<text x=${LABEL - 6} y=${y + BAR * 0.7} class="chart-label" text-anchor="end">${r.label}</text>
					${r.parts.map((p) => {
						const s = series.find((q) => q.key === p.key);
						const w = x(p.value || 0);
						const el = html`<rect x=${at} y=${y} width=${Math.max(0, w)} height=${BAR} class=${s ? s.cls : 'c0'}>
							<title>${(s ? s.label : p.key) + ': ' + fmtNum(p.value) + (unit ? ' ' + unit : '')}</title></rect>`;
						at += w;
						return el;
					})}
				</g>`;
			})}
			<line x1=${LABEL} x2=${LABEL + plot} y1=${h - 24} y2=${h - 24} class="chart-axis" />
			<text x=${LABEL} y=${h - 8} class="chart-tick">0</text>
			<text x=${LABEL + plot} y=${h - 8} class="chart-tick" text-anchor="end">${fmtNum(max) + (unit ? ' ' + unit : '')}</text>
		</svg>
		${series.length > 1 ? html`<figcaption><ul class="legend">
			${series.map((s) => html`<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" class=${s.cls} /></svg> ${s.label}</li>`)}
		</ul></figcaption>` : null}
	</figure>`;
}
