"""Exports the models of `pydantic_models.py` as the real tools do, with producer instances.

Writes, under tests/corpus/:
  pydantic/<model>.validation.json     model_json_schema(mode="validation")
  pydantic/<model>.serialization.json  model_json_schema(mode="serialization")
  openai-strict/<model>.json           openai's to_strict_json_schema (the schema that
                                       type_to_response_format_param / pydantic_function_tool send)
and next to each schema <stem>.instances.json: [{"data", "valid", "source"}], where the data
are `model_dump(mode="json", by_alias=True)` of the constructed objects (None values included,
and once more with exclude_none=True), and `valid` is the Python jsonschema validator's verdict.

Run from the repository root: python scripts/oracle/pydantic_export.py
"""

import json
import pathlib
import sys

import jsonschema
import pydantic

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from pydantic_models import SAMPLES  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "corpus"


def dumps(objects):
    seen, out = set(), []
    for obj in objects:
        for exclude_none in (False, True):
            data = obj.model_dump(mode="json", by_alias=True, exclude_none=exclude_none)
            key = json.dumps(data, sort_keys=True)
            if key not in seen:
                seen.add(key)
                out.append(data)
    return out


def write(folder, stem, schema, instances, source):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.json").write_text(json.dumps(schema, indent=2) + "\n")
    validator = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)(schema)
    rows = [{"data": data, "valid": validator.is_valid(data), "source": source} for data in instances]
    (folder / f"{stem}.instances.json").write_text(json.dumps(rows, indent=1) + "\n")
    bad = [row for row in rows if not row["valid"]]
    if bad:
        print(f"{folder.name}/{stem}: {len(bad)} producer instances the schema refuses", file=sys.stderr)


def main():
    try:
        from openai.lib._pydantic import to_strict_json_schema
        import openai
        openai_version = openai.__version__
    except ImportError:
        to_strict_json_schema, openai_version = None, None
    failures = []
    for name, (model, objects) in SAMPLES.items():
        instances = dumps(objects)
        for mode in ("validation", "serialization"):
            schema = model.model_json_schema(mode=mode)
            write(ROOT / "pydantic", f"{name}.{mode}", schema, instances, "producer")
        if to_strict_json_schema is not None:
            try:
                schema = to_strict_json_schema(model)
            except Exception as error:  # the helper refuses some models (e.g. open dicts)
                failures.append(f"{name}: {type(error).__name__}: {error}")
                continue
            write(ROOT / "openai-strict", name, schema, instances, "producer")
    (ROOT / "pydantic" / "VERSIONS.json").write_text(json.dumps({
        "pydantic": pydantic.VERSION, "openai": openai_version,
        "openai_strict_refused": failures}, indent=1) + "\n")
    for failure in failures:
        print("openai strict refused", failure, file=sys.stderr)


if __name__ == "__main__":
    main()
