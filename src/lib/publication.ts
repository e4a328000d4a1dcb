/** The paper's name and the sections its masthead lists, in order. */
export const publication = {
  name: 'The Ledger',
  tagline: 'Independent reporting on technology, business and the world',
  language: 'en-GB',
  sections: ['technology', 'business', 'world', 'opinion'],
} as const;
