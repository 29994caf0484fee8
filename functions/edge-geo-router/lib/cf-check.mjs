// Static check that code stays inside what CloudFront Functions' JavaScript runtime 2.0 documents:
// ES 5.1 plus const/let, template literals, arrow functions, rest parameters, ** and async/await in
// top-level functions. Anything else (classes, destructuring, spread, default parameters, for-of,
// optional chaining, ??, logical assignment, generators, modules, tagged templates, regex flags
// other than g/i/m, BigInt, numeric separators) is rejected, as are free identifiers outside the
// runtime's documented globals and the documented-as-restricted eval/Function/timers.
// AWS: CloudFront Developer Guide, "JavaScript runtime 2.0 features for CloudFront Functions".
import { parse } from 'acorn';
import { MAX_CODE_BYTES } from './render.mjs';

const ALLOWED_NODES = new Set([
  'Program', 'FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression',
  'VariableDeclaration', 'VariableDeclarator', 'Identifier', 'Literal', 'BlockStatement',
  'ExpressionStatement', 'IfStatement', 'ReturnStatement', 'ForStatement', 'ForInStatement',
  'WhileStatement', 'DoWhileStatement', 'BreakStatement', 'ContinueStatement', 'LabeledStatement',
  'SwitchStatement', 'SwitchCase', 'ThrowStatement', 'TryStatement', 'CatchClause', 'EmptyStatement',
  'ObjectExpression', 'Property', 'ArrayExpression', 'MemberExpression', 'CallExpression',
  'NewExpression', 'UnaryExpression', 'UpdateExpression', 'BinaryExpression', 'LogicalExpression',
  'AssignmentExpression', 'ConditionalExpression', 'SequenceExpression', 'ThisExpression',
  'TemplateLiteral', 'TemplateElement', 'RestElement', 'AwaitExpression',
]);

const REJECTED = {
  ClassDeclaration: 'classes', ClassExpression: 'classes', ObjectPattern: 'destructuring',
  ArrayPattern: 'destructuring', AssignmentPattern: 'default parameter values', SpreadElement: 'spread (...)',
  ForOfStatement: 'for-of', YieldExpression: 'generators', ChainExpression: 'optional chaining (?.)',
  TaggedTemplateExpression: 'tagged templates', ImportDeclaration: 'modules (import)',
  ImportExpression: 'dynamic import', ExportNamedDeclaration: 'modules (export)',
  ExportDefaultDeclaration: 'modules (export)', ExportAllDeclaration: 'modules (export)',
  MetaProperty: 'new.target / import.meta', Super: 'super', WithStatement: 'with',
  DebuggerStatement: 'debugger', StaticBlock: 'class static blocks', PrivateIdentifier: 'private fields',
};

/** Globals the runtime documents (core objects, error types, global functions and constants). */
const GLOBALS = new Set([
  'Object', 'String', 'Number', 'Boolean', 'Math', 'Date', 'JSON', 'Array', 'RegExp', 'Promise',
  'ArrayBuffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'Buffer', 'console', 'globalThis',
  'Error', 'EvalError', 'InternalError', 'MemoryError', 'RangeError', 'ReferenceError', 'SyntaxError',
  'TypeError', 'URIError', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent',
  'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'NaN', 'Infinity', 'undefined', 'require',
]);
const MODULES = new Set(['crypto', 'querystring', 'buffer', 'cloudfront']);
/** Methods newer than ES5 that the runtime does not list; a property access to them is rejected. */
const UNLISTED_METHODS = new Set([
  'replaceAll', 'matchAll', 'at', 'flat', 'flatMap', 'fromEntries', 'hasOwn', 'findLast',
  'findLastIndex', 'allSettled', 'any', 'getOwnPropertyDescriptors', 'trimLeft', 'trimRight',
]);

/**
 * Problems with `code` as a cloudfront-js-2.0 viewer function: syntax outside the documented subset,
 * unknown globals, a missing top-level `function handler(event)`, or more than 10,240 bytes.
 * Returns an empty array when the code is fine.
 */
