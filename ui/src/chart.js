// SPDX-License-Identifier: Apache-2.0
// chart.js - small SVG charts drawn by our own code (no library: the
// bars and labels are a few dozen elements).  No style attributes (the
// CSP forbids them): colours come from classes in app.css and
// css/chart.css (a saved chart takes them as attributes: chartDocument).  Each chart is
// an image with a text title; the same numbers are in a table beside it.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { fmtDate, fmtNum, t } from './i18n.js';

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

/*
 * The planner's charts (pages/planner.js), for the report to the Diet:
 * grouped or stacked bars with their values written at the bars' ends, a
 * fan of bands over a line, each with its legend inside the SVG (so that a
 * saved file is whole), a <desc> that says in a sentence what it shows,
 * and buttons that save it as SVG or as PNG (ChartSave).  The series'
 * colours are the classes k1…k7 of css/chart.css: Okabe and Ito's palette,
 * told apart by readers of every kind of colour vision, ordered so that
 * neighbours also differ in lightness when printed in grey.
 */
const FONT = 13;
const VALUES = 96; /* room for the value written after the longest bar */

/* About how wide @s is in px at @size: a CJK glyph is a square, Latin ~0.56 of it. */
function textWidth(s, size) {
	let w = 0;
	for (const ch of String(s))
		w += ch.codePointAt(0) >= 0x2e80 ? size : size * 0.56;
	return w;
}

/* An axis from 0 past v in about five round steps (1, 2 or 5 times a
 * power of ten, whole numbers when v is a count): {max, ticks}. */
function axis(v, whole) {
	if (!(v > 0))
		return { max: 1, ticks: [0, 1] };
	const raw = v / 5;
	const p = Math.pow(10, Math.floor(Math.log10(raw)));
	let step = [1, 2, 5, 10].map((m) => m * p).find((x) => x >= raw);
	if (whole)
		step = Math.max(1, Math.round(step));
	const n = Math.max(1, Math.ceil(v / step - 1e-9));
	return { max: n * step, ticks: Array.from({ length: n + 1 }, (_, i) => i * step) };
}

/*
 * The legend as SVG: swatches and labels laid out in lines within width
 * from x0; items [{label, cls, line}] (line: a stroke, not a box).
 * Returns [elements, height].
 */
function svgLegend(items, x0, width) {
	let x = x0;
	let y = 0;
	const out = [];
	for (const it of items) {
		const w = 18 + textWidth(it.label, FONT) + 18;
		if (x > x0 && x + w > x0 + width) {
			x = x0;
			y += 20;
		}
		out.push(html`<g>
			${it.line ? html`<line x1=${x} x2=${x + 12} y1=${y + 7} y2=${y + 7} class=${it.cls} />` :
				html`<rect x=${x} y=${y + 1} width="12" height="12" class=${it.cls} />`}
			<text x=${x + 18} y=${y + 12} class="chart-label">${it.label}</text></g>`);
		x += w;
	}
	return [out, items.length ? y + 28 : 0];
}

/**
 * Horizontal bars: rows [{label, parts: [{key, value, text}]}], series
 * [{key, label, cls}].  stacked: each row's parts end to end, its total
 * written after it; else one bar per part, its value (or text) after it.
 * fmt writes a value (fmtNum by default); unit names the axis.  A value
 * null draws no bar (its text, or —, is still written).  The legend is
 * drawn for more than one series, unless legend is false (when the rows'
 * labels already name them); whole: the values are counts, the axis
 * steps whole numbers.
 */
