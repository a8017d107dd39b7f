import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createAssessment, expect, test, waitForHydration } from './helpers';

const question = (page: Page, text: RegExp) => page.getByRole('group', { name: text });

test.describe('with JavaScript', () => {
  test('answers save the moment they are given and survive a reload', async ({ page, request }) => {
    const id = await createAssessment(request, 'Instant saves');
    await page.goto(`/f/${id}`);
    await page.getByRole('link', { name: /Start at step 1/ }).click();
    await expect(page).toHaveURL(new RegExp(`/f/${id}/step/1$`));
    await waitForHydration(page);

    const spiky = question(page, /traffic comes in bursts/);
    await spiky.getByRole('radio', { name: 'Strongly agree', exact: true }).check();
    await expect(page.getByRole('status')).toHaveText(/Answer saved/);

    await page.reload();
    await expect(spiky.getByRole('radio', { name: 'Strongly agree' })).toBeChecked();
  });

  test('walks forward and back without reloading, keeps notes, and ends in an explained verdict', async ({ page, request }) => {
    const id = await createAssessment(request, 'Full walk');
    await page.goto(`/f/${id}/step/1`);
    await waitForHydration(page);
    await page.evaluate(() => ((window as any).__sameDocument = true));

    await question(page, /traffic comes in bursts/).getByRole('radio', { name: 'Strongly agree', exact: true }).check();
    await question(page, /How much does cost and scale matter/).getByRole('radio', { name: 'Critical' }).check();
    await page.getByLabel(/Team note or decision/).fill('Lunch peaks dominate the bill.');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL(new RegExp(`/step/2$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Events and queues');

    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page).toHaveURL(new RegExp(`/step/1$`));
    await expect(page.getByLabel(/Team note or decision/)).toHaveValue('Lunch peaks dominate the bill.');
    await expect(question(page, /How much does cost and scale matter/).getByRole('radio', { name: 'Critical' })).toBeChecked();

    await page.getByRole('link', { name: /When not to/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('When not to go serverless');
    await question(page, /Real-time systems/).getByRole('radio', { name: 'Yes, for a part', exact: true }).check();
    await expect(page.getByRole('status')).toHaveText(/Answer saved/);
    await page.getByRole('button', { name: 'Save and see results' }).click();

    await expect(page).toHaveURL(new RegExp(`/f/${id}/results$`));
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
    await expect(page.getByRole('heading', { name: 'Red flags' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Real-time systems' })).toBeVisible();
    await expect(page.getByText('Can it run on functions?')).toBeVisible();
    await expect(page.getByText('In part: keep the real-time path off functions.')).toBeVisible();
    await expect(page.getByText('Latency introduced through service usage')).toBeVisible();
    await expect(page.getByText('Lunch peaks dominate the bill.')).toBeVisible();
    const chart = page.getByRole('img', { name: /pros and cons per dimension/ });
    await expect(chart).toBeVisible();
    expect(await chart.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  });

  test('a note edited on a stale page is refused, and the text typed is kept', async ({ scriptErrors, browser, request }) => {
    // The stale save answers 409, which the browser reports.
    scriptErrors.allow(/status of 409/);
    const id = await createAssessment(request, 'Two editors');
    const first = await (await browser.newContext()).newPage();
    const second = await (await browser.newContext()).newPage();
    for (const page of [first, second]) {
      await page.goto(`/f/${id}/step/3`);
      await waitForHydration(page);
    }
    await first.getByLabel(/Team note or decision/).fill('Keep Postgres.');
    await first.getByRole('button', { name: 'Save and continue' }).click();
    await expect(first).toHaveURL(/\/step\/4$/);

    await second.getByLabel(/Team note or decision/).fill('Move to events.');
    await second.getByRole('button', { name: 'Save and continue' }).click();
    await expect(second.getByRole('alert')).toContainText('Someone else changed this note');
    await expect(second.getByLabel('Your unsaved note')).toHaveValue('Move to events.');
    await expect(second.getByLabel(/Team note or decision/)).toHaveValue('Keep Postgres.');
    await expect(second).toHaveURL(/\/step\/3$/);
  });

  test('answers can be given with the keyboard alone', async ({ page, request }) => {
    const id = await createAssessment(request, 'Keyboard');
    await page.goto(`/f/${id}/step/2`);
    await waitForHydration(page);
    const first = page.getByRole('radio').first();
    await first.focus();
    await page.keyboard.press('Space');
    await expect(first).toBeChecked();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio').nth(1)).toBeChecked();
    await expect(page.getByRole('status')).toHaveText(/Answer saved/);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the whole walk-through works with plain forms', async ({ page, request }) => {
    const id = await createAssessment(request, 'No script');
    await page.goto(`/f/${id}/step/1`);
    await question(page, /traffic comes in bursts/).getByRole('radio', { name: 'Agree', exact: true }).check();
    await page.getByLabel(/Team note or decision/).fill('Saved by a plain form.');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL(new RegExp(`/step/2$`));

    await page.goto(`/f/${id}`);
    await expect(page.getByText('1 of 52 questions answered')).toBeVisible();
    await expect(page.getByRole('link', { name: /Continue at step 1/ })).toBeVisible();

    await page.goto(`/f/${id}/step/1`);
    await expect(question(page, /traffic comes in bursts/).getByRole('radio', { name: 'Agree', exact: true })).toBeChecked();
    await expect(page.getByLabel(/Team note or decision/)).toHaveValue('Saved by a plain form.');
    await page.getByRole('button', { name: 'Save and see results' }).first().click();
    await expect(page).toHaveURL(new RegExp(`/f/${id}/results$`));
    await expect(page.getByRole('heading', { name: 'Not enough answers yet' })).toBeVisible();
  });
});

test('a step that does not exist is a clear 404', async ({ scriptErrors, page, request }) => {
  // The browser reports the page's own 404.
  scriptErrors.allow(/status of 404/);
  const id = await createAssessment(request, 'Bounds');
  const response = await page.goto(`/f/${id}/step/99`);
  expect(response?.status()).toBe(404);
});

test('phones get the step without sideways scrolling', async ({ browser, request }) => {
  const id = await createAssessment(request, 'Phone');
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true })).newPage();
  await page.goto(`/f/${id}/step/1`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

for (const [name, path] of [
  ['home', null],
  ['overview', ''],
  ['step', '/step/1'],
  ['costs', '/step/11'],
  ['exceptions', '/step/12'],
  ['results', '/results'],
] as const) {
  test(`the ${name} page has no serious accessibility violations`, async ({ page, request }) => {
    const target = path === null ? '/' : `/f/${await createAssessment(request, 'Accessible')}${path}`;
    await page.goto(target);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
  });
}

test.describe('the cost calculator', () => {
  test('numbers and the chart follow what is typed, and a bad number is explained', async ({ page, request }) => {
    const token = await createAssessment(request, 'Costs live');
    await page.goto(`/f/${token}/step/11`);
    await waitForHydration(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cost calculator');
    const serverless = page.locator('.cost-serverless .cost-total');
    const before = await serverless.textContent();
    const chart = page.getByRole('img', { name: /Monthly cost against monthly requests/ });
    const chartBefore = await chart.getAttribute('src');

    await page.getByLabel(/Requests per month/).fill('900000000');
    await expect(serverless).not.toHaveText(before ?? '');
    await expect(chart).not.toHaveAttribute('src', chartBefore ?? '');
    expect(await chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    await page.getByLabel(/Memory per run/).fill('64');
    await expect(page.getByText('Memory per run must be between 128 and 1,048,576 MB.')).toBeVisible();
    await expect(page.getByLabel(/Memory per run/)).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel(/Memory per run/).fill('1024');
    await expect(page.getByLabel(/Memory per run/)).not.toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('Instance size').selectOption({ label: 'c5.xlarge (4 vCPU, 8 GiB)' });
    await expect(page.getByLabel(/Instance price per hour/)).toHaveValue('0.17');

    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page).toHaveURL(new RegExp(`/step/12$`));
    await page.goto(`/f/${token}/results`);
    await expect(page.getByText(/900,000,000 requests a month/)).toBeVisible();
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('the form saves, and a bad number comes back with its message', async ({ page, request }) => {
      const token = await createAssessment(request, 'Costs plain');
      await page.goto(`/f/${token}/step/11`);
      await page.getByLabel(/Average run time/).fill('slow');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      // An address carries only fixed messages (see the README's Security section): without
      // JavaScript the cost step names the rule, not the field.
      await expect(page.getByRole('alert').filter({ hasText: 'Each cost field takes a number within the range shown beside it.' })).toBeVisible();
      await page.getByLabel(/Average run time/).fill('300');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await expect(page).toHaveURL(new RegExp(`/step/12$`));
      await page.goto(`/f/${token}/step/11`);
      await expect(page.getByLabel(/Average run time/)).toHaveValue('300');
    });
  });
});
