// The validation contenders, shared by the Node bench (validate.mjs) and the
// Chromium page (validate-page.mjs), so both time the same calls on the same
// payloads (../schemas/*.mjs). No Node imports: a page bundles this file.
import * as z from 'zod';
import * as v from 'valibot';

/** Issues a contender reported (0 = valid), from its own result shape. */
export const issues = {
  personkit: (r) => (r.ok ? 0 : r.errors.length),
  zod: (r) => (r.success ? 0 : r.error.issues.length),
  valibot: (r) => (r.success ? 0 : r.issues.length),
  ajv: (r) => (r === true ? 0 : r.length),
};

/** An `expect` that accepts a result with no issues (`valid`) or with some. */
export const expectIssues = (kind, valid) => (r) => ((issues[kind](r) === 0) === valid
  ? true
  : `${valid ? 'rejects the valid' : 'accepts the invalid'} payload`);

/** z.compile when this zod has it; strict first, so a silent fallback to the runtime parser is noted. */
export function compileZod(schema) {
  if (typeof z.compile !== 'function') return null;
  try {
    return { schema: z.compile(schema, { strict: true }), note: '' };
  } catch (e) {
    return { schema: z.compile(schema), note: `not compiled (${e.message.slice(0, 60)}): runtime parser` };
  }
}

const ES = { locale: 'es' };

/**
 * personkit's validator `ours` (in English, and in Spanish), an optional second build's (`base`: { fn, note, name? }),
 * zod 4 (runtime and z.compile), valibot and a compiled ajv, on one provider's
 * schemas (`mod`: a ../schemas/*.mjs module). Each `fn` takes the payload.
 */
export function contenders(ours, mod, ajv, base) {
  const ajvValidate = ajv.compile(mod.jsonSchema);
  const compiled = compileZod(mod.zod);
  return [
    { name: 'personkit', kind: 'personkit', fn: (p) => ours(p) },
    // Spanish, what the people of these forms read; only a rejected payload's messages are made.
    { name: 'personkit (locale es)', kind: 'personkit', fn: (p) => ours(p, ES) },
    ...(base ? [{ name: base.name ?? 'personkit (baseline build)', kind: 'personkit', fn: (p) => base.fn(p), note: base.note }] : []),
    { name: 'zod4', kind: 'zod', fn: (p) => mod.zod.safeParse(p) },
    ...(compiled ? [{ name: 'zod4 z.compile', kind: 'zod', fn: (p) => compiled.schema.safeParse(p), note: compiled.note }] : []),
    { name: 'valibot', kind: 'valibot', fn: (p) => v.safeParse(mod.valibot, p) },
    // allErrors: the errors array is built during the call; return it so it counts.
    { name: 'ajv (compiled, allErrors)', kind: 'ajv', fn: (p) => (ajvValidate(p) ? true : ajvValidate.errors) },
  ];
}

/** The sanity line of one provider: what every contender says of both payloads. */
export const sanity = (title, list, mod) => `sanity ${title.toLowerCase()}: ${list
  .map((c) => `${c.name}: valid→${issues[c.kind](c.fn(mod.valid))} issues, invalid→${issues[c.kind](c.fn(mod.invalid))} issues`)
  .join(' | ')}`;

export const encoder = new TextEncoder();
/** Linear-memory stand-in for the encodeInto floors. */
export const scratch = new Uint8Array(64 << 20);

/**
 * The strings personkit's walk (src/wasm/convert.js) copies into wasm memory
 * for a payload whose keys are all documented: the short values (< 256
 * UTF-16 units) joined into one text, and each long one on its own.
 */
function walkStrings(p) {
  let text = '';
  const longs = [];
  const visit = (v, top) => {
    if (typeof v === 'string') {
      if (v.length >= 256) longs.push(v);
      else text += v;
    } else if (Array.isArray(v)) {
      v.forEach((x) => visit(x, false));
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        if (!top) text += k; // top-level keys go by their index, not as text
        visit(v[k], false);
      }
    }
  };
  visit(p, true);
  return { text, longs };
}

/** What the JSON-string path would pay before any validation, and what personkit's walk pays for the strings. */
export const floors = (p) => {
  const { text, longs } = walkStrings(p);
  return [
    { name: '[floor] JSON.stringify', fn: () => JSON.stringify(p), note: 'what the JSON-string path pays before any validation' },
    {
      name: '[floor] JSON.stringify + encodeInto',
      fn: () => encoder.encodeInto(JSON.stringify(p), scratch),
      note: 'the same string copied into linear memory (wasm-bindgen passStringToWasm)',
    },
    {
      name: "[floor] encodeInto of the walk's strings",
      fn: () => {
        let w = encoder.encodeInto(text, scratch).written;
        for (let i = 0; i < longs.length; i++) w += encoder.encodeInto(longs[i], scratch).written;
        return w;
      },
      note: `the TextEncoder calls personkit's walk makes: ${1 + longs.length} (${text.length} units of short strings${longs.length ? `, ${longs.map((s) => s.length).join(' + ')} units long` : ''})`,
    },
  ];
};

/** The valid group (contenders on `mod.valid`, then the floors) and the invalid group. */
export function groups(list, mod) {
  return {
    valid: [
      ...list.map((c) => ({ ...c, fn: () => c.fn(mod.valid), expect: expectIssues(c.kind, true) })),
      ...floors(mod.valid),
    ],
    invalid: list.map((c) => ({ ...c, fn: () => c.fn(mod.invalid), expect: expectIssues(c.kind, false) })),
  };
}
