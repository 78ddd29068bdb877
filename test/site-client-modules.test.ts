// The Docusaurus client modules the site replaces (src/client/, plugin "ghostwire-client-modules"
// in docusaurus.config.ts): their pure parts, and that the built bundle carries ours.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sameState } from '../src/client/preferred-version-state';
import { shallowDeps } from '../src/client/react-utils';
import { nextTask } from '../src/client/next-task';
import { sizeFor } from '../src/client/window-size';
import { resetIdle, whenIdle } from '../src/theme/idle-mount';

describe('shallowDeps (the memo of the phone menu’s props)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lists keys and values in the same order however the object was written', () => {
    const sidebar = [{ type: 'link' }];
    expect(shallowDeps({ sidebar, path: '/a' })).toEqual(['path', '/a', 'sidebar', sidebar]);
    expect(shallowDeps({ path: '/a', sidebar })).toEqual(shallowDeps({ sidebar, path: '/a' }));
    expect(shallowDeps({ b: 1, B: 2, a: 3 })).toEqual(['B', 2, 'a', 3, 'b', 1]);
  });

  it('never builds a collator', () => {
    const compare = vi.spyOn(String.prototype, 'localeCompare');
    shallowDeps({ z: 1, y: 2, x: 3 });
    expect(compare).not.toHaveBeenCalled();
  });
});

describe('sizeFor (the window size after hydration)', () => {
  it('is desktop only above the breakpoint, as Infima’s CSS', () => {
    expect(sizeFor(390, 996)).toBe('mobile');
    expect(sizeFor(996, 996)).toBe('mobile');
    expect(sizeFor(997, 996)).toBe('desktop');
  });
});

describe('sameState (the preferred docs version read after mount)', () => {
  const none = { default: { preferredVersionName: null } };
  it('finds nothing new when storage holds nothing', () => {
    expect(sameState(none, { default: { preferredVersionName: null } })).toBe(true);
  });
  it('sees a stored version, another plugin, or one plugin fewer', () => {
    expect(sameState(none, { default: { preferredVersionName: 'current' } })).toBe(false);
    expect(sameState(none, { other: { preferredVersionName: null } })).toBe(false);
    expect(sameState(none, { ...none, other: { preferredVersionName: null } })).toBe(false);
  });
});

describe('the built site', () => {
  const js = path.join(process.cwd(), 'build', 'assets', 'js');
  const built = (() => {
    try {
      return readdirSync(js)
        .filter((f) => f.endsWith('.js'))
        .map((f) => readFileSync(path.join(js, f), 'utf8'))
        .join('\n');
    } catch {
      return undefined;
    }
  })();

  it.skipIf(built === undefined)('carries the replacements, not the modules they replace', () => {
    // Docusaurus' own versions: the collator in the shallow memo, the plain flip of the hydration flag.
    expect(built).not.toMatch(/\[0\]\.localeCompare\(\w+\[0\]\)/);
    expect(built).not.toContain('getWindowSize() should only be called after React hydration');
  });
});

describe('nextTask (how the client entry spreads its work)', () => {
  it('resolves after the current task and all its microtasks, in a task of its own', async () => {
    const order: string[] = [];
    const waited = nextTask().then(() => order.push('next task'));
    // A chain of microtasks queued after the call still runs first.
    void Promise.resolve()
      .then(() => order.push('microtask 1'))
      .then(() => order.push('microtask 2'))
      .then(() => order.push('microtask 3'));
    await waited;
    expect(order).toEqual(['microtask 1', 'microtask 2', 'microtask 3', 'next task']);
  });

  it('lets a task queued before it run first', async () => {
    const order: string[] = [];
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      order.push('earlier task');
      channel.port1.close();
    };
    channel.port2.postMessage(null);
    await nextTask();
    order.push('next task');
    expect(order).toEqual(['earlier task', 'next task']);
  });
});

describe('idle mounts (code block buttons, the phone menu)', () => {
  afterEach(() => {
    resetIdle();
    vi.unstubAllGlobals();
  });

  it('share one idle callback, wake every part still waiting once, and not those that stopped', () => {
    const callbacks: (() => void)[] = [];
    const request = vi.fn((cb: () => void) => callbacks.push(cb));
    vi.stubGlobal('requestIdleCallback', request);
    const woken: string[] = [];
    whenIdle(() => woken.push('buttons 1'));
    const stop = whenIdle(() => woken.push('buttons 2'));
    whenIdle(() => woken.push('menu'));
    stop();
    expect(request).toHaveBeenCalledTimes(1);
    expect(woken).toEqual([]);
    for (const cb of callbacks) cb();
    expect(woken).toEqual(['buttons 1', 'menu']);
    // A part that starts waiting afterwards gets a callback of its own.
    whenIdle(() => woken.push('late'));
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('falls back to a timer where the browser has no idle callbacks', () => {
    vi.useFakeTimers();
    try {
      vi.stubGlobal('requestIdleCallback', undefined);
      const woken: string[] = [];
      whenIdle(() => woken.push('buttons'));
      vi.advanceTimersByTime(499);
      expect(woken).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(woken).toEqual(['buttons']);
    } finally {
      vi.useRealTimers();
    }
  });
});
