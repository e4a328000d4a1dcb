/** The paper's name, tagline and language; its sections are src/server/stories/sections.ts. */
export const publication = {
  name: 'The Ledger',
  tagline: 'Independent reporting on technology, business and the world',
  language: 'en-GB',
  locale: 'en_GB',
} as const;
