"""Render the body of every existing story into body_html and body_toc.

From here on Article.save() keeps them current; this fills the rows written
before the fields existed. It renders with the site's real renderer
(articles.markup.stored_rendering), which needs only the body text, so it works
on the historical model. Rendering is not an edit: updated_at and version are
left alone.
"""

from django.db import migrations

BATCH = 200


def render_stored_bodies(apps, schema_editor):
    from articles.markup import stored_rendering

    Article = apps.get_model("articles", "Article")
    articles = Article.objects.using(schema_editor.connection.alias)
    # Batches by primary key, so that no cursor stays open over rows being updated.
    pks = list(articles.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        batch = list(articles.filter(pk__in=pks[start:start + BATCH]).only("pk", "body"))
        for article in batch:
            article.body_html, article.body_toc = stored_rendering(article.body)
        articles.bulk_update(batch, ["body_html", "body_toc"])


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0002_workflow_and_bounds"),
    ]

    operations = [
        # Going back leaves the renderings in place: 0002's reverse drops the fields.
        migrations.RunPython(render_stored_bodies, migrations.RunPython.noop),
    ]
