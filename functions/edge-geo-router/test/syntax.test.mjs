// The cloudfront-js-2.0 syntax and size check: the shipped render passes, and the checker really
// rejects what the runtime does not support.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { checkCloudFrontJs } from '../lib/cf-check.mjs';
import { FUNCTION_PATH, MAX_CODE_BYTES, PLACEHOLDER, POLICY_PATH, compactSource, minifyJson, renderCode, renderFromFiles } from '../lib/render.mjs';

const wrap = (body) => `function handler(event) {\n${body}\nreturn event.request;\n}\n`;

describe('the shipped function', () => {
  test('rendered code is cloudfront-js-2.0 and at most 10,240 bytes', () => {
    const code = renderFromFiles();
    assert.deepEqual(checkCloudFrontJs(code), []);
    const bytes = Buffer.byteLength(code, 'utf8');
    assert.ok(bytes <= MAX_CODE_BYTES, `${bytes} bytes`);
  });

  test('function.js itself passes the same check and holds the placeholder once', () => {
    const source = readFileSync(FUNCTION_PATH, 'utf8');
    assert.deepEqual(checkCloudFrontJs(source), []);
    assert.equal(source.split(PLACEHOLDER).length, 2);
  });

  test('compaction only drops indentation, blank lines and whole-line comments', () => {
    assert.equal(compactSource('// c\n  var a = 1; // keep\n\n\t  function f() {\r\n    return a;  \n}\n'), 'var a = 1; // keep\nfunction f() {\nreturn a;\n}');
  });

  test('policy minification keeps strings intact and escapes line separators', () => {
    assert.equal(minifyJson('{ "a" : [ 1, "x y\\" }" ],\n "b": "\u2028\u0085" }'), '{"a":[1,"x y\\" }"],"b":"\\u2028\\u0085"}');
    assert.throws(() => minifyJson('{"a":'), SyntaxError);
  });

  test('a policy that makes the code exceed 10 KB fails the check', () => {
    const policy = JSON.parse(readFileSync(POLICY_PATH, 'utf8'));
    policy.crawlers = Array.from({ length: 600 }, (_, i) => `crawler-number-${i}`);
    const problems = checkCloudFrontJs(renderCode(readFileSync(FUNCTION_PATH, 'utf8'), JSON.stringify(policy)));
    assert.equal(problems.length, 1);
    assert.match(problems[0], /bytes; CloudFront Functions allow at most 10240/);
  });
});

describe('the checker', () => {
  test('accepts ES5.1 and the documented ES6+ features', () => {
    const ok = [
      'var a = 1, b = [1, 2], c = {x: 1, "y": 2};',
      'let a = 1; const b = 2;',
      'var s = `a ${event.request.uri} b`;',
      'var f = (x) => x * 2; var g = function (x, ...rest) { return rest.length; };',
      'var p = 2 ** 10;',
      'var r = /^a(?<name>b)$/gi.test("ab");',
      'label: for (var i = 0; i < 2; i++) { for (var k in event) { continue label; } }',
      'try { JSON.parse("x"); } catch (e) { console.log(e.message); } finally { }',
      'var crypto = require("crypto"); var h = crypto.createHash("sha256");',
      'switch (event.x) { case 1: break; default: }',
      'var o = {get x() { return 1; }};',
    ];
    for (const body of ok) assert.deepEqual(checkCloudFrontJs(wrap(body)), [], body);
    assert.deepEqual(checkCloudFrontJs('async function handler(event) { await Promise.resolve(1); return event.request; }'), []);
  });

  const rejected = {
    'class A {}': /classes/,
    'var {request} = event;': /destructuring/,
    'var [a] = [1];': /destructuring/,
    'function f(a = 1) { return a; }': /default parameter/,
    'var a = [...[1]];': /spread/,
    'var o = {...event};': /spread|SpreadElement/,
    'for (var x of [1]) {}': /for-of/,
    'function* g() { yield 1; }': /generators/,
    'var u = event?.request;': /optional chaining/,
    'var u = event.x ?? 1;': /\?\?/,
    'var a = 1; a ||= 2;': /\|\|=/,
    'var t = String.raw`x`;': /tagged templates/,
    'var r = /a/u;': /regular expression flags/,
    'var r = /a/s;': /regular expression flags/,
    'var n = 10n;': /BigInt/,
    'var n = 1_000;': /numeric separators/,
    'var m = new Map();': /Map is not defined/,
    'var s = Symbol("x");': /Symbol is not defined/,
    'eval("1");': /eval is restricted/,
    'var f = Function("return 1");': /Function is restricted/,
    'setTimeout(function () {}, 1);': /setTimeout is restricted/,
    'var fs = require("fs");': /require\(\) only of the runtime's modules/,
    'var x = process.env;': /process is not defined/,
    'var s = "a".replaceAll("a", "b");': /replaceAll/,
    'var a = 1; var o = {a};': /shorthand/,
    'var o = {m() { return 1; }};': /method definitions/,
    'var k = "x"; var o = {[k]: 1};': /computed property/,
    'try { x(); } catch { }': /catch without a binding/,
    'var f = async () => 1;': /async is supported on top-level function declarations only/,
    'debugger;': /debugger/,
  };
  for (const [body, message] of Object.entries(rejected)) {
    test(`rejects: ${body}`, () => {
      const problems = checkCloudFrontJs(wrap(body));
      assert.ok(problems.some((p) => message.test(p)), `${body}: ${JSON.stringify(problems)}`);
    });
  }

  test('rejects code without function handler(event), and code that does not parse', () => {
    assert.match(checkCloudFrontJs('function main(event) { return event.request; }').join(), /no top-level `function handler\(event\)`/);
    assert.match(checkCloudFrontJs('function handler() { return 1; }').join(), /exactly one parameter/);
    assert.match(checkCloudFrontJs('function handler(event) {').join(), /does not parse/);
    assert.match(checkCloudFrontJs('import cf from "cloudfront"; function handler(event) { return event.request; }').join(), /does not parse|modules/);
  });
});
