"""The Tutor plugin (scripts/tutor_plugin), rendered by the real Tutor without Docker.

`tutor plugins enable hocvuso` and `tutor config save` run in .venv-tutor (built by scripts/test) on a
throwaway TUTOR_ROOT; the tests read what Tutor rendered: the image's pip install, the LMS settings (run
as Python), the volumes of the issuer keys, the Celery queue, the sweeper, and the init tasks, which
`tutor local do init` hands to Docker. Docker is outside our control and not on the test machine: a
stand-in `docker` on PATH records the command Tutor runs (and answers `compose ls` with no project).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml
from lxml import etree

from graders.settings.common import DEFAULTS

REPO = Path(__file__).resolve().parents[3]
TUTOR = REPO / ".venv-tutor" / "bin" / "tutor"
KEY_DIR = "/openedx/media-private/hocvuso/issuer-keys"
SETTINGS_MARK = "# hocvuso (tutor-contrib-hocvuso): graders' settings"


class Tutor:
    """The tutor command on a private project root."""

    def __init__(self, root: Path):
        self.root = root
        self.env = {**os.environ, "TUTOR_ROOT": str(root), "TUTOR_PLUGINS_ROOT": str(root / "plugins")}

    def __call__(self, *args: str, path_prefix: Path | None = None) -> str:
        env = dict(self.env)
        if path_prefix is not None:
            env["PATH"] = f"{path_prefix}{os.pathsep}{env['PATH']}"
        result = subprocess.run([str(TUTOR), *args], env=env, capture_output=True, text=True, timeout=300,
                                check=False)
        assert result.returncode == 0, f"tutor {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def read(self, *path: str) -> str:
        return (self.root / "env" / Path(*path)).read_text(encoding="utf-8")

    def config(self) -> dict:
        return yaml.safe_load((self.root / "config.yml").read_text(encoding="utf-8"))


@pytest.fixture
def tutor(tmp_path) -> Tutor:
    if not TUTOR.exists():
        pytest.fail("Tutor is not installed in .venv-tutor: run scripts/test, which builds it")
    tutor = Tutor(tmp_path / "tutor-root")
    tutor("plugins", "enable", "hocvuso")
    return tutor


def run_settings_block(production_py: str, environment: dict) -> dict:
    """Execute the plugin's settings block as the LMS would (on a module that already has EXPLICIT_QUEUES)."""
    start = production_py.index(SETTINGS_MARK)
    end = production_py.index("\n}\n", start) + 3
    namespace = {"EXPLICIT_QUEUES": {"lms.djangoapps.grades.tasks.compute_grades": {"queue": "edx.lms.core.high"}}}
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(environment)
    try:
        exec(production_py[start:end], namespace)  # noqa: S102 (the settings Tutor rendered, as the LMS runs them)
        namespace["_environment"] = dict(os.environ)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return namespace


