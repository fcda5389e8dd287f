"""The validation-rule expression language: arithmetic over element codes ("RESOLVED <= RAISED"
sides such as "A + B", "A * 100 / B"). Pure functions with no database access, so the models
(which check a rule's expression when it is saved) and the services (which evaluate it) both
use it without importing each other."""

import re
from decimal import Decimal

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/()]))")


def expression_codes(expr: str) -> set[str]:
    return {m.group(2) for m in _TOKEN.finditer(expr or "") if m.group(2)}


def evaluate(expr: str, values: dict[str, Decimal]) -> Decimal | None:
    """Evaluate ``expr`` (element codes, numbers, + - * / and parentheses). None when an
    element it names has no value yet (the rule cannot be judged). ValueError on bad syntax."""
    tokens = []
    pos = 0
    expr = expr or ""
    while pos < len(expr):
        match = _TOKEN.match(expr, pos)
        if not match or match.end() == pos:
            if expr[pos:].strip() == "":
                break
            raise ValueError(f"bad expression: {expr!r}")
        pos = match.end()
        number, name, op = match.groups()
        if number is not None:
            tokens.append(Decimal(number))
        elif name is not None:
            if values.get(name) is None:
                return None
            tokens.append(Decimal(values[name]))
        else:
            tokens.append(op)
    result, rest = _parse_sum(tokens)
    if rest:
        raise ValueError(f"bad expression: {expr!r}")
    return result


def _parse_sum(tokens):
    left, tokens = _parse_product(tokens)
    while tokens and tokens[0] in ("+", "-"):
        op, (right, tokens) = tokens[0], _parse_product(tokens[1:])
        left = left + right if op == "+" else left - right
    return left, tokens


def _parse_product(tokens):
    left, tokens = _parse_atom(tokens)
    while tokens and tokens[0] in ("*", "/"):
        op, (right, tokens) = tokens[0], _parse_atom(tokens[1:])
        left = left * right if op == "*" else (left / right if right else Decimal(0))
    return left, tokens


def _parse_atom(tokens):
    if not tokens:
        raise ValueError("unexpected end of expression")
    head = tokens[0]
    if head == "(":
        value, rest = _parse_sum(tokens[1:])
        if not rest or rest[0] != ")":
            raise ValueError("missing )")
        return value, rest[1:]
    if head == "-":
        value, rest = _parse_atom(tokens[1:])
        return -value, rest
    if isinstance(head, Decimal):
        return head, tokens[1:]
    raise ValueError(f"unexpected {head!r}")


OPERATORS = {  # the comparisons a rule may use
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}
