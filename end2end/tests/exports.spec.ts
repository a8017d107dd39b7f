import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Locator, Page, TestInfo } from '@playwright/test';
import { createAssessment, expect, overviewOf, test } from './helpers';

// A long assessment, as a team that used every field would leave it: a long title and
// description, six people and the facilitator answering every question (their answers far
// apart, so every tally is long and every dimension a hot spot), notes on half the
// dimensions (one of nearly 4,000 characters, the limit), every exception raised, a cost
// estimate with long sources, and six parts, several over the platform's limits.

const title = 'Order events pipeline for the Nordic warehouse network: moving the nightly stock batch to events';

const description = [
  'Today a nightly batch on two rented machines reads the stock levels of 14 warehouses from the ERP, works out what to reorder and sends the orders to 230 suppliers by EDI and e-mail. It takes four to six hours, fails about twice a month (usually a supplier endpoint timing out), and when it fails the morning shift finds out from the buyers, not from an alert.',
  'We want stock changes to flow as events during the day instead: each scan at a warehouse updates the level, a reorder goes out when a level crosses its threshold, and the buyers see the same numbers as the warehouses within a minute. Black Friday and the two weeks before Christmas are six to eight times a normal day; January is quiet.',
  'In the room: two developers from the integration team, the warehouse systems lead, a buyer, the on-call engineer and our security officer. The facilitator voted too. We used the cost calculator with last quarter\'s volumes and the list prices of our current cloud provider.',
].join('\n\n');

/// Team notes by dimension title. Data's is nearly as long as a note may be.
const notes: Record<string, string> = {
  'Cost and scale': [
    'The batch machines cost little, but the on-call time does not: every failed run is two people for half a morning. The calculator agrees that functions are cheaper at our volume; the break-even is far above anything we expect.',
    'Open point: the EDI gateway charges per message, whoever sends it, so it is left out of the comparison on purpose. Peaks: Black Friday is about eight times an average day, and the Christmas fortnight six times, for two weeks.',
  ].join('\n'),
  Data: [
    'Minutes of the data discussion (about 40 minutes, the longest of the day).',
    '',
    'Where the data lives today: stock levels in the ERP\'s Oracle database, supplier details in a spreadsheet the buyers keep on the shared drive, reorder thresholds in a table the batch owns. The batch reads all three at 01:00, joins them in memory and writes the orders back to the ERP. Nobody else writes the thresholds table, and nobody is sure who last changed the spreadsheet\'s format.',
    '',
    'What an event-driven version needs: a stock level per item and warehouse that is updated by each scan, the threshold beside it, and the supplier for the item. The developers proposed a key-value table (item and warehouse as the key) for levels and thresholds, and a nightly copy of the supplier spreadsheet into the same store, since it changes about once a week. The warehouse systems lead pointed out that a scan is sometimes sent twice when a handheld loses its connection, so updates must be idempotent: each scan carries its own id, and a level records the last scan id it applied.',
    '',
    'Queries across tables: the buyers\' weekly report joins stock, orders and suppliers and runs for about ten minutes on the ERP today. Nobody wants to rebuild that on a key-value store. Agreed: the report stays on the ERP (or a copy of it), fed by the same events, and the new store serves only the reorder decision. That is the main reason the Data answers are split: those who thought of the report disagreed, those who thought of the reorder path agreed.',
    '',
    'Consistency: the buyer asked what happens when two warehouses reorder the same item from the same supplier within minutes. Today the batch sees both and sends one order. In the event version, two orders could go out. Proposed: a per-supplier order window of 15 minutes that collects reorders and sends one order per window; the window is a queue with a delay, not a database lock. The on-call engineer is worried that a window nobody can see is hard to debug; we will log every reorder with the window it joined.',
    '',
    'Retention and privacy: the scans carry the handheld id and the employee number of whoever scanned. The security officer wants the employee number dropped at the edge, before anything is stored, and scans kept for 90 days only. Nobody objected. Supplier data includes personal e-mail addresses of small suppliers\' owners; the same rules as today apply (kept while the supplier is active, deleted a year after the last order).',
    '',
    'Migration: run both for a month. The batch keeps sending the orders; the event version computes what it would have sent, and a small report compares the two every morning. Switch over per warehouse once a warehouse has had two clean weeks. The ERP remains the system of record for orders throughout.',
    '',
    'Volumes for the calculator: about 1.4 million scans on an average day, peaks of 6 to 8 times that on the busiest days, 2 to 3 KB per scan message, reorders around 3,000 a day. See https://wiki.example.com/warehouse/integration/stock-events/volumes-2026-q3-and-peak-forecast-for-black-friday for the figures we used.',
    '',
    'Open questions for next week: whether the ERP can publish stock changes itself (its vendor says a change-data feed comes in the next release, not this one) or we read its database log; how long a reorder may wait in the window before a buyer notices; whether the three suppliers who still take orders by e-mail can move to EDI this year; and who owns the key-value table once the integration team hands it over. The buyer asked for the comparison report to be readable by buyers, not only by developers.',
    '',
    'Actions: the developers write down the key design (item, warehouse) and the idempotency rule; the warehouse systems lead checks how often scans are sent twice (the handhelds log it); the buyer confirms the 15-minute window is acceptable to the three largest suppliers; security writes the retention rule into the design.',
  ].join('\n'),
  Security: [
    'The EDI gateway is reached through a fixed outbound IP that suppliers allow-list; functions would need a NAT gateway or the existing proxy, which is one more thing to run. The security officer is fine with managed identity per function, stricter than the shared service account the batch uses today, as long as the secrets for the 230 supplier endpoints move to the secrets manager first.',
    'Concern raised by the on-call engineer: more small pieces means more policies to review, and the last audit found two over-broad roles. Agreed to write the policies as code and review them like any other change.',
  ].join('\n'),
  People: [
    'Two of the six have built functions before (a webhook and a thumbnail service); nobody has run an event-driven system in production. The integration team wants to learn it; the warehouse systems lead would rather the team learned on something less critical than reordering.',
    'Proposal: the comparison month (see the Data note) is the learning period, with the batch still sending the orders. The on-call rota stays the same, with a runbook for the new pieces before the switch.',
  ].join('\n'),
  'Vendor lock-in': [
    'We are already on one cloud for the ERP\'s replica and backups; the question is how much of the new design depends on that cloud\'s own queue and function services. The developers estimate that the reorder logic itself (thresholds, windows) is a few hundred lines and portable; the glue (triggers, permissions, the queue with a delay) is where the lock-in is.',
    'The buyer asked whether we could move back to the batch if this goes wrong: yes, the batch keeps running for a month and its code stays in the repository. A move to another cloud would mean rewriting the glue, estimated at two to three weeks. Accepted: the lock-in is in the cheap part.',
    'Not decided: whether to use the cloud\'s managed workflow service for the order window or write it as a queue with a delay. The first is less code but harder to test locally.',
  ].join('\n'),
  Testing: 'Contract tests against a supplier sandbox exist for four suppliers only; the rest are tested in production today. We need a fake EDI endpoint either way.',
};

