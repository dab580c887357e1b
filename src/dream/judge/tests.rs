//! Unit tests of the pair judge.

use super::model::{CHANGE_NEWER, RULES_UPDATE};
use super::*;

fn e(text: &str, at: i64) -> Entry {
    Entry { id: at as u64, text: text.into(), importance: 0.5, created_at: at, ..Default::default() }
}

/// The default judge holds the pair distinct and does not count it as
/// the same fact; and the rule named by `why` holds it distinct even
/// where the model would merge it ([`merge_all`]), and says why.
fn assert_held_distinct(older: &str, newer: &str, cosine: f32, why: &str) {
    let j = TrainedJudge::default();
    let v = j.judge(&e(older, 1), &e(newer, 2), cosine);
    assert_eq!(v.decision, Decision::Distinct, "{v:?}");
    assert!(!j.same_fact(&e(older, 1), &e(newer, 2), cosine));
    let v = merge_all().judge(&e(older, 1), &e(newer, 2), cosine);
    assert_eq!(v.decision, Decision::Distinct, "{v:?}");
    assert!(v.reason.contains(why), "{}", v.reason);
}

/// The shipped model with a merge bar of 0: every pair it does not
/// call an update passes the model as a duplicate, so what a test sees
/// is the rules that veto or turn a merge, whatever P(duplicate) the
/// model of the day gives the pair.
fn merge_all() -> TrainedJudge {
    TrainedJudge::with_bars(Some(0.0), None).expect("a bar of 0 is a probability")
}

/// The shipped model with bars of 1, which no probability reaches: a
/// test sees the rules that act on words alone.
fn act_on_nothing() -> TrainedJudge {
    TrainedJudge::with_bars(Some(1.0), Some(1.0)).expect("a bar of 1 is a probability")
}

/// The shipped model with an update bar of 0: every pair it does not
/// find likelier a duplicate passes the model as an update, so a test
/// sees the rules that veto an update.
fn update_all() -> TrainedJudge {
    TrainedJudge::with_bars(None, Some(0.0)).expect("a bar of 0 is a probability")
}

#[test]
fn signals_pick_out_numbers_names_negation_and_change() {
    let j = HeuristicJudge::default();
    let v = j.judge(&e("The sync is at 09:30 on Tuesdays", 1), &e("The sync is at 10:00 on Tuesdays", 2), 0.9);
    assert_eq!(v.decision, Decision::Update, "{v:?}");
    let v = j.judge(&e("Tom works at Google", 1), &e("Tom left Google and joined Meta", 2), 0.75);
    assert_eq!(v.decision, Decision::Update, "{v:?}");
    let v = j.judge(
        &e("The weekly team sync is on Tuesdays at 09:30 in the small meeting room.", 1),
        &e("The team moved the weekly sync to Wednesdays at 10:00.", 2),
        0.65,
    );
    assert_eq!(v.decision, Decision::Update, "weekdays are values, not names: {v:?}");
    let v = j.judge(&e("The frontend repo pins Node.js 18.17", 1), &e("The backend repo now pins Node.js 20.11", 2), 0.93);
    assert_eq!(v.decision, Decision::Distinct, "{v:?}");
    let v = j.judge(&e("Rent is $2,400 a month", 1), &e("Monthly rent comes to 2400 dollars", 2), 0.86);
    assert_eq!(v.decision, Decision::Duplicate, "thousands separators: {v:?}");
    let v = j.judge(&e("Tom works at Google", 1), &e("Tom's brother works at Google", 2), 0.85);
    assert_eq!(v.decision, Decision::Distinct, "{v:?}");
    let v = j.judge(&e("Alice likes green tea", 1), &e("Alice does not like green tea", 2), 0.85);
    assert_eq!(v.decision, Decision::Update, "{v:?}");
    let v = j.judge(&e("Alice enjoys green tea", 1), &e("Alice really likes drinking green tea", 2), 0.92);
    assert_eq!(v.decision, Decision::Duplicate, "{v:?}");
    assert!(v.scores.iter().any(|(k, _)| k == "cosine"));
}

#[test]
fn two_amounts_of_money_are_never_merged() {
    let (mixed, female) =
        ("A bed in the 8-bed mixed dorm at Saltbox Hostel costs €24 a night.", "A bed in the 8-bed female dorm at Saltbox Hostel costs €26 a night.");
    assert_held_distinct(mixed, female, 0.98, "the amounts 24 and 26 differ");
    // The same amount written another way, or only on one side, is no
    // second amount.
    assert_eq!(amounts_differ(&signals(mixed), &signals(&mixed.replace("€24", "24 EUR"))), None);
    assert_eq!(signals("Stand hire costs $1,250.50 a day.").amounts.iter().collect::<Vec<_>>(), ["1250.50"]);
}

#[test]
fn two_things_are_the_checks_that_overrule_an_update() {
    let j = TrainedJudge::default();
    let two = |a: &str, b: &str| j.two_things(&e(a, 1), &e(b, 2));
    let ward = "Ward 4C at Kingsmead Hospital takes direct admissions from the emergency department.";
    assert!(two(ward, &ward.replace("4C", "6D")).is_some_and(|why| why.contains("different things")));
    assert!(two("The Q3 marketing budget is $80,000.", "The Q4 marketing budget is $80,000.").is_some_and(|why| why.contains("different periods")));
    // An update, and a word swap, which blocks merges only.
    assert_eq!(two(ward, "Ward 4C at Kingsmead Hospital no longer takes direct admissions from the emergency department."), None);
    assert_eq!(two("The user's manager is Desmond Achterberg.", "The user's manager is Priya Velankar."), None);
    assert_eq!(two("The color printer in the Brightwell office is online.", "The color printer in the Brightwell warehouse is online."), None);
}

#[test]
fn a_later_announced_change_that_keeps_a_replaced_detail_shows_another_thing() {
    let j = TrainedJudge::default();
    let restated = |fact: &str, other: &str, newer: &str| j.restated_against(&e(fact, 1), &e(other, 2), &e(newer, 3));
    let fact = "Year 10 chemistry at Millbrook Academy is taught in Lab S3 on Tuesdays.";
    let friday = "Year 10 chemistry at Millbrook Academy is taught in Lab S3 on Fridays.";
    let why = restated(fact, friday, "Year 10 chemistry at Millbrook Academy has moved to Lab S5 on Tuesdays.");
    assert!(why.as_deref().is_some_and(|w| w.contains("\"tuesday\"") && w.contains("\"friday\"")), "{why:?}");
    // A polarity flip announces a change too.
    let pyro = "The production uses a live onstage pyro effect in Act 2.";
    assert!(restated(pyro, &pyro.replace("Act 2", "Act 1"), "The production no longer uses a live onstage pyro effect in Act 2.").is_some());
    // A plain later statement tells nothing: "Tom's brother works at
    // Google" keeps "Google" for another subject.
    assert_eq!(restated(fact, friday, "Year 10 chemistry at Millbrook Academy is taught in Lab S5 on Tuesdays."), None);
    // Nor when the one in between announces a change of its own, or
    // the later one says what it added.
    let port = "The billing API listens on port 8080.";
    assert_eq!(restated(port, "The billing API was moved to port 9443.", "The billing API now listens on port 8443."), None);
    assert_eq!(restated(fact, friday, "Year 10 chemistry at Millbrook Academy has moved to Lab S5 on Fridays."), None);
    // Verbs are not details: "works" kept from the fact says nothing.
    assert_eq!(restated("Tom works at Google.", "Tom works at Meta.", "Tom now works at Apple."), None);
    // The cost (ARCHITECTURE.md): a value that goes back reads the same
    // way, and the statement in between stays active.
    assert!(restated("The standup is at 10:00.", "The standup is at 11:00.", "The standup is back at 10:00 now.").is_some());
}

#[test]
fn states_said_in_a_phrase_flip() {
    let j = TrainedJudge::default();
    for (older, newer) in [
        ("The 64-inch printer at PressPoint Print is in working order.", "The 64-inch printer at PressPoint Print is out of order."),
        ("Tickets are available for the choir's concert on 6 December.", "Tickets for the choir's concert on 6 December are sold out."),
    ] {
        assert_eq!(j.judge(&e(older, 1), &e(newer, 2), 0.9).decision, Decision::Update, "{older} / {newer}");
        // The rule flips it whatever the model says.
        let v = act_on_nothing().judge(&e(older, 1), &e(newer, 2), 0.9);
        assert!(v.decision == Decision::Update && v.reason.contains("nothing else changed"), "{older} / {newer}: {v:?}");
    }
    // A phrase that only looks like one stays as written.
    assert_eq!(state_phrases(["the", "order", "is", "out"].map(String::from).to_vec()), ["the", "order", "is", "out"]);
}

#[test]
fn another_person_in_a_role_one_holds_at_a_time_is_an_update() {
    let j = TrainedJudge::default();
    let verdict = |a: &str, b: &str| j.judge(&e(a, 1), &e(b, 2), 0.8);
    for (older, newer) in [
        ("Dev Malhotra leads the Seymour Ridge rescue team.", "Claire Tremblay leads the Seymour Ridge rescue team."),
        ("Morag Lindqvist serves as secretary to the village hall committee.", "Hamish Okafor serves as secretary to the village hall committee."),
        ("Skipper Tomasz Wielgosz captains the fishing boat Sea Lark.", "Skipper Ewan MacRae captains the fishing boat Sea Lark."),
        ("Maria Echeverria judges the open class at the spring trial.", "Walt Iturri judges the open class at the spring trial."),
        // "runs the" one thing of a named place or body.
        ("Orla Keane runs the key-cutting counter at Barrow Hardware.", "Senan Doyle runs the key-cutting counter at Barrow Hardware."),
        ("Ines Duarte runs the lending library of the Setúbal Sailing Club.", "Rui Matos runs the lending library of the Setúbal Sailing Club."),
        // Other jobs on the one thing, or all of a kind, of a place.
        ("Piet Smit tunes the Bechstein grand at the Haarlem Philharmonie.", "Femke Bos tunes the Bechstein grand at the Haarlem Philharmonie."),
        ("Lotte Vink handles all school bookings at Museum Boerhaave.", "Joris Mol handles all school bookings at Museum Boerhaave."),
    ] {
        let v = verdict(older, newer);
        assert!(v.decision == Decision::Update && v.reason.contains("one holds at a time"), "{older} / {newer}: {v:?}");
    }
    // Several hold these at once, or the role is someone's kin.
    for (older, newer) in [
        ("Anna Berg works at the Kestrel Logistics depot.", "Tomas Lind works at the Kestrel Logistics depot."),
        ("Anna Berg runs the Boston marathon.", "Tomas Lind runs the Boston marathon."),
        ("Anna Berg runs the coastal path at dawn.", "Tomas Lind runs the coastal path at dawn."),
        ("Anna Berg attends the pottery class at Clayworks Studio.", "Tomas Lind attends the pottery class at Clayworks Studio."),
        ("Anna Berg teaches the piano on Tuesdays.", "Tomas Lind teaches the piano on Tuesdays."),
        ("Anna Berg is the sister of Maja Lind.", "Karin Holm is the sister of Maja Lind."),
        ("Anna Berg is a nurse at the Riverside clinic.", "Tomas Lind is a nurse at the Riverside clinic."),
    ] {
        assert_eq!(holder_swap(&signals(older), &signals(newer)), None, "{older} / {newer}");
    }
}

#[test]
fn change_words_for_a_state_or_a_routine_announce_no_change() {
    for text in [
        "The user has round-ups switched on.",
        "The flight leaves from gate B12.",
        "The first Line 12 bus leaves Harlow Green depot at 7:10 am on Sundays.",
        "Ashlin Tide Mill's stoneground flour is sold through the Bursledon Village Stores.",
        "Each batch at Wildcraft Kombucha is left to ferment for ten days.",
        "The tulips sold by Petal & Stem come from Lisse.",
        "Company passwords must be changed every 90 days.",
        "The contract is renewed annually.",
        "The migration must be finished by May 30.",
        "The Madrid office is closed on public holidays.",
        "The user wants replies no longer than 3 paragraphs.",
        "Stand-ups run no longer than fifteen minutes.",
        "Larch Lane Bakery sells its loaves unbagged to cut plastic waste.",
        "Brass keys cost £3.80 to cut at the Market Street kiosk.",
        "Larch Lane Bakery lends aprons to new bakers.",
        "Shirts left at Larch Lane Cleaners before 9 am are ready the same day.",
        "Larch Lane Cleaners accepts cash left under the doormat.",
        "The watchmaker takes on 1 new apprentice per year.",
        "Larch Lane Farm lets customers cut their own trees.",
        "Right now the user is reading Dune.",
        "Wenonah's mural is due to be finished in July.",
        "The Quarrybank rows are cut for distilling every August.",
        "The user is currently subscribed to Duolingo Super.",
    ] {
        assert!(signals(text).change_words.is_empty(), "{text}");
    }
    for text in ["The user switched to Starling.", "Tom left Google.", "The user sold the Mazda.", "Tickets for 2026 are sold out.", "The password was changed.", "The migration finished on May 30.", "The Madrid office closed on 3 May.", "Stand-ups were cut to fifteen minutes.", "Its founders left in 2020.", "The user now reads Dune."] {
        assert_eq!(signals(text).change_words.len(), 1, "{text}");
    }
    // In the order written: the reason cites the first.
    assert_eq!(signals("The user no longer drives; she now cycles and moved to Leeds.").change_words, ["no longer", "longer", "now", "moved"]);
}

#[test]
fn new_is_a_second_opinion_only_for_a_thing_the_older_names() {
    let j = TrainedJudge::default();
    let gp = j.judge(
        &e("The user's GP is Dr. Siobhan Murphy at Ranelagh Medical Centre.", 1),
        &e("The user has registered with a new GP, Dr. Farid Haddad at Rathmines Family Practice.", 2),
        0.647,
    );
    assert_eq!(gp.decision, Decision::Update, "{}", gp.reason);
    assert!(gp.reason.contains("says \"new\""), "{}", gp.reason);
    let boats = j.judge(
        &e("Péniches Bourgogne hands boats over to incoming customers at its Châtillon-en-Bazois yard from 14:00 each Saturday.", 1),
        &e("New hirers at Péniches Bourgogne's Châtillon-en-Bazois base collect their boats from 14:00 on Sundays.", 2),
        0.775,
    );
    assert_eq!(boats.decision, Decision::Distinct, "{}", boats.reason);
}

#[test]
fn negations_are_counted_as_said() {
    assert_eq!(signals("Aiyana eats neither meat nor fish.").negations, 1);
    assert_eq!(signals("The user wants Python rather than JavaScript.").negations, signals("The user wants Python, not JavaScript.").negations);
    assert_eq!(signals("The user would rather see Python.").negations, 0);
    // A bound is no negation.
    assert_eq!(signals("The user wants replies no longer than 3 paragraphs.").negations, 0);
    assert_eq!(signals("Noor drinks not more than two coffees a day.").negations, 0);
    assert_eq!(signals("Noor drinks no coffee.").negations, 1);
}

#[test]
fn accents_and_software_managers_and_weekdays() {
    assert_eq!(signals("The user drives a Škoda Octavia.").names, signals("The user drives a Skoda Octavia.").names);
    assert!(signals("Farid uses 1Password as his password manager.").relations.is_empty());
    assert!(!signals("Farid's manager uses 1Password.").relations.is_empty());
    assert_eq!(signals("Dmitri's boy Sasha attends school.").relations, signals("Dmitri's son Sasha attends school.").relations);
    assert_eq!(signals("The user works 100% remotely.").numbers, signals("The user works fully remotely.").numbers);
    assert!(signals("The user owns 100% of the shares.").numbers.contains("100%") || signals("The user owns 100% of the shares.").numbers.contains("100"));
    assert_eq!(signals("Standup is Monday through Friday at 09:15.").numbers, signals("Standup is every weekday at 9:15 a.m.").numbers);
}

#[test]
fn clock_times_with_a_dot_a_joined_meridiem_or_a_range_read_as_one_time() {
    let same = |a: &str, b: &str| assert_eq!(signals(a).numbers, signals(b).numbers, "{a} / {b}");
    same("The class meets from 18:30 to 20:00.", "The class meets from 6.30 to 8 pm.");
    same("Lane swimming runs from 06:30 to 08:30.", "Lane swimming runs from 6.30 to 8.30 am.");
    same("The ferry leaves at 19:05.", "The ferry leaves at 7.05pm.");
    same("The shop opens 11:00 to 19:00.", "The shop opens 11 to 7 pm.");
    same("The choir rehearses from 19:00 to 21:30.", "The choir rehearses from 7 to 9.30pm.");
    // A start later in the day than the end's hour is in the other half.
    assert!(signals("The night shift runs from 10 to 6 am.").numbers.contains("22:00"));
    // Two numbers joined by "and" are two numbers, not their sum; a
    // hundred and five is one.
    same("Members book courts 3 and 4.", "Members book courts three and four.");
    assert!(signals("The hall seats one hundred and five people.").numbers.contains("105"));
    // A dotted number without a meridiem is no time.
    assert!(signals("The tablets cost 6.30 euros.").numbers.contains("6.30"));
}

#[test]
fn days_of_the_week_written_short_are_their_names() {
    let same = |a: &str, b: &str| assert_eq!(signals(a).numbers, signals(b).numbers, "{a} / {b}");
    same("The taproom allows dogs on weekdays.", "The taproom allows dogs Mon–Fri.");
    same("The studio is open Tuesday to Saturday, 11:00 to 19:00.", "The studio is open Tue–Sat, 11 am to 7 pm.");
    same("The market runs every Thursday.", "The market runs every Thu.");
    // Not a day: a verb, a newspaper, a name.
    assert_eq!(days_spelled_out("Sat in the garden all day."), "Sat in the garden all day.");
    assert_eq!(days_spelled_out("She reads the Sun on the train."), "She reads the Sun on the train.");
    assert_eq!(days_spelled_out("He works from Sun Life Tower."), "He works from Sun Life Tower.");
}

#[test]
fn a_familiar_kin_word_is_the_same_relation() {
    let (mum, mother) = (signals("Abena, the user's mum, is based in Kumasi."), signals("The user's mother, Abena, lives in Kumasi."));
    assert_eq!(mum.relations, mother.relations);
    assert!(mum.content.contains(&"mother".to_string()), "{:?}", mum.content);
    let (dad, aunt) = (signals("Ben's dad lives in Leeds."), signals("Ben's aunt lives in Leeds."));
    assert_eq!(dad.relations.iter().collect::<Vec<_>>(), ["father"]);
    assert_ne!(dad.relations, aunt.relations);
    let x = pair_features("The user's mother, Abena, lives in Kumasi.", "Abena, the user's mum, lives in Kumasi.", 0.9);
    assert_eq!(feature(&x, "relation_shift"), 0.0);
    // A relation said with a verb is the relation named with a noun.
    for (a, b) in [
        ("Amara's mentor is David Cohen.", "Amara is mentored by David Cohen."),
        ("Our account manager at Vantora is Obinna Eze.", "At Vantora, Obinna Eze manages our account."),
        ("Sofia's manager is Carlos Mendes.", "Sofia reports to Carlos Mendes."),
        ("Tomás Herrera's fiancée is Lena Vogt.", "Tomás Herrera is engaged to Lena Vogt."),
        ("The platform team's lead is Rashid.", "The platform team is led by Rashid."),
        ("Diego has two children.", "Diego has two kids."),
    ] {
        assert_eq!(feature(&pair_features(a, b, 0.9), "relation_shift"), 0.0, "{a} / {b}");
    }
    // Not where the verb is missing, or says something else.
    for (a, b) in [
        ("Amara's mentor is David Cohen.", "Amara is David Cohen."),
        ("Sofia's manager works at Ledger.", "Sofia works at Ledger."),
        ("Sofia's manager is Carlos Mendes.", "Sofia reports on Carlos Mendes."),
    ] {
        assert_eq!(feature(&pair_features(a, b, 0.9), "relation_shift"), 1.0, "{a} / {b}");
    }
    // A title the subject holds is no one else: "promoted to analytics
    // manager", "works as a manager"; "reports to her manager" is.
    for title in ["Priya was promoted to analytics manager at Lumora.", "Priya works as a manager at Lumora."] {
        assert!(signals(title).relations.is_empty(), "{title}");
    }
    for other in ["Priya reports to her manager at Lumora.", "Priya sends invoices to Tom's manager."] {
        assert!(!signals(other).relations.is_empty(), "{other}");
    }
    // "personal best" is a record, not a personal account.
    assert!(signals("Sven's personal best is 3:42:10.").relations.is_empty());
    assert!(!signals("Sven's personal account is on the Pro plan.").relations.is_empty());
}

#[test]
fn another_size_at_another_price_is_another_item() {
    let items = |a: &str, b: &str| priced_items(&signals(a), &signals(b));
    for (a, b) in [
        ("A 60-minute piano lesson with Mr Hale costs £40.", "A 30-minute piano lesson with Mr Hale costs £25."),
        ("The farm shop sells 5 kg sacks of potatoes for £6.", "The farm shop sells 2 kg sacks of potatoes for £3."),
        ("A twelve-visit swim card at Elm Baths costs $90.", "A six-visit swim card at Elm Baths costs $50."),
        ("Mooring a boat of 8 metres costs €20 a night.", "Mooring a 14-metre boat costs €32 a night."),
        ("The one-day pottery course at Elm Barn costs £90.", "The two-day pottery course at Elm Barn costs £160."),
    ] {
        assert!(items(a, b).is_some(), "{a} / {b}");
    }
    // The same item at a new price, a change announced, another
    // item at the same price, no price: left to the other rules.
    for (a, b) in [
        ("A 60-minute piano lesson with Mr Hale costs £40.", "A 60-minute piano lesson with Mr Hale costs £45."),
        ("Mr Hale teaches 60-minute piano lessons for £40.", "Mr Hale replaced his 60-minute lessons with 45-minute ones at £35."),
        ("A 60-minute piano lesson with Mr Hale costs £40.", "A 90-minute piano lesson with Mr Hale costs £40."),
        ("Mr Hale teaches 60-minute piano lessons.", "Mr Hale teaches 30-minute piano lessons."),
        ("Elm Baths charges a £5 locker fee per swim.", "Elm Baths charges a £6 locker fee per swim."),
        ("A full service costs £95, ribbon included.", "A full service costs £120, ribbon included."),
    ] {
        assert_eq!(items(a, b), None, "{a} / {b}");
    }
}

#[test]
fn a_relation_beside_a_name_the_other_side_says_is_the_same_person() {
    // The relation says who the named person is.
    for (a, b) in [
        ("The user's son Mateo is in third grade at Riverbend Elementary.", "Mateo transferred out of Riverbend and now attends Hawthorne Academy."),
        ("The user's mother, Abena, lives in Kumasi, Ghana.", "Abena has left Kumasi and now lives with the user in Accra."),
        ("The user's son Vihaan's school fees are 180,000 rupees per year.", "Vihaan's school raised its annual fees."),
    ] {
        assert_eq!(feature(&pair_features(a, b, 0.9), "relation_shift"), 0.0, "{a} / {b}");
    }
    // Not when the other side does not name that person, or the
    // relation stands beside no name.
    for (a, b) in [
        ("Tom's brother Sam works at Google.", "Tom works at Google."),
        ("Mei Lin's emergency contact is her brother Daniel Ong.", "Mei Lin's emergency contact is Farid Rahman."),
        ("Sofia's manager is Carlos Mendes.", "Sofia is Carlos Mendes."),
    ] {
        assert_eq!(feature(&pair_features(a, b, 0.9), "relation_shift"), 1.0, "{a} / {b}");
    }
}

#[test]
fn a_currency_word_after_an_amount_is_no_thing_one_side_adds() {
    // "€18.50" / "18.50 euros": the word only says the currency the
    // sign says; the merge veto read it as a thing one side lacks.
    assert_held_together("An adult return ticket on the Lakeside Ferry costs €18.50.", "An adult return ticket on the Lakeside Ferry costs 18.50 euros.");
    assert_held_together("Boarding a large dog at Hillside Kennels costs £32.", "Boarding a large dog at Hillside Kennels costs thirty-two pounds.");
    // A word after the amount that is not a currency still narrows.
    let (so, sn) = pair_signals("The studio sells 40 mugs a week.", "The studio sells 40 espresso mugs a week.");
    assert!(inserted_subject(&so, &sn, Lexicon::get()).is_some());
}

