import { expect, type APIRequestContext, type Page } from '@playwright/test';

/// Waits until the WASM bundle has hydrated the page (the frontend marks the document).
export async function waitForHydration(page: Page) {
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
}

/// Creates an assessment through the same server function the home page form posts to, and
/// returns its facilitator token.
export async function createAssessment(request: APIRequestContext, title: string): Promise<string> {
  const response = await request.post('/api/create_assessment', {
    form: { title, description: 'Made by an end-to-end test.' },
    headers: { accept: 'application/json' },
    maxRedirects: 0,
  });
  expect(response.ok()).toBe(true);
  return (await response.json()) as string;
}