const costs: Record<string, string> = {
  requests_per_month: '42,000,000',
  peak_to_average: '8',
  duration_ms: '180',
  memory_mb: '512',
  payload_kb: '3',
  longest_run_seconds: '40',
  uses_gateway: 'on',
  ops_hours_per_month: '30',
  function_ops_hours_per_month: '8',
  ops_hourly_rate: '95',
  platform_as_of: 'October 2026',
  platform_source:
    'the provider\'s published quotas page for functions in our region, read by the integration team on 14 October 2026, with the concurrency quota our account actually has (raised to 3,000 last year for the web shop) rather than the default, and the API gateway\'s 29-second timeout, which is a hard limit for any request a supplier or buyer waits on',
  as_of: 'October 2026',
  source: 'the provider\'s public price list for our region (functions, API gateway, general-purpose instances), checked by the integration team on 14 October 2026; the EDI gateway\'s per-message fee is left out on purpose because it is the same either way',
};

/// The parts the team split the workload into: each one's answers to the talk's exceptions,
/// in the exceptions' order (1 no, 2 for a part, 3 for its core, 4 handled, 0 not sure), and
/// what one run needs.
const parts: { name: string; answers: number[]; run: Record<string, string> }[] = [
  { name: 'Scan ingestion from the warehouse handhelds', answers: [1, 1, 1, 1], run: { longest_run_seconds: '2', memory_mb: '256', payload_kb: '3', uses_gateway: 'on' } },
  { name: 'Reorder decision and the 15-minute supplier window', answers: [2, 1, 4, 0], run: { longest_run_seconds: '30', memory_mb: '512', payload_kb: '8' } },
  { name: 'EDI and e-mail sending to the 230 suppliers', answers: [1, 1, 2, 3], run: { longest_run_seconds: '120', memory_mb: '512', payload_kb: '64', keeps_state: 'on' } },
  { name: "Buyers' weekly report on a copy of the ERP", answers: [0, 3, 1, 2], run: { longest_run_seconds: '900', memory_mb: '3008', payload_kb: '6000', uses_gateway: 'on' } },
  { name: 'Nightly reconciliation with the ERP in the comparison month', answers: [1, 2, 2, 2], run: { longest_run_seconds: '7200', memory_mb: '4096', payload_kb: '512' } },
  { name: 'Forecasting model for the Black Friday and Christmas peaks', answers: [1, 4, 1, 0], run: { longest_run_seconds: '3600', memory_mb: '20480', payload_kb: '1024', needs_gpu: 'on', keeps_state: 'on' } },
];

