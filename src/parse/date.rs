//! Dates, times and numbers as Japanese minutes write them: era dates (令和元年11月1日,
//! 平成31年4月30日, R5.5.18), Western dates (2023年5月18日, 2023/5/18), kanji numerals (第十六回),
//! full-width digits and spaces inside (令和 ５ 年). Input is NFKC-normalized text.

use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;

/// Years to add to an era year to get the Western year.
fn era_offset(era: &str) -> Option<i32> {
    Some(match era {
        "令和" | "R" => 2018,
        "平成" | "H" => 1988,
        "昭和" | "S" => 1925,
        "大正" | "T" => 1911,
        "明治" | "M" => 1867,
        _ => return None,
    })
}

/// Value of a number written in Arabic digits or kanji numerals (一, 十六, 二十三, 百五, 〇五); 元 = 1.
pub fn number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s == "元" {
        return Some(1);
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '〇' | '零' | '○' => 0,
            '一' | '壱' => 1,
            '二' | '弐' => 2,
            '三' | '参' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let chars: Vec<char> = s.chars().collect();
    // Positional form: 二〇二三
    if chars.iter().all(|&c| digit(c).is_some()) {
        return chars
            .iter()
            .try_fold(0u32, |acc, &c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    let mut total = 0u32;
    let mut section = 0u32; // below 万
    let mut current: Option<u32> = None;
    for c in chars {
        if let Some(d) = digit(c) {
            current = Some(current.unwrap_or(0).checked_mul(10)?.checked_add(d)?);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                let v = section.checked_add(current.take().unwrap_or(0))?;
                total = total.checked_add(v.checked_mul(10_000)?)?;
                section = 0;
                continue;
            }
            _ => return None,
        };
        section = section.checked_add(current.take().unwrap_or(1).checked_mul(unit)?)?;
    }
    total.checked_add(section.checked_add(current.unwrap_or(0))?)
}

const NUM: &str = r"[0-9]+|[〇一二三四五六七八九十百千]+|元";

static ERA_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(令和|平成|昭和|大正|明治)({NUM})年({NUM})月({NUM})日"
    ))
    .unwrap()
});
static ERA_SHORT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:^|[^A-Za-z])([RHST])([0-9]{1,2})[./]([0-9]{1,2})[./]([0-9]{1,2})(?:$|[^0-9])")
        .unwrap()
});
static WEST_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:^|[^0-9〇一二三四五六七八九十百千万])([0-9]{4}|[〇一二三四五六七八九]{4})年([0-9]{1,2}|[〇一二三四五六七八九十]+)月([0-9]{1,2}|[〇一二三四五六七八九十]+)日").unwrap()
});
static ISO_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:^|[^0-9])([12][0-9]{3})[/.\-]([0-9]{1,2})[/.\-]([0-9]{1,2})(?:$|[^0-9])")
        .unwrap()
});

/// A date, if it exists and is plausible for minutes (1868, the first era year kaigi reads,
/// to 2200).
fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1868..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Finds the first date in `s` (NFKC-normalized; whitespace is ignored) and gives it as ISO
/// `YYYY-MM-DD`. Impossible dates (2月30日) are not dates.
pub fn find_date(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut best: Option<(usize, NaiveDate)> = None;
    let mut consider = |pos: usize, d: Option<NaiveDate>| {
        if let Some(d) = d {
            if best.is_none_or(|(p, _)| pos < p) {
                best = Some((pos, d));
            }
        }
    };
    for c in ERA_DATE.captures_iter(&compact) {
        let d = (|| {
            let y = era_offset(&c[1])?.checked_add(i32::try_from(number(&c[2])?).ok()?)?;
            ymd(y, number(&c[3])?, number(&c[4])?)
        })();
        consider(c.get(0)?.start(), d);
    }
    for c in ERA_SHORT.captures_iter(&compact) {
        let d = (|| {
            let y = era_offset(&c[1])?.checked_add(c[2].parse::<i32>().ok()?)?;
            ymd(y, c[3].parse().ok()?, c[4].parse().ok()?)
        })();
        consider(c.get(1)?.start(), d);
    }
    for c in WEST_DATE.captures_iter(&compact) {
        let d = (|| {
            ymd(
                i32::try_from(number(&c[1])?).ok()?,
                number(&c[2])?,
                number(&c[3])?,
            )
        })();
        consider(c.get(1)?.start(), d);
    }
    for c in ISO_DATE.captures_iter(&compact) {
        let d = (|| ymd(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?))();
        consider(c.get(1)?.start(), d);
    }
    best.map(|(_, d)| d.format("%Y-%m-%d").to_string())
}

