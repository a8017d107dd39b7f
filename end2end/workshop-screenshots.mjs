// The README's workshop screenshots, taken from the real app: a facilitator and three people
// run one step, then the answers are revealed.
//   node workshop-screenshots.mjs http://127.0.0.1:3000 ../docs/screenshots
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const [base = 'http://127.0.0.1:3000', out = '../docs/screenshots'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const hydrated = (page) => page.waitForSelector('html[data-hydrated="true"]');

const api = await browser.newContext({ baseURL: base });
const created = await api.request.post('/api/create_assessment', {
  form: { title: 'Order events pipeline', description: 'Turns checkout events into invoices and emails.' },
  headers: { accept: 'application/json' },
});
const token = await created.json();
const overview = await (await api.request.get('/api/overview', { params: { token } })).json();
const participantUrl = `${base}/p/${overview.links.participant}`;

const facilitator = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
await facilitator.goto(`${base}/f/${token}`);
await hydrated(facilitator);
await facilitator.getByRole('button', { name: 'Only facilitate' }).click();

const people = [];
for (const [name, choices] of [['Ana', ['Strongly agree', 'Agree', 'Agree', 'Strongly agree']], ['Ben', ['Strongly disagree', 'Agree', 'Neither', 'Agree']], ['Cy', ['Agree', 'Agree', "Don't know", 'Strongly agree']]]) {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await page.goto(participantUrl);
  await hydrated(page);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByText(`You are ${name}`).waitFor();
  const questions = page.locator('fieldset.question');
  for (let i = 0; i < (await questions.count()); i++) {
    await questions.nth(i).getByLabel(choices[i % choices.length], { exact: true }).check();
    await page.locator('.save-status .saved').waitFor();
  }
  people.push(page);
}

await facilitator.reload();
await hydrated(facilitator);
await facilitator.locator('.workshop').screenshot({ path: `${out}/workshop-panel.png` });

// What the projector shows without scrolling, at 1920x1080.
const presenter = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
await presenter.goto(`${base}/f/${token}/present`);
await hydrated(presenter);
await presenter.getByRole('button', { name: 'Reveal answers' }).click();
await presenter.getByRole('heading', { name: 'The team’s answers' }).waitFor();
await presenter.screenshot({ path: `${out}/presenter.png` });

await people[0].getByRole('heading', { name: 'The team’s answers' }).waitFor();
await people[0].locator('.reveal').scrollIntoViewIfNeeded();
await people[0].screenshot({ path: `${out}/participant-phone.png` });
console.log(`screenshots in ${out}`);
await browser.close();
