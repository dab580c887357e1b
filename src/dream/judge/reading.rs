//! How one statement is read: its words in one spelling (British and
//! American forms, abbreviations, numbers, dates, clock times, amounts and
//! currencies written one way), and the [`Signals`] the judge compares.

use super::*;

pub(super) const STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is",
    "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "it", "its", "this",
    "that", "these", "those", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "your",
    "him", "them", "us", "me", "s", "will", "would", "can", "could", "should", "into", "about", "than", "then",
    "so", "very", "also", "just", "there", "here", "all", "any", "some",
];

/// Words of a closed class (determiners, prepositions, conjunctions, a
/// few adverbs) that WordNet does not list as a noun, verb or adjective,
/// and so would read as a name when they open a sentence before a
/// capitalised word: "*Every* August, Potters Cue Club ..." and "*Each*
/// August the club ..." are not two names in place.
pub(super) const CLOSED_CLASS: &[&str] = &[
    "each", "every", "either", "both", "most", "many", "several", "few", "such", "what", "which", "who",
    "whose", "how", "why", "when", "where", "whenever", "wherever", "while", "whilst", "if", "unless",
    "whether", "although", "though", "because", "since", "until", "till", "before", "after", "during", "once",
    "between", "throughout", "via", "per", "under", "over", "within", "across", "along", "among", "around",
    "behind", "beside", "besides", "beyond", "despite", "near", "onto", "upon", "towards", "toward", "past",
    "usually", "normally", "typically", "generally", "currently", "recently", "previously", "formerly",
    "sometimes", "often", "always", "already", "still", "only", "twice",
];

pub(super) const NEGATIONS: &[&str] = &["not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "n't", "cannot"];

/// Whether a lower-case word is a function word (a stop word, a word of
/// [`CLOSED_CLASS`] or a negation), which names nothing.
pub(super) fn function_word(l: &str) -> bool {
    STOP.contains(&l) || CLOSED_CLASS.contains(&l) || NEGATIONS.contains(&l)
}

/// Words that put a statement about someone else: "Tom's *brother* works
/// at Google" is not about Tom.
pub(super) const RELATIONS: &[&str] = &[
    "wife", "husband", "partner", "spouse", "brother", "sister", "sibling", "mother", "father",
    "parent", "son", "daughter", "child", "kid", "cousin", "uncle", "aunt", "grandmother", "grandfather",
    "friend", "colleague", "coworker", "boss", "manager", "mentor", "neighbor", "neighbour", "roommate",
    "assistant", "deputy", "replica", "backup", "staging", "production", "frontend", "backend", "personal",
    "checking", "savings",
];

/// Words that put a statement about someone else only after a possessive:
/// "Lena's *teammate* prefers Neovim" is not about Lena, while "Ravi is the
/// *lead*" and "promoted to *director*" are about Ravi. Colleagues and kin;
/// not those who act for someone ("Noah's landlord raised his rent" is
/// about Noah's rent).
pub(super) const POSSESSED_RELATIONS: &[&str] = &[
    "team", "teammate", "lead", "director", "supervisor", "predecessor", "successor", "employer", "employee",
    "intern", "tenant", "niece", "nephew", "grandson", "granddaughter", "grandchild",
    "grandparent", "stepmother", "stepfather", "stepson", "stepdaughter", "fiance", "fiancé", "fiancée",
    "girlfriend", "boyfriend", "twin", "housemate", "flatmate", "classmate",
];

/// Verbs that say a relation ("Beth *manages* our account": our account
/// manager), the relation, and the word that must follow ("reports to").
/// Read only to excuse a relation the other statement names with its noun.
pub(super) const RELATION_VERBS: &[(&str, &str, Option<&str>)] = &[
    ("mentors", "mentor", None), ("mentored", "mentor", None), ("mentoring", "mentor", None),
    ("manages", "manager", None), ("managed", "manager", None), ("managing", "manager", None),
    ("reports", "manager", Some("to")), ("reporting", "manager", Some("to")), ("engaged", "fiance", Some("to")),
    ("leads", "lead", None), ("led", "lead", None), ("married", "husband", Some("to")), ("married", "wife", Some("to")),
    ("married", "spouse", Some("to")), ("married", "partner", Some("to")), ("backs", "backup", Some("up")),
    ("backed", "backup", Some("up")),
];

/// Possessive determiners, for [`POSSESSED_RELATIONS`].
pub(super) const POSSESSIVE_PRONOUNS: &[&str] = &["his", "her", "their", "my", "our", "your", "its"];

/// Number words and ordinals: values, not content words.
pub(super) const VALUE_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first", "second", "third",
    "fourth", "fifth", "sixth",
];

/// Words after which "one" is a pronoun, not a count: "the one behind his
/// barn", "which one".
pub(super) const PRONOUN_ONE_AFTER: &[&str] = &["the", "this", "that", "which", "any", "no"];

/// Prefixes of weekday and month names.
pub(super) const CALENDAR: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december",
];

/// Whether the word begins with a weekday or a month name ([`CALENDAR`]):
/// "mondays", "sept".
pub(super) fn calendar_word(w: &str) -> bool {
    CALENDAR.iter().any(|c| w.starts_with(c))
}

/// How often something happens is a value like a weekday: "nightly" and
/// "every night" are one value, "weekly" another. Adverbs and their units.
pub(super) const FREQUENCIES: &[(&str, &str)] = &[
    ("hourly", "hour"), ("daily", "day"), ("nightly", "day"), ("weekly", "week"), ("biweekly", "2 weeks"),
    ("fortnightly", "2 weeks"), ("monthly", "month"), ("quarterly", "quarter"), ("yearly", "year"),
    ("annually", "year"), ("annual", "year"),
];

/// Units that follow "every", "each", "per" or "a" in a frequency.
pub(super) const FREQUENCY_UNITS: &[(&str, &str)] = &[
    ("hour", "hour"), ("day", "day"), ("night", "day"), ("week", "week"), ("fortnight", "2 weeks"),
    ("month", "month"), ("quarter", "quarter"), ("year", "year"), ("annum", "year"),
];

/// Comparatives that "no" or "not" and "than" make a bound: "no longer
/// than", "not more than".
pub(super) const COMPARATIVES: &[&str] =
    &["longer", "more", "later", "earlier", "fewer", "less", "greater", "higher", "lower", "bigger", "larger", "smaller", "further", "farther", "older", "younger", "sooner"];

/// Words that announce a change of state: "Tom left Google and joined Meta".
pub(super) const CHANGE_WORDS: &[&str] = &[
    "now", "no longer", "anymore", "moved", "moves", "left", "leaves", "quit", "joined", "joins", "switched",
    "changed", "became", "becomes", "instead", "stopped", "started", "renamed", "replaced", "new",
    "since", "updated", "upgraded", "downgraded", "raised", "increased", "decreased", "reduced", "dropped",
    "rose", "risen", "went", "bumped", "relocated", "rescheduled", "postponed", "promoted", "cancelled", "canceled",
    "sold", "ended", "anymore", "longer", "migrated", "slipped", "scaled", "extended", "lowered", "cut", "pushed",
    "took over", "finished", "completed", "closed", "retired", "resigned", "transferred", "renewed", "delayed",
    "doubled", "halved", "demoted", "graduated", "died", "passed away", "any more",
];

#[derive(Clone)]
pub(super) struct Signals {
    pub(super) words: BTreeSet<String>,
    /// Content words in order (no stop words, numbers or negations).
    pub(super) content: Vec<String>,
    /// The same words as written, lower-case, without the possessive 's
    /// and unstemmed ("wolves", not "wolve"): what the lexicon reads.
    pub(super) surface: Vec<String>,
    /// Lower-case identifiers: hosts, e-mail addresses, repo and service names.
    pub(super) idents: BTreeSet<String>,
    pub(super) relations: BTreeSet<String>,
    /// Relations said with a verb: "Amara is *mentored* by David" says
    /// what "Amara's mentor is David" says with a noun.
    pub(super) relation_verbs: BTreeSet<&'static str>,
    /// The name a relation stands beside ("the user's *son* Mateo", "her
    /// *mother*, Abena"): the relation says who Mateo is, and a statement
    /// that names Mateo without it is about the same person.
    pub(super) epithets: BTreeMap<String, String>,
    pub(super) numbers: BTreeSet<String>,
    pub(super) names: BTreeSet<String>,
    /// Names used as possessives ("Tom's brother"): the statement is about
    /// someone or something of theirs, not about them.
    pub(super) possessives: BTreeSet<String>,
    pub(super) negations: usize,
    /// Amounts of money as written after a currency sign, digits only
    /// ("£7.50" → "7.50").
    pub(super) amounts: BTreeSet<String>,
    /// The change words that announce a change (not a routine "leaves
    /// at"), in the order written.
    pub(super) change_words: Vec<&'static str>,
    /// Every word in order, lower-case, possessive 's dropped: the
    /// sentence's frame for [`slot_swap`].
    pub(super) frame: Vec<String>,
    /// For each word of `frame`, whether it was written as a possessive
    /// ("user's", "Tom’s", "his"): what follows it belongs to it.
    pub(super) owner: Vec<bool>,
    /// The first word, when it opens a run of capitalised words and is not
    /// a word in common use ("Seaview Vets stocks ...", "Erik Halvorsen's
    /// antenna"): a name that `names` leaves out (a sentence's first word
    /// is capitalised whatever it is, and the model learnt its name
    /// features without it). Read by [`names_swapped`] only.
    pub(super) opening_name: Option<String>,
    /// The text as read (numbers and abbreviations written one way), whose
    /// [`frame_tokens`] are the frame's words as written.
    pub(super) text: String,
    /// The text read as a setting, attribute and value
    /// ([`setting`](super::change::setting)): read once here, for the
    /// several checks of a pair that compare settings.
    pub(super) setting: Option<(String, String)>,
}

/// A word without its possessive "'s" (straight or curly apostrophe).
pub(super) fn without_possessive(w: &str) -> &str {
    w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w)
}

/// Units of measure and their spellings, one form each: "kilometres",
/// "kilometers" and "km" are one word to align.
pub(super) const UNIT_SPELLINGS: &[(&str, &str)] = &[
    ("kilometre", "km"), ("kilometer", "km"), ("kilo", "kg"), ("kilogram", "kg"), ("kilogramme", "kg"),
    ("gram", "g"), ("gramme", "g"), ("milligram", "mg"), ("microgram", "mcg"), ("litre", "l"), ("liter", "l"),
    ("millilitre", "ml"), ("milliliter", "ml"), ("metre", "m"), ("meter", "m"), ("centimetre", "cm"),
    ("centimeter", "cm"), ("millimetre", "mm"), ("millimeter", "mm"), ("gigabyte", "gb"), ("megabyte", "mb"),
    ("terabyte", "tb"), ("kilobyte", "kb"), ("mile", "mi"), ("pound", "lb"), ("lbs", "lb"), ("carat", "ct"),
];

/// Familiar kin words and the plain word they stand for: "the user's mum"
/// is "the user's mother", the same relation, the same subject.
pub(super) const KIN_SPELLINGS: &[(&str, &str)] = &[
    ("mum", "mother"), ("mom", "mother"), ("mummy", "mother"), ("mommy", "mother"), ("dad", "father"),
    ("daddy", "father"), ("grandma", "grandmother"), ("granny", "grandmother"), ("grandpa", "grandfather"),
    ("hubby", "husband"), ("kid", "child"), ("children", "child"), ("fiancé", "fiance"), ("fiancée", "fiance"),
];

/// Common abbreviations and the word they stand for, in any case: "the
/// prod DB" is "the production database". Only abbreviations with one usual
/// reading in what an agent remembers; those that are also names or words
/// ("Max", "apt", "Sun") are left out or read in context
/// (`canonical_abbreviations`).
pub(super) const ABBREVIATIONS: &[(&str, &str)] = &[
    ("prod", "production"), ("db", "database"), ("dbs", "databases"), ("repo", "repository"),
    ("repos", "repositories"), ("config", "configuration"), ("configs", "configurations"), ("env", "environment"),
    ("envs", "environments"), ("k8s", "Kubernetes"), ("postgresql", "Postgres"), ("app", "application"),
    ("apps", "applications"), ("mgr", "manager"), ("dept", "department"), ("appt", "appointment"), ("hrs", "hours"),
    ("mins", "minutes"), ("yrs", "years"), ("yr", "year"), ("wk", "week"), ("wks", "weeks"), ("govt", "government"),
    ("intl", "international"), ("uni", "university"), ("pwd", "password"), ("approx", "approximately"),
    ("info", "information"), ("admin", "administrator"), ("admins", "administrators"), ("js", "JavaScript"),
    ("ts", "TypeScript"), ("msg", "message"), ("qty", "quantity"), ("avg", "average"),
    ("msc", "Master of Science"), ("bsc", "Bachelor of Science"), ("mba", "Master of Business Administration"),
    ("mph", "miles per hour"), ("kph", "kilometres per hour"), ("2fa", "two-factor authentication"), ("mfa", "multi-factor authentication"), ("elem", "elementary"),
    // Notes' shorthand.
    ("incl", "including"), ("excl", "excluding"), ("w/", "with"), ("w/o", "without"), ("mtg", "meeting"), ("dbl", "double"),
];

/// Abbreviated weekdays, read only when capitalised and not followed by a
/// capitalised word ("Wed nights", not "Sun Li").
pub(super) const WEEKDAY_ABBREVIATIONS: &[(&str, &str)] = &[
    ("mon", "Monday"), ("tue", "Tuesday"), ("tues", "Tuesday"), ("wed", "Wednesday"), ("weds", "Wednesday"),
    ("thu", "Thursday"), ("thur", "Thursday"), ("thurs", "Thursday"), ("fri", "Friday"), ("sat", "Saturday"),
    ("sun", "Sunday"),
];

/// Abbreviated street kinds after a name or a number ("Elm St", "5th
/// Ave."), and titles before a name ("Prof. Baumann"): "St" before a name
/// is a saint.
pub(super) const STREET_ABBREVIATIONS: &[(&str, &str)] =
    &[("st", "Street"), ("ave", "Avenue"), ("rd", "Road"), ("blvd", "Boulevard"), ("ln", "Lane")];
pub(super) const TITLE_ABBREVIATIONS: &[(&str, &str)] = &[("prof", "Professor"), ("dr", "Doctor")];
/// The end of a company's name after a name ("Sedgewick Paddle Co.",
/// "Acme Corp"); before another capitalised word "Co." may be a county.
pub(super) const COMPANY_ABBREVIATIONS: &[(&str, &str)] =
    &[("co", "Company"), ("corp", "Corporation"), ("inc", "Incorporated"), ("ltd", "Limited"), ("bros", "Brothers"), ("soc", "Society"), ("assoc", "Association"), ("assn", "Association")];

/// Whole words spelt the British way that no suffix rule of
/// [`american_spelling`] reaches.
pub(super) const BRITISH_WORDS: &[(&str, &str)] = &[
    ("programme", "program"),
    ("programmes", "programs"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("licence", "license"),
    ("licences", "licenses"),
    ("grey", "gray"),
    ("tyre", "tire"),
    ("tyres", "tires"),
    ("aluminium", "aluminum"),
    ("mould", "mold"),
];

/// The American spelling of a lower-case word spelt the British way, by
/// its ending ("favourite", "organised", "centre", "travelled",
/// "fulfilment", "catalogue") or [`BRITISH_WORDS`]; `None` if it has none
/// of them. The caller checks the result is a word.
pub(super) fn american_spelling(w: &str) -> Option<String> {
    if let Some((_, a)) = BRITISH_WORDS.iter().find(|(b, _)| *b == w) {
        return Some(a.to_string());
    }
    // "colour", "favourite", "neighbourhood": not "four", "hour", "tour".
    if let Some(at) = w.find("our").filter(|&at| at >= 3 && w.len() >= 6) {
        return Some(format!("{}or{}", &w[..at], &w[at + 3..]));
    }
    // "organise(d/s)", "organising", "organisation(s)", "organiser(s)";
    // "analyse(d/s)".
    for (is, iz) in [("is", "iz"), ("ys", "yz")] {
        for end in ["e", "es", "ed", "ing", "ation", "ations", "er", "ers"] {
            if let Some(stem) = w.strip_suffix(end).and_then(|x| x.strip_suffix(is)).filter(|stem| stem.len() >= 3) {
                return Some(format!("{stem}{iz}{end}"));
            }
        }
    }
    // "centre(s)", "metre", "theatre".
    for (tre, ter) in [("tre", "ter"), ("tres", "ters")] {
        if let Some(stem) = w.strip_suffix(tre).filter(|stem| stem.len() >= 2) {
            return Some(format!("{stem}{ter}"));
        }
    }
    // "travelled", "cancelling", "labeller".
    for end in ["elled", "elling", "eller", "ellers"] {
        if let Some(stem) = w.strip_suffix(end).filter(|stem| stem.len() >= 3) {
            return Some(format!("{stem}el{}", &end[3..]));
        }
    }
    // "fulfilment", "enrolment(s)", "instalment".
    for end in ["lment", "lments"] {
        if let Some(stem) = w.strip_suffix(end).filter(|stem| stem.len() >= 3 && !stem.ends_with('l')) {
            return Some(format!("{stem}l{end}"));
        }
    }
    // "catalogue(s)", "dialogue".
    for (ogue, og) in [("ogue", "og"), ("ogues", "ogs")] {
        if let Some(stem) = w.strip_suffix(ogue).filter(|stem| stem.len() >= 3) {
            return Some(format!("{stem}{og}"));
        }
    }
    None
}

/// British spellings written the American way ("favourite" / "favorite",
/// "organised" / "organized", "centre" / "center"), so that a statement
/// and its restatement in the other spelling align word for word. A
/// respelling is taken only where WordNet knows the result, so "promise",
/// "exercise" or "devour" stay as written; names (capitalised words) stay
/// too. Hand-written: a handful of suffix rules checked against the
/// lexicon the judge already loads, where a spelling library would bring
/// a dictionary of its own.
pub(super) fn canonical_spellings(text: &str) -> Cow<'_, str> {
    let lex = Lexicon::get();
    rewrite_words(text, |text, start, end, _| {
        let w = &text[start..end];
        if !w.chars().all(|c| c.is_ascii_lowercase()) {
            return None;
        }
        american_spelling(w).filter(|a| lex.knows(a))
    })
}

