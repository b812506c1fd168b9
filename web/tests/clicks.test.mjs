// Real mouse clicks on the app's widgets (found through Module.ccall('il_ui_rect', ...)) change what it
// simulates, and every resulting `interleave: summary` is the CLI's for the same scenario and flags:
//   scenario:semaphore-batches, then cores-dec, cores-inc, cores-inc; after each core change the URL hash
//   carries cores=N.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import { AppPage, artifactPath, assertSameSummary, cliSummary, launchBrowser, serveStatic } from './harness.mjs';

let server, browser;
before(async () => { server = await serveStatic(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const SCENARIO = 'semaphore-batches';

test(`clicks: pick ${SCENARIO}, then change the core count; each summary is the CLI's`, async t => {
  const app = await AppPage.create(browser, server.url);
  try {
    await app.open('index.html');
    await app.waitForReady();
    const first = await app.waitForSummary();
    const baseCores = first.summary.config.cores;
    assert.ok(first.summary.scenario !== SCENARIO, `the default scenario should not already be ${SCENARIO}`);
    // The default run must be the CLI's default run (no flags).
    assertSameSummary(first.summary, cliSummary(first.summary.scenario), `default run (${first.summary.scenario})`);

    // 1. the scenario, from the list
    let from = app.lines.length;
    const at = await app.clickWidget(`scenario:${SCENARIO}`);
    t.diagnostic(`clicked scenario:${SCENARIO} at (${at.x.toFixed(0)}, ${at.y.toFixed(0)})`);
    let got = await app.waitForSummary({ from, pred: s => s.scenario === SCENARIO, timeout: 60_000,
      what: `a summary of ${SCENARIO} after clicking its list entry` });
    assertSameSummary(got.summary, cliSummary(SCENARIO, { cores: baseCores }), `${SCENARIO} after the click`);

    // 2. cores -1, +1, +1
    let cores = baseCores;
    for (const [id, delta] of [['cores-dec', -1], ['cores-inc', +1], ['cores-inc', +1]]) {
      cores += delta;
      from = app.lines.length;
      await app.clickWidget(id);
      got = await app.waitForSummary({ from, timeout: 60_000, what: `a summary after clicking ${id} (expecting cores=${cores})` });
      assert.equal(got.summary.config.cores, cores, `cores after clicking ${id}`);
      assertSameSummary(got.summary, cliSummary(SCENARIO, { cores }), `${SCENARIO} --cores ${cores} after clicking ${id}`);
      // The URL follows the state (hash, the CLI's flag names).
      const url = new URL(app.page.url());
      assert.match(url.hash, new RegExp(`(^#|&)cores=${cores}(&|$)`), `URL hash after clicking ${id}: ${app.page.url()}`);
      assert.match(url.hash, new RegExp(`(^#|&)scenario=${SCENARIO}(&|$)`), `URL hash names the scenario: ${app.page.url()}`);
      t.diagnostic(`${id}: cores=${cores}, makespan ${got.summary.makespan_ns} ns, sha ${got.summary.trace_sha256.slice(0, 16)}, URL ${url.hash}`);
    }
    fs.writeFileSync(artifactPath('web-clicks.png'), await app.page.screenshot({ type: 'png' }));
  } finally {
    await app.close();
  }
});
