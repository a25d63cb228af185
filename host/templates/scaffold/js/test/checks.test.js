// Unit tests of the check logic, run natively by Node: `npm test`.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { evaluateRequest, securityTxt } from '../src/checks.js';

const AS_OF = { year: 2026, month: 11, day: 30 };
const DEFAULTS = { expiry_warning_days: 30, require_signature: false };

function dossier(expires, overrides = {}) {
  const securityTxt = { contacts: ['mailto:security@vendor.example'], expires, policy: null, encryption: null, canonical: [], signed: false, malformedLines: 0, ...overrides };
  return { vendor: { id: 'v', name: 'V', product: null }, trust: { securityTxt } };
}

test('a current file with a contact passes', () => {
  const verdict = securityTxt(dossier({ year: 2027, month: 6, day: 30 }), AS_OF, DEFAULTS);
  assert.equal(verdict.status, 'pass');
  assert.equal(verdict.score, 100);
  assert.deepEqual(verdict.findings[0].evidence, ['trust.security_txt']);
});

test('no security.txt is insufficient evidence, never a pass', () => {
  const verdict = securityTxt({ vendor: { id: 'v' }, trust: null }, AS_OF, DEFAULTS);
  assert.equal(verdict.status, 'insufficient-evidence');
  assert.equal(verdict.score, 0);
});

test('a file expired the day before fails', () => {
  const verdict = securityTxt(dossier({ year: 2026, month: 11, day: 29 }), AS_OF, DEFAULTS);
  assert.equal(verdict.status, 'fail');
  assert.match(verdict.findings[0].message, /expired on 2026-11-29/);
});

test('the expiry warning window is a parameter', () => {
  const soon = dossier({ year: 2026, month: 12, day: 30 });
  assert.equal(securityTxt(soon, AS_OF, DEFAULTS).status, 'partial');
  assert.equal(securityTxt(soon, AS_OF, { ...DEFAULTS, expiry_warning_days: 29 }).status, 'pass');
});

test('evaluate applies the rubric parameters over the defaults', () => {
  const request = {
    asOf: AS_OF,
    dossier: dossier({ year: 2027, month: 6, day: 30 }),
    criteria: [
      { criterionId: 'a', check: 'security-txt', params: [] },
      { criterionId: 'b', check: 'security-txt', params: [{ name: 'require_signature', value: { tag: 'boolean', val: true } }] },
    ],
  };
  assert.deepEqual(evaluateRequest(request).map((r) => [r.criterionId, r.status, r.score]), [['a', 'pass', 100], ['b', 'partial', 80]]);
});
