"""Hostile OLX is refused quickly with an error an author can act on; ordinary OLX parses."""

import time

import pytest

from xblocks.common.xml import XMLError, parse_xml

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<phone_sim>&lol9;</phone_sim>"""


def external_entity(path):
    return f"""<?xml version="1.0"?>
<!DOCTYPE scenario [ <!ENTITY secret SYSTEM "file://{path}"> ]>
<auto_quiz><question>&secret;</question></auto_quiz>"""


def test_billion_laughs_is_refused_fast_with_the_line():
    started = time.perf_counter()
    with pytest.raises(XMLError) as caught:
        parse_xml(BILLION_LAUGHS, source="quiz.xml")
    assert time.perf_counter() - started < 1.0
    assert caught.value.line == 2
    assert "quiz.xml, line 2" in str(caught.value)
    assert "DOCTYPE" in str(caught.value)


def test_external_entity_file_read_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    started = time.perf_counter()
    with pytest.raises(XMLError) as caught:
        parse_xml(external_entity(secret))
    assert time.perf_counter() - started < 1.0
    assert "TOP-SECRET-CONTENT" not in str(caught.value)
    assert "line 2" in str(caught.value)


def test_entity_declaration_without_doctype_keyword_case_is_refused():
    with pytest.raises(XMLError):
        parse_xml('<?xml version="1.0"?>\n<!doctype x [<!ENTITY a "b">]><x>&a;</x>')


def test_undeclared_entity_reference_is_a_syntax_error_with_line():
    with pytest.raises(XMLError) as caught:
        parse_xml("<a>\n<b>&nope;</b></a>", source="scenario XML")
    assert "scenario XML, line 2" in str(caught.value)


def test_malformed_xml_names_the_line():
    with pytest.raises(XMLError) as caught:
        parse_xml("<a>\n<b>\n</a>")
    assert caught.value.line == 3
    assert "not well formed" in str(caught.value)


def test_ordinary_olx_with_vietnamese_text_parses():
    root = parse_xml('<?xml version="1.0" encoding="UTF-8"?>\n<phone_sim display_name="Kích hoạt VNeID">'
                     "<screen id='s1'>Mở ứng dụng</screen></phone_sim>")
    assert root.tag == "phone_sim"
    assert root.get("display_name") == "Kích hoạt VNeID"
    assert root[0].text == "Mở ứng dụng"


def test_bytes_with_encoding_declaration_parse():
    root = parse_xml('<?xml version="1.0" encoding="UTF-8"?><q>Đúng</q>'.encode())
    assert root.text == "Đúng"


def test_empty_document_is_refused():
    with pytest.raises(XMLError):
        parse_xml("")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
                                      "utf-8-sig"])
def test_declarations_in_wide_encodings_are_refused(encoding, tmp_path):
    """A byte search for "<!DOCTYPE" misses it in UTF-16/32: the document is decoded before the check."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    document = external_entity(secret).replace('<?xml version="1.0"?>',
                                               f'<?xml version="1.0" encoding="{encoding.upper()}"?>')
    with pytest.raises(XMLError) as caught:
        parse_xml(document.encode(encoding), source="quiz.xml")
    assert "quiz.xml, line 2" in str(caught.value)
    assert "DOCTYPE" in str(caught.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig", "utf-16-le"])
def test_wide_encodings_of_ordinary_olx_parse(encoding):
    """What an editor on Windows saves (UTF-16 or a UTF-8 BOM) still reads, Vietnamese intact."""
    document = f'<?xml version="1.0" encoding="{encoding}"?>\n<problem display_name="Câu hỏi về mật khẩu"/>'
    root = parse_xml(document.encode(encoding))
    assert root.get("display_name") == "Câu hỏi về mật khẩu"


def test_bytes_in_a_declared_legacy_encoding_parse():
    document = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<problem display_name="Cà phê"/>'
    assert parse_xml(document.encode("latin-1")).get("display_name") == "Cà phê"


def test_invalid_utf8_names_the_line():
    with pytest.raises(XMLError) as caught:
        parse_xml(b"<a>\n<b>ok</b>\n<c>\xff\xfe\xfd</c></a>", source="unit.xml")
    assert "unit.xml, line 3" in str(caught.value)
    assert "UTF-8" in str(caught.value)
