// Test helper: find Debian's Chromium and launch it headless with playwright-core.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** $CHROME_PATH, else /usr/bin/chromium, and whether that file exists. */
export function chromiumPath(): { path: string; found: boolean } {
  const candidate = process.env['CHROME_PATH'] || '/usr/bin/chromium';
  return { path: candidate, found: existsSync(candidate) };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  // A persistent context with an empty profile: playwright refuses
  // --user-data-dir in args, and Debian's wrapper wants a writable profile.
  const profile = await mkdtemp(path.join(os.tmpdir(), 'ghostwire-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
