// The Equals list's `search` without scanning every person: a trigram index
// over the fields the search reads. A real Equals answers a search from its
// database's index; a mock that scanned would make every lookup cost as much
// as the number of people it holds, and a bulk import that looks each person
// up first would spend its time in the mock, not in the client being measured.
//
// The index only narrows: each candidate is checked with the same predicate
// a scan uses, so the answer is exactly the scan's (a test compares them).

/** The texts `search` is matched against, lower case. */
export function searchTexts(person, persona) {
  return [person.primaryEmailAddress, persona.emailAddress, person.firstName, person.lastName]
    .filter((t) => typeof t === 'string')
    .map((t) => t.toLowerCase());
}

/** Whether `search` (lower case) is a substring of one of the texts. */
export const matches = (texts, search) => texts.some((t) => t.includes(search));

function trigrams(text, into) {
  for (let i = 0; i + 3 <= text.length; i += 1) into.add(text.slice(i, i + 3));
  return into;
}

export class SearchIndex {
  constructor() {
    this.postings = new Map(); // trigram → entries whose texts hold it, in insertion order
    this.entries = []; // every entry: { person, persona, texts, order: [person #, persona #] }
    this.people = new Map(); // person → { order, personas }: creation order, personas added
  }

  /** Adds a persona just given to `person` (a new person the first time). */
  add(person, persona) {
    let seen = this.people.get(person);
    if (!seen) this.people.set(person, (seen = { order: this.people.size, personas: 0 }));
    const texts = searchTexts(person, persona);
    const entry = { person, persona, texts, order: [seen.order, seen.personas++] };
    this.entries.push(entry);
    const grams = new Set();
    for (const t of texts) trigrams(t, grams);
    for (const g of grams) {
      const list = this.postings.get(g);
      if (list) list.push(entry);
      else this.postings.set(g, [entry]);
    }
  }

  /**
   * Entries whose texts contain `search` (lower case; '' matches all), in the
   * list's order: people in creation order, each one's personas in theirs.
   */
  find(search) {
    let candidates = this.entries;
    if (search.length >= 3) {
      for (const g of trigrams(search, new Set())) {
        const list = this.postings.get(g);
        if (!list) return [];
        if (list.length < candidates.length) candidates = list;
      }
    }
    const found = search === '' ? [...candidates] : candidates.filter((e) => matches(e.texts, search));
    return found.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  }
}
