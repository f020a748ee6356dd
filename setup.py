"""Packaging for hocvuso: three XBlocks, the graders Django app and the `hocvuso` command."""

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithCatalogues(build_py):
    """Compile the bundled gettext catalogues (.po -> .mo) into the build, so wheels carry them."""

    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in HERE.glob("xblocks/*/translations/*/LC_MESSAGES/*.po"):
            target = Path(self.build_lib) / po_path.relative_to(HERE).with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as source, target.open("wb") as out:
                write_mo(out, read_po(source))


INSTALL_REQUIRES = [
    "XBlock[django]>=6.1,<7",
    "Django>=4.2,<6.0",
    "lxml>=5",
    "bleach>=6.1",
    "babel>=2.14",
    "celery>=5.3",
    "kombu[sqlalchemy]>=5.3",
    "redis>=5",
    "cryptography>=42",
    "PyLD>=2.0.4",
    "qrcode>=7.4",
    "reportlab>=4",
    "requests>=2.31",
    "openedx-events>=9",
    "google-re2>=1.1",  # authors' regexes run in linear time (xblocks/common/regex.py)
    "openpyxl>=3.1",  # agency staff lists and exports as XLSX (graders/agencies)
]

# The demo and test sets, each proven on its Python (docs/architecture.md "Packaging and platform"):
# on 3.12 the versions edx-platform master pins (XBlock 6.3.4, which needs 3.12, with xblock-sdk 0.15);
# on 3.11 the last pair that runs there (XBlock 6.1.0 with xblock-sdk 0.14.0, and web-fragments below 4:
# XBlock 6.1 breaks with web-fragments 4).
PY312 = 'python_version >= "3.12"'
PY311 = 'python_version < "3.12"'
WORKBENCH_REQUIRES = [
    f"xblock-sdk>=0.15.2,<0.16; {PY312}",
    f"XBlock[django]>=6.3.4,<6.4; {PY312}",
    f"xblock-sdk==0.14.0; {PY311}",
    f"XBlock[django]==6.1.0; {PY311}",
    f"web-fragments>=2.2,<4; {PY311}",
    "openedx-django-pyfs>=3.7",
    "setuptools<82",
    "Django>=5.2,<5.3",
]

TEST_REQUIRES = [
    *WORKBENCH_REQUIRES,
    "pytest>=8",
    "pytest-django>=4.8",
    "pytest-xdist>=3.5",
    "hypothesis>=6.100",
    "selenium>=4.20",
    "selenium-axe-python>=2.2",  # ships axe-core (MPL-2.0) for the accessibility browser tests; installed, not copied
    "pyoxigraph>=0.4",
    "base58>=2.1",  # the independent test signer encodes with a library, not with our own encoder
    "pypdf>=4",
    "zxing-cpp>=2.2",  # decodes the QR codes the tests read back from PDFs and screenshots
    "mysqlclient>=2.2",  # MariaDB/MySQL driver (builds against default-libmysqlclient-dev, found by pkg-config)
    "psycopg[binary]>=3.1",  # PostgreSQL driver
    "ruff>=0.6",
]

setup(
    name="hocvuso",
    version="0.1.0",
    description="Simulated-phone practice, auto-graded quizzes and verifiable certificates for Open edX "
    "(Bình dân học vụ số).",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0",
    python_requires=">=3.11",
    packages=find_packages(include=["xblocks", "xblocks.*", "graders", "graders.*"]),
    package_data={
        "xblocks.common": ["public/*"],
        "xblocks.phone_sim": ["public/*", "templates/*", "scenarios/*.xml", "translations/*/LC_MESSAGES/*"],
        "xblocks.quiz": ["public/*", "templates/*", "scenarios/*.xml", "translations/*/LC_MESSAGES/*"],
        "xblocks.progress": ["public/*", "translations/*/LC_MESSAGES/*"],
        "graders": ["templates/graders/*", "static/graders/*", "credentials/contexts/*.json"],
    },
    install_requires=INSTALL_REQUIRES,
    extras_require={"workbench": WORKBENCH_REQUIRES, "test": TEST_REQUIRES},
    cmdclass={"build_py": BuildWithCatalogues},
    entry_points={
        "xblock.v1": [
            "phone_sim = xblocks.phone_sim:PhoneSimBlock",
            "auto_quiz = xblocks.quiz:QuizBlock",
            "learner_progress = xblocks.progress:LearnerProgressBlock",
        ],
        "lms.djangoapp": ["graders = graders.apps:GradersConfig"],
        "cms.djangoapp": ["graders = graders.apps:GradersConfig"],
        "console_scripts": ["hocvuso = graders.cli:main"],
    },
    classifiers=[
        "Framework :: Django",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Natural Language :: Vietnamese",
    ],
)
