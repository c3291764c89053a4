/**
 * The fake GitHub of the benchmark, in a worker thread: its CPU (building and sending
 * payloads) runs beside the connector's instead of on the same event loop, as a real
 * server's would.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type LargeOrgOptions, largeOrgSeed, startFakeGitHub } from '../test/fake-github/index.ts';

interface WorkerOptions {
  shape: LargeOrgOptions;
  latencyMs: number;
  maxConcurrent: number;
}

const options = workerData as WorkerOptions;
const fake = await startFakeGitHub({
  seed: largeOrgSeed(options.shape),
  latencyMs: options.latencyMs,
  maxConcurrent: options.maxConcurrent,
  // The tests check every answer against the OpenAPI description; here it would only
  // spend the CPU being measured.
  validate: false,
});

parentPort!.on('message', async (message: 'report' | 'clear' | 'close') => {
  if (message === 'report') {
    const urls = fake.app.requests.map((request) => {
      const url = new URL(request.path, fake.app.url);
      for (const [key, value] of Object.entries(request.query)) url.searchParams.set(key, value);
      return url.toString();
    });
    parentPort!.postMessage({ stats: fake.app.stats, urls });
  } else if (message === 'clear') {
    fake.app.clearRequests();
    parentPort!.postMessage('cleared');
  } else {
    await fake.close();
    parentPort!.postMessage('closed');
  }
});
parentPort!.postMessage({ apiBaseUrl: fake.apiBaseUrl, org: fake.org.login });
