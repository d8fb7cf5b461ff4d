"""How credits are printed: the one place that knows the newspaper's conventions."""

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


def byline_line(bylines):
    """``长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟`` from bylines in print order.

    Consecutive people with the same organisation and role share one prefix;
    an organisation is printed only where it changes, as papers print it.
    """
    groups = []
    printed_org = ""
    for (org, role), members in groupby(
        bylines, key=lambda b: (b.contributor.organisation, b.credited_role)
    ):
        names = " ".join(b.contributor.name for b in members)
        prefix = org if org and org != printed_org else ""
        printed_org = org or printed_org
        groups.append(f"{prefix}{role.printed}{names}")
    return " ".join(groups)
