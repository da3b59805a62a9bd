"""Interface strings of Django's admin and of django-simple-history that their own Greek
catalogues lack (Django 5.2, django-simple-history 3). Marked here so that `makemessages` keeps
them in our catalogue, which LOCALE_PATHS reads before the packages' own. The Greek admin scan
(tests/backoffice/test_greek_admin_has_no_english.py) fails when an upgrade brings a new one.
"""

from django.utils.translation import gettext_noop

STOCK_ADMIN_STRINGS = (
    # django/contrib/admin/templates/admin/color_theme_toggle.html
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    # admin/app_list.html, base.html, nav_sidebar.html
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Sidebar"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Show counts"),
    # django/contrib/admin/helpers.py and options.py (action check boxes)
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    # admin/widgets/related_widget_wrapper.html
    gettext_noop("View selected %(model)s"),
    # simple_history/templates/simple_history/object_history.html and models.py
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("Created"),
    # admin/auth/user/add_form.html and django/contrib/auth/forms.py (adding an account)
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. "
        "If disabled, they may still be able to authenticate using other backends, "
        "such as Single Sign-On or LDAP."
    ),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    # axes/models.py and django_tasks_db/models.py (the models' names in the admin)
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
)
