//! Parse: turns the decoded text of one minutes file into a [`Meeting`] with its remarks.
//!
//! Takes the text (any line ends already unified to `\n`) and the source's relative path; gives
//! the meeting header (title, committee and parent body, ministry, session, date, times, place,
//! attendees, materials), the house style it was read as, and the remarks, each attributed to a
//! speaker where the minutes say who spoke, under the agenda section it stands in.
//!
//! The file's style is detected first ([`style::detect`]); assembly proceedings (the Diet,
//! local assemblies, the Tokyo Metropolitan Assembly) are read by [`proceedings`], ministry
//! minutes by [`style::ministry`]. Both share the label grammar ([`label`], [`roles`]), dates
//! ([`date`]) and line kinds ([`lines`]). Finally each speaker's name is completed from the
//! meeting's own attendee list ([`roster`]): `谷委員長` becomes 谷公一 when the list says
//! `委員長　谷　　公一君`. [`explain()`] tells what each line was taken for.

pub mod api;
pub mod date;
pub mod explain;
pub mod label;
pub mod lines;
pub mod proceedings;
pub mod roles;
pub mod roster;
mod speakers;
pub mod style;

use crate::model::{Meeting, Style};
use explain::Trace;

/// Why a text could not be read as minutes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("no remarks found: no speaker labels (e.g. `後藤座長)`, `【後藤座長】`, `○後藤座長`, `○議長（高瀬博文）`) and no opinion bullets")]
    NoRemarks,
    #[error("only the record's header (speech 0: names and attendance) of this Diet API meeting is saved: no remarks")]
    HeaderOnly,
}

/// A parsed meeting and what the parser noticed but could work around.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub meeting: Meeting,
    pub warnings: Vec<String>,
}

pub use crate::text::nfkc;

use crate::model::meeting_id_for;

/// Parses one input as ingest gave it: its text, then, for a Diet API meeting, the remarks
/// completed from the speech records ([`api::complete`]). What the reader noticed comes first
/// among the warnings.
pub fn parse_source(src: &crate::ingest::Source) -> Result<Parsed, ParseError> {
    let said = src.speeches.iter().any(|s| s.order > 0);
    if !src.speeches.is_empty() && !said {
        return Err(ParseError::HeaderOnly);
    }
    let mut p = match parse(&src.text, &src.rel) {
        Ok(p) => p,
        Err(_) if said => Parsed {
            meeting: Meeting {
                meeting_id: meeting_id_for(&src.rel),
                source: src.rel.clone(),
                style: Style::Diet,
                session: src
                    .speeches
                    .first()
                    .and_then(|s| date::find_session(&nfkc(&s.issue))),
                ..Meeting::default()
            },
            warnings: Vec::new(),
        },
        Err(e) => return Err(e),
    };
    if !src.speeches.is_empty() {
        let w = api::complete(&mut p.meeting, &src.speeches);
        let m = &p.meeting;
        p.warnings.retain(|w| {
            !(w.starts_with("no meeting date") && m.date.is_some()
                || w.starts_with("no committee name") && !m.committee.is_empty())
        });
        p.warnings.extend(w);
    }
    if !src.notes.is_empty() {
        p.warnings.splice(0..0, src.notes.iter().cloned());
    }
    Ok(p)
}

/// Parses the text of one minutes file. `rel` is the path relative to the corpus folder.
pub fn parse(text: &str, rel: &str) -> Result<Parsed, ParseError> {
    read(text, rel).0
}

/// Parses like [`parse`] and also gives what each line was taken for (see [`explain::render`]).
pub fn explain(text: &str, rel: &str) -> (Result<Parsed, ParseError>, Trace) {
    read(text, rel)
}

