from django.contrib import admin

from casework.admin import CouncilScopedAdmin

from .models import ContactPoint, Pledge, Principle, Promise, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "title", "applies_to"]
    show_change_link = True


class PrincipleInline(admin.TabularInline):
    model = Principle
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(CouncilScopedAdmin):
    list_display = ["title", "council", "version", "in_force_from"]
    inlines = [SectionInline, PrincipleInline]


class PromiseInline(admin.StackedInline):
    model = Promise
    extra = 0
    fields = ["order", "title", "text", "depth", "applies_to", "measure_rule", "measure_params"]


@admin.register(Section)
class SectionAdmin(CouncilScopedAdmin):
    council_lookup = "pledge__council"
    list_display = ["title", "pledge", "order", "applies_to"]
    inlines = [PromiseInline]


@admin.register(ContactPoint)
class ContactPointAdmin(CouncilScopedAdmin):
    list_display = ["name", "kind", "council", "phone", "email", "min_age", "max_age"]
    list_filter = ["kind", "council"]
