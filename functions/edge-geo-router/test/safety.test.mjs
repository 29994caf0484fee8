// Edge safety (issue 13, item 6) on the real function, run the way CloudFront runs it (lib/sandbox.mjs): random
// hosts, paths, query strings, cookies and headers, for the shipped policy, the test policy and every random policy
// the Java validator accepted (target/safety/accepted-policies.json, written by EdgeSafetyPropertyTest in the Maven
// run that precedes these tests). A Location is always https:// plus one of the policy's hosts (never
// protocol-relative, scheme-less or elsewhere) and following redirects never returns to an earlier URL (no A->B->A).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FUNCTION_PATH, MODULE_DIR, renderCode } from '../lib/render.mjs';
import { loadHandler } from '../lib/sandbox.mjs';

const SOURCE = readFileSync(FUNCTION_PATH, 'utf8');
const CORPUS = join(MODULE_DIR, 'target', 'safety', 'accepted-policies.json');

function policies() {
  const list = [readFileSync(join(MODULE_DIR, 'policy.json'), 'utf8'), readFileSync(join(MODULE_DIR, 'test', 'fixtures', 'policy.test.json'), 'utf8')]
    .map((t) => JSON.parse(t));
  return existsSync(CORPUS) ? list.concat(JSON.parse(readFileSync(CORPUS, 'utf8')).slice(0, 150)) : list;
}

/** A small seeded generator (mulberry32), so a failure names the seed that replays it. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, a) => a[Math.floor(r() * a.length)];

const EVIL_PATHS = ['//evil.com', '/\\evil.com', '/%2F%2Fevil.com', '/..//evil.com', '/%0d%0aLocation:%20https://evil.com', '/%E0%A4%A', '/%zz',
  '/\u00e9t\u00e9', '/a?b', '/a#b', '/@evil.com', '/:443', '/\ud800'];

function request(r, hosts) {
  const host = pick(r, [...hosts, ...hosts.map((h) => h.toUpperCase() + ':443'), 'evil.com', 'www.example.com.evil.com', '', 'localhost:8080']);
  const segments = [];
  for (let i = Math.floor(r() * 4); i > 0; i--) segments.push(pick(r, ['fr', 'de', 'fr-ca', 'intl', 'a', 'b', 'shop', 'x', '..', '%2e%2e', 'p.css']));
  const uri = r() < 0.3 ? pick(r, EVIL_PATHS) : '/' + segments.join('/');
  const qs = {};
  for (let i = Math.floor(r() * 3); i > 0; i--) {
    const k = pick(r, ['next', 'url', 'q', 'a b', '%zz', 'redirect']);
    qs[k] = r() < 0.3 ? { value: 'x', multiValue: [{ value: 'x' }, { value: '//evil.com' }] } : { value: pick(r, ['1', 'https://evil.com', '//evil.com', '%', '\u00fc']) };
  }
  const cookies = r() < 0.2 ? { geo_choice: { value: 'stay' } } : r() < 0.2 ? { other: { value: '//evil.com' } } : {};
  const headers = { host: { value: host } };
  if (r() < 0.9) headers['cloudfront-viewer-country'] = { value: pick(r, ['DE', 'FR', 'US', 'CA', 'CH', 'AT', 'BE', 'KP', 'GB', 'de', 'XX', '', '1']) };
  if (r() < 0.5) headers['cloudfront-viewer-country-region'] = { value: pick(r, ['QC', 'CA', 'TI', 'GE', 'ON', '']) };
  if (r() < 0.9) headers['user-agent'] = { value: pick(r, ['Mozilla/5.0', 'Googlebot/2.1', '']) };
  if (r() < 0.2) headers['x-forwarded-host'] = { value: 'evil.com' };
  return { method: pick(r, ['GET', 'GET', 'GET', 'HEAD', 'POST']), uri, querystring: qs, headers, cookies };
}

function event(req) {
  return { version: '1.0', context: { eventType: 'viewer-request', distributionId: 'EDFDVBD6EXAMPLE', requestId: 'safety' }, viewer: { ip: '198.51.100.7' }, request: req };
}

/** The request a browser sends after a redirect to `location`, with the same viewer headers. */
function follow(req, location) {
  const u = new URL(location);
  const querystring = {};
  for (const [k, v] of u.searchParams) querystring[k] = { value: v };
  return { ...req, uri: u.pathname, querystring, headers: { ...req.headers, host: { value: u.host } } };
}

test('for every policy, every Location is https:// on a policy host and redirects never loop', () => {
  let requests = 0;
  let redirects = 0;
  const all = policies();
  all.forEach((policy, index) => {
    const handler = loadHandler(renderCode(SOURCE, JSON.stringify(policy)));
    const hosts = policy.hosts;
    const r = rng(1300006 + index);
    for (let i = 0; i < 50; i++, requests++) {
      let req = request(r, hosts);
      const seen = new Set([String(req.headers.host.value).toLowerCase().replace(/:\d+$/, '') + req.uri]);
      for (let hop = 0; hop < 6; hop++) {
        const result = handler(event(req));
        if (result.statusCode !== 302 && result.statusCode !== 307) break;
        redirects++;
        const location = result.headers.location.value;
        const where = `policy #${index} seed ${1300006 + index} request ${i}: ${JSON.stringify(req)} -> ${location}`;
        assert.match(location, /^https:\/\/[a-z0-9.-]+\//, `absolute https Location with a path: ${where}`);
        const u = new URL(location);
        assert.ok(hosts.includes(u.host), `Location on a policy host ${hosts}: ${where}`);
        assert.equal(u.username + u.password + u.port, '', where);
        assert.doesNotMatch(location, /[\s\u0000-\u001f]/, `no whitespace or control characters: ${where}`);
        req = follow(req, location);
        assert.ok(!seen.has(u.host + req.uri), `redirect loop: ${where}`);
        seen.add(u.host + req.uri);
        assert.ok(hop < 5, `chain longer than 5: ${where}`);
      }
    }
  });
  console.log(`EDGE SAFETY (function.js): ${all.length} policies, ${requests} requests, ${redirects} redirects followed, 0 off-site Locations, 0 loops`);
  assert.ok(requests >= 400);
});
