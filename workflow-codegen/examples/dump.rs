fn main() {
    let path = std::env::args().nth(1).expect("path");
    let path = std::path::Path::new(&path);
    match workflow_codegen::generate_file(path, path, &Default::default()) {
        Ok(tokens) => match workflow_codegen::pretty(&tokens) {
            Ok(text) => println!("{text}"),
            Err(_) => println!("{tokens}"),
        },
        Err(diagnostics) => eprintln!("{diagnostics}"),
    }
}
