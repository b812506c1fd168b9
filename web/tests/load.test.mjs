// The browser app loads in headless Chromium (WebGL2 on SwiftShader), logs `interleave: ready` after its first
// frame and a summary of its first run, and draws something that is not one flat colour. Prints the time to the
// ready line; keeps the screenshot in build/artifacts/web-ready.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import { AppPage, artifactPath, assertDrawn, launchBrowser, serveStatic } from './harness.mjs';

let server, browser;
before(async () => { server = await serveStatic(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test('page loads, logs ready after its first frame, and draws', async t => {
  const app = await AppPage.create(browser, server.url);
  try {
    const navStart = Date.now();
    await app.open('index.html');
    const ready = await app.waitForReady({ timeout: 60_000 });
    const readyMs = Date.now() - navStart;
    const summary = await app.waitForSummary({ timeout: 60_000 });
    assert.ok(summary.summary.scenario, 'the first summary names its scenario');
    // Time to first frame as the page itself measured it (navigation start to the ready line).
    const pageMs = await app.page.evaluate(() => performance.now());
    t.diagnostic(`time to 'interleave: ready' (first frame): ${readyMs} ms from navigation (console line at ${ready.t} ms); ` +
      `first summary: ${summary.summary.scenario}; page clock now ${pageMs.toFixed(0)} ms`);
    console.log(`web: time to first frame (interleave: ready) = ${readyMs} ms`);
    fs.writeFileSync(artifactPath('web-timings.json'), JSON.stringify({ ready_ms: readyMs, ready_console_ms: ready.t }, null, 2) + '\n');

    await app.nextFrames(3);
    const png = await app.page.screenshot({ type: 'png' });
    const file = artifactPath('web-ready.png');
    fs.writeFileSync(file, png);
    const st = assertDrawn(png, 'screenshot after ready', { minColours: 16, minStddev: 5 });
    t.diagnostic(`screenshot ${file}: ${st.width}x${st.height}, ${st.distinctColours} colours, luma stddev ${st.lumaStddev.toFixed(1)}`);
    assert.equal(app.errors.filter(e => e.startsWith('pageerror')).join('\n'), '', 'no uncaught page errors');
  } finally {
    await app.close();
  }
});
