fn main() {
    let bytes = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let t = kehoach::plan_import::pdf::text_of(&bytes).unwrap();
    let ocr = kehoach::ocr::read_pdf_pages(&bytes, &t.without_text(), &mut |_, _| {}).unwrap();
    let mut ws = ocr[0].words.clone();
    ws.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut last = -100.0;
    let mut line = String::new();
    let (mut x0, mut x1) = (0.0f64, 0.0f64);
    for w in ws {
        if (w.y - last).abs() > 10.0 {
            println!(
                "{x0:.0}-{x1:.0} {:.0} {}",
                last,
                line.chars().take(60).collect::<String>()
            );
            line.clear();
            x0 = w.x0;
            x1 = w.x1;
            last = w.y;
        }
        line.push_str(&w.text);
        line.push(' ');
        x0 = x0.min(w.x0);
        x1 = x1.max(w.x1);
    }
}
