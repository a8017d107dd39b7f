import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { createAssessment, expect, overviewOf, test, waitForHydration } from './helpers';

/// The exceptions step: after the ten dimensions and the cost step.
const EXCEPTIONS_STEP = 12;

/// Answers every dimension's statements "agree" as the facilitator, with the step form's own
/// server function, so that the fit gives a verdict; the last call leaves the room on `stay`.
async function agreeWithEverything(request: APIRequestContext, token: string) {
  for (let number = 1; number <= 10; number++) {
    const step = await request.get('/api/step', { params: { token, number: String(number) } });
    expect(step.ok()).toBe(true);
    const questions: { id: string }[] = (await step.json()).dimension.questions;
    const form: Record<string, string> = { token, number: String(number), go: 'stay' };
    for (const question of questions) form[`answers[${question.id}]`] = '4';
    const saved = await request.post('/api/save_step', { form, maxRedirects: 0 });
    expect(saved.status()).toBeLessThan(400);
  }
}

/// A phone (its own cookies) on the participant link, joined as `name`.
async function phone(browser: Browser, url: string, name: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await page.goto(url);
  await waitForHydration(page);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByText(`You are ${name}`)).toBeVisible();
  return page;
}

test('the cost step checks the workload against the platform limits as it is typed, and the results name the limit', async ({ page, request }) => {
  const token = await createAssessment(request, 'Nightly batch');
  await page.goto(`/f/${token}/step/11`);
  await waitForHydration(page);
  const limits = page.locator('.cost-limits .limits-table');
  await expect(limits.getByRole('caption')).toContainText('Against AWS Lambda\u2019s limits');
  await expect(limits.locator('tr.limit-over')).toHaveCount(0);

  await page.getByLabel(/Longest single run/).fill('7200');
  const run = limits.getByRole('row', { name: /^Longest run / });
  await expect(run).toContainText('2 h');
  await expect(run).toContainText('Over the limit');
  await expect(page.getByText('Longest run: 2 h is over AWS Lambda\u2019s limit (15 min)', { exact: false })).toBeVisible();

  // Event-triggered work has no gateway: its row and its bill go.
  await expect(limits.getByRole('row', { name: /through the API gateway/ })).toHaveCount(1);
  await page.getByLabel(/Requests come through an API gateway/).uncheck();
  await expect(limits.getByRole('row', { name: /through the API gateway/ })).toHaveCount(0);
  await expect(page.locator('.cost-serverless .hint')).toContainText('gateway $0.00');

  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page).toHaveURL(new RegExp(`/step/${EXCEPTIONS_STEP}$`));
  await page.goto(`/f/${token}/results`);
  await waitForHydration(page);
  await expect(page.locator('.could-should')).toContainText('Can it run on functions?');
  await expect(page.locator('.limits-table .limit-over').first()).toContainText('Longest run');
  await expect(page.getByText('no API gateway: the work is triggered by events', { exact: false })).toBeVisible();
});

