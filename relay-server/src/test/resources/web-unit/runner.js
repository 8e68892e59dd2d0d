// Runs the web client's unit tests in this page and leaves the results where a driver reads them:
// window.webUnit = {done, results: [{module, name, passed, message, ms}], ms} and the same as JSON in
// #results (data-state="done"). A module that cannot be imported is one failed result named "(import)".
// Open /web-unit/ on a relay serving the client with this folder beside it (the JUnit class
// WebModulesBrowserTest does that) to run them by hand.

const MODULES = [
  'wav.test.js',
  'resample.test.js',
  'jitter.test.js',
  'protocol.test.js',
  'chat-state.test.js',
  'receipts.test.js',
  'push-to-talk.test.js',
  'playback.test.js',
  'connection.test.js',
  'failover.test.js',
  'live-uplink.test.js',
  'typing.test.js',
  'backoff.test.js',
  'probe.test.js',
  'storage.test.js',
  'outbox.test.js',
  'i18n.test.js',
  'views.test.js',
];

/** Longest a single test may take (a test that never settles fails instead of hanging the run). */
const TEST_TIMEOUT_MS = 10000;

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error) {
  if (error instanceof Error) {
    const where = (error.stack ?? '').split('\n').find(l => /\.test\.js|\/js\//.test(l));
    return `${error.name}: ${error.message}${where ? `\n    ${where.trim()}` : ''}`;
  }
  return `threw ${String(error)}`;
}

async function runModule(file, results) {
  let tests;
  try {
    const module = await import(`./${file}`);
    tests = module.tests;
    if (!Array.isArray(tests) || tests.length === 0) throw new Error('the module exports no tests');
  } catch (e) {
    results.push({ module: file, name: '(import)', passed: false, message: describe(e), ms: 0 });
    return;
  }
  for (const t of tests) {
    const started = performance.now();
    let passed = true;
    let message = '';
    try {
      await withTimeout(Promise.resolve().then(() => t.fn()), TEST_TIMEOUT_MS);
    } catch (e) {
      passed = false;
      message = describe(e);
    }
    results.push({
      module: file, name: t.name, passed, message, ms: Math.round(performance.now() - started),
    });
  }
}

async function main() {
  const started = performance.now();
  const results = [];
  window.webUnit = { done: false, results };
  for (const file of MODULES) await runModule(file, results);
  const ms = Math.round(performance.now() - started);
  window.webUnit = { done: true, results, ms };
  const failed = results.filter(r => !r.passed).length;
  document.getElementById('summary').textContent = `${results.length} tests, ${failed} failed, ${ms} ms`;
  const out = document.getElementById('results');
  out.textContent = JSON.stringify(results, null, 1);
  out.dataset.state = 'done';
}

main().catch(e => {
  window.webUnit = { done: true, results: [{ module: 'runner.js', name: '(run)', passed: false, message: describe(e) }] };
  document.getElementById('results').dataset.state = 'done';
});
