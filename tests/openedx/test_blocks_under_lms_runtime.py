"""Every graded block of the course parsed and rendered under the pinned XBlock, with the services the LMS
gives blocks. Stand-ins for the platform's own services (edx-platform is not installed here):
- i18n: as edx-platform's XBlockI18nService, gettext.translation("text", <block module's dir>/translations);
- user: an XBlockUser with the `edx-platform.*` attributes the LMS's user service sets;
- handler and resource URLs shaped like the LMS's (/courses/<course>/xblock/<usage>/handler/<name>,
  /xblock/resource/<type>/<path>).
The OLX pointer (`<phone_sim url_name="..."/>` in a vertical) is resolved as the importer does: the block's
own file is what `parse_xml` receives.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from lxml import etree
from xblock.core import XBlock
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import Runtime

from xblocks.phone_sim import PhoneSimBlock
from xblocks.quiz import QuizBlock

COURSE_DIR = Path(__file__).resolve().parents[2] / "course_content"
# The services the LMS's runtime offers blocks, and "hocvuso" (ours: wanted, so optional there).
LMS_SERVICES = {"i18n", "user", "field-data", "settings", "publish", "completion", "rebind_user", "mako",
                "replace_urls", "cache", "sandbox", "xqueue", "teams", "bookmarks", "hocvuso"}


class LmsI18nService:
    """Like edx-platform's XBlockI18nService: the block's bundled catalogue for the request's language."""

    def __init__(self, block: XBlock, language: str = "vi"):
        module = getattr(block, "unmixed_class", type(block)).__module__
        locale_dir = Path(__import__(module, fromlist=["_"]).__file__).parent / "translations"
        self.translator = gettext.translation("text", str(locale_dir), [language], fallback=False)

    def __getattr__(self, name):
        return getattr(self.translator, name)


class LmsUserService(UserService):
    def __init__(self):
        user = XBlockUser(is_current_user=True, full_name="Lê Văn C")
        user.opt_attrs.update({"edx-platform.user_id": 7, "edx-platform.username": "hoc_vien_7",
                               "edx-platform.anonymous_user_id": "5afe5d9b", "edx-platform.user_is_staff": False,
                               "edx-platform.user_role": "student"})
        super().__init__(user=user)

    def get_current_user(self):
        return self._user


class LmsShapedRuntime(Runtime):
    def __init__(self):
        from xblock.runtime import MemoryIdManager

        ids = MemoryIdManager()
        super().__init__(id_reader=ids, id_generator=ids, services={"field-data": DictFieldData({})})
        self.published: list[tuple[str, dict]] = []

    def service(self, block, service_name):
        declared = block.service_declaration(service_name)
        if declared is None:
            raise AssertionError(f"{type(block).__name__} asked for undeclared service {service_name}")
        if service_name == "i18n":
            return LmsI18nService(block)
        if service_name == "user":
            return LmsUserService()
        return super().service(block, service_name)

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        return f"/courses/course-v1:HocVuSo+KNS01+2026/xblock/{block.scope_ids.usage_id}/handler/{handler_name}"

    def local_resource_url(self, block, uri):
        return f"/xblock/resource/{block.scope_ids.block_type}/{uri}"

    def resource_url(self, resource):
        return f"/static/{resource}"

    def publish(self, block, event_type, event_data):
        self.published.append((event_type, event_data))


BLOCK_FILES = [(PhoneSimBlock, path) for path in sorted((COURSE_DIR / "phone_sim").glob("*.xml"))] + \
              [(QuizBlock, path) for path in sorted((COURSE_DIR / "auto_quiz").glob("*.xml"))]


def test_every_service_our_blocks_declare_is_one_the_lms_gives():
    for block_class in (PhoneSimBlock, QuizBlock):
        assert set(block_class._combined_services) <= LMS_SERVICES


@pytest.mark.parametrize(("block_class", "path"), BLOCK_FILES, ids=[path.stem for _cls, path in BLOCK_FILES])
def test_course_block_parses_and_renders_under_the_pinned_xblock(block_class, path):
    runtime = LmsShapedRuntime()
    node = etree.fromstring(path.read_bytes())
    definition = runtime.id_generator.create_definition(node.tag, path.stem)
    keys = ScopeIds("7", node.tag, definition, runtime.id_generator.create_usage(definition))
    block = block_class.parse_xml(node, runtime, keys)
    fragment = runtime.render(block, "student_view", {})
    html = fragment.body_html()
    assert f"data-block-type='{node.tag}'" in html and fragment.resources  # the block and its JS/CSS
    assert "Traceback" not in html
    assert runtime.published == []  # rendering never grades
