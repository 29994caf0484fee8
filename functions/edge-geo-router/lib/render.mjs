// Rendering shared by render.mjs, run.mjs and the tests: function.js + policy.json -> the code
// CloudFront runs, and that code -> the template.yaml blocks between the edge-geo-router markers.
// PolicyRenderer.java (Maven module) renders the code the same way to check its size.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODULE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = join(MODULE_DIR, '..', '..');
export const FUNCTION_PATH = join(MODULE_DIR, 'src', 'function.js');
export const POLICY_PATH = join(MODULE_DIR, 'policy.json');
export const TEMPLATE_PATH = join(REPO_ROOT, 'template.yaml');

/** The expression in function.js that render replaces with the minified policy JSON. */
export const PLACEHOLDER = '/*@@POLICY@@*/{}';
/** CloudFront Functions quota: function code size. */
export const MAX_CODE_BYTES = 10240;

export const MARKERS = {
  resources: ['# >>> edge-geo-router', '# <<< edge-geo-router'],
  outputs: ['# >>> edge-geo-router outputs', '# <<< edge-geo-router outputs'],
};

/**
 * Policy JSON without insignificant whitespace. Inside strings, characters that ES5 string
 * literals or YAML line handling would trip on (U+007F-U+009F, U+2028, U+2029, U+FEFF) become
 * \uXXXX escapes. Nothing else changes, so Java reproduces it byte for byte.
 */
export function minifyJson(text) {
  JSON.parse(text); // reject invalid JSON with the parser's message
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') {
        out += c + text[++i];
        continue;
      }
      if (c === '"') inString = false;
      const code = c.charCodeAt(0);
      if ((code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff) {
        out += '\\u' + code.toString(16).padStart(4, '0');
      } else {
        out += c;
      }
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') {
      out += c;
    }
  }
  return out;
}

/** First line of every rendered function. */
export const BANNER = '// Edge Autopilot geo router, rendered from functions/edge-geo-router (src/function.js + policy.json)';

/**
 * function.js without indentation, blank lines and whole-line // comments (function.js must keep
 * comments on lines of their own and hold no multi-line strings), so the 10 KB budget goes to policy.
 */
export function compactSource(functionSource) {
  return functionSource
    .split(/\r?\n/)
    .map((l) => l.replace(/^[ \t]+/, '').replace(/[ \t]+$/, ''))
    .filter((l) => l !== '' && !l.startsWith('//'))
    .join('\n');
}

/** The code CloudFront runs: banner + compacted function.js, the placeholder replaced by the minified policy. */
export function renderCode(functionSource, policyText) {
  const parts = compactSource(functionSource).split(PLACEHOLDER);
  if (parts.length !== 2) {
    throw new Error(`function.js must contain the placeholder ${PLACEHOLDER} exactly once`);
  }
  return BANNER + '\n' + parts[0] + minifyJson(policyText) + parts[1] + '\n';
}

export function readSources({ functionPath = FUNCTION_PATH, policyPath = POLICY_PATH } = {}) {
  return {
    functionSource: readFileSync(functionPath, 'utf8'),
    policyText: readFileSync(policyPath, 'utf8'),
  };
}

export function renderFromFiles(options) {
  const { functionSource, policyText } = readSources(options);
  return renderCode(functionSource, policyText);
}

