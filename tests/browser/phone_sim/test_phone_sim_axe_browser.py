"""axe-core (WCAG 2.1 A + AA) on the phone in every mode, and nothing cut off or scrolling sideways at 320 px."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.axe import axe_violations, clipped_inside
from tests.browser.phone_sim.phone_page import PhonePageTest
from tests.browser.phone_sim.test_phone_sim_touch_browser import S1

# A web page with an address bar and a form on the first screen (the widest things the phone draws).
WEB_PAGE = """<phone_sim display_name="Trang web" modes="practice">
<scenario id="web320" title="Trang web" skills="VN:2 DC:1.2" start="search">
  <app id="browser" name="Trình duyệt" color="#37474f"/>
  <screen id="search" app="browser" title="Tìm kiếm">
    <status-bar time="14:00" battery="70"/>
    <web-page id="page" url="timkiem.demo/?q=dich+vu+cong+truc+tuyen+phieu+ly+lich+tu+phap" title="Kết quả">
      <list-item id="result-real" label="Cổng Dịch vụ công quốc gia" detail="dichvucong.gov.vn"/>
      <form id="ask" submit="Tìm">
        <field name="query" label="Tìm thủ tục" placeholder="Ví dụ: lý lịch tư pháp"/>
      </form>
    </web-page>
    <step task="Vào đúng Cổng Dịch vụ công quốc gia.">
      <hint>Địa chỉ kết thúc bằng .gov.vn.</hint>
      <expect widget="result-real" action="tap" goto="done"/>
    </step>
  </screen>
  <screen id="done" end="success"><text>Xong</text></screen>
</scenario>
</phone_sim>"""


@pytest.mark.browser
class PhoneSimAxeBrowserTest(PhonePageTest):
    def assert_accessible(self, moment):
        assert axe_violations(self.driver, ".phone-sim") == [], f"axe-core violations {moment}"

    def test_no_wcag_violations_in_watch_practice_and_test(self):
        self.set_width(360)
        self.open_page("s1axe", S1)
        self.wait_for(".ps-chooser")
        self.assert_accessible("on the mode chooser")
        self.button("Thử", ".ps-chooser").click()
        self.wait_for(".ps-screen [data-w]")
        self.tap("Vuốt lên để mở khóa")  # a tap where a swipe is wanted: feedback and a hint
        self.wait_until(lambda: self.live())
        self.assert_accessible("in practice with feedback")
        self.tap("Vuốt lên để mở khóa")
        self.wait_for(".ps-highlight")
        self.assert_accessible("in practice with a highlighted control")
        self.button("Kiểm tra", ".ps-bar").click()
        self.wait_for(".ps-ask")
        self.assert_accessible("while asking to start a test")
        self.button("Bắt đầu kiểm tra", ".ps-ask").click()
        self.wait_until(lambda: "Số lần sai" in self.driver.find_element(By.CSS_SELECTOR, ".ps-count").text)
        self.assert_accessible("in a test")
        self.button("Xem", ".ps-bar").click()
        self.wait_for(".ps-ask").find_element(By.XPATH, ".//button[.='Rời bài kiểm tra']").click()
        self.wait_for(".ps-watchbar")
        self.assert_accessible("in watch mode")

    def test_address_bar_and_form_fit_the_phone_at_320px_and_nothing_scrolls_sideways(self):
        self.set_width(320)
        self.start("web320", WEB_PAGE, "Thử")
        self.wait_for(".ps-address")
        assert clipped_inside(self.driver, ".ps-screen", ".ps-web, .ps-dialog, .ps-address, .ps-form") == []
        assert not self.block_overflows()
        self.assert_accessible("on a web page in the phone at 320 px")
        self.screenshot("phone_sim_web_320")
