import { serveStatic } from './site/static-server.ts';
import { launchChromium } from '../test/helpers/chromium.ts';
const site = await serveStatic('build');
const browser = await launchChromium('/usr/bin/chromium');
for (const mode of ['dark','light']) {
const page = await browser.context.newPage();
await page.addInitScript((mode) => { window.localStorage.setItem('theme', mode); (window as any).rm = [];
  new MutationObserver((rs) => { for (const r of rs) for (const n of Array.from(r.removedNodes)) if (n instanceof Element && (n.matches('pre') || n.querySelector('pre'))) (window as any).rm.push(n.outerHTML.slice(0, 300)); }).observe(document, { childList: true, subtree: true }); }, mode);
await page.goto(site.url + '/docs/integration-patterns/auth');
await page.waitForTimeout(1500);
console.log(mode, await page.evaluate(() => (window as any).rm));
await page.close(); }
await browser.close(); await site.close();
