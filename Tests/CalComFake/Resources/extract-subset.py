#!/usr/bin/env python3
"""Extracts the operations the fake Cal.com server implements from Cal.com's
OpenAPI v2 document, together with every schema they reference (transitively).

Usage:
    python3 extract-subset.py /path/to/openapi-v2.json > calcom-openapi-subset.json
"""
import json
import sys

SOURCE_COMMIT = "52a5afeba506a40574f7f0efb2851ee017dae803"

OPERATIONS = [
    ("/v2/me", "get"),
    ("/v2/event-types", "get"),
    ("/v2/event-types/{eventTypeId}", "patch"),
    ("/v2/bookings", "post"),
    ("/v2/bookings", "get"),
    ("/v2/bookings/{bookingUid}", "get"),
    ("/v2/bookings/{bookingUid}/reschedule", "post"),
    ("/v2/bookings/{bookingUid}/cancel", "post"),
    ("/v2/slots", "get"),
    ("/v2/schedules/default", "get"),
    ("/v2/schedules/{scheduleId}", "patch"),
]

SCHEMA_PREFIX = "#/components/schemas/"


def references(node):
    """Yields the schema names that `node` refers to through `$ref`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(SCHEMA_PREFIX):
                yield value[len(SCHEMA_PREFIX):]
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def main():
    source_path = sys.argv[1] if len(sys.argv) > 1 else "openapi-v2.json"
    with open(source_path, encoding="utf-8") as source:
        document = json.load(source)

    paths = {}
    for path, method in OPERATIONS:
        paths.setdefault(path, {})[method] = document["paths"][path][method]

    all_schemas = document["components"]["schemas"]
    wanted = set()
    pending = list(references(paths))
    while pending:
        name = pending.pop()
        if name in wanted:
            continue
        wanted.add(name)
        pending.extend(references(all_schemas[name]))

    subset = {
        "openapi": document["openapi"],
        "info": {
            "title": document["info"]["title"],
            "x-source": "calcom/cal.com docs/api-reference/v2/openapi.json at " + SOURCE_COMMIT,
        },
        "paths": paths,
        "components": {"schemas": {name: all_schemas[name] for name in sorted(wanted)}},
    }
    json.dump(subset, sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