def test_config_save_renders_the_image_install_and_the_lms_settings(tutor):
    tutor("config", "save", "--set", "LMS_HOST=hoc.example.vn", "--set", "ENABLE_HTTPS=true",
          "--set", "HOCVUSO_ISSUER_NAME=Trung tâm \"Học vụ số\" tỉnh Nam Định",
          "--set", "HOCVUSO_SANDBOX_URL=https://platform.example.vn/api")

    dockerfile = tutor.read("build", "openedx", "Dockerfile")
    install = "$PIP_COMMAND install 'hocvuso==0.1.0'"
    assert install in dockerfile
    # installed with the platform's requirements, before the image's assets are built
    assert dockerfile.index("requirements/edx/base.txt") < dockerfile.index(install) < dockerfile.index(
        "FROM python AS nodejs-requirements")

    config = tutor.config()
    passphrase = config["HOCVUSO_KEY_PASSPHRASE"]
    assert re.fullmatch(r"[A-Za-z0-9]{40}", passphrase)
    assert re.fullmatch(r"[A-Za-z0-9]{40}", config["HOCVUSO_SUBJECT_HASH_KEY"])

    production = tutor.read("apps", "openedx", "settings", "lms", "production.py")
    lms = run_settings_block(production, {})
    assert lms["HOCVUSO_PUBLIC_BASE_URL"] == "https://hoc.example.vn"
    assert lms["HOCVUSO_ISSUER_NAME"] == "Trung tâm \"Học vụ số\" tỉnh Nam Định"
    assert lms["HOCVUSO_KEY_DIR"] == KEY_DIR
    assert lms["HOCVUSO_DID_WEB_HTTP_HOSTS"] == []  # behind HTTPS no did:web host is read over plain http
    assert lms["HOCVUSO_SANDBOX_URL"] == "https://platform.example.vn/api"
    assert lms["HOCVUSO_SUBJECT_HASH_KEY"] == config["HOCVUSO_SUBJECT_HASH_KEY"]
    # the passphrase reaches graders through the environment, never as a Django setting
    assert lms["_environment"]["HOCVUSO_KEY_PASSPHRASE"] == passphrase
    assert not any("PASSPHRASE" in name for name in lms if name.startswith("HOCVUSO_"))
    # an operator's own environment variable (e.g. from a Kubernetes Secret) wins
    assert run_settings_block(production, {"HOCVUSO_KEY_PASSPHRASE": "from-a-secret"})["_environment"][
        "HOCVUSO_KEY_PASSPHRASE"] == "from-a-secret"
    # every setting the plugin writes is one graders knows (a misspelt name would be silently ignored)
    written = {name for name in lms if name.startswith("HOCVUSO_")}
    assert written and written <= set(DEFAULTS)
    # Studio gets the same settings (common to LMS and CMS)
    assert SETTINGS_MARK in tutor.read("apps", "openedx", "settings", "cms", "production.py")

    # a second save keeps the generated secrets (losing the passphrase would lock the keys away)
    tutor("config", "save")
    assert tutor.config()["HOCVUSO_KEY_PASSPHRASE"] == passphrase


def test_graders_tasks_go_to_the_queue_the_lms_worker_consumes_and_the_sweep_needs_no_beat(tutor):
    from graders.pipeline import tasks

    tutor("config", "save")
    lms = run_settings_block(tutor.read("apps", "openedx", "settings", "lms", "production.py"), {})
    graders_tasks = {task.name for task in (tasks.evaluate_learners, tasks.deliver_outbox, tasks.sweep)}
    routes = {name: route for name, route in lms["EXPLICIT_QUEUES"].items() if name.startswith("graders.")}
    assert set(routes) == graders_tasks
    assert lms["EXPLICIT_QUEUES"]["lms.djangoapps.grades.tasks.compute_grades"]  # the platform's routes are kept

    prod = yaml.safe_load(tutor.read("local", "docker-compose.prod.yml"))["services"]
    worker_command = prod["lms-worker"]["command"]
    consumed = next(arg for arg in worker_command if arg.startswith("--queues=")).split("=", 1)[1].split(",")
    assert {route["queue"] for route in routes.values()} == {"edx.lms.core.default"} <= set(consumed)
    assert not any("beat" in arg or arg == "-B" for arg in worker_command)  # Tutor runs no beat ...

    sweeper = prod["hocvuso-sweeper"]  # ... so a service of ours sweeps
    assert sweeper["command"] == ["./manage.py", "lms", "hocvuso", "sweep", "--every", "10"]
    assert sweeper["environment"]["DJANGO_SETTINGS_MODULE"] == "lms.envs.tutor.production"
    assert sweeper["restart"] == "unless-stopped"
    dev = yaml.safe_load(tutor.read("dev", "docker-compose.yml"))["services"]
    assert dev["hocvuso-sweeper"]["environment"]["DJANGO_SETTINGS_MODULE"] == "lms.envs.tutor.development"
    k8s = [doc for doc in yaml.safe_load_all(tutor.read("k8s", "deployments.yml")) if doc]
    [deployment] = [doc for doc in k8s if doc["metadata"]["name"] == "hocvuso-sweeper"]
    assert deployment["spec"]["template"]["spec"]["containers"][0]["args"][-4:] == ["hocvuso", "sweep", "--every",
                                                                                   "10"]