/// One pass over the runs of ASCII letters of `text`, each given with its
/// place (`start..end`) and the run before it, replaced where `rewrite`
/// gives another word. Most statements need no rewriting and allocate
/// nothing: the copy starts at the first replacement.
pub(super) fn rewrite_words<'a>(text: &'a str, mut rewrite: impl FnMut(&str, usize, usize, &str) -> Option<String>) -> Cow<'a, str> {
    let mut out: Option<String> = None;
    let (mut copied, mut rest, mut before) = (0, 0, "");
    while let Some(start) = text[rest..].find(|c: char| c.is_ascii_alphabetic()).map(|k| rest + k) {
        let end = text[start..].find(|c: char| !c.is_ascii_alphabetic()).map_or(text.len(), |k| start + k);
        if let Some(a) = rewrite(text, start, end, before) {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 8));
            o.push_str(&text[copied..start]);
            o.push_str(&a);
            copied = end;
        }
        before = &text[start..end];
        rest = end;
    }
    match out {
        Some(mut o) => {
            o.push_str(&text[copied..]);
            Cow::Owned(o)
        }
        None => Cow::Borrowed(text),
    }
}

/// A statement without the list marker it was written with: "1. ",
/// "2) ", "- ", "* ", "• " at its start. Agents often note memories as
/// the items of a list, and "1. The user takes the 8:15 bus to work" is
/// the statement "The user takes the 8:15 bus to work", not one with
/// another number in it (read with the marker, it was judged an update of
/// that statement).
pub(super) fn without_list_marker(text: &str) -> &str {
    let t = text.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let rest = match digits {
        1 | 2 => t[digits..].strip_prefix(['.', ')']),
        _ => t.strip_prefix(['-', '*', '•', '+']),
    };
    match rest.and_then(|r| r.strip_prefix(' ')) {
        Some(r) if !r.trim().is_empty() => r.trim_start(),
        _ => text,
    }
}

/// The box a task list's item opens with, whether it is ticked, and the
/// task: "[ ] renew the passport" (open), "[x] renew the passport" (done).
/// A label says the same: "TODO: renew the passport" is open, "DONE:
/// renew the passport" done.
pub(super) fn task_box(text: &str) -> Option<(bool, &str)> {
    let t = text.trim_start();
    let label = |l: &str| t.get(..l.len()).is_some_and(|p| p.eq_ignore_ascii_case(l)).then(|| &t[l.len()..]);
    let (done, rest) = match t.get(..4) {
        Some("[ ] ") => (false, &t[4..]),
        Some("[x] " | "[X] ") => (true, &t[4..]),
        _ => match (label("todo: ").or_else(|| label("to do: ")), label("done: ")) {
            (Some(rest), _) => (false, rest),
            (None, Some(rest)) => (true, rest),
            (None, None) => return None,
        },
    };
    let rest = rest.trim_start();
    (!rest.is_empty()).then_some((done, rest))
}

/// Two items of a task list read without their boxes when both are ticked
/// alike: "[x] renew the passport" states what "[x] renew the passport."
/// does. Boxes ticked on one side and not on the other stay: an open
/// task and the same task done are a change of state
/// ([`task_done`](super::change::task_done)). So does a box on one side
/// only, as it was read before: whether a plain statement of the task
/// means it open or done, the box cannot say.
pub(super) fn without_boxes_alike<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    match (task_box(a), task_box(b)) {
        (Some((x, ra)), Some((y, rb))) if x == y => (ra, rb),
        _ => (a, b),
    }
}

// A date stamp that opens a note ("[2026-03-01] ") says when it was
// noted, which the entry's time says: read as a number, it made a stamped
// note and the plain statement updates of each other, and two notes
// stamped on two days differ in a number whatever they say. The judge
// reads a statement without it, as the embedding does.
pub(super) use crate::entry::without_date_stamp;

/// `text` without a note on the note that closes it: when it was
/// confirmed ("(confirmed 2026-03-01)", "[as of March 2026]"), where it
/// came from ("[source: onboarding chat]") or tags ("#units #prefs").
/// They say how the statement was kept, not what it says: "The user
/// prefers dark mode (confirmed 2026-03-01)" states what "The user
/// prefers dark mode" does. A date alone stays ("Flight to Rome
/// (2026-03-01)" says when the flight is), and so does "(since 2024)";
/// so does one tag within the sentence, which may be its value ("The
/// team's channel is #design-crit"): tags are set aside two or more, or
/// after the sentence's end.
pub(super) fn without_trailing_note(text: &str) -> &str {
    // A regex, not a scanner: a handful of optional forms, read once per
    // side of a judged pair.
    static NOTE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let date = r"(?:\d{4}-\d{2}(?:-\d{2})?(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z| ?UTC)?)?|\d{1,2} [A-Za-z]{3,9}\.? \d{4}|[A-Za-z]{3,9}\.? (?:\d{1,2}(?:st|nd|rd|th)?,? )?\d{4})";
        let when = r"(?i:as of|as at|confirmed|reconfirmed|updated|last updated|verified|last verified|checked|last checked|noted|recorded|added|seen|last seen)";
        let whence = r"(?i:source|sources|src|ref|from|via|per)\s*:\s*[^()\[\]]{1,80}";
        regex::Regex::new(&format!(
            r"(?:\s*[(\[](?:{when}(?: on)?:?\s+{date}|{whence})[)\]]|[.!?](?:\s+#[A-Za-z][\w-]*)+|(?:\s+#[A-Za-z][\w-]*){{2,}})\s*\.?\s*$"
        ))
        .expect("the note pattern is valid")
    });
    match NOTE.find(text) {
        Some(m) if !text[..m.start()].trim().is_empty() => &text[..m.start()],
        _ => text,
    }
}

/// A text as compared for being one text: trimmed, without a closing full
/// stop, lower-case, without accents.
pub(super) fn plain_text(text: &str) -> String {
    folded_lower(text.trim().trim_end_matches('.'))
}

/// The cosine to judge two statements at, and whether it was raised: 1
/// when they read as one text (but for case, accents and a closing full
/// stop), the
/// same statement written with a date stamp, a list marker or a closing
/// note ([`without_date_stamp`], [`without_list_marker`],
/// [`without_trailing_note`]) or another spelling of the words
/// [`signals`] writes one way, or one setting written with another sign
/// ("Timezone = UTC" / "Timezone: UTC"). The cosine given is
/// of the texts as written, and counts what the reading sets aside:
/// "2026-03-01 14:05 UTC: the user prefers dark mode" / "The user prefers
/// dark mode" have cosine 0.67, and P(duplicate) 0.39 at it.
pub(super) fn reading_cosine(a: &Signals, b: &Signals, cosine: f32) -> (f32, bool) {
    let one_setting = || a.setting.is_some() && a.setting == b.setting;
    if cosine < 1.0 && (plain_text(&a.text) == plain_text(&b.text) || one_setting()) {
        (1.0, true)
    } else {
        (cosine, false)
    }
}

/// Negations typed without their apostrophe ("doesnt", "havent"), read as
/// written with it by [`canonical_apostrophes`].
pub(super) const BARE_NEGATIONS: &[&str] = &[
    "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "couldnt", "wont", "wouldnt", "shouldnt",
    "hasnt", "havent", "hadnt", "mustnt", "neednt", "aint",
];

/// Apostrophes written one way, so that a negation or a possessive reads
/// alike however it was typed: a typographic apostrophe (’, ʼ) becomes ',
/// and a negation typed without one gets it back ("doesnt" → "doesn't").
/// Without this "The user doesn’t eat meat" or "The user doesnt eat meat"
/// read as "The user doesn eat meat", the duplicate of "The user eats
/// meat". "cant" and "wont" are words too ("as was his wont"): they are
/// read as negations only before another word and not after a determiner
/// or a possessive.
pub(super) fn canonical_apostrophes(text: &str) -> Cow<'_, str> {
    let restore = |text: &str, start: usize, end: usize, before: &str| -> Option<String> {
        let w = &text[start..end];
        // Most words end otherwise: "-nt" is read first, without a copy.
        let bare = w.len() >= 4 && w[w.len() - 2..].eq_ignore_ascii_case("nt") && BARE_NEGATIONS.iter().any(|b| b.eq_ignore_ascii_case(w));
        let joined = || text[..start].ends_with(|c: char| c.is_alphanumeric() || c == '\'') || text[end..].starts_with(|c: char| c.is_alphanumeric() || c == '\'');
        let a_word = || {
            let next = text[end..].strip_prefix(' ').is_some_and(|t| t.starts_with(|c: char| c.is_alphabetic()));
            let owned = ["a", "the", "his", "her", "its", "their", "my", "your", "our"].iter().any(|d| d.eq_ignore_ascii_case(before));
            !["cant", "wont"].iter().any(|c| c.eq_ignore_ascii_case(w)) || (next && !owned)
        };
        (bare && !joined() && a_word()).then(|| format!("{}'{}", &w[..w.len() - 1], &w[w.len() - 1..]))
    };
    if text.contains(['’', 'ʼ']) {
        let straight = text.replace(['’', 'ʼ'], "'");
        Cow::Owned(rewrite_words(&straight, restore).into_owned())
    } else {
        rewrite_words(text, restore)
    }
}

