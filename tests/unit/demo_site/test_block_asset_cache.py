"""The demo lets a phone keep the blocks' JS/CSS between units (the next unit then needs no asset round trip)."""

from django.http import HttpResponse
from django.test import RequestFactory

from demo_site.middleware import BLOCK_ASSET_SECONDS, block_asset_cache_middleware


def _through(path, status=200, method="get"):
    handler = block_asset_cache_middleware(lambda request: HttpResponse("x", status=status))
    return handler(getattr(RequestFactory(), method)(path))


def test_block_assets_are_kept_by_the_browser_for_a_lesson():
    response = _through("/resource/phone_sim/public/phone_sim.js")
    assert response["Cache-Control"] == f"public, max-age={BLOCK_ASSET_SECONDS}"


def test_pages_handler_answers_and_errors_are_not_cached():
    assert "Cache-Control" not in _through("/scenario/s01/")
    assert "Cache-Control" not in _through("/resource/phone_sim/public/missing.js", status=404)
    assert "Cache-Control" not in _through("/resource/phone_sim/public/phone_sim.js", method="post")
