import * as pk from 'personkit';
import { check } from './check.mjs';

self.onmessage = async (e) => {
  self.postMessage(await check(pk, e.data.mock, e.data.refused));
};
