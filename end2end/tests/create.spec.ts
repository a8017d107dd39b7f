import { expect, test, waitForHydration } from './helpers';

test.describe('with JavaScript', () => {
  test('creates an assessment without a full page reload, and it survives a reload', async ({ page }) => {
    await page.goto('/');
    await waitForHydration(page);
    // A full page load would wipe this marker; client-side navigation keeps it.
    await page.evaluate(() => ((window as any).__sameDocument = true));

    await page.getByLabel('Workload').fill('Checkout API (JS)');
    await page.getByLabel(/What it does/).fill('Takes card payments; spiky at lunch.');
    await page.getByRole('button', { name: 'Create assessment' }).click();

    await expect(page).toHaveURL(/\/f\/[A-Za-z0-9_-]{22}$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout API (JS)');
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout API (JS)');
    await expect(page.locator('.workload-description')).toHaveText('Takes card payments; spiky at lunch.');
  });

  test('explains a blank title and saves nothing', async ({ scriptErrors, page }) => {
    // The refused form answers 422, which the browser reports.
    scriptErrors.allow(/status of 422/);
    await page.goto('/');
    await waitForHydration(page);
    await page.getByLabel('Workload').fill('   ');
    await page.getByRole('button', { name: 'Create assessment' }).click();
    await expect(page.getByRole('alert')).toContainText('Title is required.');
    await expect(page).toHaveURL(/\/$/);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('creates an assessment with a plain form post, and it survives a reload', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Workload').fill('Nightly reports (no JS)');
    await page.getByRole('button', { name: 'Create assessment' }).click();

    await expect(page).toHaveURL(/\/f\/[A-Za-z0-9_-]{22}$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nightly reports (no JS)');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nightly reports (no JS)');
    await expect(page.getByText('No description of the workload yet.')).toBeVisible();
  });

  test('explains a blank title and saves nothing', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Workload').fill('   ');
    await page.getByRole('button', { name: 'Create assessment' }).click();
    await expect(page.getByRole('alert')).toContainText('Title is required.');
  });
});

test('an unknown assessment is a clear 404', async ({ scriptErrors, page }) => {
  // The browser reports the page's own 404.
  scriptErrors.allow(/status of 404/);
  const response = await page.goto('/f/AAAAAAAAAAAAAAAAAAAAAA');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('alert')).toContainText('There is no assessment at this address');
});
