import pytest
from tests.browser.base import WorkbenchBrowserTest
from xblocks.quiz import QuizBlock
OLX = dict(QuizBlock.workbench_scenarios())["auto_quiz: 01_lua_dao"]

@pytest.mark.browser
class DebugTest(WorkbenchBrowserTest):
    def test_page(self):
        self.open_scenario("quiz-dbg", OLX)
        import time; time.sleep(2)
        src = self.driver.page_source
        i = src.find("aq-root")
        print("FOUND", i, src[:200] if i < 0 else src[i-300:i+1500])
        print(self.driver.get_log("browser") if hasattr(self.driver, "get_log") else "")