fn read(text: &str, rel: &str) -> (Result<Parsed, ParseError>, Trace) {
    let norm = nfkc(text);
    let lines = lines::split(text, &norm);
    let mut trace = Trace::new(lines.len());
    let (family, why) = style::detect(&lines);
    trace.why = why;
    let (mut meeting, roster, labels) = if family.is_assembly() {
        let r = proceedings::read(&lines, family, &mut trace);
        let house = if family == Style::Diet {
            r.info.parent.clone()
        } else {
            String::new()
        };
        let meeting = Meeting {
            title: r.title.join(" "),
            committee: r.info.committee,
            ministry: if house.is_empty() {
                r.info.parent.clone()
            } else {
                house
            },
            parent: r.info.parent,
            session: r.info.session,
            date: r.info.date,
            style: family,
            attendees: r.attendees,
            remarks: r.remarks,
            ..Meeting::default()
        };
        (meeting, r.roster, r.labels)
    } else {
        let r = style::ministry::read(&lines, &mut trace);
        let meeting = Meeting {
            title: r.title.join(" "),
            committee: r.committee,
            parent: r.parent,
            ministry: r.ministry,
            session: r.session,
            date: r.date,
            style: r.style,
            start_time: r.times.as_ref().map(|t| t.0.clone()),
            end_time: r.times.map(|t| t.1),
            place: r.place,
            attendees: r.attendees,
            materials: r.materials,
            remarks: r.remarks,
            ..Meeting::default()
        };
        (meeting, r.roster, r.labels)
    };
    trace.style = meeting.style;
    if meeting.remarks.is_empty() {
        return (Err(ParseError::NoRemarks), trace);
    }
    speakers::complete(&mut meeting, &roster, &labels);
    meeting.meeting_id = meeting_id_for(rel);
    meeting.source = rel.to_string();
    let mut warnings = Vec::new();
    if meeting.date.is_none() {
        warnings.push("no meeting date found in the header".to_string());
    }
    if meeting.committee.is_empty() {
        warnings.push("no committee name found in the title".to_string());
    }
    (Ok(Parsed { meeting, warnings }), trace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    fn speakers(p: &Parsed) -> Vec<(&str, Role)> {
        let r = &p.meeting.remarks;
        r.iter().map(|r| (r.speaker.as_str(), r.role)).collect()
    }

    /// A cover page as a PDF's text layer gives it: the number, the body and `議 事 録` on lines
    /// of their own, then fields numbered without a point and with letter-spaced names, an
    /// agenda with bullets, an attendee list whose first line looks like a label, and remarks
    /// from the first ○ speaker on.
    #[test]
    fn a_cover_title_and_spaced_fields_end_at_the_first_speaker() {
        let text = "\
第25回

消費者教育推進会議

議    事     録

１       日   時   令和元年７月26日（金）14：00～15：56
２       場   所   中央合同庁舎第４号館
３       議    題
      ⑴  各分科会の取りまとめについて
            ・若年者の消費者教育分科会
４    出席者（敬称略・50音順）
    委員：青木 秀子、東 珠実
○東会長    それでは、開催いたします。
○宮腰大臣    御挨拶申し上げます。
";
        let p = parse(text, "x.txt").unwrap();
        let m = &p.meeting;
        assert_eq!(m.committee, "消費者教育推進会議");
        assert_eq!(
            (m.session, m.date.as_deref()),
            (Some(25), Some("2019-07-26"))
        );
        assert_eq!(m.place.as_deref(), Some("中央合同庁舎第4号館"));
        let labels: Vec<&str> = m.remarks.iter().map(|r| r.speaker_label.as_str()).collect();
        assert_eq!(labels, vec!["東会長", "宮腰大臣"]);
        assert_eq!(
            m.remarks[0].speaker, "東珠実",
            "completed from the attendee list"
        );
    }

    #[test]
    fn a_page_of_one_remark_starts_with_it() {
        let p = parse("○塩田　委員長　　改めましておはようございます。\n", "x.txt").unwrap();
        assert_eq!(speakers(&p), vec![("塩田", Role::Chair)]);
    }

    /// Labels on lines of their own, a front-matter heading among them (`◯委員会説明員`, a
    /// list of a body's people), and a speech whose first sentence wraps over four lines.
    #[test]
    fn a_list_heading_is_no_speaker_and_a_long_first_sentence_still_follows_its_label() {
        let text = "\
第３回　産業交通水道委員会記録
◯令和６年５月17日（金）
◯委員会説明員
総務部長　中野晋
○委員長（平山たかお）
　ただいまから委員会を開会いたします。
◆委員（下村あきら）
　まず最初に伺いたいのは市の交通政策の今後の在り方についてでございまして特に市バスと
地下鉄の一体的な経営改善の取組がこれまでどのように進められてきたのかという点について
当局の認識を具体的な数字を挙げながら順を追って詳しく説明していただきたいというのが
私の一つ目の質問でございますのでよろしくお願いいたします。
◎総務部長（中野晋）
　お答えいたします。
";
        let p = parse(text, "x.txt").unwrap();
        let labels: Vec<&str> = p
            .meeting
            .remarks
            .iter()
            .map(|r| r.speaker_label.as_str())
            .collect();
        assert_eq!(
            labels,
            vec!["委員長(平山たかお)", "委員(下村あきら)", "総務部長(中野晋)"]
        );
    }

    const LABELLED: &str = "\
総務省 サイバー政策懇談会（第十回）議事録

1. 日時：令和７年１月２０日（月）１０：００～１１：３０
2. 場所：オンライン
3. 出席者：
【構成員】
後藤座長、山田構成員、
田中構成員
【総務省】
鈴木参事官
4. 配布資料
資料10-1 論点整理
資料10-2 今後の進め方
5. 議事概要
(1) 論点整理について
【後藤座長】
では始めます。IoT の議論を
続けます。

- 3 -

【山田構成員】
サプライチェーンの話です。
○田中構成員　一行で書かれた発言です。
田中構成員：コロン形式の発言です。
（鈴木参事官）括弧形式の回答です。
以上
お問合せ先：総務省
";

    #[test]
    fn labelled_house_styles() {
        let p = parse(LABELLED, "x/y.txt").unwrap();
        let m = &p.meeting;
        assert_eq!(m.meeting_id, "x/y");
        assert_eq!(m.committee, "サイバー政策懇談会");
        assert_eq!(m.ministry, "総務省");
        assert_eq!(m.session, Some(10));
        assert_eq!(m.date.as_deref(), Some("2025-01-20"));
        assert_eq!(m.start_time.as_deref(), Some("10:00"));
        assert_eq!(m.end_time.as_deref(), Some("11:30"));
        assert_eq!(m.place.as_deref(), Some("オンライン"));
        assert_eq!(m.materials.len(), 2);
        assert_eq!(m.attendees.len(), 4);
        assert_eq!(m.attendees[2].name, "田中構成員");
        assert_eq!(m.attendees[3].group, "総務省");
        assert_eq!(
            speakers(&p),
            vec![
                ("後藤", Role::Chair),
                ("山田", Role::Member),
                ("田中", Role::Member),
                ("田中", Role::Member),
                ("鈴木", Role::Official),
            ]
        );
        assert_eq!(m.remarks[0].text, "では始めます。IoT の議論を続けます。");
        assert_eq!(m.remarks[0].section, "(1) 論点整理について");
        assert_eq!(m.remarks[2].text, "一行で書かれた発言です。");
        assert_eq!(m.remarks[4].text, "括弧形式の回答です。");
        assert!(m.remarks.iter().all(|r| !r.text.contains("問合せ")));
    }

    const BULLETS: &str = "\
第3回 産業セキュリティ研究会 議事要旨

日時：平成31年4月26日(金) 10時00分～12時00分
場所：経済産業省本館

出席者
委員：山田委員(座長)、佐藤委員
経済産業省：世耕経済産業大臣

議事内容
冒頭、世耕経済産業大臣から以下のとおり挨拶。
・ 本日はお集まりいただきありがとうございます。
・ サプライチェーン対策を進めたい。
主な意見
中小企業の対策
・ 中小企業の対策は遅れており、
支援が必要。
・ 人材が足りない。
○ 丸印の意見もある。
以上
";

    #[test]
    fn bulleted_minutes() {
        let p = parse(BULLETS, "b.txt").unwrap();
        let m = &p.meeting;
        assert_eq!(m.committee, "産業セキュリティ研究会");
        assert_eq!(m.session, Some(3));
        assert_eq!(m.date.as_deref(), Some("2019-04-26"));
        assert_eq!(m.ministry, "経済産業省");
        let s = speakers(&p);
        assert_eq!(s.len(), 5, "{:#?}", m.remarks);
        assert_eq!(s[0], ("世耕", Role::Minister));
        assert_eq!(s[1].0, "世耕");
        assert_eq!(s[2], ("", Role::Member));
        assert_eq!(
            m.remarks[2].text,
            "中小企業の対策は遅れており、支援が必要。"
        );
        assert_eq!(m.remarks[2].section, "中小企業の対策");
        assert_eq!(m.remarks[4].text, "丸印の意見もある。");
    }

    const DIET: &str = "\
第211回国会 衆議院 総務委員会 第5号
令和五年三月十日（金曜日）
    午前九時開議
 出席委員
   委員長 浮島 智子君
   理事 山田 太郎君
○浮島委員長　これより会議を開きます。
　内閣提出、放送法の一部を改正する法律案を議題といたします。
○高市国務大臣　ただいま議題となりました法律案について説明します。
○政府参考人（竹内芳明君）　お答えいたします。
○山田委員　通信の秘密について伺います。
    ―――――――――――――
";

    #[test]
    fn diet_record_style() {
        let p = parse(DIET, "diet.txt").unwrap();
        let m = &p.meeting;
        assert_eq!(m.committee, "総務委員会");
        assert_eq!(m.ministry, "衆議院");
        assert_eq!(m.parent, "衆議院");
        assert_eq!(m.style, Style::Diet);
        assert_eq!(m.session, Some(5));
        assert_eq!(m.date.as_deref(), Some("2023-03-10"));
        // Surnames completed from the attendee list where it names the person (高市 is not listed).
        assert_eq!(
            speakers(&p),
            vec![
                ("浮島智子", Role::Chair),
                ("高市", Role::Minister),
                ("竹内芳明", Role::Official),
                ("山田太郎", Role::Member),
            ]
        );
        assert_eq!(m.attendees.len(), 2);
        assert_eq!(m.attendees[0].name, "浮島智子");
        assert_eq!(m.attendees[0].group, "委員長");
        assert_eq!(
            m.remarks[0].text,
            "これより会議を開きます。\n内閣提出、放送法の一部を改正する法律案を議題といたします。"
        );
        assert_eq!(m.remarks[3].text, "通信の秘密について伺います。");
        assert!(m
            .attendees
            .iter()
            .all(|a| !a.name.contains("会議を開きます")));
    }

    const PAREN_COLON: &str = "\
情報政策懇談会（第２回）議事要旨
日時：2024年7月3日（水）14:00-16:00
議事概要
（後藤座長）それでは始めます。
後藤座長：続けます。
（事務局）資料を説明します。
・ 箇条書きの補足です。
全構成員：異議なし。
";

    #[test]
    fn paren_and_colon_styles_with_western_date() {
        let p = parse(PAREN_COLON, "pc.txt").unwrap();
        let m = &p.meeting;
        assert_eq!(
            (m.committee.as_str(), m.session),
            ("情報政策懇談会", Some(2))
        );
        assert_eq!(m.date.as_deref(), Some("2024-07-03"));
        assert_eq!(
            (m.start_time.as_deref(), m.end_time.as_deref()),
            (Some("14:00"), Some("16:00"))
        );
        let s = speakers(&p);
        assert_eq!(s.len(), 4, "{:#?}", m.remarks);
        assert_eq!(s[0], ("後藤", Role::Chair));
        assert_eq!(s[2], ("", Role::Official));
        assert_eq!(m.remarks[2].speaker_label, "事務局");
        assert_eq!(
            m.remarks[2].text,
            "資料を説明します。\n・ 箇条書きの補足です。"
        );
        assert_eq!(s[3].1, Role::Collective);
    }

    #[test]
    fn enumerated_points_inside_a_remark_stay_in_it() {
        let t = "研究会（第1回）議事録\n議事概要\n(1) 論点について\n【後藤座長】\n以下の2点を申し上げる。\n1. 人材育成\n2. 国際連携\n【事務局】\n承知した。\n(2) その他\n【後藤座長】\n閉会する。\n";
        let p = parse(t, "e.txt").unwrap();
        let r = &p.meeting.remarks;
        assert_eq!(r.len(), 3, "{r:#?}");
        assert_eq!(
            r[0].text,
            "以下の2点を申し上げる。\n1. 人材育成\n2. 国際連携"
        );
        assert_eq!(r[0].section, "(1) 論点について");
        assert_eq!(
            (r[1].speaker_label.as_str(), r[1].role),
            ("事務局", Role::Official)
        );
        assert_eq!(r[2].section, "(2) その他");
    }

    #[test]
    fn no_remarks_is_an_error() {
        let t = "何かの文書\n\n本文だけがあり、発言者はいない。\n";
        assert_eq!(parse(t, "n.txt").unwrap_err(), ParseError::NoRemarks);
    }

    const TOKYO: &str = "\
防災対策特別委員会速記録第十一号
平成二十四年十一月十九日（月曜日）
第十二委員会室
　午後四時開議
　出席委員　三名
委員長大津　浩子君
副委員長橘　　正剛君
鈴木あきまさ君
　欠席委員　なし
　出席説明員
総務局局長細井　　優君
本日の会議に付した事件
　防災対策について
○大津委員長　ただいまから防災対策特別委員会を開会いたします。
○細井総務局長　都議会の皆様に御報告いたします。
　　　〔拍手〕
○橘副委員長　質問します。
○鈴木委員　意見を述べます。
";

    #[test]
    fn tokyo_record() {
        let p = parse(TOKYO, "t.txt").unwrap();
        let m = &p.meeting;
        assert_eq!(m.style, Style::TokyoAssembly);
        assert_eq!(
            (m.committee.as_str(), m.session, m.date.as_deref()),
            ("防災対策特別委員会", Some(11), Some("2012-11-19"))
        );
        assert_eq!(m.parent, "東京都議会");
        assert_eq!(
            speakers(&p),
            vec![
                ("大津浩子", Role::Chair),
                ("細井優", Role::Official),
                ("橘正剛", Role::ViceChair),
                ("鈴木あきまさ", Role::Member),
            ]
        );
        assert_eq!(m.remarks[1].text, "都議会の皆様に御報告いたします。");
    }

    const PLENARY: &str = "\
令和６年第１回函館市議会定例会会議録　第１号
　　令和６年２月２２日（木曜日）　　　午前１０時００分開会
〇出席議員（３人）
　　　　　　　１番　吉　田　崇　仁
　　　　　　　２番　島　　　昌　之
〇説明員
　　　　市長　　　　　大　泉　　　潤
＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝
○議長（吉田崇仁）　ただいまから開会いたします。
──────────────────────
◆総務常任委員長（島昌之）　調査の概要を御報告いたします。
○副議長（島昌之）　議長に代わり議事を進めます。
○２番　質問します。
◎市長（大泉潤）　お答えします。
　　　　　　　　　　午前１１時０４分散会
";

    #[test]
    fn local_plenary_roles() {
        let p = parse(PLENARY, "h.txt").unwrap();
        let m = &p.meeting;
        assert_eq!(m.style, Style::LocalAssembly);
        assert_eq!(
            (m.committee.as_str(), m.parent.as_str(), m.session),
            ("本会議", "函館市議会", Some(1))
        );
        assert_eq!(m.date.as_deref(), Some("2024-02-22"));
        // In a plenary a committee's chair reports as a member, the 副議長 presides, and a
        // seat resolves to its member from the attendance list.
        assert_eq!(
            speakers(&p),
            vec![
                ("吉田崇仁", Role::Chair),
                ("島昌之", Role::Member),
                ("島昌之", Role::Chair),
                ("島昌之", Role::Member),
                ("大泉潤", Role::Official),
            ]
        );
        let groups: Vec<&str> = m.attendees.iter().map(|a| a.group.as_str()).collect();
        assert_eq!(groups, ["1番", "2番", "市長"]);
    }

    /// A committee record without an attendee list, labels on their own lines, an agenda item
    /// set between rules inside the chair's speech, and posts of other eras.
    const COMMITTEE: &str = "\
平成１３年　架空区議会　総務委員会（第２号）
平成１３年９月２１日
◯委員長（林宏君）
─────────────────
日程第一
一般質問
─────────────────
を行います。
◯助役（濱野健君）
お答えします。
◯伊藤災害対策担当課長
ご報告いたします。
◯勝亦総務課長
補足します。
◯勝亦人権啓発担当課長
兼ねて補足します。
◯米窪國務大臣
國務大臣として申し上げます。
◯青木英二区長
お答えします。
◯委員長（林宏君）
次に、
─────────────────
日程第二
─────────────────
を行います。
";

    #[test]
    fn committee_record_without_a_roster() {
        let p = parse(COMMITTEE, "c.txt").unwrap();
        let m = &p.meeting;
        assert_eq!(
            (m.committee.as_str(), m.parent.as_str()),
            ("総務委員会", "架空区議会")
        );
        assert_eq!(
            speakers(&p),
            vec![
                ("林宏", Role::Chair),
                ("濱野健", Role::Official),
                ("伊藤", Role::Official),
                ("勝亦", Role::Official),
                ("勝亦", Role::Official),
                ("米窪", Role::Minister),
                ("青木英二", Role::Official),
                ("林宏", Role::Chair),
            ]
        );
        assert_eq!(m.remarks[7].text, "次に、を行います。");
        // The agenda item between the rules is no speech; the speech goes on after it.
        assert_eq!(m.remarks[0].text, "を行います。");
        assert_eq!(m.remarks[0].section, "日程第一");
        assert_eq!(m.remarks[1].text, "お答えします。");
    }

    #[test]
    fn who_presides_a_committee() {
        // The committee's chair opens: the assembly's 議長 attends as a member.
        let text = "令和６年　架空区議会　議会運営委員会\n令和６年１月２５日\n\
                    ◯高橋委員長\nただいまから開会します。\n◯渡辺議長\n一言申し上げます。\n";
        let p = parse(text, "g.txt").unwrap();
        assert_eq!(
            speakers(&p),
            vec![("高橋", Role::Chair), ("渡辺", Role::Member)]
        );
        // No chair speaks and the vice chair opens: the vice chair presides.
        let text = "令和６年　架空区議会　災害対策特別委員会\n令和６年１月２４日\n\
                    ◯鈴木副委員長\nただいまから開会します。\n◯伊藤委員\n質問します。\n\
                    ◯鈴木副委員長\n以上で閉会します。\n";
        let roles: Vec<Role> = speakers(&parse(text, "s.txt").unwrap())
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        assert_eq!(roles, [Role::Chair, Role::Member, Role::Chair]);
    }

    #[test]
    fn placeholder_names_stay_in_the_speech() {
        let text = "第213回国会　衆議院　安全保障委員会　第13号　令和6年7月30日\n\
                    ○渡辺（周）委員　質問します。例えば、\n\
                    〇〇基地の周辺では騒音が問題になっています。\n\
                    大臣の見解を伺います。\n";
        let p = parse(text, "d.txt").unwrap();
        assert_eq!(
            p.meeting.remarks[0].text,
            "質問します。例えば、〇〇基地の周辺では騒音が問題になっています。\n大臣の見解を伺います。"
        );
    }

    #[test]
    fn ministry_prefixes_do_not_cross_sides() {
        // 森課長 is no 森田 listed as a member; the 事務局 opening a council is no chair.
        let text = "第１回　架空検討会　議事録\n\n\
                    日時：令和６年４月１日（月）１０：００～１１：００\n\
                    出席者：森田構成員、原田構成員、山田座長\n\n\
                    【事務局】\nただいまから会議を開会いたします。\n\
                    【森課長】\n資料を説明します。\n\
                    【森田構成員】\n質問です。\n";
        let p = parse(text, "m.txt").unwrap();
        assert_eq!(
            speakers(&p),
            vec![
                ("", Role::Official),
                ("森", Role::Official),
                ("森田", Role::Member),
            ]
        );
    }

    #[test]
    fn who_presides_a_plenary() {
        // The 事務総長 opens and presides until a 議長 is elected; the new 副議長's greeting
        // between the 議長's remarks is no presiding.
        let text = "第215回国会　衆議院　本会議　第1号　令和6年11月11日\n\
                    ○事務総長（築山信彦君）　これより会議を開きます。\n\
                    ○事務総長（築山信彦君）　議長の選挙を行います。\n\
                    ○議長（額賀福志郎君）　ただいま議長に選ばれました。\n\
                    ○副議長（玄葉光一郎君）　ただいま副議長の要職に就きました。\n\
                    ○議長（額賀福志郎君）　本日はこれにて散会いたします。\n";
        let p = parse(text, "d.txt").unwrap();
        let roles: Vec<Role> = speakers(&p).into_iter().map(|(_, r)| r).collect();
        assert_eq!(
            roles,
            [
                Role::Chair,
                Role::Chair,
                Role::Chair,
                Role::ViceChair,
                Role::Chair
            ]
        );
    }

    #[test]
    fn explain_names_each_line() {
        let (r, trace) = explain(TOKYO, "t.txt");
        let out = explain::render(TOKYO, &trace, r.as_ref().ok().map(|p| &p.meeting));
        assert!(out.starts_with("style: tokyo_assembly"), "{out}");
        let kind_of = |needle: &str| {
            out.lines()
                .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
                .find(|l| l.contains(needle))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("").to_string())
        };
        assert_eq!(kind_of("速記録第十一号").as_deref(), Some("title"));
        assert_eq!(kind_of("委員長大津").as_deref(), Some("attendee"));
        assert_eq!(kind_of("〔拍手〕").as_deref(), Some("stage"));
        assert_eq!(kind_of("防災対策について").as_deref(), Some("agenda"));
        assert_eq!(kind_of("午後四時開議").as_deref(), Some("dropped"));
        assert!(out.contains("label     ○大津委員長"), "{out}");
        assert!(out.contains("→ #1 大津浩子 [chair]"), "{out}");
    }
}
