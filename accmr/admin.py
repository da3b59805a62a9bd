"""People in the back office: member editors (coordinators manage them) and staff (superusers).

The rules, enforced here and tested from the coordinator's side:
- a coordinator sees and changes only accounts that are neither staff nor superuser;
- the forms a coordinator gets have no is_staff, is_superuser, groups or permissions
  fields, so posting them changes nothing;
- only superusers make or unmake coordinators (the actions below or the full form).
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accmr.models import User
from accmr.roles import COORDINATORS_GROUP
from members.models import EditorMembership


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeFormWithEmail(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class EditorMembershipInline(admin.TabularInline):
    model = EditorMembership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation"]
    verbose_name = _("organisation this person edits")
    verbose_name_plural = _("organisations this person edits")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeFormWithEmail
    add_form = UserCreationForm
    ordering = ("email",)
    search_fields = ("email", "full_name")
    list_display = ("email", "full_name", "role", "organisation_count", "two_factor", "is_active")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")
    readonly_fields = ("last_login", "date_joined")
    inlines = [EditorMembershipInline]
    actions = ["make_coordinator", "remove_coordinator"]

    superuser_fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    coordinator_fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name",)}),
        (_("Access"), {"fields": ("is_active",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .annotate(
                _organisations=Count("editor_memberships", distinct=True),
                _two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            )
        )
        if not request.user.is_superuser:
            queryset = queryset.filter(is_staff=False, is_superuser=False)
        return queryset

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return self.superuser_fieldsets if request.user.is_superuser else self.coordinator_fieldsets

    def get_list_filter(self, request):
        return self.list_filter if request.user.is_superuser else ("is_active",)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("make_coordinator", None)
            actions.pop("remove_coordinator", None)
        return actions

    def _is_protected(self, request, obj) -> bool:
        return (
            obj is not None and (obj.is_staff or obj.is_superuser) and not request.user.is_superuser
        )

    def has_view_permission(self, request, obj=None):
        return not self._is_protected(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._is_protected(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._is_protected(request, obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and (obj.is_staff or obj.is_superuser):
            # Belt and braces: the coordinator's forms cannot set these fields.
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    @admin.display(description=_("role"))
    def role(self, obj):
        if obj.is_superuser:
            return gettext("Superuser")
        if obj.is_staff:
            return gettext("Coordinator")
        if obj._organisations:
            return gettext("Member editor")
        return gettext("Account")

    @admin.display(description=_("organisations"), ordering="_organisations")
    def organisation_count(self, obj):
        return obj._organisations

    @admin.display(description=_("two-factor"), boolean=True, ordering="_two_factor")
    def two_factor(self, obj):
        return obj._two_factor

    @admin.action(description=_("Make the selected accounts coordinators"))
    def make_coordinator(self, request, queryset):
        group = Group.objects.get(name=COORDINATORS_GROUP)
        users = list(queryset)
        for user in users:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.groups.add(group)
        message = ngettext(
            "%(count)d account is now a coordinator. It must set up two-factor "
            "authentication at its next log-in.",
            "%(count)d accounts are now coordinators. Each must set up two-factor "
            "authentication at its next log-in.",
            len(users),
        ) % {"count": len(users)}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Remove the coordinator role from the selected accounts"))
    def remove_coordinator(self, request, queryset):
        group = Group.objects.get(name=COORDINATORS_GROUP)
        users = [user for user in queryset if not user.is_superuser]
        for user in users:
            user.is_staff = False
            user.save(update_fields=["is_staff"])
            user.groups.remove(group)
        message = ngettext(
            "%(count)d account is no longer a coordinator.",
            "%(count)d accounts are no longer coordinators.",
            len(users),
        ) % {"count": len(users)}
        self.message_user(request, message, messages.SUCCESS)
