//! The plan review: each extracted item points at the source line it came
//! from, so the officer can check it against the text.

const SEED: &[u8] = include_bytes!("fixtures/seeds/003_6fafd23e193aabee.txt");

#[test]
fn every_task_of_the_preview_points_at_its_own_line() {
    let p = kehoach::jobs::preview_plan(None, SEED).unwrap();
    assert_eq!(p.doc_number, "38/KH-UBND");
    let tasks: Vec<_> = p.items.iter().filter(|i| i.kind == "task").collect();
    assert_eq!(tasks.len(), 126);
    let fold = |s: &str| kehoach::vn::fold(s);
    let mut checked = 0;
    for t in &tasks {
        let line = t
            .line
            .unwrap_or_else(|| panic!("{} has no source line", t.code));
        // The line (with the next, for titles broken over two) holds the
        // title's first words.
        let here = fold(&format!(
            "{} {}",
            p.source_lines[line],
            p.source_lines.get(line + 1).map_or("", |s| s)
        ));
        let first: String = fold(&t.title)
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        if here.contains(&first) {
            checked += 1;
        }
    }
    assert!(
        checked * 10 >= tasks.len() * 9,
        "{checked} of {} tasks found on their line",
        tasks.len()
    );
    let ind = p.items.iter().find(|i| i.kind == "indicator").unwrap();
    let spanned = p.source_lines[ind.line.unwrap()..=ind.last_line.unwrap()].join(" ");
    assert!(fold(&spanned).contains("mau giao"), "{spanned}");
    assert!(p.new_units.iter().any(|u| u == "Sở Y tế"));
}
