// A module worker: no window, no document. encodeImage and prepareImage must work here.
import { encodeImage, prepareImage } from '/js/browser.mjs';

self.onmessage = async ({ data: blob }) => {
  try {
    const prepared = await prepareImage(blob, { maxDimension: 32 });
    const { base64, ...info } = await encodeImage(prepared);
    self.postMessage({ ok: true, info, base64Length: base64.length, same: prepared === blob });
  } catch (e) {
    self.postMessage({ ok: false, code: e.code, message: e.message });
  }
};
self.postMessage('ready');
