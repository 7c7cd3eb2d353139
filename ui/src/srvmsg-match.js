// SPDX-License-Identifier: Apache-2.0
// srvmsg-match.js - matching a message of the server against the printf
// formats it may have been made from, and filling a translation with its
// arguments.  Pure (no DOM, no catalogs) so that tests/ui/run.mjs runs it
// in Node; ui/src/srvmsg.js uses it with the Japanese table.

// %[N$][flags][width][.prec][length]conv
const SPEC = /%(?:(\d+)\$)?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|z|j|t|L)?([diouxXscfeEgG%])/g;

/** The conversions of a format: [{n (1-based, or 0 when not numbered), conv}], %% left out. */
export function specs(fmt) {
	return [...fmt.matchAll(SPEC)].filter((m) => m[2] !== '%').map((m) => ({ n: m[1] ? Number(m[1]) : 0, conv: m[2] }));
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A format as an anchored RegExp: a string is (.+?), a number (-?\d+). */
export function formatRegExp(fmt) {
	let re = '';
	let at = 0;
	for (const m of fmt.matchAll(SPEC)) {
		re += escape(fmt.slice(at, m.index));
		at = m.index + m[0].length;
		if (m[2] === '%')
			re += '%';
		else if (m[2] === 's' || m[2] === 'c')
			re += m[2] === 's' ? '(.+?)' : '(.)';
		else if (/[diu]/.test(m[2]))
			re += '(-?\\d+)';
		else if (/[xX]/.test(m[2]))
			re += '([0-9a-fA-F]+)';
		else if (m[2] === 'o')
			re += '([0-7]+)';
		else
			re += '(\\S+?)';
	}
	return new RegExp('^' + re + escape(fmt.slice(at)) + '$', 's');
}

/** The translation with its conversions replaced by args (numbered or in order); %% is %. */
function fill(fmt, args, word) {
	let i = 0;
	return fmt.replace(SPEC, (m, n, conv) => {
		if (conv === '%')
			return '%';
		const v = args[n ? Number(n) - 1 : i++];
		return v === undefined ? '' : word ? word(v) : v;
	});
}

// Per table: its formats as [regexp, english, literal length], longest
// literal text first, built once, when first needed.
const compiled = new WeakMap();

function patterns(table) {
	let p = compiled.get(table);
	if (!p) {
		p = Object.keys(table).map((f) => [formatRegExp(f), f, f.replace(SPEC, '').length])
			.sort((a, b) => b[2] - a[2] || b[1].length - a[1].length);
		compiled.set(table, p);
	}
	return p;
}

/**
 * message in the language of table ({english format: translation}), or
 * message itself when no format matches it.  Pure (no DOM): the format
 * with the most literal text that matches wins, so "no person \"%s\""
 * beats "no %s \"%s\"".  word(arg), if given, may replace each argument.
 */
export function translate(message, table, word) {
	if (typeof message !== 'string' || message === '' || !table)
		return message;
	if (Object.prototype.hasOwnProperty.call(table, message) && specs(message).length === 0)
		return table[message].replace(/%%/g, '%');
	for (const [re, f] of patterns(table)) {
		const m = re.exec(message);
		if (m)
			return fill(table[f], m.slice(1), word);
	}
	return message;
}
