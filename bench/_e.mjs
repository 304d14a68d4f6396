import { validateEqualsPerson } from 'personkit';
import { invalid } from '/work/main/bench/schemas/equals.mjs';
let s = 0;
for (let r = 0; r < 5; r++) { const t = performance.now(); for (let i = 0; i < 200000; i++) s += validateEqualsPerson(invalid).errors.length; console.log(((performance.now() - t) / 200).toFixed(3), 'µs/call'); }
