"""Scoring of one segment's candidates: which documents are candidates (every
term, or a (near-)phrase), their features and scores; for queries of common
words only, bounded scoring (phrases looked for only where they can still
change the top)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..index import IndexState, Segment
from ..query import PREFIX_WEIGHT, TYPO_WEIGHT, ParsedQuery
from .arrays import StableOrder, among, best_few, distinct_docs, documents, within
from .counts import Dense, DocCounts, documents_with_all
from .features import DocFeatures
from .lazy import score_lazily
from .phrases import AnchorPhrases, excluded, group_ok
from .plan import PinnedTypos, Planner, TermPlan
from .results import Scored
from .tiers import LEVELS, NEAR, PHRASE, SCATTERED, tier_levels, tier_offset
from .weights import W_DIACRITICS, W_PHRASE, W_RUN, W_TITLE_PHRASE

#: Phrase anchors in one segment above which phrases are only looked for in the
#: documents that could rank (see SegmentScorer._bounded).
ANCHOR_CAP = 250_000
#: Documents whose phrases are checked first in that case (times 4 until the top is sure).
BOUNDED_FIRST = 256


@dataclass
class AcrossSegments:
    """What the scoring of one query variant decides over the whole index, not
    segment by segment (so a hit's tier does not depend on how the index is cut
    into segments, i.e. on batch sizes, load order or unrelated articles):
    which terms are the rarest, and whether phrases are anchored on the
    rarest term alone or, since no phrase anywhere holds it, on the two
    rarest (the rarest may itself be the mistyped word)."""

    #: The terms found anywhere in the index, rarest (fewest positions) first.
    order: list[int]
    #: Phrases are anchored on the two rarest terms.
    two_anchors: bool = False
    #: Phrases anchored on the rarest term, by segment (``id``), found while deciding.
    anchored: dict[int, AnchorPhrases] = field(default_factory=dict)


class SegmentScorer:
    """Scores one query (its planned terms) segment by segment; holds what
    every segment's scoring shares: the index state, the parsed query, the
    documents allowed, and the index's caches kept across queries."""

    def __init__(self, planner: Planner, parsed: ParsedQuery, allowed_docs: np.ndarray | None,
                 doc_counts: DocCounts, pinned: PinnedTypos, vocab: list[str]) -> None:
        self.planner = planner
        self.state: IndexState = planner.state
        self.parsed = parsed
        self._excluded = planner.excluded_phrases(parsed.excluded)
        self.allowed_docs = allowed_docs
        self._doc_counts = doc_counts
        self._pinned = pinned
        self._vocab = vocab
        self._near_bits: dict = planner.near_bits  # tiers.term_bits by terms, for every segment
        self._known = planner.phrases

    def _anchored(self, seg: Segment, plans: list[TermPlan], slices, anchor_terms: list[int]) -> AnchorPhrases:
        return AnchorPhrases(seg, plans, slices, anchor_terms, self.state, self._pinned, self._vocab)

    def score_segments(self, segments: Sequence[Segment], plans: list[TermPlan], fallback: bool, prune: int | None,
                       split: bool = False) -> list[Scored]:
        """:meth:`score` of every segment holding candidates, with the rarest
        terms and the anchoring of phrases decided over them all (see
        :class:`AcrossSegments`)."""
        entries = [[[(i, w) for i, w in plan.entries if len(seg.positions(i))] for plan in plans] for seg in segments]
        sizes = [sum(len(seg.positions(i)) for seg, per_term in zip(segments, entries) for i, _ in per_term[t])
                 for t in range(len(plans))]
        order = sorted((t for t in range(len(plans)) if sizes[t]), key=lambda t: (sizes[t], t))
        if not order:
            return []
        across = AcrossSegments(order)
        if len(plans) >= 2 and len(order) > 1:
            bounded = prune is not None and not fallback
            across.two_anchors = not self._rarest_in_a_phrase(segments, plans, entries, across, bounded)
        return [scored for seg, seg_entries in zip(segments, entries)
                if (scored := self.score(seg, plans, seg_entries, across, fallback, prune, split)) is not None]

    def _rarest_in_a_phrase(self, segments: Sequence[Segment], plans: list[TermPlan], entries, across: AcrossSegments,
                            bounded: bool) -> bool:
        """Whether some segment holds a phrase with the rarest term in its slot (a
        word it looks up).  A segment where that term is too common to anchor on
        (scored by :meth:`_bounded`) is taken to hold one, as a bounded pass
        assumes: with a word that common, one surely does."""
        rarest = across.order[0]
        for seg, seg_entries in zip(segments, entries):
            slices = [[(seg.positions(i), w) for i, w in e] for e in seg_entries]
            size = sum(len(p) for p, _ in slices[rarest])
            if not size:
                continue
            if bounded and size > ANCHOR_CAP:
                return True
            phrases = across.anchored[id(seg)] = self._anchored(seg, plans, slices, [rarest])
            if phrases.full.any():
                return True
        return False

    def score(self, seg: Segment, plans: list[TermPlan], entries: list[list[tuple[int, float]]], across: AcrossSegments,
              fallback: bool, prune: int | None, split: bool = False) -> Scored | None:
        """Score the candidates of one segment (``entries``: each term's words
        found in it).  Candidates are the documents with every term or a
        (near-)phrase; with ``fallback``, any document holding one of the two
        rarest terms (then those with the most terms win).  Each gets its
        tier's level (``split``: the variant with joined syllables split, see
        :func:`tier_levels`), added to its score.

        With ``prune``: when at least that many candidates hold the query as an
        exact phrase, only those are scored (no other can outrank them) and the
        rest are only counted."""
        state, allowed_docs = self.state, self.allowed_docs
        slices = [[(seg.positions(i), w) for i, w in e] for e in entries]
        dense = Dense(self._doc_counts, seg, entries)
        order = across.order
        by_size = [i for i in order if slices[i]]  # the terms found here, rarest in the index first
        if not by_size:
            return None
        sizes = [sum(len(p) for p, _ in slices[i]) for i in order[:2]]
        bounded = prune is not None and not fallback and len(plans) >= 2
        if bounded and sizes[0] > ANCHOR_CAP:
            return self._bounded(seg, plans, slices, order, by_size, prune, dense, None, split)
        first = None
        if bounded and len(sizes) > 1 and sizes[1] > ANCHOR_CAP:
            # Phrases on the rarest term are cheap; without one, near-phrases
            # would be looked for at every position of a common second term.
            if across.two_anchors:
                # No phrase holds the rarest term as a word it looks up: its slot
                # can only be a completion found in the stream or a pinned typo.
                cap = PREFIX_WEIGHT if plans[order[0]].wider else TYPO_WEIGHT
                return self._bounded(seg, plans, slices, order, by_size, prune, dense, (order[0], cap), split)
            first = self._phrases(seg, plans, slices, across)
        phrases = first if first is not None else self._phrases(seg, plans, slices, across)
        # Terms expanded to many common words (a short prefix): their words are
        # only counted in the documents that may rank (see score_lazily).
        lazy = set() if prune is None or fallback else {i for i in range(len(plans)) if dense.lazy(i)}
        if fallback:
            cand = documents(seg, [p for i in order[:2] for p, _ in slices[i]])
        else:
            cand = documents_with_all(seg, slices, by_size, dense, lazy) if len(by_size) == len(plans) else np.zeros(0, np.int64)
            with_all = cand
            if phrases is not None:
                cand = distinct_docs(seg, np.concatenate([cand, phrases.matching_docs()]))
        if allowed_docs is not None:
            cand = cand[np.isin(cand + seg.doc_base, allowed_docs)]
        if len(cand) == 0:
            return None
        allowed = group_ok(seg, cand, plans, slices, self._known) & ~excluded(seg, cand, self._excluded)
        if not fallback and not allowed.all():
            # Outside the fallback every candidate is strict (every term, or a phrase), so
            # one not allowed (its joined syllables apart, an excluded phrase in it) is never
            # a hit, nor can its row outweigh another variant's: it is neither tiered nor scored.
            cand, allowed = cand[allowed], allowed[allowed]
            if len(cand) == 0:
                return None
        levels = tier_levels(seg, cand, plans, slices, by_size, phrases, split, self._near_bits)
        unscored = np.zeros(0, dtype=np.int64)
        unscored_levels = np.zeros(0, dtype=np.int8)
        if prune is not None and not fallback and phrases is not None:
            exact = among(cand, phrases.exact_docs()) & allowed
            if exact.sum() >= prune:
                unscored = cand[allowed & ~exact] + seg.doc_base
                unscored_levels = levels[allowed & ~exact]
                cand, allowed, levels = cand[exact], allowed[exact], levels[exact]
        need_exact = len(unscored) == 0
        if lazy:
            scored = score_lazily(seg, cand, allowed, plans, slices, phrases, state, dense, lazy, need_exact, prune, with_all, levels)
            if scored is not None:
                return Scored(scored.docs, scored.scores, scored.present, scored.strict, scored.allowed,
                              np.concatenate([unscored, scored.unscored]), scored.levels,
                              np.concatenate([unscored_levels, scored.unscored_levels]))
        features = DocFeatures(seg, cand, plans, slices, need_exact=need_exact, dense=dense)
        if phrases is not None:
            features.add_phrases(phrases)
        scores = features.scores(state) + tier_offset(levels)
        return Scored(cand + seg.doc_base, scores, features.present_count(), features.strict(), allowed, unscored, levels, unscored_levels)

    def _bounded(
        self,
        seg: Segment,
        plans: list[TermPlan],
        slices,
        rarest_first: list[int],
        by_size: list[int],
        limit: int,
        dense: Dense,
        rare_cap: tuple[int, float] | None,
        split: bool,
    ) -> Scored | None:
        """Score a query whose every term is common (millions of would-be phrase
        starts): document-level signals for every document first, then phrases
        only in the documents whose upper bound (every positional signal at its
        best) can reach the top ``limit``, widening until the ``limit``-th true
        score beats every bound left.  The top is the one a full pass gives;
        documents left unchecked that hold every term are counted as matches;
        of those that miss one word (they may hold a near-phrase),
        the share found among the checked ones, so the total is then an estimate
        (and so are the tier counts: unchecked documents count as scattered).
        ``rarest_first``: the query's terms found in the index, rarest first
        (phrases are anchored on the first, or the first two with ``rare_cap``);
        ``by_size``: those of them found in this segment."""
        state, allowed_docs = self.state, self.allowed_docs
        n = len(plans)
        everything = DocFeatures(seg, np.arange(seg.doc_count), plans, slices, dense=dense)
        wider = np.array([plan.wider for plan in plans])[:, None]
        possible = (everything.best > 0) | wider
        missing = n - possible.sum(axis=0)
        pool = np.flatnonzero(missing <= 1)
        if allowed_docs is not None:
            pool = pool[np.isin(pool + seg.doc_base, allowed_docs)]
        if len(pool) == 0:
            return None
        pool = pool[group_ok(seg, pool, plans, slices, self._known) & ~excluded(seg, pool, self._excluded)]
        if len(pool) == 0:
            return None
        features = everything if len(pool) == seg.doc_count else everything.subset(pool)
        base = features.scores(state)
        # The best tier a document can reach: phrase with every word, near with one missing.
        best_level = np.where(missing[pool] == 0, LEVELS[NEAR if split else PHRASE], LEVELS[NEAR])
        bound = base + positional_bound(features, missing[pool], rare_cap) + tier_offset(best_level)
        order = StableOrder(-bound)
        # Anchored on the rarest term only, as a full pass does when a phrase
        # holds it somewhere (with a word that common, one surely does); on the
        # two rarest when none does anywhere (see AcrossSegments).
        anchor_terms = 2 if rare_cap is not None else 1
        done = 0
        batch = BOUNDED_FIRST
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        best = np.zeros(0)  # the best ``limit`` strict scores so far
        best_exact = np.zeros(0)  # the same among documents with the exact phrase
        while done < len(pool):
            # The next documents by bound (in document order, as the phrase code wants).
            chosen = np.sort(order[done : done + batch])
            done += len(chosen)
            docs = pool[chosen]
            sub = features.subset(chosen)
            phrases = self._phrases_within(seg, plans, slices, rarest_first[:anchor_terms], docs)
            sub.add_phrases(phrases)
            levels = tier_levels(seg, docs, plans, slices, by_size, phrases, split, self._near_bits)
            scores = sub.scores(state) + tier_offset(levels)
            strict = sub.strict()
            exact = among(docs, phrases.exact_docs())
            parts.append((chosen, scores, strict, sub.present_count(), exact, levels))
            best = best_few(np.concatenate([best, scores[strict]]), limit)
            best_exact = best_few(np.concatenate([best_exact, scores[exact]]), limit)
            if done < len(pool):
                # With ``limit`` exact phrases, only those rank (as in a full pass).
                top = best_exact if len(best_exact) >= limit else best
                if len(top) >= limit and top.min() > bound[order[done]]:
                    break
            batch *= 4
            if done + 2 * batch >= len(pool):
                batch = len(pool) - done  # nearly all left: one pass costs less than two
        chosen = np.concatenate([p[0] for p in parts])
        scores = np.concatenate([p[1] for p in parts])
        strict = np.concatenate([p[2] for p in parts])
        present = np.concatenate([p[3] for p in parts])
        exact = np.concatenate([p[4] for p in parts])
        levels = np.concatenate([p[5] for p in parts])
        unchecked = np.ones(len(pool), dtype=bool)
        unchecked[chosen] = False
        one_off = missing[pool] == 1
        checked_off = one_off[chosen]
        share = float(strict[checked_off].mean()) if checked_off.any() else 1.0
        counted = np.zeros(0, dtype=np.int64)
        counted_levels = np.zeros(0, dtype=np.int8)
        if len(best_exact) >= limit:
            counted = pool[chosen[~exact & strict]]
            counted_levels = levels[~exact & strict]
            chosen, scores, strict, present, levels = chosen[exact], scores[exact], strict[exact], present[exact], levels[exact]
        docs = pool[chosen]
        guess = unchecked & one_off
        take = np.flatnonzero(guess)[: int(round(share * int(guess.sum())))]
        unscored = np.concatenate([pool[unchecked & ~one_off], pool[take], counted]) + seg.doc_base
        unscored_levels = np.concatenate([np.full(len(unscored) - len(counted), LEVELS[SCATTERED], dtype=np.int8), counted_levels])
        return Scored(docs + seg.doc_base, scores, present, strict, np.ones(len(docs), dtype=bool), unscored, levels, unscored_levels)

    def _phrases_within(self, seg: Segment, plans: list[TermPlan], slices, anchor_terms: list[int], docs: np.ndarray) -> AnchorPhrases:
        """Phrases anchored on ``anchor_terms`` in the given documents only: only
        those terms' positions there are read (the other words are looked up
        in the stream)."""
        local = list(slices)
        for i in anchor_terms:
            local[i] = [(within(seg, p, docs), w) for p, w in slices[i]]
        return self._anchored(seg, plans, local, anchor_terms)

    def _phrases(self, seg: Segment, plans: list[TermPlan], slices, across: AcrossSegments) -> AnchorPhrases | None:
        """Phrases anchored on the rarest term; on the two rarest if no phrase
        in the index holds the rarest (it may itself be the mistyped word)."""
        if len(plans) < 2:
            return None
        if across.two_anchors:
            rarest = across.anchored.get(id(seg))
            if rarest is not None:
                # Its anchors were read while deciding: only the second term's are read now.
                return rarest.joined(self._anchored(seg, plans, slices, across.order[1:2]))
            return self._anchored(seg, plans, slices, across.order[:2])
        found = across.anchored.get(id(seg))
        return found if found is not None else self._anchored(seg, plans, slices, across.order[:1])


