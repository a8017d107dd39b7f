import { createAssessment, expect, overviewOf, test, waitForHydration } from './helpers';

test('the start page lists the assessments this browser opened as facilitator, until removed', async ({ page, request }) => {
  const first = await createAssessment(request, 'Remembered checkout');
  const second = await createAssessment(request, 'Remembered reports');
  await page.goto('/');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Your assessments' })).toHaveCount(0);

  for (const token of [first, second]) {
    await page.goto(`/f/${token}`);
    await waitForHydration(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  await page.goto('/');
  await waitForHydration(page);
  const list = page.locator('.your-assessments');
  await expect(list.getByRole('heading', { name: 'Your assessments' })).toBeVisible();
  // The last opened first.
  await expect(list.getByRole('link')).toHaveText(['Remembered reports', 'Remembered checkout']);
  await list.getByRole('link', { name: 'Remembered checkout' }).click();
  await expect(page).toHaveURL(new RegExp(`/f/${first}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Remembered checkout');

  await page.goto('/');
  await waitForHydration(page);
  await list.getByRole('button', { name: 'Remove Remembered reports from this list' }).click();
  await expect(list.getByRole('link')).toHaveText(['Remembered checkout']);
  // Kept in this browser only: another browser sees nothing.
  const elsewhere = await (await page.context().browser()!.newContext()).newPage();
  await elsewhere.goto('/');
  await waitForHydration(elsewhere);
  await expect(elsewhere.getByRole('heading', { name: 'Your assessments' })).toHaveCount(0);
  await page.reload();
  await waitForHydration(page);
  await expect(list.getByRole('link')).toHaveText(['Remembered checkout']);
});

test('deleting needs the exact title, and then every open screen says the assessment was deleted', async ({ scriptErrors, browser, page, request }) => {
  // Pages of a deleted assessment answer 410, which the browser reports.
  scriptErrors.allow(/status of 410/);
  scriptErrors.allow(/status of 422/);
  const token = await createAssessment(request, 'Doomed pipeline');
  const { links } = await overviewOf(request, token);

  await page.goto(`/f/${token}`);
  await waitForHydration(page);
  // The advice to keep the address is for browsers without JavaScript.
  await expect(page.getByText("Keep this page's address")).toBeHidden();

  // A second browser: a participant's phone, joined, and a reader of the read-only link.
  const other = await browser.newContext();
  const phone = await other.newPage();
  await phone.goto(`/p/${links.participant}`);
  await phone.getByLabel('Your name').fill('Ana');
  await phone.getByRole('button', { name: 'Join' }).click();
  await expect(phone.getByText('You are Ana')).toBeVisible();
  const reader = await other.newPage();
  await reader.goto(`/r/${links.read_only}`);
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText('Doomed pipeline');

  await page.getByText('Delete this assessment').click();
  const confirm = page.getByLabel(/Type its title/);
  await confirm.fill('doomed pipeline');
  await page.getByRole('button', { name: 'Delete the assessment' }).click();
  await expect(page.getByRole('alert')).toContainText('That is not the title. Type “Doomed pipeline” exactly');
  expect((await overviewOf(request, token)).assessment.title).toBe('Doomed pipeline');

  await confirm.fill('Doomed pipeline');
  await page.getByRole('button', { name: 'Delete the assessment' }).click();
  await expect(page.getByRole('alert')).toContainText('This assessment was deleted by its facilitator');

  // The other browser's screens follow without anyone reloading them.
  for (const screen of [phone, reader]) {
    await expect(screen.getByText('This assessment was deleted by its facilitator')).toBeVisible();
  }
  expect((await request.get(`/r/${links.read_only}`)).status()).toBe(410);
  expect((await request.get('/api/overview', { params: { token } })).status()).toBe(410);

  // And this browser no longer offers it.
  await page.goto('/');
  await waitForHydration(page);
  await expect(page.getByRole('link', { name: 'Doomed pipeline' })).toHaveCount(0);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the facilitator page says to keep its address, and deleting works with a plain form', async ({ scriptErrors, page, request }) => {
    // The deleted page answers 410, which the browser reports.
    scriptErrors.allow(/status of 410/);
    const token = await createAssessment(request, 'Plain delete');
    await page.goto(`/f/${token}`);
    await expect(page.getByText("Keep this page's address, or bookmark it")).toBeVisible();
    await page.getByText('Delete this assessment').click();
    await page.getByLabel(/Type its title/).fill('Plain');
    await page.getByRole('button', { name: 'Delete the assessment' }).click();
    await expect(page.getByRole('alert')).toContainText('That is not the title.');
    await page.getByLabel(/Type its title/).fill('Plain delete');
    await page.getByRole('button', { name: 'Delete the assessment' }).click();
    await expect(page.getByRole('alert')).toContainText('This assessment was deleted by its facilitator');
  });
});
