//! Word meanings the pair judge cannot read off the sentence vectors:
//! which nouns are different things of one kind ("car" / "motorbike",
//! "bedroom" / "living room": a statement about the one is not about the
//! other), as opposed to synonyms ("flat" / "apartment": a paraphrase may
//! swap them) or a word and a more general one ("soccer" / "football").
//! Both sentences of such a pair share every other word, so their cosine
//! is high either way; see ARCHITECTURE.md ("The lexicon veto").
//!
//! The data is a subset of WordNet 3.0 (`lexicon.txt`, built by
//! `scripts/build_lexicon.py`, licence in `LEXICON_LICENSE`), compiled into
//! the binary and parsed once on first use (about 73k words, 3.7 MB). No
//! crate offers WordNet lookups over an embedded subset without shipping
//! the whole database, and the questions asked here need only synsets,
//! noun hypernyms and each verb's broader verbs, so the reader is written
//! here.

use std::collections::HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("lexicon.txt");

/// Senses of each noun compared for co-hyponymy: WordNet orders senses by
/// frequency, and rare senses make nearly any two nouns relatives.
const NOUN_SENSES: usize = 2;
/// Co-hyponyms: each noun at least one step below a shared ancestor, at
/// most this many steps between them ("bedroom" and "living room" are 2
/// apart, "car" and "motorbike" 3)...
const MAX_DISTANCE: u32 = 4;
/// ... and the ancestor specific enough (this many steps below a root):
/// everything is an "entity".
const MIN_ANCESTOR_DEPTH: u32 = 5;
/// Ancestors further up than this are not followed (WordNet's noun
/// hierarchy is about 20 deep; the checks above need far less).
const MAX_CLIMB: u32 = 12;

#[derive(Default)]
struct Word {
    /// Uses in WordNet's sense-tagged corpus (`cntlist.rev`) as a noun, a
    /// verb, an adjective and an adverb: which reading of "works" or "well"
    /// is the usual one.
    noun_tags: u32,
    verb_tags: u32,
    modifier_tags: u32,
    /// Synsets in sense order, each with its part of speech.
    synsets: Vec<(u8, u32)>,
}

impl Word {
    /// Its noun synsets, in sense order.
    fn noun_synsets(&self) -> impl Iterator<Item = u32> + '_ {
        self.synsets.iter().filter(|(p, _)| *p == b'n').map(|(_, s)| *s)
    }
}

/// The lexicon, parsed from [`DATA`].
pub struct Lexicon {
    words: HashMap<String, Word>,
    hypernyms: HashMap<u32, Vec<u32>>,
    /// How far below a root each noun synset sits (its furthest ancestor,
    /// at most [`MAX_CLIMB`] steps; a root is at 0), as the build script
    /// computed it.
    depth: HashMap<u32, u32>,
    /// Irregular forms by part of speech: "children" → "child" (noun),
    /// "went" → "go" (verb). "saw" is "see" only as a verb.
    irregular: HashMap<String, Vec<(u8, String)>>,
    /// The synset of units of measurement ("unit", first sense).
    unit: Option<u32>,
    /// Each verb's broader verbs: those one step above any of its senses
    /// ("buy" → "get", "reside" → "live").
    broader_verbs: HashMap<String, Vec<String>>,
}

/// Whether two verbs (by their base forms) are the two sides of one
/// exchange, never one act, though WordNet files "charge" (with a card)
/// under "pay".
fn converses(a: &[String], b: &[String]) -> bool {
    const CONVERSES: &[(&str, &str)] = &[("pay", "charge"), ("buy", "sell"), ("lend", "borrow"), ("teach", "learn"), ("give", "receive")];
    let has = |forms: &[String], w: &str| forms.iter().any(|f| f == w);
    CONVERSES.iter().any(|(x, y)| (has(a, x) && has(b, y)) || (has(a, y) && has(b, x)))
}

