"""Unit tests of the check logic, run natively: `python3 -m unittest`."""

import unittest
from types import SimpleNamespace as Record

from checks import evaluate_criterion, security_txt

AS_OF = Record(year=2026, month=11, day=30)
DEFAULTS = {"expiry_warning_days": 30, "require_signature": False}


def date(year, month, day):
    return Record(year=year, month=month, day=day)


def dossier(expires, **overrides):
    fields = dict(contacts=["mailto:security@vendor.example"], expires=expires, policy=None, encryption=None,
                  canonical=[], signed=False, malformed_lines=0)
    fields.update(overrides)
    return Record(vendor=Record(id="v"), trust=Record(security_txt=Record(**fields)))


class SecurityTxt(unittest.TestCase):
    def test_a_current_file_with_a_contact_passes(self):
        verdict = security_txt(dossier(date(2027, 6, 30)), AS_OF, DEFAULTS)
        self.assertEqual((verdict["status"], verdict["score"]), ("pass", 100))
        self.assertEqual(verdict["findings"][0][3], ["trust.security_txt"])

    def test_no_security_txt_is_insufficient_evidence_never_a_pass(self):
        verdict = security_txt(Record(vendor=Record(id="v"), trust=None), AS_OF, DEFAULTS)
        self.assertEqual((verdict["status"], verdict["score"]), ("insufficient-evidence", 0))

    def test_a_file_expired_the_day_before_fails(self):
        verdict = security_txt(dossier(date(2026, 11, 29)), AS_OF, DEFAULTS)
        self.assertEqual(verdict["status"], "fail")
        self.assertIn("expired on 2026-11-29", verdict["findings"][0][1])

    def test_the_expiry_warning_window_is_a_parameter(self):
        soon = dossier(date(2026, 12, 30))
        self.assertEqual(security_txt(soon, AS_OF, DEFAULTS)["status"], "partial")
        self.assertEqual(security_txt(soon, AS_OF, {**DEFAULTS, "expiry_warning_days": 29})["status"], "pass")

    def test_evaluate_applies_the_rubric_parameters_over_the_defaults(self):
        current = dossier(date(2027, 6, 30))
        self.assertEqual(evaluate_criterion("security-txt", current, AS_OF, [])["score"], 100)
        signed = evaluate_criterion("security-txt", current, AS_OF, [("require_signature", "boolean", True)])
        self.assertEqual((signed["status"], signed["score"]), ("partial", 80))
        with self.assertRaises(ValueError):
            evaluate_criterion("security-txt", current, AS_OF, [("colour", "text", "red")])


if __name__ == "__main__":
    unittest.main()
