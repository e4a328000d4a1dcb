/**
 * A first visit to a story in Chromium: every request the page makes until the network is idle
 * (the comment section included), the bytes transferred, and whether the story reads with
 * JavaScript off. Prints one JSON line.
 *
 *   node bench/first-visit.ts <story-url> <chromium-path>
 */
import { chromium } from '@playwright/test';

const [url, executablePath] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: executablePath!,
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const types: Record<string, number> = {};
  let requests = 0;
  let bytes = 0;
  page.on('requestfinished', (request) => {
    requests += 1;
    types[request.resourceType()] = (types[request.resourceType()] ?? 0) + 1;
    void request.sizes().then((sizes) => (bytes += sizes.responseBodySize + sizes.responseHeadersSize));
  });
  await page.goto(url!, { waitUntil: 'networkidle' });
  await page.locator('.comment').first().waitFor();
  await page.waitForTimeout(500);
  await context.close();

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto(url!);
  const words = (await plain.locator('article').first().innerText()).split(/\s+/).length;
  const heading = await plain.getByRole('heading', { level: 1 }).isVisible();
  await noScript.close();
  console.log(
    JSON.stringify({ requests, bytes, types, readsWithoutJs: heading && words > 200, wordsWithoutJs: words }),
  );
} finally {
  await browser.close();
}