impl Lexicon {
    /// The built-in lexicon, parsed on first use.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::parse(DATA))
    }

    fn parse(text: &str) -> Lexicon {
        let mut lex = Lexicon {
            words: HashMap::new(),
            hypernyms: HashMap::new(),
            depth: HashMap::new(),
            irregular: HashMap::new(),
            unit: None,
            broader_verbs: HashMap::new(),
        };
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            match (f.first(), f.len()) {
                (Some(&"w"), 7) => {
                    let synsets = f[6]
                        .split(' ')
                        .filter_map(|s| Some((*s.as_bytes().first()?, s.get(1..)?.parse().ok()?)))
                        .collect();
                    let tags = |s: &str| s.parse().unwrap_or(0);
                    let word = Word {
                        noun_tags: tags(f[2]),
                        verb_tags: tags(f[3]),
                        modifier_tags: tags(f[4]).max(tags(f[5])),
                        synsets,
                    };
                    lex.words.insert(f[1].to_string(), word);
                }
                (Some(&"h"), 4) => {
                    if let (Ok(id), Ok(depth)) = (f[1].parse(), f[2].parse()) {
                        lex.hypernyms.insert(id, f[3].split(' ').filter_map(|s| s.parse().ok()).collect());
                        lex.depth.insert(id, depth);
                    }
                }
                (Some(&"y"), 3) => {
                    lex.broader_verbs.insert(f[1].to_string(), f[2].split(' ').map(str::to_string).collect());
                }
                (Some(&"x"), 4) => {
                    if let Some(pos) = f[2].bytes().next() {
                        let bases = lex.irregular.entry(f[1].to_string()).or_default();
                        if bases.iter().all(|(p, _)| *p != pos) {
                            bases.push((pos, f[3].to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
        lex.unit = lex.noun("unit").and_then(|w| w.noun_synsets().next());
        lex
    }

    /// The dictionary forms a word may be an inflection of, in order of
    /// preference, that have senses of part of speech `pos`.
    fn bases(&self, w: &str, pos: u8) -> Vec<&Word> {
        self.base_entries(w, pos).into_iter().map(|(_, word)| word).collect()
    }

    /// The spellings of [`Lexicon::bases`].
    fn base_forms(&self, w: &str, pos: u8) -> Vec<String> {
        self.base_entries(w, pos).into_iter().map(|(form, _)| form).collect()
    }

    /// [`Lexicon::bases`] with their spellings, each looked up once.
    fn base_entries(&self, w: &str, pos: u8) -> Vec<(String, &Word)> {
        // Called for each word of a pair many times over: a form is
        // copied only once the lexicon has it with this part of speech.
        let mut found = Vec::new();
        let mut look = |form: &str| {
            if let Some(word) = self.words.get(form).filter(|word| word.synsets.iter().any(|(p, _)| *p == pos)) {
                found.push((form.to_string(), word));
            }
        };
        if let Some(b) = self.irregular_base(w, pos) {
            look(b);
        }
        look(w);
        let rules: &[(&str, &str)] = match pos {
            b'n' => &[("ies", "y"), ("ses", "s"), ("es", ""), ("s", "")],
            b'v' => &[("ies", "y"), ("es", "e"), ("es", ""), ("s", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
            _ => &[],
        };
        let mut form = String::new();
        for (suffix, with) in rules {
            // The form must have three letters, not what is left of the
            // word: "used" is "us" + "e".
            if let Some(stem) = w.strip_suffix(suffix).filter(|s| s.len() + with.len() > 2) {
                form.clear();
                form.push_str(stem);
                form.push_str(with);
                look(&form);
            }
        }
        found
    }

    /// The base an irregular form has as this part of speech ("flew":
    /// "fly"), the first the lexicon lists.
    fn irregular_base(&self, w: &str, pos: u8) -> Option<&str> {
        self.irregular.get(w)?.iter().find(|(p, _)| *p == pos).map(|(_, b)| b.as_str())
    }

    /// Whether the word (or a form of it) is in common use: it has uses in
    /// WordNet's sense-tagged corpus ("photographer" and the names WordNet
    /// lists, "tom", have none).
    pub fn in_use(&self, w: &str) -> bool {
        [b'n', b'v', b'a'].iter().any(|pos| self.bases(w, *pos).iter().any(|x| x.noun_tags + x.verb_tags + x.modifier_tags > 0))
    }

    /// Whether the word's usual reading is a verb: it has verb senses, and
    /// more uses as a verb in WordNet's sense-tagged corpus than as a noun
    /// ("carries", "powers"; not "rooms", "hives").
    pub fn usually_verb(&self, w: &str) -> bool {
        let most = |pos: u8, tags: fn(&Word) -> u32| self.bases(w, pos).iter().map(|x| tags(x)).max();
        let Some(verb) = most(b'v', |x| x.verb_tags) else { return false };
        verb > most(b'n', |x| x.noun_tags).unwrap_or(0)
    }

    /// Whether two words are forms of one word ("sells" / "sold",
    /// "budget" / "budgeted", "working" / "work") as a noun, a verb or an
    /// adjective.
    pub fn same_word(&self, a: &str, b: &str) -> bool {
        [b'n', b'v', b'a'].iter().any(|&pos| self.any_readings(a, b, pos, |x, y| std::ptr::eq(x, y)))
    }

    /// Whether some reading of `a` and some reading of `b` as `pos`
    /// ([`Lexicon::bases`]) pass `test`.
    fn any_readings(&self, a: &str, b: &str, pos: u8, test: impl Fn(&Word, &Word) -> bool) -> bool {
        let wb = self.bases(b, pos);
        self.bases(a, pos).iter().any(|x| wb.iter().any(|y| test(x, y)))
    }

    /// Whether the word is an irregular inflection of a verb ("flew",
    /// "held", "gone"), as WordNet's exception list gives them.
    pub fn irregular_verb_form(&self, w: &str) -> bool {
        self.irregular_base(w, b'v').is_some_and(|b| b != w)
    }

    /// The form WordNet lists of a verb of several words written with its
    /// first word inflected ("gets_together": "get_together", "picked_up":
    /// "pick_up"). WordNet lists such verbs in their base form only. For
    /// words the lexicon does not know as written: the caller asks
    /// [`Lexicon::knows`] first.
    pub fn phrasal_base(&self, w: &str) -> Option<String> {
        let (head, rest) = w.split_once('_')?;
        let verb = |form: &str| self.words.get(form).is_some_and(|x| x.synsets.iter().any(|(p, _)| *p == b'v'));
        self.base_forms(head, b'v').into_iter().filter(|b| b != head).map(|b| format!("{b}_{rest}")).find(|form| verb(form))
    }

    /// Whether WordNet has the word (or a form of it) at all.
    pub fn knows(&self, w: &str) -> bool {
        [b'n', b'v', b'a'].iter().any(|pos| !self.bases(w, *pos).is_empty())
    }

    /// The word read as a noun, or none unless that is its usual reading:
    /// "works" and "runs" are more often verbs, "well" an adverb, and
    /// "claim" is as often a verb as a noun. A word with no tagged uses at
    /// all ("motorbike") is read as the noun it is listed as.
    fn noun(&self, w: &str) -> Option<&Word> {
        let noun = self.bases(w, b'n').into_iter().next()?;
        let verb = self.bases(w, b'v').iter().map(|v| v.verb_tags).max().unwrap_or(0);
        let other = verb.max(self.words.get(w).map_or(0, |x| x.modifier_tags)).max(noun.modifier_tags);
        (other == 0 || other < noun.noun_tags).then_some(noun)
    }

    /// Every ancestor of a noun synset with its distance (the synset
    /// itself at 0), up to [`MAX_CLIMB`] steps.
    fn ancestors(&self, s: u32) -> HashMap<u32, u32> {
        let mut out = HashMap::from([(s, 0)]);
        let mut front = vec![s];
        for d in 1..=MAX_CLIMB {
            let mut next = Vec::new();
            for h in front.iter().flat_map(|x| self.hypernyms.get(x).into_iter().flatten()) {
                if !out.contains_key(h) {
                    out.insert(*h, d);
                    next.push(*h);
                }
            }
            if next.is_empty() {
                break;
            }
            front = next;
        }
        out
    }

    fn depth(&self, s: u32) -> u32 {
        self.depth.get(&s).copied().unwrap_or(0)
    }

    /// Whether `w` (or its base form) has any sense as a noun, however
    /// rare ("costs", "running").
    pub fn has_noun_sense(&self, w: &str) -> bool {
        !self.bases(w, b'n').is_empty()
    }

    /// Whether `w` (or its base form) has any sense as a verb, however
    /// rare ("interned").
    pub fn has_verb_sense(&self, w: &str) -> bool {
        !self.bases(w, b'v').is_empty()
    }

    /// Whether the word's usual reading is a noun.
    pub fn is_noun(&self, w: &str) -> bool {
        self.noun(w).is_some()
    }

    /// Whether one noun names the other more generally in some sense.
    pub fn hypernym_related(&self, a: &str, b: &str) -> bool {
        let (Some(wa), Some(wb)) = (self.noun(a), self.noun(b)) else {
            return false;
        };
        let sa: Vec<u32> = wa.noun_synsets().collect();
        let sb: Vec<u32> = wb.noun_synsets().collect();
        let ancestors = |senses: &[u32]| -> Vec<HashMap<u32, u32>> { senses.iter().map(|s| self.ancestors(*s)).collect() };
        either_more_general(&sa, &ancestors(&sa), &sb, &ancestors(&sb))
    }

    /// Whether two words may mean the same: they share a synset as a noun,
    /// a verb or an adjective (the parts of speech the lexicon keeps), or
    /// are forms of one word ("ran" / "runs").
    pub fn synonyms(&self, a: &str, b: &str) -> bool {
        [b'n', b'v', b'a'].iter().any(|&pos| self.synonyms_as(a, b, pos))
    }

    /// Whether two words share a synset as part of speech `pos`, or are
    /// forms of one word read so.
    fn synonyms_as(&self, a: &str, b: &str, pos: u8) -> bool {
        self.any_readings(a, b, pos, |x, y| {
            std::ptr::eq(x, y) || x.synsets.iter().any(|(p, s)| *p == pos && y.synsets.iter().any(|(q, t)| q == p && t == s))
        })
    }

    /// Whether two words are usually verbs ([`Lexicon::usually_verb`]) and
    /// share a verb synset: "offers" / "provides", "accepts" / "takes",
    /// "permits" / "allows". Nouns are not read so: "the *master* / *main*
    /// branch" and "*recording* / *transcription* is enabled" share a
    /// synset and are two things.
    pub fn verb_synonyms(&self, a: &str, b: &str) -> bool {
        self.usually_verb(a) && self.usually_verb(b) && self.synonyms_as(a, b, b'v')
    }

    /// Whether two words share a verb synset and one of them is usually a
    /// verb: "lends" / "loans", "reserves" / "books" ("loans" and "books"
    /// are more often nouns), as [`Lexicon::verb_broader`] reads a verb
    /// and its broader verb.
    pub fn verb_synonyms_one_usual(&self, a: &str, b: &str) -> bool {
        (self.usually_verb(a) || self.usually_verb(b)) && self.synonyms_as(a, b, b'v')
    }

    /// Whether two words are usually nouns ([`Lexicon::noun`]'s reading)
    /// and share a noun synset: "bicycle" / "bike", "supplier" /
    /// "provider", "competition" / "contest". "main" (usually an
    /// adjective) and "recording" (a form of the verb "record") are not
    /// usually nouns, so "the master / main branch" and "recording /
    /// transcription is enabled" stay two.
    pub fn noun_synonyms(&self, a: &str, b: &str) -> bool {
        self.noun(a).is_some() && self.noun(b).is_some() && self.synonyms_as(a, b, b'n')
    }

    /// Whether two words are usually adjectives (more uses as a modifier
    /// than as a noun or a verb in WordNet's sense-tagged corpus) and
    /// share an adjective synset: "last" / "final", "main" / "primary".
    /// "master" is usually a noun, so "the master / main branch" are two.
    pub fn adjective_synonyms(&self, a: &str, b: &str) -> bool {
        let usually = |w: &str| self.bases(w, b'a').iter().any(|x| x.modifier_tags > x.noun_tags.max(x.verb_tags));
        usually(a) && usually(b) && self.synonyms_as(a, b, b'a')
    }

    /// Whether, of two words with verb senses, one is the other's broader
    /// verb in some sense, one step up WordNet's verb hierarchy: "buys" /
    /// "gets", "resides" / "lives", "stores" / "keeps", "provides" /
    /// "gives". Two verbs of one kind that neither names more generally
    /// ("lives" / "works", "cycles" / "runs": both ways of going) are not.
    pub fn verb_broader(&self, a: &str, b: &str) -> bool {
        let (fa, fb) = (self.base_forms(a, b'v'), self.base_forms(b, b'v'));
        !converses(&fa, &fb) && (self.one_step_up(&fa, &fb) || self.one_step_up(&fb, &fa))
    }

    /// Whether the verb `narrow` names, in some sense, a way of doing the
    /// verb `broad`, one step up WordNet's verb hierarchy: "welcomes" /
    /// "accepts" (to welcome is to accept gladly). One direction of
    /// [`Lexicon::verb_broader`].
    pub fn verb_narrower(&self, narrow: &str, broad: &str) -> bool {
        let (fa, fb) = (self.base_forms(narrow, b'v'), self.base_forms(broad, b'v'));
        !converses(&fa, &fb) && self.one_step_up(&fa, &fb)
    }

    /// Whether a verb of the base forms `broad` is one step above one of
    /// `narrow` in WordNet's verb hierarchy.
    fn one_step_up(&self, narrow: &[String], broad: &[String]) -> bool {
        narrow.iter().any(|f| self.broader_verbs.get(f).is_some_and(|up| up.iter().any(|u| broad.contains(u))))
    }

    /// Two nouns that are different things of one kind: not synonyms as
    /// nouns, and both under a specific shared ancestor within
    /// [`MAX_DISTANCE`] steps ("car" / "motorbike", "nephews" / "children",
    /// "mother" / "father"). A noun and its own hypernym ("soccer" /
    /// "football") are not co-hyponyms: one names the other more generally.
    /// Nor are units of measurement ("kilometre" / "mile").
    pub fn cohyponyms(&self, a: &str, b: &str) -> bool {
        let (Some(wa), Some(wb)) = (self.noun(a), self.noun(b)) else {
            return false;
        };
        // Synonyms as nouns ("flat" / "apartment"); "mother" and "father"
        // share only a verb sense ("beget").
        if wa.noun_synsets().any(|s| wb.noun_synsets().any(|t| t == s)) {
            return false;
        }
        let sa: Vec<u32> = wa.noun_synsets().take(NOUN_SENSES).collect();
        let sb: Vec<u32> = wb.noun_synsets().take(NOUN_SENSES).collect();
        let (ancestors_a, ancestors_b): (Vec<_>, Vec<_>) =
            (sa.iter().map(|x| self.ancestors(*x)).collect(), sb.iter().map(|y| self.ancestors(*y)).collect());
        // Units are ways of stating a value, not things: "4.6 billion
        // kilometres" and "2.8 billion miles" are one distance.
        let unit = |ancestors: &[HashMap<u32, u32>]| self.unit.is_some_and(|u| ancestors.iter().any(|a| a.contains_key(&u)));
        if unit(&ancestors_a) || unit(&ancestors_b) {
            return false;
        }
        // One names the other more generally in some sense: "soccer" is a
        // "football", even where both are also contact sports.
        if either_more_general(&sa, &ancestors_a, &sb, &ancestors_b) {
            return false;
        }
        ancestors_a.iter().any(|ax| {
            ancestors_b.iter().any(|ay| {
                ay.iter().any(|(c, dy)| {
                    ax.get(c).is_some_and(|dx| {
                        *dx >= 1 && *dy >= 1 && dx + dy <= MAX_DISTANCE && self.depth(*c) >= MIN_ANCESTOR_DEPTH
                    })
                })
            })
        })
    }
}

/// Whether some sense of one word is an ancestor of some sense of the
/// other: senses `a` with their ancestors, senses `b` with theirs.
fn either_more_general(a: &[u32], ancestors_a: &[HashMap<u32, u32>], b: &[u32], ancestors_b: &[HashMap<u32, u32>]) -> bool {
    let among = |senses: &[u32], ancestors: &[HashMap<u32, u32>]| ancestors.iter().any(|anc| senses.iter().any(|s| anc.contains_key(s)));
    among(a, ancestors_b) || among(b, ancestors_a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_share_a_sense_in_any_part_of_speech() {
        let lex = Lexicon::get();
        assert!(lex.synonyms("car", "auto"));
        assert!(lex.synonyms("big", "large"));
        assert!(lex.synonyms("ran", "runs"), "forms of one verb");
        assert!(!lex.synonyms("car", "home"));
        assert!(!lex.synonyms("platform", "science"));
        assert!(lex.hypernym_related("soccer", "football"));
        assert!(!lex.hypernym_related("car", "home"));
        assert!(lex.is_noun("insurance") && !lex.is_noun("runs") && !lex.is_noun("dental"));
    }

    #[test]
    fn a_short_stem_is_read_with_the_letter_its_suffix_dropped() {
        let lex = Lexicon::get();
        // "us" + "e", "ag" + "e", "di" + "e", "bu" + "s": the form is what
        // must be long enough, not what is left of the word.
        for (a, b) in [("used", "uses"), ("aged", "ages"), ("died", "dies"), ("bus", "buses")] {
            assert!(lex.same_word(a, b), "{a} / {b}");
        }
        // Two letters are no verb: "bed" is not a form of "be".
        assert!(!lex.same_word("bed", "be"));
    }

    #[test]
    fn a_verb_of_several_words_inflects_its_first() {
        let lex = Lexicon::get();
        for (a, base, b) in [("gets_together", "get_together", "meets"), ("picked_up", "pick_up", "collects"), ("took_place", "take_place", "happens")] {
            assert_eq!(lex.phrasal_base(a).as_deref(), Some(base));
            assert!(!lex.knows(a) && lex.verb_synonyms(base, b), "{a} / {b}");
        }
        // A verb in its base form, and words of no verb.
        assert_eq!(lex.phrasal_base("take_place"), None);
        assert_eq!(lex.phrasal_base("living_room"), None);
        assert_eq!(lex.phrasal_base("qzxv_up"), None);
    }

    #[test]
    fn nouns_are_synonyms_only_where_both_are_usually_nouns() {
        let lex = Lexicon::get();
        for (a, b) in [("bicycle", "bike"), ("supplier", "provider"), ("competition", "contest")] {
            assert!(lex.noun_synonyms(a, b), "{a} / {b}");
        }
        assert!(!lex.noun_synonyms("master", "main"));
        assert!(!lex.noun_synonyms("recording", "transcription"));
        assert!(!lex.noun_synonyms("car", "home"));
    }

    #[test]
    fn a_broader_verb_is_one_step_up() {
        let lex = Lexicon::get();
        for (a, b) in [("buys", "gets"), ("resides", "lives"), ("stores", "keeps"), ("provided", "gives")] {
            assert!(lex.verb_broader(a, b) && lex.verb_broader(b, a), "{a} / {b}");
        }
        // Two ways of one thing, verbs far apart, and the two sides of one
        // exchange.
        for (a, b) in [("lives", "works"), ("cycles", "runs"), ("teaches", "takes"), ("sells", "buys"), ("charges", "pays"), ("lends", "borrows")] {
            assert!(!lex.verb_broader(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn cohyponyms_are_different_things_of_one_kind() {
        let lex = Lexicon::get();
        for (a, b) in [
            ("car", "motorbike"),
            ("bedroom", "living_room"),
            ("nephews", "children"),
            ("coffee", "tea"),
            ("daughter", "son"),
            ("mother", "father"),
            ("cat", "dog"),
            ("wolves", "foxes"),
            ("spain", "portugal"),
        ] {
            assert!(lex.cohyponyms(a, b), "{a} / {b}");
        }
        // Synonyms, a noun and its hypernym, a usual verb or adverb, units,
        // unknown words, and nouns related only through a general ancestor.
        for (a, b) in [
            ("flat", "apartment"),
            ("football", "soccer"),
            ("works", "job"),
            ("well", "car"),
            ("saw", "hammer"),
            ("kilometres", "miles"),
            ("yards", "metres"),
            ("qzxv", "car"),
            ("home", "car"),
            ("budget", "salary"),
        ] {
            assert!(!lex.cohyponyms(a, b), "{a} / {b}");
        }
    }
}
