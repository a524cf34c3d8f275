//! Macro cost: the codegen behind `workflow!` (`workflow_codegen::generate_str`: load, validate,
//! plan, emit) on a generated 300-property, 5-level workflow file, against typify's own
//! pipeline on the same schemas (`TypeSpace::add_root_schema` + `to_stream`, what
//! `typify::import_types!` runs), and each stage alone so the table shows where the time goes.
//! In process (no compiler around it: the proc-macro bridge costs both the same), interleaved
//! rounds, medians.
//!
//! `cargo bench -p workflow-bench --bench macro_cost [-- --quick]`

use std::path::Path;
use std::time::Instant;

use proc_macro2::TokenStream;
use workflow_bench::fixtures::{Shape, typify_root_schema, workflow_file};
use workflow_bench::report::{self, Target};
use workflow_bench::stats::{Rounds, nanos, rotation, show_nanos};
use workflow_codegen::__private::stages::{Plan, WorkflowFile};
use workflow_codegen::{Options, Source};

const SEED: u64 = 300;

const NAMES: [&str; 7] = [
    "workflow_codegen::generate_str (all stages)",
    "typify: add_root_schema + to_stream",
    "  stage load (parse JSON, keep positions)",
    "  stage validate",
    "  stage plan",
    "  stage emit (typify + fix-ups + own items)",
    "  pretty (build.rs / CLI only)",
];
const GENERATE: usize = 0;
const TYPIFY: usize = 1;
const LOAD: usize = 2;
const VALIDATE: usize = 3;
const PLAN: usize = 4;
const EMIT: usize = 5;

struct Inputs {
    path: &'static Path,
    text: String,
    typify_text: String,
    options: Options,
    source: Source,
    file: WorkflowFile,
    plan: Plan,
    tokens: TokenStream,
}

impl Inputs {
    fn new() -> Inputs {
        let path = Path::new("big-workflow.json");
        let text = workflow_file("big-workflow", Shape::LARGE, SEED);
        let options = Options::default();
        let source = Source::parse(path, text.clone()).expect("the generated file is JSON");
        let file =
            workflow_codegen::__private::stages::validate(source.value.clone(), "big-workflow")
                .expect("the generated file is valid");
        let plan =
            workflow_codegen::__private::stages::plan(&file).expect("the generated file plans");
        let tokens = workflow_codegen::__private::stages::emit(&plan, &options).expect("it emits");
        Inputs {
            path,
            text,
            typify_text: typify_root_schema(Shape::LARGE, SEED),
            options,
            source,
            file,
            plan,
            tokens,
        }
    }

    /// Runs contender `index` once; returns the size of what it made, so nothing is optimized
    /// away.
    fn run(&self, index: usize) -> usize {
        match index {
            GENERATE => workflow_codegen::generate_str(self.path, &self.text, &self.options)
                .expect("it generates")
                .into_iter()
                .count(),
            TYPIFY => typify(&self.typify_text).into_iter().count(),
            LOAD => Source::parse(self.path, self.text.clone())
                .expect("it loads")
                .text
                .len(),
            VALIDATE => {
                workflow_codegen::__private::stages::validate(
                    self.source.value.clone(),
                    "big-workflow",
                )
                .expect("it validates");
                1
            }
            PLAN => workflow_codegen::__private::stages::plan(&self.file)
                .expect("it plans")
                .defs
                .len(),
            EMIT => workflow_codegen::__private::stages::emit(&self.plan, &self.options)
                .expect("it emits")
                .into_iter()
                .count(),
            _ => workflow_codegen::pretty(&self.tokens)
                .expect("it pretty-prints")
                .len(),
        }
    }
}

/// What `typify::import_types!(schema = "...")` does with the file's text, minus the compiler.
fn typify(text: &str) -> TokenStream {
    let schema: schemars::schema::RootSchema =
        serde_json::from_str(text).expect("the root schema is a JSON Schema");
    let mut space = typify_impl::TypeSpace::new(&typify_impl::TypeSpaceSettings::default());
    space
        .add_root_schema(schema)
        .expect("typify accepts the schema");
    space.to_stream()
}

fn main() {
    let inputs = Inputs::new();
    if let Some(contender) = report::argument("--calls") {
        // For instruction counts under callgrind: `--calls <contender> --count <n>`;
        // scripts/bench.sh runs two counts and divides the difference.
        let contender: usize = contender.parse().expect("--calls takes a contender index");
        let count: usize = report::argument("--count")
            .map_or(3, |count| count.parse().expect("--count takes a number"));
        for _ in 0..count {
            inputs.run(contender);
        }
        return;
    }
    let rounds = if report::quick() { 7 } else { 25 };
    let mut time = Rounds::new(&NAMES);
    const WARM_UP: usize = 2;
    for round in 0..WARM_UP + rounds {
        for index in rotation(round, NAMES.len()) {
            let started = Instant::now();
            std::hint::black_box(inputs.run(index));
            if round >= WARM_UP {
                time.push(index, nanos(started.elapsed()));
            }
        }
    }
    println!(
        "## macro cost: {} properties, 5 levels ({} bytes of workflow file, {} planned types, \
         {} bytes of pretty-printed output), {rounds} interleaved rounds (medians)\n",
        Shape::LARGE.properties(),
        inputs.text.len(),
        inputs.plan.defs.len(),
        inputs.run(6),
    );
    let rows: Vec<Vec<String>> = (0..NAMES.len())
        .map(|index| {
            vec![
                NAMES[index].to_owned(),
                show_nanos(time.median(index)),
                format!("{:.3}", time.ratio(index, TYPIFY)),
                format!("{:.0}%", 100.0 * time.ratio(index, GENERATE)),
            ]
        })
        .collect();
    report::table(
        &["step", "time", "vs typify", "share of generate_str"],
        &rows,
    );
    report::ratio(
        "macro cost",
        "time generate_str / typify pipeline (300 props, 5 levels)",
        time.ratio(GENERATE, TYPIFY),
        Target::AtMost(1.2),
    );
    report::ratio(
        "macro cost",
        "time emit stage / typify pipeline",
        time.ratio(EMIT, TYPIFY),
        Target::None,
    );
    report::ratio(
        "macro cost",
        "time load+validate+plan / generate_str",
        (time.median(LOAD) + time.median(VALIDATE) + time.median(PLAN)) / time.median(GENERATE),
        Target::None,
    );
}
