// What template.yaml deploys must be exactly what the tests ran: the marker blocks are a fresh
// render of src/function.js + policy.json, and CloudFormation reads the same code back from YAML.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import {
  FUNCTION_PATH, MARKERS, POLICY_PATH, TEMPLATE_PATH, linesBetweenMarkers, renderCode, renderFromFiles, renderTemplate,
} from '../lib/render.mjs';

// CloudFormation short-form tags, read as plain values so the template parses.
const cfnTags = ['Ref', 'Sub', 'GetAtt', 'Join', 'If', 'Select', 'Split', 'Equals', 'Not', 'And', 'Or', 'FindInMap',
  'ImportValue', 'Base64', 'Cidr', 'GetAZs', 'Condition', 'Transform', 'ToJsonString', 'Length'].flatMap((name) => [
  { tag: `!${name}`, resolve: (v) => ({ [name]: v }) },
  { tag: `!${name}`, collection: 'seq', resolve: (v) => ({ [name]: v.toJSON() }) },
  { tag: `!${name}`, collection: 'map', resolve: (v) => ({ [name]: v.toJSON() }) },
]);

const template = () => readFileSync(TEMPLATE_PATH, 'utf8');
const policy = () => JSON.parse(readFileSync(POLICY_PATH, 'utf8'));

describe('template.yaml', () => {
  test('the edge-geo-router blocks are a fresh render of function.js + policy.json (else: npm run render)', () => {
    const current = template();
    const wanted = renderTemplate(current, renderFromFiles(), policy());
    assert.deepEqual(linesBetweenMarkers(current, MARKERS.resources), linesBetweenMarkers(wanted, MARKERS.resources),
      'template.yaml is out of date: run `npm run render` in functions/edge-geo-router and commit template.yaml');
    assert.deepEqual(linesBetweenMarkers(current, MARKERS.outputs), linesBetweenMarkers(wanted, MARKERS.outputs));
  });

  test('CloudFormation reads back exactly the tested code, runtime and association helpers', () => {
    const doc = parse(template(), { customTags: cfnTags });
    const fn = doc.Resources.EdgeGeoRouterFunction;
    assert.equal(fn.Type, 'AWS::CloudFront::Function');
    assert.equal(fn.Properties.FunctionCode, renderFromFiles());
    assert.equal(fn.Properties.AutoPublish, true);
    assert.equal(fn.Properties.FunctionConfig.Runtime, 'cloudfront-js-2.0');
    assert.ok(fn.Properties.FunctionConfig.Comment.length <= 128);
    assert.deepEqual(fn.Properties.Name, { Sub: '${AWS::StackName}-geo-router' });
    const orp = doc.Resources.EdgeGeoRouterOriginRequestPolicy.Properties.OriginRequestPolicyConfig;
    assert.equal(orp.HeadersConfig.HeaderBehavior, 'whitelist');
    assert.ok(orp.HeadersConfig.Headers.includes('CloudFront-Viewer-Country'));
    const usesRegion = policy().rules.some((r) => r.region);
    assert.equal(orp.HeadersConfig.Headers.includes('CloudFront-Viewer-Country-Region'), usesRegion);
    assert.deepEqual(doc.Outputs.EdgeGeoRouterFunctionArn.Value, { GetAtt: 'EdgeGeoRouterFunction.FunctionARN' });
    assert.deepEqual(doc.Outputs.EdgeGeoRouterOriginRequestPolicyId.Value, { Ref: 'EdgeGeoRouterOriginRequestPolicy' });
  });

  test('a policy change without a re-render is detected', () => {
    const current = template();
    const changed = { ...policy(), status: 307 };
    const code = renderCode(readFileSync(FUNCTION_PATH, 'utf8'), JSON.stringify(changed, null, 2));
    assert.notDeepEqual(linesBetweenMarkers(renderTemplate(current, code, changed), MARKERS.resources), linesBetweenMarkers(current, MARKERS.resources));
  });

  test('rendering leaves everything outside the markers untouched', () => {
    const current = template();
    const rendered = renderTemplate(current, renderFromFiles(), policy());
    const outside = (t) => {
      const lines = t.split('\n');
      const cut = [];
      let inside = false;
      for (const l of lines) {
        if ([MARKERS.resources[0], MARKERS.outputs[0]].includes(l.trim())) inside = true;
        if (!inside) cut.push(l);
        if ([MARKERS.resources[1], MARKERS.outputs[1]].includes(l.trim())) inside = false;
      }
      return cut.join('\n');
    };
    assert.equal(outside(rendered), outside(current));
  });
});
