"""Both blocks on the demo's real web server, hit by truly concurrent requests (threads released together).

The demo's web process (`runserver`, threaded, as scripts/demo_site/run.py starts it) runs on a file-based
SQLite database in a throwaway folder. Each test releases its requests with a `threading.Barrier`:
- 16 simultaneous quiz submits with one sequence number: exactly one is graded, every reply is that one;
- 12 simultaneous phone actions in test mode, half on a wrong control: exactly one is processed;
- 50 learners start and submit at the same moment: the item statistics equal the hand-computed counts.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from lxml import html as lxml_html

from tests.integration.demo_site.test_demo_command import free_port
from xblocks.phone_sim.scenario import parse_scenario

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
QUIZ_SCENARIO, PHONE_SCENARIO = "auto_quiz.0", "phone_sim.1"  # 01_lua_dao.xml; S6 VietQR (test mode offered)
S6 = parse_scenario((ROOT / "xblocks" / "phone_sim" / "scenarios" / "s6_vietqr.xml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    """The demo's web server on a free port; its URL."""
    work = tmp_path_factory.mktemp("demo-web")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "demo_site.settings", "HOCVUSO_VAR_DIR": str(work),
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "scripts")]), "HOCVUSO_DEMO_STAFF": "staff",
           "HOCVUSO_DEMO_DEVELOPER": "1"}  # learners named by ?student= (the developer flag)
    subprocess.run([PYTHON, "-m", "django", "migrate", "--run-syncdb", "--noinput", "-v", "0"], env=env, cwd=work,
                   check=True, timeout=180)
    port = free_port()
    log = (work / "web.log").open("wb")
    process = subprocess.Popen([PYTHON, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
                               env=env, cwd=work, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        assert process.poll() is None, (work / "web.log").read_text(errors="replace")
        try:
            if requests.get(url + "/", timeout=5).status_code == 200:
                break
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, "the demo's web server did not start"
        time.sleep(0.3)
    yield url
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a loaded machine: runserver still closing kept-alive connections
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    log.close()


class Learner:
    """One browser's session on one scenario page: its block's usage id, CSRF token and page data."""

    def __init__(self, web: str, scenario: str, student: str, block_type: str):
        self.web, self.student = web, student
        self.session = requests.Session()
        page = self.session.get(f"{web}/scenario/{scenario}/?student={student}", timeout=60)
        assert page.status_code == 200
        root = lxml_html.fromstring(page.text)
        block = root.xpath(f"//div[@data-block-type='{block_type}']")[0]
        self.usage = block.get("data-usage")
        args = json.loads(block.xpath(".//script[@class='xblock_json_init_args']")[0].text)
        self.data = json.loads(args["json"])
        self.csrf = self.session.cookies["csrftoken"]

    def post(self, handler: str, payload) -> tuple[int, object]:
        response = self.session.post(f"{self.web}/handler/{self.usage}/{handler}/?student={self.student}",
                                     data=json.dumps(payload), timeout=120,
                                     headers={"X-CSRFToken": self.csrf, "Content-Type": "application/json"})
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, response.text


def all_at_once(calls: list) -> list:
    """Run every call in its own thread, released together by a barrier; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def option_tokens(html: str) -> dict[str, dict[str, str]]:
    """Per question prompt text: option label -> the page's token for it (what a learner clicks)."""
    root = lxml_html.fromstring(f"<div>{html}</div>")
    found = {}
    for fieldset in root.xpath("//fieldset[contains(@class, 'aq-question')]"):
        prompt = " ".join(fieldset.text_content().split())
        found[prompt] = {"token": fieldset.get("data-token"),
                         **{" ".join(label.text_content().split()): label.xpath("string(.//input/@value)")
                            for label in fieldset.xpath(".//label[.//input]")}}
    return found


def otp_answer(html: str, label: str) -> dict:
    """The answers dict choosing `label` in the OTP question (the other questions left blank)."""
    question = next(q for prompt, q in option_tokens(html).items() if "hỏi mã OTP" in prompt)
    return {question["token"]: question[label]}


def test_sixteen_simultaneous_submits_with_one_sequence_number_are_graded_once(web):
    learner = Learner(web, QUIZ_SCENARIO, "racer-quiz", "auto_quiz")
    status, started = learner.post("start", {"seq": learner.data["seq"]})
    assert status == 200
    seq = started["seq"]
    labels = ["Không ai cả", "Công an", "Ngân hàng", "Không ai cả"]  # right and wrong answers mixed
    replies = all_at_once([lambda i=i: learner.post("submit", {"seq": seq, "answers": otp_answer(
        started["html"], labels[i % 4])}) for i in range(16)])
    accepted = [body for status, body in replies if status == 200]
    assert all(status in (200, 409) for status, _ in replies), replies
    assert accepted and all(body == accepted[0] for body in accepted), "more than one submission was graded"
    # The stored state agrees: one attempt used, and a retry of that number is answered the same way.
    assert learner.post("submit", {"seq": seq, "answers": {}}) == (200, accepted[0])
    page = Learner(web, QUIZ_SCENARIO, "racer-quiz", "auto_quiz")
    assert page.data["seq"] == accepted[0]["seq"] == seq + 1


def _ids(widgets):
    for widget in widgets:
        if "id" in widget:
            yield widget
        yield from _ids(widget.get("children", ()))


def test_twelve_simultaneous_phone_actions_in_test_mode_are_processed_once(web):
    learner = Learner(web, PHONE_SCENARIO, "racer-phone", "phone_sim")
    status, view = learner.post("start", {"mode": "test", "confirmed": True})
    assert status == 200 and view["mode"] == "test"
    home = S6.screens[S6.start]
    right_label = next(w.attrs.get("label") or w.text for w in home.widgets if w.id == home.step.expected.target)
    controls = list(_ids(view["screen"]["widgets"]))
    right = next(c["id"] for c in controls if right_label in (c.get("label"), c.get("text")))
    wrong = next(c["id"] for c in controls if c["id"] != right and "tap" in c.get("actions", ()))
    replies = all_at_once([lambda i=i: learner.post("act", {"seq": view["seq"], "widget": right if i % 2 else wrong,
                                                            "action": "tap"}) for i in range(12)])
    accepted = [body for status, body in replies if status == 200]
    assert all(status in (200, 409) for status, _ in replies), replies
    assert accepted and all(body == accepted[0] for body in accepted), "more than one action was processed"
    status, now = learner.post("state", {})
    assert now["seq"] == view["seq"] + 1 == accepted[0]["seq"]
    assert now["errors"] == (1 if accepted[0]["feedback"]["kind"] == "miss" else 0)


def item_statistics_csv(web: str) -> dict[tuple[str, str], dict]:
    """The staff's item-statistics export of the quiz, by (item, option)."""
    staff = Learner(web, QUIZ_SCENARIO, "staff", "auto_quiz")
    response = staff.session.get(f"{web}/handler/{staff.usage}/item_stats_csv/?student=staff", timeout=60)
    assert response.status_code == 200, response.text
    return {(row["item"], row["option"]): row for row in csv.DictReader(io.StringIO(response.text))}


def test_fifty_concurrent_learners_leave_exact_item_statistics(web):
    before = item_statistics_csv(web)  # other tests' learners may have answered this quiz already

    def count(rows, option, column="chosen_count"):
        row = rows.get(("otp-who", option))
        return int(row[column] or 0) if row else 0

    learners = [Learner(web, QUIZ_SCENARIO, f"class-{i:02d}", "auto_quiz") for i in range(50)]
    starts = all_at_once([lambda one=one: one.post("start", {"seq": one.data["seq"]}) for one in learners])
    assert [status for status, _ in starts] == [200] * 50
    labels = ["Công an", "Ngân hàng", "Không ai cả"]
    chosen = [labels[i % 3] for i in range(50)]
    submits = all_at_once([lambda i=i, one=one: one.post("submit", {"seq": starts[i][1]["seq"], "answers": otp_answer(
        starts[i][1]["html"], chosen[i])}) for i, one in enumerate(learners)])
    assert [status for status, _ in submits] == [200] * 50
    after = item_statistics_csv(web)
    by_id = {"Công an": "police", "Ngân hàng": "bank", "Không ai cả": "nobody"}
    expected = Counter(by_id[label] for label in chosen)  # by hand: police 17, bank 17, nobody 16
    assert {option: count(after, option) - count(before, option) for option in by_id.values()} == expected
    assert count(after, "", "n") - count(before, "", "n") == 50
    assert count(after, "", "exposure") - count(before, "", "exposure") == 50
    learners_before = int(before[("(test)", "")]["n"]) if ("(test)", "") in before else 0
    assert int(after[("(test)", "")]["n"]) - learners_before == 50
    right = count(after, "nobody")
    assert float(after[("otp-who", "")]["p_value"]) == pytest.approx(right / count(after, "", "n"), abs=1e-4)
