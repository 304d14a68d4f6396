// The documented limits a message may state, per provider field (wasm-bindgen
// snippet: only `export function`, no imports). The rules in Rust enforce
// them; tests/js/messages.test.mjs checks every entry against the
// validators (one character under, at and over), so this table cannot drift.
// `max`: most characters (TOO_LONG) or items (TOO_MANY); `min`: fewest items
// (TOO_FEW). IMAGE_TOO_LARGE states the limit its rule's own text names
// (10 MiB, 50 megapixels, or encodeImage's `maxBytes`), read in apply.js.

export function limitsTable() {
  return {
    verifik: {
      images: { min: 1, max: 3 },
      nationality: { max: 64 },
    },
    equals: {
      accountId: { max: 36 },
      firstName: { max: 256 },
      lastName: { max: 256 },
      emailAddress: { max: 256 },
      primaryMobileNumber: { max: 50 },
      employeeNumber: { max: 256 },
      jobTitle: { max: 256 },
      emailTheme: { max: 32 },
      'address.streetName': { max: 256 },
      'address.buildingNumber': { max: 16 },
      'address.buildingName': { max: 256 },
      'address.postcode': { max: 16 },
      'address.city': { max: 256 },
      'address.region': { max: 256 },
    },
    horus: {},
  };
}