def positional_bound(features: DocFeatures, missing: np.ndarray, rare_cap: tuple[int, float] | None) -> np.ndarray:
    """Most the phrase, run, title-phrase and diacritics signals can add to a
    document's document-level score: each slot at the best weight the
    document offers (one missing slot pinned as a typo at best); with
    ``rare_cap`` (term, weight), that term's slot weighs at most that."""
    plans = features.plans
    n = len(plans)
    wider = np.array([plan.wider for plan in plans])[:, None]
    slot = np.where(wider, np.maximum(features.best, PREFIX_WEIGHT), features.best)
    if rare_cap is not None:
        i, cap = rare_cap
        slot[i] = np.where(slot[i] > 0, np.minimum(slot[i], cap), 0.0)
    phrase = np.where(missing <= 1, (slot.sum(axis=0) + TYPO_WEIGHT * (missing == 1)) / n, 0.0)
    run_length = np.where(missing <= 1, n, n - missing)
    run = np.maximum(run_length - 1, 0) / max(n - 1, 1)
    in_title = ((features.title_tf > 0) | wider).sum(axis=0) >= n - 1
    title_phrase = (in_title & (missing <= 1)).astype(np.float64)
    extra = W_PHRASE * phrase + W_RUN * run + W_TITLE_PHRASE * title_phrase
    accented = [i for i, plan in enumerate(plans) if plan.term.accented]
    if accented:
        presence = features.exact[accented].mean(axis=0)
        extra = extra + W_DIACRITICS * np.where(missing <= 1, 1.0 - presence, 0.0)
    return extra + 1e-9
