// The sample events in events/edge/ against the shipped policy.json, and run.mjs on them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MODULE_DIR, REPO_ROOT, renderFromFiles } from '../lib/render.mjs';
import { loadHandler } from '../lib/sandbox.mjs';

const EVENTS_DIR = join(REPO_ROOT, 'events', 'edge');
const handler = loadHandler(renderFromFiles());

// What the shipped policy does with each sample: a Location, 403, or null for pass-through.
const EXPECTED = {
  'viewer-de.json': 'https://de.example.com/products/shoes?color=red&size=42',
  'viewer-ca-qc-region.json': 'https://www.example.com/fr-ca/pricing?plan=team',
  'viewer-us-ca-region.json': null,
  'missing-country.json': null,
  'crawler-googlebot-de.json': null,
  'override-query-de.json': null,
  'override-cookie-de.json': null,
  'already-redirected-de.json': null,
  'encoded-path-fr.json':
    'https://www.example.com/fr/guides/caf%C3%A9%20cr%C3%A8me/100%25-natural%20(v2).html?q=cr%C3%A8me+br%C3%BBl%C3%A9e&tag=a%26b&tag=c&empty=',
  'blocked-kp.json': 403,
  'exempt-robots-de.json': null,
};

const load = (f) => JSON.parse(readFileSync(join(EVENTS_DIR, f), 'utf8'));

test('every sample event has an expectation and a realistic viewer-request shape', () => {
  assert.deepEqual(readdirSync(EVENTS_DIR).filter((f) => f.endsWith('.json')).sort(), Object.keys(EXPECTED).sort());
  for (const f of Object.keys(EXPECTED)) {
    const e = load(f);
    assert.equal(e.version, '1.0', f);
    assert.equal(e.context.eventType, 'viewer-request', f);
    assert.ok(e.viewer.ip, f);
    assert.ok(e.request.uri.startsWith('/') && !e.request.uri.includes('?'), f);
    for (const name of Object.keys(e.request.headers)) assert.equal(name, name.toLowerCase(), `${f}: header ${name}`);
    assert.equal(typeof e.request.querystring, 'object', f);
    assert.equal(typeof e.request.cookies, 'object', f);
  }
});

for (const [file, expected] of Object.entries(EXPECTED)) {
  test(`shipped policy on ${file}`, () => {
    const e = load(file);
    const result = handler(e);
    if (expected === null) {
      assert.deepEqual(result, e.request);
    } else if (expected === 403) {
      assert.equal(result.statusCode, 403);
      assert.equal(result.headers['cache-control'].value, 'private, no-store');
      assert.match(result.body.data, /Not available/);
    } else {
      assert.equal(result.statusCode, 302);
      assert.equal(result.headers.location.value, expected);
      assert.equal(result.headers['cache-control'].value, 'private, no-store');
    }
  });
}

test('run.mjs prints the function result as JSON, with --policy to try another policy', () => {
  const run = (...args) => execFileSync(process.execPath, [join(MODULE_DIR, 'run.mjs'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const redirect = JSON.parse(run(join(EVENTS_DIR, 'viewer-de.json')));
  assert.equal(redirect.headers.location.value, EXPECTED['viewer-de.json']);
  const other = JSON.parse(run(join(EVENTS_DIR, 'viewer-de.json'), '--policy', join(MODULE_DIR, 'test', 'fixtures', 'policy.test.json')));
  assert.equal(other.headers.location.value, 'https://de.example.com/products/shoes?color=red&size=42');
  const passed = JSON.parse(run('--policy', join(MODULE_DIR, 'test', 'fixtures', 'policy.test.json'), join(EVENTS_DIR, 'viewer-us-ca-region.json')));
  assert.equal(passed.statusCode, 302);
  assert.equal(passed.headers.location.value, 'https://us.example.com/ca/products/shoes');
  assert.throws(() => run(), /usage/);
});
