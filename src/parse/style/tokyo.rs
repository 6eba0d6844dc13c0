//! The Tokyo Metropolitan Assembly's committee 速記録: `防災対策特別委員会速記録第十一号`.
//!
//! Takes the title line (NFKC); gives the committee and the record number as session. The date
//! is on the next line and the assembly is named in the text (`都議会`), read by the shared
//! header reader.

use once_cell::sync::Lazy;
use regex::Regex;

use super::Title;
use crate::parse::date;

static TITLE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(.+?)速記録\s*第\s*([0-9〇一二三四五六七八九十百千]+)\s*号$").unwrap()
});

/// Reads a 速記録 title, or `None` when the line is not one.
pub fn title(line: &str) -> Option<Title> {
    let c = TITLE.captures(line.trim())?;
    let committee: String = c[1].chars().filter(|c| !c.is_whitespace()).collect();
    Some(Title {
        committee,
        parent: String::new(),
        session: date::number(&c[2]),
        date: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::nfkc;

    #[test]
    fn titles() {
        let t = title(&nfkc(
            "オリンピック・パラリンピック招致特別委員会速記録第三号",
        ))
        .unwrap();
        assert_eq!(
            (t.committee.as_str(), t.session),
            ("オリンピック・パラリンピック招致特別委員会", Some(3))
        );
        let t = title(&nfkc("公営企業委員会・財政委員会連合審査会速記録第一号")).unwrap();
        assert_eq!(t.committee, "公営企業委員会・財政委員会連合審査会");
        assert!(title("令和二年第一回臨時会会議録第七号").is_none());
    }
}
