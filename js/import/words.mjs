// The importer's words in the run's language: `locale` as the run was given
// it (--locale, enrolMany's option), else setLocale's, else English.
import wasm from '../../pkg/node/personkit.js';
import { pickLocale } from '../enrol-messages.mjs';
import { EN } from './words-en.mjs';
import { ES } from './words-es.mjs';

export function importWords(locale) {
  const l = pickLocale(locale) ?? pickLocale(wasm.getLocale()) ?? 'en';
  return l === 'es' ? ES : EN;
}
