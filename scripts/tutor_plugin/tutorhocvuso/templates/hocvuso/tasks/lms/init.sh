# hocvuso (tutor-contrib-hocvuso) LMS init: graders' tables and the issuer's signing key
echo "hocvuso: migrating graders"
./manage.py lms migrate graders

echo "hocvuso: issuer key in {{ HOCVUSO_KEY_DIR }}"
mkdir -p "{{ HOCVUSO_KEY_DIR }}"
chmod 700 "{{ HOCVUSO_KEY_DIR }}"
./manage.py lms hocvuso keys create --if-missing
