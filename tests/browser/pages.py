"""What the browser tests know of the demo newsroom and of the site's controls."""

import re

# The demo's sample story (seed/wuchang-2024-01-20.txt): its permalink id never changes.
SAMPLE = "/a/41c86c4e/"
SAMPLE_SUBHEADS = [
    "130多家数字经济核心企业聚集",
    "一年招引200多家涉碳机构企业",
    "打造更加宜居韧性智慧的现代城区",
]
# Pieces of its summary, text, a subhead and a caption, as the page shows them.
SAMPLE_TEXTS = [
    "新年伊始,位于武昌区徐东大街",
    "1月19日,市人大代表、武昌区委书记余松做客长江日报",
    SAMPLE_SUBHEADS[0],
    "武昌滨江数创走廊。",
]
LANGUAGE_CONTROL = re.compile(r"^(Language|语言)$", re.I)
SWITCH_BUTTON = re.compile(r"^(Switch|切换)", re.I)
LANGUAGE_CODES = {"English": "en", "简体中文": "zh-hans"}


def switch_language(page, name):
    """Chooses a language by its own name, whether the switch is links or a form.

    Links (one per language, named in that language) are tried first; otherwise the
    form's labelled list and its submit button.
    """
    link = page.get_by_role("link", name=name, exact=True)
    if link.count():
        link.first.click()
        return
    page.get_by_role("combobox", name=LANGUAGE_CONTROL).select_option(LANGUAGE_CODES[name])
    page.get_by_role("button", name=SWITCH_BUTTON).click()
