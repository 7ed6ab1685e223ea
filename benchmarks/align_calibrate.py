"""The sentence aligner's rates, measured on the tuning half of our paragraph set.

``translator/align/sentences.py`` scores a link by three things, each a log-probability
with its constants measured here (even-numbered paragraphs of
``benchmarks/align_paragraphs/`` only; the odd half and ``align_paragraphs_unseen/`` are
never looked at):

- the kind of link (1:1, 2:1, 1:0...): its share among the gold links, smoothed toward
  the shares published for ja→en translation (see /work/shared/notes/alignment-anchors.md);
- lengths: the log of (English characters / (ratio × Japanese characters)) of linked
  sentences is normal with a spread measured here; the length of an English sentence with
  no counterpart follows the log-normal of English sentence lengths;
- content: for each class of item (dictionary word, loanword, name, number, markup,
  glossary term, English word), the share explained by the other side in gold links and
  in pairs of different sentences of the same paragraph; and, for items linked with two
  or three sentences (merges, splits), the share those sentences explain together, which
  the model takes to be the share of a 1:1 link.

    .venv/bin/python benchmarks/align_calibrate.py
"""

from __future__ import annotations

import math
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _align_data import read_paragraphs  # noqa: E402

from translator.align.blocks import prose_length  # noqa: E402
from translator.align.evidence import (  # noqa: E402
    combined,
    explained,
    source_evidence,
    target_evidence,
)
from translator.align.lexicon import load_lexicon  # noqa: E402

PUBLISHED = {"1:1": 0.77, "2:1": 0.08, "1:2": 0.055, "2:2": 0.035, "1:0": 0.024, "0:1": 0.02,
             "3:1": 0.016}  # fmt: skip


def main() -> None:
    lexicon = load_lexicon()
    if lexicon is None:
        print("no EDICT lexicon (apt-get install edict): content rates measured without it")
    tune = [p for p in read_paragraphs() if int(p.id[1:]) % 2 == 0]
    kinds: Counter[str] = Counter()
    ratios: list[tuple[float, float]] = []
    english: list[float] = []
    true: Counter[tuple[str, bool]] = Counter()
    background: Counter[tuple[str, bool]] = Counter()
    merged: Counter[tuple[str, bool]] = Counter()  # items facing two or three sentences
    for p in tune:
        ja = [source_evidence(s, lexicon) for s in p.ja]
        en = [target_evidence(s, "en", lexicon) for s in p.en]
        english.extend(prose_length(s) for s in p.en)
        for js, es in p.links:
            kinds[f"{len(js)}:{len(es)}"] += 1
            if not js or not es:
                continue
            ls = sum(prose_length(p.ja[i]) for i in js)
            lt = sum(prose_length(p.en[j]) for j in es)
            ratios.append((ls, lt))
            # each item against the sentences it is linked with, together
            facing_en = combined(en[j] for j in es).marks
            facing_ja = combined(ja[i] for i in js).marks
            for i in js:
                (true if len(es) == 1 else merged).update(explained(ja[i].items, facing_en))
            for j in es:
                (true if len(js) == 1 else merged).update(explained(en[j].items, facing_ja))
            if len(js) == 1 and len(es) == 1:
                for k in range(len(p.en)):
                    if k != es[0]:
                        background.update(explained(ja[js[0]].items, en[k].marks))
                        background.update(explained(en[k].items, ja[js[0]].marks))
    total = sum(kinds.values())
    print(f"{len(tune)} paragraphs, {total} links")
    print("\nlink kinds: gold share, published share, mean of both")
    for kind in PUBLISHED:
        share = kinds[kind] / total
        print(f"  {kind}: {share:.3f} {PUBLISHED[kind]:.3f} {(share + PUBLISHED[kind]) / 2:.3f}")
    ratio = sum(t for _, t in ratios) / sum(s for s, _ in ratios)
    logs = [math.log(t / (ratio * s)) for s, t in ratios]
    print(f"\nratio {ratio:.3f}; log(length ratio / ratio): mean {statistics.mean(logs):.3f}"
          f" sd {statistics.stdev(logs):.3f}")  # fmt: skip
    fits = []
    for variance in (0.0, 0.01, 0.02, 0.03, 0.04, 0.05):
        for noise in (0.0, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0):
            if variance or noise:
                v = [variance + noise / (ratio * s) for s, _ in ratios]
                ll = sum(-0.5 * z * z / x - 0.5 * math.log(x) for z, x in zip(logs, v, strict=True))
                fits.append((ll, variance, noise))
    _ll, variance, noise = max(fits)
    print(f"variance of the log ratio: {variance} + {noise} / expected English characters")
    e_logs = [math.log(x) for x in english]
    print(f"English sentence length: log mean {statistics.mean(e_logs):.3f} "
          f"sd {statistics.stdev(e_logs):.3f}")  # fmt: skip
    print("\nitem class: explained in gold links / in other pairs -> log-ratio if explained, not")
    for kind in sorted({k for k, _ in true}):
        t_yes, t_no = true[(kind, True)], true[(kind, False)]
        b_yes, b_no = background[(kind, True)], background[(kind, False)]
        p1 = (t_yes + 1) / (t_yes + t_no + 2)
        p0 = (b_yes + 1) / (b_yes + b_no + 2)
        print(f"  {kind:7s} {p1:.3f} ({t_yes + t_no}) / {p0:.3f} ({b_yes + b_no}) -> "
              f"{math.log(p1 / p0):+.2f} {math.log((1 - p1) / (1 - p0)):+.2f}")  # fmt: skip
        m_yes, m_no = merged[(kind, True)], merged[(kind, False)]
        if m_yes + m_no:
            print(f"          facing 2-3 sentences, together: {m_yes / (m_yes + m_no):.3f} "
                  f"({m_yes + m_no})")  # fmt: skip



def blocks() -> None:
    """Block level: the items of a paragraph against its whole translation."""
    lexicon = load_lexicon()
    tune = [p for p in read_paragraphs() if int(p.id[1:]) % 2 == 0]
    true: Counter[tuple[str, bool]] = Counter()
    for p in tune:
        ja = combined([source_evidence(s, lexicon) for s in p.ja])
        en = combined([target_evidence(s, "en", lexicon) for s in p.en])
        true.update(explained(ja.items, en.marks))
        true.update(explained(en.items, ja.marks))
    print("\nblock level: share of items their paragraph's translation explains")
    for kind in sorted({k for k, _ in true}):
        yes, no = true[(kind, True)], true[(kind, False)]
        print(f"  {kind:7s} {yes / (yes + no):.3f} ({yes + no})")


if __name__ == "__main__":
    main()
    blocks()
