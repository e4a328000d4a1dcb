/**
 * The figure lines the parts of tests/hardening print ("PASS …", "FAIL …", and "SKIP …" for a
 * check the machine could not run), and the closing count scripts/hardening.ts prints.
 */

export function isFigure(line: string): boolean {
  return /^(PASS|FAIL|SKIP) /.test(line);
}

/**
 * The closing line, and whether the run passed. A part that crashed before printing a figure
 * counts as one failure; under CI a skipped check fails the run, since CI must run them all.
 */
export function tallyFigures(figures: string[], failedParts: string[], ci: boolean): { summary: string; ok: boolean } {
  const count = (label: string): number => figures.filter((line) => line.startsWith(`${label} `)).length;
  const passed = count('PASS');
  const skipped = count('SKIP');
  const failed = Math.max(count('FAIL'), failedParts.length);
  return {
    summary: `hardening: ${passed} passed, ${failed} failed, ${skipped} skipped`,
    ok: failedParts.length === 0 && failed === 0 && !(ci && skipped > 0),
  };
}
