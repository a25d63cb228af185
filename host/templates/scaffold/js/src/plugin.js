// The {{name}} riskcard plugin: componentize-qjs (QuickJS) builds this module into a
// component for the riskcard:plugin world. Throwing a string from `evaluate` returns
// it as the `err` of its result.
import host from 'riskcard:plugin/host@{{wit_version}}';

import { description, evaluateRequest } from './checks.js';

export function describe() {
  return description();
}

export function evaluate(request) {
  // Log lines appear in the scorecard's `plugin_output` and in `riskcard plugin test`.
  host.log('debug', `${request.dossier.vendor.id}: ${request.criteria.length} criteria`);
  return evaluateRequest(request);
}
