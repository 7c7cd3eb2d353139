// SPDX-License-Identifier: Apache-2.0
// attest/inflate.js - zlib (RFC 1950) through the browser's own
// DecompressionStream('deflate'), with the output capped: a short code
// that inflates past the cap is a compression bomb (malformed), and so
// is a truncated stream or bytes after its end.
import { bad, concat } from './bytes.js';

/* Feed the input, then close; errors come out of the reader. */
function feed(writer, bytes) {
	writer.write(bytes).catch(() => {});
	writer.close().catch(() => {});
}

/* Adler-32 (RFC 1950) of bytes. */
function adler32(bytes) {
	let a = 1;
	let b = 0;
	for (const x of bytes) {
		a = (a + x) % 65521;
		b = (b + a) % 65521;
	}
	return ((b << 16) | a) >>> 0;
}

/* A zlib stream ends with the Adler-32 of what it inflates to: a byte
 * after the end makes the last four something else.  (Browsers refuse
 * bytes after the end themselves, as the Compression Streams standard
 * says; Node's DecompressionStream does not, hence this check too.) */
function endsWithAdler(bytes, out) {
	const n = bytes.length;
	const tail = ((bytes[n - 4] << 24) | (bytes[n - 3] << 16) | (bytes[n - 2] << 8) | bytes[n - 1]) >>> 0;
	return n >= 6 && tail === adler32(out);
}

function finish(bytes, out) {
	if (!endsWithAdler(bytes, out))
		bad('bytes follow the zlib stream');
	return out;
}

/** The inflated bytes of a zlib stream, at most cap of them; throws Malformed. */
export async function inflate(bytes, cap) {
	if (bytes.length < 2 || (bytes[0] & 0x0f) !== 8)
		bad('the data is not zlib-compressed');
	const ds = new DecompressionStream('deflate');
	const reader = ds.readable.getReader();
	feed(ds.writable.getWriter(), bytes);
	const parts = [];
	let total = 0;
	for (;;) {
		let r;
		try {
			r = await reader.read();
		} catch (e) {
			bad('the zlib stream is truncated or corrupt, or bytes follow it');
		}
		if (r.done)
			return finish(bytes, concat(...parts));
		total += r.value.length;
		if (total > cap) {
			reader.cancel().catch(() => {});
			bad(`the data inflates past ${cap} bytes`);
		}
		parts.push(r.value);
	}
}
