import * as pk from 'personkit';
import { check } from './check.mjs';

const q = new URLSearchParams(location.search);
check(pk, q.get('mock'), q.get('refused')).then((r) => { window.__result = r; });
