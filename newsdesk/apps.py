from django.contrib.admin.apps import AdminConfig


class NewsdeskAdminConfig(AdminConfig):
    """django.contrib.admin, with the newsroom's site (the desk dashboard) as admin.site."""

    default_site = "newsdesk.admin_site.NewsdeskAdminSite"
