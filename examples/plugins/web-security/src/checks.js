// The web-security checks as plain functions over the evidence, so that Node's test
// runner can unit-test them without WebAssembly. `plugin.js` exports them to riskcard.
//
// Values follow the WIT contract as componentize-qjs maps it: records are objects with
// camelCase fields, `option<T>` is the value or null, enums are strings, and a
// `param-value` variant is `{ tag, val }`.

export const NAME = 'web-security';
export const VERSION = '0.1.0';

const SAFE_REFERRER_POLICIES = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];

/** The checks this plugin provides, as `describe` reports them. */
export const CHECKS = [
  {
    id: 'transport-security',
    title: 'Login page served only over HTTPS, with HSTS',
    practice: 'encryption',
    // The dossier sections and extension key prefixes the check reads; the plugin is
    // given nothing else.
    reads: { sections: ['web-security'], extensionPrefixes: [] },
    params: [
      {
        name: 'min_hsts_days',
        type: 'integer',
        description: 'Shortest HSTS max-age, in days, that earns full marks.',
        default: { tag: 'integer', val: 180 },
      },
    ],
    run: transportSecurity,
  },
  {
    id: 'browser-hardening',
    title: 'Login page hardened against injection, sniffing, framing and referrer leaks',
    practice: 'trusted-provider',
    reads: { sections: ['web-security'], extensionPrefixes: [] },
    params: [
      {
        name: 'require_csp',
        type: 'boolean',
        description: 'Treat a missing Content-Security-Policy as a medium finding rather than a low one.',
        default: { tag: 'boolean', val: true },
      },
      {
        name: 'referrer_policies',
        type: 'text-list',
        description: 'Referrer-Policy values accepted as safe.',
        default: { tag: 'text-list', val: SAFE_REFERRER_POLICIES },
      },
    ],
    run: browserHardening,
  },
];

/** The `describe` export's value. */
export function description() {
  return {
    name: NAME,
    version: VERSION,
    checks: CHECKS.map(({ id, title, practice, params, reads }) => ({ id, title, practice, params, reads })),
  };
}

/**
 * Weighted requirements for one check, like the Rust SDK's `Tally`: met evidence earns
 * its weight, unmet evidence raises a finding, missing evidence earns nothing and is
 * reported, and too little evidence is `insufficient-evidence`, never a pass. A high
 * finding blocks a pass; a critical one fails the check whatever the score.
 */
class Tally {
  constructor() {
    this.earned = 0;
    this.known = 0;
    this.possible = 0;
    this.findings = [];
  }

  require(weight, evidence, path, what, severity, remediation) {
    this.possible += weight;
    if (evidence === null || evidence === undefined) {
      this.findings.push(finding('low', `No evidence: ${what}.`, 'Record the page\'s response headers in the dossier.', path));
    } else {
      this.known += weight;
      if (evidence) {
        this.earned += weight;
      } else {
        this.findings.push(finding(severity, `Not met: ${what}.`, remediation, path));
      }
    }
    return this;
  }

  finish() {
    if (this.possible === 0 || this.known / this.possible < 0.5) {
      return { status: 'insufficient-evidence', score: 0, findings: this.findings };
    }
    const score = Math.round((this.earned / this.possible) * 100);
    const critical = this.findings.some((f) => f.severity === 'critical');
    const serious = critical || this.findings.some((f) => f.severity === 'high');
    const status = critical ? 'fail' : score >= 80 && !serious ? 'pass' : score >= 50 ? 'partial' : 'fail';
    return { status, score, findings: this.findings };
  }
}

function finding(severity, message, remediation, path) {
  return { severity, message, remediation, evidence: [path] };
}

function noEvidence() {
  return {
    status: 'insufficient-evidence',
    score: 0,
    findings: [
      finding(
        'medium',
        'The dossier has no web_security section.',
        'Record the login page\'s HTTPS set-up and security headers under [web_security].',
        'web_security',
      ),
    ],
  };
}

/** HTTPS, the redirect from HTTP, and HSTS long enough and covering subdomains. */
export function transportSecurity(web, params) {
  if (!web) return noEvidence();
  const minSeconds = params.min_hsts_days * 86400;
  const hsts = web.hstsMaxAge === null || web.hstsMaxAge === undefined ? null : web.hstsMaxAge >= minSeconds;
  const tally = new Tally()
    .require(4, web.https, 'web_security.https', 'the page is served over HTTPS', 'critical', 'Do not use the service until its login page is served over HTTPS.')
    .require(2, web.httpRedirectsToHttps, 'web_security.http_redirects_to_https', 'plain HTTP redirects to HTTPS', 'medium', 'Ask the vendor to redirect all plain-HTTP requests to HTTPS.')
    .require(3, hsts, 'web_security.hsts_max_age', `HSTS max-age of at least ${params.min_hsts_days} days`, 'medium', 'Ask the vendor to send Strict-Transport-Security with a long max-age.')
    .require(1, web.hstsIncludeSubdomains, 'web_security.hsts_include_subdomains', 'HSTS covers subdomains', 'low', 'Ask the vendor to add includeSubDomains to its HSTS header.');
  return tally.finish();
}

/** Content-Security-Policy, nosniff, framing protection and a safe Referrer-Policy. */
export function browserHardening(web, params) {
  if (!web) return noEvidence();
  const referrer =
    web.referrerPolicy === null || web.referrerPolicy === undefined
      ? null
      : params.referrer_policies.includes(web.referrerPolicy.trim().toLowerCase());
  const tally = new Tally()
    .require(3, web.contentSecurityPolicy, 'web_security.content_security_policy', 'a Content-Security-Policy is sent', params.require_csp ? 'medium' : 'low', 'Ask the vendor to deploy a Content-Security-Policy on the login page.')
    .require(2, web.frameProtection, 'web_security.frame_protection', 'framing is restricted (clickjacking protection)', 'high', 'Ask the vendor to send frame-ancestors or X-Frame-Options.')
    .require(1, web.xContentTypeOptions, 'web_security.x_content_type_options', 'X-Content-Type-Options is nosniff', 'low', 'Ask the vendor to send X-Content-Type-Options: nosniff.')
    .require(1, referrer, 'web_security.referrer_policy', 'the Referrer-Policy does not leak full URLs', 'low', 'Ask the vendor to use a strict Referrer-Policy.');
  return tally.finish();
}

/** A parameter's value: the rubric's if given, otherwise the check's default. */
function paramValues(check, given) {
  const values = {};
  for (const spec of check.params) values[spec.name] = spec.default.val;
  for (const param of given) {
    const spec = check.params.find((p) => p.name === param.name);
    if (!spec) throw `check ${check.id} has no parameter ${param.name}`;
    if (param.value.tag !== spec.type && !(spec.type === 'float' && param.value.tag === 'integer')) {
      throw `parameter ${param.name} must be ${spec.type}, not ${param.value.tag}`;
    }
    values[param.name] = param.value.val;
  }
  return values;
}

/** The `evaluate` export's value: one result per criterion, in the order asked. */
export function evaluateRequest(request) {
  return request.criteria.map((criterion) => {
    const check = CHECKS.find((c) => c.id === criterion.check);
    if (!check) throw `this plugin has no check ${criterion.check}`;
    const verdict = check.run(request.dossier.webSecurity, paramValues(check, criterion.params));
    return { criterionId: criterion.criterionId, ...verdict };
  });
}
