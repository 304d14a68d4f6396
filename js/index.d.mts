// The ES module entry's types: the same declarations, read as an ES module
// (a .d.ts in this package reads as CommonJS, which would allow a default import).
export * from './index.js';
