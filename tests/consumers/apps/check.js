// The one check every consumer app runs, in whatever runtime or bundle it
// lands in: a validation, an encodeImage and a create against personkit-mock,
// the error class, and a create against a refused port (how the failure is
// classified). The harness writes it out as check.mjs and check.cjs.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

async function check(pk, mock, refused) {
  const out = {};
  const person = {
    accountId: 'F12345', firstName: 'Ana', lastName: 'Ñañez Quispe', roleName: 'Viewer',
    emailAddress: `ana.${Math.random().toString(36).slice(2, 10)}@example.pe`,
  };
  try {
    const good = pk.validateEqualsPerson(person);
    const bad = pk.validateEqualsPerson({ ...person, emailAddress: 'nope' });
    out.validate = good.ok === true && bad.ok === false && bad.errors[0].code === 'INVALID_EMAIL';
    // Messages for people, from this entry: a per-call locale, one field, a form's map, the default.
    const field = pk.validateField('equals', 'emailAddress', 'nope', { locale: 'es' });
    out.words = [pk.getLocale(), field.errors[0].message, pk.errorsByField(bad).emailAddress[0]].join(' | ');
    const img = await pk.encodeImage(Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0)));
    out.encode = `${img.mimeType} ${img.width}x${img.height} ${img.base64 === PNG}`;
    const client = new pk.EqualsClient({ apiKey: 'equals-test-key', baseUrl: mock, dangerouslyAllowBrowser: true, maxRetries: 0 });
    const created = await client.createPerson(person);
    out.created = typeof created.id === 'string' && created.id.length > 0;
    try {
      await new pk.EqualsClient({ apiKey: 'wrong-key', baseUrl: mock, dangerouslyAllowBrowser: true, maxRetries: 0 }).createPerson(person);
    } catch (err) {
      out.error = err instanceof pk.PersonkitError ? err.code : `not a PersonkitError: ${err}`;
    }
    if (refused) {
      try {
        await new pk.EqualsClient({ apiKey: 'equals-test-key', baseUrl: refused, dangerouslyAllowBrowser: true, maxRetries: 1 }).createPerson(person);
      } catch (err) {
        // `message` is for people; `detail` keeps the technical text (host, system code, attempts).
        out.refused = { code: err.code, attempts: err.attempts, message: err.message, detail: err.detail };
      }
    }
  } catch (err) {
    out.fail = String((err && err.stack) || err);
  }
  return out;
}
