"""JSON from outside (a bank, a browser, an API client), read with bounds: a body that is
too large, nested deeper than any we take, or carries NaN or Infinity is a ValueError the
caller answers with a 4xx, never a RecursionError that becomes a 500."""

import json


def json_bounded_loads(body: bytes, *, max_bytes: int, max_depth: int):
    if len(body) > max_bytes:
        raise ValueError("too large")
    try:
        data = json.loads(body, parse_constant=_no_constant)
    except RecursionError as error:
        raise ValueError("nested too deep") from error
    if _depth(data) > max_depth:
        raise ValueError("nested too deep")
    return data


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number")


def _depth(value) -> int:
    """Levels of objects and arrays: 0 for a plain value, 1 for {"a": 1}."""
    depth, level = 0, [value]
    while level:
        containers = [item for item in level if isinstance(item, dict | list)]
        if not containers:
            return depth
        depth += 1
        level = [child for item in containers
                 for child in (item.values() if isinstance(item, dict) else item)]
    return depth
