import AxeBuilder from '@axe-core/playwright';
import { createAssessment, expect, replaceLink, test, waitForHydration } from './helpers';

async function readOnlyUrl(page: import('@playwright/test').Page): Promise<string> {
  return page.getByLabel('Read-only link').inputValue();
}

test('the facilitator copies the read-only link, and it shows the assessment without edit controls', async ({ browser, request }) => {
  const token = await createAssessment(request, 'Shared with leadership');
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await page.goto(`/f/${token}`);
  await waitForHydration(page);

  const url = await readOnlyUrl(page);
  expect(url).toMatch(/\/r\/[A-Za-z0-9_-]{22}$/);
  await page.locator('.link-row').filter({ hasText: 'Read-only link' }).getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

  const reader = await (await browser.newContext()).newPage();
  const response = await reader.goto(url);
  expect(response?.headers()['referrer-policy']).toBe('no-referrer');
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText('Shared with leadership');
  await expect(reader.getByRole('heading', { name: 'Each dimension in detail' })).toBeVisible();
  await expect(reader.getByRole('radio')).toHaveCount(0);
  await expect(reader.getByRole('textbox')).toHaveCount(0);
  await expect(reader.getByRole('button', { name: /Save|Replace/ })).toHaveCount(0);

  const results = await new AxeBuilder({ page: reader }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);
});

test('replacing the read-only link stops the old one at once', async ({ scriptErrors, browser, request }) => {
  // The old link answers 410, which the browser reports.
  scriptErrors.allow(/status of 410/);
  const token = await createAssessment(request, 'Rotate me');
  const page = await browser.newPage();
  await page.goto(`/f/${token}`);
  await waitForHydration(page);
  const old = await readOnlyUrl(page);
  await replaceLink(page, 'Read-only link');
  await expect.poll(() => readOnlyUrl(page)).not.toBe(old);

  const reader = await browser.newPage();
  const response = await reader.goto(old);
  expect(response?.status()).toBe(410);
  await expect(reader.getByRole('alert')).toContainText('This link was replaced');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('links are shown to select and copy, and replacing one works with a plain form', async ({ page, request }) => {
    const token = await createAssessment(request, 'No script links');
    await page.goto(`/f/${token}`);
    await expect(page.getByRole('button', { name: 'Copy' })).toHaveCount(0);
    const old = await readOnlyUrl(page);
    await replaceLink(page, 'Read-only link');
    await expect(page).toHaveURL(new RegExp(`/f/${token}$`));
    expect(await readOnlyUrl(page)).not.toBe(old);
  });
});

test('the deck prints to exactly one 16:9 page per slide', async ({ page, request }) => {
  const token = await createAssessment(request, 'Printed deck');
  const response = await request.get(`/f/${token}/export/deck.html`);
  expect(response.headers()['content-disposition']).toContain('attachment');
  const html = await response.text();
  const slides = (html.match(/<section class="slide"/g) ?? []).length;
  expect(slides).toBeGreaterThan(10);

  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.setContent(html);
  expect(requests.filter((url) => !url.startsWith('data:') && url !== 'about:blank')).toEqual([]);

  // On screen: one slide at a time, moved with the keyboard.
  await expect(page.locator('.slide.current')).toHaveCount(1);
  await expect(page.locator('.slide.current h1')).toHaveText('Printed deck');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.slide.current .eyebrow')).toHaveText('Verdict');
  await page.keyboard.press('Space');
  await expect(page.locator('.slide.current svg')).toHaveCount(1);
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('.slide.current .eyebrow')).toHaveText('Verdict');

  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBe(slides);
  // 16in × 9in is 1152 × 648 points.
  expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 1152 648\s*\]/);
});

test('open pages follow changes made elsewhere without a reload', async ({ browser, request }) => {
  const token = await createAssessment(request, 'Live');
  const facilitator = await browser.newPage();
  await facilitator.goto(`/f/${token}`);
  await waitForHydration(facilitator);
  const readOnlyUrl = await facilitator.getByLabel('Read-only link').inputValue();
  const reader = await (await browser.newContext()).newPage();
  await reader.goto(readOnlyUrl);
  await waitForHydration(reader);
  await facilitator.evaluate(() => ((window as any).__sameDocument = true));
  await expect(facilitator.getByText('0 of 52 questions answered')).toBeVisible();

  // Another device answers and writes a note.
  await request.post('/api/save_answer', {
    form: { token, question: 'cost-scale.spiky-traffic', value: '5' },
  });
  await request.post('/api/save_step', {
    form: { token, number: '3', note: 'Decided live', version: '0', go: 'stay' },
  });

  await expect(facilitator.getByText('1 of 52 questions answered')).toBeVisible();
  await expect(reader.getByText('Decided live').first()).toBeVisible();
  expect(await facilitator.evaluate(() => (window as any).__sameDocument)).toBe(true);
});
