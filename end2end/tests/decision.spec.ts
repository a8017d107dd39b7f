import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { createAssessment, expect, overviewOf, test, waitForHydration } from './helpers';

const wording = 'We run the checkout API on functions, starting with the order intake.';

/// Downloads decision.md through the results page's link and returns its text.
async function downloadRecord(page: Page): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download decision.md' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^whenless-checkout-api-\d{4}-\d{2}-\d{2}\.decision\.md$/);
  return readFileSync(await download.path(), 'utf8');
}

/// Words the decision and sets its status in the results page's form.
async function decide(page: Page, text: string, status: string) {
  const card = page.locator('section.decision');
  await card.locator('summary', { hasText: 'Word the decision and set its status' }).click();
  await card.getByLabel(/The decision, in the team/).fill(text);
  await card.getByLabel('Status').selectOption({ label: status });
  await card.getByRole('button', { name: 'Save the decision' }).click();
}

test('the facilitator words the decision, sets its status, and decision.md says so', async ({ page, request }) => {
  const token = await createAssessment(request, 'Checkout API');
  await page.goto(`/f/${token}/results`);
  await waitForHydration(page);
  const card = page.locator('section.decision');
  await expect(card.getByRole('heading', { name: /Decision record/ })).toContainText('Proposed');
  await expect(card.locator('.decision-outcome')).toHaveText(
    'No option is chosen yet: the assessment has not enough answers for a verdict.',
  );

  await decide(page, wording, 'Accepted');
  await expect(card.locator('.decision-outcome')).toHaveText(wording);
  await expect(card.getByRole('heading', { name: /Decision record/ })).toContainText('Accepted');

  const record = await downloadRecord(page);
  expect(record).toMatch(/^---\nstatus: accepted\ndate: \d{4}-\d{2}-\d{2}\n---\n\n# Servers or serverless for Checkout API\n/);
  for (const heading of [
    '## Context and Problem Statement',
    '## Decision Drivers',
    '## Considered Options',
    '## Decision Outcome',
    '### Consequences',
    '### Confirmation',
  ]) {
    expect(record).toContain(`\n${heading}\n`);
  }
  expect(record).toContain(`## Decision Outcome\n\n${wording}\n`);

  // Emptied, the record states the verdict's sentence again.
  await decide(page, '', 'Superseded');
  await expect(card.locator('.decision-outcome')).toHaveText(/^No option is chosen yet/);
  expect(await downloadRecord(page)).toMatch(/^---\nstatus: superseded\n/);

  // The read-only page shows the decision and offers no form.
  const { links } = await overviewOf(request, token);
  await page.goto(`/r/${links.read_only}`);
  await expect(page.locator('section.decision .decision-outcome')).toHaveText(/^No option is chosen yet/);
  await expect(page.locator('section.decision form')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Decision record (Markdown)' })).toHaveAttribute(
    'href',
    `/r/${links.read_only}/export/decision.md`,
  );
});

test('a wording over the limit is refused with a message and nothing is saved', async ({ page, request }) => {
  const token = await createAssessment(request, 'Checkout API');
  await page.goto(`/f/${token}/results`);
  await waitForHydration(page);
  const card = page.locator('section.decision');
  await card.locator('summary', { hasText: 'Word the decision and set its status' }).click();
  // The field stops at its limit as typed; a script can send more, and is refused.
  const response = await request.post('/api/edit_decision', {
    form: { token, wording: 'w'.repeat(1001), status: 'accepted', version: '0' },
  });
  expect(response.status()).toBe(422);
  expect(await response.text()).toContain('the limit is 1000');
  await expect(card.getByLabel(/The decision, in the team/)).toHaveAttribute('maxlength', '1000');
  await expect(card.getByRole('heading', { name: /Decision record/ })).toContainText('Proposed');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the decision form saves and reloads the page', async ({ page, request }) => {
    const token = await createAssessment(request, 'Checkout API');
    await page.goto(`/f/${token}/results`);
    await decide(page, wording, 'Accepted');
    await expect(page).toHaveURL(new RegExp(`/f/${token}/results\\??$`));
    const card = page.locator('section.decision');
    await expect(card.locator('.decision-outcome')).toHaveText(wording);
    await expect(card.getByRole('heading', { name: /Decision record/ })).toContainText('Accepted');
  });
});

test('the facilitator gives the next actions owners and dates; a tracker gets them as CSV', async ({ page, request, scriptErrors }) => {
  // The date in the past is refused with 422, which the browser reports.
  scriptErrors.allow(/status of 422/);
  const token = await createAssessment(request, 'Checkout API');
  await page.goto(`/f/${token}/results`);
  await waitForHydration(page);
  const section = page.locator('section[aria-labelledby="next-heading"]');
  await section.locator('summary', { hasText: 'Edit the next actions' }).click();
  const first = section.locator('fieldset.next-action').first();
  await first.getByLabel('What is to be done').fill('Measure the peak traffic of the checkout');
  await first.getByLabel('Owner').fill('ana');
  await first.getByLabel('Due date').fill('2020-01-31');
  await section.getByRole('button', { name: 'Save the next actions' }).click();
  await expect(section.getByRole('alert')).toContainText('The due date of action 1, 2020-01-31, is in the past');
  await expect(first.getByLabel('What is to be done')).toHaveValue('Measure the peak traffic of the checkout');

  await first.getByLabel('Due date').fill('2099-01-31');
  const added = section.locator('fieldset.next-action').last();
  await added.getByLabel('What is to be done').fill('Write the runbook');
  await added.getByLabel('Owner').fill('Sam Lee');
  await added.getByLabel('Due date').fill('2099-02-01');
  await section.getByRole('button', { name: 'Save the next actions' }).click();
  await expect(section.locator('ol.actions-list > li').first()).toHaveText(
    'Measure the peak traffic of the checkout (owner: ana, due 2099-01-31)',
  );
  await expect(section.locator('ol.actions-list > li').last()).toHaveText('Write the runbook (owner: Sam Lee, due 2099-02-01)');
  // The row for a new action starts empty again, not with what was typed into the last one.
  const fresh = section.locator('fieldset.next-action').last();
  await expect(fresh.getByLabel('Owner')).toHaveValue('');
  await expect(fresh.getByLabel('Due date')).toHaveValue('');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('link', { name: /^CSV/ }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split(/\r?\n/)[0]).toBe('Summary,Description,Assignee,Due date');
  expect(csv).toContain('Measure the peak traffic of the checkout,');
  expect(csv).toContain(',ana,2099-01-31');
  const checklist = await (await request.get(`/f/${token}/export/actions.md`)).text();
  expect(checklist).toBe(
    '- [ ] Measure the peak traffic of the checkout \u2014 @ana, due 2099-01-31\n- [ ] Write the runbook \u2014 owner Sam Lee, due 2099-02-01\n',
  );
});