/// The decision as the facilitator worded it for the record.
const decision = [
  'We move the stock changes to events during the day, on functions and the cloud\'s managed queues, and keep the buyers\' weekly report and the nightly reconciliation on instances next to a copy of the ERP.',
  'The comparison month runs first: the batch keeps sending the orders while the event version computes what it would have sent, and each warehouse switches over after two clean weeks.',
  'The forecasting model stays where it is until the peak season is over; we look at it again in February, with the GPU prices of the day.',
  'The EDI sending keeps its fixed outbound address through the existing proxy. Owners: the integration team for the events and the functions, the warehouse systems lead for the switch-over plan, security for the retention rule.',
].join('\n');

const people = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Eun-ji', 'Farid'];

/// Builds the long assessment through the app's own server functions, as the pages call them;
/// returns its facilitator token.
async function longAssessment(request: APIRequestContext, participants: APIRequestContext[]): Promise<string> {
  const token = await createAssessment(request, title, description);
  // Two rounds closed before this one, so that the exports carry a history.
  for (let round = 0; round < 2; round++) {
    const again = await request.post('/api/assess_again', { form: { token }, headers: { accept: 'application/json' }, maxRedirects: 0 });
    expect(again.ok(), await again.text()).toBe(true);
  }
  const overview = await overviewOf(request, token);
  const steps = [];
  for (const { number } of overview.progress) {
    const response = await request.get('/api/step', { params: { token, number } });
    expect(response.ok()).toBe(true);
    steps.push(await response.json());
  }
  const questions: string[] = steps.flatMap((step) => step.dimension?.questions.map((q: { id: string }) => q.id) ?? []);
  const exceptions: { id: string; handled: unknown }[] = steps.flatMap((step) => step.exceptions);
  expect(questions.length).toBeGreaterThan(40);
  expect(exceptions).toHaveLength(4);

  const voters = [request, ...participants];
  for (const [index, participant] of participants.entries()) {
    const joined = await participant.post('/api/join_room', {
      form: { token: overview.links.participant, name: people[index] },
      headers: { accept: 'application/json' },
      maxRedirects: 0,
    });
    expect(joined.ok()).toBe(true);
  }
  for (const [voter, context] of voters.entries()) {
    const voterToken = voter === 0 ? token : overview.links.participant;
    // Every answer of the scale given by someone, on every question: the longest tallies.
    for (const [index, question] of questions.entries()) {
      const value = String([1, 2, 3, 4, 5, 0][(voter * 2 + index) % 6]);
      expect((await context.post('/api/save_answer', { form: { token: voterToken, question, value } })).ok()).toBe(true);
    }
    // For a part, for the core, handled (where the talk names a way out), not sure, no:
    // every exception raised by someone.
    for (const [index, exception] of exceptions.entries()) {
      const choices = exception.handled ? [2, 3, 4, 0, 1] : [2, 3, 0, 1];
      const value = String(choices[(voter + index) % choices.length]);
      const saved = await context.post('/api/save_answer', { form: { token: voterToken, question: exception.id, value } });
      expect(saved.ok(), await saved.text()).toBe(true);
    }
  }

  for (const step of steps) {
    // The facilitator reveals each step's answers, which the exports show only then.
    const revealed = await request.post('/api/control_room', {
      form: { token, action: 'reveal', step: String(step.number) },
      headers: { accept: 'application/json' },
    });
    expect(revealed.ok(), await revealed.text()).toBe(true);
    const form: Record<string, string> = { token, number: String(step.number), go: 'stay' };
    if (step.dimension) {
      form.importance = String(step.number % 4);
      form.note = notes[step.dimension.title] ?? '';
      form.version = String(step.setting.version);
    } else if (step.cost) {
      for (const [name, value] of Object.entries(costs)) form[`costs[${name}]`] = value;
    } else {
      continue;
    }
    const saved = await request.post('/api/save_step', { form, headers: { accept: 'application/json' }, maxRedirects: 0 });
    expect(saved.ok(), await saved.text()).toBe(true);
  }

  // The parts, added one by one as the exceptions step's form adds them, then answered.
  const saveParts = async (form: Record<string, string>) => {
    const saved = await request.post('/api/save_parts', { form: { token, ...form }, headers: { accept: 'application/json' }, maxRedirects: 0 });
    expect(saved.ok(), await saved.text()).toBe(true);
  };
  for (const part of parts) await saveParts({ add: part.name });
  const answered: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const id = `p${index + 1}`;
    answered[`parts[${id}.name]`] = part.name;
    for (const [at, exception] of exceptions.entries()) {
      const answer = part.answers[at] === 4 && !exception.handled ? 2 : part.answers[at];
      answered[`parts[${id}.exception.${exception.id}]`] = String(answer);
    }
    for (const [field, value] of Object.entries(part.run)) answered[`parts[${id}.${field}]`] = value;
  }
  await saveParts(answered);

  // The decision, worded by the facilitator at length (746 characters in four paragraphs).
  const decided = await request.post('/api/edit_decision', {
    form: { token, wording: decision, status: 'accepted', version: '0' },
    headers: { accept: 'application/json' },
    maxRedirects: 0,
  });
  expect(decided.ok(), await decided.text()).toBe(true);
  return token;
}

