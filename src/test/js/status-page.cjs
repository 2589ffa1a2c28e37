'use strict';
// Opens the status page in headless Chromium as a reader would (types the key into its form), waits
// for its first refresh, and prints what it shows as one JSON line for StatusPageIT to judge.
// Environment: APP_URL, APP_KEY, CHROMIUM (set by testsupport/Browser), NODE_PATH (tools/browser).
const { chromium } = require('playwright-core');

const rows = (page, selector) => page.$$eval(selector, (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  const problems = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    page.on('requestfailed', (r) => problems.push('request failed: ' + r.url() + ' ' + r.failure().errorText));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(r.status() + ' ' + r.url()); });
    await page.goto(process.env.APP_URL + '/');
    await page.waitForSelector('#key-form:not([hidden])');
    const formFirst = await page.isHidden('#panels');
    await page.fill('#key', process.env.APP_KEY);
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('body[data-refreshes]', { timeout: 45000 });
    const result = {
      formFirst,
      decisions: await rows(page, '#decisions tbody tr'),
      regions: await rows(page, '#sweep-regions tr'),
      tiers: await rows(page, '#sweep-tiers tr'),
      sweepStatus: await page.textContent('#sweep-status'),
      cpsStatus: await page.textContent('#cps-status'),
      charts: await page.evaluate(() => ['cps-nics', 'cps-tiers'].map((id) => {
        const chart = window.Chart && window.Chart.getChart(id);
        return chart ? { labels: chart.data.labels, datasets: chart.data.datasets.map((d) => d.data) } : null;
      })),
      chartLibrary: await page.evaluate(() => typeof window.Chart === 'function'),
      keyInPage: (await page.content()).includes(process.env.APP_KEY),
      keyInUrl: page.url().includes(process.env.APP_KEY),
      scriptRan: await page.evaluate(() => window.__accelconnInjected === true),
      problems,
    };
    console.log('RESULT ' + JSON.stringify(result));
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
