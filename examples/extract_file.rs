//! Prints what the extractor finds in one content file: `cargo run --example extract_file -- PATH`.
fn main() {
    let lex = jianbao::extract::Lexicon::new(&Default::default());
    for path in std::env::args().skip(1) {
        let p = std::path::Path::new(&path);
        let source = jianbao::load::load(p.parent().unwrap(), p, None).expect("load");
        let doc = jianbao::clean::clean(&source, &Default::default());
        let a = jianbao::extract::extract(&doc, &lex, &Default::default());
        println!("{}", serde_yaml::to_string(&a.front).unwrap());
    }
}
