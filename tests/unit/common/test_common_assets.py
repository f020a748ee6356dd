"""Both blocks serve the one shared page script (xblocks/common/public/net.js) as a file of their own."""

import pytest
from xblock.exceptions import DisallowedFileError

from xblocks.phone_sim.block import PhoneSimBlock
from xblocks.quiz.block import QuizBlock


@pytest.mark.parametrize("block_class", [PhoneSimBlock, QuizBlock])
def test_each_block_serves_the_shared_post_helper_and_still_its_own_files(block_class):
    with block_class.open_local_resource("public/common/net.js") as shared:
        text = shared.read().decode("utf-8")
    assert "HocvusoNet" in text and "X-CSRFToken" in text
    own = "public/phone_sim.js" if block_class is PhoneSimBlock else "public/quiz.js"
    with block_class.open_local_resource(own) as script:
        assert b"HocvusoNet.Channel" in script.read()


@pytest.mark.parametrize("uri", ["public/common/../block.py", "public/common/secret.py", "../setup.py"])
def test_nothing_else_is_served_through_the_shared_prefix(uri):
    with pytest.raises((DisallowedFileError, FileNotFoundError, OSError)):
        PhoneSimBlock.open_local_resource(uri).read()


def test_one_csrf_reader_in_the_browser_code():
    from importlib import resources

    scripts = {f"{pkg}/{name}": resources.files(pkg).joinpath("public", name).read_text(encoding="utf-8")
               for pkg, names in (("xblocks.phone_sim", ("phone_sim.js", "studio.js")),
                                  ("xblocks.quiz", ("quiz.js", "studio.js")),
                                  ("xblocks.common", ("net.js",)))
               for name in names}
    readers = [name for name, text in scripts.items() if "csrftoken" in text]
    assert readers == ["xblocks.common/net.js"]