/// Abbreviations written out ([`ABBREVIATIONS`] and the weekdays, months,
/// streets, titles and company endings read in context), so that both
/// sides of a pair align word for word: "Harbor St. garage" / "Harbor
/// Street garage", "Wed nights" / "Wednesday nights", "Jul and Aug" /
/// "July and August". Hand-written: tables and a few context rules, far
/// smaller than any abbreviation-expansion library, and only expansions
/// that hold in agent memory.
pub(super) fn canonical_abbreviations(text: &str) -> Cow<'_, str> {
    let core = |w: &str| -> (usize, usize) {
        let start = w.len() - w.trim_start_matches(['(', '"', '\'']).len();
        let end = w.trim_end_matches([',', ';', ':', '.', '!', '?', ')', '"', '\'']).len().max(start);
        // "the DB's owner": the possessive stays after the word written out.
        (start, without_possessive(&w[..end]).len().max(start))
    };
    // Most statements hold no abbreviation: find out without allocating.
    let tables = || {
        ABBREVIATIONS.iter().chain(WEEKDAY_ABBREVIATIONS).chain(STREET_ABBREVIATIONS).chain(TITLE_ABBREVIATIONS).chain(COMPANY_ABBREVIATIONS)
    };
    let known = |w: &str| w.len() <= 10 && (tables().any(|(a, _)| a.eq_ignore_ascii_case(w)) || month_short(w).is_some() || w == "a.m" || w == "p.m");
    if !text.split_whitespace().any(|w| { let (s, e) = core(w); known(&w[s..e]) }) {
        return Cow::Borrowed(text);
    }
    let raw: Vec<&str> = text.split_whitespace().collect();
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let word = |k: usize| raw.get(k).map(|w| { let (s, e) = core(w); &w[s..e] });
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for (i, w) in raw.iter().enumerate() {
        let (s, e) = core(w);
        let c = &w[s..e];
        let l = c.to_lowercase();
        let find = |table: &[(&str, &'static str)]| table.iter().find(|(a, _)| *a == l).map(|(_, full)| *full);
        let next_cap = word(i + 1).is_some_and(capitalised);
        let prev = if i > 0 { word(i - 1) } else { None };
        let prev_name_or_number =
            prev.is_some_and(|p| capitalised(p) || p.chars().next().is_some_and(|c| c.is_ascii_digit()));
        // A month written short ("Jul and Aug", "Mar. (J. Tate)"): only
        // when capitalised, with its full stop or not before a capitalised
        // word ("Jan Pocock"), and never with a possessive ("Jan's
        // ferrets"). "May" is a month already.
        let (stop, possessive) = (w[e..].starts_with('.'), w[e..].starts_with('\''));
        let month = month_short(c).filter(|_| capitalised(c) && (stop || !next_cap) && !possessive);
        let in_context = month.map(with_capital).or_else(|| {
            match (capitalised(c), next_cap) {
                (true, false) => find(WEEKDAY_ABBREVIATIONS)
                    .or_else(|| find(STREET_ABBREVIATIONS).filter(|_| prev_name_or_number))
                    .or_else(|| find(COMPANY_ABBREVIATIONS).filter(|_| prev.is_some_and(capitalised))),
                (true, true) => find(TITLE_ABBREVIATIONS),
                _ => None,
            }
            .map(str::to_string)
        });
        // "a.m." and "p.m." after no time are a part of the day: "Sat a.m."
        // is "Saturday morning".
        // (A time may end a word: "9 a.m.–12.30 p.m.")
        let timed = prev.is_some_and(|p| p.starts_with(|c: char| c.is_ascii_digit()) || p.ends_with(|c: char| c.is_ascii_digit()));
        let day_part = (!timed).then(|| match l.as_str() {
            "a.m" => Some("morning".to_string()),
            "p.m" => Some("afternoon".to_string()),
            _ => None,
        });
        let full = in_context.or(day_part.flatten()).or_else(|| {
            find(ABBREVIATIONS).map(|f| {
                // A sentence's first word keeps its capital.
                if capitalised(c) && !capitalised(f) && i == 0 {
                    with_capital(f)
                } else {
                    f.to_string()
                }
            })
        });
        match full {
            // The abbreviation's own full stop goes with it.
            Some(f) => {
                let tail = &w[e..];
                let tail = if tail.starts_with('.') && i + 1 < raw.len() { &tail[1..] } else { tail };
                out.push(format!("{}{f}{tail}", &w[..s]));
            }
            None => out.push(w.to_string()),
        }
    }
    Cow::Owned(out.join(" "))
}

/// Roman numerals after a capitalised word, read as labels ("Act II" =
/// "Act 2"); "I", "V" and "X" alone are left as written.
pub(super) const ROMAN: &[(&str, &str)] = &[("II", "2"), ("III", "3"), ("IV", "4"), ("VI", "6"), ("VII", "7"), ("VIII", "8"), ("IX", "9")];

/// Ordinals in words with their values. The signals read "first" to
/// "sixth" as numbers themselves; [`ordinal_in_words`] writes the others
/// in figures.
pub(super) const ORDINALS: [(&str, u32); 21] = [
    ("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5), ("sixth", 6), ("seventh", 7), ("eighth", 8),
    ("ninth", 9), ("tenth", 10), ("eleventh", 11), ("twelfth", 12), ("thirteenth", 13), ("fourteenth", 14), ("fifteenth", 15),
    ("sixteenth", 16), ("seventeenth", 17), ("eighteenth", 18), ("nineteenth", 19), ("twentieth", 20), ("thirtieth", 30),
];

/// An ordinal from "seventh" to "thirty-first" written in words, alone or
/// at the head of a compound, in figures: "nineteenth-century" →
/// "19th-century", "twenty-first" → "21st". `None` for anything else.
pub(super) fn ordinal_in_words(w: &str) -> Option<String> {
    let core = w.trim_end_matches(|c: char| !c.is_alphanumeric());
    let parts: Vec<String> = core.split('-').map(str::to_lowercase).collect();
    let unit = |w: &str| ORDINALS[..9].iter().find(|(o, _)| *o == w).map(|(_, n)| *n);
    let (n, used) = match parts.as_slice() {
        [tens, u, ..] if (tens == "twenty" || tens == "thirty") && unit(u).is_some() => {
            (if tens == "twenty" { 20 } else { 30 } + unit(u)?, 2)
        }
        [head, ..] => (ORDINALS.iter().find(|(o, n)| o == head && *n >= 7)?.1, 1),
        [] => return None,
    };
    let suffix = match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    let rest: String = parts[used..].iter().map(|p| format!("-{p}")).collect();
    Some(format!("{n}{suffix}{rest}{}", &w[core.len()..]))
}

/// Numbers written as a sign or a word the number readers do not know:
/// "no. 47B" and "#47B" are "number 47B" ("no." is not a negation), "a
/// dozen" is 12, "Act II" is "Act 2", "nineteenth-century" is
/// "19th-century".
pub(super) fn numbers_named(text: &str) -> Cow<'_, str> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    // "no. 14", and "no. fourteen" with the number in words.
    let digit_next = |i: usize| {
        raw.get(i + 1).is_some_and(|n| {
            n.starts_with(|c: char| c.is_ascii_digit())
                || (n.starts_with(|c: char| c.is_lowercase())
                    && number_words(&[n.trim_end_matches([',', '.', ';', ')']).to_string()]).is_some())
        })
    };
    let roman = |w: &str| ROMAN.iter().find(|(r, _)| *r == w.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']));
    let sign = |w: &str| w.strip_prefix('#').is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
    // "£85 p.a." is "£85 per annum", a year.
    let per_annum = |w: &str| w.trim_end_matches([',', ';', ')']).eq_ignore_ascii_case("p.a.") || w.eq_ignore_ascii_case("p.a");
    // "£12.50 pp" is "£12.50 per person" after an amount ("pp. 12-15"
    // are pages).
    let per_person = |i: usize, w: &str| {
        let w = w.trim_end_matches([',', ';', ')', '.']).to_ascii_lowercase();
        (w == "pp" || w == "p.p") && i > 0 && raw[i - 1].starts_with(|c: char| c.is_ascii_digit() || CURRENCY.contains(&c))
    };
    let hit = |i: usize, w: &str| {
        (w.eq_ignore_ascii_case("no.") && digit_next(i))
            || sign(w)
            || ordinal_in_words(w).is_some()
            || (w.eq_ignore_ascii_case("dozen") && i > 0 && raw[i - 1].eq_ignore_ascii_case("a"))
            || (i > 0 && raw[i - 1].starts_with(char::is_uppercase) && roman(w).is_some())
            || per_annum(w)
            || per_person(i, w)
    };
    if !raw.iter().enumerate().any(|(i, w)| hit(i, w)) {
        return Cow::Borrowed(text);
    }
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for (i, w) in raw.iter().enumerate() {
        if !hit(i, w) {
            out.push(w.to_string());
        } else if w.eq_ignore_ascii_case("no.") {
            out.push(if w.starts_with('N') { "Number" } else { "number" }.to_string());
        } else if sign(w) {
            out.push(format!("number {}", &w[1..]));
        } else if let Some(o) = ordinal_in_words(w) {
            out.push(o);
        } else if w.eq_ignore_ascii_case("dozen") {
            out.pop();
            // "half a dozen" is 6.
            let half = i > 1 && raw[i - 2].eq_ignore_ascii_case("half");
            if half {
                out.pop();
            }
            out.push(if half { "6" } else { "12" }.to_string());
        } else if per_annum(w) {
            out.push(format!("per annum{}", w.get(4..).unwrap_or("")));
        } else if per_person(i, w) {
            let core = w.trim_end_matches([',', ';', ')', '.']).len();
            out.push(format!("per person{}", &w[core..]));
        } else if let Some((r, n)) = roman(w) {
            out.push(w.replacen(r, n, 1));
        }
    }
    Cow::Owned(out.join(" "))
}

impl Signals {
    /// Whether every relation of `other` is one of ours, named or said
    /// with a verb, or stands beside a name we say: "Mateo transferred to
    /// Hawthorne Academy" is about "the user's son Mateo".
    pub(super) fn relations_cover(&self, other: &Signals) -> bool {
        other.relations.iter().all(|r| self.relations_cover_one(r, other))
    }

    /// Whether `other`'s relation `r` is one of ours ([`Signals::relations_cover`]).
    pub(super) fn relations_cover_one(&self, r: &str, other: &Signals) -> bool {
        self.relations.contains(r) || self.relation_verbs.contains(r) || other.epithets.get(r).is_some_and(|n| self.words.contains(n))
    }
}

/// The same kin and roles on both sides, each named or said with a verb.
pub(super) fn same_relations(a: &Signals, b: &Signals) -> bool {
    a.relations_cover(b) && b.relations_cover(a)
}

pub(super) fn normalise(w: &str) -> String {
    let w = normalise_word(w);
    UNIT_SPELLINGS.iter().chain(KIN_SPELLINGS).find(|(long, _)| *long == w).map_or(w, |(_, short)| short.to_string())
}

/// A text in lower case without its accents: "Škoda" / "Skoda", "café" /
/// "cafe"; and the letters with a stroke or a ligature that no
/// decomposition reaches, by hand: "Wrocław" / "Wroclaw", "Søren" /
/// "Soren", "Straße".
pub(super) fn folded_lower(w: &str) -> String {
    if w.is_ascii() {
        return w.to_lowercase();
    }
    let mut out = String::with_capacity(w.len());
    for c in w.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase) {
        match c {
            'ł' => out.push('l'),
            'ø' => out.push('o'),
            'đ' => out.push('d'),
            'ı' => out.push('i'),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn normalise_word(w: &str) -> String {
    let w = folded_lower(w);
    let w = without_possessive(&w).to_string();
    // A light stemmer: enough to align "works"/"work", "meetings"/"meeting",
    // "likes"/"like", "boxes"/"box", "policies"/"policy".
    if w.len() <= 3 {
        return w;
    }
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suf in ["sses", "xes", "zes", "ches", "shes"] {
        if w.ends_with(suf) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        return w[..w.len() - 1].to_string();
    }
    w
}

/// Canonical forms for values written several ways: "2,400" → "2400",
/// "2 p.m." → "14:00", "10:00" → "10:00".
pub(super) fn canonical_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // A comma between digits: a thousands separator before three
        // digits ("2,400", "1,80,000"), a decimal comma before the two of an amount of
        // money ("4,80 €", "€4,80"); otherwise it stays.
        if chars[i] == ',' && i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            let digits = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            // (Two digits before another separator group as in India:
            // "₹1,80,000".)
            let grouped = chars.get(i + 1 + digits) == Some(&',') && chars.get(i + 2 + digits).is_some_and(|c| c.is_ascii_digit());
            if digits == 3 || (digits == 2 && grouped) {
                i += 1;
                continue;
            }
            let start = chars[..i].iter().rposition(|c| !c.is_ascii_digit()).map_or(0, |p| p + 1);
            let sign_before = start > 0 && CURRENCY.contains(&chars[start - 1]);
            let after = chars[i + 1 + digits..].iter().find(|c| **c != ' ');
            if digits == 2 && (sign_before || after.is_some_and(|c| CURRENCY.contains(c))) {
                out.push('.');
                i += 1;
                continue;
            }
        }
        let after_digit = i > 0 && chars[i - 1].is_ascii_digit();
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        // "45-minute", "a 4-year-old": the number and its unit.
        if chars[i] == '-' && after_digit && next.is_alphabetic() {
            out.push(' ');
            i += 1;
            continue;
        }
        // "9–11 October", "08:00-18:00": a range. (ISO dates keep theirs.)
        let time_before = out.rsplit(' ').next().is_some_and(|w| w.contains(':'));
        if after_digit && next.is_ascii_digit() && (chars[i] == '–' || (chars[i] == '-' && time_before)) {
            out.push_str(" to ");
            i += 1;
            continue;
        }
        // "8 p.m.–midnight", "9am–noon": a range from a time.
        let meridiem_before = ["a.m.", "p.m."].iter().any(|m| out.ends_with(m))
            || (["am", "pm"].iter().any(|m| out.ends_with(m)) && out[..out.len() - 2].ends_with(|c: char| c.is_ascii_digit() || c == ' '));
        if chars[i] == '–' && meridiem_before && next.is_alphanumeric() {
            out.push_str(" to ");
            i += 1;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    // "two-bedroom", "five-a-side", "forty-eight-channel": a number word
    // and what it counts ("twenty-one" stays one number).
    let out: String = out
        .split(' ')
        .map(|w| {
            w.rmatch_indices('-')
                .map(|(k, _)| k)
                .find(|&k| {
                    let next = w[k + 1..].split('-').next().unwrap_or("");
                    number_words(&[w[..k].to_string()]).is_some() && number_words(&[next.to_string()]).is_none()
                })
                .map_or_else(|| w.to_string(), |k| format!("{} {}", &w[..k], &w[k + 1..]))
        })
        .collect::<Vec<_>>()
        .join(" ");
    // "2 p.m." / "10 a.m." / "8.30 am" / "7.05pm" → 24-hour "HH:MM"; the
    // start of a range takes its end's meridiem ("6.30 to 8 pm" is 18:30
    // to 20:00, "11 to 7 pm" 11:00 to 19:00).
    let mut fixed = String::with_capacity(out.len());
    let words: Vec<&str> = out.split(' ').collect();
    // A 12-hour clock reading: "8", "8.30", "8:30".
    let twelve = |w: &str| -> Option<(u32, u32)> {
        let (h, m) = match w.split_once(['.', ':']) {
            Some((h, m)) if m.len() == 2 => (h.parse().ok()?, m.parse().ok()?),
            Some(_) => return None,
            None => (w.parse().ok()?, 0),
        };
        ((1..=12).contains(&h) && m < 60).then_some((h, m))
    };
    const PUNCTUATION: [char; 6] = [',', ';', '!', '?', ')', '.'];
    // "7.05pm", "10pm,": a 12-hour reading with its meridiem written onto
    // it, and whether that is pm.
    let written_on = |w: &str| -> Option<((u32, u32), bool)> {
        let body = w.trim_end_matches(PUNCTUATION).to_lowercase();
        let (t, pm) = body.strip_suffix("pm").map(|t| (t, true)).or_else(|| body.strip_suffix("am").map(|t| (t, false)))?;
        twelve(t).map(|t| (t, pm))
    };
    let mut j = 0;
    while j < words.len() {
        let w = words[j];
        let at = |k: usize| words.get(k).copied().unwrap_or("");
        let reading = if let (Some(t), Some(pm)) = (twelve(w), meridiem(at(j + 1))) {
            Some((t, pm, 2))
        } else if let Some((t, pm)) = written_on(w) {
            Some((t, pm, 1))
        } else if let (Some((h, m)), true, Some(((h2, m2), pm))) = (
            twelve(w),
            ["to", "until", "till"].contains(&at(j + 1)),
            // The end's meridiem after it ("8 to 10 pm") or written onto
            // it ("8 to 10pm").
            twelve(at(j + 2)).zip(meridiem(at(j + 3))).or_else(|| written_on(at(j + 2))),
        ) {
            // The start of a range before the end's hour is in the same
            // half of the day.
            let earlier = (h % 12) * 60 + m < (h2 % 12) * 60 + m2;
            Some(((h, m), if earlier { pm } else { !pm }, 1))
        } else {
            None
        };
        if let Some(((h, m), pm, used)) = reading {
            fixed.push_str(&format!("{:02}:{m:02}", hour24(h, pm)));
            // The punctuation after the meridiem (not its dots); a range's
            // start has none (its reading takes digits alone).
            let tail: String = if used == 2 {
                words[j + 1].chars().filter(|c| !c.is_alphanumeric() && *c != '.').collect()
            } else {
                w[w.trim_end_matches(PUNCTUATION).len()..].to_string()
            };
            fixed.push_str(&tail);
            fixed.push(' ');
            j += used;
            continue;
        }
        fixed.push_str(w);
        fixed.push(' ');
        j += 1;
    }
    canonical_phrases(&canonical_currency(&canonical_values(&days_spelled_out(&fixed))))
}

/// Days of the week written short ("Mon–Fri", "every Thu.", "Tue to Sat")
/// as their names, so that "Mon to Fri" reads as "weekdays" and "Tue–Sat"
/// as "Tuesday to Saturday". Only a capitalised abbreviation after a word
/// days follow ("on", "every", "from", "to", "and", ...) or before one they
/// precede ("to", "and", ...): "Sat in the garden", "reads the Sun on the
/// train" and "Sun Life" stay as written.
pub(super) fn days_spelled_out(text: &str) -> Cow<'_, str> {
    const SHORT: [(&str, &str); 10] = [
        ("Mon", "Monday"), ("Tue", "Tuesday"), ("Tues", "Tuesday"), ("Wed", "Wednesday"), ("Thu", "Thursday"),
        ("Thur", "Thursday"), ("Thurs", "Thursday"), ("Fri", "Friday"), ("Sat", "Saturday"), ("Sun", "Sunday"),
    ];
    const BEFORE: [&str; 12] = ["on", "every", "each", "from", "to", "until", "till", "and", "or", "through", "thru", "except"];
    const AFTER: [&str; 7] = ["to", "until", "till", "and", "or", "through", "thru"];
    fn bare(w: &str) -> &str {
        w.trim_end_matches(['.', ',', ';', ')'])
    }
    let words: Vec<&str> = text.split(' ').collect();
    let short = |w: &str| {
        let b = bare(w);
        SHORT.iter().find(|(s, _)| *s == b).map(|(_, day)| *day)
    };
    // "Mon–Fri", "Tue-Sat": a range of days in one word; "Sat/Sun".
    let range = |w: &str| -> Option<String> {
        let b = bare(w);
        // ("Sat/Sun": the two days, not a range.)
        let (x, y) = b.split_once(['–', '-', '/'])?;
        let join = if b.contains('/') { "and" } else { "to" };
        let day = |d: &str| -> Option<String> {
            short(d).map(str::to_string).or_else(|| CALENDAR[..7].iter().any(|c| d.eq_ignore_ascii_case(c)).then(|| d.to_string()))
        };
        Some(format!("{} {join} {}{}", day(x)?, day(y)?, &w[b.len()..].trim_start_matches('.')))
    };
    if !words.iter().any(|w| short(w).is_some() || range(w).is_some()) {
        return Cow::Borrowed(text);
    }
    let out: Vec<String> = (0..words.len())
        .map(|i| {
            let w = words[i];
            if let Some(r) = range(w) {
                return r;
            }
            let before = i > 0 && (BEFORE.contains(&bare(words[i - 1]).to_lowercase().as_str()) || short(words[i - 1]).is_some());
            let after = words.get(i + 1).is_some_and(|n| AFTER.contains(&bare(n)) || short(n).is_some());
            // "from Sun Life Tower": a name goes on.
            let named = words.get(i + 1).is_some_and(|n| n.starts_with(char::is_uppercase) && short(n).is_none() && month(n).is_none());
            match short(w) {
                Some(day) if (before || after) && !named => format!("{day}{}", &w[bare(w).len()..].trim_start_matches('.')),
                _ => w.to_string(),
            }
        })
        .collect();
    Cow::Owned(out.join(" "))
}

/// The last pass over values, once numbers are digits and clock times are
/// `HH:MM`: phone numbers written in groups, versions with a "v", hours
/// given with a part of the day, hour ranges with one meridiem, and
/// frequencies counted in units ("every two weeks", "every 14 days",
/// "every other week" are all "fortnightly").
pub(super) fn canonical_phrases(text: &str) -> String {
    // Every case below needs a digit, "every"/"each" or "midday": most
    // statements are copied through at once (this runs twice per pair).
    let lower_text = text.to_ascii_lowercase();
    if !text.bytes().any(|b| b.is_ascii_digit()) && !["every", "each", "midday", "alternate"].iter().any(|k| lower_text.contains(k)) {
        return text.to_string();
    }
    let raw: Vec<&str> = text.split_whitespace().collect();
    // Each word without its punctuation.
    let words: Vec<&str> = raw.iter().map(|w| w.trim_matches(|c: char| matches!(c, ',' | ';' | '!' | '?' | ')' | '(' | '.'))).collect();
    let is = |k: usize, w: &str| words.get(k).is_some_and(|x| x.eq_ignore_ascii_case(w));
    // The punctuation a word ends with, to keep after its replacement.
    let tail = |w: &str| -> String {
        let body = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        w[body.len()..].to_string()
    };
    let digits_only = |w: &str| w.chars().any(|c| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_digit() || c == '-');
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let w = words[i];
        // "+1 (808) 555-0142" / "+1 808 555 0142": one number, its digits.
        // Groups follow without punctuation between them; an area code in
        // parentheses only right after the country code.
        if w.starts_with('+') && digits_only(&w[1..]) {
            let mut j = i + 1;
            while j < raw.len()
                && digits_only(words[j])
                && !raw[j - 1].ends_with([',', '.', ';'])
                && (!raw[j].starts_with('(') || j == i + 1)
            {
                j += 1;
            }
            let number: String = words[i..j].concat().chars().filter(|c| c.is_ascii_digit()).collect();
            if number.len() >= 7 {
                out.push(format!("+{number}{}", tail(raw[j - 1])));
                i = j;
                continue;
            }
        }
        // "v1.27" is version 1.27, "v18" version 18 ("V8" is an engine).
        let version = |v: &&str| v.chars().all(|c| c.is_ascii_digit() || c == '.') && !v.is_empty() && (v.contains('.') || w.starts_with('v'));
        if let Some(v) = w.strip_prefix(['v', 'V']).filter(version) {
            out.push(raw[i].replacen(w, v, 1));
            i += 1;
            continue;
        }
        // "half past seven in the evening" (07:30 by now) → 19:30; "five
        // in the afternoon" → 17:00; "two at night" → 02:00.
        let clock = clock_time(w);
        let hour = clock.or_else(|| w.parse::<u32>().ok().map(|h| (h, 0))).filter(|(h, _)| (1..=12).contains(h));
        // Only an hour: a clock time, or a number after "at", "by", "from",
        // "until" or "around" ("takes 2 in the morning" is a dose), in one
        // clause.
        let at_hour = clock.is_some() || (i > 0 && ["at", "by", "from", "until", "around", "between"].iter().any(|p| is(i - 1, p)));
        let clause = |k: usize| raw[i..i + k].iter().all(|r| !r.ends_with([',', '.', ';', ':']));
        if let Some((h, m)) = hour.filter(|_| at_hour) {
            let part = if is(i + 1, "in") && is(i + 2, "the") && is(i + 3, "morning") {
                Some((false, 3))
            } else if is(i + 1, "in") && is(i + 2, "the") && (is(i + 3, "afternoon") || is(i + 3, "evening")) {
                Some((true, 3))
            } else if is(i + 1, "at") && is(i + 2, "night") {
                Some((h != 12 && h >= 6, 2))
            } else {
                None
            };
            if let Some((pm, used)) = part.filter(|(_, used)| clause(*used)) {
                out.push(format!("{:02}:{m:02}{}", hour24(h, pm), tail(raw[i + used])));
                i += used + 1;
                continue;
            }
            // "between 6 and 7 p.m." (6 and 19:00 by now): the meridiem of
            // the range's end is its start's too.
            let end = words.get(i + 2).and_then(|e| e.strip_suffix(":00")).and_then(|e| e.parse::<u32>().ok());
            if clock.is_none() && i > 0 && is(i - 1, "between") && is(i + 1, "and") && end.is_some_and(|e| (13..24).contains(&e) && h < 12 && h + 12 < e) {
                out.push(raw[i].replacen(w, &format!("{:02}:00", h + 12), 1));
                i += 1;
                continue;
            }
        }
        if is(i, "midday") {
            out.push(format!("12:00{}", tail(raw[i])));
            i += 1;
            continue;
        }
        // "on alternate Tuesdays" is "fortnightly on Tuesdays", "alternate
        // weeks" "fortnightly".
        if is(i, "alternate") {
            let next = words.get(i + 1).map(|u| u.to_ascii_lowercase()).unwrap_or_default();
            if CALENDAR[..7].iter().any(|d| next.starts_with(d)) {
                out.push("fortnightly".to_string());
                i += 1;
                continue;
            }
            if next == "week" || next == "weeks" {
                out.push(format!("fortnightly{}", tail(raw[i + 1])));
                i += 2;
                continue;
            }
        }
        // "every two weeks" (2 weeks by now), "every 14 days", "every other
        // week", "each 3 months": one frequency.
        if is(i, "every") || is(i, "each") {
            let unit = words.get(i + 2).map(|u| u.to_ascii_lowercase()).unwrap_or_default();
            let unit = unit.strip_suffix('s').unwrap_or(&unit);
            let weekday = CALENDAR[..7].iter().any(|d| unit.starts_with(d));
            // "every second Tuesday" is every other one.
            let second = (is(i + 1, "second") || is(i + 1, "2nd")) && (CALENDAR[..7].contains(&unit) || FREQUENCY_UNITS.iter().any(|(f, _)| *f == unit));
            let n = if is(i + 1, "other") || second { Some(2) } else { words.get(i + 1).and_then(|n| n.parse::<u32>().ok()).filter(|n| *n > 0) };
            let (n, unit) = match (n, unit) {
                (Some(n), "day") if n % 7 == 0 => (Some(n / 7), "week"),
                other => other,
            };
            let word = match (n, unit) {
                (Some(1), "day") => Some("daily".to_string()),
                (Some(1), "hour" | "week" | "month" | "year") => Some(format!("{unit}ly")),
                (Some(2), "week") => Some("fortnightly".to_string()),
                (Some(n), "hour" | "day" | "week" | "month" | "year") => Some(format!("every{n}{unit}s")),
                _ => None,
            };
            if let Some(word) = word {
                out.push(format!("{word}{}", tail(raw[i + 2])));
                i += 3;
                continue;
            }
            // "every other Wednesday" is "fortnightly on Wednesday(s)".
            if (second || is(i + 1, "other")) && weekday {
                out.push(format!("fortnightly{}", tail(raw[i + 1])));
                i += 2;
                continue;
            }
            if second {
                out.push(raw[i].to_string());
                out.push(format!("other{}", tail(raw[i + 1])));
                i += 2;
                continue;
            }
        }
        out.push(raw[i].to_string());
        i += 1;
    }
    out.join(" ")
}

/// A date written with slashes, as `YYYY-MM-DD` (or `MM-DD`): day first or
/// month first, whichever the numbers allow ("30/09/2024", "9/30/2024");
/// none where both could be a month ("3/4/2024"). Without a year only after
/// a word that introduces a date ("on 3/14"): "24/7" and "1/2" are no
/// dates.
pub(super) fn slash_date(w: &str, before: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = w.split('/').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let (a, b): (u32, u32) = (parts[0].parse().ok()?, parts[1].parse().ok()?);
    let (d, m) = match (a, b) {
        (a, b) if a > 12 && (1..=31).contains(&a) && (1..=12).contains(&b) => (a, b),
        (a, b) if b > 12 && (1..=31).contains(&b) && (1..=12).contains(&a) => (b, a),
        _ => return None,
    };
    match parts.get(2) {
        Some(y) => year(y).map(|y| format!("{y}-{m:02}-{d:02}")),
        None => {
            let before = before?;
            ["on", "by", "until", "till", "before", "after", "since", "from", "due"]
                .iter()
                .any(|p| p.eq_ignore_ascii_case(before))
                .then(|| format!("{m:02}-{d:02}"))
        }
    }
}

/// `text` with a date written with slashes that reads day first as well
/// as month first ("04/09/2024", which [`slash_date`] leaves as three
/// numbers) written as the date `other` says, where `other` says one of
/// the two: "set for 04/09/2024" / "scheduled for April 9, 2024". So is a
/// day and month without a year ("between 01/07 and 31/08" / "between 1
/// July and 31 August"), which `slash_date` reads only after a word that
/// introduces a date.
pub(super) fn slash_dates_as_other<'a>(text: &'a str, other: &str) -> Cow<'a, str> {
    let parts = |w: &str| -> Option<(u32, u32, u32)> {
        let p: Vec<&str> = w.split('/').collect();
        let (a, b) = (p.first()?.parse::<u32>().ok()?, p.get(1)?.parse::<u32>().ok()?);
        let y = year(p.get(2)?)?;
        (p.len() == 3 && (1..=12).contains(&a) && (1..=12).contains(&b) && p[0].len() <= 2 && p[1].len() <= 2).then_some((a, b, y))
    };
    // Without a year: day and month, or month and day ("01/07", "31/08").
    let day_month = |w: &str| -> Option<(u32, u32)> {
        let (a, b) = w.split_once('/')?;
        let short = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit());
        (short(a) && short(b)).then_some(())?;
        Some((a.parse().ok()?, b.parse().ok()?))
    };
    let core = |w: &str| w.trim_end_matches([',', ';', '.', ')', '!', '?']).len();
    if !text.split_whitespace().any(|w| parts(&w[..core(w)]).is_some() || day_month(&w[..core(w)]).is_some()) {
        return Cow::Borrowed(text);
    }
    let theirs = &read(other).numbers;
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            let k = core(w);
            if let Some((a, b)) = day_month(&w[..k]) {
                // Written out as a day and a month's name, which reads as
                // the date `other` gives.
                let valid = |m: u32, d: u32| (1..=12).contains(&m) && (1..=31).contains(&d);
                let said = [(b, a), (a, b)]
                    .into_iter()
                    .find(|&(m, d)| valid(m, d) && (theirs.contains(&format!("{m:02}-{d:02}")) || theirs.contains(&format!("{m}-{d:02}"))));
                return said.map_or_else(|| w.to_string(), |(m, d)| format!("{d} {}{}", with_capital(MONTHS[m as usize - 1]), &w[k..]));
            }
            let Some((a, b, y)) = parts(&w[..k]) else { return w.to_string() };
            let said = [(a, b), (b, a)].into_iter().map(|(m, d)| format!("{y}-{m:02}-{d:02}")).find(|date| theirs.contains(date));
            said.map_or_else(|| w.to_string(), |date| format!("{date}{}", &w[k..]))
        })
        .collect();
    Cow::Owned(words.join(" "))
}

