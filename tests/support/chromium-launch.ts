/**
 * Chromium's launch options for every browser test. scripts/playwright.ts sets CHROMIUM_PATH when
 * it found Debian's Chromium; the flags keep Chromium from calling out on a closed network.
 */
export function chromiumLaunchOptions(extraArgs: string[] = []): { executablePath?: string; args: string[] } {
  const executablePath = process.env.CHROMIUM_PATH;
  return {
    ...(executablePath === undefined ? {} : { executablePath }),
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  };
}
