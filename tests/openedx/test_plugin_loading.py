"""The graders plugin loaded the way edx-platform loads it (edx_django_utils.plugins), under master's pins.

No edx-platform here: tests/openedx/lms_common.py and lms_production.py are settings modules shaped like
lms/envs/common.py and production.py (plugin apps, then common settings, then production settings on a
module that already holds common's values), lms_urls.py like lms/urls.py.
"""

from __future__ import annotations

import sys
import types
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from edx_django_utils.plugins import add_plugins, get_plugin_apps

LMS, CMS = "lms.djangoapp", "cms.djangoapp"


def _settings_module(name: str, values: dict) -> types.ModuleType:
    module = types.ModuleType(name)
    vars(module).update(values)
    sys.modules[name] = module
    return module


def _lms_settings(operator_yaml: dict, monkeypatch) -> types.ModuleType:
    """common, then (like `from .common import *` + the operator's YAML) production on a new module."""
    for name in [name for name in vars(settings._wrapped) if name.startswith("HOCVUSO_")]:
        monkeypatch.delenv(name, raising=False)
    common = _settings_module("hocvuso_test_lms_common", {"SECRET_KEY": "x"})
    add_plugins(common.__name__, LMS, "common")
    production = _settings_module("hocvuso_test_lms_production",
                                  {k: v for k, v in vars(common).items() if k.isupper()})
    vars(production).update(operator_yaml)
    add_plugins(production.__name__, LMS, "production")
    return production


def test_the_lms_finds_graders_as_a_plugin_app():
    assert "graders.apps.GradersConfig" in get_plugin_apps(LMS)
    assert "graders.apps.GradersConfig" in settings.INSTALLED_APPS


def test_production_fetches_did_web_documents_over_https_only(monkeypatch):
    """Production must not keep the demo's plain-http hosts (localhost, 127.0.0.1): a did:web document
    fetched over http from there could be anyone's."""
    production = _lms_settings({}, monkeypatch)
    assert production.HOCVUSO_DID_WEB_HTTP_HOSTS == []
    assert settings.HOCVUSO_DID_WEB_HTTP_HOSTS == []  # the suite's own production-shaped settings


def test_production_keeps_the_hosts_an_operator_set(monkeypatch):
    production = _lms_settings({"HOCVUSO_DID_WEB_HTTP_HOSTS": ["issuer.intranet"]}, monkeypatch)
    assert production.HOCVUSO_DID_WEB_HTTP_HOSTS == ["issuer.intranet"]


def test_common_settings_keep_what_the_operator_set(monkeypatch):
    production = _lms_settings({"HOCVUSO_ISSUER_NAME": "Sở GD&ĐT thử nghiệm"}, monkeypatch)
    assert production.HOCVUSO_ISSUER_NAME == "Sở GD&ĐT thử nghiệm"
    assert production.HOCVUSO_DELIVERY_MAX_ATTEMPTS == 10  # a default filled in


@pytest.mark.django_db
def test_plugin_urls_are_mounted_under_hocvuso(client):
    assert reverse("graders:did-document") == "/hocvuso/.well-known/did.json"
    assert reverse("graders:intake-progress") == "/hocvuso/api/intake/v1/progress"
    response = client.get("/hocvuso/achievements/no-such-achievement")
    assert response.status_code == 404  # routed to graders' view, which knows no such achievement


def test_django_system_checks_pass():
    out = StringIO()
    call_command("check", fail_level="WARNING", stdout=out)
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_migrations_apply_and_match_the_models():
    out = StringIO()
    call_command("showmigrations", "graders", stdout=out)
    lines = [line.strip() for line in out.getvalue().splitlines()[1:]]
    assert lines and all(line.startswith("[X]") for line in lines), out.getvalue()
    call_command("makemigrations", "graders", check=True, dry_run=True, stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_migrate_from_an_empty_database_and_back():
    call_command("migrate", "graders", "zero", verbosity=0)
    call_command("migrate", "graders", verbosity=0)


def test_studio_loads_graders_too_without_urls(monkeypatch):
    """Studio (cms.djangoapp) gets the app and its settings (policies are stored where a course is
    imported); the public pages stay in the LMS."""
    from edx_django_utils.plugins import get_plugin_url_patterns

    assert "graders.apps.GradersConfig" in get_plugin_apps(CMS)
    assert get_plugin_url_patterns(CMS) == []
    common = _settings_module("hocvuso_test_cms_common", {})
    add_plugins(common.__name__, CMS, "common")
    add_plugins(common.__name__, CMS, "production")
    assert common.HOCVUSO_DID_WEB_HTTP_HOSTS == []


def test_test_settings_keep_keys_out_of_the_site(monkeypatch):
    monkeypatch.delenv("HOCVUSO_KEY_DIR", raising=False)
    module = _settings_module("hocvuso_test_lms_test", {})
    add_plugins(module.__name__, LMS, "test")
    assert "hocvuso-test-keys-" in module.HOCVUSO_KEY_DIR


@pytest.mark.django_db
def test_operators_see_the_stored_course_policies_in_django_admin(client):
    from pathlib import Path

    from django.contrib.auth import get_user_model

    call_command("hocvuso", "policy", "load", str(Path(__file__).resolve().parents[2] / "course_content"))
    admin = get_user_model().objects.create_superuser("admin", "admin@example.invalid", "pw")
    client.force_login(admin)
    page = client.get("/admin/graders/coursepolicy/")
    assert page.status_code == 200 and "course-v1:HocVuSo+KNS01+2026" in page.content.decode()