/// A range of days in one month at the start of `words`: "9 to 11
/// October", "3-7 November", "October 9 to 11" (an en dash is " to " by
/// now): the first and last day, the month and how many words it took.
pub(super) fn day_range(words: &[String]) -> Option<(u32, u32, u32, usize)> {
    let w = |k: usize| words.get(k).map(String::as_str).unwrap_or("");
    let span = |k: usize| -> Option<(u32, u32, usize)> {
        if let Some((a, b)) = w(k).split_once('-') {
            return Some((day(a)?, day(b)?, 1));
        }
        let to = ["to", "through", "until", "till"].iter().any(|t| t.eq_ignore_ascii_case(w(k + 1)));
        to.then_some(())?;
        Some((day(w(k))?, day(w(k + 2))?, 3))
    };
    let ordered = |(a, b, used): (u32, u32, usize)| (a < b).then_some((a, b, used));
    if let Some((a, b, used)) = span(0).and_then(ordered) {
        if let Some(m) = month(w(used)) {
            return Some((a, b, m, used + 1));
        }
    }
    let m = month(w(0))?;
    let (a, b, used) = span(1).and_then(ordered)?;
    Some((a, b, m, used + 1))
}

/// Units written on to an amount, split off: "5mg" → ("5", "mg"),
/// "$45/month" → ("$45", "per month"). Only units with one reading ("5m"
/// could be minutes, metres or millions; "5C" is a model).
pub(super) fn amount_and_unit(w: &str) -> Option<(&str, String)> {
    let is_amount = |a: &str| {
        let digits = a.trim_start_matches(CURRENCY);
        !digits.is_empty() && digits.parse::<f64>().is_ok()
    };
    if let Some((amount, per)) = w.split_once('/') {
        let unit = match per.to_lowercase().as_str() {
            "hour" | "hr" | "h" => "hour",
            "day" | "d" => "day",
            "night" => "night",
            "week" | "wk" => "week",
            "month" | "mo" => "month",
            "year" | "yr" | "y" => "year",
            _ => return None,
        };
        return is_amount(amount).then(|| (amount, format!("per {unit}")));
    }
    let split = w.find(|c: char| c.is_ascii_alphabetic())?;
    let (amount, unit) = w.split_at(split);
    if !is_amount(amount) {
        return None;
    }
    const UNITS: &[&str] = &[
        "mg", "mcg", "g", "kg", "km", "ml", "l", "lb", "lbs", "oz", "kb", "mb", "gb", "tb", "kbps", "mbps", "gbps", "mph",
        "kph", "hz", "khz", "mhz", "ghz", "cm", "mm", "ft", "hr", "hrs", "min", "mins", "ms", "kw", "kwh", "ct", "sqft",
        "sqm",
    ];
    let lower = unit.to_lowercase();
    // "300Mbps" is read as "300 Mbps" would be: its abbreviation written out.
    let unit = ABBREVIATIONS.iter().find(|(a, _)| *a == lower).map_or(unit, |(_, full)| full);
    UNITS.contains(&lower.as_str()).then(|| (amount, unit.to_string()))
}

/// "9:30" as (9, 30).
pub(super) fn clock_time(w: &str) -> Option<(u32, u32)> {
    let (h, m) = w.split_once(':')?;
    Some((h.parse().ok()?, m.parse().ok()?))
}

/// Whether a word is a meridiem, and which: "a.m." / "am" (false), "p.m." /
/// "pm" (true). "10 am." ends a sentence: its full stop is not part of
/// the word.
pub(super) fn meridiem(w: &str) -> Option<bool> {
    let n = w.to_lowercase();
    let n = n.trim_end_matches([',', ';', '!', '?', ')', '.']);
    if n.starts_with("a.m") || n == "am" {
        Some(false)
    } else if n.starts_with("p.m") || n == "pm" {
        Some(true)
    } else {
        None
    }
}

/// A 12-hour clock hour in 24-hour time.
pub(super) fn hour24(h: u32, pm: bool) -> u32 {
    match (pm, h) {
        (true, h) if h < 12 => h + 12,
        (false, 12) => 0,
        _ => h,
    }
}

/// Currency signs that may stand before an amount.
pub(super) const CURRENCY: [char; 5] = ['$', '€', '£', '¥', '₹'];

/// Currencies as a code or in words, with the sign [`CURRENCY`] writes
/// them with, if any: (code, sign, the words after an amount, longest
/// first). "GBP 650", "650 pounds" and "£650" are one amount; "CHF 42"
/// and "42 Swiss francs" too, written "CHF 42".
pub(super) const CURRENCY_NAMES: &[(&str, &str, &[&str])] = &[
    ("CAD", "", &["canadian dollars", "canadian dollar"]),
    ("AUD", "", &["australian dollars", "australian dollar"]),
    ("NZD", "", &["new zealand dollars", "new zealand dollar"]),
    ("HKD", "", &["hong kong dollars", "hong kong dollar"]),
    ("SGD", "", &["singapore dollars", "singapore dollar"]),
    ("USD", "$", &["us dollars", "dollars", "dollar"]),
    ("GBP", "£", &["pounds sterling", "pounds", "pound", "quid"]),
    ("EUR", "€", &["euros", "euro"]),
    ("JPY", "¥", &["japanese yen", "yen"]),
    ("INR", "₹", &["indian rupees", "rupees", "rupee"]),
    ("CHF", "", &["swiss francs", "swiss franc", "francs"]),
    ("SEK", "", &["swedish kronor", "kronor"]),
    ("NOK", "", &["norwegian kroner"]),
    ("DKK", "", &["danish kroner"]),
];

/// Amounts of money in one form: the sign before the amount where the
/// currency has one ("650 pounds", "GBP 650", "seven pounds fifty" by now
/// "7 pounds 50" → "£650", "£7.50"), else the code ("42 Swiss francs" →
/// "CHF 42"). "Pounds" of weight ("20 pounds of flour", a statement that
/// says "weighs") stay as written. Runs after number words are digits.
/// Hand-written: a table of the currencies agent memory meets, smaller
/// than a money-parsing library and read in the judge's own tokens.
pub(super) fn canonical_currency(text: &str) -> Cow<'_, str> {
    let lower = text.to_lowercase();
    // (A sign after the amount, as in much of Europe: "4.80 €", "4.80€".)
    let sign_after = |sign: &str| {
        !sign.is_empty() && text.match_indices(sign).any(|(k, _)| text[..k].trim_end_matches(' ').ends_with(|c: char| c.is_ascii_digit()))
    };
    // Pence or cents alone: "28 pence", "28p", "12 euro cents".
    let pence = |w: &str| w.strip_suffix('p').is_some_and(|n| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
    // (As words: "percent" and "recent" hold no minor unit.)
    let minor_word = lower.split(|c: char| !c.is_alphanumeric()).any(|w| matches!(w, "pence" | "cent" | "cents"));
    let minor = minor_word || text.split_whitespace().any(|w| pence(w.split('/').next().unwrap_or(w).trim_end_matches([',', ';', '.', ')'])));
    let named = CURRENCY_NAMES.iter().any(|(code, sign, words)| text.contains(code) || words.iter().any(|x| lower.contains(x)) || sign_after(sign));
    fn dollar_prefix(w: &str) -> Option<(&str, &'static str)> {
        DOLLAR_PREFIXES.iter().find_map(|(p, code)| w.strip_prefix(p).map(|n| (n, *code)))
    }
    let prefixed = text.contains('$') && text.split_whitespace().any(|w| dollar_prefix(w).is_some());
    if !named && !minor && !prefixed && !text.contains("Rs") {
        return Cow::Borrowed(text);
    }
    let raw: Vec<&str> = text.split_whitespace().collect();
    let bare = |w: &str| w.trim_end_matches([',', ';', '!', '?', ')', '.', ':']).to_string();
    // The amount a word starts with: digits, thousands commas, a decimal
    // part ("240/month" → "240").
    fn leading_amount(w: &str) -> &str {
        let end = w.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(w.len());
        w[..end].trim_end_matches(['.', ','])
    }
    // A word that is an amount and nothing else.
    let amount = |w: &str| -> Option<String> {
        let b = bare(w);
        let body = leading_amount(&b);
        (body.starts_with(|c: char| c.is_ascii_digit()) && body.len() == b.len()).then(|| body.to_string())
    };
    let weight = lower.contains("weigh");
    let written = |code: &str, sign: &str, n: &str| if sign.is_empty() { format!("{code} {n}") } else { format!("{sign}{n}") };
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let mut changed = false;
    let mut i = 0;
    while i < raw.len() {
        let w = raw[i];
        // A code or "Rs" before the amount: "EUR 240/month", "Rs. 500".
        let code_before = CURRENCY_NAMES
            .iter()
            .find(|(code, _, _)| bare(w) == *code)
            .map(|(code, sign, _)| (*code, *sign))
            .or_else(|| (bare(w) == "Rs").then_some(("INR", "₹")));
        if let Some((code, sign)) = code_before {
            if let Some(next) = raw.get(i + 1) {
                let digits = leading_amount(next);
                if digits.starts_with(|c: char| c.is_ascii_digit()) {
                    out.push(format!("{}{}", written(code, sign, digits), &next[digits.len()..]));
                    changed = true;
                    i += 2;
                    continue;
                }
            }
        }
        // An amount with its sign written on after it: "4.80€".
        if let Some((n, sign)) = CURRENCY_NAMES.iter().find_map(|(_, sign, _)| {
            let b = bare(w);
            let n = b.strip_suffix(sign).filter(|_| !sign.is_empty())?;
            (!n.is_empty() && leading_amount(n) == n).then(|| (n.to_string(), *sign))
        }) {
            out.push(format!("{sign}{n}{}", &w[bare(w).len()..]));
            changed = true;
            i += 1;
            continue;
        }
        // Dollars of a country by its prefix: "C$240" is "CAD 240", "A$15"
        // "AUD 15", "US$5" "$5".
        if let Some((n, code)) = dollar_prefix(w) {
            let digits = leading_amount(n);
            if digits.starts_with(|c: char| c.is_ascii_digit()) {
                let sign = CURRENCY_NAMES.iter().find(|(c, _, _)| *c == code).map_or("", |(_, s, _)| *s);
                out.push(format!("{}{}", written(code, sign, digits), &n[digits.len()..]));
                changed = true;
                i += 1;
                continue;
            }
        }
        // An amount in the minor unit alone, one or two digits: "28p",
        // "28 pence" are "£0.28", "12 euro cents" is "€0.12", "12 cents"
        // "0.12" (the currency unsaid).
        let cents = |n: &str| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit());
        // ("40p/litre" too: the unit it is per stays.)
        let head = bare(w.find('/').map_or(w, |k| &w[..k]));
        if pence(&head) {
            let n = &head[..head.len() - 1];
            out.push(format!("£0.{n:0>2}{}", &w[head.len()..]));
            changed = true;
            i += 1;
            continue;
        }
        if let Some(n) = amount(w).filter(|n| cents(n)) {
            let next = |k: usize| raw.get(i + k).map(|x| bare(x).to_lowercase()).unwrap_or_default();
            let (sign, used) = match (next(1).as_str(), next(2).as_str()) {
                ("pence" | "p", _) => ("£", 1),
                ("euro", "cents" | "cent") => ("€", 2),
                ("cents" | "cent", _) => ("", 1),
                _ => ("", 0),
            };
            if used > 0 {
                let tail = &raw[i + used][bare(raw[i + used]).len()..];
                out.push(format!("{sign}0.{n:0>2}{tail}"));
                changed = true;
                i += used + 1;
                continue;
            }
        }
        // An amount with the currency's words, or its sign, after it.
        if let Some(n) = amount(w) {
            let after: Vec<String> = raw[i + 1..].iter().take(3).map(|x| bare(x).to_lowercase()).collect();
            let found = CURRENCY_NAMES.iter().find_map(|(code, sign, words)| {
                let spoken = words.iter().find(|phrase| {
                    let parts: Vec<&str> = phrase.split(' ').collect();
                    parts.len() <= after.len() && parts.iter().zip(&after).all(|(p, a)| p == a)
                });
                spoken.map(|phrase| (*code, *sign, phrase.split(' ').count())).or_else(|| {
                    after
                        .first()
                        .is_some_and(|a| (a == &code.to_lowercase() && raw[i + 1].contains(code)) || (!sign.is_empty() && a == sign))
                        .then_some((*code, *sign, 1))
                })
            });
            let pounds_of_weight = |code: &str, used: usize| {
                code == "GBP" && (weight || after.get(used).is_some_and(|a| a == "of"))
            };
            if let Some((code, sign, used)) = found.filter(|(code, _, used)| !pounds_of_weight(code, *used)) {
                let last = i + used;
                let mut value = n.clone();
                let mut end = last;
                // "7 pounds 50" (from "seven pounds fifty"), "7 pounds 50
                // pence": the minor unit after the major.
                let minor = raw.get(last + 1).map(|x| bare(x)).filter(|m| {
                    !n.contains('.') && raw[last] == bare(raw[last]) && (1..=2).contains(&m.len()) && m.bytes().all(|b| b.is_ascii_digit())
                });
                if let Some(m) = minor {
                    let unit_after = raw.get(last + 2).map(|x| bare(x).to_lowercase());
                    let pence = unit_after.as_deref().is_some_and(|u| ["pence", "p", "cents", "cent"].contains(&u));
                    let counted = unit_after.as_deref().is_some_and(|u| unit_of(u).is_some() || FREQUENCY_UNITS.iter().any(|(f, _)| u.trim_end_matches('s') == *f));
                    if !counted {
                        value = format!("{n}.{m:0>2}");
                        end = last + 1 + usize::from(pence);
                    }
                }
                let tail = &raw[end][bare(raw[end]).len()..];
                out.push(format!("{}{tail}", written(code, sign, &value)));
                changed = true;
                i = end + 1;
                continue;
            }
        }
        out.push(w.to_string());
        i += 1;
    }
    if changed { Cow::Owned(out.join(" ")) } else { Cow::Borrowed(text) }
}

