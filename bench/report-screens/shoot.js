// node shoot.js REPORT.html OUTDIR [tableIdRegex]
// Screenshots of a Concord report in headless Chromium: top with TOC, TOC while scrolled, a collapsed section,
// a loss-curve figure, a bar-chart figure, the findings table and the regression tables.
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');
(async () => {
  const [report, out, tableRe] = process.argv.slice(2);
  fs.mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  await page.goto('file://' + path.resolve(report));
  await page.screenshot({ path: `${out}/top.png` });
  const info = await page.evaluate(() => ({
    height: document.body.scrollHeight,
    sections: [...document.querySelectorAll('section')].map(s => ({ id: s.id, open: s.querySelector('details') ? s.querySelector('details').open : true })),
    tables: [...document.querySelectorAll('table')].map(t => t.id),
    figures: [...document.querySelectorAll('figcaption')].map(f => f.textContent),
  }));
  fs.writeFileSync(`${out}/info.json`, JSON.stringify(info, null, 1));
  // Collapsed section: the first closed one, its summary line with neighbours.
  const closed = info.sections.find(s => !s.open);
  if (closed) await page.locator(`#${closed.id}`).screenshot({ path: `${out}/collapsed-${closed.id}.png` });
  // Open everything, then shoot figures and tables.
  await page.evaluate(() => document.querySelectorAll('details').forEach(d => d.open = true));
  const fig = async (re, name) => {
    const figs = page.locator('figure');
    const n = await figs.count();
    for (let i = 0; i < n; i++) {
      const cap = await figs.nth(i).locator('figcaption').textContent();
      if (new RegExp(re, 'i').test(cap)) { await figs.nth(i).screenshot({ path: `${out}/${name}.png` }); return cap; }
    }
    return null;
  };
  const caps = { loss: await fig('loss', 'loss-curve'), bar: await fig('^Test accuracy decoding', 'bar-chart') };
  fs.writeFileSync(`${out}/captions.json`, JSON.stringify(caps, null, 1));
  // TOC while scrolled to the middle (sticky).
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
  await page.screenshot({ path: `${out}/toc-scrolled.png` });
  await page.addStyleTag({ content: 'nav{position:static !important}' });
  const re = new RegExp(tableRe || '^t-findings$');
  for (const id of info.tables.filter(t => re.test(t))) await page.locator(`#${id}`).screenshot({ path: `${out}/${id}.png` });
  await browser.close();
})();
