#!/usr/bin/env python3
"""Build src/dream/lexicon.txt, the word lexicon the pair judge reads
(src/dream/lexicon.rs), from Princeton WordNet 3.0 as Debian packages it.

The judge asks three questions of it: are two words synonyms (they share
a synset: "flat" / "apartment"), are two nouns co-hyponyms, different
things of one kind ("car" / "motorbike", "bedroom" / "living room"), and
does one verb name the other more generally ("buy" / "get")? Only what
those questions need is kept: single words, two-word compounds with uses
in WordNet's sense-tagged corpus (`cntlist.rev`), their synsets in sense
order, the hypernyms of noun synsets up to the root, the verbs one step
above each verb's senses, and the irregular forms ("children" ->
"child") of the words kept.

Usage (no network at run time; the file is committed):
  apt-get install wordnet-base
  scripts/build_lexicon.py [/usr/share/wordnet]

The output is deterministic: the same WordNet gives the same file.

Format, one record per line, fields separated by tabs:
  w <word> <noun tags> <verb tags> <adjective tags> <adverb tags> <synsets>
      <... tags>: uses in the sense-tagged corpus as that part of speech,
      summed from cntlist.rev (which reading of "works" or "well" is the
      usual one);
      <synsets>: space-separated synset numbers in WordNet's sense order,
      each prefixed by its part of speech (n, v, a);
  h <synset> <depth> <hypernym synsets, space-separated>   (nouns only;
      depth: steps below the furthest root, at most 12)
  x <form> <part of speech: n, v, a> <base>         (irregular forms)
  y <verb> <verbs, space-separated>   (the verbs one step above any of
      its verb senses: "buy" -> "get", "acquire", ...)
Words are lowercase; compounds join their words with "_".
"""

import os
import sys

WORDNET = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "dream", "lexicon.txt")
POS = (("noun", "n"), ("verb", "v"), ("adj", "a"))
# src/dream/lexicon.rs NOUN_SENSES: the noun senses compared for co-hyponymy.
NOUN_SENSES = 2

NOTICE = """\
# Derived from WordNet 3.0 by scripts/build_lexicon.py (a subset: single
# words and common compounds, their synsets, and noun hypernyms).
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY
# MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF
# EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS
# OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR
# THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
# INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.
# The full licence: src/dream/LEXICON_LICENSE.
"""


