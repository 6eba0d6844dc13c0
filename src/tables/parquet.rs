//! The types a table's Parquet file has, for the analysis stacks that read it (polars, pandas,
//! arrow in R, DuckDB).
//!
//! Takes a table's frame as the tables build it and gives the frame its Parquet file holds:
//! counts and other integers as `Int64` (pandas and R have no unsigned 64-bit integers), and
//! dates (`date`, `…_date`) as `Date` instead of text. The CSV files keep the contract's text
//! form; only the Parquet copy is typed.

use polars::prelude::*;

/// Whether a column holds ISO dates as text.
fn is_date_column(name: &str) -> bool {
    name == "date" || name.ends_with("_date")
}

/// Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`); `None` for an empty or other value.
fn epoch_days(s: &str) -> Option<i32> {
    // `YYYY-MM-DD` as kaigi writes it is read directly; anything else goes through chrono.
    let d = match iso_ymd(s.as_bytes()) {
        Some((y, m, d)) => chrono::NaiveDate::from_ymd_opt(y as i32, m, d)?,
        None => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?,
    };
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

/// Year, month and day of `YYYY-MM-DD` as kaigi writes it (not yet checked as a date).
fn iso_ymd(b: &[u8]) -> Option<(u32, u32, u32)> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    Some((digits(0..4)?, digits(5..7)?, digits(8..10)?))
}

fn typed(c: &Column) -> PolarsResult<Column> {
    match c.dtype() {
        DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32 => c.cast(&DataType::Int64),
        DataType::String if is_date_column(c.name()) => {
            // Rows of one meeting share its date: each run of one value is parsed once.
            let mut last: Option<(&str, Option<i32>)> = None;
            let days: Int32Chunked = c
                .str()?
                .iter()
                .map(|v| {
                    let v = v?;
                    match last {
                        Some((s, d)) if s == v => d,
                        _ => {
                            let d = epoch_days(v);
                            last = Some((v, d));
                            d
                        }
                    }
                })
                .collect();
            days.with_name(c.name().clone())
                .into_column()
                .cast(&DataType::Date)
        }
        _ => Ok(c.clone()),
    }
}

/// `df` with the Parquet types: integers as `Int64`, date columns as `Date` (empty → null).
pub fn parquet_frame(df: &DataFrame) -> PolarsResult<DataFrame> {
    let cols = df
        .columns()
        .iter()
        .map(typed)
        .collect::<PolarsResult<Vec<Column>>>()?;
    DataFrame::new_infer_height(cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_int64_and_dates_are_dates() {
        let df = df!(
            "meeting_id" => ["a", "b"],
            "date" => ["2019-11-01", ""],
            "first_date" => ["1970-01-02", "x"],
            "hits" => [3u64, 0],
            "seq" => [1u32, 2],
            "session" => [Some(16u32), None],
            "rate" => [1.5f64, 0.0],
        )
        .unwrap();
        let p = parquet_frame(&df).unwrap();
        let dt = |n: &str| p.column(n).unwrap().dtype().clone();
        assert_eq!(dt("hits"), DataType::Int64);
        assert_eq!(dt("seq"), DataType::Int64);
        assert_eq!(dt("session"), DataType::Int64);
        assert_eq!(dt("rate"), DataType::Float64);
        assert_eq!(dt("meeting_id"), DataType::String);
        assert_eq!(dt("date"), DataType::Date);
        let days = p.column("date").unwrap().cast(&DataType::Int32).unwrap();
        let days: Vec<Option<i32>> = days.i32().unwrap().iter().collect();
        assert_eq!(days, [Some(18201), None]);
        let first = p
            .column("first_date")
            .unwrap()
            .cast(&DataType::Int32)
            .unwrap();
        let first: Vec<Option<i32>> = first.i32().unwrap().iter().collect();
        assert_eq!(first, [Some(1), None]);
        assert_eq!(p.column("session").unwrap().null_count(), 1);
    }

    #[test]
    fn iso_dates_read_directly_agree_with_chrono() {
        let chrono_days = |s: &str| {
            let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
            i32::try_from((d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days()).ok()
        };
        for s in [
            "1947-05-03",
            "2024-02-29",
            "2023-02-29",
            "2019-04-30",
            "2019-05-01",
            "1970-01-01",
            "1969-12-31",
            "2024-13-01",
            "2024-00-10",
            "2024-1-05",
            "2024-01-5",
            "20240105",
            "2024-01-0a",
            "-024-01-05",
            "２０２４-01-05",
            "",
            "2024-12-31x",
        ] {
            assert_eq!(epoch_days(s), chrono_days(s), "{s}");
        }
    }
}
