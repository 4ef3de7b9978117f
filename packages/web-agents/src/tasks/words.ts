// The self-written word lists of data/words.json (see data/PROVENANCE.md), validated on load.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Words = z.object({
  firstNames: z.array(z.string()).min(10),
  lastNames: z.array(z.string()).min(10),
  lorem: z.array(z.string()).min(20),
  cities: z.array(z.string()).min(10),
  fruits: z.array(z.string()).min(10),
  colors: z.array(z.string()).min(8),
  subjects: z.array(z.string()).min(6),
  issues: z.array(z.string()).min(6),
  departments: z.array(z.string()).min(4),
});
export type Words = z.infer<typeof Words>;

export const words: Words = Words.parse(
  JSON.parse(readFileSync(new URL('../../data/words.json', import.meta.url), 'utf8')),
);

export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export const ordinals = [
  '1st',
  '2nd',
  '3rd',
  '4th',
  '5th',
  '6th',
  '7th',
  '8th',
  '9th',
  '10th',
  '11th',
  '12th',
  '13th',
  '14th',
];
