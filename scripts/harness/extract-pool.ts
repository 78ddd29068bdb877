// Page extraction off the main thread. Reading a page as the site does (extract-mdx.ts) is
// the largest single cost of a run without caches (about 1.4 s for the repository's pages),
// and the main thread has other work meanwhile: classifying what the pages hold, starting
// chart renders, compiling the values schema. A worker thread parses the pages in the order
// they are asked for while the main thread handles each result as it arrives.
//
// The worker runs from the launcher's bundle (extract-worker-*.mjs, beside the CLI bundle);
// without it (sources run through tsx, tests), with GHOSTWIRE_EXTRACT_WORKERS=0, or if the
// worker cannot start or dies, pages are extracted in this thread, with the same results.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { extractPage, type PageExtract } from './extract.ts';
import { withParseBudget } from './jit.ts';
import type { ExtractJob } from './extract-worker.ts';
import { EXTRACT_WORKER } from './root.ts';

/** One turn of the event loop. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface Extractor {
  /** The page's extraction; results resolve in the order they were asked for. */
  extract(file: string, text: string): Promise<PageExtract>;
  /** Stops the worker threads (the in-thread extractor has none). */
  close(): void;
}

type Reply = { id: number; page: PageExtract } | { id: number; error: string };

/**
 * Extraction in this thread, one page per turn of the event loop, so chart renders started
 * meanwhile get their values and the next one starts.
 */
export function inThreadExtractor(): Extractor {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    extract(file, text) {
      const next = tail.then(turn).then(() => withParseBudget(() => extractPage(file, text)));
      tail = next.catch(() => undefined);
      return next;
    },
    close() {},
  };
}

/**
 * Worker threads used for extraction: one core is left for this thread, one for helm. On two
 * cores, none: a run without caches is then bound by CPU, not by this thread, and a worker
 * only added its own start-up (measured: same wall time, 0.1–0.2 s more CPU).
 */
export function workerCount(env: NodeJS.ProcessEnv = process.env, cores = os.availableParallelism()): number {
  const asked = env['GHOSTWIRE_EXTRACT_WORKERS'];
  if (asked !== undefined && /^\d+$/.test(asked)) return Math.min(Number(asked), 8);
  return Math.max(0, Math.min(2, cores - 2));
}

/**
 * Extraction in worker threads started from `script` (a bundled extract-worker), on first
 * use; a worker that fails hands its pages, and every later one, to this thread.
 */
export function workerExtractor(script: string, workers: number): Extractor {
  const local = inThreadExtractor();
  interface Pending {
    job: ExtractJob;
    resolve: (p: PageExtract) => void;
    reject: (e: Error) => void;
  }
  interface Slot {
    worker: Worker;
    busy: number;
  }
  const pending = new Map<number, Pending>();
  const pool: Slot[] = [];
  let broken = false;
  let nextId = 0;
  const stop = () => {
    broken = true;
    for (const s of pool) void s.worker.terminate();
  };
  const fail = () => {
    if (broken) return;
    stop();
    const left = [...pending.values()].sort((a, b) => a.job.id - b.job.id);
    pending.clear();
    for (const p of left) local.extract(p.job.file, p.job.text).then(p.resolve, p.reject);
  };
  const start = (): Slot => {
    const slot: Slot = { worker: new Worker(script), busy: 0 };
    // Referenced only while it has work, so an idle worker never keeps the process alive.
    slot.worker.unref();
    slot.worker.on('message', (r: Reply) => {
      const p = pending.get(r.id);
      if (!p) return;
      pending.delete(r.id);
      if (--slot.busy === 0) slot.worker.unref();
      if ('error' in r) p.reject(new Error(r.error));
      else p.resolve(r.page);
    });
    slot.worker.on('error', fail);
    slot.worker.on('exit', () => {
      if (slot.busy > 0) fail();
    });
    return slot;
  };
  return {
    extract(file, text) {
      if (broken) return local.extract(file, text);
      if (pool.length === 0) for (let i = 0; i < workers; i++) pool.push(start());
      const job: ExtractJob = { id: nextId++, file, text };
      const slot = pool[job.id % pool.length] as Slot;
      return new Promise((resolve, reject) => {
        pending.set(job.id, { job, resolve, reject });
        if (slot.busy++ === 0) slot.worker.ref();
        slot.worker.postMessage(job);
      });
    },
    close: stop,
  };
}

/** The extractor for a run: worker threads when the launcher built their script, else this thread. */
export function createExtractor(env: NodeJS.ProcessEnv = process.env): Extractor {
  const n = workerCount(env);
  return EXTRACT_WORKER && n > 0 ? workerExtractor(EXTRACT_WORKER, n) : inThreadExtractor();
}
