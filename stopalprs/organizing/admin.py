from django.contrib import admin

from stopalprs.audit.admin import AuditedAdmin
from stopalprs.organizing.models import Tag

# Organizers themselves are handled in /staff/organizers/, where every look is audited; the
# admin would show their details without an audit entry.
admin.site.register(Tag, AuditedAdmin)
