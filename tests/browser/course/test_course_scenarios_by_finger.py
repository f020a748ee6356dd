"""The eight phones of the new modules (S14-S21), each done by finger in "Kiểm tra" at 360 px, with full marks.

Driven by the scenario as the course holds it: for each screen the step's first `<expect>` says which control
and what gesture; the control is found on the page the way a learner finds it, by what it says (its visible
label, or its accessible name), never by its id (ids on the page are opaque per attempt). So the walk stays
true when authors reword or reorder a scenario, and fails (naming the file and the screen) when a learner
following the right path would be stuck.
"""

from __future__ import annotations

import gettext
import re
import time

import pytest
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By

from demo_site.course_units import course_units
from tests.browser.phone_sim.test_phone_sim_touch_browser import TouchPhonePageTest
from xblocks.common.i18n import translations_dir
from xblocks.common.text import parse_vietnamese_number
from xblocks.common.xml import parse_xml
from xblocks.phone_sim.scenario import Screen, Widget, all_widgets, field_spec, parse_scenario, scenario_element_text
from xblocks.phone_sim.strings import UI_STRINGS

NEW_SCENARIOS = ("s14_tich_hop_giay_to", "s15_ngan_hang_an_toan", "s16_nhan_tin_hang_ngay", "s17_thanh_toan_hoa_don",
                 "s18_ma_qr_cua_hang", "s19_bat_coc_online_viec_lam_gia", "s20_thue_hoa_don_dien_tu",
                 "s21_ky_so_cong_vu")
SWIPE = {"up": (0, -120), "down": (0, 120), "left": (-120, 0), "right": (120, 0)}
ANSWER_SECONDS = 10

# What the phone itself says (buttons of the block, not of the scenario), in the learner's language.
_VI = gettext.translation("text", localedir=str(translations_dir("xblocks.phone_sim")), languages=["vi"])


def say(key: str) -> str:
    return _VI.gettext(UI_STRINGS[key])


def _units() -> dict[str, object]:
    """The course unit (as the demo site shows it) that holds each phone, by the phone's url_name."""
    return {block: unit for unit in course_units() for block in unit.blocks}


# The learner finds a control by what it says: a JS search of the phone's controls for the one whose own text is
# the label (else whose accessible name is, else which contains it), the innermost one when controls nest (a web
# page and a button on it). Seen text comes before a name only a screen reader hears (a web page's address bar is
# named after the page's title, which may be a button's label too).
FIND_CONTROLS = """
var root = arguments[0], label = arguments[1], css = arguments[2];
function norm(s) { return (s || '').replace(/\\s+/g, ' ').trim(); }
function says(e, how) {
  return [e].concat(Array.prototype.slice.call(e.querySelectorAll('*'))).some(function (d) {
    var t = norm(how < 2 ? d.innerText : d.getAttribute('aria-label'));
    return t && (how % 2 === 0 ? t === label : t.indexOf(label) >= 0);
  });
}
var all = Array.prototype.filter.call(root.querySelectorAll(css), function (e) { return e.getClientRects().length; });
if (!label) { return all; }
var hits = [];
[0, 2, 1, 3].some(function (how) { hits = all.filter(function (e) { return says(e, how); }); return hits.length; });
return hits.filter(function (e) { return !hits.some(function (o) { return o !== e && e.contains(o); }); });
"""


