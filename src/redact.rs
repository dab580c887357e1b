//! Secret redaction: agents' transcripts carry API keys, tokens, private
//! keys and passwords, and none of them may reach the disk or the model.
//!
//! Every text that enters the store (remembered entries and their context,
//! updates, session titles, logged turns) passes through [`Redactor`]
//! before it is embedded, indexed or written, so a secret never exists in
//! RocksDB, the embedding cache, the BM25 index or the history. A secret is
//! replaced by `[REDACTED:<kind>]`; the words around it stay, so the memory
//! keeps its meaning ("the deploy key is [REDACTED:github_token]").
//!
//! The rules are regular expressions for well-known credential formats
//! plus `name = value` assignments of secret-looking names. They favour
//! catching secrets over sparing look-alikes: a long random token after
//! `Bearer` is redacted even if it was not a credential. E-mail addresses
//! are personal data rather than secrets, so they are redacted only when
//! asked ([`Redaction::emails`]).

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

/// What to redact. The default redacts secrets and keeps e-mail addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Redaction {
    /// API keys, tokens, private keys, passwords. Default true.
    pub secrets: bool,
    /// E-mail addresses. Default false.
    pub emails: bool,
}

impl Default for Redaction {
    fn default() -> Self {
        Redaction { secrets: true, emails: false }
    }
}

impl Redaction {
    /// Redact nothing (for stores that hold no agent transcripts).
    pub fn off() -> Self {
        Redaction { secrets: false, emails: false }
    }
}

/// One rule: a pattern, the kind it names, and its replacement. A rule
/// with `keep` keeps its capture groups `pre` (leading words such as
/// `password=`) and `post` (a trailing `@`) around the marker.
struct Rule {
    kind: &'static str,
    re: Regex,
    replacement: String,
}

fn rule(kind: &'static str, pattern: &str, keep: bool) -> Rule {
    // The patterns are constants of this file, checked by the unit tests.
    #[allow(clippy::expect_used)]
    let re = Regex::new(pattern).expect("redaction pattern compiles");
    let has = |name: &str| re.capture_names().any(|n| n == Some(name));
    let replacement = if keep {
        format!(
            "{}[REDACTED:{kind}]{}",
            if has("pre") { "${pre}" } else { "" },
            if has("post") { "${post}" } else { "" }
        )
    } else {
        format!("[REDACTED:{kind}]")
    };
    Rule { kind, re, replacement }
}

fn secret_rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        vec![
            // A PEM private key block, up to its end line or the end of the text.
            rule(
                "private_key",
                r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?s:.*?)(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\z)",
                false,
            ),
            // scheme://user:password@host: keep the user, drop the password.
            rule("password", r"(?P<pre>\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]+:)[^\s@/]+(?P<post>@)", true),
            rule("aws_access_key", r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b", false),
            rule("github_token", r"\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})\b", false),
            rule("gitlab_token", r"\bglpat-[A-Za-z0-9_\-]{20,}", false),
            rule("slack_token", r"\bxox[abposr]-[A-Za-z0-9\-]{10,}", false),
            rule("api_key", r"\bsk-(?:ant-|proj-|live-|test-)?[A-Za-z0-9_\-]{20,}", false),
            rule("api_key", r"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b", false),
            rule("api_key", r"\bAIza[0-9A-Za-z_\-]{35}", false),
            rule("jwt", r"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}", false),
            // Authorization: Bearer <token>
            rule("token", r"(?i)(?P<pre>\b(?:bearer|basic)\s+)[A-Za-z0-9\-._~+/]{16,}=*", true),
            // password = value, "api_key": "value", SECRET_TOKEN=value, ...
            rule(
                "secret",
                r#"(?i)(?P<pre>\b[A-Za-z0-9_\-]*(?:password|passwd|pwd|secret|api[_\-]?key|apikey|access[_\-]?key|access[_\-]?token|auth[_\-]?token|refresh[_\-]?token|client[_\-]?secret|private[_\-]?key)["']?\s*[:=]\s*["']?)[^\s"',;\[\]{}]{3,}"#,
                true,
            ),
        ]
    })
}

fn email_rule() -> &'static Rule {
    static RULE: OnceLock<Rule> = OnceLock::new();
    RULE.get_or_init(|| rule("email", r"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b", false))
}

/// A text after redaction and what was taken out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted<'a> {
    /// The text to store.
    pub text: Cow<'a, str>,
    /// The kinds of secret removed, one per occurrence.
    pub removed: Vec<&'static str>,
}

/// Applies a [`Redaction`] policy.
#[derive(Debug, Clone, Copy, Default)]
pub struct Redactor {
    policy: Redaction,
}

impl Redactor {
    /// A redactor for `policy`.
    pub fn new(policy: Redaction) -> Self {
        Redactor { policy }
    }

    /// The policy.
    pub fn policy(&self) -> Redaction {
        self.policy
    }

