/**
 * @jest-environment jsdom
 */
// Jest's jsdom environment, chosen by this docblock: no Jest config, and
// CommonJS test code as babel-jest leaves it. The form is signup.cjs's.
const pk = require('personkit');
const { signup } = require('./signup.cjs');

test('a React signup form validates, encodes the chosen File and enrols it', async () => {
  await signup({ pk, expect, mockFn: jest.fn });
  // personkit's glue was lent Node's TextEncoder to load (js/node-glue.cjs): the test's globals are still jsdom's.
  expect(typeof TextEncoder).toBe('undefined');
});
