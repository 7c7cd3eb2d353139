// SPDX-License-Identifier: Apache-2.0
// attest/base45.js - Base45 (RFC 9285), decoded strictly as the server
// does (src/codec/base45.c): a character outside the alphabet (lower case
// included), a length of 3k + 1, a group of three above 65535 or of two
// above 255 is refused, with the position.
import { bad } from './bytes.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function value(text, i) {
	const v = ALPHABET.indexOf(text[i]);
	if (v < 0)
		bad(`Base45: character ${i + 1} is outside the alphabet`);
	return v;
}

/** The bytes of Base45 text; throws Malformed. */
export function base45Decode(text) {
	if (text.length % 3 === 1)
		bad('Base45: a length that leaves one character over');
	const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 ? 1 : 0));
	let o = 0;
	for (let i = 0; i < text.length; i += 3) {
		if (i + 2 < text.length) {
			const n = value(text, i) + 45 * value(text, i + 1) + 2025 * value(text, i + 2);
			if (n > 65535)
				bad(`Base45: the group at ${i + 1} is above 65535`);
			out[o++] = n >> 8;
			out[o++] = n & 255;
		} else {
			const n = value(text, i) + 45 * value(text, i + 1);
			if (n > 255)
				bad(`Base45: the group at ${i + 1} is above 255`);
			out[o++] = n;
		}
	}
	return out;
}
