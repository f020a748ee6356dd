# hocvuso (tutor-contrib-hocvuso) Studio init: import the course archive, once
{% if HOCVUSO_COURSE_ARCHIVE_URL -%}
if ./manage.py cms shell -c "import sys
from opaque_keys.edx.keys import CourseKey
from xmodule.modulestore.django import modulestore
sys.exit(0 if modulestore().get_course(CourseKey.from_string('{{ HOCVUSO_COURSE_ID }}')) else 1)"; then
    echo "hocvuso: {{ HOCVUSO_COURSE_ID }} is already in Studio; not imported again (authors' edits are kept)"
else
    echo "hocvuso: importing {{ HOCVUSO_COURSE_ARCHIVE_URL }}"
    workdir="$(mktemp -d)"
    python - "{{ HOCVUSO_COURSE_ARCHIVE_URL }}" "$workdir" <<'PYTHON'
import sys, tarfile, urllib.request
url, target = sys.argv[1], sys.argv[2]
with urllib.request.urlopen(url, timeout=120) as response, tarfile.open(fileobj=response, mode="r|gz") as archive:
    archive.extractall(target, filter="data")  # no absolute paths, links out or devices
PYTHON
    ./manage.py cms import ../data "$workdir/course"
    rm -rf "$workdir"
fi
{%- else -%}
echo "hocvuso: no course imported (set HOCVUSO_COURSE_ARCHIVE_URL to the archive scripts/build_course makes)"
{%- endif %}
