import { writeFileSync } from 'node:fs';
import { get } from 'node:https';
import type { APIRequestContext, Page } from '@playwright/test';
import { answerAll, expect, joinAs, person, phoneSizes, test, waitForHydration } from '../tests/helpers';

// A workshop through nginx (deploy/nginx-whenless.conf) in front of two servers on one Postgres
// database, which scripts/proxy-test.sh starts: a facilitator, a projector and six phones, all
// from one address (the proxy's clients are all on this machine, as a room is behind one
// venue's Wi-Fi), at the pace of people reading questions, on the servers' default limits.
// Halfway through a step, one server is stopped; every screen keeps following and no answer is
// lost. The script then looks for every secret written to WHENLESS_PROXY_SECRETS in the logs.

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run scripts/proxy-test.sh`);
  return value;
}
const publicUrl = setting('WHENLESS_E2E_URL');
const plainUrl = setting('WHENLESS_PROXY_HTTP_URL');
const [metricsA, metricsB] = setting('WHENLESS_PROXY_METRICS').split(' ');
const stopPid = Number(setting('WHENLESS_PROXY_STOP_PID'));
const secretsFile = setting('WHENLESS_PROXY_SECRETS');

/// A metric of one server (its --metrics-addr), summed over the series whose labels include
/// `labels`; null when the server no longer answers.
async function metric(request: APIRequestContext, url: string, name: string, labels = ''): Promise<number | null> {
  const response = await request.get(url).catch(() => null);
  if (!response?.ok()) return null;
  return (await response.text())
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => line.includes(labels))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
const saves = '{route="/api/save_answer",status="2xx"';

/// The first event an event stream through the proxy sends, or what came before `ms`
/// milliseconds passed without one (HTTP/1.1, as a client without HTTP/2 reads it; the
/// proxy's certificate is the test's own).
function firstEvent(path: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const done = () => {
      clearTimeout(deadline);
      request.destroy();
      resolve(received);
    };
    const deadline = setTimeout(done, ms);
    const request = get(new URL(path, publicUrl), { rejectUnauthorized: false }, (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        received += chunk;
        if (received.includes('\n\n')) done();
      });
    });
    request.on('error', reject);
  });
}

/// Counts the answers `page` has had saved (the server's 200 to each save).
function countSaves(page: Page, counter: { saved: number }) {
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/save_answer' && response.status() === 200) counter.saved++;
  });
}

test('a workshop through nginx and two servers follows on every screen, and loses nothing when a server stops', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const secrets: string[] = [];

  // The facilitator starts at the proxy's https:// address; the servers, told by the proxy that
  // the browser came over HTTPS, ask for HTTPS from now on.
  const facilitatorContext = await browser.newContext();
  await facilitatorContext.grantPermissions(['clipboard-read', 'clipboard-write']);
  const facilitator = await facilitatorContext.newPage();
  const home = await facilitator.goto('/');
  expect(home?.headers()['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  await waitForHydration(facilitator);
  await facilitator.getByLabel('Workload').fill('Ticket scanning at the gates');
  await facilitator.getByRole('button', { name: 'Create assessment' }).click();
  await expect(facilitator).toHaveURL(/\/f\/[A-Za-z0-9_-]{22}$/);
  const token = new URL(facilitator.url()).pathname.split('/')[2];
  secrets.push(token);
  await facilitator.getByRole('button', { name: 'Only facilitate' }).click();
  await expect(facilitator.getByRole('button', { name: 'Only facilitate' })).toHaveAttribute('aria-pressed', 'true');

  // Every link the facilitator copies starts with the public address (--public-url).
  const links = await facilitator.locator('input.link-url').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  expect(links).toHaveLength(3);
  for (const link of links) expect(link).toMatch(new RegExp(`^${publicUrl}/[fpr]/[A-Za-z0-9_-]{22}$`));
  const participantUrl = await facilitator.getByLabel('Participant link').inputValue();
  await facilitator.locator('.link-row').filter({ hasText: 'Participant link' }).getByRole('button', { name: 'Copy' }).click();
  await expect(facilitator.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await facilitator.evaluate(() => navigator.clipboard.readText())).toBe(participantUrl);
  secrets.push(...links.map((link) => link.split('/').pop()!));
  const joinCode = (await facilitator.locator('.join-code').first().textContent())!.trim();
  expect(joinCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  secrets.push(joinCode, joinCode.replace('-', ''), joinCode.toLowerCase());

  // The proxy passes a stream's events on as they come: the greeting within a second.
  expect(await firstEvent(`/f/${token}/events`, 1000)).toBe('event: changed\ndata: room\n\n');

  const projector = await person(browser, `/f/${token}/present`, { width: 1920, height: 1080 });

  // Six phones: five open the copied link, one types the join code.
  const names = ['Ana', 'Ben', 'Cy', 'Dee', 'Eve', 'Fay'];
  const phones: Page[] = [];
  for (const [i, name] of names.entries()) {
    const size = phoneSizes[i % phoneSizes.length];
    let phone: Page;
    if (i === names.length - 1) {
      phone = await person(browser, '/', size);
      await phone.getByRole('link', { name: 'Type the code on the facilitator’s screen' }).click();
      await phone.getByLabel('Join code').fill(joinCode);
      await phone.getByRole('button', { name: 'Find the workshop' }).click();
      await waitForHydration(phone);
    } else {
      phone = await person(browser, participantUrl, size);
    }
    await joinAs(phone, name);
    phones.push(phone);
  }
  // Each phone holds the person's secret in a cookie sent over HTTPS only, out of scripts' reach.
  for (const phone of phones) {
    const cookies = (await phone.context().cookies()).filter((cookie) => cookie.name.startsWith('whenless-'));
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    secrets.push(cookies[0].value);
  }
  writeFileSync(secretsFile, `${secrets.join('\n')}\n`);
  await expect(facilitator.locator('.people li')).toHaveCount(names.length);
  await expect(projector.locator('.presenter-count')).toContainText(`0 of ${names.length}`);

  const counters = phones.map((phone) => {
    const counter = { saved: 0 };
    countSaves(phone, counter);
    return counter;
  });
  const saved = () => counters.reduce((sum, counter) => sum + counter.saved, 0);
  // Each person reads for 0.4 to 0.9 s before each tap.
  const think = (i: number) => 400 + ((i * 97) % 500);
  const labels = ['Strongly agree', 'Agree', 'Disagree', 'Strongly disagree', 'Agree', 'Strongly agree'];
  const values: Record<string, number> = { 'Strongly disagree': 1, Disagree: 2, Agree: 4, 'Strongly agree': 5 };
  // The value of every answer given, as the export writes it.
  const given: number[] = [];
  const answerStep = (label: (i: number) => string) =>
    Promise.all(
      phones.map(async (phone, i) => {
        const answered = await answerAll(phone, label(i), think(i));
        given.push(...Array<number>(answered).fill(values[label(i)]));
      }),
    );

  // Step 1: everyone answers at once.
  await answerStep((i) => labels[i]);
  await expect(projector.locator('.presenter-count')).toContainText(`${names.length} of ${names.length}`);
  const firstStep = saved();
  // The phones' answers and live updates went to both servers.
  for (const url of [metricsA, metricsB]) {
    expect(await metric(request, url, 'whenless_http_requests_total', saves)).toBeGreaterThan(0);
    expect(await metric(request, url, 'whenless_event_streams_open')).toBeGreaterThan(0);
  }

  await projector.keyboard.press('r');
  for (const phone of phones) await expect(phone.getByRole('heading', { name: 'The team’s answers' })).toBeVisible();
  await projector.keyboard.press('ArrowRight');
  await expect(projector.locator('.presenter-step')).toHaveText('Step 2 of 12');
  const secondStep = (await projector.locator('.presenter-heading').textContent())!;
  for (const phone of phones) await expect(phone.locator('#step-heading')).toHaveText(secondStep);

  // Step 2: while the room answers, one server is stopped.
  const streams = async () =>
    ((await metric(request, metricsA, 'whenless_event_streams_open')) ?? 0) +
    ((await metric(request, metricsB, 'whenless_event_streams_open')) ?? 0);
  const open = await streams();
  const answering = answerStep((i) => labels[(i + 1) % labels.length]);
  await expect.poll(() => saved() - firstStep).toBeGreaterThanOrEqual(names.length);
  process.kill(stopPid, 'SIGTERM');
  const stoppedAt = Date.now();
  const atStop = saved();
  await expect.poll(() => metric(request, metricsA, 'whenless_event_streams_open')).toBeNull();
  await answering;
  const afterStop = saved() - atStop;
  expect(afterStop, 'answers saved after the server stopped').toBeGreaterThan(0);
  // Every live update stream moved to the server left.
  await expect.poll(() => metric(request, metricsB, 'whenless_event_streams_open'), { timeout: 20_000 }).toBe(open);
  const movedAfter = Date.now() - stoppedAt;
  await expect(projector.locator('.presenter-count')).toContainText(`${names.length} of ${names.length}`);

  // The projector still leads the room, and every phone follows.
  await projector.keyboard.press('r');
  for (const phone of phones) await expect(phone.getByRole('heading', { name: 'The team’s answers' })).toBeVisible();
  await projector.keyboard.press('ArrowRight');
  await expect(projector.locator('.presenter-step')).toHaveText('Step 3 of 12');
  const thirdStep = (await projector.locator('.presenter-heading').textContent())!;
  for (const phone of phones) await expect(phone.locator('#step-heading')).toHaveText(thirdStep);
  await expect(facilitator.locator('.people li')).toHaveCount(names.length);

  // Every answer given is in the assessment, once, as given, from each of the six people.
  const exported = await facilitatorContext.request.get(`/f/${token}/export/assessment.json`);
  expect(exported.ok()).toBe(true);
  const answers = (await exported.json()).answers as { participant: string; value: number }[];
  expect(answers.map((answer) => answer.value).sort((a, b) => a - b)).toEqual(given.sort((a, b) => a - b));
  expect(answers).toHaveLength(saved());
  expect(new Set(answers.map((answer) => answer.participant)).size).toBe(names.length);
  console.log(
    `${answers.length} answers, all saved: ${firstStep} in step 1, ${saved() - firstStep} in step 2 (${afterStop} after the server stopped); ` +
      `all ${open} event streams on the other server ${movedAfter} ms after the stop`,
  );

  // Plain HTTP sends the browser to the public address, path kept.
  const plain = await request.get(`${plainUrl}/f/${token}`, { maxRedirects: 0 });
  expect(plain.status()).toBe(301);
  expect(plain.headers().location).toBe(`${publicUrl}/f/${token}`);

  // A client cannot choose the address it is counted by: an X-Forwarded-For of its own is
  // replaced by the proxy, so looking up join codes from "many addresses" meets one allowance.
  const refusedBefore = (await metric(request, metricsB, 'whenless_write_refusals_total', 'limit="address"'))!;
  let refused = 0;
  for (let i = 0; i < 200; i++) {
    const response = await request.post('/api/find_room', {
      form: { code: 'AAAA-AAAA' },
      headers: { 'x-forwarded-for': `203.0.113.${i % 250}`, accept: 'application/json' },
      maxRedirects: 0,
    });
    if (response.status() === 429) refused++;
  }
  expect(refused).toBeGreaterThan(0);
  expect(await metric(request, metricsB, 'whenless_write_refusals_total', 'limit="address"')).toBe(refusedBefore + refused);
});
