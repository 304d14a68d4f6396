// The Equals list's search index answers exactly what a scan of every
// persona answers: same rows, same order (people in creation order, each
// one's personas in theirs), for searches of every length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchIndex, searchTexts, matches } from '../lib/search-index.mjs';

function random(seed) {
  let x = seed;
  return () => { x = (x * 1103515245 + 12345) % 2 ** 31; return x / 2 ** 31; };
}

test('the index finds what a scan finds, in the same order', () => {
  const rand = random(7);
  const pick = (s) => s[Math.floor(rand() * s.length)];
  const word = (n) => Array.from({ length: n }, () => pick('abcAB.@é')).join('');
  const people = [];
  const index = new SearchIndex();
  for (let i = 0; i < 400; i += 1) {
    // Some personas go to people made earlier (a repeat create), so orders interleave.
    let person = people.length && rand() < 0.3 ? pick(people) : null;
    if (!person) {
      person = { primaryEmailAddress: `${word(4)}@x.pe`, firstName: word(3), lastName: rand() < 0.1 ? null : word(5), personas: [] };
      people.push(person);
    }
    const persona = { emailAddress: rand() < 0.5 ? person.primaryEmailAddress : `${word(3)}@y.pe` };
    person.personas.push(persona);
    index.add(person, persona);
  }
  const scan = (search) => people.flatMap((person) => person.personas
    .filter((persona) => search === '' || matches(searchTexts(person, persona), search))
    .map((persona) => ({ person, persona })));
  const searches = ['', 'a', 'ab', 'zzz', '@x.pe', 'é', '.@', ...Array.from({ length: 300 }, () => word(1 + Math.floor(rand() * 5)).toLowerCase())];
  for (const person of people.slice(0, 50)) searches.push(person.primaryEmailAddress.toLowerCase(), person.firstName.toLowerCase().slice(1));
  for (const search of searches) {
    const got = index.find(search).map(({ person, persona }) => ({ person, persona }));
    assert.deepEqual(got, scan(search), `search ${JSON.stringify(search)}`);
  }
});
