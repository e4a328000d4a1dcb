/**
 * The paper's sections, in masthead order: the one list the schema checks a story's `section`
 * against, the masthead and footer link to, and `npm run new-story` offers.
 */
export const SECTIONS = [
  { id: 'technology', label: 'Technology' },
  { id: 'business', label: 'Business' },
  { id: 'world', label: 'World' },
  { id: 'opinion', label: 'Opinion' },
] as const;

export const SECTION_IDS = SECTIONS.map((section) => section.id);

/** The label readers see for a section id ("technology" -> "Technology"). */
export function sectionLabel(id: string): string {
  return SECTIONS.find((section) => section.id === id)?.label ?? id;
}