def lines(path):
    with open(path, encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                yield line


def keep(word, v):
    """Every single word, and the two-word compounds with sense-tagged
    uses ("living_room"): rarer compounds cost space and are seldom
    written as such in short statements."""
    parts = word.split("_")
    if not all(p.isalpha() for p in parts):
        return False
    return len(parts) == 1 or (len(parts) == 2 and v["n"] + v["v"] + v["a"] + v["r"] > 0)


def depth(sid, hypernyms, climb=12):
    """How far below a root a synset sits: the longest of the shortest
    paths to its ancestors, up to `climb` steps (lexicon.rs MAX_CLIMB)."""
    seen, front, d = {sid}, [sid], 0
    while front and d < climb:
        nxt = [h for s in front for h in hypernyms.get(s, []) if h not in seen]
        nxt = list(dict.fromkeys(nxt))
        if not nxt:
            break
        seen.update(nxt)
        front, d = nxt, d + 1
    return d


def main():
    hypernyms = {}
    # Verb synsets: their words, and their hypernyms (verbs).
    verb_words, verb_hypernyms = {}, {}
    for name, c in POS:
        for line in lines(os.path.join(WORDNET, f"data.{name}")):
            f = line.split(" | ")[0].split()
            n = int(f[3], 16)
            i = 4 + 2 * n
            ptrs = f[i + 1 : i + 1 + 4 * int(f[i])]
            if c == "n":
                hypernyms[c + f[0]] = [
                    ptrs[k + 2].replace("s", "a") + ptrs[k + 1]
                    for k in range(0, len(ptrs), 4)
                    if ptrs[k] in ("@", "@i")
                ]
            if c == "v":
                verb_words["v" + f[0]] = [f[4 + 2 * k].lower() for k in range(n)]
                verb_hypernyms["v" + f[0]] = ["v" + ptrs[k + 1] for k in range(0, len(ptrs), 4) if ptrs[k] == "@"]
    words = {}
    for name, c in POS:
        for line in lines(os.path.join(WORDNET, f"index.{name}")):
            f = line.split()
            lemma, senses, p = f[0], int(f[2]), int(f[3])
            tags = int(f[4 + p + 1])
            offsets = f[4 + p + 2 : 4 + p + 2 + senses]
            w = words.setdefault(lemma, {"n": 0, "v": 0, "a": 0, "r": 0, "ids": []})
            w[c] = tags
            w["ids"] += [c + o for o in offsets]
    # Uses in the sense-tagged corpus, per part of speech (cntlist.rev:
    # "lemma%ss_type:...  sense_number  count"; ss_type 1 noun, 2 verb, 3 and
    # 5 adjective, 4 adverb). index.*'s tagsense_cnt counts tagged senses,
    # not uses, and would make "dog" (one noun sense, one verb sense) as
    # much a verb as a noun.
    for w in words.values():
        w.update(n=0, v=0, a=0, r=0)
    for line in open(os.path.join(WORDNET, "cntlist.rev"), encoding="latin-1"):
        key, _, count = line.split()
        lemma, sense = key.split("%")
        pos = "nvara"[int(sense.split(":")[0]) - 1]
        if lemma in words:
            words[lemma][pos] += int(count)
    kept = {w: v for w, v in words.items() if keep(w, v)}
    # Every verb sense, before the synsets are pruned below.
    verb_senses = {w: [sid for sid in v["ids"] if sid[0] == "v"] for w, v in kept.items()}
    # A synset is kept where it can answer a question: shared by two kept
    # words (synonyms), or among a word's first NOUN_SENSES noun senses
    # (co-hyponyms; src/dream/lexicon.rs reads no further), or a word's
    # first verb sense (it tells "works" the verb from "works" the noun).
    shared = {}
    for v in kept.values():
        for sid in set(v["ids"]):
            shared[sid] = shared.get(sid, 0) + 1
    for v in kept.values():
        nouns = [sid for sid in v["ids"] if sid[0] == "n"][:NOUN_SENSES]
        verbs = [sid for sid in v["ids"] if sid[0] == "v"][:1]
        v["ids"] = [sid for sid in v["ids"] if shared[sid] >= 2 or sid in nouns or sid in verbs]
    kept = {w: v for w, v in kept.items() if v["ids"]}
    # The noun senses read for co-hyponyms, and all their ancestors.
    need = set()
    stack = [sid for v in kept.values() for sid in [x for x in v["ids"] if x[0] == "n"][:NOUN_SENSES]]
    while stack:
        sid = stack.pop()
        if sid in need:
            continue
        need.add(sid)
        stack += hypernyms.get(sid, [])
    used = sorted(need | {sid for v in kept.values() for sid in v["ids"]})
    number = {sid: i for i, sid in enumerate(used)}
    out = [NOTICE]
    for w in sorted(kept):
        v = kept[w]
        ids = " ".join(sid[0] + str(number[sid]) for sid in v["ids"])
        out.append(f"w\t{w}\t{v['n']}\t{v['v']}\t{v['a']}\t{v['r']}\t{ids}\n")
    for sid in used:
        if sid in need and hypernyms.get(sid):
            parents = " ".join(str(number[h]) for h in hypernyms[sid])
            out.append(f"h\t{number[sid]}\t{depth(sid, hypernyms)}\t{parents}\n")
    # The verbs that name each verb more generally in one of its senses,
    # one step up ("buy" -> "get", "reside" -> "live"): kept words only.
    for w in sorted(kept):
        broader = sorted({h for sid in verb_senses[w] for up in verb_hypernyms.get(sid, []) for h in verb_words[up] if h in kept and h != w})
        if broader:
            out.append(f"y\t{w}\t{' '.join(broader)}\n")
    for name, _ in POS:
        for line in open(os.path.join(WORDNET, f"{name}.exc"), encoding="latin-1"):
            a = line.split()
            if len(a) >= 2 and a[1] in kept and a[0].isalpha():
                out.append(f"x\t{a[0]}\t{name[0]}\t{a[1]}\n")
    with open(OUT, "w") as f:
        f.writelines(out)
    print(f"wrote {os.path.normpath(OUT)}: {len(kept)} words, {len(used)} synsets ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
