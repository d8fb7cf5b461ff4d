"""How credits are printed: the one place that knows the newspaper's conventions."""

from dataclasses import dataclass
from itertools import groupby

from .models import CreditVerb, Role


def photo_credit(photo):
    """``记者何晓刚 摄``, ``受访者供图``, ``新华社发``; empty when nobody is credited."""
    contributor = photo.credit_contributor
    name = contributor.name if contributor else photo.credit_name
    if not name:
        return ""
    role = photo.credit_role or (contributor.default_role if contributor else "")
    role_word = Role(role).printed if role else ""
    # Only 摄 is set off by a space in print; 供图 and 发 follow the name directly.
    separator = " " if photo.credit_verb == CreditVerb.TOOK else ""
    return f"{role_word}{name}{separator}{photo.credit_verb}"


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
