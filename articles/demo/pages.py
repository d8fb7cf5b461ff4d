"""The demo paper's own pages: 关于我们 and 联系我们, found again by slug on every run."""

from articles.markup import compose
from articles.models import InfoPage

PAGES = (
    ("about", "关于我们", 10, [
        ("p", "本站是一家城市日报的新闻网站（演示内容），"
              "刊发本地要闻、经济、文化、体育与民生报道。"),
        ("h", "我们的新闻"),
        ("p", "每篇稿件经编辑审核后发布；发现差错，我们在稿件末尾刊登更正。"),
        ("h", "转载说明"),
        ("p", "转载本站稿件请注明来源并保留作者署名。"),
    ]),
    ("contact", "联系我们", 20, [
        ("p", "新闻热线：027-12345678（示例号码）"),
        ("p", "电子邮箱：newsroom@example.com"),
        ("p", "地址：湖北省武汉市江汉区示例路1号"),
        ("h", "读者来信"),
        ("p", "欢迎提供新闻线索、批评与建议。我们会在两个工作日内答复。"),
    ]),
)


def ensure_info_pages():
    """Create the demo's pages when missing; an existing page keeps an editor's changes."""
    created = 0
    for slug, title, order, blocks in PAGES:
        _page, made = InfoPage.objects.get_or_create(
            slug=slug, defaults={"title": title, "order": order, "body": compose(blocks)},
        )
        created += made
    return created