@pytest.mark.browser
class NewScenariosByFingerTest(TouchPhonePageTest):
    """One test per new scenario (one browser for all): the right path by finger, then what the learner sees."""

    units: dict

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.units = _units()

    # Walking one scenario ----------------------------------------------------------------------
    def walk(self, name: str) -> None:
        unit = self.units.get(name)
        assert unit is not None, f"{name}: no unit of the course shows this phone"
        element = next(e for e in parse_xml(unit.xml, source=unit.name).iter("phone_sim"))
        scenario = parse_scenario(scenario_element_text(element.find("scenario")), source=f"{name}.xml")
        self.open_scenario(unit.name, unit.xml)
        self.wait_for(".ps-chooser")
        self.finger.tap(self.button(say("test"), ".ps-chooser"))
        self.wait_for(".ps-ask")
        self.touch(self.finger.tap, self.button(say("startTest"), ".ps-ask"))
        self.wait_until(lambda: self.mistakes() == 0, message=f"{name}: the test did not start")

        screen, walked = scenario.screens[scenario.start], []
        started = time.monotonic()
        while screen.end is None:
            assert len(walked) <= len(scenario.screens), f"{name}: the right path goes round in circles: {walked}"
            walked.append(screen.id)
            rule = screen.step.expected
            where = f"{name}.xml, screen '{screen.id}' ({rule.action} on '{rule.target}')"
            try:
                self.do(screen, rule)
            except (AssertionError, TimeoutException) as exc:
                self.screenshot(f"finger-{name}-{screen.id}-stuck")
                why = exc.msg if isinstance(exc, TimeoutException) else exc
                raise AssertionError(f"{where}: {why}\n  live: {self.live()!r}\n  count: {self.count_text()!r}"
                                     f"\n  on screen: {self.screen_text()[:400]!r}") from None
            screen = scenario.screens[rule.goto]
            self.wait_until(lambda s=screen: self.drawn_title() == (s.title or self.drawn_title()),
                            message=f"{where}: the phone does not show screen '{screen.id}' ({screen.title!r}) "
                                    f"but {self.drawn_title()!r}")
        assert screen.end == "success", f"{name}: the first <expect> path ends on '{screen.id}' ({screen.end})"

        # What the learner sees at the end: the success screen, full marks, no mistake, the grade sent.
        result = self.wait_for(".ps-result.ps-success")
        assert say("success") in result.text, result.text
        assert re.search(rf"{re.escape(say('score'))}: 100\s?%", result.text), result.text
        assert self.mistakes() == 0, self.count_text()
        mark = self.driver.find_element(By.CSS_SELECTOR, ".ps-phone .ps-mark")
        assert mark.is_displayed() and mark.text == "MÔ PHỎNG", mark.text
        assert not self.block_overflows(), f"{name}: the end screen sticks out at 360 px: {self.block_overflows()}"
        self.wait_until(lambda: self.events("grade"), message=f"{name}: the finished test was not graded")
        assert [(e["value"], e["max_value"]) for e in self.events("grade")] == [(1.0, 1.0)]
        self.driver.execute_script("document.querySelector('.ps-result').scrollIntoView({block: 'start'})")
        self.screenshot(f"finger-360-{name}")
        print(f"{name}: {len(walked)} steps by finger in {time.monotonic() - started:.1f} s")

    # One step ---------------------------------------------------------------------------------------
    def do(self, screen: Screen, rule) -> None:
        """The step's right gesture on its control, found by what it says; returns when the server answered."""
        key, _, part = rule.target.partition(".")
        widget = next((w for w in all_widgets(screen.widgets) if w.id == key), None)
        assert widget is not None, f"no widget '{key}' on the screen"
        # The page redraws the whole screen when the server answers (a new screen, or a mistake on this one).
        self.driver.execute_script("window.psBefore = document.querySelector('.ps-screen').firstElementChild")
        if rule.action == "submit":
            self.fill_and_submit(widget, rule.demo_fields)
        elif rule.action == "type":
            self.enter(widget, part, rule)
        else:
            control = self.control(widget, part)
            if rule.action == "tap":
                self.finger.tap(control)
            elif rule.action == "long-press":
                self.finger.long_press(control)
            elif rule.action in ("swipe", "scroll"):
                self.finger.swipe(control, *SWIPE[rule.direction or "up"])
            else:
                raise AssertionError(f"no finger gesture for action {rule.action!r}")
        self.wait_until(lambda: self.driver.execute_script(
            "return !window.psBefore.isConnected && !document.querySelector('[aria-busy=true]')"),
            ANSWER_SECONDS, "the phone never answered the gesture")
        assert self.mistakes() == 0, "the right action was counted as a mistake"

    def enter(self, widget: Widget, part: str, rule) -> None:
        """A typed value: digits on a PIN pad, a slider set, or text typed in a field and sent with its button."""
        value = rule.demo_value if rule.demo_value is not None else "1"  # no check: anything goes
        if widget.kind == "pin-pad":
            pad = self.control(widget, part)
            for digit in value:
                self.finger.tap(self.key(pad, digit))
            if len(value) < int(widget.attrs.get("length", "6")):
                self.finger.tap(self.key(pad, say("ok")))
        elif widget.kind == "slider":
            slider = self.control(widget, part)
            number = parse_vietnamese_number(value)
            if rule.low is not None and rule.high is not None:  # aim at the middle of what is accepted, on a step
                step = float(widget.attrs.get("step") or 1)
                low = float(widget.attrs["min"])
                number = low + round(((rule.low + rule.high) / 2 - low) / step) * step
            self.finger.slide_to(slider, number)
        else:  # a text field, or a web page's address bar
            box = self.control(widget, part)
            field = box.find_element(By.TAG_NAME, "input")
            self.type_by_finger(field, value)
            refused = self.driver.execute_script(
                "var f = arguments[0]; return f.form.noValidate || f.validity.valid ? '' : f.validationMessage", field)
            assert not refused, (f"the browser will not send {value!r} (what the hint says to type): the field is "
                                 f"<input type={field.get_attribute('type')}> and OK shows {refused!r}")
            submit = widget.attrs.get("submit") or say("ok")
            self.finger.tap(self.find(box, submit, "button[type=submit]", "the field's button"))

    def fill_and_submit(self, widget: Widget, values: dict[str, str]) -> None:
        """A form: each field the step checks filled in (found by its label), then its button."""
        form = self.control(widget, "")
        specs = {child.attrs.get("name"): field_spec(child) for child in widget.children if child.kind == "field"}
        for name, value in values.items():
            spec = specs[name]
            if spec.kind == "choice":
                group = self.find(form, spec.label, "fieldset[data-field]", f"the choice «{spec.label}»")
                option = self.find(group, value, "label.ps-radio", f"the option «{value}» of «{spec.label}»")
                self.finger.tap(option)
                self.wait_until(lambda o=option: o.find_element(By.TAG_NAME, "input").is_selected(),
                                message=f"the finger did not choose «{value}» in «{spec.label}»")
            else:
                box = self.find(form, spec.label, ".ps-form-field", f"the field «{spec.label}»")
                self.type_by_finger(box.find_element(By.CSS_SELECTOR, "input"), value)
        submit = widget.attrs.get("submit") or say("send")
        self.finger.tap(self.find(form, submit, "button.ps-submit", "the form's button"))

    def type_by_finger(self, field, text: str) -> None:
        super().type_by_finger(field, text)
        assert field.get_attribute("value") == text, (field.get_attribute("value"), text)

    # Finding a control the way a learner does --------------------------------------------------------
    def control(self, widget: Widget, part: str):
        """The control on the phone that `widget` (or its `part`) is, found by what the learner reads on it."""
        label, css = self.cue(widget, part)
        what = f"the {widget.kind}{'.' + part if part else ''} «{label}»"
        if widget.kind == "slider":  # its label is the <label> around it, its accessible name
            sliders = [s for s in self.driver.find_elements(By.CSS_SELECTOR, ".ps-screen input[type=range][data-w]")
                       if label in (s.accessible_name or "")]
            assert len(sliders) == 1, f"{what}: {len(sliders)} sliders named so"
            return sliders[0]
        return self.find(self.driver.find_element(By.CSS_SELECTOR, ".ps-screen"), label, css, what)

    def cue(self, widget: Widget, part: str) -> tuple[str, str]:
        """What a learner reads to find `widget` (its label, or the phone's own word) and where such controls are."""
        attrs = widget.attrs
        if part:  # parts: the call's two round buttons, the web page's address bar
            if widget.kind == "incoming-call":
                return say(part), ".ps-call [data-w]"
            if widget.kind == "web-page" and part == "address":
                return say("address"), ".ps-address [data-w]"
        labels = {"button": attrs.get("label"), "list-item": attrs.get("label"), "toggle": attrs.get("label"),
                  "pin-pad": attrs.get("label"), "slider": attrs.get("label"), "text-field": attrs.get("label"),
                  "notification": attrs.get("title"), "text": widget.text, "message": widget.text,
                  "camera": attrs.get("label") or say("scan"), "app-bar": say("back"),
                  "qr": next((attrs[k] for k in ("label", "payee", "bank", "account", "amount") if attrs.get(k)), ""),
                  "thread": attrs.get("contact", ""), "form": attrs.get("title", ""),
                  "status-bar": "", "web-page": ""}
        where = {"status-bar": ".ps-statusbar[data-w]", "thread": ".ps-thread[data-w]", "web-page": ".ps-web[data-w]",
                 "form": "form.ps-form[data-w]", "app-bar": ".ps-back[data-w]"}
        assert widget.kind in labels, f"no way to find a {widget.kind} by finger"
        return labels[widget.kind] or "", where.get(widget.kind, "[data-w]")

    def find(self, scope, label: str, css: str, what: str):
        """The one control matching `css` inside `scope` that says `label` (exactly, else containing it)."""
        found = self.driver.execute_script(FIND_CONTROLS, scope, " ".join(label.split()), css)
        assert found, f"{what} is not on the phone"
        assert len(found) == 1, f"{what}: {len(found)} controls say it: {[e.text[:40] for e in found]}"
        return found[0]

    def key(self, pad, label: str):
        keys = [k for k in pad.find_elements(By.CSS_SELECTOR, ".ps-key") if k.text == label]
        assert keys, f"no key {label!r} on the PIN pad"
        return keys[0]

    # What the learner reads ------------------------------------------------------------------------
    def count_text(self) -> str:
        return self.driver.find_element(By.CSS_SELECTOR, ".ps-count").text

    def mistakes(self) -> int | None:
        """The mistake counter under the task ("Số lần sai: N ..."), None when it is not shown."""
        before = say("mistakesCount").split("{count}")[0]
        try:
            text = self.count_text()
        except StaleElementReferenceException:
            return None
        found = re.search(re.escape(before) + r"(\d+)", text)
        return int(found.group(1)) if found else None

    def drawn_title(self) -> str:
        return self.driver.find_element(By.CSS_SELECTOR, ".ps-screen").get_attribute("aria-label") or ""


def _walk_test(name: str):
    def test(self):
        self.walk(name)

    test.__name__ = f"test_{name}_by_finger_in_test_mode_full_marks"
    test.__doc__ = f"{name}: the right path by finger at 360 px in 'Kiểm tra' ends on success with full marks."
    return test


for _name in NEW_SCENARIOS:
    setattr(NewScenariosByFingerTest, f"test_{_name}_by_finger_in_test_mode_full_marks", _walk_test(_name))
