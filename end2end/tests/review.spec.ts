import { createAssessment, expect, overviewOf, test, waitForHydration } from './helpers';

test('the facilitator sets a review date and triggers, and every reader sees when the decision is due', async ({ scriptErrors, page, browser, request }) => {
  // A refused save answers 422, which the browser reports.
  scriptErrors.allow(/status of 422/);
  const token = await createAssessment(request, 'Reviewed checkout');
  const { links } = await overviewOf(request, token);
  await page.goto(`/f/${token}/results`);
  await waitForHydration(page);
  const review = page.locator('section#review');
  await expect(review.getByRole('heading', { name: 'Review' })).toBeVisible();
  await expect(review).toContainText('No review is set');

  await review.getByText('Set the review').click();
  await review.getByLabel('Review date').fill('2020-01-01');
  await review.getByRole('button', { name: 'Save the review' }).click();
  await expect(review.getByRole('alert')).toContainText('The review date is in the past');

  await review.getByLabel('Review date').fill('2031-05-01');
  const requests = review.locator('.watch').filter({ hasText: 'Monthly requests' });
  await requests.getByRole('checkbox').check();
  await requests.getByLabel('Monthly requests: above or below').selectOption('above');
  await requests.getByLabel('Monthly requests threshold, requests a month').fill('12,000,000');
  await review.getByRole('button', { name: 'Save the review' }).click();
  await expect(review).toContainText('Next review: 1 May 2031.');
  await expect(review.locator('ul.watched')).toContainText('Monthly requests above 12,000,000.');

  // The team now does 40 M requests a month: the decision is due for review.
  await review.getByText('Set the review').click();
  await requests.getByLabel('Monthly requests now, requests a month').fill('40000000');
  await review.getByRole('button', { name: 'Save the review' }).click();
  await expect(review.getByRole('status')).toContainText('Monthly requests now 40,000,000: above the 12,000,000 that reopens the decision.');

  await page.goto(`/f/${token}`);
  await waitForHydration(page);
  await expect(page.getByRole('status').filter({ hasText: 'Time to review this decision' })).toBeVisible();
  await page.getByRole('link', { name: 'See the review on the results page' }).click();
  await expect(page).toHaveURL(/\/results#review$/);

  const reader = await (await browser.newContext()).newPage();
  await reader.goto(`/r/${links.read_only}`);
  await expect(reader.getByText('Time to review this decision')).toBeVisible();
  await expect(reader.getByRole('button', { name: 'Save the review' })).toHaveCount(0);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the review form saves with a plain form and explains a refusal', async ({ page, request }) => {
    const token = await createAssessment(request, 'Plain review');
    await page.goto(`/f/${token}/results`);
    const review = page.locator('section#review');
    await review.getByText('Set the review').click();
    await review.getByLabel('Review date').fill('2020-01-01');
    await review.getByRole('button', { name: 'Save the review' }).click();
    await expect(review.getByRole('alert')).toContainText('The review was not saved');
    await review.getByLabel('Review date').fill('2031-05-01');
    await review.getByRole('button', { name: 'Save the review' }).click();
    await expect(page.locator('section#review')).toContainText('Next review: 1 May 2031.');
  });
});