test('a facilitator splits the workload into parts with the room, and each part gets its verdict', async ({ browser, page, request, scriptErrors }) => {
  test.setTimeout(60_000);
  // The refused duplicate name below is a 422, which the browser reports.
  scriptErrors.allow(/status of 422/);
  const token = await createAssessment(request, 'Exchange');
  await agreeWithEverything(request, token);
  const participant = (await overviewOf(request, token)).links.participant as string;
  const ana = await phone(browser, `/p/${participant}`, 'Ana');

  await page.goto(`/f/${token}/step/${EXCEPTIONS_STEP}`);
  await waitForHydration(page);
  const parts = page.locator('section.parts');
  await expect(parts.getByRole('heading', { name: 'Parts of the workload' })).toBeVisible();
  for (const name of ['Public API', 'Matching engine']) {
    await parts.getByLabel('New part').fill(name);
    await parts.getByRole('button', { name: 'Add the part' }).click();
    await expect(parts.locator('fieldset.part legend', { hasText: name })).toBeVisible();
  }
  // A name the assessment already has is refused, saying why, and nothing is added.
  await parts.getByLabel('New part').fill('public api');
  await parts.getByRole('button', { name: 'Add the part' }).click();
  await expect(parts.getByRole('alert')).toContainText('Two parts are called');
  await expect(parts.locator('fieldset.part')).toHaveCount(2);

  const engine = parts.locator('fieldset.part', { has: page.locator('legend', { hasText: 'Matching engine' }) });
  for (const part of ['Public API', 'Matching engine']) {
    const fields = parts.locator('fieldset.part', { has: page.locator('legend', { hasText: part }) });
    for (const exception of ['Compute-intensive tasks', 'Very mission critical systems', 'Where you need control']) {
      await fields.getByLabel(exception).selectOption({ label: 'No' });
    }
  }
  await engine.getByLabel('Real-time systems').selectOption({ label: 'Yes, for its core' });
  await engine.getByLabel(/keeps long-lived connections/).check();
  const api = parts.locator('fieldset.part', { has: page.locator('legend', { hasText: 'Public API' }) });
  await api.getByLabel('Real-time systems').selectOption({ label: 'No' });
  // Unsaved part changes hold the step's own buttons, so leaving the step cannot drop them.
  const leave = page.getByRole('button', { name: 'Save and see results' });
  await expect(leave).toBeDisabled();
  await expect(page.getByText('Save the parts below first')).toBeVisible();
  await parts.getByRole('button', { name: 'Save the parts' }).click();
  await expect(engine.locator('.limit-findings')).toContainText('Connections or state between requests');
  await expect(leave).toBeEnabled();
  await expect(engine.getByLabel('Real-time systems')).toHaveValue('3');

  // The room moves to this step: the phone shows the parts' answers instead of asking.
  const moved = await request.post('/api/save_step', { form: { token, number: String(EXCEPTIONS_STEP), go: 'stay' }, maxRedirects: 0 });
  expect(moved.status()).toBeLessThan(400);
  await expect(ana.getByRole('heading', { name: 'When not to go serverless' })).toBeVisible();
  await expect(ana.getByText('The facilitator answers the talk\u2019s exceptions for each part')).toBeVisible();
  await expect(ana.locator('.part-summary', { hasText: 'Matching engine' })).toContainText('Real-time systems: Yes, for its core');
  const scrollWidth = await ana.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(360);

  // The projector shows the same answers, and no count of who answered: nobody answers here.
  const projector = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(`/f/${token}/present`);
  await waitForHydration(projector);
  await expect(projector.locator('.part-summary', { hasText: 'Matching engine' })).toContainText('Real-time systems: Yes, for its core');
  await expect(projector.locator('.presenter-count')).toHaveCount(0);

  await page.goto(`/f/${token}/results`);
  await waitForHydration(page);
  await expect(page.locator('.verdict-title')).toHaveText('Hybrid: named parts on servers');
  const table = page.locator('.parts-table');
  await expect(table.getByRole('row', { name: /Public API/ })).toContainText('Serverless first');
  await expect(table.getByRole('row', { name: /Matching engine/ })).toContainText('Servers for this workload');
  await expect(page.locator('.could-should')).toContainText('Part by part: Public API: yes; Matching engine: no.');
  await expect(page.getByText('Split into 2 parts. Serverless first: Public API. Servers for this workload: Matching engine.')).toBeVisible();
  await expect(page.locator('.could-should')).toContainText('How sure is the fit?');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('parts are added, answered and removed with plain forms', async ({ page, request }) => {
    const token = await createAssessment(request, 'Plain parts');
    await page.goto(`/f/${token}/step/${EXCEPTIONS_STEP}`);
    const parts = page.locator('section.parts');
    await parts.getByLabel('New part').fill('Batch jobs');
    await parts.getByRole('button', { name: 'Add the part' }).click();
    await expect(page).toHaveURL(new RegExp(`/step/${EXCEPTIONS_STEP}#parts$`));
    const jobs = parts.locator('fieldset.part');
    await jobs.getByLabel('Compute-intensive tasks').selectOption({ label: 'Yes, and it splits into sequential or parallel tasks' });
    await jobs.getByLabel(/Memory per run/).fill('lots');
    await parts.getByRole('button', { name: 'Save the parts' }).click();
    await expect(page.getByRole('alert')).toContainText('The parts were not saved');
    await page.locator('fieldset.part').getByLabel(/Memory per run/).fill('2048');
    await page.locator('fieldset.part').getByLabel('Compute-intensive tasks').selectOption({ label: 'Yes, and it splits into sequential or parallel tasks' });
    await page.locator('section.parts').getByRole('button', { name: 'Save the parts' }).click();
    await expect(page.locator('fieldset.part').getByLabel(/Memory per run/)).toHaveValue('2048');
    await page.getByRole('button', { name: 'Remove \u201cBatch jobs\u201d' }).click();
    await expect(page.locator('fieldset.part')).toHaveCount(0);
  });
});