export function checkCloudFrontJs(code, { maxBytes = MAX_CODE_BYTES } = {}) {
  const problems = [];
  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes > maxBytes) problems.push(`code is ${bytes} bytes; CloudFront Functions allow at most ${maxBytes}`);
  let ast;
  try {
    ast = parse(code, { ecmaVersion: 2022, sourceType: 'script', locations: true });
  } catch (e) {
    problems.push(`does not parse: ${e.message}`);
    return problems;
  }
  const at = (n) => `line ${n.loc.start.line}`;
  const declared = new Set();
  const references = [];

  const visit = (node, parent, key) => {
    if (!node || typeof node.type !== 'string') return;
    const t = node.type;
    if (REJECTED[t]) problems.push(`${at(node)}: ${REJECTED[t]} not supported by cloudfront-js-2.0`);
    else if (!ALLOWED_NODES.has(t)) problems.push(`${at(node)}: ${t} not supported by cloudfront-js-2.0`);
    switch (t) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (node.generator) problems.push(`${at(node)}: generators not supported by cloudfront-js-2.0`);
        if (node.async && !(t === 'FunctionDeclaration' && parent && parent.type === 'Program')) {
          problems.push(`${at(node)}: async is supported on top-level function declarations only`);
        }
        if (node.id) declared.add(node.id.name);
        for (const p of node.params) {
          if (p.type === 'Identifier') declared.add(p.name);
          else if (p.type === 'RestElement' && p.argument.type === 'Identifier') declared.add(p.argument.name);
        }
        break;
      case 'VariableDeclarator':
        if (node.id.type === 'Identifier') declared.add(node.id.name);
        break;
      case 'CatchClause':
        if (!node.param) problems.push(`${at(node)}: catch without a binding not supported by cloudfront-js-2.0`);
        else if (node.param.type === 'Identifier') declared.add(node.param.name);
        break;
      case 'RestElement':
        if (!(parent && /Function/.test(parent.type) && key === 'params')) {
          problems.push(`${at(node)}: rest elements are supported in function parameters only`);
        }
        break;
      case 'Literal':
        if (node.bigint !== undefined) problems.push(`${at(node)}: BigInt not supported by cloudfront-js-2.0`);
        if (node.regex && /[^gim]/.test(node.regex.flags)) {
          problems.push(`${at(node)}: regular expression flags "${node.regex.flags}" (only g, i, m are ES 5.1)`);
        }
        if (typeof node.value === 'number' && /_/.test(node.raw)) {
          problems.push(`${at(node)}: numeric separators not supported by cloudfront-js-2.0`);
        }
        break;
      case 'LogicalExpression':
        if (node.operator === '??') problems.push(`${at(node)}: ?? not supported by cloudfront-js-2.0`);
        break;
      case 'AssignmentExpression':
        if (['&&=', '||=', '??=', '**='].includes(node.operator)) {
          problems.push(`${at(node)}: ${node.operator} not supported by cloudfront-js-2.0`);
        }
        break;
      case 'MemberExpression':
        if (node.optional) problems.push(`${at(node)}: optional chaining (?.) not supported by cloudfront-js-2.0`);
        if (!node.computed && UNLISTED_METHODS.has(node.property.name)) {
          problems.push(`${at(node)}: .${node.property.name} is not in the runtime's documented methods`);
        }
        break;
      case 'CallExpression':
        if (node.optional) problems.push(`${at(node)}: optional call (?.()) not supported by cloudfront-js-2.0`);
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          const a = node.arguments[0];
          if (!(a && a.type === 'Literal' && MODULES.has(a.value))) {
            problems.push(`${at(node)}: require() only of the runtime's modules (${[...MODULES].join(', ')})`);
          }
        }
        break;
      case 'Property':
        if (node.shorthand) problems.push(`${at(node)}: shorthand properties not supported by cloudfront-js-2.0`);
        if (node.method) problems.push(`${at(node)}: method definitions not supported by cloudfront-js-2.0`);
        if (node.computed) problems.push(`${at(node)}: computed property names not supported by cloudfront-js-2.0`);
        break;
      case 'Identifier':
        if (isReference(node, parent, key)) references.push(node);
        break;
      default:
    }
    for (const k of Object.keys(node)) {
      if (k === 'loc' || k === 'start' || k === 'end') continue;
      const v = node[k];
      if (Array.isArray(v)) v.forEach((c) => visit(c, node, k));
      else if (v && typeof v.type === 'string') visit(v, node, k);
    }
  };
  visit(ast, null, null);

  for (const id of references) {
    if (['eval', 'Function', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout'].includes(id.name)) {
      problems.push(`${at(id)}: ${id.name} is restricted in CloudFront Functions`);
    } else if (!declared.has(id.name) && !GLOBALS.has(id.name)) {
      problems.push(`${at(id)}: ${id.name} is not defined here nor a documented cloudfront-js-2.0 global`);
    }
  }
  const handler = ast.body.find((s) => s.type === 'FunctionDeclaration' && s.id && s.id.name === 'handler');
  if (!handler) problems.push('no top-level `function handler(event)`');
  else if (handler.params.length !== 1) problems.push('handler must take exactly one parameter (event)');
  return problems;
}

/** An identifier that reads or writes a binding (not a property name, label or declaration). */
function isReference(node, parent, key) {
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
      return key === 'object' || parent.computed;
    case 'Property':
      return key === 'value' || parent.computed;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return key === 'body';
    case 'VariableDeclarator':
      return key === 'init';
    case 'CatchClause':
      return key !== 'param';
    case 'RestElement':
      return false;
    default:
      return true;
  }
}
