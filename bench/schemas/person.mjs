// The neutral person the benchmarks map with toProviderPayloads (one real
// 4.9 KB JPEG as its photo), and the server-owned fields a server adds.
// bench/validate.mjs --only=person and bench/tools/ab.mjs person time it.
import { readFileSync } from 'node:fs';

export const photo = readFileSync(new URL('../../tests/fixtures/images/portrait-120x160.jpg', import.meta.url)).toString('base64');

export const person = {
  firstName: 'Ana', lastName: 'Quispe', email: 'ana.quispe@example.pe', dateOfBirth: '1990-12-04', gender: 'F',
  nationality: 'PE', identityNumber: '40000001', phone: '+51987654321', photos: [photo],
};

/** The same with accented letters: the text is then not ASCII, which takes other roads. */
export const accented = { ...person, lastName: 'Quispe Ñañez' };

export const serverFields = { verifik: { collections: ['staff'] }, equals: { accountId: 'F12345', roleName: 'Viewer' }, horus: { categoryId: 1, positionId: 1 } };
