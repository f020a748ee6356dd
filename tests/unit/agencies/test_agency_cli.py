"""`hocvuso agency`: an operator creates an agency and names its officer; the staff list is imported and
exported from the command line as from the page (bad rows on stderr with their lines, nothing imported)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from pypdf import PdfReader

from graders import cli
from graders.agencies.staff_list import EXPORT_HEADERS
from graders.models import Agency, AgencyMember, AgencyOfficer

pytestmark = pytest.mark.django_db


def test_create_officer_import_export(tmp_path, capsys, mini_course):
    get_user_model().objects.create_user("can_bo")
    assert cli.main(["agency", "create", "UBND phường Tân Định"]) == 0
    agency = Agency.objects.get()
    assert cli.main(["agency", "officer", str(agency.pk), "can_bo"]) == 0
    assert AgencyOfficer.objects.filter(agency=agency, user__username="can_bo").exists()
    staff = tmp_path / "staff.csv"
    staff.write_text("Tên đăng nhập,Họ và tên,Đơn vị,Hạn hoàn thành\nan,An,Tổ 1,31/12/2026\nbinh,Bình,Tổ 2,mai\n")
    assert cli.main(["agency", "import", "UBND phường Tân Định", str(staff)]) == 2
    err = capsys.readouterr().err
    assert "dòng 3: hạn hoàn thành" in err and "nothing was imported" in err
    assert not AgencyMember.objects.exists()
    staff.write_text("Tên đăng nhập,Họ và tên,Đơn vị,Hạn hoàn thành\nan,An,Tổ 1,31/12/2026\nbinh,Bình,Tổ 2,\n")
    assert cli.main(["agency", "import", str(agency.pk), str(staff)]) == 0
    assert "imported 2 people" in capsys.readouterr().out
    out = tmp_path / "ds.xlsx"
    assert cli.main(["agency", "export", str(agency.pk), "--out", str(out), "--unit", "to 2"]) == 0
    rows = list(load_workbook(io.BytesIO(out.read_bytes())).active.iter_rows(values_only=True))
    assert rows[0] == EXPORT_HEADERS and [row[0] for row in rows[1:]] == ["Bình"]
    pdf = tmp_path / "chung-nhan.pdf"
    assert cli.main(["agency", "pdf", str(agency.pk), "--out", str(pdf)]) == 0
    first_page = PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    assert "0/2 người đã có chứng nhận" in first_page and "An" in first_page and "Bình" in first_page
    assert cli.main(["agency", "list", "--json"]) == 0
    assert '"people": 2' in capsys.readouterr().out
