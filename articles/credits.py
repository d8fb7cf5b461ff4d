"""How credits are printed: the one place that knows the newspaper's conventions."""

import re
from dataclasses import dataclass, replace
from itertools import groupby

from .models import CreditVerb, Role
from .models.contributors import PRINTED_ROLE_WORDS

# How each verb follows the name in print: 摄 and 供图 are set off by a space,
# 发 and 资料图 run on (新华社发, 新华社资料图); no verb prints nothing.
_VERB_SEPARATORS = {
    CreditVerb.TOOK: " ",
    CreditVerb.PROVIDED: " ",
    CreditVerb.RELEASED: "",
    CreditVerb.FILE: "",
    CreditVerb.NONE: "",
}

# Longest first, so a verb that ends another (none does today) cannot cut it short.
_VERBS_BY_LENGTH = sorted(
    (verb for verb in CreditVerb if verb), key=lambda verb: len(verb.value), reverse=True
)

_ROLES_BY_WORD = {word: role for role, word in PRINTED_ROLE_WORDS.items()}

# The leftmost role word is the role: 摄影记者 and 全媒体记者 start before the 记者
# they end with, so they win. Longest first too, should a role word ever begin
# another. 摄影 alone is no role word, so 摄影李涛 stays a name.
_ROLE_WORD = re.compile(
    "|".join(re.escape(word) for word in sorted(_ROLES_BY_WORD, key=len, reverse=True))
)

# Desks print a credit in brackets after a caption: （新华社发）.
_OPENING_BRACKETS = "（("
_CLOSING_BRACKETS = "）)"


@dataclass(frozen=True)
class Credit:
    """A photo credit as its parts: ``新华社`` + ``reporter`` + ``李涛`` + ``摄``.

    ``role`` is a ``Role`` value or ""; ``verb`` a ``CreditVerb`` value.
    """

    organisation: str = ""
    role: str = ""
    name: str = ""
    verb: str = CreditVerb.TOOK

    def with_role(self, role) -> "Credit":
        return replace(self, role=role)

    def with_verb(self, verb) -> "Credit":
        return replace(self, verb=verb)


def credit_of(photo) -> Credit:
    """The photo's credit; a contributor without a credited role prints their own role."""
    contributor = photo.credit_contributor
    role = photo.credit_role or (contributor.default_role if contributor else "")
    return Credit(
        organisation=photo.credit_organisation,
        role=role,
        name=contributor.name if contributor else photo.credit_name,
        verb=photo.credit_verb,
    )


def _printed_parts(credit: Credit) -> tuple[str, str, str]:
    """(before the name, the name, after the name); they join into the printed credit."""
    if not (credit.name or credit.organisation):
        # Nobody to credit: only a file photo still says so (资料图); a role
        # with nobody in it would be a bare 记者, which the paper never prints.
        return ("", "", credit.verb) if credit.verb == CreditVerb.FILE else ("", "", "")
    role_word = Role(credit.role).printed if credit.role else ""
    verb = CreditVerb(credit.verb)
    after = f"{_VERB_SEPARATORS[verb]}{verb.value}" if verb else ""
    return f"{credit.organisation}{role_word}", credit.name, after


def print_credit(credit: Credit) -> str:
    """``记者何晓刚 摄``, ``受访者 供图``, ``新华社发``, ``资料图``, ``视觉中国``; "" for nobody.

    An organisation is printed straight before the role word (新华社记者李涛 摄).
    """
    return "".join(_printed_parts(credit))


def parse_credit(text: str) -> Credit | None:
    """The ``Credit`` a printed credit line says, or None for blank text.

    The inverse of ``print_credit``, and tolerant of how desks type credits:
    any whitespace (full-width space, no-break space, several spaces) counts as
    one space; 摄 and 供图 may follow the name directly (记者何晓刚摄) and 发 or
    资料图 after a space; the whole credit may sit in brackets (（新华社发）).

    The verb is read off the end, then the leftmost role word, the longest one
    at that place (摄影记者 before 记者): what precedes it is the organisation,
    what follows is the name. Without a role word everything left is the name,
    as for an agency (新华社发, 视觉中国, 受访者 供图).

    ``parse_credit(print_credit(c)) == c`` for every credit printed
    unambiguously, that is whose name and organisation hold no role word (nor
    make one with the role word after them: 摄影 + 记者) and whose
    organisation stands before a role word: with no role an organisation
    runs into the name (新华社李涛 摄 reads as the name 新华社李涛, and 新华社发
    as the agency's name). The one ambiguous case beyond that: a name ending in
    a verb word printed with no verb. An agency 王发 credited with
    ``CreditVerb.NONE`` prints 王发 and reads back as 王 with the verb 发 (so
    would 王摄, 王供图, 王资料图): a line ending in a verb almost always is one.
    """
    text = re.sub(r"\s+", " ", text or "").strip()  # \s covers U+3000 and U+00A0 too
    if (
        len(text) >= 2
        and text[0] in _OPENING_BRACKETS
        and text[-1] in _CLOSING_BRACKETS
        # Only a pair around the whole credit: (新华社)发 is not bracketed.
        and not any(c in _OPENING_BRACKETS + _CLOSING_BRACKETS for c in text[1:-1])
    ):
        text = text[1:-1].strip()
    if not text:
        return None
    verb = next((v for v in _VERBS_BY_LENGTH if text.endswith(v.value)), CreditVerb.NONE)
    if verb:
        text = text.removesuffix(verb.value).rstrip()
    match = _ROLE_WORD.search(text)
    if match is None:
        return Credit(name=text, verb=verb)
    return Credit(
        organisation=text[: match.start()].strip(),
        role=_ROLES_BY_WORD[match.group()],
        name=text[match.end() :].strip(),
        verb=verb,
    )


def photo_credit(photo) -> str:
    """The photo's printed credit (``记者何晓刚 摄``); empty when nobody is credited."""
    return print_credit(credit_of(photo))


def credit_parts(photo) -> tuple[str, str, str]:
    """The printed credit as (before the name, the name, after the name).

    A page links just the name: ``记者`` + ``<a>何晓刚</a>`` + `` 摄``.
    """
    return _printed_parts(credit_of(photo))


@dataclass(frozen=True)
class BylineGroup:
    """People printed under one prefix: ``长江日报记者`` + ``杨蔚 覃柳玮``."""

    prefix: str
    bylines: tuple

    @property
    def names(self):
        return [byline.contributor.name for byline in self.bylines]


def byline_groups(bylines):
    """Bylines in print order, grouped as the paper prints them.

    Consecutive people with the same organisation and role share one prefix;
    an organisation is printed only where it changes.
    """
    groups = []
    printed_org = ""
    for (org, role), members in groupby(
        bylines, key=lambda b: (b.contributor.organisation, b.credited_role)
    ):
        prefix = org if org and org != printed_org else ""
        printed_org = org or printed_org
        groups.append(BylineGroup(f"{prefix}{role.printed}", tuple(members)))
    return groups


def byline_line(bylines):
    """``长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟`` from bylines in print order."""
    return " ".join(group.prefix + " ".join(group.names) for group in byline_groups(bylines))


def editor_line(contributor):
    """The responsible editor as the paper prints it: ``【编辑:赵可】``."""
    return f"【{Role.EDITOR.printed}:{contributor.name}】"
