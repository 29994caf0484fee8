// Evaluates rendered function code the way CloudFront Functions does: one script, strict mode,
// no Node globals (no require, process, timers), a top-level `function handler(event)`. The event
// goes in and the result comes out as JSON, as across CloudFront's boundary.
import vm from 'node:vm';

export function loadHandler(code) {
  const context = vm.createContext({});
  new vm.Script('"use strict";\n' + code, { filename: 'geo-router.js' }).runInContext(context, { timeout: 1000 });
  if (typeof context.handler !== 'function') throw new Error('rendered code defines no function handler(event)');
  const run = new vm.Script('handler(JSON.parse(__event))', { filename: 'invoke.js' });
  return (event) => {
    context.__event = JSON.stringify(event);
    const result = run.runInContext(context, { timeout: 1000 });
    return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  };
}
