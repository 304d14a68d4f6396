import * as pk from 'personkit';
import { check } from './check.mjs';

export default {
  async fetch(request) {
    const q = new URL(request.url).searchParams;
    return Response.json(await check(pk, q.get('mock'), q.get('refused')));
  },
};
