"""Draws random valid instances for every corpus schema with hypothesis-jsonschema.

For each `<stem>.json` in the given corpus folders (under tests/corpus/), the rows of
`<stem>.instances.json` ({"data", "valid", "source"}) with source "hypothesis" or
"mutation" are replaced, and the others (a producer's objects, a catalogue's own test
instances) kept:
  - "hypothesis": up to N instances drawn with a fixed seed (derandomized), each at most
    MAX_CHARS of JSON, each checked valid by the Python `jsonschema` validator for the
    schema's draft, formats asserted (so an instance is valid however strict the reader);
  - "mutation": up to M instances made invalid from the valid ones (a member of the wrong
    type, a required member removed, an undeclared member where none is allowed, a value
    out of its enum), each checked invalid by the same validator.
A schema hypothesis-jsonschema cannot handle (recursion it refuses, a keyword it lacks,
no instance within the time limit) keeps its other rows; the reason goes to
`<folder>/INSTANCES.json`.

Needs (in a scratch venv outside the repository): pip install hypothesis-jsonschema jsonschema
Run from the repository root:
  python scripts/oracle/instances.py [--n 20] [--timeout 20] schemastore pydantic ...
"""

import argparse
import copy
import json
import multiprocessing
import pathlib
import random
import sys
import warnings

ROOT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "corpus"
GENERATED = {"hypothesis", "mutation"}


def validator_for(schema):
    import jsonschema

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def draw(schema, n, max_chars, seed):
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis_jsonschema import from_schema

    validator = validator_for(schema)
    found, seen = [], set()

    @hypothesis_seed(seed)
    @settings(max_examples=n * 4, database=None, deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate])
    @given(from_schema(schema))
    def collect(value):
        text = json.dumps(value, sort_keys=True)
        if len(text) <= max_chars and text not in seen and validator.is_valid(value):
            seen.add(text)
            found.append(value)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        collect()
    # Smallest first is what hypothesis shrinks towards; keep a spread instead.
    rng = random.Random(seed)
    rng.shuffle(found)
    return found[:n]


def wrong_type(value):
    if isinstance(value, bool):
        return "not a boolean"
    if isinstance(value, (int, float)):
        return "not a number"
    if isinstance(value, str):
        return 12345
    if isinstance(value, list):
        return {"not": "an array"}
    if isinstance(value, dict):
        return ["not", "an", "object"]
    return 0


def mutations(schema, valid, m, seed):
    validator = validator_for(schema)
    rng = random.Random(seed)
    out, seen = [], set()
    candidates = []
    for value in valid:
        candidates.append(wrong_type(value))
        if isinstance(value, dict):
            for key in value:
                changed = copy.deepcopy(value)
                changed[key] = wrong_type(value[key])
                candidates.append(changed)
                removed = copy.deepcopy(value)
                del removed[key]
                candidates.append(removed)
            extra = copy.deepcopy(value)
            extra["undeclared member"] = 1
            candidates.append(extra)
            for key, member in value.items():
                if isinstance(member, dict):
                    for inner in member:
                        changed = copy.deepcopy(value)
                        changed[key][inner] = wrong_type(member[inner])
                        candidates.append(changed)
                if isinstance(member, list) and member:
                    changed = copy.deepcopy(value)
                    changed[key][0] = wrong_type(member[0])
                    candidates.append(changed)
    rng.shuffle(candidates)
    for candidate in candidates:
        text = json.dumps(candidate, sort_keys=True)
        if text in seen or validator.is_valid(candidate):
            continue
        seen.add(text)
        out.append(candidate)
        if len(out) == m:
            break
    return out


def work(job):
    path, n, m, max_chars, seed = job
    schema = json.loads(pathlib.Path(path).read_text())
    try:
        valid = draw(schema, n, max_chars, seed)
        return path, valid, mutations(schema, valid, m, seed), None
    except Exception as error:  # hypothesis-jsonschema refuses the schema
        return path, [], [], f"{type(error).__name__}: {str(error)[:200]}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--m", type=int, default=5)
    parser.add_argument("--max-chars", type=int, default=2000)
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--only", help="a substring of the stems to redo")
    args = parser.parse_args()
    for folder in args.folders:
        base = ROOT / folder
        stems = sorted(p for p in base.glob("*.json")
                       if not p.name.endswith(".instances.json") and p.name.isascii()
                       and p.name[0].islower() and p.stem.upper() != p.stem)
        if args.only:
            stems = [p for p in stems if args.only in p.stem]
        report_path = base / "INSTANCES.json"
        report = json.loads(report_path.read_text()) if report_path.exists() else {}
        for path in stems:
            # One process per schema, so a schema that hangs hypothesis is cut off cleanly.
            with multiprocessing.get_context("fork").Pool(1) as pool:
                pending = pool.apply_async(work, ((str(path), args.n, args.m, args.max_chars, args.seed),))
                try:
                    _, valid, invalid, problem = pending.get(args.timeout)
                except multiprocessing.TimeoutError:
                    valid, invalid, problem = [], [], f"no instances within {args.timeout} s"
                    pool.terminate()
            rows_path = base / f"{path.stem}.instances.json"
            rows = json.loads(rows_path.read_text()) if rows_path.exists() else []
            rows = [row for row in rows if row.get("source") not in GENERATED]
            rows += [{"data": v, "valid": True, "source": "hypothesis"} for v in valid]
            rows += [{"data": v, "valid": False, "source": "mutation"} for v in invalid]
            rows_path.write_text(json.dumps(rows, indent=None, separators=(",", ":"))
                                 .replace('},{"data"', '},\n{"data"') + "\n")
            report[path.stem] = {"hypothesis": len(valid), "mutation": len(invalid), "problem": problem}
            print(f"{folder}/{path.stem}: {len(valid)} valid, {len(invalid)} invalid"
                  + (f" ({problem})" if problem else ""), flush=True)
        report_path.write_text(json.dumps(dict(sorted(report.items())), indent=1) + "\n")


if __name__ == "__main__":
    main()