/** Lines of the Resources block (without the marker lines), indented by `indent`. */
export function renderResourcesBlock(code, policy, indent = '  ') {
  const digest = createHash('sha256').update(code, 'utf8').digest('hex').slice(0, 16);
  const usesRegion = (policy.rules || []).some((r) => r && r.region);
  const headers = ['CloudFront-Viewer-Country'].concat(usesRegion ? ['CloudFront-Viewer-Country-Region'] : []);
  const codeLines = code.replace(/\n$/, '').split('\n').map((l) => (l === '' ? '' : indent + '      ' + l));
  const lines = [
    '# Rendered by `npm run render` in functions/edge-geo-router from src/function.js and policy.json.',
    '# Do not edit: the tests fail when this block differs from a fresh render.',
    'EdgeGeoRouterFunction:',
    '  Type: AWS::CloudFront::Function',
    '  Properties:',
    '    Name: !Sub "${AWS::StackName}-geo-router"',
    '    AutoPublish: true',
    '    FunctionConfig:',
    `      Comment: "Edge Autopilot geo router (viewer-request), code sha256 ${digest}"`,
    '      Runtime: cloudfront-js-2.0',
    '    FunctionCode: |',
  ].map((l) => indent + l);
  lines.push(...codeLines);
  lines.push(
    ...[
      'EdgeGeoRouterOriginRequestPolicy:',
      '  Type: AWS::CloudFront::OriginRequestPolicy',
      '  Properties:',
      '    OriginRequestPolicyConfig:',
      '      Name: !Sub "${AWS::StackName}-geo-viewer-country"',
      '      Comment: Adds the viewer country headers the geo router reads (not part of the cache key)',
      '      HeadersConfig:',
      '        HeaderBehavior: whitelist',
      '        Headers:',
      ...headers.map((h) => `          - ${h}`),
      '      CookiesConfig:',
      '        CookieBehavior: none',
      '      QueryStringsConfig:',
      '        QueryStringBehavior: none',
    ].map((l) => indent + l),
  );
  return lines;
}

export function renderOutputsBlock(indent = '  ') {
  return [
    'EdgeGeoRouterFunctionArn:',
    '  Description: Geo router CloudFront Function (LIVE); associate it with a behaviour as viewer-request.',
    '  Value: !GetAtt EdgeGeoRouterFunction.FunctionARN',
    'EdgeGeoRouterOriginRequestPolicyId:',
    '  Description: Origin request policy that adds CloudFront-Viewer-Country (and -Region) for the geo router.',
    '  Value: !Ref EdgeGeoRouterOriginRequestPolicy',
  ].map((l) => indent + l);
}

/** Replaces what lies between the begin and end marker lines; keeps everything else byte for byte. */
export function replaceBetweenMarkers(text, [begin, end], bodyLines) {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  const b = lines.findIndex((l) => l.trim() === begin);
  const e = lines.findIndex((l, i) => i > b && l.trim() === end);
  if (b < 0 || e < 0) throw new Error(`markers not found in template: "${begin}" ... "${end}"`);
  if (lines.filter((l) => l.trim() === begin).length !== 1) throw new Error(`marker "${begin}" appears more than once`);
  return [...lines.slice(0, b + 1), ...bodyLines, ...lines.slice(e)].join(eol);
}

/** Indentation of the begin marker line (the block is written at the same level). */
export function markerIndent(text, begin) {
  const line = text.split(/\r?\n/).find((l) => l.trim() === begin);
  if (line === undefined) throw new Error(`marker "${begin}" not found in template`);
  return line.slice(0, line.length - line.trimStart().length);
}

/** template.yaml as it should be for the given code and policy. */
export function renderTemplate(templateText, code, policy) {
  let t = templateText;
  t = replaceBetweenMarkers(t, MARKERS.resources, renderResourcesBlock(code, policy, markerIndent(t, MARKERS.resources[0])));
  t = replaceBetweenMarkers(t, MARKERS.outputs, renderOutputsBlock(markerIndent(t, MARKERS.outputs[0])));
  return t;
}

/** The lines currently between two markers. */
export function linesBetweenMarkers(text, [begin, end]) {
  const lines = text.split(/\r?\n/);
  const b = lines.findIndex((l) => l.trim() === begin);
  const e = lines.findIndex((l, i) => i > b && l.trim() === end);
  if (b < 0 || e < 0) throw new Error(`markers not found in template: "${begin}" ... "${end}"`);
  return lines.slice(b + 1, e);
}
