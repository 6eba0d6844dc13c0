//! The rule language's lexer and parser (grammar in the parent module's documentation).

use super::{ParsedRule, Rule, RuleError};

/// `n` of `near` and `seq` when the rule gives none (KH Coder's default).
const DEFAULT_GAP: u32 = 10;

fn err(offset: usize, message: impl Into<String>) -> RuleError {
    RuleError {
        offset,
        message: message.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Sym(char),
    Word(String),
    Quoted(String),
    End,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

fn lex(src: &str) -> Result<Vec<Token>, RuleError> {
    let is_delim = |c: char| c.is_whitespace() || "(),&|!\"'".contains(c);
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(c) = src[pos..].chars().next() {
        let start = pos;
        let tok = if c.is_whitespace() {
            pos += c.len_utf8();
            continue;
        } else if "(),&|!".contains(c) {
            pos += 1;
            Tok::Sym(c)
        } else if c == '"' || c == '\'' {
            let body = start + 1;
            let len = src[body..]
                .find(c)
                .ok_or_else(|| err(start, format!("unterminated quote: `{c}` is never closed")))?;
            if src[body..body + len].trim().is_empty() {
                return Err(err(start, "empty quoted term"));
            }
            pos = body + len + 1;
            Tok::Quoted(src[body..body + len].to_string())
        } else {
            pos = src[start..].find(is_delim).map_or(src.len(), |k| start + k);
            Tok::Word(src[start..pos].to_string())
        };
        out.push(Token {
            tok,
            start,
            end: pos,
        });
    }
    out.push(Token {
        tok: Tok::End,
        start: src.len(),
        end: src.len(),
    });
    Ok(out)
}

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    i: usize,
    terms: Vec<String>,
}

fn unclosed(open: &Token) -> RuleError {
    err(open.start, "unbalanced parenthesis: `(` is never closed")
}

/// One child stands for itself; several are combined with `f`.
fn group(mut kids: Vec<Rule>, f: fn(Vec<Rule>) -> Rule) -> Rule {
    if kids.len() == 1 {
        kids.remove(0)
    } else {
        f(kids)
    }
}

fn is_word(t: &Token, w: &str) -> bool {
    matches!(&t.tok, Tok::Word(x) if x.eq_ignore_ascii_case(w))
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        &self.toks[self.i]
    }
    fn bump(&mut self) -> Token {
        let t = self.toks[self.i].clone();
        self.i = (self.i + 1).min(self.toks.len() - 1);
        t
    }
    fn text(&self, t: &Token) -> &str {
        &self.src[t.start..t.end]
    }
    /// At an infix operator: the symbol or the word (after an operand, a word is never a call).
    fn at_infix(&self, word: &str, sym: char) -> bool {
        self.peek().tok == Tok::Sym(sym) || is_word(self.peek(), word)
    }
    fn intern(&mut self, s: &str) -> Rule {
        let i = self.terms.iter().position(|t| t == s).unwrap_or_else(|| {
            self.terms.push(s.to_string());
            self.terms.len() - 1
        });
        Rule::Term(i)
    }
    fn unexpected(&self, t: &Token) -> RuleError {
        match t.tok {
            Tok::End => err(t.start, "unexpected end of rule"),
            _ => err(
                t.start,
                format!(
                    "unexpected `{}` (join terms with `and` or `or`)",
                    self.text(t)
                ),
            ),
        }
    }
    /// Parses the operand of operator `op`, failing clearly when there is none.
    fn operand(
        &mut self,
        op: &Token,
        f: fn(&mut Self) -> Result<Rule, RuleError>,
    ) -> Result<Rule, RuleError> {
        let call = self.toks.get(self.i + 1).map(|t| &t.tok) == Some(&Tok::Sym('('));
        let missing = matches!(self.peek().tok, Tok::End | Tok::Sym(')' | ',' | '&' | '|'))
            || ((is_word(self.peek(), "and") || is_word(self.peek(), "or")) && !call);
        if missing {
            let what = self.text(op);
            return Err(err(
                op.start,
                format!("`{what}` needs a term or expression after it"),
            ));
        }
        f(self)
    }
    fn binary(
        &mut self,
        word: &str,
        sym: char,
        sub: fn(&mut Self) -> Result<Rule, RuleError>,
    ) -> Result<Vec<Rule>, RuleError> {
        let mut kids = vec![sub(self)?];
        while self.at_infix(word, sym) {
            let op = self.bump();
            kids.push(self.operand(&op, sub)?);
        }
        Ok(kids)
    }
    fn or(&mut self) -> Result<Rule, RuleError> {
        Ok(group(self.binary("or", '|', Self::and)?, Rule::Or))
    }
    fn and(&mut self) -> Result<Rule, RuleError> {
        Ok(group(self.binary("and", '&', Self::unary)?, Rule::And))
    }
    fn unary(&mut self) -> Result<Rule, RuleError> {
        if self.peek().tok == Tok::Sym('!') || is_word(self.peek(), "not") {
            let op = self.bump();
            return Ok(Rule::Not(Box::new(self.operand(&op, Self::unary)?)));
        }
        self.primary()
    }
    /// Consumes the `)` closing `open`, or reports why it is not there.
    fn close(&mut self, open: &Token) -> Result<(), RuleError> {
        let t = self.bump();
        match t.tok {
            Tok::Sym(')') => Ok(()),
            Tok::End => Err(unclosed(open)),
            _ => Err(self.unexpected(&t)),
        }
    }
    fn primary(&mut self) -> Result<Rule, RuleError> {
        let t = self.bump();
        match &t.tok {
            Tok::Quoted(s) => Ok(self.intern(s)),
            Tok::Word(w) => {
                let lw = w.to_ascii_lowercase();
                let known = ["and", "or", "near", "seq"].contains(&lw.as_str());
                let open = self.peek().tok == Tok::Sym('(');
                if open && (known || self.peek().start == t.end) {
                    let open = self.bump();
                    match lw.as_str() {
                        "and" | "or" => self.list_call(&lw, &open),
                        "near" | "seq" => self.pair_call(&lw, &open),
                        _ => Err(err(t.start, format!("unknown function `{w}(` (functions are and, or, not, near, seq; quote the term if the parenthesis belongs to it)"))),
                    }
                } else if known && lw != "near" && lw != "seq" {
                    Err(err(
                        t.start,
                        format!("`{w}` needs a term or expression before it"),
                    ))
                } else {
                    Ok(self.intern(w))
                }
            }
            Tok::Sym('(') => {
                if self.peek().tok == Tok::Sym(')') {
                    return Err(err(t.start, "empty parentheses"));
                }
                if self.peek().tok == Tok::End {
                    return Err(unclosed(&t));
                }
                let r = self.or()?;
                self.close(&t)?;
                Ok(r)
            }
            Tok::Sym(')') => Err(err(
                t.start,
                "unbalanced parenthesis: `)` has no matching `(`",
            )),
            Tok::Sym(c @ ('&' | '|')) => Err(err(
                t.start,
                format!("`{c}` needs a term or expression before it"),
            )),
            _ => Err(self.unexpected(&t)),
        }
    }
    fn list_call(&mut self, name: &str, open: &Token) -> Result<Rule, RuleError> {
        let mut kids = Vec::new();
        loop {
            let t = self.peek().clone();
            if matches!(t.tok, Tok::Sym(')' | ',')) {
                return Err(err(
                    t.start,
                    format!("`{name}(` needs a term or expression here"),
                ));
            }
            if t.tok == Tok::End {
                return Err(unclosed(open));
            }
            kids.push(self.or()?);
            if self.peek().tok != Tok::Sym(',') {
                self.close(open)?;
                break;
            }
            self.bump();
        }
        Ok(group(
            kids,
            if name == "and" { Rule::And } else { Rule::Or },
        ))
    }
    fn pair_call(&mut self, name: &str, open: &Token) -> Result<Rule, RuleError> {
        let usage = format!("`{name}` takes two terms and an optional gap: {name}(a, b, n)");
        let term = |p: &mut Self| {
            let t = p.bump();
            let bare = matches!(&t.tok, Tok::Word(_))
                && !["and", "or", "not"].iter().any(|w| is_word(&t, w));
            match &t.tok {
                Tok::Word(w) if bare && p.peek().tok != Tok::Sym('(') => Ok(p.intern(w)),
                Tok::Quoted(s) => Ok(p.intern(s)),
                Tok::End => Err(unclosed(open)),
                _ => Err(err(
                    t.start,
                    format!("{usage}; its operands must be terms, not expressions"),
                )),
            }
        };
        let Rule::Term(a) = term(self)? else {
            unreachable!()
        };
        let sep = self.bump();
        if sep.tok != Tok::Sym(',') {
            return Err(err(sep.start, usage));
        }
        let Rule::Term(b) = term(self)? else {
            unreachable!()
        };
        let mut max_gap = DEFAULT_GAP;
        if self.peek().tok == Tok::Sym(',') {
            self.bump();
            let t = self.bump();
            max_gap = match &t.tok {
                Tok::Word(w) if w.bytes().all(|c| c.is_ascii_digit()) => w.parse().ok(),
                _ => None,
            }
            .ok_or_else(|| {
                err(t.start, format!("`{name}` needs a non-negative integer gap as its third argument, found `{}`", self.text(&t)))
            })?;
        }
        match self.bump() {
            Token {
                tok: Tok::Sym(')'), ..
            } => {}
            Token { tok: Tok::End, .. } => return Err(unclosed(open)),
            t => return Err(err(t.start, usage)),
        }
        Ok(if name == "near" {
            Rule::Near { a, b, max_gap }
        } else {
            Rule::Seq { a, b, max_gap }
        })
    }
}

