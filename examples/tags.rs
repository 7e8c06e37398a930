fn main() {
    let lex = jianbao::extract::Lexicon::new(&Default::default());
    for s in std::env::args().skip(1) {
        let t = jianbao::extract::tag_text(&s, &lex);
        println!(
            "{}",
            t.iter()
                .map(|t| format!("{}/{}", t.word, t.tag))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
}
