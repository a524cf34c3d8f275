#!/usr/bin/env bash
# The published crates as crates.io would serve them: packages every crate in dependency order
# (`cargo package`, which also builds each package from its own .crate contents), then builds
# and tests a small user crate against the unpacked .crate files instead of the workspace (a
# [patch.crates-io] to the unpacked folders).
# A file left out of a package (a source file, an included README, a schema the docs read)
# fails here, not after publishing. .ci/run runs it without flags.
#
#   scripts/check-packages.sh            # package, verify, build and test the user crate
#   scripts/check-packages.sh --docs     # also rustdoc of the packaged crates, warnings denied
#   scripts/check-packages.sh --dry-run  # also `cargo publish --dry-run` of all four (needs
#                                        # the crates.io index)
#
# Uses the workspace's target folder (CARGO_TARGET_DIR if set) for everything, so the user
# crate reuses what verifying the packages built; the user crate itself lives in a temporary
# folder, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

dry_run=0
docs=0
for argument in "$@"; do
    case "$argument" in
        --dry-run) dry_run=1 ;;
        --docs) docs=1 ;;
        -h | --help)
            sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "unknown argument: $argument (try --help)" >&2
            exit 2
            ;;
    esac
done

# Dependency order: each crate only depends on crates before it.
crates=(workflow-codegen workflow-macros workflow-runtime workflow-cli)
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
version="$(cargo metadata --format-version 1 --no-deps | python3 -c '
import json, sys
packages = {p["name"]: p["version"] for p in json.load(sys.stdin)["packages"]}
print(packages["workflow-runtime"])')"

# cargo unpacks each package of its temporary local registry into
# $CARGO_HOME/registry/src/-<hash of the registry's path>/ once, and reuses that copy when the
# same version is packaged again from the same path: a second run after a change would verify
# the old sources. Remove those copies of these crates (never anything from crates.io).
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
for crate in "${crates[@]}"; do
    for unpacked in "$cargo_home"/registry/src/-*/"$crate-$version"; do
        if [ -d "$unpacked" ]; then
            rm -rf "$unpacked"
        fi
    done
done

echo "== cargo package (each crate built from its .crate contents)"
package_args=()
for crate in "${crates[@]}"; do
    package_args+=(-p "$crate")
done
# Packaged together, cargo verifies each against the packages before it (a local registry),
# so the internal `=x.y.z` dependencies resolve before anything is on crates.io.
cargo package --locked --allow-dirty "${package_args[@]}"

for crate in "${crates[@]}"; do
    file="$target_dir/package/$crate-$version.crate"
    [ -f "$file" ] || { echo "missing $file" >&2; exit 1; }
    listing="$(tar tzf "$file")"
    echo "$crate-$version.crate: $(echo "$listing" | wc -l) files, $(du -k "$file" | cut -f1) KiB"
    for required in Cargo.toml README.md LICENSE-MIT LICENSE-APACHE; do
        echo "$listing" | grep -x "$crate-$version/$required" > /dev/null \
            || { echo "$crate-$version.crate lacks $required" >&2; exit 1; }
    done
done

if [ "$dry_run" = 1 ]; then
    echo "== cargo publish --dry-run (all four, in dependency order; nothing is uploaded)"
    cargo publish --dry-run --locked --allow-dirty "${package_args[@]}"
fi

echo "== a user crate against the unpacked .crate files"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for crate in "${crates[@]}"; do
    tar xzf "$target_dir/package/$crate-$version.crate" -C "$scratch"
done
app="$scratch/app"
mkdir -p "$app/src" "$app/tests" "$app/schemas"
cp schemas/*.json "$app/schemas/"
# The workspace's versions for the shared dependencies, so nothing new is resolved.
cp Cargo.lock "$app/Cargo.lock"
requirement="$(echo "$version" | sed -E 's/^0\.([0-9]+)\..*/0.\1/; t; s/^([0-9]+)\..*/\1/')"
cat > "$app/Cargo.toml" <<EOF
[package]
name = "packaged-user"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

# As a user will write it once the crates are published.
[dependencies]
workflow-runtime = "$requirement"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
# Direct dependencies too, only so that \`cargo doc -p\` documents them here.
workflow-codegen = "$requirement"
workflow-macros = "$requirement"

[dev-dependencies]
workflow-runtime = { version = "$requirement", features = ["testing", "blocking"] }

[build-dependencies]
workflow-codegen = "$requirement"

# ... served from the .crate files instead of crates.io.
[patch.crates-io]
workflow-codegen = { path = "../workflow-codegen-$version" }
workflow-macros = { path = "../workflow-macros-$version" }
workflow-runtime = { path = "../workflow-runtime-$version" }
EOF
cat > "$app/build.rs" <<'EOF'
fn main() -> Result<(), workflow_codegen::build::BuildError> {
    workflow_codegen::build::generate_dir("schemas", "workflows.rs")?;
    Ok(())
}
EOF
cat > "$app/src/lib.rs" <<'EOF'
//! Both front doors, from the packaged crates.

/// Every workflow file of `schemas/`, through build.rs.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/workflows.rs"));
}

workflow_runtime::workflow!("schemas/car.json");
EOF
cat > "$app/tests/emulator.rs" <<'EOF'
use packaged_user::{car, generated};
use workflow_runtime::testing::MockStudio;

#[tokio::test]
async fn the_packaged_macro_and_runtime_run_the_car_workflow() {
    let studio = MockStudio::start().await;
    studio.on::<car::Car>().examples();
    let input = car::Input { prompt: "what is the fastest car in the world?".into() };
    let output = car::run(&studio.client(), &input).await.expect("the emulator answers");
    assert!(output.completion.contains("Bugatti"), "{}", output.completion);
    assert_eq!(studio.requests().len(), 1);
}

#[test]
fn the_packaged_build_rs_generator_writes_every_workflow() {
    assert_eq!(generated::car::DEPLOYMENT_ID, car::DEPLOYMENT_ID);
    assert_eq!(<generated::triage_ticket::TriageTicket as workflow_runtime::Workflow>::NAME, "triage-ticket");
}
EOF
cat > "$app/tests/tls.rs" <<'EOF'
// A process of its own: nothing has installed a rustls crypto provider before this test.
#[test]
fn a_reqwest_client_built_from_the_re_export_gets_the_default_tls_provider() {
    let http = workflow_runtime::reqwest::Client::builder()
        .redirect(workflow_runtime::redirect_policy())
        .build()
        .expect("feature rustls-ring gives reqwest a crypto provider");
    let client = workflow_runtime::Client::builder()
        .api_key("sk-test")
        .http_client(http)
        .build()
        .expect("a client on that reqwest client");
    assert!(!format!("{client:?}").contains("sk-test"));
}
EOF

cd "$app"
# The target folder `cargo package` verified in: the same profile and versions, so only what
# differs (the user crate's features) is compiled again.
export CARGO_TARGET_DIR="$target_dir"
cargo test --offline
if [ "$docs" = 1 ]; then
    echo "== docs of the packaged crates (warnings denied)"
    RUSTDOCFLAGS="-D warnings" cargo doc --offline --no-deps -p workflow-runtime -p workflow-macros -p workflow-codegen
fi
echo "packaged crates: ok"