/// How far a slide's content goes past the slide's content box (its padding excluded), in the
/// slide's own CSS pixels, and which boxes inside it hide content behind a scroll bar.
interface Fit {
  slide: number;
  heading: string;
  below: number;
  right: number;
  scrolls: string[];
}

async function fitOf(slide: Locator, number: number): Promise<Fit> {
  return slide.evaluate((slide: HTMLElement, number) => {
    const box = slide.getBoundingClientRect();
    const style = getComputedStyle(slide);
    const scale = box.width / slide.offsetWidth;
    const bottom = box.bottom - parseFloat(style.paddingBottom) * scale;
    const right = box.right - parseFloat(style.paddingRight) * scale;
    let below = slide.scrollHeight - slide.clientHeight;
    let beyond = slide.scrollWidth - slide.clientWidth;
    const scrolls: string[] = [];
    for (const element of slide.querySelectorAll('*')) {
      // A chart's own drawing is the chart's business; the chart itself is measured.
      if (element instanceof SVGElement && !(element instanceof SVGSVGElement)) continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      below = Math.max(below, (rect.bottom - bottom) / scale);
      beyond = Math.max(beyond, (rect.right - right) / scale);
      const overflow = getComputedStyle(element);
      if (
        (overflow.overflowX !== 'visible' || overflow.overflowY !== 'visible') &&
        (element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1)
      ) {
        scrolls.push(element.tagName.toLowerCase());
      }
    }
    return {
      slide: number,
      heading: (slide.querySelector('h1, h2')?.textContent ?? '').slice(0, 60),
      below: Math.round(below),
      right: Math.round(beyond),
      scrolls,
    };
  }, number);
}

/// The slides of those measured whose content does not fit.
function cutOff(fits: Fit[]): Fit[] {
  return fits.filter((fit) => fit.below > 1 || fit.right > 1 || fit.scrolls.length > 0);
}

/// Measures every slide `selector` finds, all shown at once (Marp's slides, a printed deck),
/// and keeps a screenshot of each in the test's output folder, to look at.
async function measureAll(page: Page, selector: string, testInfo: TestInfo, name: string): Promise<Fit[]> {
  const fits: Fit[] = [];
  const slides = page.locator(selector);
  const count = await slides.count();
  expect(count).toBeGreaterThan(0);
  for (let number = 1; number <= count; number++) {
    const slide = slides.nth(number - 1);
    fits.push(await fitOf(slide, number));
    await slide.screenshot({ path: testInfo.outputPath(`${name}-${String(number).padStart(2, '0')}.png`) });
  }
  return fits;
}

