// Behaviour of the rendered function, evaluated the way CloudFront runs it (lib/sandbox.mjs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FUNCTION_PATH, MODULE_DIR, renderCode } from '../lib/render.mjs';
import { loadHandler } from '../lib/sandbox.mjs';

const SOURCE = readFileSync(FUNCTION_PATH, 'utf8');
const BASE = JSON.parse(readFileSync(join(MODULE_DIR, 'test', 'fixtures', 'policy.test.json'), 'utf8'));

/** The handler rendered with the test policy, with `changes` merged over it. */
function router(changes = {}) {
  return loadHandler(renderCode(SOURCE, JSON.stringify({ ...BASE, ...changes })));
}

function event({ country, region, host = 'www.example.com', uri = '/products/shoes', qs = {}, cookies = {}, ua, method = 'GET', headers } = {}) {
  const h = headers || { host: { value: host } };
  if (!headers) {
    if (country !== undefined) h['cloudfront-viewer-country'] = { value: country };
    if (region !== undefined) h['cloudfront-viewer-country-region'] = { value: region };
    h['user-agent'] = { value: ua || 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0' };
  }
  return {
    version: '1.0',
    context: { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', eventType: 'viewer-request', requestId: 'test' },
    viewer: { ip: '198.51.100.7' },
    request: { method, uri, querystring: qs, headers: h, cookies },
  };
}

function assertPass(result, e) {
  assert.equal(result.statusCode, undefined, `expected pass-through, got ${JSON.stringify(result)}`);
  assert.deepEqual(result, e.request);
}

function assertRedirect(result, location, status = 302) {
  assert.equal(result.statusCode, status, JSON.stringify(result));
  assert.equal(result.statusDescription, status === 307 ? 'Temporary Redirect' : 'Found');
  assert.equal(result.headers.location.value, location);
  assert.equal(result.headers['cache-control'].value, 'private, no-store');
  assert.equal(result.body, undefined);
}

function assertBlocked(result) {
  assert.equal(result.statusCode, 403, JSON.stringify(result));
  assert.equal(result.statusDescription, 'Forbidden');
  assert.equal(result.headers['cache-control'].value, 'private, no-store');
  assert.match(result.headers['content-type'].value, /^text\/html/);
  assert.deepEqual(result.body, { encoding: 'text', data: BASE.blockBody });
}

/** Follows a redirect as the browser would: same viewer, new host, path and query. */
function follow(e, location) {
  const u = new URL(location);
  const qs = {};
  for (const part of u.search.slice(1).split('&').filter(Boolean)) {
    const [k, v = ''] = part.split('=');
    qs[k] = qs[k] ? { value: qs[k].value, multiValue: [...(qs[k].multiValue || [{ value: qs[k].value }]), { value: v }] } : { value: v };
  }
  const next = structuredClone(e);
  next.request.headers.host = { value: u.host };
  next.request.uri = u.pathname;
  next.request.querystring = qs;
  return next;
}

describe('allow and block lists', () => {
  test('block mode: a listed country gets 403 with the policy body', () => {
    assertBlocked(router()(event({ country: 'KP' })));
    assertBlocked(router()(event({ country: 'ir' })));
  });

  test('block mode: other countries are not blocked', () => {
    const e = event({ country: 'JP' });
    assertPass(router()(e), e);
  });

  test('allow mode: listed countries pass, others get 403', () => {
    const handler = router({ mode: 'allow', countries: ['JP', 'DE'] });
    const jp = event({ country: 'JP' });
    assertPass(handler(jp), jp);
    assertRedirect(handler(event({ country: 'DE' })), 'https://de.example.com/products/shoes');
    assertBlocked(handler(event({ country: 'BR' })));
  });

  test('mode none blocks nobody', () => {
    const e = event({ country: 'KP' });
    assertPass(router({ mode: 'none' })(e), e);
  });

  test('a block holds on exempt paths, for crawlers, with the override and for POST', () => {
    const handler = router();
    assertBlocked(handler(event({ country: 'KP', uri: '/robots.txt' })));
    assertBlocked(handler(event({ country: 'KP', ua: 'Googlebot/2.1' })));
    assertBlocked(handler(event({ country: 'KP', qs: { stay: { value: '1' } } })));
    assertBlocked(handler(event({ country: 'KP', method: 'POST' })));
  });

  test('without a blockBody the 403 body is a plain "Forbidden"', () => {
    const { blockBody, ...rest } = BASE;
    const result = loadHandler(renderCode(SOURCE, JSON.stringify(rest)))(event({ country: 'KP' }));
    assert.equal(result.statusCode, 403);
    assert.equal(result.body.data, 'Forbidden');
  });
});

describe('redirects', () => {
  test('by country to another host, keeping path and query', () => {
    assertRedirect(
      router()(event({ country: 'DE', qs: { color: { value: 'red' }, size: { value: '42' } } })),
      'https://de.example.com/products/shoes?color=red&size=42',
    );
  });

  test('by region (ISO 3166-2) before the country rule, whatever the rule order', () => {
    const handler = router();
    assertRedirect(handler(event({ country: 'US', region: 'CA' })), 'https://us.example.com/ca/products/shoes');
    assertRedirect(handler(event({ country: 'US', region: 'NY' })), 'https://us.example.com/products/shoes');
    assertRedirect(handler(event({ country: 'US' })), 'https://us.example.com/products/shoes');
    const reversed = router({ rules: [...BASE.rules].reverse() });
    assertRedirect(reversed(event({ country: 'US', region: 'ca' })), 'https://us.example.com/ca/products/shoes');
  });

  test('to a path prefix on the same host', () => {
    assertRedirect(router()(event({ country: 'FR', uri: '/' })), 'https://www.example.com/fr/');
    assertRedirect(router()(event({ country: 'FR', uri: '/fresh' })), 'https://www.example.com/fr/fresh');
  });

  test('another rule\'s prefix is replaced, not nested', () => {
    assertRedirect(router()(event({ country: 'FR', uri: '/intl/about' })), 'https://www.example.com/fr/about');
    assertRedirect(router()(event({ country: 'US', region: 'CA', host: 'us.example.com', uri: '/fr/about' })), 'https://us.example.com/ca/about');
  });

  test('a rule with "from" applies only there', () => {
    const handler = router();
    assertRedirect(handler(event({ country: 'BE' })), 'https://www.example.com/fr/products/shoes');
    const e = event({ country: 'BE', host: 'de.example.com' });
    assertPass(handler(e), e);
  });

  test('a country without a rule passes', () => {
    const e = event({ country: 'JP', region: '13' });
    assertPass(router()(e), e);
  });

  test('302 by default, 307 when the policy says so, never a permanent redirect', () => {
    assertRedirect(router()(event({ country: 'DE' })), 'https://de.example.com/products/shoes', 302);
    assertRedirect(router({ status: 307 })(event({ country: 'DE' })), 'https://de.example.com/products/shoes', 307);
    assertRedirect(router({ status: 301 })(event({ country: 'DE' })), 'https://de.example.com/products/shoes', 302);
    assertRedirect(router({ status: 308 })(event({ country: 'DE' })), 'https://de.example.com/products/shoes', 302);
  });

  test('only GET and HEAD are redirected', () => {
    assertRedirect(router()(event({ country: 'DE', method: 'HEAD' })), 'https://de.example.com/products/shoes');
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const e = event({ country: 'DE', method });
      assertPass(router()(e), e);
    }
  });
});

describe('unknown or missing country', () => {
  test('missing header takes the policy default (here a redirect)', () => {
    assertRedirect(router()(event({})), 'https://www.example.com/intl/products/shoes');
  });

  test('empty, malformed and non-country values count as unknown', () => {
    for (const country of ['', 'A1', 'DEU', '1', ' ']) {
      assertRedirect(router()(event({ country })), 'https://www.example.com/intl/products/shoes');
    }
  });

  test('the default is loop-safe: no redirect once under its target', () => {
    const e = event({ uri: '/intl/products/shoes' });
    assertPass(router()(e), e);
  });

  test('default pass and default block', () => {
    const e = event({});
    assertPass(router({ default: { action: 'pass' } })(e), e);
    assertBlocked(router({ default: { action: 'block' } })(event({ country: '' })));
    assertPass(router({ default: undefined })(e), e);
  });

  test('allow mode with an unknown country follows the default, not the allow list', () => {
    const e = event({});
    assertPass(router({ mode: 'allow', countries: ['JP'], default: { action: 'pass' } })(e), e);
    assertBlocked(router({ mode: 'allow', countries: ['JP'], default: { action: 'block' } })(e));
  });

  test('never throws on missing headers, cookies, query string or uri', () => {
    const handler = router();
    const bare = { version: '1.0', context: {}, viewer: {}, request: { method: 'GET' } };
    const r1 = handler(bare);
    assert.equal(r1.statusCode, 302);
    assert.equal(r1.headers.location.value, 'https://www.example.com/intl/');
    const noHost = event({ headers: { 'cloudfront-viewer-country': { value: 'FR' } } });
    assertRedirect(handler(noHost), 'https://www.example.com/fr/products/shoes');
    const odd = event({ headers: { 'cloudfront-viewer-country': {}, host: null, 'user-agent': { value: 7 } } });
    odd.request.querystring = { a: null, b: { value: 'x' } };
    odd.request.cookies = null;
    assert.equal(handler(odd).statusCode, 302);
    for (const request of [undefined, null, {}, { headers: 'x' }]) {
      assert.doesNotThrow(() => handler({ version: '1.0', request }));
    }
  });
});

describe('exemptions', () => {
  test('exempt paths are never redirected', () => {
    const handler = router();
    for (const uri of ['/robots.txt', '/.well-known/security.txt', '/.well-known/apple-app-site-association', '/css/site.css', '/A/B.CSS']) {
      const e = event({ country: 'DE', uri });
      assertPass(handler(e), e);
    }
  });

  test('near misses are not exempt', () => {
    const handler = router();
    for (const uri of ['/robots.txt.bak', '/.well-known', '/css/site.css.html', '/en/robots.txt']) {
      assert.equal(handler(event({ country: 'DE', uri })).statusCode, 302, uri);
    }
  });

  test('crawlers (case-insensitive substring of User-Agent) are never redirected', () => {
    const handler = router();
    for (const ua of [
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
      'GOOGLEBOT-Image/1.0',
    ]) {
      const e = event({ country: 'DE', ua });
      assertPass(handler(e), e);
    }
    assert.equal(handler(event({ country: 'DE', ua: 'Mozilla/5.0 Safari/605.1.15' })).statusCode, 302);
  });

  test('override by query parameter keeps the viewer where they are', () => {
    const e = event({ country: 'DE', qs: { stay: { value: '1' }, page: { value: '2' } } });
    assertPass(router()(e), e);
    const empty = event({ country: 'DE', qs: { stay: { value: '' } } });
    assertPass(router()(empty), empty);
  });

  test('override by cookie keeps the viewer where they are', () => {
    const e = event({ country: 'US', region: 'CA', cookies: { geo_stay: { value: 'www' } } });
    assertPass(router()(e), e);
    assert.equal(router()(event({ country: 'US', cookies: { other: { value: '1' } } })).statusCode, 302);
  });

  test('no override configured: the stay parameter means nothing', () => {
    assert.equal(router({ override: undefined })(event({ country: 'DE', qs: { stay: { value: '1' } } })).statusCode, 302);
  });
});

describe('loop prevention', () => {
  test('already on the target host', () => {
    const e = event({ country: 'DE', host: 'de.example.com' });
    assertPass(router()(e), e);
    const withPort = event({ country: 'DE', host: 'DE.Example.com:443' });
    assertPass(router()(withPort), withPort);
  });

  test('already under the target prefix', () => {
    for (const uri of ['/fr', '/fr/', '/fr/products/shoes']) {
      const e = event({ country: 'FR', uri });
      assertPass(router()(e), e);
    }
    const e = event({ country: 'US', region: 'CA', host: 'us.example.com', uri: '/ca/x' });
    assertPass(router()(e), e);
  });

  test('following any redirect once ends in a pass-through, never a second redirect', () => {
    const handler = router();
    const viewers = [
      { country: 'DE' }, { country: 'US', region: 'CA' }, { country: 'US', region: 'TX' }, { country: 'US' },
      { country: 'FR' }, { country: 'BE' }, { country: 'JP' }, {}, { country: 'XX' },
    ];
    const starts = [
      ['www.example.com', '/'], ['www.example.com', '/fr/a'], ['www.example.com', '/intl/a'], ['de.example.com', '/a'],
      ['us.example.com', '/ca/a'], ['us.example.com', '/fr'], ['d111111abcdef8.cloudfront.net', '/a'],
    ];
    for (const v of viewers) {
      for (const [host, uri] of starts) {
        let e = event({ ...v, host, uri, qs: { q: { value: '1' } } });
        let r = handler(e);
        if (r.statusCode === 302) {
          e = follow(e, r.headers.location.value);
          r = handler(e);
          assert.equal(r.statusCode, undefined, `${JSON.stringify(v)} at ${host}${uri} redirected twice: ${JSON.stringify(r)}`);
        }
      }
    }
  });
});

describe('query strings and encoded paths', () => {
  test('every value, repeat and empty value is kept in order', () => {
    const qs = {
      q: { value: 'shoes' },
      tag: { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }, { value: 'a' }] },
      empty: { value: '' },
      utm_source: { value: 'news%20letter' },
    };
    assertRedirect(router()(event({ country: 'DE', qs })), 'https://de.example.com/products/shoes?q=shoes&tag=a&tag=b&tag=a&empty=&utm_source=news%20letter');
  });

  test('percent-encoded values and names come out byte for byte', () => {
    const qs = {
      q: { value: 'cr%C3%A8me+br%C3%BBl%C3%A9e' },
      'a%5Bb%5D': { value: '1%2B1%3D2' },
      next: { value: '/de/page?x=1' },
      amp: { value: 'a%26b' },
      lower: { value: '%e2%82%ac' },
    };
    assertRedirect(
      router()(event({ country: 'DE', qs })),
      'https://de.example.com/products/shoes?q=cr%C3%A8me+br%C3%BBl%C3%A9e&a%5Bb%5D=1%2B1%3D2&next=/de/page?x=1&amp=a%26b&lower=%e2%82%ac',
    );
  });

  test('characters that may not appear raw are encoded (unicode, space, &, #, lone %)', () => {
    const qs = { q: { value: 'café au lait' }, f: { value: 'a&b#c' }, pct: { value: '100%' }, e: { value: '\u{1F600}' } };
    assertRedirect(router()(event({ country: 'DE', qs })), 'https://de.example.com/products/shoes?q=caf%C3%A9%20au%20lait&f=a%26b%23c&pct=100%25&e=%F0%9F%98%80');
  });

  test('an encoded path (unicode, space, %) is preserved exactly', () => {
    const uri = '/guides/caf%C3%A9%20cr%C3%A8me/100%25-natural%20(v2).html';
    assertRedirect(router()(event({ country: 'DE', uri })), `https://de.example.com${uri}`);
    assertRedirect(router()(event({ country: 'FR', uri })), `https://www.example.com/fr${uri}`);
  });

  test('a raw path is encoded, with no way to inject headers or change the host', () => {
    const handler = router();
    assertRedirect(handler(event({ country: 'DE', uri: '/café menu/ü 100%' })), 'https://de.example.com/caf%C3%A9%20menu/%C3%BC%20100%25');
    assertRedirect(handler(event({ country: 'DE', uri: '/a\r\nSet-Cookie: x=1' })), 'https://de.example.com/a%0D%0ASet-Cookie:%20x=1');
    assertRedirect(handler(event({ country: 'DE', uri: '//evil.example/x' })), 'https://de.example.com//evil.example/x');
    assertRedirect(handler(event({ country: 'DE', uri: '/\\evil.example' })), 'https://de.example.com/%5Cevil.example');
    assertRedirect(handler(event({ country: 'DE', uri: '/x\uD800y' })), 'https://de.example.com/x%EF%BF%BDy');
  });
});

