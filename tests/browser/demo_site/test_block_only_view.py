"""Issue 12 item 10: the learner-only pages (/view/<scenario>/) work: the workbench's template set
`student_id` while its runtime read `studentId`, so every request stayed on "Đang gửi…"."""

import pytest

from tests.browser.base import WorkbenchBrowserTest
from xblocks.quiz import QuizBlock


@pytest.mark.browser
class BlockOnlyViewTest(WorkbenchBrowserTest):
    def test_a_quiz_answers_on_the_block_only_page(self):
        _title, olx = QuizBlock.workbench_scenarios()[0]
        self.open_scenario("view_only_quiz", olx, student="viewer-1")
        self.driver.get(f"{self.live_server_url}/view/view_only_quiz/?student=viewer-1")
        self.set_width(360)
        assert self.driver.execute_script("return typeof window.jQuery") == "undefined"
        assert "Reset State" not in self.driver.page_source
        self.wait_for("[data-action=start]").click()
        self.wait_for(".aq-form")  # the handler answered: the runtime built a working URL
        assert not self.has_horizontal_scroll()