/// Dollars written with their country's prefix, and the code they read
/// as: "C$240" = "240 Canadian dollars" = "CAD 240".
const DOLLAR_PREFIXES: &[(&str, &str)] = &[
    ("CAN$", "CAD"), ("CA$", "CAD"), ("C$", "CAD"), ("AU$", "AUD"), ("A$", "AUD"), ("NZ$", "NZD"), ("US$", "USD"),
    ("HK$", "HKD"), ("S$", "SGD"),
];

pub(super) const MONTHS: [&str; 12] =
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/// The month a three-letter abbreviation (or "Sept") stands for, in any
/// case: "Jul" → "july". "May" is no abbreviation.
pub(super) fn month_short(w: &str) -> Option<&'static str> {
    MONTHS.iter().copied().find(|m| m.len() > 3 && (m[..3].eq_ignore_ascii_case(w) || (*m == "september" && w.eq_ignore_ascii_case("sept"))))
}

/// The word with its first letter in capitals: "july" → "July".
pub(super) fn with_capital(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A capitalised month name or its abbreviation ("Nov", "Sept"): 1-12.
pub(super) fn month(w: &str) -> Option<u32> {
    if !w.chars().next().is_some_and(char::is_uppercase) {
        return None; // "may" the verb
    }
    let l = w.to_lowercase();
    let l = l.trim_end_matches('.');
    MONTHS.iter().position(|m| *m == l || (l.len() >= 3 && m.starts_with(l) && l.len() <= 4)).map(|i| i as u32 + 1)
}

/// The digits of a number written in digits, with or without an ordinal
/// suffix: "3rd" and "3" → "3".
pub(super) fn cardinal_digits(w: &str) -> Option<&str> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && ["", "st", "nd", "rd", "th"].contains(&&w[digits.len()..]))
        .then_some(digits)
}

pub(super) fn day(w: &str) -> Option<u32> {
    let d = cardinal_digits(w)?.parse::<u32>().ok()?;
    (1..=31).contains(&d).then_some(d)
}

pub(super) fn year(w: &str) -> Option<u32> {
    w.parse::<u32>().ok().filter(|y| (1900..=2100).contains(y) && w.len() == 4)
}

pub(super) const UNITS: [&str; 20] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
];
pub(super) const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// A number written in words from the start of `words` ("twenty-one",
/// "two hundred and fifty"): its value and how many words it took.
pub(super) fn number_words(words: &[String]) -> Option<(u64, usize)> {
    let (mut total, mut current, mut used, mut any) = (0u64, 0u64, 0usize, false);
    for (i, w) in words.iter().enumerate() {
        let l = w.to_lowercase();
        let mut matched = true;
        for part in l.split('-') {
            if let Some(u) = UNITS.iter().position(|x| *x == part) {
                current += u as u64;
            } else if let Some(t) = TENS.iter().position(|x| *x == part) {
                current += 20 + 10 * t as u64;
            } else if part == "hundred" && any {
                current = current.max(1) * 100;
            } else if part == "thousand" && any {
                total += current.max(1) * 1000;
                current = 0;
            } else {
                matched = false;
                break;
            }
        }
        if matched {
            any = true;
            used = i + 1;
        } else if l == "and"
            // Only after hundreds or thousands: "one hundred and five", but
            // "courts three and four" are two numbers.
            && ((current >= 100 && current % 100 == 0) || (current == 0 && total > 0))
            && words.get(i + 1).is_some_and(|n| number_words(std::slice::from_ref(n)).is_some())
        {
            continue;
        } else {
            break;
        }
    }
    any.then_some((total + current, used))
}

/// Values written as words or in other formats, in one form: dates to
/// `YYYY-MM-DD` (or `MM-DD` without a year), clock times to 24-hour
/// `HH:MM`, number words to digits, "18k" / "4.2 million" to whole numbers,
/// "third quarter" to `Q3`, "twice" to "2 times", "once a week" to "every
/// week". Hand-written: these are
/// the formats people mix when they restate a fact, and a library for
/// natural-language dates would be far larger than the judge.
pub(super) fn canonical_values(text: &str) -> String {
    // Words with their punctuation split off, so "2025," still reads as a year.
    let raw: Vec<&str> = text.split_whitespace().collect();
    let core: Vec<String> = raw.iter().map(|w| w.trim_end_matches([',', ';', ':', '!', '?', ')']).to_string()).collect();
    let core_nodot: Vec<String> = core.iter().map(|w| w.trim_end_matches('.').to_string()).collect();
    let tail = |i: usize| &raw[i][core[i].len()..];
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let w = |k: usize| core_nodot.get(i + k).map(String::as_str).unwrap_or("");
        let emit = |out: &mut Vec<String>, value: String, last: usize| out.push(format!("{value}{}", tail(last)));
        // Numeric dates: "30/09/2024", "9/30/2024", and "3/14" after "on",
        // "by" and the like ("24/7" is no date). Only where one part is over
        // 12: "3/4" could be either.
        if let Some(date) = w(0).contains('/').then(|| slash_date(w(0), i.checked_sub(1).map(|k| core_nodot[k].as_str()))).flatten() {
            emit(&mut out, date, i);
            i += 1;
            continue;
        }
        // Day ranges in a month: "9 to 11 October", "3-7 November", "October
        // 9–11" (" to " by now) are each day of the range in the month, as
        // "November 3 to November 7" is.
        let starts_value = w(0).starts_with(|c: char| c.is_ascii_digit() || c.is_uppercase());
        if let Some((from, to, m, used)) = starts_value.then(|| day_range(&core_nodot[i..])).flatten() {
            let y = year(w(used));
            let date = |d: u32| y.map_or(format!("{m:02}-{d:02}"), |y| format!("{y}-{m:02}-{d:02}"));
            let last = i + used - usize::from(y.is_none());
            emit(&mut out, format!("{} to {}", date(from), date(to)), last);
            i = last + 1;
            continue;
        }
        // A range of months in one word: "Oct-Mar" is "October to March".
        if let Some((a, b)) = w(0).split_once('-').and_then(|(a, b)| Some((month(a)?, month(b)?))) {
            let name = |m: u32| with_capital(MONTHS[m as usize - 1]);
            emit(&mut out, format!("{} to {}", name(a), name(b)), i);
            i += 1;
            continue;
        }
        // "Oct 2025" is "October 2025", and "Oct." on its own is "October"
        // too: the full stop marks an abbreviation, where "Jun" or "Mar"
        // alone may be a name (before a day the date rules read it).
        // "'19" is 2019 ("the '90s" is a decade).
        let written_out = year(w(1)).is_some() || (core[i].ends_with('.') && day(w(1)).is_none());
        if let Some(m) = (starts_value && written_out).then(|| month(w(0))).flatten() {
            let full = MONTHS[m as usize - 1];
            if w(0).to_lowercase() != full {
                emit(&mut out, with_capital(full), i);
                i += 1;
                continue;
            }
        }
        // A duration in hours written short: "3h12m" / "3h12" is "3 hours
        // 12 minutes", "2h" is "2 hours" ("45m" alone may be metres).
        if let Some((h, m)) = w(0).split_once('h').filter(|(h, _)| !h.is_empty() && h.bytes().all(|b| b.is_ascii_digit())) {
            let m = m.strip_suffix("min").or_else(|| m.strip_suffix('m')).unwrap_or(m);
            if m.bytes().all(|b| b.is_ascii_digit()) && m.len() <= 2 {
                let minutes = if m.is_empty() { String::new() } else { format!(" {m} minutes") };
                emit(&mut out, format!("{h} hours{minutes}"), i);
                i += 1;
                continue;
            }
        }
        // A youth team's age group: "U12" is "under-12".
        if let Some(age) = w(0).strip_prefix('U').filter(|a| (1..=2).contains(&a.len()) && a.bytes().all(|b| b.is_ascii_digit())) {
            emit(&mut out, format!("under-{age}"), i);
            i += 1;
            continue;
        }
        // "the first Monday of the month" is monthly, as "of each month"
        // is: not the weekday's weekly.
        let nth = ["first", "second", "third", "fourth", "last", "1st", "2nd", "3rd", "4th"].contains(&w(0).to_lowercase().as_str());
        if nth
            && CALENDAR[..7].iter().any(|d| w(1).to_lowercase().starts_with(d))
            && w(2).eq_ignore_ascii_case("of")
            && w(3).eq_ignore_ascii_case("the")
            && w(4).to_lowercase().starts_with("month")
        {
            out.push(raw[i].to_string());
            out.push(raw[i + 1].to_string());
            out.push(raw[i + 2].to_string());
            out.push("every".to_string());
            i += 4;
            continue;
        }
        // "every first Saturday" is "the first Saturday of every month"
        // ("every second / third Wednesday" counts weeks).
        let every_nth = ["first", "last", "1st"].contains(&w(1).to_lowercase().as_str());
        if (w(0).eq_ignore_ascii_case("every") || w(0).eq_ignore_ascii_case("each"))
            && every_nth
            && CALENDAR[..7].iter().any(|d| w(2).to_lowercase().starts_with(d))
            && !w(3).eq_ignore_ascii_case("of")
        {
            out.push(raw[i + 1].to_string());
            out.push(core[i + 2].clone());
            out.push("of".to_string());
            out.push("every".to_string());
            emit(&mut out, "month".to_string(), i + 2);
            i += 3;
            continue;
        }
        if let Some(yy) = w(0).strip_prefix('\'').filter(|y| y.len() == 2 && y.bytes().all(|b| b.is_ascii_digit())) {
            let yy: u32 = yy.parse().unwrap_or(0);
            emit(&mut out, format!("{}", if yy <= 40 { 2000 + yy } else { 1900 + yy }), i);
            i += 1;
            continue;
        }
        // An amount with its unit written on: "5mg", "300Mbps", "$45/month".
        if let Some((amount, unit)) = w(0).starts_with(|c: char| c.is_ascii_digit() || CURRENCY.contains(&c)).then(|| amount_and_unit(w(0))).flatten() {
            emit(&mut out, format!("{amount} {unit}"), i);
            i += 1;
            continue;
        }
        // Dates: "30 November 2024", "November 30, 2024", "22 May", "May 22".
        // "the 12th of November 2024" too.
        // ("the first of May": the ordinals in words up to sixth, which
        // `numbers_named` leaves as written, count here.)
        let day_word = || ORDINALS[..6].iter().find(|(o, _)| w(0).eq_ignore_ascii_case(o)).map(|(_, n)| *n);
        let of = usize::from(w(1).eq_ignore_ascii_case("of") && day(w(0)).or_else(day_word).is_some() && month(w(2)).is_some());
        let day_month = match (if of == 1 { day(w(0)).or_else(day_word) } else { day(w(0)) }, month(w(1 + of))) {
            (Some(d), Some(m)) => Some((d, m)),
            _ => month(w(0)).zip(day(w(1))).map(|(m, d)| (d, m)),
        };
        if let Some((d, m)) = day_month {
            let y = year(w(2 + of));
            match y {
                Some(y) => emit(&mut out, format!("{y}-{m:02}-{d:02}"), i + 2 + of),
                None => emit(&mut out, format!("{m:02}-{d:02}"), i + 1 + of),
            }
            i += if y.is_some() { 3 + of } else { 2 + of };
            continue;
        }
        // "52 minutes 30 seconds" is the time a stopwatch shows, "52:30".
        // (The units are read only after two numbers: this runs on every word.)
        let whole = |x: &str| x.parse::<u32>().ok().filter(|_| x.len() <= 3);
        let unit = |x: &str, names: &[&str]| names.iter().any(|n| x.eq_ignore_ascii_case(n));
        let stopwatch = whole(w(0))
            .zip(whole(w(2)).filter(|s| *s < 60))
            .filter(|_| unit(w(1), &["minutes", "minute", "mins", "min"]) && unit(w(3), &["seconds", "second", "secs", "sec"]));
        if let Some((m, sec)) = stopwatch {
            emit(&mut out, format!("{m}:{sec:02}"), i + 3);
            i += 4;
            continue;
        }
        // "100% remote" is "fully remote" ("100% of the seats" stays).
        if w(0) == "100%" && !w(1).eq_ignore_ascii_case("of") {
            emit(&mut out, "fully".to_string(), i);
            i += 1;
            continue;
        }
        // "Monday through Friday" / "Monday to Friday" are the weekdays.
        if w(0) == "Monday" && ["through", "to", "thru"].contains(&w(1).to_lowercase().as_str()) && w(2) == "Friday" {
            emit(&mut out, "weekdays".to_string(), i + 2);
            i += 3;
            continue;
        }
        // A number read out digit by digit: "4-4-7-1" is 4471.
        if w(0).len() >= 5 && w(0).split('-').all(|d| d.len() == 1 && d.bytes().all(|b| b.is_ascii_digit())) {
            emit(&mut out, w(0).replace('-', ""), i);
            i += 1;
            continue;
        }
        // Clock times with minutes and a meridiem: "3:30 p.m." → "15:30".
        if let Some((h, m)) = clock_time(w(0)) {
            if let Some(pm) = meridiem(w(1)).filter(|_| h <= 12) {
                emit(&mut out, format!("{:02}:{m:02}", hour24(h, pm)), i + 1);
                i += 2;
                continue;
            }
        }
        // "noon", "midnight", "half past nine", "two o'clock".
        let lw = w(0).to_lowercase();
        if lw == "noon" || lw == "midnight" {
            emit(&mut out, if lw == "noon" { "12:00".into() } else { "00:00".into() }, i);
            i += 1;
            continue;
        }
        if (lw == "half" || lw == "quarter") && w(1).eq_ignore_ascii_case("past") {
            if let Some((h, used)) = number_words(&core_nodot[i + 2..]).filter(|(h, _)| *h <= 12) {
                emit(&mut out, format!("{h:02}:{}", if lw == "half" { 30 } else { 15 }), i + 1 + used);
                i += 2 + used;
                continue;
            }
        }
        // "ten past six" → 06:10; after "at", "by", "until" or "till",
        // "twenty to five" → 04:40 and "quarter to nine" → 08:45 ("two to
        // five days" elsewhere is a range). Minutes as said on a clock:
        // five, ten, twenty, twenty-five.
        let minutes = if lw == "quarter" { Some((15, 1)) } else { number_words(&core_nodot[i..]).filter(|(m, _)| [5, 10, 20, 25].contains(m)) };
        if let Some((m, used)) = minutes {
            let rel = w(used).to_lowercase();
            let told = i > 0 && ["at", "by", "until", "till"].iter().any(|p| core_nodot[i - 1].eq_ignore_ascii_case(p));
            if rel == "past" || (rel == "to" && told) {
                if let Some((h, hused)) = number_words(&core_nodot[i + used + 1..]).filter(|(h, _)| (1..=12).contains(h)) {
                    let (h, m) = if rel == "past" { (h, m) } else { (if h == 1 { 12 } else { h - 1 }, 60 - m) };
                    emit(&mut out, format!("{h:02}:{m:02}"), i + used + hused);
                    i += used + 1 + hused;
                    continue;
                }
            }
        }
        // A whole number from here, in words or digits, read once for the
        // rules below.
        let spelled = number_words(&core_nodot[i..]);
        let whole = spelled.or_else(|| w(0).parse::<u64>().ok().map(|n| (n, 1)));
        // "two o'clock" / "2 o'clock" → "02:00".
        if let Some((h, used)) = whole.filter(|(h, _)| *h <= 12) {
            if w(used).eq_ignore_ascii_case("o'clock") {
                emit(&mut out, format!("{h:02}:00"), i + used);
                i += used + 1;
                continue;
            }
        }
        // Ordinal quarters: "third quarter" → "Q3".
        let ordinal = ["first", "second", "third", "fourth"].iter().position(|o| *o == lw).or_else(|| {
            ["1st", "2nd", "3rd", "4th"].iter().position(|o| *o == lw)
        });
        if let (Some(q), true) = (ordinal, w(1).eq_ignore_ascii_case("quarter")) {
            emit(&mut out, format!("Q{}", q + 1), i + 1);
            i += 2;
            continue;
        }
        // "once a week" is "every week", "once daily" is "daily".
        if lw == "once" {
            let next = w(1).to_lowercase();
            let unit = w(2).to_lowercase();
            let unit = unit.strip_suffix('s').unwrap_or(&unit);
            if ["a", "an", "per", "every", "each"].contains(&next.as_str()) && FREQUENCY_UNITS.iter().any(|(u, _)| *u == unit) {
                out.push(format!("every{}", tail(i + 1)));
                i += 2;
                continue;
            }
            if FREQUENCIES.iter().any(|(f, _)| *f == next) {
                i += 1;
                continue;
            }
        }
        // "twice" / "thrice".
        let times = match lw.as_str() {
            "twice" => Some(2),
            "thrice" => Some(3),
            _ => None,
        };
        if let Some(n) = times {
            emit(&mut out, format!("{n} times"), i);
            i += 1;
            continue;
        }
        // "the one behind his barn": a pronoun, not a count.
        let pronoun = lw == "one" && i > 0 && PRONOUN_ONE_AFTER.contains(&core_nodot[i - 1].to_lowercase().as_str());
        if pronoun {
            out.push(raw[i].to_string());
            i += 1;
            continue;
        }
        // "one and a half cups" / "1 and a half" is 1.5.
        if let Some((n, used)) = whole.filter(|(_, used)| {
            w(*used).eq_ignore_ascii_case("and") && w(used + 1).eq_ignore_ascii_case("a") && w(used + 2).eq_ignore_ascii_case("half")
        }) {
            emit(&mut out, format!("{n}.5"), i + used + 2);
            i += used + 3;
            continue;
        }
        // Numbers in words, then multipliers ("18k", "4.2 million").
        let (mut value, mut used) = match spelled {
            Some((v, used)) => (Some(v as f64), used),
            None => (None, 0),
        };
        if value.is_none() {
            let t = w(0);
            let (num, suffix) = t.split_at(t.trim_end_matches(['k', 'K', 'm', 'M']).len());
            let num = num.trim_start_matches(CURRENCY);
            if let (Ok(v), true) = (num.parse::<f64>(), !num.is_empty() && suffix.len() <= 1 && !suffix.is_empty()) {
                let mult = if suffix.eq_ignore_ascii_case("k") { 1e3 } else { 1e6 };
                emit(&mut out, format!("{}{}", &t[..t.len() - num.len() - suffix.len()], (v * mult).round() as u64), i);
                i += 1;
                continue;
            }
        }
        if value.is_none() {
            if let Ok(v) = w(0).trim_start_matches(CURRENCY).parse::<f64>() {
                if ["thousand", "lakh", "million", "crore", "billion"].contains(&w(1).to_lowercase().as_str()) {
                    value = Some(v);
                    used = 1;
                }
            }
        }
        if let Some(v) = value {
            let mult = match core_nodot.get(i + used).map(|m| m.to_lowercase()).as_deref() {
                Some("thousand") => 1e3,
                // The Indian numbering system's hundred thousand and ten million.
                Some("lakh") => 1e5,
                Some("crore") => 1e7,
                Some("million") => 1e6,
                Some("billion") => 1e9,
                _ => 1.0,
            };
            let used = used + usize::from(mult > 1.0);
            let prefix: String = w(0).chars().take_while(|c| CURRENCY.contains(c)).collect();
            emit(&mut out, format!("{prefix}{}", (v * mult).round() as u64), i + used - 1);
            i += used;
            continue;
        }
        out.push(raw[i].to_string());
        i += 1;
    }
    out.join(" ")
}

