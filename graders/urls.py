"""graders' URLs (public verification endpoints, intake API, staff pages).

Mounted at the site root in the demo and under /hocvuso/ in the LMS; the DID document is served both
at .well-known/did.json (did:web of a host) and did.json (did:web of a path).
"""

from django.urls import path

from graders.agencies import views as agency_views
from graders.certificates import views as certificate_views
from graders.classes import views as class_views
from graders.pipeline import api
from graders.pipeline import views as pipeline_views

app_name = "graders"

urlpatterns = [
    path(".well-known/did.json", certificate_views.did_document, name="did-document"),
    path("did.json", certificate_views.did_document, name="did-document-path"),
    path("status/<int:list_id>", certificate_views.status_list, name="status-list"),
    path("certificates/<uuid:cert_id>.json", certificate_views.credential, name="credential"),
    path("certificates/<uuid:cert_id>/<str:token>.pdf", certificate_views.certificate_pdf, name="certificate-pdf"),
    path("verify/<uuid:cert_id>", certificate_views.verify_page, name="verify"),
    path("verify", certificate_views.verify_index, name="verify-index"),
    path("verify/", certificate_views.verify_index),
    path("achievements/<slug:key>", certificate_views.achievement, name="achievement"),
    # Other LMSs post progress here (HMAC-signed); staff read completion reports.
    path("api/intake/v1/progress", api.progress_intake, name="intake-progress"),
    path("staff/reports/completions", pipeline_views.completion_report, name="report-completions"),
    path("staff/classes/<int:class_id>/certificates.pdf", certificate_views.class_certificates_pdf,
         name="class-certificates-pdf"),
    # Agency officers: their staff list (graders.access decides which agency).
    path("staff/agencies/", agency_views.agency_index, name="agency-index"),
    path("staff/agencies/<int:agency_id>/", agency_views.agency_staff, name="agency-staff"),
    path("staff/agencies/<int:agency_id>/import", agency_views.agency_import, name="agency-import"),
    path("staff/agencies/<int:agency_id>/export.<str:fmt>", agency_views.agency_export, name="agency-export"),
    # Teachers' classes (graders.classes); learners join a class at vao-lop/ ("Vào lớp").
    path("staff/classes/", class_views.class_list, name="class-list"),
    path("staff/classes/<int:class_id>/", class_views.class_live, name="class-live"),
    path("staff/classes/<int:class_id>/live.json", class_views.class_live_json, name="class-live-json"),
    path("staff/classes/<int:class_id>/poster", class_views.class_poster, name="class-poster"),
    path("staff/classes/<int:class_id>/code", class_views.class_rotate, name="class-rotate"),
    path("staff/classes/<int:class_id>/roster", class_views.class_roster, name="class-roster"),
    path("staff/classes/<int:class_id>/cards", class_views.class_cards, name="class-cards"),
    path("staff/classes/<int:class_id>/reset", class_views.class_reset, name="class-reset"),
    path("vao-lop/", class_views.join, name="class-join"),
]
