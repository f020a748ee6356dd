"""graders' URLs (public verification endpoints, intake API, staff pages).

Mounted at the site root in the demo and under /hocvuso/ in the LMS; the DID document is served both
at .well-known/did.json (did:web of a host) and did.json (did:web of a path).
"""

from django.urls import path

from graders import api, views_pipeline, views_public

app_name = "graders"

urlpatterns = [
    path(".well-known/did.json", views_public.did_document, name="did-document"),
    path("did.json", views_public.did_document, name="did-document-path"),
    path("status/<int:list_id>", views_public.status_list, name="status-list"),
    path("certificates/<uuid:cert_id>.json", views_public.credential, name="credential"),
    path("certificates/<uuid:cert_id>/<str:token>.pdf", views_public.certificate_pdf, name="certificate-pdf"),
    path("verify/<uuid:cert_id>", views_public.verify_page, name="verify"),
    path("achievements/<slug:key>", views_public.achievement, name="achievement"),
    # Other LMSs post progress here (HMAC-signed); staff read completion reports.
    path("api/intake/v1/progress", api.progress_intake, name="intake-progress"),
    path("staff/reports/completions", views_pipeline.completion_report, name="report-completions"),
]
