import { createAssessment, expect, overviewOf, test, waitForHydration } from './helpers';

/// Answers the first question of step 1 with the choice labelled `label`, as the facilitator.
async function answerFirst(page: import('@playwright/test').Page, token: string, label: string) {
  await page.goto(`/f/${token}/step/1`);
  await waitForHydration(page);
  const question = page.locator('fieldset.question').first();
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/save_answer') && r.ok());
  await question.getByRole('radio', { name: label, exact: true }).check();
  await saved;
}

async function assessAgain(page: import('@playwright/test').Page, token: string, keep: boolean) {
  await page.goto(`/f/${token}`);
  await waitForHydration(page);
  const rounds = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Rounds' }) });
  await rounds.locator('summary', { hasText: 'Assess again' }).click();
  if (keep) await rounds.getByLabel(/Keep the answers as a starting point/).check();
  const next = await rounds.getByRole('button', { name: /Start round \d/ }).textContent();
  await rounds.getByRole('button', { name: /Start round \d/ }).click();
  const number = /\d+/.exec(next ?? '')![0];
  await expect(rounds).toContainText(`This is round ${number}.`);
}

test('three rounds are kept, charted and compared, by the facilitator and a reader', async ({ page, browser, request }) => {
  const token = await createAssessment(request, 'Rounds of checkout');
  const { links } = await overviewOf(request, token);

  await answerFirst(page, token, 'Strongly agree');
  await assessAgain(page, token, false);
  await answerFirst(page, token, 'Strongly disagree');
  await assessAgain(page, token, true);

  await page.getByRole('link', { name: 'See and compare the rounds' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rounds');
  await expect(page.locator('table.rounds-table tbody tr')).toHaveCount(3);
  await expect(page.locator('table.rounds-table')).toContainText('under way');
  const chart = page.getByRole('img', { name: /Line chart of each dimension's score/ });
  await expect(chart).toBeVisible();
  expect(await chart.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // The last two by default; then rounds 1 and 3.
  await expect(page.locator('table.compare-table thead')).toContainText('Round 2');
  await page.getByLabel('Compare', { exact: true }).selectOption('1');
  await page.getByLabel('with').selectOption('3');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page).toHaveURL(/\?a=1&b=3$/);
  await expect(page.locator('table.compare-table thead')).toContainText('Round 1');
  await expect(page.locator('table.compare-table thead')).toContainText('Round 3');
  await expect(page.getByRole('heading', { name: 'What changed' })).toBeVisible();

  // The results say which round this is and lead to the others.
  await page.goto(`/f/${token}/results`);
  await waitForHydration(page);
  await expect(page.getByText('Round 3.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Compare with the 2 earlier rounds' })).toBeVisible();

  const reader = await (await browser.newContext()).newPage();
  await reader.goto(`/r/${links.read_only}`);
  await reader.getByRole('link', { name: 'Compare with the 2 earlier rounds' }).click();
  await expect(reader.locator('table.rounds-table tbody tr')).toHaveCount(3);
  await expect(reader.getByRole('button', { name: /Start round/ })).toHaveCount(0);
});
