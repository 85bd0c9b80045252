#!/usr/bin/env python3
"""Writes openapi/sched.yaml as Sources/SchedServer/Resources/openapi.json, the copy the server
embeds and serves at /api/openapi.json.

    openapi/to-json.py           # rewrite the JSON file
    openapi/to-json.py --check   # exit 1 if the JSON file is not what the YAML gives

Keys are sorted and indented by 2, so that a change to the YAML shows as a small diff.
"""

import argparse
import json
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "openapi", "sched.yaml")
TARGET = os.path.join(ROOT, "Sources", "SchedServer", "Resources", "openapi.json")


class StrictLoader(yaml.SafeLoader):
    """A loader that keeps timestamps as text: YAML 1.1 would read `2026-12-24` as a date,
    which JSON cannot hold and which a schema example means as a string anyway."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def rendered():
    with open(SOURCE, encoding="utf-8") as source:
        document = yaml.load(source, Loader=StrictLoader)
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that the JSON file is up to date")
    args = parser.parse_args()
    text = rendered()
    if args.check:
        try:
            with open(TARGET, encoding="utf-8") as current:
                if current.read() == text:
                    return 0
        except FileNotFoundError:
            pass
        print(f"{os.path.relpath(TARGET, ROOT)} is not up to date with openapi/sched.yaml; "
              "run openapi/to-json.py", file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(TARGET), exist_ok=True)
    with open(TARGET, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
