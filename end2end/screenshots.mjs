// Screenshots of the main pages, light and dark, desktop and phone, for a person to look at:
//   node screenshots.mjs http://127.0.0.1:3000 /tmp/shots /a/<id> ...
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const [base = 'http://127.0.0.1:3000', out = 'screenshots', ...paths] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const views = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
];
for (const view of views) {
  for (const colorScheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: view.viewport, isMobile: view.isMobile, colorScheme });
    for (const path of ['/', ...paths]) {
      await page.goto(base + path);
      const file = `${out}/${view.name}-${colorScheme}${path.replaceAll('/', '_')}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.close();
  }
}
await browser.close();
