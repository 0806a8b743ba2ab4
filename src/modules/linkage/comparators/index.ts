/** String comparators and phonetic encoders for the record-linkage engine. */
export { doubleMetaphone, metaphone, soundex } from './phonetic.ts';
export {
  damerauLevenshtein,
  jaro,
  jaroWinkler,
  levenshtein,
  levenshteinWithin,
} from './string-similarity.ts';
