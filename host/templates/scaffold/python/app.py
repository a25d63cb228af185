"""The {{name}} riskcard plugin: componentize-py builds this module into a component
for the riskcard:plugin world, with bindings generated from `wit/`:

    componentize-py -d wit -w riskcard:plugin/plugin componentize app -o {{name}}.wasm

Raising `Err(message)` from `evaluate` returns it as the `err` of its result; any
other exception traps, and riskcard shows the exception and the line that raised it
beside the error.
"""

import wit_world
from componentize_py_types import Err
from wit_world.imports import checks as wit
from wit_world.imports import host

import checks

PARAM_TYPES = {
    "boolean": (wit.ParamType.BOOLEAN, wit.ParamValue_Boolean),
    "integer": (wit.ParamType.INTEGER, wit.ParamValue_Integer),
    "float": (wit.ParamType.FLOAT, wit.ParamValue_Float),
    "text": (wit.ParamType.TEXT, wit.ParamValue_Text),
    "text-list": (wit.ParamType.TEXT_LIST, wit.ParamValue_TextList),
}


def enum(kind, name):
    """The member of WIT enum `kind` that the contract spells `name` (`trusted-provider`)."""
    return kind[name.upper().replace("-", "_")]


def kind_of(value):
    """The contract's name of the type of a `param-value`."""
    return next(name for name, (_, case) in PARAM_TYPES.items() if isinstance(value, case))


class WitWorld(wit_world.WitWorld):
    def describe(self) -> wit.Description:
        return wit.Description(
            name=checks.NAME,
            version=checks.VERSION,
            checks=[
                wit.CheckSpec(
                    id=check["id"],
                    title=check["title"],
                    practice=enum(wit.Practice, check["practice"]),
                    reads=wit.EvidenceReads(
                        sections=[enum(wit.Section, section) for section in check["reads"]],
                        extension_prefixes=check["extension_prefixes"],
                    ),
                    params=[
                        wit.ParamSpec(
                            name=name,
                            type=PARAM_TYPES[kind][0],
                            description=description,
                            default=PARAM_TYPES[kind][1](default),
                        )
                        for name, kind, description, default in check["params"]
                    ],
                )
                for check in checks.CHECKS
            ],
        )

    def evaluate(self, request: wit.EvaluationRequest) -> list[wit.CheckResult]:
        # Log lines appear in the scorecard's `plugin_output` and in `riskcard plugin test`.
        host.log(host.LogLevel.DEBUG, f"{request.dossier.vendor.id}: {len(request.criteria)} criteria")
        results = []
        for criterion in request.criteria:
            given = [(p.name, kind_of(p.value), p.value.value) for p in criterion.params]
            try:
                verdict = checks.evaluate_criterion(criterion.check, request.dossier, request.as_of, given)
            except ValueError as error:
                raise Err(str(error))
            results.append(
                wit.CheckResult(
                    criterion_id=criterion.criterion_id,
                    status=enum(wit.Status, verdict["status"]),
                    score=verdict["score"],
                    findings=[
                        wit.Finding(severity=enum(wit.Severity, severity), message=message, remediation=remediation, evidence=evidence)
                        for severity, message, remediation, evidence in verdict["findings"]
                    ],
                )
            )
        return results
