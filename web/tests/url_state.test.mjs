// URL state: index.html#scenario=NAME&KEY=VALUE... (the CLI's flag names without `--`) selects the scenario and
// machine of the first run, and that run's `interleave: summary` is the CLI's
// `interleave run NAME --KEY VALUE ... --json` (same trace_sha256, same JSON).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { AppPage, assertSameSummary, cliSummary, flagsOf, launchBrowser, serveStatic } from './harness.mjs';

let server, browser;
before(async () => { server = await serveStatic(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const CASES = [
  'scenario=gil-convoy&cores=2&smt=1&slice-ms=10&seed=3',
  'scenario=race-counter&gil=none&cores=2&seed=5',
  'scenario=balance&switch-points=any&cores=1&smt=1&seed=7',
  'scenario=cpu-threads&gil=old&switch-interval-ms=1&cores=3',
  'scenario=semaphore-batches&cores=1&smt=2&slice-ms=5&seed=11',
];

for (const hash of CASES) {
  test(`URL index.html#${hash} runs what the CLI runs`, async t => {
    const pairs = [...new URLSearchParams(hash)];
    const scenario = pairs.find(([k]) => k === 'scenario')[1];
    const flags = flagsOf(pairs);
    const cli = cliSummary(scenario, flags);
    const app = await AppPage.create(browser, server.url);
    try {
      await app.open(`index.html#${hash}`);
      const got = await app.waitForSummary({ timeout: 120_000, what: 'the first summary' });
      assert.equal(got.summary.scenario, scenario,
        `the first run should be the URL's scenario (the app reads state from location.hash: #${hash})`);
      assertSameSummary(got.summary, cli, `#${hash} vs interleave run ${scenario} ${Object.entries(flags).map(([k, v]) => `--${k} ${v}`).join(' ')}`);
      assert.equal(app.errors.filter(e => /bad URL parameter|pageerror/.test(e)).join('\n'), '', 'no URL or page errors');
      assert.ok(!app.lines.some(l => l.text.startsWith('interleave: bad URL parameter')),
        `the app rejected a URL parameter:${app.tail()}`);
      t.diagnostic(`${scenario}: makespan ${got.summary.makespan_ns} ns, trace_sha256 ${got.summary.trace_sha256}`);
    } finally {
      await app.close();
    }
  });
}