    /// Redact `text`. Borrowed when nothing was found.
    pub fn redact<'a>(&self, text: &'a str) -> Redacted<'a> {
        let mut out: Cow<'a, str> = Cow::Borrowed(text);
        let mut removed = Vec::new();
        let apply = |out: &mut Cow<'a, str>, removed: &mut Vec<&'static str>, r: &Rule| {
            if !r.re.is_match(out) {
                return;
            }
            let n = r.re.find_iter(out).count();
            removed.extend(std::iter::repeat_n(r.kind, n));
            *out = Cow::Owned(r.re.replace_all(out, r.replacement.as_str()).into_owned());
        };
        if self.policy.secrets {
            for r in secret_rules() {
                apply(&mut out, &mut removed, r);
            }
        }
        if self.policy.emails {
            apply(&mut out, &mut removed, email_rule());
        }
        Redacted { text: out, removed }
    }

    /// Redact an owned string in place; returns how many secrets went.
    pub fn redact_string(&self, s: &mut String) -> usize {
        let r = self.redact(s);
        let n = r.removed.len();
        if let Cow::Owned(t) = r.text {
            *s = t;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn red(s: &str) -> String {
        Redactor::default().redact(s).text.into_owned()
    }

    #[test]
    fn well_known_credentials_are_replaced_and_the_words_around_them_kept() {
        let cases = [
            ("use key AKIAIOSFODNN7EXAMPLE for s3", "use key [REDACTED:aws_access_key] for s3"),
            ("token ghp_0123456789abcdefghijABCDEFGHIJ012345 works", "token [REDACTED:github_token] works"),
            ("OPENAI sk-proj-abcdefghijklmnopqrstuvwx12", "OPENAI [REDACTED:api_key]"),
            ("claude key sk-ant-api03-AbCdEfGhIjKlMnOpQrSt_uv", "claude key [REDACTED:api_key]"),
            ("slack xoxb-1234567890-abcdefghij", "slack [REDACTED:slack_token]"),
            ("curl -H 'Authorization: Bearer abcdef0123456789abcdef'", "curl -H 'Authorization: Bearer [REDACTED:token]'"),
            ("postgres://admin:s3cr3t!@db.internal:5432/app", "postgres://admin:[REDACTED:password]@db.internal:5432/app"),
            ("set DB_PASSWORD=hunter22 and retry", "set DB_PASSWORD=[REDACTED:secret] and retry"),
            (r#"{"api_key": "abc123def456"}"#, r#"{"api_key": "[REDACTED:secret]"}"#),
            ("OPENAI_API_KEY=sk-abcdefghijklmnopqrstuvwxyz", "OPENAI_API_KEY=[REDACTED:api_key]"),
            ("stripe sk_live_0123456789abcdefABCD", "stripe [REDACTED:api_key]"),
            ("maps AIzaSyA1234567890abcdefghijklmnopqrstuv", "maps [REDACTED:api_key]"),
        ];
        for (input, want) in cases {
            assert_eq!(red(input), want, "input {input:?}");
        }
    }

    #[test]
    fn a_private_key_block_goes_whole_even_when_cut_off() {
        let pem = "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\nAAAA\n-----END OPENSSH PRIVATE KEY-----\ndone";
        assert_eq!(red(pem), "key:\n[REDACTED:private_key]\ndone");
        let cut = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA";
        assert_eq!(red(cut), "[REDACTED:private_key]");
    }

    #[test]
    fn a_jwt_is_redacted() {
        let t = "cookie eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end";
        assert_eq!(red(t), "cookie [REDACTED:jwt] end");
    }

    #[test]
    fn ordinary_text_is_left_alone_and_borrowed() {
        let plain = [
            "The deploy script lives in tools/deploy.sh",
            "Reset the password through the settings page",
            "Tom's key insight: cache the tokenizer",
            "see https://example.com/docs/api-keys for how keys work",
            "mail alice@example.com about the release",
        ];
        for p in plain {
            let r = Redactor::default().redact(p);
            assert!(matches!(r.text, Cow::Borrowed(_)), "{p:?} became {:?}", r.text);
            assert!(r.removed.is_empty());
        }
    }

    #[test]
    fn emails_only_when_asked_and_nothing_when_off() {
        let r = Redactor::new(Redaction { secrets: true, emails: true });
        assert_eq!(r.redact("mail alice.b@example.co.uk now").text, "mail [REDACTED:email] now");
        let off = Redactor::new(Redaction::off());
        assert_eq!(off.redact("key AKIAIOSFODNN7EXAMPLE").text, "key AKIAIOSFODNN7EXAMPLE");
    }

    #[test]
    fn every_occurrence_is_counted() {
        let r = Redactor::default().redact("a AKIAIOSFODNN7EXAMPLE b AKIAIOSFODNN7EXAMPLF password=xyz123");
        assert_eq!(r.removed, vec!["aws_access_key", "aws_access_key", "secret"]);
    }
}
