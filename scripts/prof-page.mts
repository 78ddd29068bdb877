import { chromium } from 'playwright-core';
import { serveStatic } from './site/static-server.ts';
const site = await serveStatic('/work/main/build', { published: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--no-first-run'] });
const ctx = await browser.newContext({ viewport: { width: 390, height: 800 } });
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await cdp.send('Profiler.start');
await page.goto(site.url + (process.argv[2] || '/'), { waitUntil: 'load' });
await page.waitForTimeout(3000);
const { profile } = await cdp.send('Profiler.stop');
const nodes = new Map(profile.nodes.map(n => [n.id, n]));
const self = new Map(); profile.samples.forEach((s, i) => self.set(s, (self.get(s) || 0) + (profile.timeDeltas[i] || 0)));
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const incl = new Map();
for (const [id, t] of self) { const seen = new Set(); let x = id; while (x !== undefined) { const n = nodes.get(x); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`; if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) || 0) + t); } x = parent.get(x); } }
const selfBy = new Map(); for (const [id, t] of self) { const n = nodes.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`; selfBy.set(k, (selfBy.get(k) || 0) + t); }
console.log('SELF'); console.log([...selfBy].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => (v / 1000).toFixed(0).padStart(6) + ' ' + k).join('\n'));
console.log('INCL'); console.log([...incl].sort((a, b) => b[1] - a[1]).slice(0, 35).map(([k, v]) => (v / 1000).toFixed(0).padStart(6) + ' ' + k).join('\n'));
await browser.close(); await site.close();
