// Edge Autopilot geo router: CloudFront Function, runtime cloudfront-js-2.0, event viewer-request.
// The policy is injected by render.mjs (see README.md); the rendered code must stay under 10,240 bytes.
// Order: unknown country -> policy default; blocked country -> 403; exempt path, crawler, "stay"
// override or a method other than GET/HEAD -> pass; else the best rule redirects unless the viewer
// is already on its target. Any unexpected error passes the request through unchanged.
var P = /*@@POLICY@@*/{};

function handler(event) {
  try {
    return route(event.request);
  } catch (e) {
    return event.request;
  }
}

function route(req) {
  var h = req.headers || {};
  var uri = typeof req.uri == 'string' && req.uri.charAt(0) == '/' ? req.uri : '/';
  var cc = val(h['cloudfront-viewer-country']).toUpperCase();
  var known = /^[A-Z]{2}$/.test(cc);
  var list = P.countries || [];
  var rule = null;
  if (!known) {
    var d = P['default'] || {};
    if (d.action == 'block') return blocked();
    if (d.action == 'redirect') rule = d;
  } else if (P.mode == 'allow' ? list.indexOf(cc) < 0 : P.mode == 'block' && list.indexOf(cc) >= 0) {
    return blocked();
  }
  if (req.method != 'GET' && req.method != 'HEAD') return req;
  if (exempt(uri) || crawler(val(h['user-agent'])) || stay(req)) return req;
  var host = val(h.host).toLowerCase().replace(/:\d+$/, '');
  rule = known ? pick(cc, val(h['cloudfront-viewer-country-region']).toUpperCase(), host, uri)
    : rule && matchFrom(rule, host, uri) ? rule : null;
  var t = rule && loc(rule.to, host);
  if (!t || (t.h == host && under(uri, t.p))) return req;
  var status = P.status == 307 ? 307 : 302;
  return {
    statusCode: status,
    statusDescription: status == 307 ? 'Temporary Redirect' : 'Found',
    headers: {
      location: { value: 'https://' + t.h + enc(t.p + rest(uri), /[A-Za-z0-9\-._~!$&'()*+,;=:@\/]/) + query(req.querystring) },
      'cache-control': { value: 'private, no-store' }
    }
  };
}

// First value of a header/cookie/query entry, '' when missing.
function val(x) {
  return x && typeof x.value == 'string' ? x.value : '';
}

function blocked() {
  return {
    statusCode: 403,
    statusDescription: 'Forbidden',
    headers: {
      'content-type': { value: 'text/html; charset=utf-8' },
      'cache-control': { value: 'private, no-store' }
    },
    body: { encoding: 'text', data: P.blockBody || 'Forbidden' }
  };
}

// Exempt patterns: "/exact", "/prefix/*" (anything starting with "/prefix/"), "*.ext" (suffix, any case).
function exempt(uri) {
  var a = P.exempt || [], i, e, lower = uri.toLowerCase();
  for (i = 0; i < a.length; i++) {
    e = a[i];
    if (e.charAt(0) == '*' ? lower.slice(-(e.length - 1)) == e.slice(1).toLowerCase()
      : e.slice(-1) == '*' ? uri.indexOf(e.slice(0, -1)) == 0 : uri == e) return true;
  }
  return false;
}

// Crawler patterns are case-insensitive substrings of the User-Agent header.
function crawler(ua) {
  var a = P.crawlers || [], i;
  ua = ua.toLowerCase();
  for (i = 0; ua && i < a.length; i++) if (ua.indexOf(a[i].toLowerCase()) >= 0) return true;
  return false;
}

// The viewer asked to stay where they are: the override query parameter or cookie is present.
function stay(req) {
  var o = P.override || {};
  return !!((o.query && req.querystring && req.querystring[o.query]) || (o.cookie && req.cookies && req.cookies[o.cookie]));
}

// Best rule for the viewer at this location: a region rule beats a country rule; then policy order.
function pick(cc, rg, host, uri) {
  var a = P.rules || [], i, r, best = null;
  for (i = 0; i < a.length; i++) {
    r = a[i];
    if (r.country != cc || !matchFrom(r, host, uri)) continue;
    if (r.region) {
      if (r.region == cc + '-' + rg) return r;
    } else if (!best) {
      best = r;
    }
  }
  return best;
}

function matchFrom(r, host, uri) {
  var f = r.from, i, l;
  if (!f) return true;
  if (typeof f == 'string') f = [f];
  for (i = 0; i < f.length; i++) {
    l = loc(f[i], host);
    if (l && l.h == host && under(uri, l.p)) return true;
  }
  return false;
}

// "https://host[/prefix]" or "/prefix" (the current host when the policy declares it, else the
// first declared host) -> {h, p}; null for anything else, or for a host the policy does not declare.
function loc(s, host) {
  var h, p, i;
  if (typeof s != 'string') return null;
  if (s.indexOf('https://') == 0) {
    s = s.slice(8);
    i = s.indexOf('/');
    h = (i < 0 ? s : s.slice(0, i)).toLowerCase();
    p = i < 0 ? '' : s.slice(i);
  } else if (s.charAt(0) == '/' && s.charAt(1) != '/') {
    h = declared(host) ? host : (P.hosts || [])[0];
    p = s;
  } else {
    return null;
  }
  return declared(h) ? { h: h, p: p.replace(/\/+$/, '') } : null;
}

function declared(h) {
  return !!h && (P.hosts || []).indexOf(h) >= 0;
}

function under(uri, p) {
  return !p || uri == p || uri.indexOf(p + '/') == 0;
}

// The path without the longest prefix any rule redirects to, so /fr/a becomes /de/a, not /de/fr/a.
function rest(uri) {
  var a = (P.rules || []).concat([P['default'] || {}]), i, l, best = '';
  for (i = 0; i < a.length; i++) {
    l = loc(a[i].to, 'x');
    if (l && l.p.length > best.length && under(uri, l.p)) best = l.p;
  }
  return uri.slice(best.length) || '/';
}

// Query string rebuilt from CloudFront's parsed form, every value and repeat kept in order.
function query(q) {
  var out = [], k, m, i, ok = /[A-Za-z0-9\-._~!$'()*+,;=:@\/?]/;
  for (k in q) {
    if (!Object.prototype.hasOwnProperty.call(q, k) || !q[k]) continue;
    m = q[k].multiValue || [q[k]];
    for (i = 0; i < m.length; i++) out.push(enc(k, ok) + '=' + enc(val(m[i]), ok));
  }
  return out.length ? '?' + out.join('&') : '';
}

// Percent-encodes what may not appear raw in a URL and leaves valid %XX escapes alone, so a path
// or value that arrives encoded (as CloudFront passes them) comes out byte for byte.
function enc(s, ok) {
  var out = '', i, c, n;
  for (i = 0; i < s.length; i++) {
    c = s.charAt(i);
    if (c == '%' ? /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3)) : ok.test(c)) {
      out += c;
      continue;
    }
    // A UTF-16 surrogate pair is one character: encode both halves together.
    n = s.charCodeAt(i);
    if (n >= 0xD800 && n <= 0xDBFF && s.charCodeAt(i + 1) >= 0xDC00 && s.charCodeAt(i + 1) <= 0xDFFF) c += s.charAt(++i);
    try {
      out += encodeURIComponent(c);
    } catch (e) {
      out += '%EF%BF%BD';
    }
  }
  return out;
}
