// The web-security riskcard plugin, in JavaScript: componentize-qjs (QuickJS) builds
// this module into a component for the riskcard:plugin world. Throwing a string from
// an export returns it as the `err` of `evaluate`'s result.
import host from 'riskcard:plugin/host@0.2.0';

import { description, evaluateRequest } from './checks.js';

export function describe() {
  return description();
}

export function evaluate(request) {
  host.log('debug', `${request.dossier.vendor.id}: ${request.criteria.length} criteria`);
  return evaluateRequest(request);
}
