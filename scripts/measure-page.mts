import { chromium } from 'playwright-core';
import { serveStatic } from './site/static-server.ts';
const site = await serveStatic(process.env.BUILD || 'build', { published: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--no-first-run'] });
for (const route of process.argv.slice(2)) {
  const res: Record<string, number[]> = { script: [], task: [], layout: [], long: [] };
  for (let i = 0; i < 3; i++) {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.addInitScript(() => { (window as any).__long = 0; new PerformanceObserver((l) => { for (const e of l.getEntries()) (window as any).__long += Math.max(0, e.duration - 50); }).observe({ type: 'longtask', buffered: true }); });
    await page.goto(site.url + route, { waitUntil: 'load' });
    await page.waitForTimeout(2500);
    const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
    res.script.push(m.ScriptDuration * 1000); res.task.push(m.TaskDuration * 1000); res.layout.push(m.LayoutDuration * 1000);
    res.long.push(await page.evaluate(() => (window as any).__long));
    await ctx.close();
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[1].toFixed(0);
  console.log(`${route.padEnd(40)} script ${med(res.script)} ms  task ${med(res.task)} ms  layout ${med(res.layout)} ms  blocking(>50ms) ${med(res.long)} ms`);
}
await browser.close(); await site.close();
