// node sbs.js LEFT.png RIGHT.png OUT.png "left title" "right title"
const { chromium } = require('playwright-core'); const fs = require('fs'); const path = require('path');
(async () => {
  const [l, r, out, lt, rt] = process.argv.slice(2);
  const b64 = f => 'data:image/png;base64,' + fs.readFileSync(f).toString('base64');
  const html = `<html><body style="margin:0;font-family:sans-serif;display:flex;gap:16px;align-items:flex-start;background:#fff">
   <div><h3 style="margin:4px">${lt}</h3><img src="${b64(l)}"></div><div><h3 style="margin:4px">${rt}</h3><img src="${b64(r)}"></div></body></html>`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await page.setContent(html); await page.screenshot({ path: out, fullPage: true }); await browser.close();
})();
