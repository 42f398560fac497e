"""The children: who they are (date of birth, sex, ethnicity, disability, UPN), and ssd_person."""

from __future__ import annotations

import numpy as np

from csc_insight.synth import codes
from csc_insight.synth.context import Ctx
from csc_insight.synth.sink import Emitter
from csc_insight.synth.vec import pick

#: Relative chance of each age (0–17) when a child first comes to the front door.
FIRST_AGE = np.array([12, 4.5, 4.5, 4.5, 4.5, 4.8, 4.8, 4.8, 4.8, 4.8,
                      5.7, 5.7, 5.7, 5.7, 5.7, 5.7, 5.5, 4.5])  # fmt: skip
UASC_AGE = np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 20, 35, 30, 10])

#: UPN check letters (DfE): the weighted sum of characters 2–13 modulo 23 picks the letter.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
#: Recognised "pseudo-LA" codes that a synthetic UPN may carry (no real council's number).
UPN_PSEUDO_LA = (1, 2, 3, 4, 5)

_FIELDS = ("dob", "sex", "eth", "disabled", "uasc", "nat")


class People:
    """A growing register of children; person numbers start at 1."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("people")
        self.n = 0
        cap = 1024
        self.dob = np.zeros(cap, dtype=np.int64)
        self.sex = np.zeros(cap, dtype=np.int8)  # 0 M, 1 F
        self.eth = np.zeros(cap, dtype=np.int16)
        self.disabled = np.zeros(cap, dtype=bool)
        self.uasc = np.zeros(cap, dtype=bool)
        self.nat = np.full(cap, -1, dtype=np.int16)

    def _grow(self, need: int) -> None:
        cap = self.dob.size
        if need <= cap:
            return
        while cap < need:
            cap *= 2
        for name in _FIELDS:
            old = getattr(self, name)
            new = np.full(cap, -1 if name == "nat" else 0, dtype=old.dtype)
            new[: old.size] = old
            setattr(self, name, new)

    def new(self, at: np.ndarray, kind: str = "child") -> np.ndarray:
        """New children first known on days ``at``; returns their person numbers (index + 1)."""
        at = np.asarray(at, dtype=np.int64)
        k = at.size
        rng = self.rng
        self._grow(self.n + 1 + k)
        idx = np.arange(self.n + 1, self.n + 1 + k)
        uasc = kind == "uasc"
        ages = pick(rng, UASC_AGE if uasc else FIRST_AGE, k)
        age_days = np.floor((ages + rng.random(k)) * 365.25).astype(np.int64)
        self.dob[idx] = at - age_days
        if uasc:
            self.sex[idx] = (rng.random(k) < 0.08).astype(np.int8)
            self.eth[idx] = _uasc_eth(pick(rng, list(codes.UASC_ETHNICITY.values()), k))
            self.nat[idx] = pick(rng, list(codes.UASC_NATIONALITY.values()), k)
            self.uasc[idx] = True
        else:
            self.sex[idx] = (rng.random(k) < 0.48).astype(np.int8)
            self.eth[idx] = pick(rng, list(codes.ETHNICITY.values()), k)
            self.disabled[idx] = rng.random(k) < 0.07
        self.n += k
        return idx

    def write(self, em: Emitter) -> None:
        """ssd_person and ssd_disability for every child some written record refers to."""
        p = em.used_people()
        rng = self.ctx.rng("people-write")
        n = p.size
        dob = self.dob[p]
        ctx = self.ctx
        age_at_end = (ctx.w1 - dob) / 365.25
        has_upn = np.where(self.uasc[p], rng.random(n) < 0.3, rng.random(n) < 0.93) & (
            age_at_end >= 4
        )
        eth_labels = list(codes.ETHNICITY)
        nat_labels = ["British", *codes.UASC_NATIONALITY]
        nat = np.where(self.nat[p] >= 0, self.nat[p] + 1, np.where(rng.random(n) < 0.6, 0, -1))
        send = self.disabled[p] | (rng.random(n) < 0.12)
        upn_la = np.asarray(UPN_PSEUDO_LA)[p % len(UPN_PSEUDO_LA)]
        if int(ctx.la_code) in UPN_PSEUDO_LA:
            upn_la[:] = int(ctx.la_code)
        # LA, establishment, year, serial: distinct children get distinct UPNs
        upn_body = (
            upn_la * 10**9
            + (1000 + (p // 1000) % 9000) * 10**5
            + (1975 + dob // 365) % 100 * 1000
            + p % 1000
        )
        letter = _upn_check(upn_body)
        rows = em.rows("ssd_person", n)
        rows.person("pers_person_id", p)
        rows.sql(
            "pers_upn",
            "CASE WHEN {has} THEN substr('" + UPN_LETTERS + "', {l} + 1, 1) "
            "|| lpad(CAST({b} AS VARCHAR), 12, '0') END",
            has=has_upn,
            l=letter,
            b=upn_body,
        )
        rows.code("pers_upn_unknown", ["UN2"], np.where(has_upn, -1, 0))
        rows.code("pers_sex", ["M", "F"], self.sex[p])
        rows.code("pers_gender", ["Male", "Female"], self.sex[p])
        rows.code("pers_ethnicity", eth_labels, self.eth[p])
        rows.date("pers_dob", dob)
        rows.code("pers_send_flag", ["Y", "N"], np.where(send, 0, 1))
        rows.code("pers_nationality", nat_labels, nat)
        em.write(rows)

        # disabilities: one to three codes per disabled child
        dis = p[self.disabled[p]]
        k = np.where(rng.random(dis.size) < 0.7, 1, np.where(rng.random(dis.size) < 0.83, 2, 3))
        who = np.repeat(dis, k)
        code = pick(rng, list(codes.DISABILITY.values()), who.size)
        keep = _first(who, code)
        labels = list(codes.DISABILITY)
        rows = em.rows("ssd_disability", int(keep.sum()))
        rows.sql(
            "disa_table_id",
            f"printf('{em.prefix}P%07d-', {{p}}) || {{c}}",
            p=who[keep],
            c=np.asarray(labels, dtype=object)[code[keep]].astype(str),
        )
        rows.person("disa_person_id", who[keep])
        rows.code("disa_disability_code", labels, code[keep])
        em.write(rows)


def _uasc_eth(uasc_idx: np.ndarray) -> np.ndarray:
    labels = list(codes.ETHNICITY)
    uasc_labels = list(codes.UASC_ETHNICITY)
    return np.array([labels.index(c) for c in uasc_labels], dtype=np.int16)[uasc_idx]


def _first(who: np.ndarray, code: np.ndarray) -> np.ndarray:
    key = who * 100 + code
    _, first = np.unique(key, return_index=True)
    mask = np.zeros(key.size, dtype=bool)
    mask[first] = True
    return mask


def _upn_check(body: np.ndarray) -> np.ndarray:
    """Check letter index for the 12 digits after it (weights 2..13 by position)."""
    total = np.zeros(body.size, dtype=np.int64)
    rest = body.copy()
    for pos in range(13, 1, -1):  # last digit is character 13
        total += (rest % 10) * pos
        rest //= 10
    return total % 23
