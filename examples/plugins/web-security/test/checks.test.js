// Unit tests of the check logic, run natively by Node: `npm test`.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { browserHardening, description, evaluateRequest, transportSecurity } from '../src/checks.js';

const DEFAULTS = {
  min_hsts_days: 180,
  require_csp: true,
  referrer_policies: ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'],
};

function web(overrides = {}) {
  return {
    https: true,
    httpRedirectsToHttps: true,
    hstsMaxAge: 31536000,
    hstsIncludeSubdomains: true,
    contentSecurityPolicy: true,
    xContentTypeOptions: true,
    frameProtection: true,
    referrerPolicy: 'strict-origin-when-cross-origin',
    provenance: { source: null, observed: null, collected: false },
    ...overrides,
  };
}

test('a fully hardened page passes both checks', () => {
  assert.deepEqual(transportSecurity(web(), DEFAULTS), { status: 'pass', score: 100, findings: [] });
  assert.deepEqual(browserHardening(web(), DEFAULTS), { status: 'pass', score: 100, findings: [] });
});

test('no web_security section is insufficient evidence, never a pass', () => {
  for (const check of [transportSecurity, browserHardening]) {
    const verdict = check(null, DEFAULTS);
    assert.equal(verdict.status, 'insufficient-evidence');
    assert.equal(verdict.score, 0);
    assert.deepEqual(verdict.findings[0].evidence, ['web_security']);
  }
});

test('no HTTPS is a critical finding that fails the check', () => {
  const verdict = transportSecurity(web({ https: false }), DEFAULTS);
  assert.equal(verdict.status, 'fail');
  assert.equal(verdict.findings[0].severity, 'critical');
});

test('a short HSTS max-age is judged against the min_hsts_days parameter', () => {
  const short = web({ hstsMaxAge: 30 * 86400 });
  const strict = transportSecurity(short, DEFAULTS);
  assert.equal(strict.status, 'partial');
  assert.equal(strict.score, 70);
  assert.deepEqual(strict.findings[0].evidence, ['web_security.hsts_max_age']);
  assert.equal(transportSecurity(short, { ...DEFAULTS, min_hsts_days: 30 }).status, 'pass');
});

test('unknown evidence earns nothing and below half known is insufficient', () => {
  const partly = transportSecurity(web({ hstsMaxAge: null, hstsIncludeSubdomains: null }), DEFAULTS);
  assert.equal(partly.score, 60);
  assert.deepEqual(partly.findings.map((f) => f.severity), ['low', 'low']);
  const unknown = web({ https: null, httpRedirectsToHttps: null, hstsMaxAge: null });
  assert.equal(transportSecurity(unknown, DEFAULTS).status, 'insufficient-evidence');
});

test('missing framing protection is high and blocks a pass', () => {
  const verdict = browserHardening(web({ frameProtection: false }), DEFAULTS);
  assert.equal(verdict.status, 'partial');
  assert.equal(verdict.score, 71);
  assert.equal(verdict.findings[0].severity, 'high');
});

test('the referrer policy is compared with the accepted list, ignoring case', () => {
  assert.equal(browserHardening(web({ referrerPolicy: 'No-Referrer' }), DEFAULTS).score, 100);
  const leaky = browserHardening(web({ referrerPolicy: 'unsafe-url' }), DEFAULTS);
  assert.equal(leaky.score, 86);
  assert.deepEqual(leaky.findings.map((f) => f.evidence[0]), ['web_security.referrer_policy']);
});

test('evaluate answers each criterion with the rubric params over the defaults', () => {
  const request = {
    asOf: { year: 2026, month: 11, day: 30 },
    dossier: { vendor: { id: 'acme', name: 'Acme', product: null }, webSecurity: web({ hstsMaxAge: 90 * 86400 }) },
    criteria: [
      { criterionId: 'tls', check: 'transport-security', params: [] },
      { criterionId: 'tls-90', check: 'transport-security', params: [{ name: 'min_hsts_days', value: { tag: 'integer', val: 90 } }] },
    ],
  };
  const results = evaluateRequest(request);
  assert.deepEqual(results.map((r) => [r.criterionId, r.status]), [['tls', 'partial'], ['tls-90', 'pass']]);
});

test('unknown checks and ill-typed params are errors, not results', () => {
  const request = (criterion) => ({ dossier: { webSecurity: web() }, criteria: [criterion] });
  assert.throws(() => evaluateRequest(request({ criterionId: 'x', check: 'nope', params: [] })), /no check nope/);
  const badParam = { criterionId: 'x', check: 'transport-security', params: [{ name: 'min_hsts_days', value: { tag: 'text', val: '9' } }] };
  assert.throws(() => evaluateRequest(request(badParam)), /must be integer/);
});

test('describe lists both checks with typed defaults', () => {
  const described = description();
  assert.equal(described.name, 'web-security');
  assert.deepEqual(described.checks.map((c) => [c.id, c.practice]), [['transport-security', 'encryption'], ['browser-hardening', 'trusted-provider']]);
  for (const check of described.checks) {
    for (const param of check.params) assert.equal(param.default.tag, param.type);
  }
});