/// Ways of saying that something costs nothing, longest first.
pub(super) const FREE_PHRASES: &[&str] =
    &["at no extra charge", "at no extra cost", "free of charge", "at no charge", "at no cost", "without charge", "without charging", "without paying", "without payment", "for free"];

/// `text` with each way of saying that something costs nothing written
/// "free": "collects swarms free of charge" / "at no charge" / "for free".
/// The "no" of "at no charge" denies nothing, and read as a negation it
/// made a restatement look like the opposite statement.
pub(super) fn free_of_charge(text: &str) -> Cow<'_, str> {
    // ASCII lower case keeps every byte where it was.
    let lower = text.to_ascii_lowercase();
    if !FREE_PHRASES.iter().any(|p| lower.contains(p)) {
        return Cow::Borrowed(text);
    }
    // ("for free-tier customers": a hyphen goes on with the word.)
    let word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let at_start = !word_char(text[..i].chars().next_back());
        let phrase = FREE_PHRASES.iter().find(|p| at_start && lower[i..].starts_with(**p) && !word_char(text[i + p.len()..].chars().next()));
        match phrase {
            Some(p) => {
                out.push_str("free");
                i += p.len();
            }
            None => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    Cow::Owned(out)
}

/// `text` with a lower age bound written as a figure and a plus ("the 18+
/// night") written as `other` writes it, "the over-18s night", which
/// reads as an identifier: an age group, told from another age group
/// ("under-12s") as identifiers are, not a value that changed.
pub(super) fn age_groups_as_other<'a>(text: &'a str, other: &str) -> Cow<'a, str> {
    static PLUS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\b(\d{1,2})\+(\s|$)").expect("the age pattern is valid"));
    if !text.contains('+') {
        return Cow::Borrowed(text);
    }
    let lower = other.to_ascii_lowercase();
    if !lower.contains("over-") {
        return Cow::Borrowed(text);
    }
    PLUS.replace_all(text, |c: &regex::Captures| {
        let group = format!("over-{}", &c[1]);
        // As `other` writes it, with or without the plural's "s".
        let said = lower.match_indices(&group).map(|(at, _)| &lower[at + group.len()..]).find(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()));
        match said {
            Some(rest) => format!("{group}{}{}", if rest.starts_with('s') { "s" } else { "" }, &c[2]),
            None => c[0].to_string(),
        }
    })
}

/// `text` with "the user" written as `other` refers to them, where
/// `other` never says "user" and calls someone by a third-person pronoun:
/// "*The user's* son Vihaan's school fees" / "*their* son Vihaan's
/// schooling", "*The user* climbs at Boulderwelt" / "*they* go climbing".
/// A note about the user is as often written with a pronoun as with the
/// word, and the word alone would read as one side's subject that the
/// other lacks. Whom the pronoun stands for is not checked: a statement
/// about another person names them, and their name or relation still
/// holds the two apart.
pub(super) fn user_as_other<'a>(text: &'a str, other: &str) -> Cow<'a, str> {
    static USER: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)\bthe user\b('s)?").expect("the user pattern is valid"));
    static OTHER_USER: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)\busers?\b").expect("the user pattern is valid"));
    static PRONOUN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:(they|their|them|theirs|themselves)|(she|her|hers|herself)|(he|his|him|himself))\b").expect("the pronoun pattern is valid")
    });
    if !USER.is_match(text) || OTHER_USER.is_match(other) {
        return Cow::Borrowed(text);
    }
    let Some(p) = PRONOUN.captures(other) else { return Cow::Borrowed(text) };
    let (subject, owner) = if p.get(1).is_some() {
        ("they", "their")
    } else if p.get(2).is_some() {
        ("she", "her")
    } else {
        ("he", "his")
    };
    USER.replace_all(text, |c: &regex::Captures| {
        let word = if c.get(1).is_some() { owner } else { subject };
        if c[0].starts_with('T') { with_capital(word) } else { word.to_string() }
    })
}

/// `text` with a few shorthand symbols written as the words they stand
/// for, so that both ways of writing read alike:
/// - a plus between words: "£15 + materials" / "£15 plus materials";
/// - one-to-one in its forms: "1:1 lessons" (read as a clock time),
///   "one-on-one", "1-to-1", "1-on-1".
pub(super) fn symbols_in_words(text: &str) -> Cow<'_, str> {
    // A regex, not a scanner: rare forms, looked for once per text.
    static SYMBOLS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)(\s)\+(\s)|\b(?:1:1|1-to-1|1-on-1|one-on-one)\b").expect("the symbol pattern is valid")
    });
    SYMBOLS.replace_all(text, |c: &regex::Captures| match c.get(1) {
        Some(space) => format!("{}plus{}", space.as_str(), &c[2]),
        None => "one-to-one".to_string(),
    })
}

pub(super) fn signals(text: &str) -> Signals {
    let text = &canonical_numbers(&canonical_abbreviations(&numbers_named(&canonical_spellings(&free_of_charge(&symbols_in_words(&canonical_apostrophes(without_list_marker(text))))))));
    let lower = text.to_lowercase();
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == ':' || c == '.' || c == '-'))
        .map(|t| t.trim_matches(|c: char| c == '.' || c == ':' || c == '\'' || c == '-'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut words = BTreeSet::new();
    let mut content = Vec::new();
    let mut surface = Vec::new();
    let mut idents = BTreeSet::new();
    let mut relations = BTreeSet::new();
    let mut relation_verbs = BTreeSet::new();
    let mut epithets = BTreeMap::new();
    let mut numbers = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut possessives = BTreeSet::new();
    let mut negations = 0;
    for (i, t) in tokens.iter().enumerate() {
        let l = t.to_lowercase();
        let ident = t.chars().any(|c| c.is_alphabetic())
            && t.contains(['.', '@', '-', '_'])
            && !t.ends_with(['.', '-']);
        if t.chars().any(|c| c.is_ascii_digit()) && !ident {
            // 2-digit hours: "09:30" and "9:30" are one value; "3rd" is 3
            // ("3rd grade" = "grade 3" = "third grade").
            // A number's possessive is no part of it: "Ward 7B's nurse" is
            // on ward 7B.
            let v = without_possessive(l.trim_end_matches(['.', ','])).trim_start_matches('0');
            let v = cardinal_digits(v).unwrap_or(v).to_string();
            // A day of the year after "every" recurs yearly: "renews every
            // January 15" (01-15 by now) = "each year on 15 January".
            let day_of_year = v.split_once('-').is_some_and(|(m, d)| m.len() <= 2 && d.len() == 2 && !d.contains('-'));
            if day_of_year && i > 0 && ["every", "each"].contains(&tokens[i - 1].to_lowercase().as_str()) {
                numbers.insert("every year".to_string());
            }
            numbers.insert(if v.is_empty() || v.starts_with(':') { format!("0{v}") } else { v });
            continue;
        }
        if ident {
            // "shop.example.com's certificate" names shop.example.com.
            idents.insert(without_possessive(&l).to_string());
        }
        let base = normalise(t.trim_end_matches('\''));
        let possessive_at = |k: usize| {
            let t = tokens[k].to_lowercase();
            t.ends_with("'s") || POSSESSIVE_PRONOUNS.contains(&t.as_str())
        };
        let after_possessive = i > 0 && possessive_at(i - 1);
        // "personal best" is a record, not a personal account.
        let record = base == "personal" && tokens.get(i + 1).is_some_and(|n| ["best", "record"].contains(&n.to_lowercase().as_str()));
        // "a password manager" is software, not a person.
        let software = base == "manager"
            && i > 0
            && ["password", "package", "secrets", "secret", "task", "window", "file", "download", "dependency", "version"]
                .contains(&tokens[i - 1].to_lowercase().as_str());
        // "promoted *to* analytics manager", "works *as a* manager": the
        // subject's own title, not someone else.
        let title = ["manager", "boss", "mentor", "assistant", "deputy"].contains(&base.as_str())
            && (1..=2).any(|k| {
                i >= k && ["to", "as", "a", "an"].contains(&tokens[i - k].to_lowercase().as_str()) && (1..k).all(|j| !possessive_at(i - j))
            });
        if (RELATIONS.contains(&base.as_str()) || (after_possessive && POSSESSED_RELATIONS.contains(&base.as_str()))) && !record && !software && !title {
            // Kids are children: "their kids' glasses" / "children's glasses".
            let relation = if base == "kid" { "child".to_string() } else { base.clone() };
            relations.insert(relation.clone());
            // The name right after it (a comma between is dropped with
            // the other punctuation), capitalised and no function word.
            let name = tokens.get(i + 1).filter(|n| {
                n.chars().next().is_some_and(char::is_uppercase) && !function_word(&n.to_lowercase()) && !n.chars().any(|c| c.is_ascii_digit())
            });
            if let Some(n) = name {
                epithets.insert(relation, normalise(n));
            }
        }
        // "Dmitri's boy Sasha" is his son.
        if after_possessive && (base == "boy" || base == "girl") {
            relations.insert(if base == "boy" { "son" } else { "daughter" }.to_string());
        }
        for (verb, relation, then) in RELATION_VERBS.iter().filter(|_| l.ends_with(['s', 'd', 'g'])) {
            if *verb == l && then.is_none_or(|then| tokens.get(i + 1).is_some_and(|n| n.eq_ignore_ascii_case(then))) {
                relation_verbs.insert(*relation);
            }
        }
        // "neither meat nor fish" is one negation; "Python rather than
        // JavaScript" says "Python, not JavaScript".
        let nor_of_neither = l == "nor" && tokens[..i].iter().any(|t| t.eq_ignore_ascii_case("neither"));
        let rather_than = l == "than" && i > 0 && tokens[i - 1].eq_ignore_ascii_case("rather");
        // "no longer than 3 paragraphs", "not more than 2 cups": a bound,
        // not a negation.
        let bound = (l == "no" || l == "not")
            && tokens.get(i + 1).is_some_and(|n| COMPARATIVES.contains(&n.to_lowercase().as_str()))
            && tokens.get(i + 2).is_some_and(|n| n.eq_ignore_ascii_case("than"));
        if ((NEGATIONS.contains(&l.as_str()) || l.ends_with("n't")) && !nor_of_neither && !bound) || rather_than {
            negations += 1;
        }
        // Frequencies are values: "nightly" = "every night" ≠ "weekly".
        // "a"/"an" makes a frequency after an amount ("$15 a month", "2 times
        // a day"), not after "for" ("for an hour").
        let after_every = i > 0 && {
            let prev = tokens[i - 1].to_lowercase();
            ["every", "each", "per"].contains(&prev.as_str())
                || (["a", "an"].contains(&prev.as_str())
                    && i > 1
                    && !["for", "in", "within", "after", "than", "half", "about"].contains(&tokens[i - 2].to_lowercase().as_str())
                    && (tokens[i - 2].eq_ignore_ascii_case("times")
                        // "9800 rupees a year", "2 cups of coffee a day"
                        || tokens[i.saturating_sub(5)..i - 1].iter().any(|t| t.chars().any(|c| c.is_ascii_digit()))))
        };
        let freq = FREQUENCIES.iter().find(|(w, _)| *w == l).or_else(|| {
            FREQUENCY_UNITS.iter().find(|(w, _)| after_every && (*w == l || format!("{w}s") == l))
        });
        if let Some((_, unit)) = freq {
            numbers.insert(format!("every {unit}"));
            continue;
        }
        // A month written short ("Nov", "Aug.") where it reads as one:
        // after a word that introduces a time ("from Nov") or a possessive
        // ("the Society's Aug. trial"), or beside a number ("14 Nov", "Nov
        // 2025"). Elsewhere it may be a name ("Jan Novak"). "May" is a
        // month only after a possessive ("the Society's May trial"), beside
        // a number, or after a word no verb follows ("every May"):
        // otherwise it stays a name, as it always was (read as a month
        // after "in", a news pair of MRPC validation, "... from 10.6 in
        // May", merged wrongly).
        let may = *t == "May";
        let short_month = (l.trim_end_matches('.').len() <= 4 && !calendar_word(&l)).then(|| month(t)).flatten();
        let in_time = short_month.is_some() && i > 0 && {
            let prev = tokens[i - 1].to_lowercase();
            let number = |k: usize| tokens.get(k).is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
            let p = prev.as_str();
            ["early", "late", "mid", "next", "last", "this", "every", "each"].contains(&p)
                || (!may && ["in", "on", "of", "since", "until", "till", "by", "from", "to", "through", "and"].contains(&p))
                || prev.ends_with("'s")
                || number(i - 1)
                || number(i + 1)
        };
        if let Some(m) = short_month.filter(|_| in_time) {
            numbers.insert(MONTHS[m as usize - 1].to_string());
            continue;
        }
        // Days and months are values ("moved to Wednesdays"), not names.
        if l == "weekday" || l == "weekdays" {
            numbers.insert("weekdays".to_string());
            continue;
        }
        if let Some(c) = CALENDAR.iter().find(|c| l.starts_with(*c)) {
            numbers.insert(c.to_string());
            continue;
        }
        // "16 GB" is an amount, not a name.
        let unit_after_amount = i > 0
            && tokens[i - 1].bytes().any(|b| b.is_ascii_digit())
            && UNIT_SPELLINGS.iter().any(|(_, short)| *short == l);
        // A function word is no name, capitalised or not: "It" opening a
        // second sentence, "The" in "at The Copper Kettle". (A letter
        // alone may be one, "Plan A", and so may a word in capitals, "IT"
        // load, the "US" office.)
        let no_name = l.chars().count() > 1 && !t.chars().all(|c| c.is_uppercase()) && function_word(&l);
        if t.chars().next().is_some_and(|c| c.is_uppercase()) && i > 0 && !unit_after_amount && !no_name {
            names.insert(normalise(t));
        }
        if l.ends_with("'s") {
            possessives.insert(normalise(t));
        }
        if !STOP.contains(&l.as_str()) && !NEGATIONS.contains(&l.as_str()) {
            let w = normalise(t);
            if !VALUE_WORDS.contains(&w.as_str()) && !l.ends_with("n't") {
                content.push(w.clone());
                surface.push(without_possessive(l.trim_end_matches('\'')).to_string());
            }
            words.insert(w);
        }
    }
    // A weekday is weekly unless another frequency is said: "the weekly 1:1
    // is on Thursdays" = "a 1:1 every Thursday" = "Thursday's 1:1" ("every
    // other Thursday" is fortnightly, another value).
    if CALENDAR[..7].iter().any(|d| numbers.contains(*d)) && !numbers.iter().any(|n| n.starts_with("every")) {
        // ... but "the month's second Tuesday" is monthly.
        let months = tokens.iter().any(|t| t.eq_ignore_ascii_case("month's"));
        numbers.insert(if months { "every month" } else { "every week" }.to_string());
    }
    // Number words that carry values; "the one behind his barn" is a
    // pronoun, not a count.
    let pronoun = |k: usize| k > 0 && PRONOUN_ONE_AFTER.iter().any(|d| tokens[k - 1].eq_ignore_ascii_case(d));
    if !tokens.iter().enumerate().any(|(k, t)| t.eq_ignore_ascii_case("one") && !pronoun(k)) {
        words.remove("one");
    }
    for (w, n) in [("one", "1"), ("two", "2"), ("three", "3"), ("four", "4"), ("five", "5"), ("six", "6"), ("seven", "7"), ("eight", "8"), ("nine", "9"), ("ten", "10")] {
        if words.remove(w) {
            numbers.insert(n.to_string());
        }
    }
    // A change word used for a state or a routine announces no change:
    // "round-ups *switched* on", "the flight *leaves* from gate B12",
    // "passwords are *changed* every 90 days", "must be *finished* by May 30".
    let said = |k: usize, w: &str| tokens.get(k).is_some_and(|t| t.eq_ignore_ascii_case(w));
    let routine = |k: usize| {
        let l = tokens[k].to_lowercase();
        let next = k + 1;
        // After "to", an aim or a service, not a change made: "sells its
        // soap bars unwrapped *to cut* packaging waste", "£4.50 *to cut*".
        if k > 0 && said(k - 1, "to") {
            return true;
        }
        match l.as_str() {
            "switched" => said(next, "on") || said(next, "off"),
            // "no longer than 3 paragraphs" bounds a length.
            "longer" => said(next, "than"),
            // "the bus leaves the depot at 07:10": a departure at a clock
            // time is a timetable.
            "leaves" => {
                said(next, "from")
                    || said(next, "at")
                    || tokens[next..].iter().take(6).any(|t| clock_time(t.trim_end_matches(['.', ',', ';'])).is_some())
            }
            "changed" | "replaced" | "renewed" | "updated" => {
                // ("every 90 days" is "every90days" by now)
                tokens.get(next).is_some_and(|t| t.to_lowercase().starts_with("every"))
                    || said(next, "each")
                    || tokens.get(next).is_some_and(|t| FREQUENCIES.iter().any(|(f, _)| t.eq_ignore_ascii_case(f)))
            }
            // "must be finished by May 30", "is due to be finished in
            // July": a plan, not a change.
            "finished" | "completed" => k > 0 && said(k - 1, "be") && (said(next, "by") || (k > 1 && said(k - 2, "to"))),
            // A present passive is a standing arrangement: "the flour is
            // sold through the village stores", "each batch is left to
            // ferment", "truffles sold by the jar" (but "tickets are sold
            // out").
            "sold" | "left" => {
                let passive = k > 0 && (said(k - 1, "is") || said(k - 1, "are")) && !said(next, "out");
                // "Shirts left at the counter before 9 am", "cash left
                // under the doormat": things left somewhere, not a
                // leaving.
                let things = || {
                    // (Lower case but for the first word: "Ellis left at
                    // noon" names someone.)
                    let before = if k == 1 { tokens[0].to_lowercase() } else { tokens[k - 1].to_string() };
                    let plural = before.len() > 3 && before.ends_with('s') && !["was", "has", "its", "his", "hers", "theirs", "ours", "yours"].contains(&before.as_str());
                    before.chars().all(|c| c.is_ascii_lowercase()) && (plural || ["cash", "money", "mail", "post", "luggage"].contains(&before.as_str()))
                };
                // ("... left in 2020", "left on 3 May": a time, a leaving.)
                let when = || tokens.get(next + 1).is_some_and(|t| year(t).is_some() || month(t).is_some() || t.starts_with(|c: char| c.is_ascii_digit()));
                let placed = || ["at", "under", "outside", "with", "behind", "in", "on", "inside"].iter().any(|p| said(next, p)) && !when();
                passive || (l == "sold" && ["by", "at", "through"].iter().any(|p| said(next, p))) || (l == "left" && k > 0 && things() && placed())
            }
            // "is closed on public holidays", "are closed on Mondays": a
            // schedule.
            "closed" => k > 0 && (said(k - 1, "is") || said(k - 1, "are")) && said(next, "on"),
            // "one new apprentice per year", "a new intake every
            // September": what recurs is no change.
            "new" => tokens[next..].iter().take(4).any(|t| {
                let t = t.to_lowercase();
                ["per", "each"].contains(&t.as_str()) || t.starts_with("every") || FREQUENCIES.iter().any(|(f, _)| *f == t)
            }),
            // "right now" is "currently", which announces no change; nor
            // does "for now".
            "now" => k > 0 && (said(k - 1, "right") || said(k - 1, "for")),
            // "customers cut their own trees": a service, not a cut; nor
            // "the rows are cut for distilling", "an antenna cut for 40
            // metres": cut for a use.
            "cut" => (["their", "your", "his", "her", "its", "our", "my"].iter().any(|p| said(next, p)) && said(next + 1, "own")) || said(next, "for"),
            _ => false,
        }
    };
    let amounts = priced(text).into_iter().filter(|(currency, _)| currency.ends_with(CURRENCY)).map(|(_, digits)| digits).collect();
    // The counted change words in the order written, so that a reason
    // cites the one that announces the change, not a routine one before it.
    let offset = |t: &str| t.as_ptr() as usize - text.as_ptr() as usize;
    let mut change_words: Vec<(usize, &'static str)> = CHANGE_WORDS
        .iter()
        .filter_map(|c| {
            if c.contains(' ') {
                lower.match_indices(*c).find(|(at, _)| !lower[at + c.len()..].trim_start().starts_with("than")).map(|(at, _)| (at, *c))
            } else {
                tokens.iter().enumerate().find(|(k, t)| t.eq_ignore_ascii_case(c) && !routine(*k)).map(|(_, t)| (offset(t), *c))
            }
        })
        .collect();
    change_words.sort();
    let change_words = change_words.into_iter().map(|(_, c)| c).collect();
    // Ordinals carry values too: "third grade" → "fourth grade"; "third"
    // is 3, as "3rd" is.
    // "seconds" is a unit, not the ordinal.
    let unit_seconds = tokens.iter().any(|t| t.eq_ignore_ascii_case("seconds"))
        || tokens.windows(2).any(|p| {
            p[1].eq_ignore_ascii_case("second")
                && (p[0].chars().all(|c| c.is_ascii_digit()) || ["per", "a", "each"].iter().any(|w| p[0].eq_ignore_ascii_case(w)))
        });
    for (w, n) in &ORDINALS[..6] {
        if *w == "second" && unit_seconds {
            continue;
        }
        if words.remove(*w) {
            numbers.insert(n.to_string());
        }
    }
    let (frame, owner) = frame_tokens(text)
        .into_iter()
        .map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            let bare = without_possessive(&w);
            let owner = bare.len() < w.len() || POSSESSIVE_PRONOUNS.contains(&w.as_str());
            (bare.to_string(), owner)
        })
        .unzip();
    let opening_name = tokens
        .first()
        .filter(|t| t.chars().next().is_some_and(char::is_uppercase) && t.chars().all(|c| c.is_alphabetic() || c == '\''))
        .filter(|_| tokens.get(1).is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase)))
        .map(|t| without_possessive(&t.to_lowercase()).to_string())
        .filter(|l| !function_word(l) && !calendar_word(l) && !Lexicon::get().in_use(l))
        .map(|l| normalise(&l));
    Signals {
        words,
        content,
        surface,
        idents,
        relations,
        relation_verbs,
        epithets,
        numbers,
        names,
        possessives,
        negations,
        amounts,
        change_words,
        frame,
        owner,
        opening_name,
        setting: super::change::setting(text),
        text: text.to_string(),
    }
}

