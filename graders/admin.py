"""Django admin: operators see which courses have a certificate policy, and what it says.

Policies are loaded with `hocvuso policy load` (checked against the course tree); the admin only shows
them, so nothing unchecked reaches intake.
"""

from django.contrib import admin

from graders.models import Agency, AgencyOfficer, CoursePolicy


@admin.register(CoursePolicy)
class CoursePolicyAdmin(admin.ModelAdmin):
    list_display = ("course_id", "source", "loaded_at")
    search_fields = ("course_id",)
    readonly_fields = ("course_id", "document", "structure", "source", "loaded_at")

    def has_add_permission(self, request) -> bool:
        return False  # `hocvuso policy load` checks a policy against its course before storing it

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class AgencyOfficerInline(admin.TabularInline):
    model = AgencyOfficer
    extra = 1
    raw_id_fields = ("user",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """Operators create agencies and name their officers; officers import staff lists on their own page."""

    list_display = ("name", "course_id", "parent")
    search_fields = ("name",)
    raw_id_fields = ("parent",)
    inlines = [AgencyOfficerInline]