export function Bars({ id, title, desc, rows, series, unit, stacked, fmt, file, legend: withLegend, whole }) {
	const f = fmt || ((v) => fmtNum(v));
	const sum = (r) => r.parts.reduce((s, p) => s + (p.value || 0), 0);
	const ax = axis(Math.max(0, ...rows.map((r) => (stacked ? sum(r) : Math.max(0, ...r.parts.map((p) => p.value || 0))))), whole);
	const label = Math.min(230, Math.max(90, ...rows.map((r) => textWidth(r.label, FONT) + 12)));
	const plot = W - label - VALUES;
	const x = (v) => (Math.max(0, v || 0) / ax.max) * plot;
	const [legend, top] = series.length > 1 && withLegend !== false ? svgLegend(series, label, plot + VALUES) : [[], 0];
	const bar = stacked ? 22 : 15;
	const k = Math.max(1, ...rows.map((r) => r.parts.length));
	const rowH = stacked ? bar + 10 : k * (bar + 3) + 11;
	const axisY = top + rows.length * rowH + 4;
	const h = axisY + (unit ? 42 : 24);
	const cls = (key) => (series.find((s) => s.key === key) || { cls: 'k1' }).cls;
	const name = (key) => (series.find((s) => s.key === key) || { label: key }).label;
	const drawRow = (r, i) => {
		const y0 = top + i * rowH;
		let at = label;
		const parts = r.parts.map((p, j) => {
			const y = stacked ? y0 : y0 + j * (bar + 3);
			const w = x(p.value);
			const start = stacked ? at : label;
			at += stacked ? w : 0;
			return html`<g>
				${p.value === null || p.value === undefined ? null : html`<rect x=${start} y=${y} width=${w} height=${bar}
					class=${cls(p.key) + ' chart-bar'}><title>${name(p.key) + ': ' + (p.text || f(p.value)) + (unit ? ' ' + unit : '')}</title></rect>`}
				${stacked ? null : html`<text x=${label + w + 5} y=${y + bar - 3} class="chart-value">${p.text || f(p.value)}</text>`}
			</g>`;
		});
		const mid = stacked ? bar / 2 : (r.parts.length * (bar + 3) - 3) / 2;
		return html`<g>
			<text x=${label - 8} y=${y0 + mid + 5} class="chart-label" text-anchor="end">${r.label}</text>
			${parts}
			${stacked ? html`<text x=${at + 5} y=${y0 + bar - 5} class="chart-value">${f(sum(r))}</text>` : null}
		</g>`;
	};
	return html`<figure class="chart chart-wide" id=${id}>
		<svg id=${id + '-svg'} viewBox=${`0 0 ${W} ${h}`} role="img" aria-labelledby=${id + '-t'}
			aria-describedby=${desc ? id + '-d' : undefined} class="chart-svg">
			<title id=${id + '-t'}>${title}</title>
			${desc ? html`<desc id=${id + '-d'}>${desc}</desc>` : null}
			${legend}
			${ax.ticks.map((v) => html`<g>
				<line x1=${label + x(v)} x2=${label + x(v)} y1=${top} y2=${axisY} class="chart-grid" />
				<text x=${label + x(v)} y=${axisY + 16} class="chart-tick" text-anchor="middle">${fmtNum(v)}</text></g>`)}
			${rows.map(drawRow)}
			<line x1=${label} x2=${label + plot} y1=${axisY} y2=${axisY} class="chart-axis" />
			<line x1=${label} x2=${label} y1=${top} y2=${axisY} class="chart-axis" />
			${unit ? html`<text x=${label + plot / 2} y=${axisY + 34} class="chart-tick" text-anchor="middle">${unit}</text>` : null}
		</svg>
		${file ? html`<${ChartSave} id=${id} title=${title} file=${file} />` : null}
	</figure>`;
}

/**
 * A fan: bands over x, each series [{key, label, cls, points: [{x, lo,
 * hi, mid}]}] drawn in order (the widest first), and the line of the
 * points' mid of the last series that has them, named midLabel.  Generic:
 * replications of a simulation or a forecast's intervals feed it alike.
 * lines [{key, label, cls, points: [{x, y}]}]: more lines, each in the
 * legend (what was, beside what may be); marks [{x, label}]: a dashed
 * upright line across the plot with its label at the top (where the
 * figures stop being counts and start being a forecast).  xTicks [{x,
 * label, sub}] mark the x axis (sub: a second line, a date or a year);
 * unit names the y axis.
 */