/// The words of a text that make its frame, as written: every
/// whitespace-separated token with a letter or digit left once its
/// punctuation and possessive "'s" are gone.
pub(super) fn frame_tokens(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .filter(|w| !without_possessive(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).is_empty())
        .collect()
}

/// The signals of two statements read as a pair: an acronym on one side
/// whose letters begin a run of words on the other is read as those words
/// ("Our AM for Vantora Health" / "Our account manager for Vantora
/// Health"), so neither side has a word without a counterpart.
pub(super) fn pair_signals(a: &str, b: &str) -> (Arc<Signals>, Arc<Signals>) {
    let (a, b) = (without_list_marker(a), without_list_marker(b));
    let (a, b) = (without_date_stamp(a), without_date_stamp(b));
    let (a, b) = (without_trailing_note(a), without_trailing_note(b));
    let (a, b) = without_boxes_alike(a, b);
    let (a, b) = (canonical_apostrophes(a), canonical_apostrophes(b));
    let (a, b) = (halves_in_figures(&a), halves_in_figures(&b));
    let (a, b) = (initials_as_other(&a, &b), initials_as_other(&b, &a));
    let (a, b) = (compounds_as_other(&a, &b), compounds_as_other(&b, &a));
    let a = units_as_other(&a, &b);
    let (a, b) = (slash_dates_as_other(&a, &b), slash_dates_as_other(&b, &a));
    let (a, b) = (age_groups_as_other(&a, &b), age_groups_as_other(&b, &a));
    let (a, b) = (user_as_other(&a, &b), user_as_other(&b, &a));
    let (a, b) = (abbreviations_as_other(&a, &b), abbreviations_as_other(&b, &a));
    numbers_as_other(read(&acronyms_spelled_out(&a, &b)), read(&acronyms_spelled_out(&b, &a)))
}

/// Two statements' values with one side's read as the other writes them,
/// where the words alone leave them apart:
/// - a date without its year is the other side's date of that day: "on
///   June 12" / "on 2025-06-12";
/// - an hour without minutes or a meridiem is the other side's clock
///   time at that hour: "from 9 to 12" / "09:00 to 12:00", "from six
///   until nine" / "6–9 am", "at 10.30" / "at 10.30 a.m.". Only one side
///   is so read: where each has bare hours the other writes as times
///   ("Bus 9 at 10:00" / "Bus 10 at 9:00"), they are no one value;
/// - a month both sides name, said to recur yearly on one side only:
///   "each October" / "annually in Oct." / "in October";
/// - a count of one that is the only value to differ, on a side that
///   says no "first": "a one-day course" / "a single-day course", "£14 for
///   one cat" / "£14 a cat". "the first floor" / "the ground floor" stay
///   apart.
///
/// The rest of each reading stays as it was.
pub(super) fn numbers_as_other(so: Arc<Signals>, sn: Arc<Signals>) -> (Arc<Signals>, Arc<Signals>) {
    if so.numbers == sn.numbers {
        return (so, sn);
    }
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    // "6-12" → the other's "2025-06-12".
    let dated = |v: &str, other: &BTreeSet<String>| -> Option<String> {
        let (m, d) = v.split_once('-')?;
        (digits(m) && d.len() == 2 && digits(d)).then_some(())?;
        let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
        other.iter().find(|x| x.len() == 10 && digits(&x[..4]) && x[4..] == format!("-{m:02}-{d}")).cloned()
    };
    // "9" → the other's "9:00" or "21:00"; "10.30" → "10:30".
    let timed = |v: &str, other: &BTreeSet<String>| -> Option<String> {
        let (h, mm) = v.split_once('.').unwrap_or((v, "00"));
        (digits(h) && mm.len() == 2 && digits(mm) && mm < "60").then_some(())?;
        let h: u32 = h.parse().ok().filter(|h| (1..=12).contains(h))?;
        [h % 12, h % 12 + 12].iter().map(|hh| format!("{hh}:{mm}")).find(|t| other.contains(t))
    };
    let rewrite = |own: &BTreeSet<String>, other: &BTreeSet<String>, f: &dyn Fn(&str, &BTreeSet<String>) -> Option<String>| {
        own.iter().filter(|v| !other.contains(*v)).filter_map(|v| f(v, other).filter(|t| !own.contains(t)).map(|t| (v.clone(), t))).collect::<Vec<_>>()
    };
    let (mut no, mut nn) = (so.numbers.clone(), sn.numbers.clone());
    let apply = |set: &mut BTreeSet<String>, changes: Vec<(String, String)>| {
        for (from, to) in changes {
            set.remove(&from);
            set.insert(to);
        }
    };
    let (dated_o, dated_n) = (rewrite(&no, &nn, &dated), rewrite(&nn, &no, &dated));
    apply(&mut no, dated_o);
    apply(&mut nn, dated_n);
    match (rewrite(&no, &nn, &timed), rewrite(&nn, &no, &timed)) {
        (o, n) if o.is_empty() => apply(&mut nn, n),
        (o, n) if n.is_empty() => apply(&mut no, o),
        _ => {}
    }
    // "annually in October" / "every October" / "in October": a month
    // named on both sides is one time of the year, said to recur or not.
    let month = |set: &BTreeSet<String>| set.iter().any(|n| MONTHS.contains(&n.as_str()));
    if month(&no) && month(&nn) && no.symmetric_difference(&nn).map(String::as_str).eq(["every year"]) {
        no.insert("every year".to_string());
        nn.insert("every year".to_string());
    }
    let first = |s: &Signals| s.frame.iter().any(|w| w == "first" || w == "1st");
    let one = |own: &BTreeSet<String>, other: &BTreeSet<String>| own.difference(other).map(String::as_str).eq(["1"]) && other.is_subset(own);
    if one(&no, &nn) && !first(&so) {
        no.remove("1");
    } else if one(&nn, &no) && !first(&sn) {
        nn.remove("1");
    }
    let with = |s: Arc<Signals>, numbers: BTreeSet<String>| {
        if s.numbers == numbers {
            s
        } else {
            Arc::new(Signals { numbers, ..(*s).clone() })
        }
    };
    (with(so, no), with(sn, nn))
}

/// What [`read`] keeps.
pub(super) static READ: std::sync::LazyLock<TextCache<Arc<Signals>>> = std::sync::LazyLock::new(TextCache::new);

/// The [`signals`] of `text`, kept for the texts read last. A dream judges
/// each statement against a dozen neighbours or more, and reading it
/// (spellings, numbers, tokens, the lexicon) took over half of the time
/// spent judging in `cargo bench --bench dream` before it was kept. The
/// key is the text as the pair rewrote it, so a statement that a pair
/// reads another way is read again. Emptied by [`forget_readings`] after
/// each dream.
pub(super) fn read(text: &str) -> Arc<Signals> {
    READ.get_or_read(text, |t| Arc::new(signals(t)))
}

/// Drops what the judges keep of the texts they read (their signals and
/// word pieces). A dream calls it when its consolidation ends: the next
/// dream reads other texts, and at 10,000 statements what one dream kept
/// came to about 25 MB. Verdicts are the same either way; only their
/// cost changes.
pub fn forget_readings() {
    READ.clear();
    if let Some(v) = crate::dream::wordvec::WordVectors::loaded() {
        v.forget();
    }
}

/// `text` with a first name written as its initial ("E. MacLeod", "M.-L.
/// Zhou") written out as `other` writes it before the same surname
/// ("Eilidh MacLeod", "Mei-Ling Zhou"): one person, so one name to align.
/// An initial that fits no name before that surname stays as written.
pub(super) fn initials_as_other<'a>(text: &'a str, other: &str) -> Cow<'a, str> {
    // The letters of an initial: "E." → [E], "M.-L." → [M, L].
    fn letters(w: &str) -> Option<Vec<char>> {
        let parts: Vec<&str> = w.split('-').collect();
        let ls: Option<Vec<char>> = parts
            .iter()
            .map(|p| {
                let mut cs = p.chars();
                match (cs.next(), cs.next(), cs.next()) {
                    (Some(c), Some('.'), None) if c.is_uppercase() => Some(c),
                    _ => None,
                }
            })
            .collect();
        ls.filter(|l| !l.is_empty())
    }
    let raw: Vec<&str> = text.split_whitespace().collect();
    if !raw.iter().any(|w| letters(w).is_some()) {
        return Cow::Borrowed(text);
    }
    let bare = |w: &str| without_possessive(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')).to_string();
    let theirs: Vec<&str> = other.split_whitespace().collect();
    let out: Vec<String> = raw
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let (Some(ls), Some(surname)) = (letters(w), raw.get(i + 1).map(|s| bare(s))) else { return w.to_string() };
            let given = theirs.windows(2).find_map(|pair| {
                let name = bare(pair[0]);
                let initials: Vec<char> = name.split('-').filter_map(|p| p.chars().next()).collect();
                (bare(pair[1]) == surname
                    && name.chars().next().is_some_and(char::is_uppercase)
                    && name.chars().filter(|c| c.is_alphabetic()).count() > ls.len()
                    && initials == ls)
                    .then_some(name)
            });
            given.unwrap_or_else(|| w.to_string())
        })
        .collect();
    Cow::Owned(out.join(" "))
}

/// Halves and quarters written in words, in figures, so that
/// [`units_as_other`] can convert them: "an hour and a half" → "1.5
/// hours", "two and a half days" → "2.5 days", "half an hour" → "0.5
/// hours", "a quarter of an hour" → "15 minutes". [`canonical_values`]
/// reads "one and a half" too, but after the units are converted.
pub(super) fn halves_in_figures(text: &str) -> Cow<'_, str> {
    let lower = text.to_lowercase();
    if !lower.contains("half") && !lower.contains("quarter of an hour") {
        return Cow::Borrowed(text);
    }
    let raw: Vec<&str> = text.split_whitespace().collect();
    let bare = |k: usize| raw.get(k).map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).unwrap_or_default();
    let unit = |w: &str| w.len() >= 3 && w.chars().all(char::is_alphabetic);
    let plural = |w: &str| if w.ends_with('s') { w.to_string() } else { format!("{w}s") };
    let tail = |k: usize| raw[k][raw[k].trim_end_matches(|c: char| !c.is_alphanumeric()).len()..].to_string();
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let and_a_half = |k: usize| bare(k) == "and" && bare(k + 1) == "a" && bare(k + 2) == "half";
    let mut i = 0;
    while i < raw.len() {
        let whole = if ["a", "an"].contains(&bare(i).as_str()) {
            Some(1)
        } else {
            bare(i).parse::<u64>().ok().or_else(|| number_words(&[bare(i)]).map(|(n, _)| n))
        };
        // "an hour and a half", "a cup and a half".
        if let Some(n) = whole.filter(|_| unit(&bare(i + 1)) && and_a_half(i + 2)) {
            out.push(format!("{n}.5 {}{}", plural(&bare(i + 1)), tail(i + 4)));
            i += 5;
            continue;
        }
        // "two and a half days".
        if let Some(n) = whole.filter(|_| bare(i) != "a" && bare(i) != "an" && and_a_half(i + 1) && unit(&bare(i + 4))) {
            out.push(format!("{n}.5"));
            i += 4;
            continue;
        }
        // "half an hour", "half a day".
        if bare(i) == "half" && ["a", "an"].contains(&bare(i + 1).as_str()) && unit_of(&bare(i + 2)).is_some() {
            out.push(format!("0.5 {}{}", plural(&bare(i + 2)), tail(i + 2)));
            i += 3;
            continue;
        }
        // "a quarter of an hour", "three quarters of an hour".
        let quarters = match bare(i).as_str() {
            "quarter" => Some(15),
            "quarters" if bare(i.wrapping_sub(1)) == "three" => Some(45),
            _ => None,
        };
        if let Some(m) = quarters.filter(|_| bare(i + 1) == "of" && bare(i + 2) == "an" && bare(i + 3) == "hour") {
            if i > 0 && ["a", "three"].contains(&bare(i - 1).as_str()) {
                out.pop();
            }
            out.push(format!("{m} minutes{}", tail(i + 3)));
            i += 4;
            continue;
        }
        out.push(raw[i].to_string());
        i += 1;
    }
    Cow::Owned(out.join(" "))
}

