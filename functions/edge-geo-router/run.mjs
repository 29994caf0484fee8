#!/usr/bin/env node
// Runs the geo router on one CloudFront Functions event, the way CloudFront would, and prints the
// result as JSON: the request (passed through) or the generated response (redirect or 403).
//   node functions/edge-geo-router/run.mjs EVENT.json [--policy FILE]
// Nothing is deployed and no network is used; the policy defaults to policy.json beside this file.
import { readFileSync } from 'node:fs';
import { loadHandler } from './lib/sandbox.mjs';
import { POLICY_PATH, readSources, renderCode } from './lib/render.mjs';

function main(argv) {
  const args = argv.slice(2);
  const i = args.indexOf('--policy');
  const policyPath = i >= 0 ? args[i + 1] : POLICY_PATH;
  const eventPath = args.find((a, j) => !a.startsWith('--') && (i < 0 || j !== i + 1));
  if (!eventPath || (i >= 0 && !policyPath)) {
    console.error('usage: node run.mjs EVENT.json [--policy FILE]');
    return 2;
  }
  let event;
  let handler;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8'));
    const { functionSource, policyText } = readSources({ policyPath });
    handler = loadHandler(renderCode(functionSource, policyText));
  } catch (e) {
    console.error(e.message);
    return 1;
  }
  const before = JSON.stringify(event.request);
  const result = handler(event);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  if (result && result.statusCode) {
    const location = result.headers && result.headers.location ? ` -> ${result.headers.location.value}` : '';
    console.error(`response ${result.statusCode}${location}`);
  } else {
    console.error(JSON.stringify(result) === before ? 'request passed through unchanged' : 'request passed through MODIFIED');
  }
  return 0;
}

process.exitCode = main(process.argv);
