// SPDX-License-Identifier: Apache-2.0
// attest/qr.js - the page's side of the QR reader: a frame or an image
// to RGBA pixels on a canvas (at most MAX pixels on a side, so a phone's
// photo stays quick), decoded by the worker /ui/qr.js (qr-worker.js),
// started on first use.  One image at a time.
const MAX = 1280;
let worker = null;
let busy = null;

function getWorker() {
	if (!worker)
		worker = new Worker('/ui/qr.js');
	return worker;
}

/** The RGBA pixels of an image source (ImageBitmap, <video>) of size w x h. */
export function pixels(src, w, h) {
	const scale = Math.min(1, MAX / Math.max(w, h));
	const cw = Math.max(1, Math.round(w * scale));
	const ch = Math.max(1, Math.round(h * scale));
	const canvas = document.createElement('canvas');
	canvas.width = cw;
	canvas.height = ch;
	const ctx = canvas.getContext('2d', { willReadFrequently: true });
	ctx.drawImage(src, 0, 0, cw, ch);
	return ctx.getImageData(0, 0, cw, ch);
}

/** The text of the QR code in img (ImageData), or null. */
export function readQR(img) {
	if (busy)
		return busy.then(() => readQR(img));
	const w = getWorker();
	busy = new Promise((resolve) => {
		w.onmessage = (e) => resolve(e.data);
		w.onerror = () => resolve(null);
		w.postMessage({ data: img.data.buffer, width: img.width, height: img.height }, [img.data.buffer]);
	}).finally(() => {
		busy = null;
	});
	return busy;
}

/** The text of the QR code in an image file, or null. */
export async function readQRFile(file) {
	const bmp = await createImageBitmap(file);
	try {
		return await readQR(pixels(bmp, bmp.width, bmp.height));
	} finally {
		bmp.close();
	}
}