/// Parses a rule (see the module documentation for the grammar).
pub fn parse(src: &str) -> Result<ParsedRule, RuleError> {
    if src.trim().is_empty() {
        return Err(err(0, "empty rule"));
    }
    let mut p = Parser {
        src,
        toks: lex(src)?,
        i: 0,
        terms: Vec::new(),
    };
    let rule = p.or()?;
    let t = p.peek().clone();
    match t.tok {
        Tok::End => {}
        Tok::Sym(')') => {
            return Err(err(
                t.start,
                "unbalanced parenthesis: `)` has no matching `(`",
            ))
        }
        _ => {
            return Err(err(
                t.start,
                format!(
                    "unexpected `{}` after a complete expression (join terms with `and` or `or`)",
                    p.text(&t)
                ),
            ))
        }
    }
    if rule.eval(&vec![Vec::new(); p.terms.len()]) {
        return Err(err(0, "a rule must require at least one term: this one holds even when none of its terms occurs"));
    }
    Ok(ParsedRule {
        rule,
        terms: p.terms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Rule::*;

    fn p(src: &str) -> (Rule, Vec<String>) {
        let r = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        (r.rule, r.terms)
    }
    fn e(src: &str) -> (usize, String) {
        let r = parse(src).expect_err(src);
        (r.offset, r.message)
    }
    fn not(r: Rule) -> Rule {
        Not(Box::new(r))
    }

    #[test]
    fn each_form_in_both_syntaxes() {
        for src in ["a and b", "a & b", "and(a, b)", "a AND b", "And (a,b)"] {
            assert_eq!(
                p(src),
                (And(vec![Term(0), Term(1)]), vec!["a".into(), "b".into()])
            );
        }
        for src in ["a or b or c", "a | b | c", "or(a, b, c)", "a|b|c"] {
            assert_eq!(p(src).0, Or(vec![Term(0), Term(1), Term(2)]), "{src}");
        }
        for src in [
            "a and not b",
            "a & !b",
            "a and not(b)",
            "a&!(b)",
            "a AND NOT b",
        ] {
            assert_eq!(p(src).0, And(vec![Term(0), not(Term(1))]), "{src}");
        }
        let near = |max_gap| Near {
            a: 0,
            b: 1,
            max_gap,
        };
        assert_eq!(p("near(人材, 育成)").0, near(10));
        assert_eq!(p("NEAR(人材,育成,3)").0, near(3));
        assert_eq!(
            p("seq(a, b, 0)").0,
            Seq {
                a: 0,
                b: 1,
                max_gap: 0
            }
        );
        assert_eq!(p("and(a)").0, Term(0));
        assert_eq!(
            p("a and or(b, c)").0,
            And(vec![Term(0), Or(vec![Term(1), Term(2)])])
        );
        assert_eq!(
            p("and(a, or(b, c))").0,
            And(vec![Term(0), Or(vec![Term(1), Term(2)])])
        );
    }

    #[test]
    fn precedence_and_grouping() {
        let (a, b, c) = (Term(0), Term(1), Term(2));
        assert_eq!(
            p("a or b and not c").0,
            Or(vec![a.clone(), And(vec![b.clone(), not(c.clone())])])
        );
        assert_eq!(p("a | b & !c").0, p("a or b and not c").0);
        assert_eq!(
            p("(a or b) and c").0,
            And(vec![Or(vec![a.clone(), b.clone()]), c.clone()])
        );
        assert_eq!(p("not a and b").0, And(vec![not(a.clone()), b.clone()]));
        assert_eq!(p("a and (b and c)").0, And(vec![a, And(vec![b, c])]));
        assert_eq!(
            p("a and near(b, c) or d").0,
            Or(vec![
                And(vec![
                    Term(0),
                    Near {
                        a: 1,
                        b: 2,
                        max_gap: 10
                    }
                ]),
                Term(3)
            ])
        );
    }

    #[test]
    fn terms() {
        let (r, t) = p(r#""supply chain" and 'a and b' or "near" or seq or 'x"y'"#);
        assert_eq!(t, ["supply chain", "a and b", "near", "seq", "x\"y"]);
        assert_eq!(
            r,
            Or(vec![And(vec![Term(0), Term(1)]), Term(2), Term(3), Term(4)])
        );
        let (_, t) = p("サプライ* and /サイバー.+対策/ and 通信の秘密 or 人材 or サプライ*");
        assert_eq!(t, ["サプライ*", "/サイバー.+対策/", "通信の秘密", "人材"]);
        assert_eq!(p("near('/a|b/', \"c d\", 2)").1, ["/a|b/", "c d"]);
        assert_eq!(p("a or a").0, Or(vec![Term(0), Term(0)]));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 0, "empty rule"),
            ("   ", 0, "empty rule"),
            ("(a and b", 0, "`(` is never closed"),
            ("a and (b or (c)", 6, "`(` is never closed"),
            ("a and b)", 7, "`)` has no matching `(`"),
            ("()", 0, "empty parentheses"),
            ("foo(a)", 0, "unknown function `foo(`"),
            ("near(a, b, x)", 11, "non-negative integer gap"),
            ("near(a, b, )", 11, "non-negative integer gap"),
            ("near(a, b, -1)", 11, "non-negative integer gap"),
            ("near(a)", 6, "takes two terms"),
            ("near((a), b)", 5, "must be terms"),
            ("seq(a, b or c)", 9, "takes two terms"),
            ("a and", 2, "`and` needs a term or expression after it"),
            ("a &", 2, "`&` needs a term or expression after it"),
            ("a or and b", 2, "`or` needs a term or expression after it"),
            ("not", 0, "`not` needs a term or expression after it"),
            ("a and !", 6, "`!` needs a term"),
            ("and b", 0, "`and` needs a term or expression before it"),
            ("| b", 0, "`|` needs a term or expression before it"),
            ("a b", 2, "unexpected `b` after a complete expression"),
            (
                "人材 育成",
                7,
                "unexpected `育成` after a complete expression",
            ),
            ("and(a,)", 6, "needs a term or expression here"),
            ("a and \"\"", 6, "empty quoted term"),
            ("a and 'b", 6, "unterminated quote"),
            ("not a", 0, "must require at least one term"),
            ("!a", 0, "must require at least one term"),
            ("a or not b", 0, "must require at least one term"),
        ];
        for &(src, offset, msg) in cases {
            let (o, m) = e(src);
            assert_eq!(o, offset, "{src}: {m}");
            assert!(m.contains(msg), "{src}: {m}");
        }
        let shown = parse("a b").unwrap_err().to_string();
        assert!(shown.ends_with("(at byte 2)"), "{shown}");
    }
}