static TIME_RANGE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"([0-9]{1,2})(?::|時)([0-9]{2})?分?(?:頃)?[~〜～\-－ー―‐から]+([0-9]{1,2})(?::|時)([0-9]{2})?分?").unwrap()
});

/// Start and end time (`HH:MM`) of a range such as `14:00～15:30` or `15時30分～16時45分`.
pub fn find_time_range(s: &str) -> Option<(String, String)> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let c = TIME_RANGE.captures(&compact)?;
    let hm = |h: &str, m: Option<regex::Match>| -> Option<String> {
        let h: u32 = h.parse().ok()?;
        let m: u32 = m.map_or(Some(0), |m| m.as_str().parse().ok())?;
        (h <= 30 && m < 60).then(|| format!("{h:02}:{m:02}"))
    };
    Some((hm(&c[1], c.get(2))?, hm(&c[3], c.get(4))?))
}

static SESSION: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"第({NUM})(回|号)(国会)?")).unwrap());

/// The meeting's number from a title: 第16回 → 16, 第十六回 → 16, (第5回) → 5. In Diet records
/// (第211回国会 … 第5号) the number of the sitting (号) is taken, not the Diet session.
pub fn find_session(s: &str) -> Option<u32> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut kai = None;
    let mut go = None;
    for c in SESSION.captures_iter(&compact) {
        if c.get(3).is_some() {
            continue; // 第211回国会
        }
        let n = number(&c[1]);
        match &c[2] {
            "号" if go.is_none() => go = n,
            "回" if kai.is_none() => kai = n,
            _ => {}
        }
    }
    if compact.contains("国会") {
        go.or(kai)
    } else {
        kai.or(go)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn nfkc(s: &str) -> String {
        s.nfkc().collect()
    }

    #[test]
    fn era_dates() {
        for (s, want) in [
            (&nfkc("令和元年 11 月 1 日（金）")[..], "2019-11-01"),
            (&nfkc("令和５年５月１８日（木）"), "2023-05-18"),
            ("令和3年4月2日(金)", "2021-04-02"),
            ("平成31年4月30日", "2019-04-30"),
            ("平成元年1月8日", "1989-01-08"),
            ("昭和64年1月7日", "1989-01-07"),
            ("令和六年二月九日", "2024-02-09"),
            ("R5.5.18 開催", "2023-05-18"),
        ] {
            assert_eq!(find_date(s).as_deref(), Some(want), "{s}");
        }
    }

    #[test]
    fn western_dates_and_first_wins() {
        for (s, want) in [
            ("2023年5月18日（木）", "2023-05-18"),
            (&nfkc("２０２３年１２月１日"), "2023-12-01"),
            ("開催日 2024/02/09", "2024-02-09"),
            ("令和元年11月1日、次回は令和元年12月2日", "2019-11-01"),
        ] {
            assert_eq!(find_date(s).as_deref(), Some(want), "{s}");
        }
    }

    #[test]
    fn impossible_dates_rejected() {
        assert_eq!(find_date("令和5年2月30日"), None);
        assert_eq!(find_date("平成29年10月"), None);
        assert_eq!(find_date("資料 16-1"), None);
    }

    #[test]
    fn numbers() {
        assert_eq!(number("16"), Some(16));
        assert_eq!(number("十六"), Some(16));
        assert_eq!(number("二十三"), Some(23));
        assert_eq!(number("百五"), Some(105));
        assert_eq!(number("二〇二三"), Some(2023));
        assert_eq!(number("元"), Some(1));
        assert_eq!(number("x"), None);
    }

    #[test]
    fn sessions() {
        for (s, want) in [
            (
                &nfkc("サイバーセキュリティタスクフォース（第 16 回）議事要旨")[..],
                Some(16),
            ),
            (&nfkc("第６回 産業サイバーセキュリティ研究会"), Some(6)),
            ("第十回会合", Some(10)),
            ("分科会（第5回）", Some(5)),
            ("第211回国会 衆議院 総務委員会 第5号", Some(5)),
            ("ICT政策分科会 議事要旨", None),
        ] {
            assert_eq!(find_session(s), want, "{s}");
        }
    }

    #[test]
    fn times() {
        for (s, from, to) in [
            (
                &nfkc("令和元年 11 月 1 日（金）14:00～15:30")[..],
                "14:00",
                "15:30",
            ),
            (
                &nfkc("令和5年5月18日（木）10：00～12：00"),
                "10:00",
                "12:00",
            ),
            ("令和3年4月2日(金) 15時30分～16時45分", "15:30", "16:45"),
            ("10時から12時", "10:00", "12:00"),
        ] {
            assert_eq!(find_time_range(s), Some((from.into(), to.into())), "{s}");
        }
    }
}
