import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { answerAll, createAssessment, expect, joinAs, overviewOf, person, phoneSizes, test, waitForHydration } from './helpers';

test('a facilitator runs a workshop for five phones with two projectors, and every screen shows what changed', async ({ browser, request }) => {
  test.setTimeout(150_000);
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

  const ana = await person(browser, decoded!.data, phoneSizes[0]);
  await joinAs(ana, 'Ana');
  await waitForHydration(ana);
  // A participant's phone loads the small islands bundle, never the whole app's; both are
  // named by their content (whenless-islands.<hash>.wasm).
  const loaded = await ana.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  expect(loaded.filter((url) => /\/pkg\/whenless-islands\.[0-9a-f]{16,}\.wasm$/.test(url))).toHaveLength(1);
  expect(loaded.filter((url) => /\/pkg\/whenless(_bg|\.[0-9a-f]+)\.wasm$/.test(url))).toHaveLength(0);
  await ana.evaluate(() => ((window as any).__sameDocument = true));
  const ben = await person(browser, participantUrl, phoneSizes[1]);
  // A name already in the room (ignoring case) is explained, and the form is there to retry.
  await ben.getByLabel('Your name').fill('ANA');
  await ben.getByRole('button', { name: 'Join' }).click();
  await expect(ben.getByRole('alert')).toContainText('already goes by that name');
  await joinAs(ben, 'Ben');
  const cy = await person(browser, '/', phoneSizes[0]);
  await cy.getByRole('link', { name: 'Type the code on the facilitator’s screen' }).click();
  await cy.getByLabel('Join code').fill(joinCode.toLowerCase());
  await cy.getByRole('button', { name: 'Find the workshop' }).click();
  await waitForHydration(cy);
  await joinAs(cy, 'Cy');
  const dee = await person(browser, participantUrl, phoneSizes[1]);
  await joinAs(dee, 'Dee');
  const eve = await person(browser, participantUrl, phoneSizes[0]);
  await joinAs(eve, 'Eve');
  const phones = [ana, ben, cy, dee, eve];

  // The facilitator sees them arrive without a reload.
  await expect(facilitator.locator('.people li')).toHaveCount(5);

  const projector = await person(browser, `/f/${token}/present`, { width: 1920, height: 1080 });
  const small = await person(browser, `/f/${token}/present`, { width: 1280, height: 720 });
  const projectors = [projector, small];
  for (const screen of projectors) {
    await expect(screen.locator('.presenter-count')).toContainText('0 of 5');
    await expect(screen.locator('.presenter-join .join-code')).toHaveText(joinCode);
  }

  await answerAll(ana, 'Strongly agree');
  await answerAll(ben, 'Strongly disagree');
  await answerAll(cy, 'Agree');
  await answerAll(dee, 'Agree');
  await answerAll(eve, 'Disagree');
  for (const screen of projectors) await expect(screen.locator('.presenter-count')).toContainText('5 of 5');
  // Phones count who has answered, live, without reloading.
  await expect(ana.locator('[data-answered]')).toHaveText('5');
  // Nothing the room decides has changed yet: Ana's page did not reload as others joined.
  expect(await ana.evaluate(() => (window as any).__sameDocument)).toBe(true);

  // Nobody sees anyone else's answers before the reveal.
  for (const page of phones) {
    await expect(page.getByRole('heading', { name: 'Answers are private' })).toBeVisible();
    await expect(page.locator('.answer-bars')).toHaveCount(0);
  }

  // The controls, the count and the countdown fit both projectors without scrolling.
  const controls = (screen: Page) => [
    screen.getByRole('button', { name: 'Next step →' }),
    screen.getByRole('button', { name: /Reveal answers|Answers revealed/ }),
    screen.getByRole('button', { name: '3 min' }),
    screen.locator('.presenter-count'),
    screen.locator('.presenter-step'),
  ];
  for (const screen of projectors) for (const control of controls(screen)) await expect(control).toBeInViewport();

  // People read down the page; the reveal is brought into view on every phone.
  for (const page of phones) await page.evaluate(() => window.scrollTo(0, 0));
  await projector.keyboard.press('r');
  await expect(projector.getByRole('heading', { name: 'The team’s answers' })).toBeVisible();
  for (const page of phones) {
    await expect(page.getByRole('heading', { name: 'The team’s answers' })).toBeInViewport();
    await expect(page.locator('.answer-bars').first()).toContainText('Strongly agree 1');
    await expect(page.getByRole('heading', { name: 'Talk about these first' })).toBeVisible();
  }
  await expect(ana.locator('.answer-bars .names')).toHaveCount(0);
  // After the reveal the projector page is long; the controls are still in view.
  for (const screen of projectors) {
    await expect(screen.getByRole('button', { name: 'Answers revealed' })).toBeVisible();
    for (const control of controls(screen)) await expect(control).toBeInViewport();
  }

  // Next from the projector's keyboard: every phone, scrolled to the end, shows the new step
  // from its heading.
  for (const page of phones) await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const moved = Date.now();
  await projector.keyboard.press('ArrowRight');
  await expect(projector.locator('.presenter-step')).toHaveText('Step 2 of 12');
  const secondStep = (await projector.locator('.presenter-heading').textContent())!;
  const arrivals: number[] = [];
  await Promise.all(
    phones.map(async (page) => {
      const heading = page.locator('#step-heading');
      await expect(heading).toHaveText(secondStep);
      await expect(heading).toBeInViewport();
      await expect(heading).toBeFocused();
      arrivals.push(Date.now() - moved);
    }),
  );
  test.info().annotations.push({ type: 'next-to-phones-ms', description: arrivals.sort((a, b) => a - b).join(', ') });
  console.log(`Next reached the five phones, heading at the top, after ${arrivals.join(', ')} ms`);

  // A countdown from the projector's keyboard is in view on every phone, however far down.
  for (const page of phones) await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await projector.keyboard.press('t');
  for (const page of phones) {
    await expect(page.getByRole('timer')).toContainText(/Time left\s*[23]:\d\d/);
    await expect(page.getByRole('timer')).toBeInViewport();
    await expect(page.getByRole('heading', { name: 'Answers are private' })).toBeVisible();
  }
  await expect(small.getByRole('timer')).toBeInViewport();

  const results = await new AxeBuilder({ page: ana }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);
  const presenterAxe = await new AxeBuilder({ page: projector }).analyze();
  const presenterSerious = presenterAxe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(presenterSerious.map((v) => v.id)).toEqual([]);

  // On the facilitator's step page, Next acts on where the room is: twice is two steps.
  await facilitator.goto(`/f/${token}/step/1`);
  await waitForHydration(facilitator);
  await expect(facilitator.getByText('The room is on step 2.')).toBeVisible();
  await facilitator.getByRole('button', { name: 'Next step →' }).click();
  await expect(projector.locator('.presenter-step')).toHaveText('Step 3 of 12');
  await facilitator.getByRole('button', { name: 'Next step →' }).click();
  await expect(projector.locator('.presenter-step')).toHaveText('Step 4 of 12');
  await facilitator.getByRole('button', { name: 'Bring the room to step 1' }).click();
  await expect(projector.locator('.presenter-step')).toHaveText('Step 1 of 12');
  for (const page of phones) await expect(page.locator('.room-header')).toContainText('step 1 of 12');

  // Removing a person asks first; then they are told so, at once.
  await facilitator.goto(`/f/${token}`);
  await waitForHydration(facilitator);
  await facilitator.locator('.people li').filter({ hasText: 'Cy' }).locator('summary').click();
  await facilitator.getByRole('button', { name: 'Remove Cy and their answers' }).click();
  await expect(cy.getByRole('heading', { name: 'You are no longer in this workshop' })).toBeVisible();
  await expect(facilitator.locator('.people li')).toHaveCount(4);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a participant joins and answers with plain forms', async ({ page, request }) => {
    const token = await createAssessment(request, 'No script workshop');
    const participant = (await overviewOf(request, token)).links.participant as string;
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
