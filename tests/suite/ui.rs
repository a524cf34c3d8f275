/// Every failure of `workflow!` is a spanned compile error naming the file, the place and
/// what to do; one condition per file under tests/suite/ui.
#[test]
fn macro_failures_are_clear_compile_errors() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