describe('no open redirect', () => {
  test('a prefix rule never sends the viewer to the Host header of the request when undeclared', () => {
    assertRedirect(router()(event({ country: 'FR', host: 'evil.example' })), 'https://www.example.com/fr/products/shoes');
  });

  test('targets that are not https on a declared host are ignored', () => {
    for (const to of ['http://de.example.com', 'https://evil.example', '//evil.example/x', 'de.example.com', 'https://de.example.com.evil.example', 'javascript:alert(1)']) {
      const e = event({ country: 'DE' });
      assertPass(router({ rules: [{ country: 'DE', to }] })(e), e);
    }
  });

  test('no hosts declared: nothing is redirected', () => {
    const e = event({ country: 'FR' });
    assertPass(router({ hosts: [] })(e), e);
  });
});

describe('pass-through', () => {
  test('the request is returned unchanged, multi-value headers and cookies included', () => {
    const e = event({ country: 'JP', qs: { a: { value: '1', multiValue: [{ value: '1' }, { value: '2' }] } }, cookies: { s: { value: 'v' } } });
    e.request.headers.accept = { value: 'text/html', multiValue: [{ value: 'text/html' }, { value: '*/*' }] };
    const before = structuredClone(e.request);
    assert.deepEqual(router()(e), before);
  });

  test('an empty policy lets everything through', () => {
    const handler = loadHandler(renderCode(SOURCE, '{}'));
    for (const e of [event({ country: 'KP' }), event({}), event({ country: 'DE' })]) assertPass(handler(e), e);
  });

  test('function.js itself (placeholder not rendered) runs and passes everything', () => {
    const handler = loadHandler(SOURCE);
    const e = event({ country: 'DE' });
    assertPass(handler(e), e);
  });
});

describe('decisions shared with the Java validator (test/fixtures/decisions.json)', () => {
  const { cases } = JSON.parse(readFileSync(join(MODULE_DIR, 'test', 'fixtures', 'decisions.json'), 'utf8'));
  const handler = router();
  for (const c of cases) {
    test(`${c.country === undefined ? '(no country)' : JSON.stringify(c.country)}${c.region ? '-' + c.region : ''} at ${c.host}${c.uri} -> ${c.expect}`, () => {
      const e = event({ country: c.country, region: c.region, host: c.host, uri: c.uri });
      const r = handler(e);
      if (c.expect === 'pass') assertPass(r, e);
      else if (c.expect === 'block') assertBlocked(r);
      else assertRedirect(r, c.expect);
    });
  }
});
