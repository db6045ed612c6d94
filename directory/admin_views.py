"""The admin upload form for CSV imports: same importer, same per-row report as the command."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.validators import FileExtensionValidator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from directory.importer import COLUMNS, REQUIRED, import_directory, read_csv

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Importing creates and updates therapists: the menu item and the view both ask for these.
IMPORT_PERMISSIONS = ["directory.add_therapist", "directory.change_therapist"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        validators=[FileExtensionValidator(["csv"])],
        help_text="One row per therapist and location, with a header row.",
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, label="Dry run: check the file and report, store nothing"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is over 20 MB: use manage.py import_directory.")
        header = upload.read(4096).decode("utf-8-sig", errors="replace").splitlines()[:1]
        upload.seek(0)
        columns = {c.strip().lower() for c in header[0].split(",")} if header else set()
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise forms.ValidationError(f"The header row lacks: {', '.join(missing)}.")
        return upload


class ImportView(WagtailAdminTemplateMixin, FormView):
    form_class = ImportForm
    template_name = "directory/admin/import.html"
    page_title = "Import directory"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            columns=COLUMNS, required=REQUIRED, action_url=reverse("directory_import:index")
        )
        return context

    def form_valid(self, form):
        report = import_directory(
            read_csv(form.cleaned_data["file"].file), dry_run=form.cleaned_data["dry_run"]
        )
        context = self.get_context_data(form=ImportForm(initial={"dry_run": True}), report=report)
        return TemplateResponse(self.request, self.template_name, context)
