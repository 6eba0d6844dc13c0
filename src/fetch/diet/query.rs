//! The search conditions: [`Query`] and its [`House`] and dates, checked before any request.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use super::FetchError;

/// A house of the Diet, the API's `nameOfHouse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum House {
    /// 衆議院, the House of Representatives.
    Shugiin,
    /// 参議院, the House of Councillors.
    Sangiin,
    /// 両院, joint meetings of both houses.
    Ryoin,
}

impl House {
    /// The name the API takes.
    pub fn as_api(self) -> &'static str {
        match self {
            House::Shugiin => "衆議院",
            House::Sangiin => "参議院",
            House::Ryoin => "両院",
        }
    }
}

impl FromStr for House {
    type Err = FetchError;
    /// 衆議院, 参議院, 両院, or their romanizations (shugiin, sangiin, ryoin).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "衆議院" | "shugiin" => Ok(House::Shugiin),
            "参議院" | "sangiin" => Ok(House::Sangiin),
            "両院" | "ryoin" => Ok(House::Ryoin),
            _ => Err(FetchError::BadHouse(s.to_string())),
        }
    }
}

impl fmt::Display for House {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_api())
    }
}

/// Parses a `YYYY-MM-DD` date (four, two and two digits; a day that exists).
pub fn parse_date(s: &str) -> Result<NaiveDate, FetchError> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shaped {
        return Err(FetchError::BadDate(s.to_string()));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| FetchError::BadDate(s.to_string()))
}

/// The search conditions (at least one is needed). Texts are sent as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Words in the speech (`any`, sent as given).
    pub any: Option<String>,
    /// The speaker's name (`speaker`).
    pub speaker: Option<String>,
    /// The meeting's name, e.g. 予算委員会 (`nameOfMeeting`).
    pub meeting: Option<String>,
    /// The house (`nameOfHouse`).
    pub house: Option<House>,
    /// The first day (`from`).
    pub from: Option<NaiveDate>,
    /// The last day (`until`).
    pub until: Option<NaiveDate>,
}

impl Query {
    /// The conditions as `name=value` pairs in the API's names, for messages.
    pub fn describe(&self) -> String {
        let p: Vec<String> = self
            .params()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        p.join(" ")
    }

    /// The conditions as the API's parameters, in a fixed order.
    pub(super) fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        let texts = [
            ("any", &self.any),
            ("speaker", &self.speaker),
            ("nameOfMeeting", &self.meeting),
        ];
        for (k, v) in texts {
            if let Some(v) = v {
                p.push((k, v.clone()));
            }
        }
        if let Some(h) = self.house {
            p.push(("nameOfHouse", h.as_api().to_string()));
        }
        if let Some(d) = self.from {
            p.push(("from", d.format("%Y-%m-%d").to_string()));
        }
        if let Some(d) = self.until {
            p.push(("until", d.format("%Y-%m-%d").to_string()));
        }
        p
    }

    pub(super) fn validate(&self) -> Result<(), FetchError> {
        let texts = [
            ("any", &self.any),
            ("speaker", &self.speaker),
            ("meeting", &self.meeting),
        ];
        for (name, v) in texts {
            if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
                return Err(FetchError::EmptyCondition(name));
            }
        }
        if self.params().is_empty() {
            return Err(FetchError::NoCondition);
        }
        if let (Some(from), Some(until)) = (self.from, self.until) {
            if from > until {
                return Err(FetchError::DateRange { from, until });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_houses_parse_strictly() {
        assert_eq!(
            parse_date("2024-02-29").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        for bad in [
            "2023-02-29",
            "2024-1-05",
            "20240105",
            "2024/01/05",
            " 2024-01-05",
            "",
        ] {
            assert!(
                matches!(parse_date(bad), Err(FetchError::BadDate(_))),
                "{bad:?}"
            );
        }
        assert_eq!("衆議院".parse::<House>().unwrap(), House::Shugiin);
        assert_eq!("Sangiin".parse::<House>().unwrap(), House::Sangiin);
        assert_eq!("両院".parse::<House>().unwrap().as_api(), "両院");
        assert!("貴族院".parse::<House>().is_err());
    }
}
