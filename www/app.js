// The demo page's script (no inline script: the CSP forbids it).
import { version } from '/js/browser.mjs';

document.getElementById('version').textContent = version();
