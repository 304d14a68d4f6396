// @vitest-environment jsdom
// Vitest's jsdom environment, chosen by this comment: no Vitest config. The
// same signup form as the Jest one (apps/jest/signup.cjs, copied beside it).
// Vitest leaves dependencies to Node, which resolves personkit to js/node.mjs.
import { test, expect, vi } from 'vitest';
import * as pk from 'personkit';
import { signup } from './signup.cjs';

test('a React signup form validates, encodes the chosen File and enrols it', async () => {
  await signup({ pk, expect, mockFn: vi.fn });
});
