/**
 * `pnpm bench`: find_entitlement_associations over a large organization (300 teams of 20
 * members, 200 repositories), against the fake GitHub with 20 ms of added latency per
 * request and a declared limit of concurrent requests that the connector is told.
 *
 * Compared with:
 * - the ideal: requests x latency / allowed concurrency;
 * - a baseline measured here: the same requests sent by a bare fetch pool of the same
 *   concurrency, with no connector at all (what this machine and the fake allow).
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { isErrorEnvelope, type SuccessEnvelope } from '@grantkit/connector-core';
import type { FakeAppStats } from '@grantkit/connector-testing';
import pLimit from 'p-limit';
import { integration } from '../src/integration.ts';
import { TOKENS } from '../test/fake-github/index.ts';

const LATENCY_MS = 20;
const CONCURRENCY = 8;
const SHAPE = { teams: 300, membersPerTeam: 20, repos: 200, collaboratorsPerRepo: 5 };
const PAGE_SIZES = [5000, 500];
/** Rounds per page size; connector and baseline alternate, and the best round counts. */
const ROUNDS = 3;

async function main(): Promise<void> {
  console.log(
    `find_entitlement_associations: ${SHAPE.teams} teams x ${SHAPE.membersPerTeam} members, ` +
      `${SHAPE.repos} repositories x ${SHAPE.collaboratorsPerRepo} collaborators; ` +
      `${LATENCY_MS} ms latency, ${CONCURRENCY} concurrent requests allowed; ` +
      `best of ${ROUNDS} rounds\n`,
  );
  for (const pageSize of PAGE_SIZES) await measure(pageSize);
}

interface Round {
  elapsed: number;
  busy: number;
  calls: number;
  associations: number;
  stats: FakeAppStats;
  urls: string[];
  baseline: number;
}

async function measure(pageSize: number): Promise<void> {
  const rounds: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // A new fake each round, on a new port: the connector's conditional-request cache
    // (kept per process) holds nothing for it, so no round is answered 304.
    const fake = await FakeInWorker.start();
    try {
      const run = await listAll(fake, pageSize);
      const { stats, urls } = await fake.report();
      await fake.clear();
      const baseline = await bareFetchPool([...new Set(urls)], CONCURRENCY);
      rounds.push({ ...run, stats, urls, baseline });
    } finally {
      await fake.close();
    }
  }

  const best = rounds.reduce((a, b) => (b.elapsed < a.elapsed ? b : a));
  const baseline = Math.min(...rounds.map((round) => round.baseline));
  const distinct = new Set(best.urls).size;
  const ideal = (best.urls.length * LATENCY_MS) / CONCURRENCY;
  const idealDistinct = (distinct * LATENCY_MS) / CONCURRENCY;
  const worst429 = Math.max(...rounds.map((round) => round.stats.answered429));
  const peak = Math.max(...rounds.map((round) => round.stats.peakConcurrency));

  console.log(`page.size ${pageSize}: ${best.calls} calls, ${best.associations} associations`);
  console.log(`  requests sent           ${best.urls.length} (${distinct} distinct)`);
  console.log(`  answered 429            ${worst429} (in any round)`);
  console.log(`  peak concurrency        ${peak} of ${CONCURRENCY}`);
  console.log(
    `  connector               ${ms(best.elapsed)}   (event loop busy ${Math.round(best.busy * 100)}%; rounds: ${rounds.map((r) => Math.round(r.elapsed)).join(', ')} ms)`,
  );
  console.log(`  ideal (requests sent)   ${ms(ideal)}   ratio ${ratio(best.elapsed, ideal)}`);
  console.log(
    `  ideal (distinct only)   ${ms(idealDistinct)}   ratio ${ratio(best.elapsed, idealDistinct)}`,
  );
  console.log(
    `  bare fetch pool         ${ms(baseline)}   ratio ${ratio(best.elapsed, baseline)}\n`,
  );
}

/** Every page of find_entitlement_associations, through dispatch, token after token. */
async function listAll(fake: FakeInWorker, pageSize: number) {
  const envelope = {
    auth: { token: { token: TOKENS.owner } },
    settings: {
      organization: fake.org,
      api_base_url: fake.apiBaseUrl,
      max_concurrent_requests: CONCURRENCY,
    },
    request: {},
  };
  const started = performance.now();
  const loopBefore = performance.eventLoopUtilization();
  let token: string | undefined;
  let associations = 0;
  let calls = 0;
  do {
    const page = token === undefined ? { size: pageSize } : { size: pageSize, token };
    const answer = await integration.dispatch('find_entitlement_associations', {
      ...envelope,
      page,
    });
    if (isErrorEnvelope(answer)) throw new Error(`call failed: ${answer.error.message}`);
    const success = answer as SuccessEnvelope<unknown[]>;
    associations += success.response.length;
    token = success.page?.token;
    calls += 1;
  } while (token !== undefined);
  const elapsed = performance.now() - started;
  const busy = performance.eventLoopUtilization(loopBefore).utilization;
  return { elapsed, busy, calls, associations };
}

/** The fake GitHub in a worker thread (see fake-worker.ts). */
class FakeInWorker {
  readonly #worker: Worker;
  readonly apiBaseUrl: string;
  readonly org: string;

  private constructor(worker: Worker, apiBaseUrl: string, org: string) {
    this.#worker = worker;
    this.apiBaseUrl = apiBaseUrl;
    this.org = org;
  }

  static async start(): Promise<FakeInWorker> {
    const worker = new Worker(new URL('./fake-worker.mjs', import.meta.url), {
      workerData: { shape: SHAPE, latencyMs: LATENCY_MS, maxConcurrent: CONCURRENCY },
      execArgv: ['--conditions=@grantkit/source'],
    });
    const ready = (await once(worker, 'message'))[0] as { apiBaseUrl: string; org: string };
    return new FakeInWorker(worker, ready.apiBaseUrl, ready.org);
  }

  async report(): Promise<{ stats: FakeAppStats; urls: string[] }> {
    this.#worker.postMessage('report');
    return (await once(this.#worker, 'message'))[0];
  }

  async clear(): Promise<void> {
    this.#worker.postMessage('clear');
    await once(this.#worker, 'message');
  }

  async close(): Promise<void> {
    this.#worker.postMessage('close');
    await once(this.#worker, 'message');
    await this.#worker.terminate();
  }
}

/** The same GETs with nothing but fetch and a pool: the floor on this machine. */
async function bareFetchPool(urls: string[], concurrency: number): Promise<number> {
  const limit = pLimit(concurrency);
  const headers = { authorization: `Bearer ${TOKENS.owner}`, accept: 'application/json' };
  const started = performance.now();
  await Promise.all(
    urls.map((url) =>
      limit(async () => {
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${response.status} for ${url}`);
      }),
    ),
  );
  return performance.now() - started;
}

function ratio(value: number, reference: number): string {
  return `${(value / reference).toFixed(2)}x`;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`.padStart(8);
}

await main();
