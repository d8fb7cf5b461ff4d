"""axe-core on the reader's main pages, in light and dark colours."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from .pages import SAMPLE

BLOCKING = {"serious", "critical"}
PAGES = {
    "home": "/",
    "article": SAMPLE,
    "section": "/section/wuhan/",
    "search": "/search/?q=武昌",
    "archive": "/archive/2024/01/20/",
    "about": "/about/about/",
}


def describe(violations):
    """Every violation found, with its nodes, for the failure message."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            lines.append(f"    {json.dumps(node['target'], ensure_ascii=False)}")
            lines.append(f"      {node['html'][:300]}")
            lines.append(f"      {node.get('failureSummary', '').replace(chr(10), ' ')}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(reader, name, scheme):
    """axe-core finds no violation of impact serious or critical (all rules in light colours,
    contrast again in dark ones); all it finds is printed."""
    page = reader.page
    page.emulate_media(color_scheme=scheme)
    reader.goto(PAGES[name])
    # Dark colours change contrast only: the other rules' findings would be the light run's.
    options = {"resultTypes": ["violations"]}
    if scheme == "dark":
        options["runOnly"] = {"type": "rule", "values": ["color-contrast"]}
    violations = Axe().run(page, options=options).response["violations"]
    if violations:
        print(describe(violations))
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {PAGES[name]} ({scheme}):\n{describe(violations)}"