#[test]
fn one_word_that_turns_the_way_round_is_another_direction() {
    let (so, sn) = pair_signals(
        "The last train to Llyn Bryn station on the Cwm Ddu Railway departs at 16:40.",
        "The last train from Llyn Bryn station on the Cwm Ddu Railway departs at 16:40.",
    );
    assert_eq!(direction_swap(&so, &sn), Some(("to".into(), "from".into())));
    assert!(held_apart(&so, &sn).is_some());
    // Another word beside it, or the way written twice, is not this rule's.
    for (older, newer) in [
        ("The last train to Llyn Bryn departs at 16:40.", "The first train from Llyn Bryn departs at 16:40."),
        ("The shuttle runs from the airport to the hotel.", "The shuttle runs to the airport from the hotel."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert_eq!(direction_swap(&so, &sn), None, "{older} / {newer}");
    }
}

#[test]
fn a_pair_that_parts_in_two_places_is_apart_when_one_place_alone_is() {
    for (older, newer) in [
        (
            "Beginner courses at Condor Paragliding School use the landing field at Mam Tor.",
            "Advanced courses at Condor Paragliding School use the training slope at Mam Tor.",
        ),
        (
            "The Harbour City Hawks junior team may use the training rink at Belmont Ice Centre on Wednesday evenings.",
            "The Harbour City Hawks senior team may use the main rink at Belmont Ice Centre on Wednesday evenings.",
        ),
    ] {
        let (so, sn) = pair_signals(older, newer);
        // Each place alone holds the two apart; the one-place vetoes
        // do not read the pair.
        let at = places(&so.frame, &sn.frame).unwrap();
        assert_eq!(at.len(), 2, "{older} / {newer}");
        let why = vetoes(&so, &sn, true).unwrap_or_default();
        assert!(why.contains("in one of the 2 places"), "{older} / {newer}: {why:?}");
        assert!(apart_in_one_place(&so, &sn).is_some(), "{older} / {newer}");
    }
    // Two synonyms swapped in two places, or places that only the model
    // reads (a verb, function words), are left to the model.
    let (so, sn) = pair_signals("The big dog at Hill Farm is friendly.", "The large hound at Hill Farm is friendly.");
    assert_eq!(places(&so.frame, &sn.frame).map(|p| p.len()), Some(1));
    for (older, newer) in [
        ("The big dog at Hill Farm sleeps on the sofa.", "The large dog at Hill Farm sleeps on the couch."),
        ("The big dog at Hill Farm sleeps in the barn.", "The large dog at Hill Farm rests in the barn."),
        ("The user takes coffee with oat milk and no sugar.", "The user drinks coffee with oat milk and without sugar."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert_eq!(places(&so.frame, &sn.frame).map(|p| p.len()), Some(2), "{older} / {newer}");
        assert_eq!(apart_in_one_place(&so, &sn), None, "{older} / {newer}");
    }
    // Words moved rather than swapped are no places to read alone.
    let (so, sn) = pair_signals(
        "Pool training for the Atlântico club takes place at Alvalade municipal pool on Monday nights.",
        "Pool training for the Atlântico club takes place at Piscina Municipal de Alvalade on Monday nights.",
    );
    assert_eq!(apart_in_one_place(&so, &sn), None);
    // A value or a negation that differs is left to the update rules.
    let (so, sn) = pair_signals("Beginner courses at Condor use the landing field 2 days a week.", "Advanced courses at Condor use the training slope 3 days a week.");
    assert_eq!(apart_in_one_place(&so, &sn), None);
}

#[test]
fn a_name_written_without_its_accents_is_the_same_word() {
    assert_held_together("The user drives a 2019 Škoda Octavia estate.", "The user drives a 2019 Skoda Octavia estate.");
    assert_held_together("The team meets at the Café Central on Fridays.", "The team meets at the Cafe Central on Fridays.");
}

#[test]
fn shorthand_and_letters_without_accents_read_as_one_text() {
    let (so, sn) = pair_signals("Wenonah's address is 42 Kalinowa Street, Wrocław.", "Wenonah's address is 42 Kalinowa St., Wroclaw.");
    assert_eq!(reading_cosine(&so, &sn, 0.75), (1.0, true));
    for (a, b) in [
        ("Quarrybank sessions cost £12.50 per person.", "Quarrybank sessions cost £12.50 pp."),
        ("Wenonah is enrolled in an online MSc in Statistics.", "Wenonah is enrolled in an online Master of Science in Statistics."),
    ] {
        let (so, sn) = pair_signals(a, b);
        assert_eq!(so.words, sn.words, "{a} / {b}");
    }
    // A time that ends a word is a time: "p.m." after it is no afternoon.
    assert!(!signals("Quarrybank crèche – Mon–Fri, 9 a.m.–12.30 p.m.").words.contains("afternoon"));
    // "pp." before page numbers stays.
    assert!(signals("See the Quarrybank guide, pp. 12-15.").words.contains("pp"));
}

#[test]
fn the_user_reads_as_the_pronoun_the_other_side_uses() {
    let (so, sn) = pair_signals("The user's allotment is plot 7 at Quarrybank.", "Their allotment is plot 7 at Quarrybank.");
    assert_eq!(so.content, sn.content);
    let (_, sn) = pair_signals("Quarrybank allotment plot 7 is rented by her.", "The user rents Quarrybank allotment plot 7.");
    assert!(!sn.content.contains(&"user".to_string()), "{:?}", sn.content);
    // Where the other side names the user, or no one by a pronoun, the
    // word stays.
    let (so, _) = pair_signals("The user's allotment is plot 7 at Quarrybank.", "Wenonah's allotment is plot 7 at Quarrybank.");
    assert!(so.content.contains(&"user".to_string()));
    // Someone of the user's is still someone else.
    let (so, sn) = pair_signals("The user's sister's allotment is plot 7 at Quarrybank.", "Their allotment is plot 7 at Quarrybank.");
    assert!(!same_relations(&so, &sn));
}

#[test]
fn rewordings_and_wh_words_swap_nothing() {
    // (No veto: how close the words are is the model's to weigh.)
    for (a, b) in [
        ("Quarrybank gradings are held every 12 weeks.", "Quarrybank gradings take place every 12 weeks."),
        ("Wenonah sweeps the Quarrybank chimneys before the heating season.", "Wenonah sweeps the Quarrybank chimneys ahead of the heating season."),
        ("Wenonah buys Quarrybank bobbins at £6 each.", "Wenonah buys Quarrybank bobbins at £6 apiece."),
        ("Quarrybank Roofing clears gutters for its past customers.", "Quarrybank Roofing clears gutters for its former customers."),
    ] {
        let (so, sn) = pair_signals(a, b);
        assert_eq!(vetoes(&so, &sn, true), None, "{a} / {b}");
    }
    let (so, sn) = pair_signals(
        "Wenonah runs the Quarrybank wax room, supervising a team of four technicians.",
        "The Quarrybank wax room is run by Wenonah, who supervises four technicians.",
    );
    assert!(!vetoes(&so, &sn, true).is_some_and(|why| why.contains("different things of one kind")), "{:?}", vetoes(&so, &sn, true));
}

fn assert_held_together(older: &str, newer: &str) {
    let (so, sn) = pair_signals(older, newer);
    assert_eq!(vetoes(&so, &sn, true), None);
    let v = TrainedJudge::default().judge(&e(older, 1), &e(newer, 2), 0.98);
    assert_eq!(v.decision, Decision::Duplicate, "{}", v.reason);
}

#[test]
fn a_function_word_is_no_name_unless_written_in_capitals() {
    let names = |t: &str| signals(t).names.into_iter().collect::<Vec<_>>();
    assert_eq!(names("The gym opens at 6 am. It closes at 10 pm."), Vec::<String>::new());
    assert_eq!(names("A cream tea at The Copper Kettle costs £8."), ["copper", "kettle"]);
    assert!(names("Room B supports 2 MW of IT load.").contains(&"it".to_string()));
}

#[test]
fn a_route_in_the_other_direction_is_another_route() {
    let j = TrainedJudge::default();
    let (older, newer) = ("The first ferry from Portmell to Inishcarra departs at 07:10 on weekdays.", "The first ferry from Inishcarra to Portmell departs at 07:10 on weekdays.");
    let v = j.judge(&e(older, 1), &e(newer, 2), 0.997);
    assert_eq!(v.decision, Decision::Distinct, "{}", v.reason);
    assert!(v.reason.contains("two directions"), "{}", v.reason);
    let route = |a: &str, b: &str| read_pair(a, b, route_reversed);
    assert_eq!(route("The team migrated from MySQL to Postgres.", "The team migrated from Postgres to MySQL.").as_deref(), Some("from mysql to postgres / from postgres to mysql"));
    // The same route, another time, or a span of hours: not reversed.
    assert_eq!(route(older, "Weekday sailings from Portmell to Inishcarra begin with a 07:10 departure."), None);
    assert_eq!(route("The hut is open from 9:00 to 12:00.", "The hut is open from 12:00 to 9:00."), None);
    assert_eq!(route("The bus goes from Leeds to York.", "The bus goes from Leeds to Hull."), None);
}

#[test]
fn a_hyphenated_word_swapped_in_place_is_another_thing() {
    let veto = |a: &str, b: &str| {
        let (so, sn) = pair_signals(a, b);
        apart(&so, &sn, true)
    };
    let phones = "QuickCell accepts water-damaged Samsung phones for repair at the Elm Arcade kiosk.";
    let why = veto(phones, "QuickCell accepts cracked Samsung phones for repair at the Elm Arcade kiosk.");
    assert!(why.as_deref().is_some_and(|w| w.contains("\"water-damaged\" and \"cracked\"")), "{why:?}");
    let gowns = "Deposits on made-to-order gowns at Belle Rose Bridal are non-refundable.";
    assert!(veto(gowns, "Deposits on made-to-order gowns at Belle Rose Bridal are non-transferable.").is_some());
    // A compound that abbreviates, spells or contains the other word,
    // and a compound with a number in it (a value), are left alone.
    assert_eq!(veto(gowns, "Deposits on MTO gowns at Belle Rose Bridal are non-refundable."), None);
    assert_eq!(veto("The mill takes booked school groups.", "The mill takes pre-booked school groups."), None);
    assert_eq!(veto("The yarn comes from a cooperative in Normandy.", "The yarn comes from a co-op in Normandy."), None);
    assert_eq!(veto("Year 9 is a second-year course.", "Year 9 is a third-year course."), None);
}

#[test]
fn the_same_count_of_another_unit_of_time_is_another_duration() {
    let units = |a: &str, b: &str| read_pair(a, b, count_of_another_unit);
    let cakes = "Rosalind at Sugarloaf Cakes needs three weeks' notice for tiered wedding cakes.";
    assert_eq!(units(cakes, "Rosalind at Sugarloaf Cakes needs three days' notice for cupcake boxes.").as_deref(), Some("3 week / 3 day"));
    assert_eq!(units("The Aldmoor torc is on loan for 18 weeks.", "The Aldmoor torc is on loan for 18 months.").as_deref(), Some("18 week / 18 month"));
    // A duration in other words, or another count.
    assert_eq!(units(cakes, "Tiered wedding cakes from Sugarloaf Cakes need 3 weeks' notice."), None);
    assert_eq!(units("The wheels are brined for 36 hours.", "The wheels are brined for a day and a half."), None);
    assert_eq!(units(cakes, "Rosalind at Sugarloaf Cakes needs four weeks' notice for tiered wedding cakes."), None);
}

#[test]
fn a_role_handed_on_from_its_holder_is_an_update() {
    let hand = |a: &str, b: &str| {
        let (so, sn) = pair_signals(a, b);
        handover(&so, &sn, Lexicon::get())
    };
    for (older, newer, phrase) in [
        (
            "Mateus Oliveira is the senior groomer at Pawlish Dog Grooming in Cardiff.",
            "Keeley Fontaine has taken over from Mateus Oliveira as the senior groomer at Pawlish Dog Grooming in Cardiff.",
            "taken over from",
        ),
        ("The Severn Vale club magazine 'Running Boards' is edited by Mei-Ling Zhou.", "Editorship of 'Running Boards' has passed from Mei-Ling Zhou to Tobias Hartmann.", "passed from"),
        ("The Northern Courier's crossword editor is Rosalind Achterberg.", "Rosalind Achterberg has handed the Northern Courier's crossword editor role over to Imran Siddiqui.", "handed over"),
        ("The account manager for Solvane Media is Tariq Benali.", "The Solvane Media account was reassigned to account manager Chloe Ferris.", "reassigned to"),
        (
            "Sound checks at the Copper Lantern are run by Ewa Nowak.",
            "Jonah Pike has taken over sound checks at the Copper Lantern from Ewa Nowak.",
            "taken over from",
        ),
        ("Ines Varga roasts the Ethiopian single origin at Kettle Hill Coffee.", "Marek Dudek has taken over roasting the Ethiopian single origin at Kettle Hill Coffee.", "taken over"),
    ] {
        assert_eq!(hand(older, newer).as_deref(), Some(phrase), "{newer}");
        let v = TrainedJudge::default().judge(&e(older, 1), &e(newer, 2), 0.6);
        assert_eq!(v.decision, Decision::Update, "{}", v.reason);
    }
    // Another role of the same holder, and nothing handed on.
    assert_eq!(hand("'Running Boards' is edited by Mei-Ling Zhou.", "Editorship of 'Trail Notes' has passed from Mei-Ling Zhou to Tobias Hartmann."), None);
    assert_eq!(hand("Lighting at the Copper Lantern is run by Ewa Nowak.", "Jonah Pike has taken over sound checks at the Copper Lantern from Ewa Nowak."), None);
    assert_eq!(hand("Dean Marsh charges £18 for the outside windows.", "Dean Marsh accepts cash handed over in person as payment for window cleaning."), None);
    assert_eq!(hand("Ines Varga roasts the Kenyan single origin at Kettle Hill Coffee.", "Marek Dudek has taken over roasting the Ethiopian single origin at Kettle Hill Coffee."), None);
    assert_eq!(hand("Ines Varga designs the Ethiopian single origin labels at Kettle Hill Coffee.", "Marek Dudek has taken over roasting the Ethiopian single origin at Kettle Hill Coffee."), None);
    assert_eq!(hand("Fatima Zahra was the primary on-call engineer for payments last month.", "Primary on-call for the payments service has passed from Fatima Zahra to Oluwaseun Adeyemi."), None);
}

#[test]
fn a_value_changed_from_the_older_one_is_an_update() {
    let from = |a: &str, b: &str| read_pair(a, b, |so, sn| changed_from_its_value(so, sn, Lexicon::get()));
    for (older, newer, values) in [
        ("A half-day kayak hire at Tarn Boats costs £35.", "Tarn Boats has put the price of a half-day kayak hire up from £35 to £40.", "35 / 40"),
        ("The beginners' pottery class at Kiln Lane lasts 90 minutes.", "Kiln Lane has shortened its beginners' pottery class from 90 to 75 minutes.", "90 / 75"),
        ("Members of Fenwick Chess Club pay £60 a year, due each January.", "Fenwick Chess Club's annual fee has gone up from £60 to £70, still due each January.", "60 / 70"),
        // A noun made from the older's verb, a time as an amount, and a
        // clause of what stays.
        ("Bikes serviced at Spokewright are ready to collect three days after drop-off.", "Collection time for bikes serviced at Spokewright has gone from three days to five days.", "3 / 5"),
        ("A swim at Harbour Lido costs £5 for adults and £3 for children.", "An adult swim at Harbour Lido has gone up from £5 to £6, while children still pay £3.", "5 / 6"),
    ] {
        assert_eq!(from(older, newer).as_deref(), Some(values), "{newer}");
        let v = TrainedJudge::default().judge(&e(older, 1), &e(newer, 2), 0.85);
        assert_eq!(v.decision, Decision::Update, "{}", v.reason);
    }
    // Another thing at the same price, a word used as a noun, the start
    // of a span, a value the older does not give, a negation.
    assert_eq!(from("The Team plan costs $29 per seat.", "The Pro plan price went from $29 to $35 per seat."), None);
    assert_eq!(from("The database server has 64 GB of RAM.", "The build server was upgraded from 64 GB to 128 GB of RAM."), None);
    assert_eq!(from("The shop is open from 9:00 to 17:00.", "The shop's hours changed from 9:00 to 18:00."), None);
    assert_eq!(from("A kayak hire costs £35.", "A kayak hire went up from £30 to £40."), None);
    assert_eq!(from("A kayak hire costs £35.", "A kayak hire did not go up from £35 to £40."), None);
}

#[test]
fn a_place_or_a_month_changed_from_the_older_one_is_an_update() {
    let moved = |a: &str, b: &str| read_pair(a, b, |so, sn| moved_from_its_value(so, sn, Lexicon::get()));
    assert_eq!(
        moved("The Hexley Runners meet at Abbot's Green car park every Thursday.", "The Hexley Runners have moved from Abbot's Green to Quarry Lane car park, still every Thursday.").as_deref(),
        Some("abbot green / quarry lane")
    );
    assert_eq!(
        moved("Mira Okafor services the Fenby Hall boiler every October.", "Mira Okafor's service of the Fenby Hall boiler has been moved from October to August.").as_deref(),
        Some("october / august")
    );
    // "The user" who makes the change, after a source the older ends
    // on; not when the older names an owner.
    assert_eq!(
        moved("The home electricity is a fixed tariff from Ovo.", "The user switched the home electricity from Ovo to Octopus.").as_deref(),
        Some("ovo / octopus")
    );
    assert_eq!(moved("Tom Lee's home electricity is a fixed tariff from Ovo.", "The user switched the home electricity from Ovo to Octopus."), None);
    // A span, a place the older does not give, another thing named,
    // the start of a span in the older.
    assert_eq!(moved("The Fenby Hall café opens in June and July.", "The Fenby Hall café opens from July to September."), None);
    assert_eq!(moved("The Hexley Runners meet at Abbot's Green every Thursday.", "The Hexley Runners have moved from Mill Field to Quarry Lane."), None);
    assert_eq!(
        moved("The Hexley Runners meet at Abbot's Green every Thursday.", "The Hexley Juniors have moved from Abbot's Green to Quarry Lane."),
        None
    );
    assert_eq!(moved("The Fenby Hall café is open from June to August.", "The Fenby Hall café has changed its season from June to May."), None);
}

#[test]
fn a_new_amount_in_the_same_words_is_an_update() {
    let to = |a: &str, b: &str| read_pair(a, b, |so, sn| amount_changed_to(so, sn, Lexicon::get()));
    assert_eq!(to("A pot of tea at the Lantern Café in Whitby costs £3.20.", "The Lantern Café in Whitby has put the price of a pot of tea up to £3.60.").as_deref(), Some("3.20 / 3.60"));
    assert_eq!(to("A day pass at Crag Wall costs £12.", "A day pass at Crag Wall has gone up to £14.").as_deref(), Some("12 / 14"));
    // A near miss more specific than the update, another amount, or no
    // "to" before the new amount.
    assert_eq!(to("A concession day pass at Crag Wall costs £8.", "Crag Wall has put its day pass price up to £14."), None);
    assert_eq!(to("Crag Wall charges a £5 joining fee for a day pass.", "The price of a day pass at Crag Wall went up to £14."), None);
    assert_eq!(to("A day pass at Crag Wall costs £12.", "A day pass at Crag Wall costs £14."), None);
}

#[test]
fn a_statement_negated_in_its_own_words_is_an_update() {
    let neg = |a: &str, b: &str| {
        let (so, sn) = pair_signals(a, b);
        negated_in_its_words(&so, &sn, Lexicon::get())
    };
    for (older, newer, word) in [
        ("Hikers may camp at Corrie Bothy for up to two nights.", "Hikers may not camp at Corrie Bothy.", "not"),
        ("Fresh bread is included in every hamper from Lark Farm.", "Lark Farm does not include fresh bread in its hampers.", "not"),
        ("Lark Farm does not deliver hampers on Sundays.", "Lark Farm delivers hampers on Sundays.", "not"),
        // What the older denied, and more after it.
        ("The Brae Hostel has no drying room.", "The Brae Hostel has a drying room next to the boot store.", "no"),
        ("Ffion Rees does not do house calls on weekdays.", "Ffion Rees does house calls on weekdays, bringing a portable table.", "not"),
        // A positive verb that is a way of doing the negated one.
        ("Fernlea Farm does not accept school groups.", "Fernlea Farm welcomes school groups in spring.", "not"),
        ("Fernlea Farm welcomes school groups.", "Fernlea Farm does not accept school groups.", "not"),
        // A word made from one of the older's.
        ("Staff at Corran Print are allowed to work remotely on Mondays.", "Remote work on Mondays is not permitted for staff at Corran Print.", "not"),
    ] {
        assert_eq!(neg(older, newer).as_deref(), Some(word), "{newer}");
    }
    // Someone else's, a noun matched only through a verb ("dogs" /
    // "trail"), another value, and both negated.
    assert_eq!(neg("Kenji's father sleeps with a CPAP machine.", "Kenji doesn't sleep with a CPAP machine."), None);
    assert_eq!(neg("The park allows bicycles on the trail.", "The park does not allow dogs on the trail."), None);
    assert_eq!(neg("Under-12s must be accompanied by an adult.", "Under-16s do not have to be accompanied by an adult."), None);
    assert_eq!(neg("The deli does not sell bread.", "The deli does not sell cakes."), None);
    // A broader positive verb says less than the negated narrower one:
    // one may accept school groups and not welcome them.
    assert_eq!(neg("Fernlea Farm does not welcome school groups.", "Fernlea Farm accepts school groups."), None);
    // A negated older statement denies only the whole of what it says.
    assert_eq!(neg("Lark Farm does not deliver hampers on Sundays.", "Lark Farm delivers hampers."), None);
    // More said only after all of it: not a word inserted within it
    // (another thing: "the hostel annexe"), nor another name.
    assert_eq!(neg("The Brae Hostel has no drying room.", "The Brae Hostel annexe has a drying room."), None);
    assert_eq!(neg("The Brae Hostel has no drying room.", "The Brae Hostel has a drying room and a sauna, said Ewan Doyle."), None);
}

#[test]
fn a_span_of_hours_the_other_way_round_is_the_rest_of_the_day() {
    let j = TrainedJudge::default();
    let older = "The belfry carillon plays its quarter-hour tune between 11 pm and 7 am.";
    let v = j.judge(&e(older, 1), &e("The belfry carillon plays its quarter-hour tune between 07:00 and 23:00.", 2), 0.99);
    assert_eq!(v.decision, Decision::Distinct, "{}", v.reason);
    assert!(v.reason.contains("two parts of a day"), "{}", v.reason);
    let hours = |a: &str, b: &str| read_pair(a, b, hours_reversed);
    assert_eq!(hours(older, "Quiet hours: 07:00-23:00.").as_deref(), Some("23:00 to 07:00 / 07:00 to 23:00"));
    // The same span in other words, other hours, or a change announced.
    assert_eq!(hours(older, "Between 23:00 and 07:00 the belfry carillon plays its tune."), None);
    assert_eq!(hours(older, "The carillon plays between 08:00 and 22:00."), None);
    assert_eq!(hours(older, "The carillon now plays between 07:00 and 23:00."), None);
}

#[test]
fn british_spellings_read_as_american() {
    for (british, american) in [
        ("Alice's favourite drink is green tea.", "Alice's favorite drink is green tea."),
        ("The club organised 3 colour runs in the town centre.", "The club organized 3 color runs in the town center."),
        ("Dana travelled to the theatre with the programme and the catalogue.", "Dana traveled to the theater with the program and the catalog."),
        ("The fulfilment centre takes enrolments by instalment.", "The fulfillment center takes enrollments by installment."),
    ] {
        assert_eq!(canonical_spellings(british), american);
        assert_eq!(canonical_spellings(american), american);
    }
    // Not respellings: short words, words whose respelling is no word,
    // names.
    for text in ["Four hours on tour with your flour.", "The premises, the promise, the exercise.", "Harbourview Vets devoured it.", "The annulment was a settlement."] {
        assert_eq!(canonical_spellings(text), text);
    }
    let v = TrainedJudge::default().judge(&e("Alice's favourite drink is green tea.", 1), &e("Alice's favorite drink is green tea.", 2), 0.991);
    assert_eq!(v.decision, Decision::Duplicate, "{}", v.reason);
}

#[test]
fn a_statement_about_a_closed_past_is_not_made_stale() {
    let past = |t: &str| closed_past(&pair_signals(t, t).0);
    assert_eq!(past("The user's previous car was a 2012 Mazda 3.").as_deref(), Some("previous"));
    assert_eq!(past("The user was a junior data analyst at Kestrel Logistics until 2021.").as_deref(), Some("until 2021"));
    assert_eq!(past("Mateo Rossi interned at Brightwave Logistics in 2019.").as_deref(), Some("in 2019"));
    assert_eq!(past("Priya Raman used to lead the user research team.").as_deref(), Some("used to"));
    // A day of a year, with an irregular past and no present verb.
    assert_eq!(past("The user rode the Hebden Hills sportive on 7 June 2022.").as_deref(), Some("on 2022-06-07"));
    assert_eq!(past("The user has a flight to Oslo booked on 7 June 2026."), None);
    assert_eq!(past("The user is riding the Hebden Hills sportive on 7 June 2026."), None);
    // A year with a verb in the present, or none in the past.
    assert_eq!(past("The hall is booked in 2025 for the club dinner."), None);
    assert_eq!(past("The storage unit lease runs until 2026."), None);
    assert_eq!(past("The user drives a 2012 Mazda 3."), None);
    let j = TrainedJudge::default();
    let (older, newer) = ("The user's previous car was a 2012 Mazda 3 in soul red.", "The user sold the Mazda and now drives a Škoda Enyaq.");
    let (_, pu) = j.probabilities(older, newer, 0.525);
    assert!(pu >= j.thresholds.update_with_change, "the model alone reads no update: P(update) {pu}");
    let v = j.judge(&e(older, 1), &e(newer, 2), 0.525);
    assert_eq!(v.decision, Decision::Distinct, "{}", v.reason);
    assert!(v.reason.contains("closed past"), "{}", v.reason);
    // The same fact stated for the present is still updated.
    let v = j.judge(&e("The user drives a 2012 Mazda 3.", 1), &e(newer, 2), 0.626);
    assert_eq!(v.decision, Decision::Update, "{}", v.reason);
    // Both in a closed past: a correction, left to the other rules.
    let v = j.judge(
        &e("The user was a junior data analyst at Kestrel Logistics until 2021.", 1),
        &e("The user was a junior data analyst at Kestrel Logistics until 2022.", 2),
        0.97,
    );
    assert!(!v.reason.contains("closed past"), "{}", v.reason);
}

#[test]
fn the_same_words_in_another_form_or_order_are_one_statement() {
    // With a merge bar the model alone does not reach, so that the rule
    // is what merges (the shipped model merges the first pair itself).
    let j = TrainedJudge::with_thresholds(Thresholds { duplicate: 0.99, ..TrainedJudge::default().thresholds });
    for (older, newer, cosine) in [
        ("Brasserie Lemaire sells its Saison Dorée in 750 ml corked bottles.", "Brasserie Lemaire's Saison Dorée is sold in corked 750 ml bottles.", 0.963),
        ("The user's manager is Desmond Achterberg.", "The user's mgr is Desmond Achterberg.", 0.742),
        // A verb for a verb of one meaning, in a recast sentence.
        ("Harbour Lane Garage offers free brake checks on Saturdays.", "Harbour Lane Garage provides free brake checks on Saturdays.", 0.994),
        ("The Ashby Rowing Club accepts new members in April.", "New members are taken by the Ashby Rowing Club in April.", 0.951),
        // A name that opens one sentence (not read as a name there)
        // and stands inside the other.
        ("Ines Okafor chairs the Millbrook allotment committee.", "The Millbrook allotment committee is chaired by Ines Okafor.", 0.914),
        // A verb for the verb one step above it.
        ("Halden Bakery buys its rye flour from Oakridge Mill.", "Halden Bakery gets its rye flour from Oakridge Mill.", 0.962),
        // Verbs of a price beside the price, of a duration beside it.
        ("Kelso Pottery charges £45 for a two-hour taster class.", "Kelso Pottery asks £45 for a two-hour taster class.", 0.955),
        ("A guided tour of Brindle Mill lasts 90 minutes.", "A guided tour of Brindle Mill takes 90 minutes.", 0.963),
        // Verbs of one act: an event put on, goods sold, goods got from
        // a source.
        ("Tarn Climbing Wall runs a bouldering league on Thursday evenings.", "Tarn Climbing Wall holds a bouldering league on Thursday evenings.", 0.97),
        ("The Ashgill farm shop sells goat's milk soap in 100g bars.", "The Ashgill farm shop stocks goat's milk soap in 100g bars.", 0.96),
        ("Corran Bakery sources its spelt from Dunmore Mill.", "Corran Bakery orders its spelt from Dunmore Mill.", 0.96),
        // One preposition for another of the same meaning.
        ("Corran Bakery sells its spelt loaves via the Dunmore village shop.", "Corran Bakery sells its spelt loaves through the Dunmore village shop.", 0.97),
        // Permission said two ways.
        ("Members of Tarn Climbing Wall are allowed to bring one guest.", "Members of Tarn Climbing Wall may bring one guest.", 0.96),
        // "each" for "every".
        (
            "The Kestrel Choir rehearses in the church hall on the first Monday of each month.",
            "The Kestrel Choir rehearses in the church hall on the first Monday of every month.",
            0.995,
        ),
    ] {
        let (pd, _) = j.probabilities(older, newer, cosine);
        assert!(pd < j.thresholds.duplicate, "the model alone would merge them: P(duplicate) {pd}");
        let v = j.judge(&e(older, 1), &e(newer, 2), cosine);
        assert_eq!(v.decision, Decision::Duplicate, "{newer}: {}", v.reason);
        assert!(v.reason.contains("the same words"), "{}", v.reason);
        let v = TrainedJudge::default().judge(&e(older, 1), &e(newer, 2), cosine);
        assert_eq!(v.decision, Decision::Duplicate, "the default judge: {newer}: {}", v.reason);
    }
    let same = |a: &str, b: &str| {
        let (so, sn) = pair_signals(a, b);
        same_words(&so, &sn)
    };
    // Synonyms, a stem shared by two words, another value: not the
    // same words.
    assert!(!same("The default branch of the orion-web repository is master.", "The default branch of the orion-web repository is main."));
    assert!(!same("Tom manages Anna.", "Tom's manager is Anna."));
    // Two verbs of two meanings.
    assert!(!same("Fatima runs 40 km a week.", "Fatima cycles 40 km a week."));
    assert!(!same("The user's manager is Desmond Achterberg.", "The user's manager is Priya Velankar."));
    assert!(!same("The team meets on 3 May.", "The team meets on 4 May."));
    assert!(!same("Ines Okafor chairs the Millbrook allotment committee.", "The Millbrook allotment committee is chaired by Tomas Okafor."));
    assert!(!same("Marek Novak lives in a flat above the Brno bakery.", "Marek Novak works in a flat above the Brno bakery."));
    // Without the value, and for the one who pays.
    assert!(!same("Kelso Pottery asks its students for feedback.", "Kelso Pottery charges its students for feedback."));
    assert!(!same("Kelso Pottery charges £45 for a two-hour taster class.", "Kelso Pottery pays £45 for a two-hour taster class."));
    assert!(!same("Odile takes the bus to Brindle Mill.", "Odile lasts the bus to Brindle Mill."));
    // Adjectives of one meaning are the same words; of two, or of one
    // kind, not.
    assert!(same("Last entry at the Wenonah lido is 6 pm.", "Final entry at the Wenonah lido is 6 pm."));
    assert!(!same("The large hall at Wenonah Library seats 80.", "The small hall at Wenonah Library seats 80."));
    assert!(!same("The early shift at Wenonah Dairy starts at 6 am.", "The late shift at Wenonah Dairy starts at 6 am."));
    // A verb for its synonym where only one of them is usually a verb
    // ("loans" is more often a noun).
    assert!(same("Wenonah Library lends e-readers to members.", "Wenonah Library loans e-readers to members."));
    // Getting goods is one act only from a source.
    assert!(!same("Corran Bakery sources its staff locally.", "Corran Bakery orders its staff locally."));
    // Who teaches a class, said four ways; without a class or a lesson,
    // "teaches" and "gives" are two acts.
    for verb in ["leads", "takes", "runs"] {
        assert!(same("Quarrybank Studio's Saturday pottery class is taught by Wenonah Pryce.", &format!("Wenonah Pryce {verb} the Saturday pottery class at Quarrybank Studio.")), "{verb}");
    }
    assert!(same("Wenonah Pryce teaches the Quarrybank choir's singing lessons.", "Wenonah Pryce gives the Quarrybank choir's singing lessons."));
    assert!(!same("Wenonah Pryce teaches the Quarrybank choir its harmonies.", "Wenonah Pryce gives the Quarrybank choir its harmonies."));
    // Goods carried, a price given, a show presented.
    assert!(same("Quarrybank Stores sells paraffin.", "Quarrybank Stores carries paraffin."));
    assert!(same("A Quarrybank day pass is priced at £12.", "A Quarrybank day pass costs £12."));
    assert!(same("Wenonah Pryce presents the Quarrybank quiz night.", "Wenonah Pryce hosts the Quarrybank quiz night."));
    // Words that WordNet holds in no one synset but that say the same.
    assert!(same("Wenonah's Quarrybank rail ticket comes with a reserved seat.", "Wenonah's rail ticket to Quarrybank includes a reserved seat."));
    // A verb of several words in another form than the lexicon lists.
    assert!(same("The Wenonah book club meets at Quarrybank café.", "The Wenonah book club gets together at Quarrybank café."));
    // A price in a currency's code; selling at a price.
    assert!(same("A Quarrybank ferry return costs CHF 42.", "The Quarrybank ferry charges CHF 42 for a return."));
    assert!(same("Quarrybank Stores sells paraffin for £3 a litre.", "Quarrybank Stores charges £3 a litre for paraffin."));
    // Permission and obligation said two ways; one of each is not.
    assert!(same("Quarrybank Orchard lets volunteers take windfalls home.", "Volunteers at Quarrybank Orchard may take windfalls home."));
    assert!(same("Quarrybank Choir requires new members to pass an audition.", "New members of Quarrybank Choir must pass an audition."));
    assert!(!same("Quarrybank Choir lets new members sing a solo.", "Quarrybank Choir requires new members to sing a solo."));
    // Two nouns are not joined by WordNet's verbs ("coat" / "dress"); a
    // noun and a verb are ("on loan" / "lent").
    assert!(!same("Wenonah Tailoring offers alterations on coats bought in store.", "Wenonah Tailoring offers alterations on dresses bought in store."));
    assert!(same("Wenonah Library's globe is on loan to Quarrybank School.", "Wenonah Library has lent its globe to Quarrybank School."));
    // Two nouns of one meaning, each usually a noun.
    assert!(same("Quarrybank Cycles hires out bicycles by the day.", "Quarrybank Cycles hires out bikes by the day."));
}

#[test]
fn the_same_words_merge_where_the_model_doubts_them() {
    // The model reads "booked" / "reserved" below even-odds; the same
    // words in another form merge from the same-words bar.
    let j = TrainedJudge::default();
    let (older, newer) = ("The Wenonah Inn is booked for three nights from 4 May.", "The Wenonah Inn is reserved for three nights from 4 May.");
    let (pd, _) = j.probabilities(older, newer, 0.95);
    assert!((j.thresholds.duplicate_same_words..0.5).contains(&pd), "P(duplicate) {pd}");
    let v = j.judge(&e(older, 1), &e(newer, 2), 0.95);
    assert_eq!(v.decision, Decision::Duplicate, "{}", v.reason);
    assert!(v.reason.contains("the same words"), "{}", v.reason);
}

#[test]
fn ways_of_saying_free_are_one_word() {
    assert_eq!(free_of_charge("Delivery is free of charge within Leeds."), "Delivery is free within Leeds.");
    assert_eq!(free_of_charge("Oakham Library lends e-readers at no charge."), "Oakham Library lends e-readers free.");
    assert_eq!(free_of_charge("Mats are lent For free, and At no extra cost."), "Mats are lent free, and free.");
    // Only whole words: "carefree", "no chargers".
    assert_eq!(free_of_charge("A carefree for freezing day."), "A carefree for freezing day.");
    assert_eq!(free_of_charge("Bring at no chargers."), "Bring at no chargers.");
    assert_eq!(free_of_charge("The limit for free-tier users."), "The limit for free-tier users.");
    // No negation is left to read, so the two say the same.
    let (a, b) = pair_signals("Oakham Library lends e-readers at no charge.", "Oakham Library lends e-readers free of charge.");
    assert_eq!((a.negations, a.content.clone()), (b.negations, b.content.clone()));
}

#[test]
fn a_group_joins_on_a_looser_bar_than_the_same_fact() {
    let j = TrainedJudge::default();
    let (a, b) = (e("The Quarrybank build cache runs Redis 6.2.", 1), e("Redis version 6.2 powers the Quarrybank build cache.", 2));
    let pd = j.probabilities(&a.text, &b.text, 0.936).0;
    assert!((j.thresholds.same_group..j.thresholds.same_fact).contains(&pd), "P(duplicate) {pd}");
    assert!(j.same_group(&a, &b, 0.936) && !j.same_fact(&a, &b, 0.936));
    // The vetoes hold at either bar.
    let other = e("Redis version 7.2 powers the Quarrybank build cache.", 2);
    assert!(!j.same_group(&a, &other, 0.95));
}

#[test]
fn the_same_words_are_the_same_fact() {
    // Where a merge reads two statements as one ("buys" / "gets", the
    // verb one step above it), an update of the one replaces the other
    // too, though the model alone reads them below the same-fact bar.
    let j = TrainedJudge::default();
    let (a, b) = (e("Halden Bakery buys its rye flour from Oakridge Mill.", 1), e("Halden Bakery gets its rye flour from Oakridge Mill.", 2));
    let (pd, _) = j.probabilities(&a.text, &b.text, 0.962);
    assert!(pd < j.thresholds.same_fact, "the model alone reads them as one fact: P(duplicate) {pd}");
    assert!(j.same_fact(&a, &b, 0.962));
    let works = e("Marek Novak works in a flat above the Brno bakery.", 2);
    assert!(!j.same_fact(&e("Marek Novak lives in a flat above the Brno bakery.", 1), &works, 0.941));
}

#[test]
fn a_statement_and_its_denial_are_never_merged() {
    for (older, newer) in [
        (
            "Castlebar Sailing Club allows visiting sailors to take the Laser dinghies out after dusk if they wear a lifejacket.",
            "Castlebar Sailing Club does not allow juniors to take the Laser dinghies out after dusk, even with a lifejacket.",
        ),
        ("Harlow Lido's café doesn't accept card payments for orders under £5.", "Harlow Lido's café accepts card payments for orders under £5."),
        ("The Kestrel Road depot can never be used for overnight parking.", "The Kestrel Road depot is used for overnight parking."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        let why = vetoes(&so, &sn, true).unwrap_or_default();
        assert!(why.contains("denies what the other says"), "{older} / {newer}: {why:?}");
        assert!(different_things(older, newer).is_some());
    }
    // A negation of a noun, or one verb denied and another said, is no
    // denial.
    for (older, newer) in [
        ("Kettlewell Anglers lends rods to juniors free of charge.", "Kettlewell Anglers lends rods to juniors at no charge."),
        ("Tomasz takes his tea black with no sugar.", "Tomasz has his tea without milk or sugar."),
        ("Marlow Kennels does not walk the dogs after dark.", "Marlow Kennels feeds the dogs after dark."),
        ("The Larch Lane rota hasn't been agreed yet.", "The Larch Lane rota hasnt been agreed yet."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert_eq!(denial(&so, &sn), None, "{older} / {newer}");
    }
}

#[test]
fn a_recast_that_names_other_people_and_places_is_not_the_same_fact() {
    // The names part the two wherever they stand: an update that took
    // the one as the same fact as the other would retire a statement
    // about another class.
    let j = TrainedJudge::default();
    let (a, b) = (
        e("Nadia Rahman teaches the pottery class at the Ashby studio on Monday evenings for £30 a session.", 1),
        e("The pottery class at the Leek studio is taught by Colm Healy on Monday evenings and costs £30 a session.", 2),
    );
    let why = j.apart(&a, &b).unwrap_or_default();
    assert!(why.contains("each names what the other does not"), "{why:?}");
    assert!(!j.same_fact(&a, &b, 0.95));
    // The same names recast or written short, or a note's first word,
    // are not apart.
    let c = e("The pottery class at the Ashby studio is taught by Nadia Rahman on Monday evenings and costs £30 a session.", 2);
    assert_eq!(j.apart(&a, &c), None);
    for (older, newer) in [
        ("Ferrand Clay Ground near Bakewell charges £28 for a round of trap.", "Ferrand CG (nr Bakewell) charges £28 for a round of trap."),
        ("Supplier: Brookfield Mill, Stow Rd - Oakleaf", "Oakleaf Flour is milled at Brookfield Mill on Stow Road."),
    ] {
        assert_eq!(j.apart(&e(older, 1), &e(newer, 2)), None, "{older} / {newer}");
    }
}

#[test]
fn a_hyphenated_compound_is_written_as_the_other_side_writes_it() {
    assert_eq!(compounds_as_other("The stand-up is at 10.", "The standup is at 10."), "The standup is at 10.");
    assert_eq!(compounds_as_other("A back-end engineer.", "The backend role."), "A backend engineer.");
    assert_eq!(compounds_as_other("Medium-spicy food.", "Food that is medium spicy."), "Medium spicy food.");
    // Left alone where the other side has neither form, and names keep theirs.
    assert_eq!(compounds_as_other("A well-known cafe.", "A famous cafe."), "A well-known cafe.");
    assert_eq!(compounds_as_other("Dr. Mei-Ling Chou.", "Mei-Ling Chou."), "Dr. Mei-Ling Chou.");
    assert!(matches!(compounds_as_other("No compound here.", "standup"), Cow::Borrowed(_)));
}

#[test]
fn common_abbreviations_are_the_words_they_stand_for() {
    for (short, long) in [
        ("The prod DB is backed up every night.", "The production database is backed up every night."),
        ("User plays football on Wed nights at Hackney Marshes.", "User plays football on Wednesday nights at Hackney Marshes."),
        ("User has a parking permit for the Harbor St. garage.", "User has a parking permit for the Harbor Street garage."),
        ("The shop is on 5th Ave.", "The shop is on 5th Avenue."),
        ("Her thesis advisor is Prof. Katrin Baumann.", "Her thesis advisor is Professor Katrin Baumann."),
        ("Prod config lives in the infra repo.", "Production configuration lives in the infra repository."),
        ("Kayaks are rented out by Sedgewick Paddle Co.", "Kayaks are rented out by Sedgewick Paddle Company."),
        ("Pavel works for Brandt Corp in Leipzig.", "Pavel works for Brandt Corporation in Leipzig."),
    ] {
        let (a, b) = (signals(short), signals(long));
        assert_eq!((&a.content, &a.numbers, &a.names), (&b.content, &b.numbers, &b.names), "{short} / {long}");
    }
    // In other places the same letters are not an abbreviation: a saint
    // before a name, a name after "Sun", a weekday's letters in lower case.
    assert_eq!(canonical_abbreviations("She works at St Mary's Hospital."), "She works at St Mary's Hospital.");
    assert_eq!(canonical_abbreviations("Sun Li leads the team."), "Sun Li leads the team.");
    assert_eq!(canonical_abbreviations("Hosepipes are allowed in Jul and Aug."), "Hosepipes are allowed in July and August.");
    assert_eq!(canonical_abbreviations("Lambing runs Mar. (J. Tate) to Apr."), "Lambing runs March (J. Tate) to April.");
    assert_eq!(canonical_abbreviations("Jan Pocock feeds Jan's ferrets."), "Jan Pocock feeds Jan's ferrets.");
    assert_eq!(canonical_abbreviations("They sat in the sun."), "They sat in the sun.");
    assert_eq!(canonical_abbreviations("She farms in Co. Kerry."), "She farms in Co. Kerry.");
    assert_eq!(canonical_abbreviations("The co-op is run by co. members."), "The co-op is run by co. members.");
    // A sentence's last full stop stays.
    assert_eq!(canonical_abbreviations("The office is on Elm St."), "The office is on Elm Street.");
    assert_eq!(canonical_abbreviations("The prod DB's owner is Ana."), "The production database's owner is Ana.");
    // An acronym the other side spells out, in either order.
    let (a, b) = pair_signals("Our AM for Vantora Health is Sipho Dlamini.", "Our account manager for Vantora Health is Sipho Dlamini.");
    assert_eq!((&a.content, &a.names), (&b.content, &b.names));
    let (a, b) = pair_signals("Ashford Lawn Tennis Club charges £280 a year.", "Ashford LTC charges £280 a year.");
    assert_eq!((&a.content, &a.names), (&b.content, &b.names));
    // Not when the other side has no such run, nor across a clause.
    assert_eq!(acronyms_spelled_out("The SLA is 99.9%.", "The uptime target is 99.9%."), "The SLA is 99.9%.");
    assert_eq!(acronyms_spelled_out("Ada is the VP.", "Ada visits, Paris."), "Ada is the VP.");
    assert_eq!(acronyms_spelled_out("The DB is backed up.", "The database backs up daily."), "The DB is backed up.");
}

#[test]
fn a_word_written_short_reads_as_the_other_side_writes_it_out() {
    let short = |a: &str, b: &str| abbreviations_as_other(a, b).into_owned();
    assert_eq!(
        short("The Corrach Pt. Lighthouse Trust allows weddings.", "The Corrach Point Lighthouse Trust allows weddings."),
        "The Corrach Point Lighthouse Trust allows weddings."
    );
    assert_eq!(short("Riverbend Aquaponics nr Lancaster raises tilapia.", "Riverbend Aquaponics near Lancaster raises tilapia."), "Riverbend Aquaponics near Lancaster raises tilapia.");
    assert_eq!(short("Veneer for the marquetry wkshp (Ludlow).", "The marquetry workshop in Ludlow buys veneer."), "Veneer for the marquetry workshop (Ludlow).");
    // A sentence's last full stop stays.
    assert_eq!(short("The kiln is on Mill Rd.", "The kiln is on Mill Road."), "The kiln is on Mill Road.");
    // A longer surname is another person: a vowel, and the full stop is
    // the sentence's. So, alike, "Yorks." ending a sentence.
    assert_eq!(short("Our contact is Ada Eze.", "Our contact is Ada Ezeh."), "Our contact is Ada Eze.");
    assert_eq!(short("The clogs are made in Yorks.", "The clogs are made in Yorkshire."), "The clogs are made in Yorks.");
    assert_eq!(short("Yorks. clogs are made by hand.", "Yorkshire clogs are made by hand."), "Yorkshire clogs are made by hand.");
    // Not elsewhere in the sentence, not a short word with a vowel and
    // no full stop, not a word of three letters.
    assert_eq!(short("The pt. is Rosa.", "Rosa runs Point Cafe today."), "The pt. is Rosa.");
    assert_eq!(short("Ask Ben Hale.", "Ask Benjamin Hale."), "Ask Ben Hale.");
    assert_eq!(short("Ms Patel teaches.", "Mrs Patel teaches."), "Ms Patel teaches.");
    // Read as a pair, both sides have the same words.
    let (a, b) = pair_signals("Hawthorne & Daughters, Unthank Rd, open till 9 p.m.", "Hawthorne & Daughters, Unthank Road, open till 9 p.m.");
    assert_eq!(a.content, b.content);
    let (a, b) = pair_signals("The Corrach Pt. Lighthouse Trust allows weddings.", "The Corrach Point Lighthouse Trust allows weddings.");
    assert_eq!((&a.content, &a.names), (&b.content, &b.names));
}

fn feature(x: &[f32; N_FEATURES], name: &str) -> f32 {
    x[FEATURE_NAMES.iter().position(|n| *n == name).expect(name)]
}

#[test]
fn a_slot_after_the_verb_is_a_value_and_before_it_a_subject() {
    let cases = [
        ("The user's personal GitHub account is on the Pro plan.", "The user's personal GitHub account is on the Free plan.", Some(true)),
        ("The user's home airport is SFO.", "The user's home airport is now OAK.", Some(true)),
        ("The platform team has 8 engineers.", "The platform team has 11 engineers.", Some(true)),
        ("The staging cluster runs Kubernetes 1.29.", "The production cluster runs Kubernetes 1.29.", Some(false)),
        ("Rent for the user's flat is due on the 1st.", "Rent for the user's storage unit is due on the 1st.", Some(false)),
        ("Service 12 of the alpha cluster runs on host 84.", "Service 13 of the beta cluster runs on host 91.", Some(false)),
        // A restructured paraphrase, parting at the verb, or identical but for "now".
        ("Tom Becker works as a data engineer at Shopify.", "Shopify employs Tom Becker in a data engineering role.", None),
        ("Tom Becker works as a data engineer at Shopify.", "Tom Becker is employed by Shopify as a data engineer.", None),
        ("The API listens on port 8443.", "The API now listens on port 8443.", None),
        ("The living room thermostat is set to 21 °C.", "The thermostat in the living room is at 21 degrees.", None),
        ("The user's Ally savings account pays 4.25% APY.", "The user's savings account at Ally earns 4.25% APY.", None),
        ("The user's Nationwide mortgage is on a fixed rate.", "The user's Nationwide buy-to-let mortgage is on a fixed rate.", Some(false)),
        ("The user's flight to Seoul departs at 23:55.", "The user's flight from Seoul departs at 23:55.", Some(false)),
    ];
    for (a, b, want) in cases {
        assert_eq!(slot_swap(&signals(a).frame, &signals(b).frame), want, "{a:?} / {b:?}");
    }
}

#[test]
fn a_slot_that_only_rewords_is_no_new_value() {
    let at = FEATURE_NAMES.iter().position(|n| *n == "slot_after_verb").unwrap();
    let slot = |a: &str, b: &str| pair_features(a, b, 0.95)[at];
    // An abbreviation written out, a verb for its broader verb.
    assert_eq!(slot("Dr. Kaur offers IV sedation at Elm Row Dental.", "Dr. Kaur offers intravenous sedation at Elm Row Dental."), 0.0);
    assert_eq!(slot("Halden Bakery buys its rye flour from Oakridge Mill.", "Halden Bakery gets its rye flour from Oakridge Mill."), 0.0);
    // A new value; a verb for a WordNet synonym that may be another act.
    assert_eq!(slot("The user's home airport is SFO.", "The user's home airport is OAK."), 1.0);
    assert_eq!(slot("The Friday quiz at the Bell is set by Ana Ruiz.", "The Friday quiz at the Bell is marked by Ana Ruiz."), 1.0);
}

#[test]
fn values_in_other_formats_are_the_same_value() {
    let same = [
        ("The Atlas project is due on 2024-11-30.", "The deadline for the Atlas project is 30 November 2024."),
        ("The certificate expires on 2025-06-30.", "The certificate is valid until June 30, 2025."),
        ("Grace has a dentist appointment on 22 May at 3:00 p.m.", "On May 22 at 15:00, Grace is seeing the dentist."),
        ("The thermostat is set to 21 °C.", "The thermostat is at twenty-one degrees C."),
        ("The account has 250 licensed seats.", "The account is licensed for two hundred and fifty seats."),
        ("The monthly cloud budget is €18,000.", "The cloud budget is 18k EUR monthly."),
        ("The target is $4.2 million.", "The target is $4,200,000."),
        ("The Q3 2024 budget is $80,000.", "For the third quarter of 2024, the budget is 80,000 dollars."),
        ("The cat is fed twice a day.", "The cat gets food two times daily."),
        ("The standup starts at 9:30.", "The standup starts at half past nine."),
        ("The last train departs at 16:40.", "The last train departs at twenty to five in the afternoon."),
        ("The ferry leaves at 8:45.", "The ferry leaves at quarter to nine."),
        ("The ferry leaves at 06:10.", "The ferry leaves at ten past six in the morning."),
        ("The backup runs at 2 a.m.", "The backup runs at two o'clock... at 02:00."),
        ("The backup job runs at 02:00 UTC.", "The backup runs at two o'clock UTC."),
        ("The premium is ₹9,800 per year.", "Rahul pays 9800 rupees a year."),
        ("Dmitri smokes about ten cigarettes a day.", "Dmitri smokes roughly 10 cigarettes daily."),
        ("The request timeout is 30 seconds.", "The request timeout is set to 30 s."),
        ("The CI pipeline times out after 45 minutes.", "The CI pipeline has a 45-minute timeout."),
        ("Tomás lives in a two-bedroom flat.", "Tomás lives in a flat with two bedrooms."),
        ("Diego's children are aged 4 and 7.", "Diego has a 4-year-old and a 7-year-old."),
        ("The office is open from 08:00 to 18:00.", "Office hours are 08:00-18:00."),
        ("The clinic takes calls from 9 to 17.", "The clinic takes calls 9–17."),
        // A decimal comma in an amount of money, a sign after it.
        ("A jar of capers costs €3.40 at the deli.", "A jar of capers costs 3,40 € at the deli."),
        ("A jar of capers costs €3.40 at the deli.", "A jar of capers costs 3,40€ at the deli."),
        ("The ward has 1,250 beds.", "The ward has 1250 beds."),
        // Ordinals: "every 2nd" is every other; "the first of June"
        // a date; a number word before a hyphenated unit.
        ("The quiz runs every second Monday.", "The quiz runs every 2nd Monday."),
        ("The fair opens on 1 June.", "The fair opens on the first of June."),
        ("The studio has a 32-channel mixing desk.", "The studio has a thirty-two-channel mixing desk."),
        ("Mateo plays five-a-side football.", "Mateo plays 5-a-side football."),
        ("Ethan is in third grade.", "Ethan is in grade 3."),
        ("Kwame parks on the 3rd level.", "Kwame parks on level three."),
        ("Leilani's work phone number is +1 808 555 0142.", "+1 (808) 555-0142 is Leilani's work number."),
        ("The staging cluster runs Kubernetes 1.27.", "The staging cluster is on v1.27."),
        ("The twins go to bed at 7:30 p.m.", "The twins are in bed by half past seven in the evening."),
        ("The piano lesson is on Thursdays at 5 p.m.", "Thursday at five in the afternoon is the piano lesson."),
        ("The backup runs nightly at 2 a.m.", "The backup runs every night at two in the morning."),
        ("The pager passes on at noon.", "The pager passes on at midday."),
        ("Groceries arrive between 6 and 7 p.m.", "Groceries arrive in the 18:00 to 19:00 slot."),
        ("Esperanza meets her manager every two weeks.", "Esperanza meets her manager every 14 days."),
        ("Esperanza meets her manager every other week.", "Esperanza meets her manager once a fortnight."),
        ("Hana waters the fig once a week.", "Hana waters the fig weekly."),
        ("The job runs every 1 day.", "The job runs daily."),
        ("The stand-up is on Tuesdays at 10 am.", "The standup is on Tuesdays at 10:00."),
        ("The gym costs $45 a month.", "The gym is $45/month."),
        ("Gustavo takes 5 mg of amlodipine.", "Gustavo takes amlodipine 5mg."),
        ("Okonkwo's birthday is on March 14.", "Okonkwo has a birthday on 3/14."),
        ("The project finishes on 30 September 2024.", "30/09/2024 is the project's completion date."),
        ("The project finishes on September 30, 2024.", "The project finishes on 9/30/2024."),
        ("The marathon is in October 2025.", "The marathon is held in Oct 2025."),
        ("The offsite is from 9 to 11 October.", "The offsite is on October 9–11."),
        ("The booking is for 3-7 November.", "The booking runs from November 3 to November 7."),
        ("Lena drives a 2019 Mazda.", "Lena drives a '19 Mazda."),
        ("The backend runs Node.js 18.", "The backend runs Node.js v18."),
        ("Chloe's one-on-one is every other Wednesday.", "Chloe's one-on-one is every second Wednesday."),
        ("The user drinks two cups of coffee a day.", "The user drinks 2 cups of coffee daily."),
        ("The plan is 300 Mbps.", "The plan is 300Mbps."),
        ("Arjun's weekly 1:1 is on Thursdays at 10:00.", "Arjun has a 1:1 every Thursday at 10 a.m."),
        ("Ingrid plays tennis every Saturday morning.", "Saturday mornings are Ingrid's weekly tennis slot."),
        ("Chloe's 1:1 is every other Wednesday.", "Chloe's 1:1 is fortnightly on Wednesdays."),
        ("The contract renews every January 15.", "The contract renews each year on 15 January."),
        ("Mei's number ends in 4471.", "Mei's number ends with 4-4-7-1."),
        ("The user flies on 12 November 2024.", "The user flies on the 12th of November 2024."),
        ("The hotel is booked for the October trip.", "The hotel is booked for the Oct. trip."),
        ("The user flies on October 12, 2024.", "The user flies Oct. 12, 2024."),
        ("The club meets on the first Wednesday of each month.", "The club meets on the 1st Wednesday of the month."),
        ("The club meets every first Wednesday.", "The club meets on the 1st Wednesday of each month."),
        ("Biscuit eats 1.5 cups of kibble.", "Biscuit eats one and a half cups of kibble."),
        ("Chiara's best marathon time is 3 hours 12 minutes.", "Chiara's best marathon time is 3h12m."),
        ("The flight takes 2 hours.", "The flight takes 2h."),
        ("Teodor's rainwater tank is full.", "Teodor's rainwater tank, the one behind his barn, is full."),
    ];
    for (a, b) in same {
        let (x, y) = (signals(a).numbers, signals(b).numbers);
        assert!(x == y || (x.is_subset(&y) && !x.is_empty()), "{a:?} {x:?} / {b:?} {y:?}");
    }
    let differ = [
        ("The project is due on 2024-11-30.", "The project is due on 30 December 2024."),
        ("The meeting is at 3:00 p.m.", "The meeting is at 3:00 a.m."),
        ("The budget is $4.2 million.", "The budget is $4.2 thousand."),
        ("The release is due on 2024-11-30.", "The release is due on 2024-11-29."),
        ("The thermostat is at twenty-one degrees.", "The thermostat is at twenty-two degrees."),
        ("Leilani's number is +1 808 555 0142.", "Leilani's number is +1 808 555 0143."),
        ("The twins go to bed at half past seven in the evening.", "The twins get up at half past seven in the morning."),
        ("Esperanza meets her manager every two weeks.", "Esperanza meets her manager every three weeks."),
        ("The shop opens between 6 and 7 a.m.", "The shop opens between 18:00 and 19:00."),
        // Reviewed: counts are not hours, clauses end at punctuation, a
        // range takes its end's meridiem only after "between".
        ("Lena wakes at 6. In the afternoon she swims.", "Lena wakes at 18:00 and then she swims."),
        ("The gym is open 8 to 22:00.", "The gym is open 20:00 to 22:00."),
        ("Call +44 20 7946 0958 (24 hours).", "Call +44 20 7946 0958 (25 hours)."),
        ("The offsite is from 9 to 11 October.", "The offsite is from 9 to 12 October."),
        ("The project finishes on 30/09/2024.", "The project finishes on 30/10/2024."),
        ("Arjun's 1:1 is every Thursday.", "Arjun's 1:1 is every other Thursday."),
        ("The club meets on the first Wednesday of the month.", "The club meets every Wednesday."),
        ("The club meets every first Wednesday.", "The club meets every Wednesday."),
        ("The club meets every first Wednesday.", "The club meets every last Wednesday."),
        ("Biscuit eats one and a half cups of kibble.", "Biscuit eats one cup of kibble."),
        ("The user has one cat.", "The user has two cats."),
        ("The marathon took 3h12m.", "The marathon took 3h21m."),
    ];
    for (a, b) in differ {
        assert_ne!(signals(a).numbers, signals(b).numbers, "{a:?} / {b:?}");
    }
    // An age group is written as its age: "U10" is "under-10".
    let (a, b) = (signals("Mateo plays for the U10 team."), signals("Mateo plays for the under-10 team."));
    assert_eq!((a.frame, a.names), (b.frame, b.names));
    // "may" the verb is not a month; "for an hour" is not a frequency.
    assert!(signals("Each key may make 5 requests.").numbers.iter().all(|n| n == "5"));
    // A month written short is the month where it reads as one.
    assert_eq!(signals("The room is unlocked from Nov to May.").numbers, signals("The room is unlocked from November to May.").numbers);
    assert!(signals("The Society's Aug. trial is open.").numbers.contains("august"));
    // "May" after a possessive or "every" is the month, after "in" a name still.
    assert!(signals("Spectators may bring dogs to the Society's May trial.").numbers.contains("may"));
    assert!(signals("The hall repaints its doors every May.").numbers.contains("may"));
    assert!(!signals("The index fell from 10.6 in May.").numbers.contains("may"));
    assert!(!signals("Anna shares a desk with Jan Novak.").numbers.contains("january"));
    assert!(!signals("Lars practises for an hour.").numbers.iter().any(|n| n.starts_with("every")));
    assert!(!signals("Lars stayed 2 nights, then for a day.").numbers.iter().any(|n| n.starts_with("every")));
    // "24/7" and "3/4" are no dates; "per second" is a unit, "V8" an engine.
    let desk = signals("The desk is open 24/7 on 3/4/2024.").numbers;
    assert!(desk.contains("3") && desk.contains("4") && !desk.iter().any(|n| n.contains('-')), "{desk:?}");
    assert!(signals("The desk is open 24/7.").numbers.contains("24"), "{:?}", signals("The desk is open 24/7.").numbers);
    assert!(signals("The link does 300 megabits per second.").numbers.iter().all(|n| n == "300"));
    assert!(signals("The car has a V8 engine.").numbers.contains("v8"));
    assert_eq!(signals("Omar takes 2 in the morning.").numbers, BTreeSet::from(["2".to_string()]), "a dose, not an hour");
    // Units and their spellings are one word.
    assert_eq!(signals("Fatima runs 40 kilometres a week.").content, signals("Fatima runs 40 km a week.").content);
    assert_eq!(signals("The dose is 20 milligrams.").content, signals("The dose is 20 mg.").content);
}

#[test]
fn features_measure_alignment_values_names_and_polarity() {
    // Frequencies are values: the same one said two ways, or another.
    let x = pair_features("The nightly backup job starts at 1 a.m.", "Every night at 1 a.m. the backup job starts.", 0.86);
    assert_eq!((feature(&x, "numbers_same"), feature(&x, "numbers_differ")), (1.0, 0.0), "{x:?}");
    let x = pair_features("The nightly backup job starts at 1 a.m.", "The weekly backup job starts at 1 a.m.", 0.9);
    assert_eq!(feature(&x, "numbers_differ"), 1.0, "{x:?}");
    let x = pair_features("The plan costs $15 a month.", "The plan costs 15 dollars monthly.", 0.9);
    assert_eq!(feature(&x, "numbers_same"), 1.0, "{x:?}");
    let x = pair_features("The sync is at 09:30 on Tuesdays", "The sync is at 10:00 on Tuesdays", 0.9);
    assert_eq!(feature(&x, "numbers_differ"), 1.0);
    assert_eq!(feature(&x, "numbers_same"), 0.0);
    assert_eq!(feature(&x, "coverage_min"), 1.0, "sync/Tuesday align; numbers are not content words");
    assert_eq!(feature(&x, "cosine"), 0.9);
    assert!((feature(&x, "cosine_above_085") - 0.5).abs() < 1e-5);

    let x = pair_features("Rent is $2,400 a month", "Monthly rent comes to 2400 dollars", 0.86);
    assert_eq!(feature(&x, "numbers_same"), 1.0, "thousands separators: {x:?}");
    assert_eq!(feature(&x, "numbers_differ"), 0.0);

    let x = pair_features("Alice likes green tea", "Alice does not like green tea", 0.85);
    assert_eq!(feature(&x, "negation_flip"), 1.0);
    assert_eq!(feature(&x, "negation_both"), 0.0);
    assert_eq!(feature(&x, "unaligned_older"), 0.0, "like/likes align: {x:?}");
    assert_eq!(feature(&x, "subject_same"), 1.0);

    let x = pair_features("Tom works at Google", "Tom's brother works at Google", 0.85);
    assert_eq!(feature(&x, "relation_shift"), 1.0);
    assert_eq!(feature(&x, "possessive_shift"), 1.0);
    assert_eq!(feature(&x, "unaligned_older"), 0.0);
    assert!((feature(&x, "unaligned_newer") - 2f32.ln()).abs() < 1e-6, "brother only: {x:?}");
    // A possessive one side writes is no shift when what it owns is
    // named on the other side too.
    let x = pair_features("Xochitl's laptop runs macOS Sonoma 14.4.", "Xochitl has her laptop on Sonoma, version 14.4 of macOS.", 0.88);
    assert_eq!(feature(&x, "possessive_shift"), 0.0);
    let x = pair_features("Xochitl's tablet runs macOS Sonoma 14.4.", "Xochitl has her laptop on Sonoma, version 14.4 of macOS.", 0.88);
    assert_eq!(feature(&x, "possessive_shift"), 1.0);
    // Colleagues count after a possessive only: the teammate is someone
    // else, the lead Ravi became is not.
    let x = pair_features("Lena prefers Neovim", "Lena's teammate prefers Neovim", 0.9);
    assert_eq!(feature(&x, "relation_shift"), 1.0);
    let x = pair_features("Lena prefers Neovim", "Her teammate prefers Neovim too", 0.8);
    assert_eq!(feature(&x, "relation_shift"), 1.0);
    let x = pair_features("Keiko is the lead of payments", "Ravi is now the lead of payments", 0.8);
    assert_eq!(feature(&x, "relation_shift"), 0.0);
    let x = pair_features("Noah pays 1450 euros rent", "Noah's landlord raised his rent to 1600 euros", 0.8);
    assert_eq!(feature(&x, "relation_shift"), 0.0, "the landlord acts for Noah: {x:?}");
    let x = pair_features("Nordvik's customer account is on the Business plan", "Nordvik is on the Business plan", 0.9);
    assert_eq!(feature(&x, "relation_shift"), 0.0, "a customer account is Nordvik's: {x:?}");
    let x = pair_features("The TLS certificate for shop.example.com expires soon", "shop.example.com's TLS certificate expires soon", 0.9);
    assert_eq!(feature(&x, "identifier_shift"), 0.0, "{x:?}");

    let x = pair_features("Tom works at Google", "Tom left Google and joined Meta", 0.75);
    assert_eq!(feature(&x, "change_newer"), 1.0);
    assert_eq!(feature(&x, "change_older"), 0.0);
    assert_eq!(feature(&x, "names_only_newer"), 2f32.ln(), "Meta: {x:?}");
    assert_eq!(feature(&x, "change_newer_x_subject"), 1.0);
    // Time order matters: the same pair the other way round.
    let y = pair_features("Tom left Google and joined Meta", "Tom works at Google", 0.75);
    assert_eq!(feature(&y, "change_newer"), 0.0);
    assert_eq!(feature(&y, "change_older"), 1.0);
    // A change word the older says in another form is the statement's
    // own verb; another verb's change word still counts.
    let x = pair_features("Brasserie Lemaire sells its Saison in corked bottles.", "Brasserie Lemaire's Saison is sold in corked bottles.", 0.96);
    assert_eq!(feature(&x, "change_newer"), 0.0, "{x:?}");
    let x = pair_features("Brasserie Lemaire brews its Saison in oak casks.", "Brasserie Lemaire sold its Saison brewery.", 0.7);
    assert_eq!(feature(&x, "change_newer"), 1.0, "{x:?}");

    let x = pair_features("The shop opens early", "The shop opens late", 0.9);
    assert_eq!(feature(&x, "antonym_flip"), 1.0);
    assert_eq!(feature(&x, "substitution"), 1.0);
    let x = pair_features("The web team meets on Mondays", "The mobile team meets on Mondays", 0.9);
    assert_eq!(feature(&x, "substitution"), 1.0);
    assert_eq!(feature(&x, "antonym_flip"), 0.0);
    // Weekdays are values, not content words: team and meet of web, mobile, team, meet.
    assert!((feature(&x, "word_jaccard") - 0.5).abs() < 1e-6, "{x:?}");
    assert_eq!(feature(&x, "numbers_same"), 1.0, "{x:?}");
    assert_eq!(feature(&x, "first_unaligned_older"), 0.0, "the subject differs: {x:?}");
    let x = pair_features("Jonas lives in Lisbon", "Jonas lives in Porto", 0.8);
    assert_eq!(feature(&x, "only_values_differ"), 1.0, "{x:?}");
    assert_eq!(feature(&x, "first_unaligned_older"), 1.0, "the value is last: {x:?}");

    let x = pair_features("db-1.internal serves reads", "db-2.internal serves reads", 0.95);
    assert_eq!(feature(&x, "identifier_shift"), 1.0);
    for x in [pair_features("", "", 0.0), pair_features("the", "a an", 1.0), pair_features("???", "42", -1.0)] {
        assert!(x.iter().all(|v| v.is_finite()), "{x:?}");
    }
}

#[test]
fn the_shipped_model_loads_and_bad_files_are_errors() {
    let m = JudgeModel::builtin();
    assert_eq!(m.features.len(), N_FEATURES);
    assert_eq!((FEATURE_NAMES[RULES_UPDATE], FEATURE_NAMES[CHANGE_NEWER]), ("rules_update", "change_newer"));
    assert!(m.duplicate.trees.len() >= 10 && m.update.trees.len() >= 10, "trained trees, not a placeholder");
    assert!(m.thresholds.duplicate > 0.5 && m.thresholds.duplicate < 1.0);
    assert!(m.thresholds.update > 0.5 && m.thresholds.update < 1.0);
    let text = serde_json::to_string(m).unwrap();
    assert_eq!(&JudgeModel::from_json(&text).unwrap(), m);
    assert!(JudgeModel::from_json("{").is_err());
    let mut bad = m.clone();
    bad.features.swap(0, 1);
    assert!(JudgeModel::from_json(&serde_json::to_string(&bad).unwrap()).is_err(), "feature order is checked");
    let mut bad = m.clone();
    bad.update.trees[0].value.pop();
    assert!(JudgeModel::from_json(&serde_json::to_string(&bad).unwrap()).is_err(), "lengths are checked");
    let mut bad = m.clone();
    let t = &mut bad.duplicate.trees[0];
    t.left[0] = 0;
    assert!(JudgeModel::from_json(&serde_json::to_string(&bad).unwrap()).is_err(), "cycles are refused");
    let mut bad = m.clone();
    bad.duplicate.trees[0].feature[0] = N_FEATURES as i32;
    assert!(JudgeModel::from_json(&serde_json::to_string(&bad).unwrap()).is_err(), "features are checked");
}

#[test]
fn a_place_replaced_where_one_thing_is_kept_is_an_update() {
    let swap = |a: &str, b: &str| place_swap(&signals(a), &signals(b)).map(|(x, y)| format!("{x} / {y}"));
    assert_eq!(
        swap("The Year 11 mock exams at Harlow Academy are sat in the main hall.", "The Year 11 mock exams at Harlow Academy are sat in the gym.").as_deref(),
        Some("main hall / gym")
    );
    assert_eq!(
        swap("Ward 5's defibrillator is located beside bed 12.", "Ward 5's defibrillator is located beside the linen cupboard.").as_deref(),
        Some("bed 12 / linen cupboard")
    );
    let v = TrainedJudge::default().judge(
        &e("The spare key to the Elm Road flat is kept under the doormat.", 1),
        &e("The spare key to the Elm Road flat is kept under the plant pot.", 2),
        0.8,
    );
    assert_eq!(v.decision, Decision::Update, "{}", v.reason);
    // A measure, a place it may be one of several, another thing, a
    // place both name.
    assert_eq!(swap("Cold room 2 is kept at 4°C.", "Cold room 2 is kept at 80% humidity."), None);
    assert_eq!(swap("The dog is allowed on the sofa.", "The dog is allowed on the bed."), None);
    assert_eq!(swap("Ward 5's defibrillator is located beside bed 12.", "Ward 6's defibrillator is located beside the linen cupboard."), None);
    // A shared end, an address.
    assert_eq!(
        swap("The Leeds office is located at 12 Park Row, 3rd floor.", "The Leeds office is located at 40 Wellington Street, 5th floor.").as_deref(),
        Some("12 park row 3rd / 40 wellington street 5th")
    );
}

#[test]
fn a_value_replaced_at_the_end_of_one_frame_is_an_update() {
    let swap = |a: &str, b: &str| value_swap(&signals(a), &signals(b)).map(|(x, y)| format!("{x} / {y}"));
    assert_eq!(
        swap("The user's manager is Desmond Achterberg.", "The user's manager is Priya Velankar.").as_deref(),
        Some("desmond achterberg / priya velankar")
    );
    assert_eq!(
        swap("The company VPN is provided by Cisco AnyConnect.", "The company VPN is now provided by Tailscale.").as_deref(),
        Some("cisco anyconnect / tailscale")
    );
    assert!(swap("The home Wi-Fi network is called Larkspur-5G.", "The home Wi-Fi network is called Tidewater-Home.").is_some());
    // An address is a value, in lower case as written.
    assert_eq!(
        swap("Odile Marchetti's billing email is odile@pale-quay.fr.", "Odile Marchetti's billing email is o.marchetti@quayline.eu.").as_deref(),
        Some("odile@pale quay.fr / o.marchetti@quayline.eu")
    );
    assert_eq!(swap("Odile Marchetti's billing email is odile@pale-quay.fr.", "Odile Marchetti's personal email is o.marchetti@quayline.eu."), None);
    // A role after "as" and a definite word is what the value fills.
    assert_eq!(
        swap("Hiroshi Sato uses Firefox as his default browser.", "Hiroshi Sato uses Brave as his default browser.").as_deref(),
        Some("firefox / brave")
    );
    assert_eq!(swap("Hiroshi Sato uses Notion as a wiki.", "Hiroshi Sato uses Obsidian as a wiki."), None);
    // Names of both after the value say where it is.
    assert_eq!(
        swap("The user's physiotherapist is Mirela Dragan at Kinetika Clinic.", "The user's physiotherapist is Tomasz Wróbel at Kinetika Clinic.").as_deref(),
        Some("mirela dragan / tomasz wróbel")
    );
    assert_eq!(swap("The user's physiotherapist is Mirela Dragan at Kinetika Clinic.", "The user's physiotherapist is Tomasz Wróbel at the clinic."), None);
    // After a verb of one value; not after a verb of possession.
    assert_eq!(swap("The user writes code in Sublime Text.", "The user writes code in Zed.").as_deref(), Some("sublime text / zed"));
    assert_eq!(swap("The user has a digital subscription to The Economist.", "The user has a digital subscription to the Financial Times."), None);
    // A verb the lexicon reads as one, not only the short list.
    assert_eq!(
        swap("Marlow Cycles buys its inner tubes from Vance Rubber in Leeds.", "Marlow Cycles buys its inner tubes from Oduya Supplies in Hull.").as_deref(),
        Some("vance rubber leeds / oduya supplies hull")
    );
    // After "from" or "by", a source or an agent: a verb the lexicon
    // knows before "its", values of more words, and what "usually"
    // adds after them.
    assert_eq!(
        swap("Halden Dairy sources its rennet from Kestrel Cultures.", "Halden Dairy sources its rennet from Moorvale Enzymes.").as_deref(),
        Some("kestrel cultures / moorvale enzymes")
    );
    assert_eq!(
        swap(
            "The hospice's linen is laundered by Ashgrove Laundry Services of North Shields.",
            "The hospice's linen is laundered by Brightline Textile Care of Gateshead Quay."
        )
        .as_deref(),
        Some("ashgrove laundry services north shields / brightline textile care gateshead quay")
    );
    assert_eq!(
        swap(
            "Tove Lindahl orders her glass rods from Effetre in Murano, usually in 5kg boxes.",
            "Tove Lindahl orders her glass rods from Bullseye in Portland, usually in 5kg boxes."
        )
        .as_deref(),
        Some("effetre murano / bullseye portland")
    );
    assert!(swap("Kofi Mensah's postal address is 14 Birch Road, Flat 3C, Leeds.", "Kofi Mensah's postal address is 202 Harrow Street East, Suite 9, Leeds.").is_some());
    // "for" and the subject's own after a source says what it serves.
    assert_eq!(
        swap("Corrie Pottery buys its clay from Valentine Clays for its stoneware range.", "Corrie Pottery buys its clay from Potclays for its stoneware range.").as_deref(),
        Some("valentine clays / potclays")
    );
    // A copula before the opener allows as long a value, and "near"
    // passes within it.
    assert_eq!(
        swap(
            "The Chiltern bell-ringers' quarterly striking contest is held at Oakridge Manor near Little Hampden.",
            "The Chiltern bell-ringers' quarterly striking contest is held at Brook Farm near Wendover."
        )
        .as_deref(),
        Some("oakridge manor little hampden / brook farm wendover")
    );
    // After a source and its article, a noun both have after a value
    // is the kind of source; not after a place.
    assert_eq!(
        swap("Tollgate Cider presses perry pears grown by the Marsh family near Ledbury.", "Tollgate Cider presses perry pears grown by the Quinton family at Much Marcle.").as_deref(),
        Some("marsh ledbury / quinton much marcle")
    );
    assert_eq!(swap("Tollgate Cider sells its perry at the Marsh family shop.", "Tollgate Cider sells its perry at the Quinton family shop."), None);
    // After a copula, "during" and the subject's own says when, not
    // which thing; "during" and a period alone may be a second place.
    assert_eq!(
        swap("Ines Costa is staying at the Harbour View Hotel during her Porto conference.", "Ines Costa is staying at the Ribeira Lodge Hotel during her Porto conference.").as_deref(),
        Some("harbour view / ribeira lodge")
    );
    assert_eq!(swap("Dogs are allowed at Millbrook Park during July.", "Dogs are allowed at Ashcombe Green during July."), None);
    // After a copula, a site both name after the value.
    assert_eq!(
        swap("Pallet PX-3390 is stored in rack bay B-04 at the Leeds depot.", "Pallet PX-3390 is stored in rack bay D-11 at the Leeds depot.").as_deref(),
        Some("b 04 / d 11")
    );
    assert_eq!(swap("Pallet PX-3390 is stored in rack bay B-04 at the depot.", "Pallet PX-3390 is stored in rack bay D-11 at the depot."), None);
    // A relation right before its name goes with the value.
    assert_eq!(
        swap("Kwame Mensah's emergency contact is his sister Efua Boateng.", "Kwame Mensah's emergency contact is his wife, Abena Osei.").as_deref(),
        Some("efua boateng / abena osei")
    );
    assert_eq!(swap("Kwame Mensah's sister is Efua Boateng.", "Kwame Mensah's wife is Abena Osei."), None);
    // A place that names a source is one too, in a longer statement.
    assert_eq!(
        swap(
            "Ottilie Marsh, a textile printer in Bristol, buys her natural indigo dye from a farm cooperative in Jaipur.",
            "Ottilie Marsh, a textile printer in Bristol, buys her natural indigo dye from a farm cooperative in Oaxaca."
        )
        .as_deref(),
        Some("jaipur / oaxaca")
    );
    assert_eq!(
        swap(
            "Ottilie Marsh, a textile printer in Bristol, sells her printed silk scarves at a craft market in Leeds.",
            "Ottilie Marsh, a textile printer in Bristol, sells her printed silk scarves at a craft market in York."
        ),
        None
    );
    // A word of a name is not one of several; "keeps" a thing at a
    // place is possession, of which one may have several.
    assert_eq!(
        swap("Marsh & Sons sources its roofing slate from Delabole Quarry.", "Marsh & Sons sources its roofing slate from Burlington Stone.").as_deref(),
        Some("delabole quarry / burlington stone")
    );
    assert_eq!(swap("Fenwick & Daughters keeps a trade account at Tolley Supplies.", "Fenwick & Daughters keeps a trade account at Brant Merchants."), None);
    // After a source, a word both values have after their first is the
    // kind both are; elsewhere two of one kind may both hold.
    assert_eq!(
        swap("Ardley Bakery buys its rye from Holme Mill in Bakewell.", "Ardley Bakery buys its rye from Caldbeck Mill in Wigton.").as_deref(),
        Some("holme bakewell / caldbeck wigton")
    );
    assert_eq!(swap("The user is registered for the Dublin Marathon on 3 May.", "The user is registered for the Boston Marathon on 9 June."), None);
    // After a copula right before it, a place that names where the
    // value is, or an appositive, describes the value.
    assert_eq!(
        swap("The user's favourite sushi bar is Kaito Sushi on Mill Road.", "The user's favourite sushi bar is Umi Kitchen in the Riverside quarter.").as_deref(),
        Some("kaito sushi / umi kitchen")
    );
    assert_eq!(
        swap(
            "The skip of Ewan Reid's curling rink in Perth is Moira Blair, a retired teacher.",
            "The skip of Ewan Reid's curling rink in Perth is Isla Shaw, a junior doctor."
        )
        .as_deref(),
        Some("moira blair / isla shaw")
    );
    assert_eq!(swap("The pub quiz is held at The Plough on Mill Road.", "The pub quiz is held at The Swan in the Riverside quarter."), None);
    // Not a place one of several may be, nor what "for" says after a
    // source (two approvals), nor a second clause.
    assert_eq!(swap("Corran Bakery delivers rolls to the Anchor Inn on Quay Street every Friday.", "Corran Bakery delivers rolls to the Ship Inn on Quay Street every Friday."), None);
    assert_eq!(swap("Greta Holm sorts the parcels for delis in Kirkwall and Stromness on the Tuesday van run.", "Greta Holm sorts the parcels for delis in Lerwick and Scalloway on the Tuesday van run."), None);
    assert_eq!(swap("Locksmith Piotr Nowak is approved by Ironclad Insurance for vault work.", "Locksmith Piotr Nowak is approved by Bastion Insurance for vault work."), None);
    assert_eq!(
        swap("Aled Rees collects saws from Tyler Joinery, usually on Mondays, and returns them sharpened.", "Aled Rees collects saws from Birch Joinery, usually on Mondays, and returns them sharpened."),
        None
    );
    // A place after a name both share says which of its sites is meant.
    assert_eq!(swap("Nadia Rahman handles the ponies at the Kestrel Riding Centre in Bury.", "Nadia Rahman handles the ponies at the Kestrel Riding Centre in Bolton."), None);
    // A value after "of" and a noun says which thing is meant, unless
    // a copula makes it what the subject is.
    assert_eq!(swap("Ilse Maas keeps the minute book of the Dalby Rowing Club.", "Ilse Maas keeps the minute book of the Ferris Canoe Club."), None);
    assert_eq!(swap("Joost Kok is a tax resident of Belgium.", "Joost Kok is a tax resident of Spain.").as_deref(), Some("belgium / spain"));
    // One of several; a noun after the value; a class, not a value;
    // another subject; the same value; a scene.
    assert_eq!(swap("Tom's sister is Anna Berg.", "Tom's sister is Maria Berg."), None);
    assert_eq!(swap("Two-factor authentication is enabled on Haruto's GitHub account.", "Two-factor authentication is enabled on Haruto's GitLab account."), None);
    assert_eq!(swap("The user is a runner.", "The user is a vegetarian."), None);
    assert_eq!(swap("The staging API is owned by Platform.", "The production API is owned by Platform."), None);
    assert_eq!(swap("The user's manager is Desmond Achterberg.", "The user's manager is still Desmond Achterberg."), None);
    assert_eq!(swap("A man is talking to Anna.", "A man is talking to Maria."), None);
    assert_eq!(swap("Larchfield Clinic does not offer LASIK.", "Larchfield Clinic does not offer SMILE surgery."), None);
    let e = |text: &str, id: u64| Entry { id, text: text.into(), created_at: id as i64, ..Default::default() };
    // A noun after the value that names its kind: one at a time.
    assert_eq!(swap("Tidewater's Slack workspace is on the Pro plan.", "Tidewater's Slack workspace is on the Business plan.").as_deref(), Some("pro / business"));
    assert_eq!(
        swap("The Kestrel billing database is hosted in the AWS eu-west-1 region.", "The Kestrel billing database is hosted in the AWS ap-south-1 region.").as_deref(),
        Some("eu west / ap south")
    );
    // Another noun is which thing is meant.
    assert_eq!(swap("Two-factor login is enabled on Ines's GitHub account.", "Two-factor login is enabled on Ines's GitLab account."), None);
    assert_eq!(swap("Tidewater's Slack workspace is on the Pro plan for designers.", "Tidewater's Slack workspace is on the Business plan for designers."), None);
    // A value between two words of one name names another thing.
    assert_eq!(swap("The concertmaster of the Ashby Chamber Orchestra is Lena Voss.", "The concertmaster of the Ashby Youth Orchestra is Lena Voss."), None);
    // So does a value that goes on from a name both start; not after a
    // title.
    assert_eq!(swap("The user's niece Maya attends Brookvale Primary School.", "The user's niece Maya attends Brookvale Riding Club."), None);
    assert_eq!(
        swap("The user's GP is Dr. Helen Marsh.", "The user's GP is Dr. Tomas Quill.").as_deref(),
        Some("helen marsh / tomas quill")
    );
    // One value written two ways is no new value.
    assert_eq!(swap("Okoro's bakery LLC is registered in Delaware.", "Okoro's bakery LLC is registered in DE."), None);
    assert_eq!(swap("The clinic is at 9 Kalinowa Street, Wrocław.", "The clinic is at 9 Kalinowa St., Wroclaw."), None);
    assert!(swap("Okoro's bakery LLC is registered in Delaware.", "Okoro's bakery LLC is registered in Wyoming.").is_some());
    let v = TrainedJudge::default().judge(&e("The user's manager is Desmond Achterberg.", 1), &e("The user's manager is Priya Velankar.", 2), 0.62);
    assert_eq!(v.decision, Decision::Update, "{}", v.reason);
    assert!(v.reason.contains("the value"), "{}", v.reason);
}

#[test]
fn a_value_given_instead_of_the_older_one_is_an_update() {
    let instead = |a: &str, b: &str| instead_of(&signals(a), &signals(b), Lexicon::get());
    let older = "Dev Raman's pension names his brother Arjun as beneficiary.";
    assert_eq!(instead(older, "Dev Raman rewrote his pension nomination and named Ines Duarte as beneficiary instead of Arjun.").as_deref(), Some("arjun"));
    // Not about another subject, nor without a new value, nor when
    // the older already says "instead".
    assert_eq!(instead("Kilkeel Tackle stocks braided line from Sufix.", "Annalong Tackle now stocks Power Pro braided line instead of Sufix."), None);
    assert_eq!(instead("The user's chess club meets at the Red Lion.", "The user's book club now meets at the Crown instead of the Red Lion."), None);
    assert_eq!(instead(older, "Dev Raman rewrote his pension nomination instead of Arjun."), None);
    assert_eq!(instead("Dev Raman's pension names Arjun instead of Ravi as beneficiary.", "Dev Raman's pension names Ines instead of Arjun as beneficiary."), None);
    let e = |text: &str, id: u64| Entry { id, text: text.into(), created_at: id as i64, ..Default::default() };
    let v = TrainedJudge::default().judge(&e(older, 1), &e("Dev Raman rewrote his pension nomination and named Ines Duarte as beneficiary instead of Arjun.", 2), 0.62);
    assert_eq!(v.decision, Decision::Update, "{}", v.reason);
}

#[test]
fn a_new_value_announced_in_the_older_words_is_an_update() {
    let change = |a: &str, b: &str| announced_change(&signals(a), &signals(b), Lexicon::get());
    let email = "Tariq's primary email address is tariq.m@fastmail.com.";
    assert_eq!(change(email, "Tariq changed his primary email to tariq@mansour.dev.").as_deref(), Some("changed"));
    assert_eq!(
        change("The timeout on the payments API gateway is thirty seconds.", "The payments API gateway timeout was raised to 45 seconds.").as_deref(),
        Some("raised")
    );
    // A price that "has risen to" a new amount, in the older's words
    // and names.
    let fee = "Annual membership of the Kingsbridge Bonsai Circle costs £30.";
    assert_eq!(change(fee, "Annual membership of the Kingsbridge Bonsai Circle has risen to £36.").as_deref(), Some("risen"));
    assert_eq!(change(fee, "Junior membership of the Kingsbridge Bonsai Circle has risen to £36."), None);
    // Another attribute, another person, no new value, no change word.
    assert_eq!(change(email, "Tariq changed his work email to tariq@mansour.dev."), None);
    assert_eq!(change(email, "Tariq's sister changed her primary email to farah@mansour.dev."), None);
    assert_eq!(change(email, "Tariq changed his primary email provider."), None);
    assert_eq!(change(email, "Tariq's primary email is tariq@mansour.dev."), None);
    // A change word used for a routine announces nothing: a new time
    // here is the model's to weigh.
    assert_eq!(change("Mina's train to Leeds departs at 07:40.", "Mina's train to Leeds leaves at 08:10."), None);
    assert_eq!(change("Mina's train to Leeds departs at 07:40.", "Mina's train to Leeds now leaves at 08:10.").as_deref(), Some("now"));
    // The word cited is the one counted, not a routine one before it.
    assert_eq!(change("Mina's train to Leeds departs at 07:40.", "Mina's train to Leeds leaves at 08:10 now.").as_deref(), Some("now"));
}

#[test]
fn a_statement_that_ends_another_in_its_words_is_an_update() {
    let ends = |a: &str, b: &str| cessation(&signals(a), &signals(b), Lexicon::get());
    assert_eq!(
        ends("The user takes guitar lessons with Siobhan Kearney on Saturday mornings.", "The user stopped taking guitar lessons with Siobhan Kearney.").as_deref(),
        Some("stopped")
    );
    assert_eq!(
        ends("The user is registered to sit the IELTS exam on 8 March 2025.", "The user withdrew from the 8 March 2025 IELTS exam.").as_deref(),
        Some("withdrew")
    );
    // A clause after a semicolon says what comes instead.
    let snack = "At 3 p.m., Tiny Oaks Nursery gives each child a snack of toast and milk.";
    assert_eq!(ends(snack, "Tiny Oaks Nursery has stopped giving the children a 3 p.m. snack; parents must now pack their own.").as_deref(), Some("stopped"));
    assert_eq!(ends(snack, "Tiny Oaks Nursery has stopped giving the children a 3 p.m. snack of fruit; parents must now pack their own."), None);
    // A verb with its particle, a noun made from the older's verb, a
    // name of the older as the owner.
    assert_eq!(
        ends("The user's sister Noor is engaged to Karim Haddad.", "Noor and Karim Haddad have called off their engagement.").as_deref(),
        Some("called off")
    );
    assert_eq!(
        ends("Piet Claes teaches bobbin lace at the Bruges Lace Centre every Wednesday.", "Piet Claes has given up teaching bobbin lace at the Bruges Lace Centre.").as_deref(),
        Some("given up")
    );
    assert_eq!(
        ends("Mossgiel Radio runs a late-night jazz hour with Ines Balogun on Fridays.", "Mossgiel Radio's Friday jazz hour with Ines Balogun has been axed.").as_deref(),
        Some("axed")
    );
    // When it ended, at the end of a period.
    assert_eq!(
        ends("The user leases garage 7 at Marsh Court.", "The user gave up garage 7 at the end of the year.").as_deref(),
        Some("gave up")
    );
    assert_eq!(ends("The user leases garage 7 at Marsh Court.", "The user gave up garage 7 at the end of the corridor."), None);
    assert_eq!(ends("The user's sister Noor is engaged to Karim Haddad.", "Noor and Karim Haddad have called off their wedding."), None);
    assert_eq!(ends("The user's cousin Noor is engaged to Karim Haddad.", "The user's sister Noor and Karim Haddad have called off their engagement."), None);
    assert_eq!(ends("Mossgiel Radio runs a jazz hour with Ines Balogun.", "Ines Balogun's brother's jazz hour on Mossgiel Radio has been axed."), None);
    // Another subject, another value, a word the older lacks, a
    // negation, an older statement that already says it ended.
    assert_eq!(ends("The user takes guitar lessons with Siobhan Kearney.", "The user's son stopped taking guitar lessons with Siobhan Kearney."), None);
    assert_eq!(ends("The user's son takes guitar lessons with Siobhan Kearney.", "The user stopped taking guitar lessons with Siobhan Kearney."), None);
    // A time of day it stops at is a schedule.
    assert_eq!(ends("The Quarrybank café finishes serving hot food at 2:30 pm.", "The Quarrybank café stops serving hot food at 2:30 pm."), None);
    assert_eq!(ends("The user takes guitar lessons with Siobhan Kearney.", "The user stopped taking guitar lessons with Aoife Byrne."), None);
    assert_eq!(ends("The user takes guitar lessons with Siobhan Kearney.", "The user stopped taking piano lessons with Siobhan Kearney."), None);
    assert_eq!(ends("The user is registered for the 8 March 2025 IELTS exam.", "The user withdrew from the 9 March 2025 IELTS exam."), None);
    assert_eq!(ends("The user does not take guitar lessons.", "The user stopped taking guitar lessons."), None);
    assert_eq!(ends("The user stopped taking guitar lessons.", "The user stopped taking guitar lessons."), None);
    let e = |text: &str, id: u64| Entry { id, text: text.into(), created_at: id as i64, ..Default::default() };
    let v = TrainedJudge::default().judge(&e("The user drinks two cups of coffee a day.", 1), &e("The user stopped drinking coffee.", 2), 0.7);
    assert_eq!(v.decision, Decision::Update, "{}", v.reason);
}

#[test]
fn a_state_flipped_by_an_opposite_word_is_an_update() {
    let flip = |a: &str, b: &str| state_flip(&signals(a), &signals(b)).map(|(x, y)| format!("{x} / {y}"));
    // Every other word kept, or only moved.
    assert_eq!(flip("The office Wi-Fi is enabled.", "The office Wi-Fi is disabled.").as_deref(), Some("enabled / disabled"));
    assert_eq!(
        flip("Password login over SSH is enabled on the build box.", "SSH password login is disabled on the build box.").as_deref(),
        Some("enabled / disabled")
    );
    assert_eq!(flip("Dark mode is on in the editor.", "Dark mode is off in the editor.").as_deref(), Some("on / off"));
    // A negating prefix: "shared" / "unshared", "active" / "inactive".
    assert_eq!(flip("The cloud-drive folder is shared.", "The cloud drive folder is now unshared.").as_deref(), Some("shared / unshared"));
    assert_eq!(flip("Tom Becker's account is active.", "Tom Becker's account is inactive.").as_deref(), Some("active / inactive"));
    // Opposite poles written with two roots (`STATE_POLES`).
    assert_eq!(
        flip("Kasha, the user's dog, is permitted on the bed.", "The user's dog Kasha is banned from the bed.").as_deref(),
        Some("permitted / banned")
    );
    assert_eq!(flip("The user's passport is valid.", "The user's passport is expired.").as_deref(), Some("valid / expired"));
    assert_eq!(flip("Force pushes are permitted on the develop branch.", "Force pushes are blocked on the develop branch.").as_deref(), Some("permitted / blocked"));
    assert_eq!(flip("Attendance at the seminar is compulsory.", "Attendance at the seminar is optional.").as_deref(), Some("compulsory / optional"));
    // "set to" states a setting.
    assert_eq!(flip("The portfolio is set to public.", "The portfolio is set to private.").as_deref(), Some("public / private"));
    assert_eq!(flip("Kasha, the user's dog, is permitted on the bed.", "The user's cat Miso is banned from the bed."), None);
    // Verbs of a policy or a liking need no copula (`VERB_POLES`).
    let parking = "Dunmore Town Council permits overnight parking in the Kirkgate Street car park.";
    assert_eq!(flip(parking, &parking.replace("permits", "prohibits")).as_deref(), Some("permit / prohibit"));
    assert_eq!(flip("The user enjoys very spicy food.", "The user dislikes very spicy food.").as_deref(), Some("enjoy / dislike"));
    assert_eq!(flip(parking, "Harlow Town Council prohibits overnight parking in the Kirkgate Street car park."), None);
    // Not a flip: another subject, another value, a second change, an
    // event rather than a state, a scene rather than a thing, a
    // direction, a double negative.
    assert_eq!(flip("The staging cluster is enabled.", "The production cluster is disabled."), None);
    assert_eq!(flip("db-1.internal is enabled.", "db-2.internal is disabled."), None);
    assert_eq!(flip("Port 8080 is open on the firewall.", "Port 8443 is closed on the firewall."), None);
    assert_eq!(flip("The shop is open on Sundays.", "The shop is closed on Mondays."), None);
    assert_eq!(flip("The shop opens at 9.", "The shop closes at 9."), None);
    assert_eq!(flip("A man is standing on a sidewalk.", "A man is sitting on a sidewalk."), None);
    assert_eq!(flip("Two dogs are open to visitors.", "Two dogs are closed to visitors."), None);
    assert_eq!(flip("The lift is going up.", "The lift is going down."), None);
    assert_eq!(flip("The garage door is locked.", "The garage door is not unlocked."), None);
    assert_eq!(flip("Tom's account is active.", "Tom's brother's account is inactive."), None);
    // "Two-factor" is not a count of things.
    assert!(flip("Two-factor authentication is enabled.", "Two-factor authentication is disabled.").is_some());
    // The judge calls the flip an update whatever the model says, and
    // says why.
    let e = |text: &str, id: u64| Entry { id, text: text.into(), created_at: id as i64, ..Default::default() };
    let v = TrainedJudge::default().judge(&e("Dark mode is on in the editor.", 1), &e("Dark mode is off in the editor.", 2), 0.96);
    assert_eq!(v.decision, Decision::Update, "{}", v.reason);
    assert!(v.reason.contains("\"on\" became \"off\""), "{}", v.reason);
}

#[test]
fn a_noun_swapped_for_another_of_its_kind_vetoes_a_merge() {
    let swap = |a: &str, b: &str| cohyponym_swap(a, b).map(|(x, y)| format!("{x} / {y}"));
    let car = "Kwame parks his car on level 3 of the garage.";
    assert_eq!(swap(car, "Kwame parks his motorbike on level 3 of the garage.").as_deref(), Some("car / motorbike"));
    assert_eq!(swap("The bedroom thermostat is set to 21 °C.", "The living room thermostat is set to 21 °C.").as_deref(), Some("bedroom / living room"));
    // A synonym, a reworded restatement, the same words, another value.
    assert_eq!(swap("Tomás rents a flat in Valencia.", "Tomás rents an apartment in Valencia."), None);
    assert_eq!(swap(car, "On level 3 of the garage is where Kwame parks his car."), None);
    assert_eq!(swap(car, car), None);
    assert_eq!(swap(car, "Kwame parks his car on level 4 of the garage."), None);
    // Unstemmed forms, whole words (not five-letter stems), compounds
    // over the whole sentence.
    assert_eq!(swap("Ana keeps the wolves fed.", "Ana keeps the foxes fed.").as_deref(), Some("wolves / foxes"));
    assert_eq!(swap("Ana visits her grandmother on Sundays.", "Ana visits her grandfather on Sundays.").as_deref(), Some("grandmother / grandfather"));
    assert_eq!(swap("The living room lamp is on a timer.", "The dining room lamp is on a timer.").as_deref(), Some("living room / dining room"));
    assert_eq!(swap("Sara is living in the guest room.", "Sara is sleeping in the guest bedroom."), None);
    // More than six unaligned words a side: a restatement, not a swap.
    let long = "Kwame usually parks his small red car somewhere on level 3 of the big riverside garage downtown.";
    assert_eq!(swap(long, "The motorbike of Kwame: level 3, Riverside garage, every single weekday morning before work starts."), None);

    assert_held_distinct(car, "Kwame parks his motorbike on level 3 of the garage.", 0.93, r#"but "car" and "motorbike" are different things of one kind"#);
}

/// A pair reader's two words or phrases, "older / newer".
fn read_pair(a: &str, b: &str, reader: fn(&Signals, &Signals) -> Option<(String, String)>) -> Option<String> {
    let (sa, sb) = pair_signals(a, b);
    reader(&sa, &sb).map(|(x, y)| format!("{x} / {y}"))
}

#[test]
fn another_name_in_the_same_place_vetoes_a_merge() {
    let swap = |a: &str, b: &str| read_pair(a, b, names_swapped);
    let boat = "The Yanmar engine on Ingrid Solberg's boat Lomen was last serviced at 1,240 hours.";
    let other = "Ingrid Solberg's boat Havørn had its Yanmar engine last serviced at 1,240 engine hours.";
    assert_eq!(swap(boat, other).as_deref(), Some("lomen / havorn"));
    let road = "The Millford council recycling centre on Station Road accepts asbestos sheets by appointment.";
    assert_eq!(
        swap(road, "Asbestos sheets are accepted by appointment at Millford council's Quarry Road recycling centre.").as_deref(),
        Some("station / quarry")
    );
    // A name that opens the sentence, read when a capitalised word
    // follows it and it is not a word in common use.
    assert_eq!(
        swap("Seaview Vets stocks Bravecto chews in all four dog weight bands.", "Harbourview Vets carries Bravecto chews in all 4 canine weight bands.")
            .as_deref(),
        Some("seaview / harbourview")
    );
    assert_eq!(
        swap("Erik Halvorsen's HF antenna is a 40-metre end-fed half-wave.", "The HF antenna Sven Halvorsen uses is a 40 m end-fed half-wave.").as_deref(),
        Some("erik / sven")
    );
    assert_eq!(swap("Tom Becker works as a data engineer at Shopify.", "Shopify employs Tom Becker in a data engineering role."), None);
    assert_eq!(swap("Every Tuesday Kofi rents a kayak.", "Kofi rents a kayak on Tuesdays."), None);
    // A word of a closed class that opens the sentence is no name.
    assert_eq!(
        swap(
            "Every August, Potters Cue Club in Stoke-on-Trent recovers its twelve match tables with Strachan 6811 cloth.",
            "Each August the twelve match tables at Stoke-on-Trent's Potters Cue Club are recovered with Strachan 6811 cloth."
        ),
        None
    );
    // The same names, one name more, an abbreviation spelled out, a
    // spelling, two names not in the same place, and a restatement that
    // parts in more words than the names.
    assert_eq!(swap(boat, boat), None);
    assert_eq!(swap(boat, "The Yanmar engine on Ingrid Solberg's sailing boat Lomen in Bergen was serviced at 1,240 hours."), None);
    assert_eq!(
        swap(
            "The user is enrolled in an online MSc in Statistics at Dunmore University.",
            "The user is enrolled in an online Master of Science in Statistics at Dunmore University."
        ),
        None
    );
    assert_eq!(swap("Muqtada al Sadr gave a sermon at the mosque.", "Moqtada al Sadr gave a sermon at the mosque."), None);
    // Another first letter is another name, though the rest is alike.
    assert_eq!(
        swap("The Eastgate branch library is open on Sunday afternoons.", "The Westgate branch library is open on Sunday afternoons.").as_deref(),
        Some("eastgate / westgate")
    );
    assert_eq!(swap("Kofi rents a flat from Amara in Leeds.", "Kofi's flat near Bradford is rented from Amara."), None);
    // "a" and "an" are one neighbour.
    assert_eq!(
        swap(
            "Ravel Candles makes its pillar candles with beeswax from a Cornish apiary.",
            "Ravel Candles makes its pillar candles with beeswax from an Irish farm."
        )
        .as_deref(),
        Some("cornish / irish")
    );
    assert_eq!(
        swap(
            "Bob Holden asked the White House on Monday to declare a disaster in 39 rural counties.",
            "On Monday Bob Holden urged Bush to name 39 Missouri counties federal disaster areas."
        ),
        None
    );

    assert_held_distinct(boat, other, 0.92, r#"but "lomen" and "havorn" are different names"#);
}

#[test]
fn a_weaker_update_verdict_asks_a_stronger_reading_of_the_same_fact() {
    let (fact, other) = ("Builds for the mobile app repo run on Jenkins.", "Jenkins handles the builds of the mobile app repository.");
    let (pd, _) = TrainedJudge::default().probabilities(fact, other, 0.9);
    let t = Thresholds { same_fact_updated: pd - 0.01, same_fact_weakly_updated: pd + 0.01, ..TrainedJudge::default().thresholds };
    let j = TrainedJudge::with_thresholds(t);
    let update = |p: f32| Verdict { decision: Decision::Update, reason: String::new(), scores: vec![("p_update".into(), p)] };
    // Passed at the model's bar: the lower same-fact bar holds.
    assert!(j.updated_alike(&e(fact, 1), &e(other, 2), 0.9, &update(j.thresholds.update)));
    // Passed only at a lower bar (the hand rules, a change word): the
    // higher one, which this pair misses.
    assert!(!j.updated_alike(&e(fact, 1), &e(other, 2), 0.9, &update(j.thresholds.update - 0.1)));
    // Not an update verdict at all: never.
    let distinct = Verdict { decision: Decision::Distinct, ..update(0.99) };
    assert!(!j.updated_alike(&e(fact, 1), &e(other, 2), 0.9, &distinct));
}

#[test]
fn identifiers_alike_but_for_their_numbers_are_two_things() {
    let (so, sn) = pair_signals("The nightly backup runs on db-prod-01.", "The nightly backup runs on db-prod-02.");
    assert_eq!(identifiers_renumbered(&so, &sn), Some(("db-prod-01".into(), "db-prod-02".into())));
    // The same number with or without its leading zeros, or another
    // way of writing the identifier, is not a renumbering.
    let (so, sn) = pair_signals("The nightly backup runs on db-prod-01.", "The nightly backup runs on db-prod-1.");
    assert_eq!(identifiers_renumbered(&so, &sn), None);
    let (so, sn) = pair_signals("Kemi Bello coaches the club's under-13 boys' team.", "Kemi Bello coaches the club's U13 boys' team.");
    assert_eq!(identifiers_renumbered(&so, &sn), None);
    assert_held_distinct(
        "Kemi Bello coaches the Harlow Hornets' under-13 boys' team.",
        "Kemi Bello coaches the Harlow Hornets' under-11 boys' team.",
        0.99,
        r#"but "under-13" and "under-11" are different identifiers"#,
    );
}

#[test]
fn numbers_named_by_a_sign_or_a_word() {
    assert_eq!(numbers_named("Priya gardens plot no. 47B at Hollins Lane."), "Priya gardens plot number 47B at Hollins Lane.");
    assert_eq!(numbers_named("The clinic keeps a dozen vials of ketamine."), "The clinic keeps 12 vials of ketamine.");
    assert_eq!(numbers_named("Order #4471 is 500 leaflets."), "Order number 4471 is 500 leaflets.");
    assert_eq!(numbers_named("Photos are allowed in the nineteenth-century gallery."), "Photos are allowed in the 19th-century gallery.");
    assert_eq!(numbers_named("It opens on the twenty-first."), "It opens on the 21st.");
    assert_eq!(numbers_named("The first and second floors."), "The first and second floors.");
    assert_eq!(numbers_named("Join #general on Slack."), "Join #general on Slack.");
    // The word that names the number is not a thing one side adds.
    let (so, sn) = pair_signals("Order 4471 for the Rotary Club is 500 leaflets.", "Order no. 4471 for the Rotary Club is 500 leaflets.");
    assert_eq!(inserted_subject(&so, &sn, Lexicon::get()), None);
    assert_eq!(numbers_named("'Salt & Saffron' uses a pyro effect in Act II."), "'Salt & Saffron' uses a pyro effect in Act 2.");
    // A negation, a dozen of something else, a pronoun: as written.
    for same in ["There is no. Not today.", "Dozens of people came.", "I said I would.", "Kofi has no 4x4 now."] {
        assert_eq!(numbers_named(same), same);
    }
    // The number after "no." may be in words; a capitalised number
    // word after it opens a sentence.
    assert_eq!(numbers_named("The boat is moored at berth no. twelve."), "The boat is moored at berth number twelve.");
    assert_eq!(numbers_named("He said no. Two days later he left."), "He said no. Two days later he left.");
    // "no." before a number is no negation.
    let (a, b) = pair_signals("Priya Raman's allotment plot at Hollins Lane is number 47B.", "Priya Raman gardens plot no. 47B at the Hollins Lane site.");
    assert_eq!((a.negations, b.negations), (0, 0));
}

#[test]
fn money_durations_initials_and_spelled_out_acronyms_read_as_the_other_side_writes_them() {
    // Each pair reads as one statement: the same words and values.
    let same = [
        ("An adult ticket costs CHF 42.", "An adult ticket costs 42 Swiss francs."),
        ("A wash costs £7.50.", "A wash costs seven pounds fifty."),
        ("A plot costs £30 per year.", "A plot costs thirty pounds per annum."),
        ("Hot desks cost €240 a month.", "Hot desks cost EUR 240 a month."),
        ("Tuning costs 1,400 kronor.", "Tuning costs SEK 1400."),
        ("Vihaan's school fees are ₹1,80,000.", "Vihaan's school fees are 1.8 lakh rupees."),
        ("The salt store holds 4,500 tonnes.", "The salt store holds four and a half thousand tonnes."),
        ("A first appointment lasts 90 minutes.", "A first appointment lasts an hour and a half."),
        ("The room has a 60-minute limit.", "The room has a one-hour limit."),
        ("The cheddar is aged for 18 months.", "The cheddar is aged for a year and a half."),
        ("Crews are out within 90 seconds.", "Crews are out within one and a half minutes."),
        ("The screen locks after 15 minutes.", "The screen locks after a quarter of an hour."),
        ("Rope work stops above 25 mph.", "Rope work stops above twenty-five miles per hour."),
        ("The head sawyer is Eilidh MacLeod.", "The head sawyer is E. MacLeod."),
        ("The magazine is edited by Mei-Ling Zhou.", "The magazine is edited by M.-L. Zhou."),
        ("IC engine flying is allowed.", "Internal-combustion engine flying is allowed."),
        ("Deposits on made-to-order gowns are kept.", "Deposits on MTO gowns are kept."),
    ];
    for (a, b) in same {
        let (x, y) = pair_signals(a, b);
        assert_eq!((&x.numbers, &x.amounts, &x.names, &x.content), (&y.numbers, &y.amounts, &y.names, &y.content), "{a:?} / {b:?}");
    }
    // Other amounts, other people, pounds of weight: still apart.
    let differ = [
        ("An adult ticket costs CHF 42.", "An adult ticket costs 42 euros."),
        ("A wash costs £7.50.", "A wash costs seven pounds."),
        ("A first appointment lasts 90 minutes.", "A first appointment lasts an hour."),
        ("The cheddar is aged for 18 months.", "The cheddar is aged for a year."),
        ("The head sawyer is Eilidh MacLeod.", "The head sawyer is R. MacLeod."),
        ("The head sawyer is Eilidh MacLeod.", "The head sawyer is E. Grant."),
    ];
    for (a, b) in differ {
        let (x, y) = pair_signals(a, b);
        assert_ne!((&x.numbers, &x.amounts, &x.names), (&y.numbers, &y.amounts, &y.names), "{a:?} / {b:?}");
    }
    // A duration is written in the other side's unit only where the
    // amounts then agree.
    let idle = "The session expires after 30 minutes of inactivity.";
    assert_eq!(units_as_other(idle, "The session expires after 12 hours."), idle);
    assert!(signals("The dog weighs 30 pounds.").amounts.is_empty());
    assert!(signals("Buy 5 pounds of flour.").amounts.is_empty());
    assert_eq!(signals("Rent is 1,850 dollars a month.").amounts, BTreeSet::from(["1850".to_string()]));
}

#[test]
fn an_amount_is_read_in_the_unit_the_other_statement_uses() {
    let read = |a: &str, b: &str| units_as_other(a, b).into_owned();
    assert_eq!(
        read("Kenji's Dobsonian has a 250 mm primary mirror.", "Kenji's Dobsonian has a 25-centimetre primary mirror."),
        "Kenji's Dobsonian has a 25 centimetre primary mirror."
    );
    assert_eq!(read("Saison Dorée comes in 750ml bottles.", "Saison Dorée comes in 75 cl bottles."), "Saison Dorée comes in 75 cl bottles.");
    assert_eq!(read("The mash is set at 66 °C.", "The mash temperature is 150.8 °F."), "The mash is set at 150.8 °F.");
    assert_eq!(read("The thermostat is at 20 °C.", "The thermostat is at 68 degrees Fahrenheit."), "The thermostat is at 68 degrees Fahrenheit.");
    assert_eq!(read("Rack A07 has a power budget of 8 kW.", "Rack A07 is allotted 8,000 watts."), "Rack A07 has a power budget of 8000 watts.");
    assert_eq!(read("The cod quota for 2024 is 85 tonnes.", "The cod quota for 2024 is 85,000 kilograms."), "The cod quota for 2024 is 85000 kilograms.");
    // "Celsius" is no plural; the other side's amount may be in words.
    assert_eq!(read("The room is kept at 64.4 °F.", "The room is kept at 18 degrees Celsius."), "The room is kept at 18 degrees Celsius.");
    assert_eq!(read("It is kept at 18 °C.", "It is kept at eighteen degrees Celsius."), "It is kept at 18 degrees Celsius.");
    // The same unit, no amount on the other side, two units of one
    // dimension there, a number in words, another dimension: as written.
    let same = "The user ran 5 km on 2024-12-20.";
    assert_eq!(read(same, "The user ran 5 km on 21 December."), same);
    assert_eq!(read(same, "The user ran a few metres."), same);
    assert_eq!(read(same, "The user ran 5000 m, then 2 km more."), same);
    assert_eq!(read(same, "The user ran five thousand metres."), same);
    assert_eq!(read(same, "The user lifted 50 kg."), same);
    assert_eq!(read(same, "The user ran 5000 m on 2024-12-20."), "The user ran 5000 m on 2024-12-20.");

    // Read as one value, the pair is not an update.
    let j = TrainedJudge::default();
    let v = j.judge(
        &e("Kenji Ota's Dobsonian telescope has a 250 mm primary mirror.", 1),
        &e("Kenji Ota's Dobsonian has a 25-centimetre primary mirror.", 2),
        0.88,
    );
    assert_ne!(v.decision, Decision::Update, "{v:?}");
}

#[test]
fn another_label_in_the_subject_is_another_thing() {
    let swap = |a: &str, b: &str| read_pair(a, b, label_swap);
    let hive = "The queen in Hive 3 at the Elmbridge apiary is marked with a blue dot.";
    let other = "The queen in Hive 5 at the Elmbridge apiary is marked with a blue dot.";
    assert_eq!(swap(hive, other).as_deref(), Some("hive 3 / hive 5"));
    // A verb read from the lexicon ("carries"), a label in one word.
    assert_eq!(swap("Hive 3's queen at the Elmbridge apiary carries a blue marking dot.", other).as_deref(), Some("hive 3 / hive 5"));
    assert_eq!(
        swap("Fermenter FV4 at Hopsmith Brewery holds a batch of oatmeal stout.", "Fermenter FV5 at Hopsmith Brewery holds a batch of oatmeal stout.")
            .as_deref(),
        Some("fermenter fv4 / fermenter fv5")
    );
    // One letter written as a capital is a label; "a" is the article.
    assert_eq!(
        swap("Booth C at the Tanner Street market sells oysters.", "Booth D at the Tanner Street market sells oysters.").as_deref(),
        Some("booth c / booth d")
    );
    assert_eq!(swap("Booth C at the Tanner Street market sells oysters.", "Booth C at the Tanner Street market sells a oyster."), None);
    // After the verb a label is a value; a version has a point; the
    // same label; no verb to tell the subject by.
    assert_eq!(
        swap("Year 10 chemistry at Millbrook Academy is taught in Lab S3 on Tuesdays.", "Year 10 chemistry at Millbrook Academy has moved to Lab S5 on Tuesdays."),
        None
    );
    assert_eq!(swap("Rails 6.1 powers the merchant portal.", "Rails 7.0 powers the merchant portal."), None);
    assert_eq!(swap(hive, hive), None);
    assert_eq!(swap("Platform 9 for the 07:10 to Leeds.", "Platform 4 for the 07:10 to Leeds."), None);

    let j = TrainedJudge::default();
    for cosine in [0.8, 0.9, 0.97] {
        let v = j.judge(&e(hive, 1), &e(other, 2), cosine);
        assert_eq!(v.decision, Decision::Distinct, "{v:?}");
        assert!(!j.same_fact(&e(hive, 1), &e(other, 2), cosine));
    }
    // Where the model reads this pair as an update, the label says
    // otherwise.
    let v = update_all().judge(&e("Hive 3's queen at the Elmbridge apiary carries a blue marking dot.", 1), &e(other, 2), 0.9);
    assert_eq!(v.decision, Decision::Distinct, "{v:?}");
    assert!(v.reason.contains("named in the subject"), "{}", v.reason);
}

#[test]
fn another_noun_before_the_same_head_noun_vetoes_a_merge() {
    let swap = |a: &str, b: &str| {
        let (sa, sb, lex) = (signals(a), signals(b), Lexicon::get());
        modifier_swap(&sa, &sb, &lexicon_units(&sa, lex), &lexicon_units(&sb, lex), lex).map(|(x, y, h)| format!("{x} / {y} {h}"))
    };
    let car = "Mateo Silva's car insurance premium is $1,180 per year.";
    assert_eq!(swap(car, "Mateo Silva's home insurance premium is $1,180 per year.").as_deref(), Some("car / home insurance"));
    assert_eq!(swap("Application logs in S3 are kept for 90 days.", "Audit logs in S3 are kept for 90 days.").as_deref(), Some("application / audit logs"));
    assert_eq!(
        swap("The data platform team at Quillon has nine engineers.", "The data science team at Quillon has nine engineers.").as_deref(),
        Some("platform / science team")
    );
    // Synonyms, a more general noun, an adjective, another value, names,
    // a swap that is not before the same noun, a restatement.
    assert_eq!(swap(car, "Mateo Silva's auto insurance premium is $1,180 per year."), None);
    assert_eq!(swap("Ana has soccer practice on Mondays.", "Ana has football practice on Mondays."), None);
    assert_eq!(swap("Olivia's dentist appointment is at 15:00.", "Olivia's dental appointment is at 15:00."), None);
    assert_eq!(swap(car, "Mateo Silva's home insurance premium is $1,300 per year."), None);
    assert_eq!(swap("Studio Tidewater pays $15 for its Figma subscription.", "Studio Tidewater pays $15 for its Miro subscription."), None);
    assert_eq!(swap("Aisha Rahman's home is in Lisbon.", "Aisha Rahman is a resident of Lisbon."), None);
    assert_eq!(swap(car, "Brightline Insurance charges Mateo Silva $1,180 a year to insure his car."), None);

    let (car, home) = ("Joaquín's car insurance renews on March 14 every year.", "Joaquín's home insurance renews on March 14 every year.");
    assert_held_distinct(car, home, 0.95, r#"but "car insurance" and "home insurance" are different kinds of insurance"#);
}

#[test]
fn one_word_swapped_in_place_for_a_word_of_another_meaning_vetoes_a_merge() {
    let swap = |a: &str, b: &str| {
        let (sa, sb, lex) = (signals(a), signals(b), Lexicon::get());
        let (ua, ub) = pair_units(&sa, &sb, lex);
        word_swap(&sa, &sb, &ua, &ub, lex).map(|(x, y)| format!("{x} / {y}"))
    };
    let lives = "The user's sister Priya lives in Pune.";
    // A compound the lexicon knows on one side only ("secondary
    // school") is read as its words when the other says its last word.
    let school = "Sunrise Bakehouse delivers bread to the Oakfield primary school on weekdays.";
    assert_eq!(swap(school, &school.replace("primary", "secondary")).as_deref(), Some("primary / secondary"));
    // Determiners WordNet does not hold.
    assert_eq!(swap("Kessler Bakery bakes loaves every Friday morning.", "Kessler Bakery bakes loaves each Friday morning."), None);
    assert_eq!(swap("Stand hire costs $8 per hour.", "Stand hire costs $8 an hour."), None);
    assert_eq!(swap(lives, "The user's sister Priya was born in Pune.").as_deref(), Some("lives / born"));
    assert_eq!(swap("Fatima runs about 40 km every week.", "Fatima cycles about 40 km every week.").as_deref(), Some("runs / cycles"));
    assert_eq!(
        swap("The color printer in the Brightwell office is online.", "The color printer in the Brightwell warehouse is online.").as_deref(),
        Some("office / warehouse")
    );
    // A phrase of nouns for another.
    assert_eq!(
        swap("Björn Nilsson's home internet provider is Telia.", "Björn Nilsson's mobile phone provider is Telia.").as_deref(),
        Some("home internet / mobile phone")
    );
    assert_eq!(
        swap("The Trailwind running shoes in size 42 are in stock.", "The Trailwind hiking boots in size 42 are in stock.").as_deref(),
        Some("running shoes / hiking boots")
    );
    // Not when a word of one is alike a word of the other ("boots" is
    // a kind of "footwear").
    assert_eq!(swap("The user bought new work boots.", "The user bought new hiking footwear."), None);
    // A synonym, another form of the word, an abbreviation, a prefix
    // of the word.
    assert_eq!(swap("Tomás rents a flat in Valencia.", "Tomás rents an apartment in Valencia."), None);
    assert_eq!(swap(lives, "The user's sister Priya is living in Pune."), None);
    // A verb for the verb one step above it, not for another of its kind.
    assert_eq!(swap("Halden Bakery buys its rye flour from Oakridge Mill.", "Halden Bakery gets its rye flour from Oakridge Mill."), None);
    assert_eq!(swap(lives, "The user's sister Priya works in Pune.").as_deref(), Some("lives / works"));
    // A verb restated as the thing its subject owns.
    assert_eq!(swap("The user drives a 2019 Škoda Octavia estate.", "The user's car is a 2019 Škoda Octavia estate."), None);
    assert_eq!(swap("The user drives a 2019 Škoda Octavia estate.", "The user rents a 2019 Škoda Octavia estate.").as_deref(), Some("drives / rents"));
    // A noun for a more general one names another thing ("kayak" is a
    // kind of "canoe"), at the cost of a regional synonym WordNet
    // files as a kind ("soccer" / "football").
    assert_eq!(swap("Paddle bags come free with every kayak rental.", "Paddle bags come free with every canoe rental.").as_deref(), Some("kayak / canoe"));
    assert_eq!(swap("Ana has soccer practice on Mondays.", "Ana has football practice on Mondays.").as_deref(), Some("soccer / football"));
    // In place, though a name elsewhere says one of the words ("Car
    // Share", "Tattoo"), or a stop word is written as a name ("IT").
    let crate_rule = "Greenway Car Share lets members take dogs in its cars if they use a crate.";
    assert_eq!(swap(crate_rule, &crate_rule.replace("cars", "vans")).as_deref(), Some("cars / vans"));
    assert_eq!(swap(crate_rule, &crate_rule.replace("cars", "automobiles")), None);
    assert_eq!(swap("Inkhouse Tattoo accepts cover-up work on old tattoos.", "Inkhouse Tattoo accepts cover-up work on old scars.").as_deref(), Some("tattoos / scars"));
    assert_eq!(swap("Room B supports 2 MW of IT load.", "Room B supports 2 MW of cooling load.").as_deref(), Some("it / cooling"));
    // An initial for a first name, not for another name.
    let lead = "Tamsin Okoro leads the volunteer rota at Millbrook Food Bank.";
    assert_eq!(swap(lead, &lead.replace("Tamsin", "T.")), None);
    assert_eq!(swap(lead, &lead.replace("Tamsin", "J.")).as_deref(), Some("tamsin / j"));
    assert_eq!(swap("The user's manager is Desmond Achterberg.", "The user's mgr is Desmond Achterberg."), None);
    assert_eq!(swap("The production database runs Postgres 16.", "The prod database runs Postgres 16."), None);
    // Not a lone swap: a recast sentence ("works at" / "is employed
    // by"), another value, two words changed, a negation.
    assert_eq!(swap("Tom Becker works as a data engineer at Shopify.", "Tom Becker is employed by Shopify as a data engineer."), None);
    assert_eq!(swap("Fatima runs about 40 km every week.", "Fatima runs about 50 km every week."), None);
    assert_eq!(swap(lives, "The user's brother Arjun lives in Pune."), None);
    assert_eq!(swap(lives, "The user's sister Priya never lives in Pune."), None);

    let (office, warehouse) = ("The color printer in the Brightwell office is online.", "The color printer in the Brightwell warehouse is online.");
    assert_held_distinct(office, warehouse, 0.97, r#"only "office" and "warehouse" differ"#);
}

#[test]
fn opposite_states_are_never_merged() {
    let opposite = |a: &str, b: &str| opposite_states(&signals(a), &signals(b)).map(|(x, y)| format!("{x} / {y}"));
    // A verb of a policy against its opposite, in any form.
    assert_eq!(
        opposite("DCC sound locomotives are allowed on the club's main layout.", "The club bans DCC sound locomotives on its main layout.").as_deref(),
        Some("allowed / bans")
    );
    let enabled = "The user has automatic round-ups enabled on their Monzo account.";
    let off = "Automatic round-ups are turned off on the user's Monzo account.";
    assert_eq!(opposite(enabled, off).as_deref(), Some("enabled / off (state)"));
    assert_eq!(opposite("The user's Monzo account has automatic round-ups switched on.", off).as_deref(), Some("on (state) / off (state)"));
    assert!(opposite("Kasha, the user's dog, is permitted on the bed.", "The user's dog Kasha is banned from the bed.").is_some());
    assert!(opposite("The user is subscribed to the Tidewater newsletter.", "The user is unsubscribed from the Tidewater newsletter.").is_some());
    // Negations that differ, "on" as a preposition, one state on both
    // sides, no state at all.
    assert_eq!(opposite("Round-ups are not disabled on the account.", "Round-ups are enabled on the account."), None);
    assert_eq!(opposite("Round-ups are enabled on the Monzo account.", "Round-ups are enabled on the Starling card."), None);
    assert_eq!(opposite(enabled, "Automatic round-ups are enabled on the user's Monzo account."), None);
    assert_eq!(opposite("The user banks with Monzo.", "The user's bank account is with Monzo."), None);

    // Where the model would merge them, the newer state replaces the
    // older; the default judge calls it an update too.
    let j = TrainedJudge::default();
    let e = |text: &str, id: u64| Entry { id, text: text.into(), created_at: id as i64, ..Default::default() };
    let v = merge_all().judge(&e(enabled, 1), &e(off, 2), 0.947);
    assert_eq!(v.decision, Decision::Update, "{}", v.reason);
    assert!(v.reason.contains(r#""enabled" became "off""#), "{}", v.reason);
    assert_eq!(j.judge(&e(enabled, 1), &e(off, 2), 0.947).decision, Decision::Update);
    assert!(j.conflict(&e(enabled, 1), &e(off, 2)).is_some());
}

#[test]
fn another_subject_inserted_after_a_possessive_vetoes_a_merge() {
    let inserted = |a: &str, b: &str| inserted_subject(&signals(a), &signals(b), Lexicon::get());
    let user = "The user is training for the Lisbon Marathon in October 2025.";
    let coach = "The user's coach is training for the Lisbon Marathon in October 2025.";
    assert_eq!(inserted(user, coach).as_deref(), Some("one is about user, the other about user's coach"));
    assert_eq!(inserted(coach, user).as_deref(), Some("one is about user, the other about user's coach"));
    assert!(inserted("Tom's car is a 2016 Honda Civic.", "Tom's wife's car is a 2016 Honda Civic.").is_some());
    assert!(inserted("The user has a flight to Oslo.", "The user has a business flight to Oslo.").is_some());
    // A verb, an adverb, a qualifier of the same owner, part of a name,
    // a number.
    assert_eq!(inserted("The Berlin office is at Torstraße 110.", "The Berlin office is located at Torstraße 110."), None);
    assert_eq!(inserted("Ingrid Larsen is on parental leave.", "Ingrid Larsen is currently away on parental leave."), None);
    assert_eq!(inserted("The user's car is red.", "The user's own car is red."), None);
    assert_eq!(inserted("Idris attends Hollin Park Primary.", "Idris attends Hollin Park Primary School."), None);
    // Inside a name, before a word of it both share, it names another thing.
    assert_eq!(
        inserted("The user is training for the Lisbon Marathon in 2025.", "The user is training for the Lisbon Half Marathon in 2025.")
            .as_deref(),
        Some("\"half\" narrows the other to another thing")
    );
    // Inserted on both sides, in two places.
    assert_eq!(
        inserted(
            "The user is training for the Lisbon Half Marathon in October 2025.",
            "The user's coach is training for the Lisbon Marathon in October 2025."
        )
        .as_deref(),
        Some("one is about user, the other about user's coach")
    );
    // A recast around the verb is not an insertion.
    assert_eq!(inserted("The Halcyon project is due on 30 June.", "The Halcyon project's deadline is 30 June."), None);
    assert_eq!(inserted("The user's dentist is located at 412 Larch Avenue.", "The user's dentist's office is at 412 Larch Avenue."), None);
    // A swap is not an insertion.
    assert_eq!(inserted("The user's coach is training for the Lisbon Marathon.", "The user's physio is training for the Lisbon Marathon."), None);
    assert_eq!(inserted("The user's flight leaves at 9.", "The user's flight leaves at 9 15."), None);

    let j = TrainedJudge::default();
    assert_held_distinct(user, coach, 0.96, "the other about user's coach");
    let e = |text: &str, id: u64| Entry { id, text: text.into(), created_at: id as i64, ..Default::default() };
    assert!(j.conflict(&e(user, 1), &e(coach, 2)).is_some());
    // Conflicts come from the words alone: a verb swapped in place may
    // be a synonym WordNet lacks, and is no conflict.
    assert!(j.conflict(&e("Carlos lives in Porto.", 1), &e("Carlos resides in Porto.", 2)).is_none());
    assert!(j.conflict(&e("The printer in the office is online.", 1), &e("The printer in the warehouse is online.", 2)).is_some());
    // A modifier swapped for another is a conflict too: a third
    // statement must not merge the indoor and the outdoor play yard.
    let indoor = "The indoor play yard at Waldblick Kennels is open to boarders from 8:00 to 18:00.";
    assert!(j.conflict(&e(indoor, 1), &e(&indoor.replace("indoor", "outdoor"), 2)).is_some());
    assert!(j.conflict(&e("Pinecrest sources its rabies vaccine from Vetora.", 1), &e("Pinecrest buys its rabies vaccine from Vetora.", 2)).is_none());
}

#[test]
fn the_same_value_for_another_period_is_neither_merged_nor_superseded() {
    let swap = |a: &str, b: &str| period_swap(&signals(a), &signals(b)).map(|(x, y)| format!("{x} / {y}"));
    let q3 = "The Q3 2024 marketing budget is $80,000.";
    let q4 = "The Q4 2024 marketing budget is $80,000.";
    assert_eq!(swap(q3, q4).as_deref(), Some("Q3 / Q4"));
    assert_eq!(swap("For the third quarter of 2024, the marketing budget is 80,000 dollars.", q4).as_deref(), Some("Q3 / Q4"));
    let march = "Nadia Petrova is the primary on-call engineer in March.";
    assert_eq!(swap(march, "Nadia Petrova is the primary on-call engineer in April.").as_deref(), Some("March / April"));
    // A negation holds for its own period only.
    assert_eq!(
        swap("Nadia Petrova is the primary on-call engineer in April.", "Nadia Petrova is not the primary on-call engineer in March.").as_deref(),
        Some("April / March")
    );
    // ... with its change words too ("no longer", "took over").
    assert_eq!(
        swap(
            "Nadia Petrova is the primary on-call engineer in April.",
            "Nadia Petrova is no longer the primary on-call engineer in March; Jonas Weber took over."
        )
        .as_deref(),
        Some("April / March")
    );
    // Another value too, a change word, no other value to compare, or
    // periods of two kinds: left to the model.
    assert_eq!(swap(q3, "The Q4 2024 marketing budget is $95,000."), None);
    assert_eq!(swap("The Lisbon offsite is in October 2024.", "The Lisbon offsite was moved to October 2025."), None);
    assert_eq!(swap("The lease ends in March.", "The lease ends in April."), None);
    // Four-digit values that are not years, and Q5 / Q7, are values.
    assert_eq!(swap("The Atlas cluster has 2048 cores.", "The Atlas cluster has 2096 cores."), None);
    assert_eq!(swap("Ana drives an Audi Q5.", "Ana drives an Audi Q7."), None);
    assert_eq!(swap("Atlas revenue in 2023 was $5M.", "Atlas revenue in 2024 was $5M.").as_deref(), Some("2023 / 2024"));
    assert_eq!(swap("Veritas ships the product to Acme in the first quarter.", "Veritas ships the product to Acme in 2004."), None);
    assert_eq!(swap(q3, q3), None);
    assert_eq!(
        swap("The data team's 2024 offsite will be held in Lisbon from 9 to 11 October.", "The data team's 2025 offsite will be held in Lisbon from 9 to 11 October.")
            .as_deref(),
        Some("2024 / 2025")
    );
    // A range of days written two ways ("October 9–11" reads "10-09 to 11").
    assert_eq!(
        swap("Lisbon will host the data team's 2024 offsite, October 9–11.", "The data team's 2025 offsite will be held in Lisbon from 9 to 11 October.")
            .as_deref(),
        Some("2024 / 2025")
    );
    assert_eq!(swap("The Atlas cluster has the 2048 cores it needs.", "The Atlas cluster has the 2096 cores it needs."), None);
    // A day of the week is a period too: the same loaves, the same
    // hours, on another day.
    let friday = "Hollow Oak Bakery bakes 180 rye loaves every Friday morning.";
    assert_eq!(swap(friday, "Every Saturday morning, Hollow Oak Bakery bakes 180 rye loaves.").as_deref(), Some("Friday / Saturday"));
    assert_eq!(swap("Pool lanes at Marlow Leisure are open from 6:00 to 9:00 on Tuesdays.", "Pool lanes at Marlow Leisure are open from 6:00 to 9:00 on Thursdays.").as_deref(), Some("Tuesday / Thursday"));
    // Another count, a change word, or nothing else shared: the model's.
    assert_eq!(swap(friday, "Hollow Oak Bakery bakes 240 rye loaves every Saturday morning."), None);
    assert_eq!(swap(friday, "Hollow Oak Bakery now bakes its 180 rye loaves on Saturday mornings instead."), None);
    assert_eq!(swap("The user goes swimming on Mondays.", "The user goes swimming on Wednesdays."), None);
    // "Monday to Thursday" and "weekdays" are sets of days, not a day
    // for another day.
    assert_eq!(swap("Aila works from home Monday to Thursday, four days.", "Aila works from home on weekdays, four days."), None);
    // Two days or more on each side: a schedule, replaced by another.
    let roast = "Kiln Street Roasters roasts its Ember blend on Tuesdays and Fridays.";
    assert_eq!(swap(roast, "Kiln Street Roasters roasts its Ember blend on Mondays and Thursdays."), None);
    assert_eq!(swap(roast, "Kiln Street Roasters roasts its Ember blend on Saturdays.").as_deref(), Some("Friday / Saturday"));
    assert_held_distinct(friday, "Hollow Oak Bakery bakes 180 rye loaves every Saturday morning.", 0.97, "Friday and Saturday are different periods");

    let april = "Nadia Petrova is the primary on-call engineer in April.";
    assert_held_distinct(march, april, 0.95, "March and April are different periods with the same value");
    let j = TrainedJudge::default();
    assert!(!j.same_fact(&e(q3, 1), &e(q4, 2), 0.97));
    // Nor is it an update, wherever the model puts it.
    let v = update_all().judge(&e(march, 1), &e(april, 2), 0.95);
    assert_eq!(v.decision, Decision::Distinct, "{v:?}");
    assert!(v.reason.contains("different periods"), "{}", v.reason);
}

#[test]
fn a_rate_in_another_period_is_another_rate() {
    let swap = |a: &str, b: &str| rate_swap(&signals(a), &signals(b)).map(|(x, y)| format!("{x} / {y}"));
    let hourly = "Hiring the big marquee from Tentworks costs $40 per hour.";
    let daily = "Hiring the big marquee from Tentworks costs $250 per day.";
    assert_eq!(swap(hourly, daily).as_deref(), Some("per hour / per day"));
    assert_eq!(swap("The search API allows 300 requests a minute per key.", "The search API allows 20,000 requests a day per key.").as_deref(), Some("per minute / per day"));
    // The same amount in another period is another rate as well.
    assert_eq!(swap("The locker costs £5 per day.", "The locker costs £5 per week.").as_deref(), Some("per day / per week"));
    // The same period, a change announced, no amount before the
    // period, or a frequency rather than a rate: not this rule's.
    assert_eq!(swap(hourly, "Hiring the big marquee from Tentworks costs $55 an hour."), None);
    assert_eq!(swap(hourly, "Hiring the big marquee from Tentworks now costs $250 per day."), None);
    assert_eq!(swap("Mira visits her aunt once a month.", "Mira visits her aunt once a week."), None);
    assert_eq!(swap("The NAS backs up at 2:00 every night.", "The NAS backs up at 2:00 every week."), None);

    let j = TrainedJudge::default();
    assert_eq!(j.judge(&e(hourly, 1), &e(daily, 2), 0.95).decision, Decision::Distinct);
    assert!(!j.same_fact(&e(hourly, 1), &e(daily, 2), 0.95));
    assert!(j.conflict(&e(hourly, 1), &e(daily, 2)).is_some());
    // Nor is the daily rate an update, wherever the model puts it.
    let v = update_all().judge(&e(hourly, 1), &e(daily, 2), 0.95);
    assert_eq!(v.decision, Decision::Distinct, "{v:?}");
    assert!(v.reason.contains("a rate per hour is not a rate per day"), "{}", v.reason);
    // Announced, it is one.
    let v = j.judge(&e(hourly, 1), &e("Hiring the big marquee from Tentworks now costs $250 per day.", 2), 0.9);
    assert_eq!(v.decision, Decision::Update, "{v:?}");
}

#[test]
fn weekdays_and_the_weekend_are_two_occasions() {
    let swap = |a: &str, b: &str| week_part_swap(&signals(a), &signals(b)).map(|(x, y)| format!("{x} / {y}"));
    let weekdays = "The front desk at Linden Works is staffed from 8 am to 6 pm on weekdays.";
    let saturday = "The front desk at Linden Works is staffed from 10 am to 2 pm on Saturdays.";
    assert_eq!(swap(weekdays, saturday).as_deref(), Some("weekdays / the weekend"));
    assert_eq!(swap("Omar handles all weekday shifts at Linden Works.", "Omar handles all weekend shifts at Linden Works.").as_deref(), Some("weekdays / the weekend"));
    assert_eq!(swap("From Monday to Friday, Omar is up at 5:45.", "Omar wakes up at 08:00 on Sundays.").as_deref(), Some("weekdays / the weekend"));
    // One part of the week, both parts on one side, or a change
    // announced: not this rule's.
    assert_eq!(swap(weekdays, "The front desk at Linden Works is staffed from 9 am to 5 pm on Tuesdays."), None);
    assert_eq!(swap(weekdays, "The front desk at Linden Works is staffed on weekdays and Saturdays."), None);
    assert_eq!(swap(weekdays, "The front desk at Linden Works is now staffed only on Saturdays."), None);
    assert_held_distinct(weekdays, saturday, 0.9, "weekdays and the weekend are different parts of the week");
}

#[test]
fn the_start_and_the_end_of_a_span_are_two_values() {
    let ends = |a: &str, b: &str| span_ends(&signals(a), &signals(b)).map(|(x, y)| format!("{x} / {y}"));
    let opens = "The Marlow Jazz Week opens on 4 July 2025 with a set by the Okoro Quartet.";
    let closes = "The Marlow Jazz Week closes on 13 July 2025 with a set by the Okoro Quartet.";
    assert_eq!(ends(opens, closes).as_deref(), Some("opens / closes"));
    assert_eq!(ends("The pool at Fenwick Leisure opens at 6:30 on Sundays.", "The pool at Fenwick Leisure closes at 20:00 on Sundays.").as_deref(), Some("opens / closes"));
    assert_eq!(ends("Crab fishing is allowed in Tarbert Sound until 31 March.", "Crab fishing is allowed in Tarbert Sound from 1 September.").as_deref(), Some("until / from"));
    assert_eq!(ends("Rafa's evening course ends on 9 June.", "Rafa's evening course started on 3 February.").as_deref(), Some("ends / started"));
    // The same mark, another word besides, a state, or no value after
    // the mark: not this rule's.
    assert_eq!(ends(opens, "The Marlow Jazz Week opens on 5 July 2025 with a set by the Okoro Quartet."), None);
    assert_eq!(ends(opens, "The Marlow Jazz Week closes on 13 July 2025 with a talk by the Okoro Quartet."), None);
    // One side may say more.
    assert_eq!(ends("The Okoro Quartet's set opens the Marlow Jazz Week, which starts on 4 July 2025.", closes).as_deref(), Some("opens / closes"));
    assert_eq!(ends("The Fenwick pool is open from 6:30 to 20:00 on Sundays.", "The Fenwick pool is closed on Sundays."), None);
    assert_eq!(ends("Rafa's evening course starts in spring.", "Rafa's evening course ends in summer."), None);
    assert_eq!(ends("The Corner Deli opens at 7:00.", "The Corner Deli is open until late."), None);

    assert_eq!(ends("On 4 July 2025 the Marlow Jazz Week opens with a set by the Okoro Quartet.", closes).as_deref(), Some("opens / closes"));
    assert_held_distinct(opens, closes, 0.85, "\"opens\" and \"closes\" mark the two ends of a span");
    let j = TrainedJudge::default();
    assert!(j.conflict(&e(opens, 1), &e(closes, 2)).is_some());
}

#[test]
fn trained_verdicts_carry_probabilities_and_reasons() {
    let j = TrainedJudge::default();
    let v = j.judge(&e("The production API listens on port 8080", 1), &e("The production API listens on port 8443", 2), 0.93);
    assert_eq!(v.decision, Decision::Update, "{v:?}");
    assert!(v.reason.starts_with("update: "), "{}", v.reason);
    let named = FEATURE_NAMES.iter().filter(|n| v.reason.contains(&format!("{n} +")) || v.reason.contains(&format!("{n} -"))).count();
    assert!(named >= 3, "the deciding signals are named with their contributions: {}", v.reason);
    let p = |name: &str| v.scores.iter().find(|(k, _)| k == name).map(|(_, s)| *s).expect(name);
    // At or above the bar its reason names: the model's own, or the
    // lower one where the hand rules agree.
    let bar = if v.reason.contains("the change rules fire") { j.thresholds.update_with_rules } else { j.thresholds.update };
    assert!(p("p_update") >= bar, "{}", v.reason);
    assert_eq!(p("numbers_differ"), 1.0);
    assert_eq!(v.scores.len(), 2 + N_FEATURES);
    // Which one is newer decides the direction, not the argument order.
    let w = j.judge(&e("The production API listens on port 8443", 2), &e("The production API listens on port 8080", 1), 0.93);
    assert_eq!(w.scores, v.scores);
    // Thresholds are options: above 1 nothing is merged or superseded.
    let strict = TrainedJudge::with_thresholds(Thresholds { duplicate: 1.01, update: 1.01, update_with_rules: 1.01, update_with_change: 1.01, duplicate_same_words: 1.01, same_fact: 1.01, chain: 1.01, same_fact_updated: 1.01, same_fact_weakly_updated: 1.01, same_group: 1.01 });
    let v = strict.judge(&e("Alice enjoys green tea", 1), &e("Alice enjoys green tea", 2), 1.0);
    assert_eq!(v.decision, Decision::Distinct, "{v:?}");
    assert!(v.reason.starts_with("distinct:"), "{}", v.reason);
}

#[test]
fn a_change_word_only_the_newer_says_lowers_the_update_bar() {
    let (older, newer) = (e("The user lives in the Kreuzberg district of Berlin.", 1), e("The user relocated from Kreuzberg to Leipzig's Plagwitz area last month.", 2));
    let j = TrainedJudge::default();
    let v = j.judge(&older, &newer, 0.68);
    let pu = v.scores[1].1;
    assert!(pu >= j.thresholds.update_with_change && pu < j.thresholds.update, "between the two bars: {v:?}");
    assert_eq!(v.decision, Decision::Update, "{v:?}");
    assert!(v.reason.contains("says \"relocated\""), "{}", v.reason);
    // An update bar a caller sets is the one bar.
    let one_bar = TrainedJudge::with_bars(None, Some(j.thresholds.update)).unwrap();
    assert_eq!(one_bar.judge(&older, &newer, 0.68).decision, Decision::Distinct);
    // Not when the older already says the newer's word of ending.
    let (older, newer) =
        (e("The user is unsubscribed from the Tidewell Monthly digest.", 1), e("Tidewell Weekly's digest list now shows the user as unsubscribed.", 2));
    let v = j.judge(&older, &newer, 0.77);
    let pu = v.scores[1].1;
    assert!(pu >= j.thresholds.update_with_change && pu < j.thresholds.update, "between the two bars: {v:?}");
    assert_eq!(v.decision, Decision::Distinct, "{v:?}");
}

#[test]
fn a_statement_that_moves_on_from_the_others_value_is_not_merged() {
    let j = TrainedJudge::default();
    let (set, moved) = ("The staging cluster's default namespace was changed to sandbox.", "The staging cluster's default namespace was changed from sandbox to preview.");
    // The newer moves on from the older's value: it replaces it.
    let v = j.judge(&e(set, 1), &e(moved, 2), 0.97);
    assert_eq!(v.decision, Decision::Update, "{v:?}");
    assert!(v.reason.contains(r#"moves from "sandbox", the older's value, to "preview""#), "{}", v.reason);
    // The older moved on from the value the newer gives: left apart.
    let v = j.judge(&e(moved, 1), &e(set, 2), 0.97);
    assert_eq!(v.decision, Decision::Distinct, "{v:?}");
    assert!(v.reason.contains(r#"moves from "sandbox", which the newer says, to "preview""#), "{}", v.reason);
    // Both give the new value, or the other writes it inside a span: no move.
    for (a, b) in [
        ("The Bramley Street studio moved its pottery class from Monday to Thursday.", "The pottery class at the Bramley Street studio went from Monday to Thursday."),
        ("The Bramley Street studio is open from Monday to Friday.", "The Bramley Street studio opens Monday–Friday."),
    ] {
        let (so, sn) = pair_signals(a, b);
        assert_eq!(moved_on(&so, &sn), None, "{a} / {b}");
    }
}

#[test]
fn apostrophes_read_alike_however_they_are_typed() {
    for (typed, read) in [
        ("Rosa doesn’t take the 7:40 ferry.", "Rosa doesn't take the 7:40 ferry."),
        ("Rosa doesnt take the 7:40 ferry.", "Rosa doesn't take the 7:40 ferry."),
        ("Kemal’s van isnt insured, and he cant drive it.", "Kemal's van isn't insured, and he can't drive it."),
        ("Dont book the ʼblueʼ room.", "Don't book the 'blue' room."),
        // "cant" and "wont" as words, and words that only end alike.
        ("Ilse kept the wont of her father.", "Ilse kept the wont of her father."),
        ("Early starts were his wont.", "Early starts were his wont."),
        ("The pointe shoes are dontless.", "The pointe shoes are dontless."),
    ] {
        assert_eq!(canonical_apostrophes(typed), read, "{typed}");
    }
    // A negation typed either way is the denial of the plain statement,
    // not its duplicate.
    let j = TrainedJudge::default();
    for negated in ["Rosa doesnt take the 7:40 ferry to Hull.", "Rosa doesn’t take the 7:40 ferry to Hull."] {
        let v = j.judge(&e("Rosa takes the 7:40 ferry to Hull.", 1), &e(negated, 2), 0.93);
        assert_ne!(v.decision, Decision::Duplicate, "{negated}: {v:?}");
        let (so, sn) = pair_signals("Rosa takes the 7:40 ferry to Hull.", negated);
        assert_eq!((so.negations, sn.negations), (0, 1), "{negated}");
    }
}

#[test]
fn a_list_marker_is_no_part_of_the_statement() {
    for (typed, read) in [
        ("1. Jonas parks on level 2 of the Quayside garage.", "Jonas parks on level 2 of the Quayside garage."),
        ("12) Jonas parks on level 2.", "Jonas parks on level 2."),
        ("- Jonas parks on level 2.", "Jonas parks on level 2."),
        ("  • Jonas parks on level 2.", "Jonas parks on level 2."),
        // Numbers and signs that are part of the statement stay.
        ("1.5 kg of rye flour goes into each Friday bake.", "1.5 kg of rye flour goes into each Friday bake."),
        ("-4 °C is the walk-in freezer's alarm point.", "-4 °C is the walk-in freezer's alarm point."),
        ("2024. That was the year Jonas moved.", "2024. That was the year Jonas moved."),
        ("1.", "1."),
    ] {
        assert_eq!(without_list_marker(typed), read, "{typed}");
    }
    // Read with its marker, the item was a statement with another number
    // in it, and so an update of the plain one.
    let j = TrainedJudge::default();
    let plain = "Jonas parks on level 2 of the Quayside garage.";
    let v = j.judge(&e(plain, 1), &e("3. Jonas parks on level 2 of the Quayside garage.", 2), 0.93);
    assert_ne!(v.decision, Decision::Update, "{v:?}");
    let (so, sn) = pair_signals(plain, "3. Jonas parks on level 2 of the Quayside garage.");
    assert_eq!(so.numbers, sn.numbers);
}

#[test]
fn two_things_the_other_way_round_are_not_one_statement() {
    let j = TrainedJudge::default();
    for (older, newer) in [
        ("Quill & Thistle prefers matte paper over gloss for its flyers.", "Quill & Thistle prefers gloss paper over matte for its flyers."),
        ("Name branches with hyphens, not underscores.", "Name branches with underscores, not hyphens."),
        ("Petra would rather take the train than the coach to Bristol.", "Petra would rather take the coach than the train to Bristol."),
        ("Oskar prefers oolong to sencha in the afternoon.", "Oskar prefers sencha to oolong in the afternoon."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert!(order_reversed(&so, &sn).is_some(), "{older} / {newer}");
        assert!(vetoes(&so, &sn, false).is_some_and(|why| why.contains("the other way round")), "{older} / {newer}");
        let v = j.judge(&e(older, 1), &e(newer, 2), 0.97);
        assert_ne!(v.decision, Decision::Duplicate, "{older} / {newer}: {v:?}");
    }
    let v = j.judge(&e("Name branches with hyphens, not underscores.", 1), &e("Name branches with underscores, not hyphens.", 2), 0.97);
    assert!(v.reason.contains("the other way round"), "{}", v.reason);
    // A phrase moved, the same order, or an order that says nothing.
    for (a, b) in [
        ("Oskar prefers oolong to sencha in the afternoon.", "In the afternoon, oolong is preferred to sencha by Oskar."),
        ("Oskar prefers oolong to sencha in the afternoon.", "Oskar prefers oolong over sencha in the afternoon."),
        ("Petra and Jonas run the Bristol book club.", "Jonas and Petra run the Bristol book club."),
    ] {
        let (so, sn) = pair_signals(a, b);
        assert_eq!(order_reversed(&so, &sn), None, "{a} / {b}");
    }
}

#[test]
fn what_may_be_done_is_not_what_must_be() {
    let j = TrainedJudge::default();
    for (older, newer) in [
        ("Visitors to the Harlow Road allotments can park on the verge.", "Visitors to the Harlow Road allotments must park on the verge."),
        ("Tenants should ask the warden before painting.", "Tenants may ask the warden before painting."),
        ("The Linthwaite choir might tour Skerray in June.", "The Linthwaite choir will tour Skerray in June."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert!(vetoes(&so, &sn, false).is_some_and(|why| why.contains("what may be done and what must")), "{older} / {newer}");
        let v = j.judge(&e(older, 1), &e(newer, 2), 0.97);
        assert_ne!(v.decision, Decision::Duplicate, "{older} / {newer}: {v:?}");
    }
    // Two modals of one force are a rewording.
    for (a, b) in [
        ("Visitors to the Harlow Road allotments can park on the verge.", "Visitors to the Harlow Road allotments may park on the verge."),
        ("Tenants should ask the warden before painting.", "Tenants must ask the warden before painting."),
        ("The Linthwaite choir may tour Skerray in June.", "The Linthwaite choir might tour Skerray in June."),
    ] {
        let (so, sn) = pair_signals(a, b);
        assert_eq!(modal_swap(&so, &sn), None, "{a} / {b}");
        assert_eq!(vetoes(&so, &sn, false), None, "{a} / {b}");
    }
}

#[test]
fn two_that_trade_places_are_not_one_statement() {
    let j = TrainedJudge::default();
    for (older, newer) in [
        ("Wenonah reports to Casimir at the Gdynia office.", "Casimir reports to Wenonah at the Gdynia office."),
        ("The payouts worker calls the refund ledger on every chargeback.", "The refund ledger calls the payouts worker on every chargeback."),
        ("Dorran's mentor is Kyrie Prewitt.", "Kyrie Prewitt's mentor is Dorran."),
        ("Casimir is Wenonah's landlord.", "Wenonah is Casimir's landlord."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert!(roles_swapped(&so, &sn).is_some(), "{older} / {newer}");
        let v = j.judge(&e(older, 1), &e(newer, 2), 0.97);
        assert_eq!(v.decision, Decision::Distinct, "{older} / {newer}: {v:?}");
        assert!(v.reason.contains("trade places"), "{}", v.reason);
    }
    // Things joined in either order, and a restatement in another voice.
    for (a, b) in [
        ("Wenonah and Casimir run the Gdynia office.", "Casimir and Wenonah run the Gdynia office."),
        ("Wenonah hired Casimir for the Gdynia office.", "Casimir was hired by Wenonah for the Gdynia office."),
        ("Wenonah or Casimir opens the Gdynia office on Mondays.", "Casimir or Wenonah opens the Gdynia office on Mondays."),
        // One is the other, said either way round.
        ("The Gdynia office's manager is Kyrie Prewitt.", "Kyrie Prewitt is the Gdynia office's manager."),
    ] {
        let (so, sn) = pair_signals(a, b);
        assert_eq!(roles_swapped(&so, &sn), None, "{a} / {b}");
    }
}

#[test]
fn the_same_thing_of_another_owner_is_not_one_statement() {
    let j = TrainedJudge::default();
    for (older, newer) in [
        ("Casimir's landlord is Ottilie Dorran.", "Casimir is Ottilie Dorran's landlord."),
        ("The user's tutor is Wenonah.", "Wenonah's tutor is the user."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert!(owner_swapped(&so, &sn).is_some(), "{older} / {newer}");
        let v = j.judge(&e(older, 1), &e(newer, 2), 0.97);
        assert_eq!(v.decision, Decision::Distinct, "{older} / {newer}: {v:?}");
    }
    // The same owner said the other way round, or a pronoun.
    for (a, b) in [
        ("Casimir's landlord is Ottilie Dorran.", "Ottilie Dorran is Casimir's landlord."),
        ("Casimir's landlord is Ottilie Dorran.", "Ottilie Dorran is his landlord, Casimir says."),
    ] {
        let (so, sn) = pair_signals(a, b);
        assert_eq!(owner_swapped(&so, &sn), None, "{a} / {b}");
    }
}

#[test]
fn all_is_not_some_and_always_is_not_sometimes() {
    let j = TrainedJudge::default();
    for (older, newer) in [
        ("All pull requests to the Tarnbrook repo need two approvals.", "Some pull requests to the Tarnbrook repo need two approvals."),
        ("Quennell always cycles to the Pellworth depot.", "Quennell sometimes cycles to the Pellworth depot."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert!(vetoes(&so, &sn, false).is_some_and(|why| why.contains("how many or how often")), "{older} / {newer}");
        let v = j.judge(&e(older, 1), &e(newer, 2), 0.97);
        assert_ne!(v.decision, Decision::Duplicate, "{older} / {newer}: {v:?}");
    }
    // Two words of one extent are a rewording.
    let (so, sn) = pair_signals("Every volunteer at the Pellworth depot gets a locker.", "Each volunteer at the Pellworth depot gets a locker.");
    assert_eq!((extent_swap(&so, &sn), vetoes(&so, &sn, false)), (None, None));
}

#[test]
fn one_amount_in_two_currencies_is_not_one_price() {
    let j = TrainedJudge::default();
    for (older, newer) in [
        ("A day pass at the Tarnbrook climbing wall costs $18.", "A day pass at the Tarnbrook climbing wall costs €18."),
        ("Quennell pays 40 pounds a month for the allotment.", "Quennell pays 40 euros a month for the allotment."),
        ("The Skerray ferry fare is CHF 12.", "The Skerray ferry fare is £12."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert!(currency_swap(&so, &sn).is_some(), "{older} / {newer}");
        let v = j.judge(&e(older, 1), &e(newer, 2), 0.97);
        assert_ne!(v.decision, Decision::Duplicate, "{older} / {newer}: {v:?}");
    }
    // One currency written two ways, and a dollar that may be any dollar.
    for (a, b) in [
        ("A day pass at the Tarnbrook climbing wall costs $18.", "A day pass at the Tarnbrook climbing wall costs 18 US dollars."),
        ("A day pass costs A$18 at the Tarnbrook wall.", "A day pass costs $18 at the Tarnbrook wall."),
        ("A day pass costs 18 Australian dollars at the Tarnbrook wall.", "A day pass costs $18 at the Tarnbrook wall."),
    ] {
        let (so, sn) = pair_signals(a, b);
        assert_eq!(currency_swap(&so, &sn), None, "{a} / {b}");
    }
    assert_eq!(priced("Fills cost A$15, or NZ$17 in Auckland."), [("A$".to_string(), "15".to_string()), ("NZ$".to_string(), "17".to_string())].into());
}

#[test]
fn who_does_the_act_is_not_who_undergoes_it() {
    let j = TrainedJudge::default();
    for (older, newer) in [
        ("Ysolde mentors Fennimore at the Aldwych studio.", "Ysolde is mentored by Fennimore at the Aldwych studio."),
        ("The Corvina gateway calls the Thistlebrook ledger.", "The Corvina gateway is called by the Thistlebrook ledger."),
        ("Fennimore hired Ysolde in 2019.", "Fennimore was hired by Ysolde in 2019."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert!(voice_reversed(&so, &sn).is_some(), "{older} / {newer}");
        let v = j.judge(&e(older, 1), &e(newer, 2), 0.97);
        assert_eq!(v.decision, Decision::Distinct, "{older} / {newer}: {v:?}");
    }
    // The passive the right way round, both sides passive, a noun after a
    // possessive.
    for (a, b) in [
        ("Ysolde mentors Fennimore at the Aldwych studio.", "Fennimore is mentored by Ysolde at the Aldwych studio."),
        ("The Aldwych studio is run by Ysolde.", "The Aldwych studio is run by Y. Corvina."),
        ("Fennimore's mentor is Ysolde.", "Fennimore is mentored by Ysolde."),
    ] {
        let (so, sn) = pair_signals(a, b);
        assert_eq!(voice_reversed(&so, &sn), None, "{a} / {b}");
    }
}

#[test]
fn only_is_a_limit_a_merge_keeps() {
    let j = TrainedJudge::default();
    for (older, newer) in [
        ("Only maintainers can tag releases of the Corvina repo.", "Maintainers can tag releases of the Corvina repo."),
        ("The Thistlebrook canteen takes card payments.", "The Thistlebrook canteen takes card payments only."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert_eq!(exclusive_added(&so, &sn).as_deref(), Some("only"), "{older} / {newer}");
        let v = j.judge(&e(older, 1), &e(newer, 2), 0.97);
        assert_ne!(v.decision, Decision::Duplicate, "{older} / {newer}: {v:?}");
    }
    let (so, sn) = pair_signals("Only maintainers can tag releases of the Corvina repo.", "Only maintainers may tag releases of the Corvina repo.");
    assert_eq!(exclusive_added(&so, &sn), None);
}

#[test]
fn what_used_to_be_is_over() {
    let j = TrainedJudge::default();
    for (older, newer) in [
        ("Ysolde lives in Ravensmoor.", "Ysolde used to live in Ravensmoor."),
        ("Fennimore swims at Kettlewick lido on Tuesdays.", "Fennimore used to swim at Kettlewick lido on Tuesdays."),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert_eq!(ending(&sn).as_deref(), Some("used to"), "{newer}");
        let v = j.judge(&e(older, 1), &e(newer, 2), 0.95);
        assert_eq!(v.decision, Decision::Update, "{older} / {newer}: {v:?}");
        assert!(v.reason.contains("\"used to\""), "{}", v.reason);
        assert!(cessation(&so, &sn, Lexicon::get()).is_some());
    }
    // Accustomed to, or the thing something is used for.
    assert_eq!(ending(&signals("Fennimore is used to early starts at Kettlewick lido.")), None);
    assert_eq!(ending(&signals("The Dunmere ferry gets used to carry hay in winter.")), None);
}

#[test]
fn a_date_stamp_is_when_a_note_was_written_not_what_it_says() {
    for (typed, stamp) in [
        ("2026-03-01: the Quarrybank staging cluster runs Postgres 14.", Some("2026-03-01: ")),
        ("[2026-03-01] Wenonah prefers email over phone calls.", Some("[2026-03-01] ")),
        ("(2026-03-01 14:05) Wenonah prefers email.", Some("(2026-03-01 14:05) ")),
        ("2026-03-01T14:05Z - Wenonah prefers email.", Some("2026-03-01T14:05Z - ")),
        ("2026-03-01 | Wenonah prefers email.", Some("2026-03-01 | ")),
        // A date that the statement is about, or a stamp and nothing else.
        ("2026-03-01 was Wenonah's first day at Quarrybank.", None),
        ("On 2026-03-01 Wenonah joined Quarrybank.", None),
        ("2026-03-01:", None),
        ("[2026-03-01]", None),
    ] {
        assert_eq!(crate::entry::date_stamp_len(typed).map(|n| &typed[..n]), stamp, "{typed}");
    }
    let plain = "The Quarrybank staging cluster runs Postgres 14.";
    let stamped = "2026-03-01: the Quarrybank staging cluster runs Postgres 14.";
    let (so, sn) = pair_signals(stamped, plain);
    assert_eq!((&so.numbers, &so.words), (&sn.numbers, &sn.words));
    // Read with its stamp, the note was an update of the plain statement,
    // and the plain one of the note.
    let j = TrainedJudge::default();
    for (older, newer) in [(stamped, plain), (plain, stamped)] {
        let v = j.judge(&e(older, 1), &e(newer, 2), 0.94);
        assert_eq!(v.decision, Decision::Duplicate, "{older} / {newer}: {v:?}");
    }
    // The cosine, of the texts as written, counts the stamp; read without
    // it the two are one text.
    let v = j.judge(&e("2026-03-01 14:05 UTC: Wenonah prefers dark mode.", 1), &e("Wenonah prefers dark mode.", 2), 0.67);
    assert_eq!(v.decision, Decision::Duplicate, "{v:?}");
    assert!(v.reason.contains("judged at cosine 1"), "{}", v.reason);
    assert!(j.same_fact(&e("2026-03-01 14:05 UTC: Wenonah prefers dark mode.", 1), &e("Wenonah prefers dark mode.", 2), 0.67));
    // Two notes stamped on two days say the same, not two numbers.
    let (so, sn) = pair_signals(stamped, "2026-04-12: the Quarrybank staging cluster runs Postgres 14.");
    assert_eq!(so.numbers, sn.numbers);
    let v = j.judge(&e(stamped, 1), &e("[2026-04-12] The Quarrybank staging cluster runs Postgres 16.", 2), 0.9);
    assert_eq!(v.decision, Decision::Update, "{v:?}");
    // A stamp on each side of another subject changes nothing.
    let v = j.judge(&e(stamped, 1), &e("2026-03-01: the Quarrybank production cluster runs Postgres 14.", 2), 0.95);
    assert_eq!(v.decision, Decision::Distinct, "{v:?}");
}

#[test]
fn a_setting_given_another_value_is_an_update() {
    for (text, read) in [
        ("Preferred editor: Vim", Some(("preferred editor", "vim"))),
        ("deploy_region = us-east-1", Some(("deploy region", "us-east-1"))),
        ("user.email: anna@example.com.", Some(("user email", "anna@example.com"))),
        ("Staging URL: https://staging.example.com", Some(("staging url", "https://staging.example.com"))),
        ("**Preferred editor:** Vim", Some(("preferred editor", "vim"))),
        ("`db_host`: 10.0.0.5", Some(("db host", "10.0.0.5"))),
        ("[2026-03-01] Editor: Helix", Some(("editor", "helix"))),
        ("Ticket PAY-123 status: open", Some(("ticket pay 123 status", "open"))),
        ("2024 revenue: $1.2M", Some(("2024 revenue", "$1.2m"))),
        ("Preferred editor — Vim", Some(("preferred editor", "vim"))),
        ("Editor - Helix", Some(("editor", "helix"))),
        ("Deadline for the Q3 report: 2026-09-30", Some(("deadline for the q3 report", "2026-09-30"))),
        // Labels of notes, things said, sentences, clock times, long values.
        ("Note: Wenonah likes tea", None),
        ("TODO: fix the Quarrybank login bug", None),
        ("Wenonah said: yes", None),
        ("Wenonah takes the 8:15 bus to Quarrybank.", None),
        ("Reason for the Quarrybank outage: a full disk on the primary database host last night", None),
        ("DONE: renew the Quarrybank permit", None),
        ("The Quarrybank gym - which opened in 2020 - closes at ten at night", None),
    ] {
        let got = setting(text);
        assert_eq!(got.as_ref().map(|(k, v)| (k.as_str(), v.as_str())), read, "{text}");
    }
    let j = TrainedJudge::default();
    for (older, newer, cosine) in [
        ("Preferred editor: Vim", "Preferred editor: Emacs", 0.75),
        ("Favourite language: Python", "Favourite language: Rust", 0.70),
        ("deploy_region = us-east-1", "deploy_region = eu-west-1", 0.86),
        ("quarrybank.api_key_owner: wenonah@example.com", "quarrybank.api_key_owner: ops@example.com", 0.85),
        ("Preferred editor — Vim", "Preferred editor — Emacs", 0.75),
        // A sentence that gives the setting's attribute a value.
        ("Wenonah's manager is Priya Nair.", "Wenonah's manager: Daniel Osei", 0.7),
        ("Quarrybank timezone: Europe/London", "The Quarrybank timezone is Asia/Tokyo.", 0.7),
    ] {
        let v = j.judge(&e(older, 1), &e(newer, 2), cosine);
        assert_eq!(v.decision, Decision::Update, "{older} / {newer}: {v:?}");
        assert!(v.reason.contains("setting's value"), "{}", v.reason);
    }
    for (older, newer, cosine) in [
        // Another attribute, a value added to, a note's label, a negation.
        ("Preferred editor: Vim", "Preferred shell: zsh", 0.6),
        ("Home city: Berlin", "Work city: Munich", 0.7),
        ("Preferred editor: Vim", "Preferred editor: Vim with LazyVim", 0.9),
        ("Wenonah's allergies: peanuts", "Wenonah's allergies: peanuts, shellfish", 0.9),
        ("Note: Wenonah likes tea", "Note: the Quarrybank deploy runs on Fridays", 0.6),
        ("Preferred editor: Vim", "Preferred editor: not Emacs", 0.7),
        // A sentence that restates the value in other words.
        ("Bin collection on Wenonah's street is every Tuesday morning.", "Bin collection on Wenonah's street: Tue mornings.", 0.85),
    ] {
        let v = j.judge(&e(older, 1), &e(newer, 2), cosine);
        assert!(!v.reason.contains("setting's value"), "{older} / {newer}: {v:?}");
    }
    // Attributes that differ in a figure are two attributes.
    for (older, newer, cosine) in [
        ("Quarrybank Q3 revenue: $1.2M", "Quarrybank Q4 revenue: $1.5M", 0.9),
        ("Quarrybank 2024 revenue: $1.2M", "Quarrybank 2025 revenue: $1.5M", 0.9),
        ("Ticket PAY-123 status: open", "Ticket PAY-124 status: closed", 0.9),
        ("Deadline for the Quarrybank Q3 report: 2026-09-30", "Deadline for the Quarrybank Q4 report: 2026-12-31", 0.9),
    ] {
        let (so, sn) = pair_signals(older, newer);
        assert!(settings_apart(&so, &sn).is_some(), "{older} / {newer}");
        let v = j.judge(&e(older, 1), &e(newer, 2), cosine);
        assert_eq!(v.decision, Decision::Distinct, "{older} / {newer}: {v:?}");
        assert!(v.reason.contains("two attributes"), "{}", v.reason);
    }
    let (so, sn) = pair_signals("Ticket PAY-123 status: open", "Ticket PAY-123 status: closed");
    assert_eq!(settings_apart(&so, &sn), None);
    // The same value, in another case, is the same setting.
    let v = j.judge(&e("Preferred editor: Vim", 1), &e("preferred editor: vim", 2), 0.97);
    assert_eq!(v.decision, Decision::Duplicate, "{v:?}");
    // So is the same value after another sign.
    let v = j.judge(&e("quarrybank_timezone = Europe/London", 1), &e("Quarrybank timezone: Europe/London", 2), 0.8);
    assert_eq!(v.decision, Decision::Duplicate, "{v:?}");
    // ... and in another spelling.
    assert_eq!(setting("Favourite colour: green"), setting("favorite color = green"));
    let v = j.judge(&e("Wenonah's favourite colour = green", 1), &e("Wenonah's favorite color: green", 2), 0.8);
    assert_eq!(v.decision, Decision::Duplicate, "{v:?}");
}

#[test]
fn a_task_ticked_or_unticked_is_an_update() {
    assert_eq!(task_box("[ ] Renew the Quarrybank parking permit."), Some((false, "Renew the Quarrybank parking permit.")));
    assert_eq!(task_box("[X] Renew the Quarrybank parking permit."), Some((true, "Renew the Quarrybank parking permit.")));
    assert_eq!(task_box("[x]"), None);
    assert_eq!(task_box("[2026-03-01] Renew the permit."), None);
    let j = TrainedJudge::default();
    let (open, done) = ("[ ] Renew the Quarrybank parking permit.", "[x] Renew the Quarrybank parking permit.");
    for (older, newer, ticked) in [(open, done, true), (done, open, false)] {
        let (so, sn) = pair_signals(older, newer);
        assert_eq!(task_done(&so, &sn), Some(ticked));
        let v = j.judge(&e(older, 1), &e(newer, 2), 0.97);
        assert_eq!(v.decision, Decision::Update, "{older} / {newer}: {v:?}");
        assert!(v.reason.contains("box replaces"), "{}", v.reason);
    }
    // Ticked alike, the boxes are set aside (a list marker before one too).
    let (so, sn) = pair_signals("- [x] Renew the Quarrybank parking permit.", done);
    assert_eq!(so.words, sn.words);
    assert_eq!(task_done(&so, &sn), None);
    // Another task is no change of this one.
    let (so, sn) = pair_signals(open, "[x] Renew the Quarrybank library card.");
    assert_eq!(task_done(&so, &sn), None);
    // A label says what a box does.
    assert_eq!(task_box("TODO: renew the permit"), Some((false, "renew the permit")));
    assert_eq!(task_box("Done: renew the permit"), Some((true, "renew the permit")));
    assert_eq!(task_box("Todoist syncs the permit list"), None);
    let v = j.judge(&e("TODO: renew the Quarrybank parking permit", 1), &e("DONE: renew the Quarrybank parking permit", 2), 0.9);
    assert_eq!(v.decision, Decision::Update, "{v:?}");
    let (so, sn) = pair_signals("TODO: renew the Quarrybank parking permit", open);
    assert_eq!(so.words, sn.words);
}

#[test]
fn a_note_on_the_note_is_not_what_it_says() {
    for (text, read) in [
        ("The user prefers dark mode (confirmed 2026-03-01).", "The user prefers dark mode"),
        ("The user prefers dark mode [as of March 2026]", "The user prefers dark mode"),
        ("Wenonah lives in Quarrybank [source: onboarding chat]", "Wenonah lives in Quarrybank"),
        ("The user prefers metric units #units #prefs", "The user prefers metric units"),
        ("Wenonah's number is 0161 555 0199 (last checked on 2 May 2026).", "Wenonah's number is 0161 555 0199"),
        // What the statement says stays: a date alone, "since", an issue number.
        ("Flight to Quarrybank (2026-03-01)", "Flight to Quarrybank (2026-03-01)"),
        ("Wenonah works at Quarrybank (since 2024).", "Wenonah works at Quarrybank (since 2024)."),
        ("The deploy is blocked by issue #42", "The deploy is blocked by issue #42"),
        ("The Quarrybank team's chat channel is #design-crit.", "The Quarrybank team's chat channel is #design-crit."),
        ("The user prefers metric units. #preferences", "The user prefers metric units"),
        ("#preferences", "#preferences"),
    ] {
        assert_eq!(without_trailing_note(text), read, "{text}");
    }
    let j = TrainedJudge::default();
    for (older, newer) in [
        ("The user prefers dark mode (confirmed 2026-03-01).", "The user prefers dark mode."),
        ("Wenonah lives in Quarrybank [source: onboarding chat]", "Wenonah lives in Quarrybank."),
        ("The user prefers metric units.", "The user prefers metric units #units #prefs"),
    ] {
        let v = j.judge(&e(older, 1), &e(newer, 2), 0.8);
        assert_eq!(v.decision, Decision::Duplicate, "{older} / {newer}: {v:?}");
    }
    // Two dates of two flights are two flights.
    let v = j.judge(&e("Flight to Quarrybank (2026-03-01)", 1), &e("Flight to Quarrybank (2026-04-10)", 2), 0.9);
    assert_ne!(v.decision, Decision::Duplicate, "{v:?}");
}

#[test]
fn values_written_another_way_read_alike() {
    for (a, b) in [
        ("Ward 7B's night nurse is Wenonah.", "Wenonah is the night nurse on Ward 7B."),
        ("The Quarrybank tariff is 28 pence per kWh.", "The Quarrybank tariff is £0.28 per kWh."),
        ("The Quarrybank tariff is 28p per kWh.", "The Quarrybank tariff is £0.28 per kWh."),
        ("Quarrybank cider costs 40p/litre.", "Quarrybank cider costs £0.40 per litre."),
        ("Wenonah charges 12 euro cents a word.", "Wenonah charges €0.12 a word."),
        ("The Quarrybank repeater is on 145.725 MHz.", "The Quarrybank repeater is on 145.725 megahertz."),
        ("The Quarrybank offsite is set for 04/09/2024.", "The Quarrybank offsite is on April 9, 2024."),
        ("The Quarrybank offsite is on 9 April 2024.", "The Quarrybank offsite is set for 09/04/2024."),
        // Read as the other side writes it.
        ("The Quarrybank order arrives on June 12.", "The Quarrybank order arrives on 2025-06-12."),
        ("Quarrybank market opens from 9 to 12 on Saturdays.", "Quarrybank market opens 09:00 to 12:00 on Saturdays."),
        ("Wenonah's show runs from six until nine.", "Wenonah's show runs 6–9 am."),
        ("Wenonah's snack is at 10.30.", "Wenonah's snack is at 10.30 a.m."),
        ("A one-day Quarrybank course costs £165.", "A single-day Quarrybank course costs £165."),
        ("Each February, Wenonah lays the Quarrybank hedges.", "Wenonah lays the Quarrybank hedges, Feb annually."),
        ("Quarrybank membership costs £85 a year.", "Quarrybank membership costs £85 p.a., plus fees."),
        ("Wenonah's van visits Quarrybank on alternate Tuesdays.", "Wenonah's van visits Quarrybank every other Tuesday."),
        ("Quarrybank club night is on the second Tuesday of the month.", "Quarrybank club night falls on the month's second Tuesday."),
        ("The Quarrybank box includes half a dozen eggs.", "The Quarrybank box includes 6 eggs."),
        ("Quarrybank membership costs C$240.", "Quarrybank membership costs 240 Canadian dollars."),
        ("Wenonah charges NZ$4.10 a head.", "Wenonah charges NZD 4.10 a head."),
        ("Quarrybank waters its beds between 1 July and 31 August.", "Quarrybank waters its beds between 01/07 and 31/08."),
        ("Quarrybank Lido opens on 1 May.", "Quarrybank Lido – opens: 01/05"),
        ("Quarrybank stargazing runs from October to March.", "Quarrybank stargazing: Oct-Mar."),
        ("A 50 sq ft unit at Quarrybank is £89 per month.", "Quarrybank 50sqft: £89/mo"),
        ("Wenonah gilds in 23-carat gold.", "Wenonah gilds in 23ct gold."),
        ("Wenonah has a one-on-one with her manager at 10:00.", "Wenonah has a 1:1 with her manager at 10:00."),
        ("Quarrybank disco runs 8 p.m. till midnight.", "Quarrybank disco: 8 p.m.–midnight."),
        ("Quarrybank opens for lessons on Saturday and Sunday.", "Quarrybank opens for lessons on Sat/Sun."),
        ("Wenonah's best 10K time is 52 minutes 30 seconds.", "Wenonah's 10K record stands at 52:30."),
    ] {
        let (so, sn) = pair_signals(a, b);
        assert_eq!(so.numbers, sn.numbers, "{a} / {b}");
    }
    // An age group written with a plus is the age group the other side
    // names, an identifier: another age group stays another.
    let (so, sn) = pair_signals("Quarrybank rink runs its over-18s night on Thursdays.", "Quarrybank rink runs its 18+ night on Thursdays.");
    assert_eq!((&so.numbers, &so.idents), (&sn.numbers, &sn.idents));
    let (so, sn) = pair_signals("Quarrybank rink runs its under-12s night on Thursdays.", "Quarrybank rink runs its 18+ night on Thursdays.");
    assert_ne!((&so.numbers, &so.idents), (&sn.numbers, &sn.idents));
    // A plus between words is "plus".
    let (so, sn) = pair_signals("Wenonah mends sails for £15 + materials.", "Wenonah mends sails for £15 plus materials.");
    assert_eq!(so.words, sn.words);
    // Bare hours on both sides are no one time; "first" is no "a".
    for (a, b) in [
        ("Quarrybank bus 9 leaves at 10:00.", "Quarrybank bus 10 leaves at 9:00."),
        ("Wenonah's office is on the first floor.", "Wenonah's office is on the ground floor."),
    ] {
        let (so, sn) = pair_signals(a, b);
        assert_ne!(so.numbers, sn.numbers, "{a} / {b}");
    }
    // A date that reads both ways stays three numbers where the other
    // side says neither day.
    let (so, _) = pair_signals("The Quarrybank offsite is set for 04/09/2024.", "The Quarrybank offsite is on May 1, 2024.");
    assert!(!so.numbers.contains("2024-04-09") && !so.numbers.contains("2024-09-04"), "{:?}", so.numbers);
}

#[test]
fn an_acronym_may_end_in_a_word_said_elsewhere() {
    let (so, sn) = pair_signals("Quarrybank Interpreting does not provide video remote interpreting.", "Quarrybank Interpreting does not provide VRI.");
    assert_eq!(so.text, sn.text);
    let (so, sn) = pair_signals("Wenonah transcribes braille textbooks into Unified English Braille.", "Wenonah transcribes braille textbooks into UEB.");
    assert_eq!(so.text, sn.text);
    // Only its last word, and only in a run of three or more.
    let (so, sn) = pair_signals("Wenonah's release notes list the press release.", "Wenonah's release notes list the PR.");
    assert_ne!(so.text.to_lowercase(), sn.text.to_lowercase());
}

#[test]
fn notes_shorthand_is_read_written_out() {
    for (a, b) in [
        ("Quarrybank Hearing gives out batteries on Tuesday mornings.", "Quarrybank Hearing – batteries: Tue a.m."),
        ("Wenonah may use the cutter without supervision.", "Wenonah may use the cutter w/o supervision."),
        ("The Quarrybank Film Society charges £6.", "Quarrybank Film Soc. charges £6."),
    ] {
        let (so, sn) = pair_signals(a, b);
        let without = |x: &Signals| x.content.iter().filter(|w| !sn.content.contains(w) || !so.content.contains(w)).count();
        assert!(without(&so) + without(&sn) <= 2, "{a} / {b}: {:?} / {:?}", so.content, sn.content);
    }
    // After a time, "a.m." is the meridiem.
    let (so, sn) = pair_signals("Quarrybank opens at 10 a.m.", "Quarrybank opens at 10:00.");
    assert_eq!(so.numbers, sn.numbers);
}

#[test]
fn one_sale_from_its_two_sides_is_no_flip() {
    let flip = |a: &str, b: &str| pair_features(a, b, 0.8)[FEATURE_NAMES.iter().position(|n| *n == "antonym_flip").unwrap()];
    assert_eq!(flip("Quarrybank Oysters sells a dozen oysters to restaurants for €14.", "Restaurants buy a dozen oysters from Quarrybank Oysters for €14."), 0.0);
    assert_eq!(flip("Wenonah buys her bobbins from Quarrybank Turnery.", "Quarrybank Turnery sells Wenonah her bobbins."), 0.0);
    // The same seller buying is.
    assert_eq!(flip("Quarrybank Oysters sells oysters to restaurants.", "Quarrybank Oysters buys oysters from restaurants."), 1.0);
}

#[test]
fn kids_are_children() {
    let (so, sn) = pair_signals("Wenonah uses vouchers at Quarrybank Opticians for her children's glasses.", "Wenonah uses vouchers at Quarrybank Opticians for her kids' glasses.");
    assert!(same_relations(&so, &sn), "{:?} / {:?}", so.relations, sn.relations);
}

#[test]
fn without_paying_is_free_and_no_further_than_a_bound() {
    for (a, b) in [
        ("Quarrybank tows scrap cars within 15 miles for free.", "Quarrybank tows scrap cars within 15 miles without charging."),
        ("Quarrybank Cakes delivers to venues no further than 20 miles away.", "Quarrybank Cakes delivers to venues within 20 miles."),
    ] {
        let (so, sn) = pair_signals(a, b);
        assert_eq!(so.negations % 2, sn.negations % 2, "{a} / {b}");
    }
}
