"""The checks of the {{name}} riskcard plugin, as plain functions over the evidence, so
that Python's unittest can test them without WebAssembly; `app.py` exports them to
riskcard.

Values follow the WIT contract as componentize-py maps it: records are dataclasses
with snake_case fields (`security-txt` -> `security_txt`), `option<T>` is the value
or None, and dates are records of year, month and day. A verdict here is plain data:
a status name as the contract spells it, a score, and findings as
(severity, message, remediation, evidence paths).
"""

import datetime

NAME = "{{name}}"
VERSION = "0.1.0"

# Where the evidence sits in the dossier; findings cite it.
EVIDENCE = "trust.security_txt"


def finding(severity, message, remediation, path=EVIDENCE):
    return (severity, message, remediation, [path])


def days(date):
    return datetime.date(date.year, date.month, date.day).toordinal()


def iso(date):
    return f"{date.year:04}-{date.month:02}-{date.day:02}"


def security_txt(dossier, as_of, params):
    """Evaluates the example check. Missing evidence is insufficient-evidence, never a pass."""
    txt = dossier.trust.security_txt if dossier.trust is not None else None
    if txt is None:
        return {
            "status": "insufficient-evidence",
            "score": 0,
            "findings": [
                finding(
                    "low",
                    "The dossier does not record the vendor's security.txt.",
                    "Fetch /.well-known/security.txt from the vendor's site and record it under [trust.security_txt].",
                    "trust",
                )
            ],
        }
    score = 100
    findings = []

    def flag(severity, penalty, message, remediation):
        nonlocal score
        score -= penalty
        findings.append(finding(severity, message, remediation))

    if not txt.contacts:
        flag("high", 60, "security.txt names no contact.", "Ask the vendor to add a Contact field for vulnerability reports.")
    if txt.expires is None:
        flag("medium", 20, "security.txt has no Expires field, which RFC 9116 requires.", "Ask the vendor to add an Expires field.")
    else:
        days_left = days(txt.expires) - days(as_of)
        if days_left < 0:
            flag("high", 60, f"security.txt expired on {iso(txt.expires)}.", "Ask the vendor to renew its security.txt.")
        elif days_left <= params["expiry_warning_days"]:
            flag(
                "low",
                10,
                f"security.txt expires on {iso(txt.expires)}, {days_left} days after the as-of date.",
                "Check again after the vendor renews it.",
            )
    if params["require_signature"] and not txt.signed:
        flag("medium", 20, "security.txt is not OpenPGP-signed.", "Ask the vendor to sign the file so that its contacts can be trusted.")
    if txt.malformed_lines > 0:
        flag("low", 10, f"security.txt has {txt.malformed_lines} lines that do not parse.", "Ask the vendor to fix the file's syntax.")
    if any(severity in ("high", "critical") for severity, *_ in findings):
        status = "fail"
    elif not findings:
        findings.append(finding("info", f"security.txt is current and names {len(txt.contacts)} contact(s).", ""))
        status = "pass"
    else:
        status = "partial"
    return {"status": status, "score": max(0, min(100, score)), "findings": findings}


# The checks this plugin provides; rubrics name them `{{name}}/<id>`. Each parameter is
# (name, type, description, default).
CHECKS = [
    {
        "id": "security-txt",
        "title": "security.txt (RFC 9116) published, current and naming a contact",
        "practice": "trusted-provider",
        # The dossier sections and extension key prefixes the check reads (e.g.
        # "extension_prefixes": ["acme."]); the plugin is given nothing else.
        "reads": ["trust"],
        "extension_prefixes": [],
        "params": [
            (
                "expiry_warning_days",
                "integer",
                "A security.txt expiring within this many days of the as-of date is flagged for renewal.",
                30,
            ),
            ("require_signature", "boolean", "Require the file to be OpenPGP-signed.", False),
        ],
        "run": security_txt,
    },
]


def param_values(check, given):
    """A criterion's parameters, {name: value}: the rubric's values over the defaults.
    `given` is a list of (name, type, value)."""
    values = {name: default for name, _, _, default in check["params"]}
    types = {name: kind for name, kind, _, _ in check["params"]}
    for name, kind, value in given:
        if name not in types:
            raise ValueError(f"check {check['id']} has no parameter {name}")
        if kind != types[name] and not (types[name] == "float" and kind == "integer"):
            raise ValueError(f"parameter {name} must be {types[name]}, not {kind}")
        values[name] = value
    return values


def evaluate_criterion(check_id, dossier, as_of, given):
    """The verdict of check `check_id` with parameters `given`, as (name, type, value)."""
    check = next((c for c in CHECKS if c["id"] == check_id), None)
    if check is None:
        raise ValueError(f"this plugin has no check {check_id}")
    return check["run"](dossier, as_of, param_values(check, given))
