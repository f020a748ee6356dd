# hocvuso (tutor-contrib-hocvuso) LMS init: graders' tables and the issuer's signing key
echo "hocvuso: migrating graders"
./manage.py lms migrate graders

echo "hocvuso: issuer key in {{ HOCVUSO_KEY_DIR }}"
mkdir -p "{{ HOCVUSO_KEY_DIR }}"
chmod 700 "{{ HOCVUSO_KEY_DIR }}"
./manage.py lms hocvuso keys create --if-missing

{% if HOCVUSO_COURSE_ARCHIVE_URL -%}
# The course's certificate policy (who passes, which certificate) lives in the LMS database: loaded from the
# same archive Studio imports, once; an operator's later `hocvuso policy load` is kept.
if ./manage.py lms hocvuso policy list --json | grep -q '"course_id": "{{ HOCVUSO_COURSE_ID }}"'; then
    echo "hocvuso: the certificate policy of {{ HOCVUSO_COURSE_ID }} is already loaded; kept"
else
    echo "hocvuso: loading the certificate policy from {{ HOCVUSO_COURSE_ARCHIVE_URL }}"
    archive="$(mktemp --suffix=.tar.gz)"
    python -c "import shutil, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=120) as response, open(sys.argv[2], 'wb') as out:
    shutil.copyfileobj(response, out)" "{{ HOCVUSO_COURSE_ARCHIVE_URL }}" "$archive"
    ./manage.py lms hocvuso policy load "$archive"
    rm -f "$archive"
fi
{%- else -%}
echo "hocvuso: no certificate policy loaded (set HOCVUSO_COURSE_ARCHIVE_URL, or run hocvuso policy load)"
{%- endif %}
