//! One hostile decode in a loop, for a profiler: `perf record` on this binary.
//! `cargo run --release -p workflow-bench --example profile_repair -- <input index> <rounds>`

fn main() {
    let mut args = std::env::args().skip(1);
    let which: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let size = 8 << 20;
    let schema = r#"{"type":"object","required":["completion"],"properties":{"completion":{"type":"string"},"entities":{"type":"array","items":{"type":"object","required":["name","kind"],"properties":{"name":{"type":"string"},"kind":{"enum":["make","model"]}}}}}}"#;
    let mut result = br#"{"completion":"ok","entities":"#.to_vec();
    match which {
        0 => {
            result.push(b'"');
            result.extend(std::iter::repeat_n(b'[', size));
            result.push(b'"');
        }
        _ => {
            result.push(b'[');
            let item = br#"{"name":"Bugatti","kind":"MAKE"}"#;
            while result.len() < size {
                result.extend_from_slice(item);
                result.push(b',');
            }
            result.pop();
            result.push(b']');
        }
    }
    result.push(b'}');
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Out {
        completion: String,
        entities: Vec<Entity>,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Entity {
        name: String,
        kind: Kind,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Make,
        Model,
    }
    let mut ok = 0;
    for _ in 0..rounds {
        ok += usize::from(
            workflow_runtime::repair::decode::<Out>(
                &result,
                schema,
                workflow_runtime::ResultMode::Repair,
            )
            .is_ok(),
        );
    }
    println!("{ok}");
}