export function Fan({ id, title, desc, series, lines, marks, midLabel, xTicks, unit, file, whole }) {
	const more = lines || [];
	const pts = [...series.flatMap((s) => s.points), ...more.flatMap((l) => l.points.map((p) => ({ x: p.x, hi: p.y })))];
	const x0 = Math.min(...pts.map((p) => p.x));
	const x1 = Math.max(x0 + 1, ...pts.map((p) => p.x));
	const ax = axis(Math.max(0, ...pts.map((p) => p.hi)), whole);
	const max = ax.max;
	const left = 56;
	const plot = W - left - 44;
	const withMid = [...series].reverse().find((s) => s.points.some((p) => p.mid !== undefined && p.mid !== null));
	const items = [...more.map((l) => ({ label: l.label, cls: l.cls, line: true })),
		...series.map((s) => ({ label: s.label, cls: s.cls + ' chart-band' })),
		...(withMid ? [{ label: midLabel, cls: 'chart-mid', line: true }] : [])];
	const [legend, above] = svgLegend(items, left, plot);
	const top = above + (unit || (marks && marks.length) ? 14 : 0);
	const ph = 240;
	const h = top + ph + 44;
	const X = (v) => left + ((v - x0) / (x1 - x0)) * plot;
	const Y = (v) => top + ph - (Math.max(0, v) / max) * ph;
	const band = (s) => {
		const ps = [...s.points].sort((a, b) => a.x - b.x);
		const up = ps.map((p) => `${X(p.x).toFixed(1)},${Y(p.hi).toFixed(1)}`);
		const down = ps.reverse().map((p) => `${X(p.x).toFixed(1)},${Y(p.lo).toFixed(1)}`);
		return html`<polygon points=${[...up, ...down].join(' ')} class=${s.cls + ' chart-band'}><title>${s.label}</title></polygon>`;
	};
	const mid = withMid ? [...withMid.points].filter((p) => p.mid !== undefined && p.mid !== null).sort((a, b) => a.x - b.x) : [];
	return html`<figure class="chart chart-wide" id=${id}>
		<svg id=${id + '-svg'} viewBox=${`0 0 ${W} ${h}`} role="img" aria-labelledby=${id + '-t'}
			aria-describedby=${desc ? id + '-d' : undefined} class="chart-svg">
			<title id=${id + '-t'}>${title}</title>
			${desc ? html`<desc id=${id + '-d'}>${desc}</desc>` : null}
			${legend}
			${ax.ticks.map((v) => html`<g>
				<line x1=${left} x2=${left + plot} y1=${Y(v)} y2=${Y(v)} class="chart-grid" />
				<text x=${left - 6} y=${Y(v) + 4} class="chart-tick" text-anchor="end">${fmtNum(v)}</text></g>`)}
			${series.map(band)}
			${more.map((l) => html`<polyline points=${[...l.points].sort((a, b) => a.x - b.x).map((p) => `${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ')}
				class=${l.cls}><title>${l.label}</title></polyline>`)}
			${(marks || []).map((m) => html`<g>
				<line x1=${X(m.x)} x2=${X(m.x)} y1=${top} y2=${top + ph} class="chart-mark" />
				<text x=${X(m.x)} y=${top - 4} class="chart-sub" text-anchor="middle">${m.label}</text></g>`)}
			${mid.length ? html`<polyline points=${mid.map((p) => `${X(p.x).toFixed(1)},${Y(p.mid).toFixed(1)}`).join(' ')}
				class="chart-mid"><title>${midLabel}</title></polyline>` : null}
			<line x1=${left} x2=${left + plot} y1=${top + ph} y2=${top + ph} class="chart-axis" />
			<line x1=${left} x2=${left} y1=${top} y2=${top + ph} class="chart-axis" />
			${(xTicks || []).map((tk) => html`<g>
				<line x1=${X(tk.x)} x2=${X(tk.x)} y1=${top + ph} y2=${top + ph + 4} class="chart-axis" />
				<text x=${X(tk.x)} y=${top + ph + 17} class="chart-tick" text-anchor="middle">${tk.label}</text>
				${tk.sub ? html`<text x=${X(tk.x)} y=${top + ph + 33} class="chart-sub" text-anchor="middle">${tk.sub}</text>` : null}</g>`)}
			${unit ? html`<text x=${left - 6} y=${top - 8} class="chart-tick" text-anchor="end">${unit}</text>` : null}
		</svg>
		${file ? html`<${ChartSave} id=${id} title=${title} file=${file} />` : null}
	</figure>`;
}

/* What a saved chart takes from the page's styles: its classes become
 * these presentation attributes, so that the file looks the same alone. */
const PAINT = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray',
	'stroke-linejoin', 'opacity', 'font-family', 'font-size', 'font-weight'];
const FOOT = 24;

/* @s in lines of at most @width px at @size: broken at spaces, or
 * between any two CJK glyphs. */
function wrap(s, size, width) {
	const out = [];
	let line = '';
	for (const tok of String(s).match(/[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+/g) || []) {
		if (line && textWidth(line + tok.trimEnd(), size) > width) {
			out.push(line.trimEnd());
			line = tok.trimStart();
		} else {
			line += tok;
		}
	}
	if (line.trim())
		out.push(line.trimEnd());
	return out.length ? out : [''];
}

/**
 * The chart in the SVG element svg as a document of its own: its
 * computed paint as attributes (no class, no stylesheet), on white, with
 * its title written above (in lines that fit) and the source and date
 * below.
 */
export function chartDocument(svg, title) {
	const vb = svg.viewBox.baseVal;
	const w = vb.width;
	const lines = wrap(title, 16 * 1.06, w - 16);
	const head = 14 + lines.length * 21;
	const h = vb.height + head + FOOT;
	const ns = 'http://www.w3.org/2000/svg';
	const clone = svg.cloneNode(true);
	const from = svg.querySelectorAll('*');
	const to = clone.querySelectorAll('*');
	for (let i = 0; i < from.length; i++) {
		const tag = from[i].localName;
		to[i].removeAttribute('class');
		if (tag === 'title' || tag === 'desc')
			continue;
		const cs = getComputedStyle(from[i]);
		for (const p of PAINT)
			to[i].setAttribute(p, cs.getPropertyValue(p));
	}
	const doc = document.createElementNS(ns, 'svg');
	doc.setAttribute('xmlns', ns);
	doc.setAttribute('viewBox', `0 0 ${w} ${h}`);
	doc.setAttribute('width', String(w));
	doc.setAttribute('height', String(h));
	doc.setAttribute('lang', document.documentElement.lang);
	const font = getComputedStyle(svg).getPropertyValue('font-family');
	const el = (tag, attrs, text) => {
		const e = document.createElementNS(ns, tag);
		for (const [k, v] of Object.entries(attrs))
			e.setAttribute(k, String(v));
		if (text !== undefined)
			e.textContent = text;
		doc.appendChild(e);
		return e;
	};
	for (const c of [...clone.childNodes].filter((n) => n.localName === 'title' || n.localName === 'desc'))
		doc.appendChild(c);
	el('rect', { width: w, height: h, fill: '#ffffff' });
	const heading = el('text', { 'font-family': font, 'font-size': 16, 'font-weight': 700, fill: '#1b1f24' });
	lines.forEach((l, i) => {
		const span = document.createElementNS(ns, 'tspan');
		span.setAttribute('x', '8');
		span.setAttribute('y', String(22 + i * 21));
		span.textContent = l;
		heading.appendChild(span);
	});
	const g = el('g', { transform: `translate(0 ${head})` });
	while (clone.firstChild)
		g.appendChild(clone.firstChild);
	const d = new Date();
	const ymd = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
	el('text', { x: w - 8, y: h - 8, 'font-family': font, 'font-size': 11, fill: '#505a66', 'text-anchor': 'end' },
		t('chart.source', { date: fmtDate(ymd) }));
	return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc);
}

/* Offer blob as a file named name (an anchor's download, then let go). */
function offer(blob, name) {
	const a = document.createElement('a');
	a.href = URL.createObjectURL(blob);
	a.download = name;
	a.hidden = true;
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(a.href), 60000);
}

/** The chart document drawn through a canvas at scale times its size: a PNG blob. */
export function chartPNG(text, scale) {
	return new Promise((resolve, reject) => {
		const img = new Image();
		img.onload = () => {
			const c = document.createElement('canvas');
			c.width = Math.round(img.naturalWidth * scale);
			c.height = Math.round(img.naturalHeight * scale);
			const g = c.getContext('2d');
			g.fillStyle = '#fff';
			g.fillRect(0, 0, c.width, c.height);
			g.drawImage(img, 0, 0, c.width, c.height);
			c.toBlob((b) => (b ? resolve(b) : reject(new Error('png'))), 'image/png');
		};
		img.onerror = () => reject(new Error('svg'));
		img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
	});
}

/**
 * "Save SVG" and "Save PNG" for the chart of figure id (its SVG is
 * id-svg): file is the name without its extension; the PNG is drawn at
 * twice the size, for print.
 */
export function ChartSave({ id, title, file }) {
	const [err, setErr] = useState(false);
	const doc = () => chartDocument(document.getElementById(id + '-svg'), title);
	const svg = () => offer(new Blob([doc()], { type: 'image/svg+xml' }), file + '.svg');
	const png = () => {
		setErr(false);
		chartPNG(doc(), 2).then((b) => offer(b, file + '.png'), () => setErr(true));
	};
	const sv = t('chart.save_svg');
	const pn = t('chart.save_png');
	return html`<div class="chart-save">
		<button type="button" class="secondary small" data-save="svg" aria-label=${sv + ' — ' + title} onClick=${svg}>${sv}</button>
		<button type="button" class="secondary small" data-save="png" aria-label=${pn + ' — ' + title} onClick=${png}>${pn}</button>
		${err ? html`<p class="field-error" role="alert">${t('chart.png_failed')}</p>` : null}
	</div>`;
}