def test_the_issuer_keys_are_on_a_persistent_volume_shared_by_the_lms_its_worker_and_the_init_job(tutor):
    tutor("config", "save")

    def key_volume(service: dict) -> str:
        """The host folder behind the key folder in a compose service."""
        for volume in service["volumes"]:
            host, container = volume.split(":")[:2]
            if container == KEY_DIR or KEY_DIR.startswith(container.rstrip("/") + "/"):
                return host
        raise AssertionError(f"{KEY_DIR} is not on a volume of {service['image']}")

    base = yaml.safe_load(tutor.read("local", "docker-compose.yml"))["services"]
    prod = yaml.safe_load(tutor.read("local", "docker-compose.prod.yml"))["services"]
    jobs = yaml.safe_load(tutor.read("local", "docker-compose.jobs.yml"))["services"]
    hosts = {key_volume(base["lms"]), key_volume(prod["lms-worker"]), key_volume(jobs["lms-job"])}
    assert len(hosts) == 1  # one folder: the key the init job makes is the one the worker signs with
    [host] = hosts
    assert host.startswith("../../data/")  # Tutor's persistent data, outside the containers
    assert not any(host in volume for volume in prod["caddy"].get("volumes", []))  # the web proxy cannot serve it

    # Kubernetes: a claim of its own, mounted at the key folder in the same three pods
    claims = [doc for doc in yaml.safe_load_all(tutor.read("k8s", "volumes.yml")) if doc]
    assert any(doc["kind"] == "PersistentVolumeClaim" and doc["metadata"]["name"] == "hocvuso-issuer-keys"
               for doc in claims)
    patches = yaml.safe_load(tutor.read("kustomization.yml"))["patches"]
    mounted = set()
    for item in patches:
        patch = yaml.safe_load(item.get("patch", "")) if isinstance(item, dict) else None
        if not patch:
            continue
        spec = patch["spec"]["template"]["spec"]
        if any(v.get("persistentVolumeClaim", {}).get("claimName") == "hocvuso-issuer-keys" for v in spec["volumes"]):
            assert spec["containers"][0]["volumeMounts"][0]["mountPath"] == KEY_DIR
            mounted.add((patch["kind"], patch["metadata"]["name"]))
    assert mounted == {("Deployment", "lms"), ("Deployment", "lms-worker"), ("Job", "lms-job")}


def test_init_migrates_creates_the_key_if_missing_and_imports_the_course_once(tutor, tmp_path):
    tutor("config", "save", "--set", "HOCVUSO_COURSE_ARCHIVE_URL=https://example.vn/hocvuso-course.tar.gz")
    fake_docker = tmp_path / "bin"
    fake_docker.mkdir()
    calls = tmp_path / "docker-calls.jsonl"
    (fake_docker / "docker").write_text(textwrap.dedent(f"""\
        #!/bin/sh
        # Stand-in for Docker (not on the test machine): record the command; no compose project runs.
        python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@" >> {calls}
        case " $* " in *" ls "*) echo "[]";; esac
        """))
    (fake_docker / "docker").chmod(0o755)

    tutor("local", "do", "init", "--limit", "hocvuso", path_prefix=fake_docker)

    runs = [call for call in map(json.loads, calls.read_text().splitlines()) if "run" in call]
    scripts = {call[call.index("run") + 3]: call[-1] for call in runs}  # run --rm -T <service>-job sh -e -c SCRIPT
    assert set(scripts) == {"lms-job", "cms-job"}
    lms = scripts["lms-job"]
    assert lms.index("./manage.py lms migrate graders") < lms.index("./manage.py lms hocvuso keys create --if-missing")
    assert f'mkdir -p "{KEY_DIR}"' in lms
    # the certificate policy comes from the same archive, into the LMS database, unless one is already loaded
    assert lms.index("hocvuso keys create") < lms.index("./manage.py lms hocvuso policy load")
    assert "https://example.vn/hocvuso-course.tar.gz" in lms and "policy list --json" in lms
    cms = scripts["cms-job"]
    course = etree.parse(str(REPO / "course_content" / "course.xml")).getroot()
    course_id = f"course-v1:{course.get('org')}+{course.get('course')}+{course.get('url_name')}"
    assert f"CourseKey.from_string('{course_id}')" in cms  # imported only when Studio does not have it yet
    assert "https://example.vn/hocvuso-course.tar.gz" in cms and "./manage.py cms import ../data" in cms
    for script in scripts.values():  # valid shell, as `sh -e -c` will run it
        subprocess.run(["sh", "-n", "-c", script], check=True)
    # the same scripts are in the rendered environment for the operator to read
    assert tutor.read("plugins", "hocvuso", "tasks", "lms", "init.sh").strip() == lms.strip()
