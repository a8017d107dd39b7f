import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The workshop through nginx in front of two servers, which scripts/proxy-test.sh starts and
// names here (WHENLESS_E2E_URL is the proxy's https:// address). The same browser and settings
// as the other end-to-end tests; the proxy's certificate is a throwaway self-signed one.
export default defineConfig({
  ...base,
  testDir: './proxy',
  use: { ...base.use, ignoreHTTPSErrors: true },
});
