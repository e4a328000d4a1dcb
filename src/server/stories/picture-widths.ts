/**
 * The widths of the files made of a story's picture. Every picture drawn at least as wide as the
 * first breakpoint gets all the breakpoints, whatever draws it, so the front's cards reuse the
 * files of the story's hero instead of making more; a picture drawn narrower (an author's photo)
 * gets its 1× and 2×. A width the original does not reach becomes the original's own, never
 * enlarged. The width it is drawn at is always one of them, because Astro makes the fallback
 * <img src> at that width and would otherwise make one file more.
 */
export function pictureWidths(drawnWidth: number, originalWidth: number, breakpoints: readonly number[]): number[] {
  const wanted =
    drawnWidth < (breakpoints[0] ?? Infinity) ? [drawnWidth, drawnWidth * 2] : [...breakpoints, drawnWidth];
  return [...new Set(wanted.map((width) => Math.min(width, originalWidth)))].sort((a, b) => a - b);
}

/** How wide a story's column draws its hero and the pictures in its text (src/styles/global.css). */
export const STORY_COLUMN_SIZES = '(min-width: 42rem) 38rem, calc(100vw - 2rem)';
