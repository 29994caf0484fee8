#!/usr/bin/env node
// Renders src/function.js + policy.json into template.yaml (between the edge-geo-router markers).
//   node render.mjs            write template.yaml (only the marker blocks change)
//   node render.mjs --check    exit 1 if template.yaml is not what a render would write
//   node render.mjs --print    print the rendered function code
//   --policy FILE              render another policy (with --check/--print: try it without writing)
import { readFileSync, writeFileSync } from 'node:fs';
import { checkCloudFrontJs } from './lib/cf-check.mjs';
import { POLICY_PATH, TEMPLATE_PATH, readSources, renderCode, renderTemplate } from './lib/render.mjs';

function main(argv) {
  const args = argv.slice(2);
  const mode = args.includes('--check') ? 'check' : args.includes('--print') ? 'print' : 'write';
  const i = args.indexOf('--policy');
  const policyPath = i >= 0 ? args[i + 1] : POLICY_PATH;
  if (i >= 0 && !policyPath) return fail('--policy needs a file');

  const { functionSource, policyText } = readSources({ policyPath });
  let code;
  let policy;
  try {
    policy = JSON.parse(policyText);
    code = renderCode(functionSource, policyText);
  } catch (e) {
    return fail(`${policyPath}: ${e.message}`);
  }
  const problems = checkCloudFrontJs(code);
  if (problems.length) return fail(`rendered code is not valid for cloudfront-js-2.0:\n  ${problems.join('\n  ')}`);
  const bytes = Buffer.byteLength(code, 'utf8');

  if (mode === 'print') {
    process.stdout.write(code);
    return 0;
  }
  const current = readFileSync(TEMPLATE_PATH, 'utf8');
  const wanted = renderTemplate(current, code, policy);
  if (mode === 'check') {
    if (current !== wanted) {
      return fail('template.yaml is out of date with src/function.js / policy.json: run `npm run render` in functions/edge-geo-router');
    }
    console.error(`template.yaml is up to date (${bytes} of 10240 bytes)`);
    return 0;
  }
  if (current !== wanted) {
    // Re-read just before writing: other blocks of template.yaml may be edited concurrently.
    const latest = readFileSync(TEMPLATE_PATH, 'utf8');
    writeFileSync(TEMPLATE_PATH, renderTemplate(latest, code, policy));
  }
  console.error(`rendered ${bytes} of 10240 bytes into template.yaml`);
  return 0;
}

function fail(message) {
  console.error(message);
  return 1;
}

process.exitCode = main(process.argv);
