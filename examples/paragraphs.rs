//! Prints a content file's paragraphs with their anchors: `cargo run --example paragraphs -- PATH`.
fn main() {
    for path in std::env::args().skip(1) {
        let p = std::path::Path::new(&path);
        let source = jianbao::load::load(p.parent().unwrap(), p, None).expect("load");
        let doc = jianbao::clean::clean(&source, &Default::default());
        for (id, b) in doc.paragraphs() {
            println!("{id}: {}", b.text);
        }
    }
}
