from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from klantbeeld.core.models import Topic, User

# The Provider admin lives in privacy/admin.py: a new organisation gets its processing
# register there, and core may not depend on privacy.


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "provider"]
    list_filter = ["provider"]
    search_fields = ["name", "code"]


@admin.register(User)
class EmployeeUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "provider", "is_active"]
    list_filter = ["provider", "groups", "is_active"]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Klantbeeld", {"fields": ("provider",)}))
