// The checks of the {{name}} riskcard plugin, as plain functions over the evidence, so
// that Node's test runner can unit-test them without WebAssembly; `plugin.js` exports
// them to riskcard.
//
// Values follow the WIT contract as componentize-qjs maps it: records are objects with
// camelCase fields, `option<T>` is the value or null, enums are strings, and a
// `param-value` variant is `{ tag, val }`.

export const NAME = '{{name}}';
export const VERSION = '0.1.0';

/** Where the evidence sits in the dossier; findings cite it. */
const EVIDENCE = 'trust.security_txt';

/** The checks this plugin provides; rubrics name them `{{name}}/<id>`. */
export const CHECKS = [
  {
    id: 'security-txt',
    title: 'security.txt (RFC 9116) published, current and naming a contact',
    practice: 'trusted-provider',
    // The dossier sections and extension key prefixes the check reads (e.g.
    // extensionPrefixes: ['acme.']); the plugin is given nothing else.
    reads: { sections: ['trust'], extensionPrefixes: [] },
    params: [
      {
        name: 'expiry_warning_days',
        type: 'integer',
        description: 'A security.txt expiring within this many days of the as-of date is flagged for renewal.',
        default: { tag: 'integer', val: 30 },
      },
      {
        name: 'require_signature',
        type: 'boolean',
        description: 'Require the file to be OpenPGP-signed.',
        default: { tag: 'boolean', val: false },
      },
    ],
    run: securityTxt,
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

function finding(severity, message, remediation, path = EVIDENCE) {
  return { severity, message, remediation, evidence: [path] };
}

function days(date) {
  return Date.UTC(date.year, date.month - 1, date.day) / 86400000;
}

function iso(date) {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** Evaluates the example check. Missing evidence is `insufficient-evidence`, never a pass. */
export function securityTxt(dossier, asOf, params) {
  const txt = dossier.trust?.securityTxt;
  if (!txt) {
    return {
      status: 'insufficient-evidence',
      score: 0,
      findings: [
        finding(
          'low',
          "The dossier does not record the vendor's security.txt.",
          'Fetch /.well-known/security.txt from the vendor\'s site and record it under [trust.security_txt].',
          'trust',
        ),
      ],
    };
  }
  let score = 100;
  const findings = [];
  const flag = (severity, penalty, message, remediation) => {
    score -= penalty;
    findings.push(finding(severity, message, remediation));
  };
  if (txt.contacts.length === 0) {
    flag('high', 60, 'security.txt names no contact.', 'Ask the vendor to add a Contact field for vulnerability reports.');
  }
  if (txt.expires === null || txt.expires === undefined) {
    flag('medium', 20, 'security.txt has no Expires field, which RFC 9116 requires.', 'Ask the vendor to add an Expires field.');
  } else {
    const daysLeft = days(txt.expires) - days(asOf);
    if (daysLeft < 0) {
      flag('high', 60, `security.txt expired on ${iso(txt.expires)}.`, 'Ask the vendor to renew its security.txt.');
    } else if (daysLeft <= params.expiry_warning_days) {
      flag('low', 10, `security.txt expires on ${iso(txt.expires)}, ${daysLeft} days after the as-of date.`, 'Check again after the vendor renews it.');
    }
  }
  if (params.require_signature && !txt.signed) {
    flag('medium', 20, 'security.txt is not OpenPGP-signed.', 'Ask the vendor to sign the file so that its contacts can be trusted.');
  }
  if (txt.malformedLines > 0) {
    flag('low', 10, `security.txt has ${txt.malformedLines} lines that do not parse.`, "Ask the vendor to fix the file's syntax.");
  }
  const serious = findings.some((f) => f.severity === 'high' || f.severity === 'critical');
  let status = 'partial';
  if (serious) {
    status = 'fail';
  } else if (findings.length === 0) {
    findings.push(finding('info', `security.txt is current and names ${txt.contacts.length} contact(s).`, ''));
    status = 'pass';
  }
  return { status, score: Math.max(0, Math.min(100, score)), findings };
}

/** A criterion's parameters: the rubric's values over the check's defaults. */
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
    const verdict = check.run(request.dossier, request.asOf, paramValues(check, criterion.params));
    return { criterionId: criterion.criterionId, ...verdict };
  });
}
