/**
 * What the device list calls a session: "Chrome on Linux", from the User-Agent it started with.
 * Only the summary is stored, out of a fixed vocabulary, so a forged header stores nothing of its
 * own. Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", Android also
 * says "Linux" and iOS also says "Mac OS X".
 */
const browsers: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Chrome|Chromium|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/\bcurl\//, 'curl'],
];

const systems: readonly (readonly [RegExp, string])[] = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

const maxHeaderLength = 1024;

export function summarizeUserAgent(userAgent: string | null): string {
  const header = (userAgent ?? '').slice(0, maxHeaderLength);
  const browser = browsers.find(([pattern]) => pattern.test(header))?.[1] ?? 'Unknown browser';
  const system = systems.find(([pattern]) => pattern.test(header))?.[1];
  return system === undefined ? browser : `${browser} on ${system}`;
}