/// Measures the deck's slides as a presenter goes through them, with the keyboard.
async function measurePresented(page: Page, testInfo: TestInfo, name: string): Promise<Fit[]> {
  const fits: Fit[] = [];
  const count = await page.locator('.slide').count();
  await page.keyboard.press('Home');
  for (let number = 1; number <= count; number++) {
    await expect(page.locator('.counter')).toHaveText(`${number} / ${count}`);
    fits.push(await fitOf(page.locator('.slide.current'), number));
    await page.screenshot({ path: testInfo.outputPath(`${name}-${String(number).padStart(2, '0')}.png`) });
    await page.keyboard.press('ArrowRight');
  }
  return fits;
}

/// Checks that splitting the slides dropped nothing: every sentence of the description and
/// the notes, and every part's name, is on some slide, whole.
async function expectEverythingShown(page: Page, selector: string) {
  const shown = (await page.locator(selector).allInnerTexts()).join('\n').replace(/\s+/g, ' ');
  const sentences = [description, ...Object.values(notes), ...parts.map((part) => part.name)]
    .flatMap((text) => text.split('\n'))
    .flatMap((line) => line.split(/(?<=[.:;?!]) /))
    .filter((sentence) => sentence.trim() !== '');
  expect(sentences.length).toBeGreaterThan(50);
  expect(sentences.filter((sentence) => !shown.includes(sentence.trim()))).toEqual([]);
}

/// Renders an assessment's Markdown summary with marp-cli and measures its slides.
async function marpSlides(page: Page, request: APIRequestContext, token: string, testInfo: TestInfo, name: string) {
  const response = await request.get(`/f/${token}/export/summary.md`);
  expect(response.ok()).toBe(true);
  const markdown = await response.text();
  expect(markdown).toContain('marp: true');
  const source = testInfo.outputPath(`${name}.md`);
  const html = testInfo.outputPath(`${name}.html`);
  writeFileSync(source, markdown);
  // marp-cli makes the HTML without a browser (the bare template: every slide on one page);
  // Playwright's Chromium draws it.
  const marp = path.join(__dirname, '..', 'node_modules', '.bin', 'marp');
  execFileSync(marp, ['--no-config-file', '--html', '--template', 'bare', source, '-o', html], { stdio: 'pipe' });
  await page.goto(`file://${html}`);
  return measureAll(page, 'section', testInfo, name);
}

test.describe('exported as slides', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('every slide of the Markdown summary fits when Marp renders it', async ({ page, playwright, request, baseURL }, testInfo) => {
    test.setTimeout(120_000);
    const fresh = await marpSlides(page, request, await createAssessment(request, 'Nothing answered yet'), testInfo, 'marp-new');
    expect(cutOff(fresh), `slides of a new assessment cut off, of ${fresh.length}`).toEqual([]);

    const participants = await Promise.all(people.map(() => playwright.request.newContext({ baseURL })));
    const token = await longAssessment(request, participants);
    await Promise.all(participants.map((participant) => participant.dispose()));
    const long = await marpSlides(page, request, token, testInfo, 'marp');
    expect(cutOff(long), `slides of a long assessment cut off, of ${long.length}`).toEqual([]);
    await expectEverythingShown(page, 'section');
  });

  test('every slide of the HTML deck fits, on screen and printed', async ({ page, playwright, request, baseURL }, testInfo) => {
    test.setTimeout(120_000);
    const fresh = await request.get(`/f/${await createAssessment(request, 'Nothing answered yet')}/export/deck.html`);
    await page.setContent(await fresh.text());
    const presentedFresh = await measurePresented(page, testInfo, 'deck-new');
    expect(cutOff(presentedFresh), `slides of a new assessment cut off, of ${presentedFresh.length}`).toEqual([]);

    const participants = await Promise.all(people.map(() => playwright.request.newContext({ baseURL })));
    const token = await longAssessment(request, participants);
    await Promise.all(participants.map((participant) => participant.dispose()));
    const response = await request.get(`/f/${token}/export/deck.html`);
    expect(response.ok()).toBe(true);
    await page.setContent(await response.text());
    const presented = await measurePresented(page, testInfo, 'deck');
    expect(cutOff(presented), `slides of a long assessment cut off, of ${presented.length}`).toEqual([]);

    await page.emulateMedia({ media: 'print' });
    const printed = await measureAll(page, '.slide', testInfo, 'printed');
    expect(cutOff(printed), `printed pages of a long assessment cut off, of ${printed.length}`).toEqual([]);
    await expectEverythingShown(page, '.slide');
  });
});
