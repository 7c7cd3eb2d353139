// SPDX-License-Identifier: Apache-2.0
// attest/qr-worker.js - the QR code reader, in a worker of its own
// (ui/build.mjs bundles it with jsQR into /ui/qr.js): loaded only when
// the verifier page reads an image or the camera, and off the page's
// thread.  In: {data, width, height} (RGBA); out: the text, or null.
import jsQR from 'jsqr';

self.onmessage = (e) => {
	const { data, width, height } = e.data;
	let text = null;
	try {
		const r = jsQR(new Uint8ClampedArray(data), width, height, { inversionAttempts: 'attemptBoth' });
		text = r ? r.data : null;
	} catch (err) {
		text = null;
	}
	self.postMessage(text);
};
