import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { createAssessment, waitForHydration } from './helpers';

/// Script errors on any page of the workshop, by page address.
const pageErrors: string[] = [];

/// A new browser context (its own cookies: one person) with a page on `url`, hydrated.
async function person(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  await page.goto(url);
  await waitForHydration(page);
  return page;
}

async function joinAs(page: Page, name: string) {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByText(`You are ${name}`)).toBeVisible();
}

/// Answers every question on the page with the choice labelled `label`.
async function answerAll(page: Page, label: string) {
  const questions = page.locator('fieldset.question');
  const count = await questions.count();
  for (let i = 0; i < count; i++) {
    await questions.nth(i).getByLabel(label, { exact: true }).check();
    await expect(page.getByText('Answer saved')).toBeVisible();
  }
}

test('a facilitator runs a workshop with three people who join, answer privately, and follow the room', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const token = await createAssessment(request, 'Order events pipeline');
  const facilitator = await person(browser, `/f/${token}`);
  await facilitator.getByRole('button', { name: 'Only facilitate' }).click();
  await expect(facilitator.getByRole('button', { name: 'Only facilitate' })).toHaveAttribute('aria-pressed', 'true');
  const participantUrl = await facilitator.getByLabel('Participant link').inputValue();
  expect(participantUrl).toMatch(/\/p\/[A-Za-z0-9_-]{22}$/);
  const joinCode = (await facilitator.locator('.join-code').first().textContent())!.trim();
  expect(joinCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  // The QR code, read as a phone camera would, carries the participant link.
  const qr = facilitator.locator('img.join-qr');
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const png = PNG.sync.read(await qr.screenshot());
  const decoded = jsQR(Uint8ClampedArray.from(png.data), png.width, png.height);
  expect(decoded?.data).toBe(participantUrl);

  const ana = await person(browser, decoded!.data);
  await joinAs(ana, 'Ana');
  await waitForHydration(ana);
  // A participant's phone loads the small islands bundle, never the whole app's.
  const loaded = await ana.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  expect(loaded.filter((url) => url.endsWith('/pkg/whenless-islands_bg.wasm'))).toHaveLength(1);
  expect(loaded.filter((url) => url.endsWith('/pkg/whenless_bg.wasm'))).toHaveLength(0);
  await ana.evaluate(() => ((window as any).__sameDocument = true));
  const ben = await person(browser, participantUrl);
  // A name already in the room (ignoring case) is explained, and the form is there to retry.
  await ben.getByLabel('Your name').fill('ANA');
  await ben.getByRole('button', { name: 'Join' }).click();
  await expect(ben.getByRole('alert')).toContainText('already goes by that name');
  await joinAs(ben, 'Ben');
  const cy = await person(browser, '/');
  await cy.getByRole('link', { name: 'Type the code on the facilitator’s screen' }).click();
  await cy.getByLabel('Join code').fill(joinCode.toLowerCase());
  await cy.getByRole('button', { name: 'Find the workshop' }).click();
  await waitForHydration(cy);
  await joinAs(cy, 'Cy');

  // The facilitator sees them arrive without a reload.
  await expect(facilitator.locator('.people li')).toHaveCount(3);

  const presenter = await person(browser, `/f/${token}/present`);
  await expect(presenter.locator('.answered-count')).toContainText('0 of 3');
  await expect(presenter.locator('.presenter-join .join-code')).toHaveText(joinCode);

  await answerAll(ana, 'Strongly agree');
  await answerAll(ben, 'Strongly disagree');
  await answerAll(cy, 'Agree');
  await expect(presenter.locator('.answered-count')).toContainText('3 of 3');
  // Nothing the room decides has changed yet: Ana's page did not reload as others joined.
  expect(await ana.evaluate(() => (window as any).__sameDocument)).toBe(true);

  // Nobody sees anyone else's answers before the reveal.
  for (const page of [ana, ben, cy]) {
    await expect(page.getByRole('heading', { name: 'Answers are private' })).toBeVisible();
    await expect(page.locator('.answer-bars')).toHaveCount(0);
  }

  await presenter.getByRole('button', { name: 'Reveal answers' }).click();
  await expect(presenter.getByRole('heading', { name: 'The team’s answers' })).toBeVisible();
  for (const page of [ana, ben, cy]) {
    await expect(page.getByRole('heading', { name: 'The team’s answers' })).toBeVisible();
    await expect(page.locator('.answer-bars').first()).toContainText('Strongly agree 1');
    await expect(page.getByRole('heading', { name: 'Talk about these first' })).toBeVisible();
  }
  await expect(ana.locator('.answer-bars .names')).toHaveCount(0);

  // The facilitator moves the room on and starts a countdown; every screen follows.
  await presenter.getByRole('button', { name: 'Next step →' }).click();
  await expect(presenter.locator('.presenter-step')).toHaveText('Step 2 of 12');
  const secondStep = await presenter.locator('.presenter-heading').textContent();
  await presenter.getByRole('button', { name: '3 min' }).click();
  for (const page of [ana, ben, cy]) {
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(secondStep!);
    await expect(page.getByRole('timer')).toContainText(/Time left\s*[23]:\d\d/);
    await expect(page.getByRole('heading', { name: 'Answers are private' })).toBeVisible();
  }

  const results = await new AxeBuilder({ page: ana }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);
  const presenterAxe = await new AxeBuilder({ page: presenter }).analyze();
  const presenterSerious = presenterAxe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(presenterSerious.map((v) => v.id)).toEqual([]);

  // A person the facilitator removes is told so, at once.
  await facilitator.getByRole('button', { name: 'Remove Cy' }).click();
  await expect(cy.getByRole('heading', { name: 'You are no longer in this workshop' })).toBeVisible();
  await expect(facilitator.locator('.people li')).toHaveCount(2);
  expect(pageErrors).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a participant joins and answers with plain forms', async ({ page, request }) => {
    const token = await createAssessment(request, 'No script workshop');
    const overview = await request.post('/api/overview', { form: { token } });
    const participant = (await overview.json()).links.participant as string;
    await page.goto(`/p/${participant}`);
    await page.getByLabel('Your name').fill('   ');
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.getByRole('alert')).toContainText('Type the name');
    await page.getByLabel('Your name').fill('Dee');
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.getByText('You are Dee')).toBeVisible();

    const first = page.locator('fieldset.question').first();
    await first.getByLabel('Disagree', { exact: true }).check();
    await page.getByRole('button', { name: 'Save my answers' }).click();
    await expect(page.getByText('You are Dee')).toBeVisible();
    await page.reload();
    await expect(page.locator('fieldset.question').first().getByLabel('Disagree', { exact: true })).toBeChecked();
  });
});
