import { expect, test as base, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';

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
