"""The project's admin site: Django's, with the desk dashboard on its index page.

It lives outside ``articles.admin`` on purpose: Django imports the default
site's class the first time anything registers a model, which happens while
``articles.admin`` itself is being imported.
"""

from django.contrib import admin


class NewsdeskAdminSite(admin.AdminSite):
    def index(self, request, extra_context=None):
        from articles.desk import dashboard

        context = {"desk_panels": dashboard(request.user, site_name=self.name)}
        return super().index(request, {**context, **(extra_context or {})})