/// Currencies written as a word after an amount ("18.50 euros"), as the
/// [`CURRENCY`] signs write them before it.
pub(super) const CURRENCY_WORDS: [&str; 9] = ["dollar", "dollars", "euro", "euros", "pound", "pounds", "yen", "rupee", "rupees"];

/// Metric units and temperature scales, each with its dimension and its
/// size in that dimension's unit (°F is read apart: its zero is
/// elsewhere).
pub(super) const MEASURES: &[(&str, &str, f64)] = &[
    ("mm", "length", 0.001), ("millimetre", "length", 0.001), ("millimeter", "length", 0.001),
    ("cm", "length", 0.01), ("centimetre", "length", 0.01), ("centimeter", "length", 0.01),
    ("m", "length", 1.0), ("metre", "length", 1.0), ("meter", "length", 1.0),
    ("km", "length", 1000.0), ("kilometre", "length", 1000.0), ("kilometer", "length", 1000.0),
    ("mg", "mass", 0.001), ("milligram", "mass", 0.001), ("g", "mass", 1.0), ("gram", "mass", 1.0),
    ("kg", "mass", 1000.0), ("kilogram", "mass", 1000.0), ("kilo", "mass", 1000.0), ("tonne", "mass", 1e6),
    ("ml", "volume", 0.001), ("millilitre", "volume", 0.001), ("milliliter", "volume", 0.001),
    ("cl", "volume", 0.01), ("centilitre", "volume", 0.01), ("centiliter", "volume", 0.01),
    ("l", "volume", 1.0), ("litre", "volume", 1.0), ("liter", "volume", 1.0),
    ("w", "power", 1.0), ("watt", "power", 1.0), ("kw", "power", 1000.0), ("kilowatt", "power", 1000.0),
    ("khz", "frequency", 1e3), ("kilohertz", "frequency", 1e3), ("mhz", "frequency", 1e6), ("megahertz", "frequency", 1e6),
    ("ghz", "frequency", 1e9), ("gigahertz", "frequency", 1e9),
    ("°c", "temperature", 1.0), ("celsius", "temperature", 1.0), ("°f", "temperature", 1.0), ("fahrenheit", "temperature", 1.0),
    // Durations: "a 2-hour induction" / "a 120-minute induction". Months
    // and years are a dimension of their own: a month has no fixed length
    // in days.
    ("second", "duration", 1.0), ("minute", "duration", 60.0), ("hour", "duration", 3600.0),
    ("day", "duration", 86400.0), ("week", "duration", 604800.0),
    ("month", "calendar", 1.0), ("year", "calendar", 12.0),
];

/// A word as a unit of [`MEASURES`]: its key and dimension, plurals read too.
pub(super) fn unit_of(w: &str) -> Option<(&'static str, &'static str, f64)> {
    let l = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '°').to_lowercase();
    // A plural in "-s", but "celsius" is not one.
    let find = |k: &str| MEASURES.iter().find(|(m, _, _)| *m == k).copied();
    find(&l).or_else(|| l.strip_suffix('s').filter(|s| s.len() > 2).and_then(find))
}

/// `text` with each amount in a metric unit (or a temperature) written in
/// the unit `other` uses for that dimension, where `other` uses only
/// one: "a 250 mm mirror" / "a 25-centimetre mirror", "8 kW" / "8,000
/// watts", "66 °C" / "150.8 °F"; a duration only where `other` gives the
/// amount it converts to ("90 minutes" / "1.5 hours"). Only `text` is
/// rewritten (the older statement of a pair), so the two cannot cross.
/// Amounts are rounded to two decimals; a number in words is read as one
/// word ("one-hour", "eighteen").
pub(super) fn units_as_other<'a>(text: &'a str, other: &str) -> Cow<'a, str> {
    // The words, with a number and its unit written together ("250mm",
    // "25-centimetre") split apart.
    fn words(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        for w in t.split_whitespace() {
            let mut w = w.replace('°', " °");
            // "25-centimetre", not "2024-12-20"; "one-hour" too.
            if let Some(h) = w.find('-').filter(|&h| h > 0 && w[..h].chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')) {
                if w[h + 1..].chars().next().is_some_and(char::is_alphabetic) {
                    w.replace_range(h..=h, " ");
                }
            } else if let Some((n, u)) = w.split_once('-') {
                if number_words(&[n.to_lowercase()]).is_some() && unit_of(u).is_some() {
                    w = format!("{n} {u}");
                }
            }
            for part in w.split_whitespace() {
                let digits = part.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(part.len());
                if digits > 0 && digits < part.len() && part[digits..].chars().next().is_some_and(char::is_alphabetic) {
                    out.push(part[..digits].to_string());
                    out.push(part[digits..].to_string());
                } else {
                    out.push(part.to_string());
                }
            }
        }
        out
    }
    let amount = |w: &str| {
        let w = w.trim_end_matches(['.', ',']);
        w.replace(',', "").parse::<f64>().ok().or_else(|| number_words(&[w.to_lowercase()]).map(|(n, _)| n as f64))
    };
    let theirs = words(other);
    // The unit `other` writes after an amount, per dimension: (key, as written).
    let mut target: Vec<(&str, &str, String)> = Vec::new();
    for k in 1..theirs.len() {
        let unit = if theirs[k].eq_ignore_ascii_case("degrees") { theirs.get(k + 1).and_then(|u| unit_of(u)) } else { unit_of(&theirs[k]) };
        let after_amount = amount(&theirs[k - 1]).is_some();
        if let (Some((key, dim, _)), true) = (unit, after_amount) {
            let written = if theirs[k].eq_ignore_ascii_case("degrees") { format!("degrees {}", theirs[k + 1]) } else { theirs[k].clone() };
            let written = written.trim_end_matches(|c: char| !c.is_alphanumeric()).to_string();
            if !target.iter().any(|(d, k2, _)| *d == dim && *k2 == key) {
                target.push((dim, key, written));
            }
        }
    }
    let ours = words(text);
    let mut out: Vec<String> = Vec::with_capacity(ours.len());
    let mut changed = false;
    let mut i = 0;
    while i < ours.len() {
        let degrees = ours.get(i + 1).is_some_and(|w| w.eq_ignore_ascii_case("degrees"));
        let unit_at = if degrees { i + 2 } else { i + 1 };
        let found = amount(&ours[i]).zip(ours.get(unit_at).and_then(|u| unit_of(u)));
        if let Some((v, (key, dim, size))) = found {
            let mut to = target.iter().filter(|(d, _, _)| *d == dim);
            if let (Some((_, tkey, written)), None) = (to.next(), to.next()) {
                if *tkey != key {
                    let fahrenheit = |k: &str| k == "°f" || k == "fahrenheit";
                    let converted = if dim == "temperature" {
                        match (fahrenheit(key), fahrenheit(tkey)) {
                            (true, false) => (v - 32.0) * 5.0 / 9.0,
                            (false, true) => v * 9.0 / 5.0 + 32.0,
                            _ => v,
                        }
                    } else {
                        let size_to = MEASURES.iter().find(|(k, _, _)| k == tkey).map_or(size, |u| u.2);
                        v * size / size_to
                    };
                    // Another spelling of one unit ("MHz" / "megahertz")
                    // keeps every decimal: "145.725 MHz" is no 145.73.
                    let rounded = if converted == v { v } else { (converted * 100.0).round() / 100.0 };
                    // A duration is converted only to the amount the other
                    // side gives: "90 minutes" / "1.5 hours" are one
                    // value, but "30 minutes" of idling and "12 hours" in
                    // all are two attributes more often than a change.
                    let durations = dim == "duration" || dim == "calendar";
                    if durations && !theirs.iter().filter_map(|w| amount(w)).any(|x| (x - rounded).abs() < 1e-9) {
                        out.push(ours[i].clone());
                        i += 1;
                        continue;
                    }
                    let trail = ours[unit_at].trim_start_matches(|c: char| c.is_alphanumeric() || c == '°');
                    out.push(format!("{rounded} {written}{trail}"));
                    changed = true;
                    i = unit_at + 1;
                    continue;
                }
            }
        }
        out.push(ours[i].clone());
        i += 1;
    }
    if changed { Cow::Owned(out.join(" ")) } else { Cow::Borrowed(text) }
}

/// `text` with each hyphenated compound written as `other` writes it: one
/// word ("stand-up" / "standup", "back-end" / "backend") or two ("medium-
/// spicy" / "medium spicy"). Spelling varies more than meaning here, and no
/// one form is right for every compound, so the pair decides.
pub(super) fn compounds_as_other<'a>(text: &'a str, other: &str) -> Cow<'a, str> {
    fn compound(w: &str) -> Option<&str> {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let (x, y) = w.split_once('-')?;
        (!x.is_empty() && !y.is_empty() && w.chars().all(|c| c.is_alphabetic() || c == '-')).then_some(w)
    }
    if !text.split_whitespace().any(|w| compound(w).is_some()) {
        return Cow::Borrowed(text);
    }
    let theirs: Vec<String> =
        other.split_whitespace().map(|w| without_possessive(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')).to_lowercase()).collect();
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            let Some(core) = compound(w) else { return w.to_string() };
            let lower = without_possessive(&core.to_lowercase()).to_string();
            let parts: Vec<&str> = lower.split('-').collect();
            if theirs.contains(&parts.concat()) {
                w.replacen(core, &core.replace('-', ""), 1)
            } else if theirs.windows(parts.len()).any(|run| run.iter().zip(&parts).all(|(t, p)| t == p)) {
                w.replacen(core, &core.replace('-', " "), 1)
            } else {
                w.to_string()
            }
        })
        .collect();
    Cow::Owned(words.join(" "))
}

/// `text` with each word written short that `other` writes out in the
/// same place replaced by `other`'s word: "Corrach Pt. Lighthouse" /
/// "Corrach Point Lighthouse", "Aquaponics nr Lancaster" / "Aquaponics
/// near Lancaster", "marquetry wkshp" / "marquetry workshop". Short means
/// two to six letters, the long word's first letter (same case), the others
/// found in order in a word of four letters or more, and either a full
/// stop of its own (not the sentence's: the other word lacks one) or no
/// vowel after the first letter. In the same place means that the word
/// before or the word after is the same on both sides. Hand-written: the
/// abbreviation tables of [`canonical_abbreviations`] cover the common
/// ones wherever they stand; this covers the long tail ("wkshp", "Pt.",
/// "Yorks."), only where the other statement shows which word is meant.
/// A surname that a near miss lengthens ("Eze." / "Ezeh.") has a vowel
/// and shares the sentence's full stop, so it stays.
pub(super) fn abbreviations_as_other<'a>(text: &'a str, other: &str) -> Cow<'a, str> {
    // (leading punctuation, word, own full stop, trailing punctuation)
    fn split(w: &str) -> (&str, &str, bool, &str) {
        let start = w.len() - w.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let end = w.trim_end_matches(|c: char| !c.is_alphanumeric()).len().max(start);
        (&w[..start], &w[start..end], w[end..].starts_with('.'), &w[end..])
    }
    fn no_vowel_after_first(w: &str) -> bool {
        !w.chars().skip(1).any(|c| "aeiouAEIOU".contains(c))
    }
    fn short_for(short: &str, dot: bool, long: &str) -> bool {
        let (mut s, mut l) = (short.chars(), long.chars());
        let (Some(a), Some(b)) = (s.next(), l.next()) else { return false };
        let n = short.chars().count();
        if n < 2 || n >= long.chars().count() || long.chars().count() < 4 || a != b || !short.chars().all(char::is_alphabetic) {
            return false;
        }
        if !long.chars().all(char::is_alphabetic) || !(dot || no_vowel_after_first(short)) {
            return false;
        }
        // The other letters in order in the long word.
        s.all(|c| l.any(|d| d.eq_ignore_ascii_case(&c)))
    }
    let mine: Vec<&str> = text.split_whitespace().collect();
    let theirs: Vec<&str> = other.split_whitespace().collect();
    let word = |ws: &[&str], k: Option<usize>| -> Option<String> { k.and_then(|k| ws.get(k)).map(|w| split(w).1.to_lowercase()) };
    let mut out: Option<Vec<String>> = None;
    for (i, w) in mine.iter().enumerate() {
        let (lead, core, dot, tail) = split(w);
        // Most words have a vowel and no full stop: no pair reading needed.
        let n = core.chars().count();
        if !(2..=6).contains(&n) || !(dot || no_vowel_after_first(core)) {
            continue;
        }
        let found = theirs.iter().enumerate().find_map(|(j, t)| {
            let (_, long, their_dot, _) = split(t);
            let own_dot = dot && !their_dot;
            if !short_for(core, own_dot, long) {
                return None;
            }
            let same_place = (i > 0 && j > 0 && word(&mine, Some(i - 1)) == word(&theirs, Some(j - 1)))
                || (word(&mine, Some(i + 1)).is_some() && word(&mine, Some(i + 1)) == word(&theirs, Some(j + 1)));
            same_place.then_some((long, own_dot))
        });
        if let Some((long, own_dot)) = found {
            // The abbreviation's own full stop goes with it, but for the
            // sentence's last.
            let tail = if own_dot && i + 1 < mine.len() { &tail[1..] } else { tail };
            out.get_or_insert_with(|| mine.iter().map(|w| w.to_string()).collect())[i] = format!("{lead}{long}{tail}");
        }
    }
    match out {
        Some(o) => Cow::Owned(o.join(" ")),
        None => Cow::Borrowed(text),
    }
}

/// `text` with each acronym (two to five capitals) that `other` lacks
/// replaced by the run of words of `other` it abbreviates: words of two
/// letters or more, in one clause, none of them in `text`, their first
/// letters the acronym's. "AM" and "PM" after a number are clock times.
/// Hand-written: the pair gives the expansion, which no table holds for
/// names like "LTC" (Lawn Tennis Club).
pub(super) fn acronyms_spelled_out<'a>(text: &'a str, other: &str) -> Cow<'a, str> {
    fn bare(w: &str) -> &str {
        without_possessive(w.trim_matches(|c: char| !c.is_alphanumeric()))
    }
    let acronym = |w: &str| (2..=5).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_uppercase());
    if !text.split_whitespace().any(|w| acronym(bare(w))) {
        return Cow::Borrowed(text);
    }
    let raw: Vec<&str> = text.split_whitespace().collect();
    let theirs: Vec<&str> = other.split_whitespace().collect();
    let mine: BTreeSet<String> = raw.iter().map(|w| bare(w).to_lowercase()).collect();
    let their_words: BTreeSet<String> = theirs.iter().map(|w| bare(w).to_lowercase()).collect();
    // Each word of `other` split at its hyphens ("made-to-order"): (part,
    // index of its word, whether the part opens the word, whether it ends it).
    let parts: Vec<(&str, usize, bool, bool)> = theirs
        .iter()
        .enumerate()
        .flat_map(|(t, w)| {
            let n = bare(w).split('-').count();
            bare(w).split('-').enumerate().map(move |(k, p)| (p, t, k == 0, k + 1 == n))
        })
        .collect();
    let mut out = Vec::with_capacity(raw.len());
    for (i, w) in raw.iter().enumerate() {
        let a = bare(w);
        let clock = (a == "AM" || a == "PM") && i > 0 && raw[i - 1].bytes().any(|c| c.is_ascii_digit());
        // A common abbreviation is written out by its table instead
        // ("DB" is "database", not "database backs").
        let known = ABBREVIATIONS.iter().any(|(s, _)| s.eq_ignore_ascii_case(a));
        let spelled = (acronym(a) && !clock && !known && !their_words.contains(&a.to_lowercase()))
            .then(|| {
                parts.windows(a.len()).find(|run| {
                    // Whole words only: "IC" is "internal-combustion", not
                    // "internal" alone.
                    run[0].2
                        && run[run.len() - 1].3
                        && run.iter().zip(a.chars()).enumerate().all(|(k, ((b, t, _, _), c))| {
                            b.len() >= 2
                                && b.chars().all(char::is_alphabetic)
                                && b.chars().next().is_some_and(|f| f.eq_ignore_ascii_case(&c))
                                // A word the text says elsewhere may end a long run:
                                // "VRI" is "video remote interpreting" beside
                                // "HandsOn Interpreting".
                                && (!mine.contains(&b.to_lowercase()) || (run.len() >= 3 && k + 1 == run.len()))
                                // One clause: no punctuation before the run's end.
                                && (k + 1 == run.len() || *t == run[k + 1].1 || theirs[*t].ends_with(|e: char| e.is_alphanumeric()))
                        })
                })
            })
            .flatten();
        match spelled {
            Some(run) => {
                let (first, last) = (run[0].1, run[run.len() - 1].1);
                out.push(w.replacen(a, &theirs[first..=last].iter().map(|r| bare(r)).collect::<Vec<_>>().join(" "), 1))
            }
            None => out.push(w.to_string()),
        }
    }
    Cow::Owned(out.join(" "))
}

pub(super) fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    let inter = a.intersection(b).count() as f32;
    let union = a.union(b).count() as f32;
    if union == 0.0 {
        1.0
    } else {
        inter / union
    }
}

