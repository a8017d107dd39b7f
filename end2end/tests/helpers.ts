import { expect, test as base, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';

/// Script errors and console errors seen on any page of a test, in any browser context it
/// opens. A test that expects the browser to report something (a page answering 410 logs
/// "Failed to load resource") names it with `allow`.
export interface ScriptErrors {
  seen: string[];
  allow(pattern: RegExp): void;
}

/// Playwright's `test`, failing any test during which a page threw or logged an error.
export const test = base.extend<{ scriptErrors: ScriptErrors }>({
  scriptErrors: [
    async ({ browser, context }, use) => {
      const seen: string[] = [];
      const allowed: RegExp[] = [];
      const watchPage = (page: Page) => {
        page.on('pageerror', (error) => seen.push(`${page.url()}: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() === 'error') seen.push(`${page.url()}: console: ${message.text()}`);
        });
      };
      const watch = (ctx: BrowserContext) => {
        ctx.pages().forEach(watchPage);
        ctx.on('page', watchPage);
      };
      watch(context);
      const newContext = browser.newContext.bind(browser);
      const newPage = browser.newPage.bind(browser);
      browser.newContext = async (options) => {
        const ctx = await newContext(options);
        watch(ctx);
        return ctx;
      };
      browser.newPage = async (options) => {
        const page = await newPage(options);
        watchPage(page);
        return page;
      };
      await use({ seen, allow: (pattern) => allowed.push(pattern) });
      browser.newContext = newContext;
      browser.newPage = newPage;
      const unexpected = seen.filter((line) => !allowed.some((pattern) => pattern.test(line)));
      expect(unexpected, 'no script or console errors on any page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/// Waits until the WASM bundle has hydrated the page (the frontend marks the document).
export async function waitForHydration(page: Page) {
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
}

/// Creates an assessment through the same server function the home page form posts to, and
/// returns its facilitator token.
export async function createAssessment(
  request: APIRequestContext,
  title: string,
  description = 'Made by an end-to-end test.',
): Promise<string> {
  const response = await request.post('/api/create_assessment', {
    form: { title, description },
    headers: { accept: 'application/json' },
    maxRedirects: 0,
  });
  expect(response.ok()).toBe(true);
  return (await response.json()) as string;
}

/// Reads an assessment's overview as the facilitator page does (a GET server function).
export async function overviewOf(request: APIRequestContext, token: string) {
  const response = await request.get('/api/overview', { params: { token } });
  expect(response.ok()).toBe(true);
  return response.json();
}

/// Replaces one of the links on the facilitator page: opens its "Replace link" panel, which
/// says what replacing breaks, and confirms.
export async function replaceLink(page: Page, label: string) {
  const row = page.locator('.link-row').filter({ hasText: label });
  await row.locator('summary', { hasText: 'Replace link' }).click();
  await row.getByRole('button', { name: `Replace the ${label.toLowerCase()}` }).click();
}

/// A new browser context (its own cookies: one person) with a page on `url`, hydrated.
export async function person(browser: Browser, url: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(url);
  await waitForHydration(page);
  return page;
}

/// Joins the workshop whose participant page `page` shows, under `name`.
export async function joinAs(page: Page, name: string) {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByText(`You are ${name}`)).toBeVisible();
}

/// Answers every question on the page with the choice labelled `label`, waiting for each to be
/// saved before the next: the server's answer to that question's save, not the page's status,
/// which already says "Answer saved" from the answer before. With `thinkMs`, the person reads
/// each question for that long before tapping, as people in a room do. Returns how many
/// questions were answered.
export async function answerAll(page: Page, label: string, thinkMs = 0): Promise<number> {
  const questions = page.locator('fieldset.question');
  const count = await questions.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const choice = questions.nth(i).getByLabel(label, { exact: true });
    const question = /^answers\[(.+)\]$/.exec((await choice.getAttribute('name')) ?? '')![1];
    const saved = page.waitForResponse(
      (response) =>
        new URL(response.url()).pathname === '/api/save_answer' &&
        new URLSearchParams(response.request().postData() ?? '').get('question') === question,
    );
    if (thinkMs > 0) await page.waitForTimeout(thinkMs);
    await choice.check();
    expect((await saved).status()).toBe(200);
  }
  await expect(page.locator('.save-status')).toHaveText('Answer saved');
  return count;
}

/// Two phone screens, a small and a larger one.
export const phoneSizes = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
];
