// The worker thread behind extract-pool.ts: reads pages as the site does (extractPage) and
// posts each result back, in the order the pages came. The launcher bundles it as a second
// entry beside the CLI. Nothing here decides anything: it is extractPage in another thread.
import { parentPort } from 'node:worker_threads';
import { extractPage } from './extract.ts';

export interface ExtractJob {
  id: number;
  file: string;
  text: string;
}

parentPort?.on('message', (job: ExtractJob) => {
  try {
    parentPort?.postMessage({ id: job.id, page: extractPage(job.file, job.text) });
  } catch (err) {
    // A bug in extraction, not a finding: the main thread throws it as the in-thread run would.
    parentPort?.postMessage({ id: job.id, error: (err as Error)?.message ?? String(err) });
  }
});
