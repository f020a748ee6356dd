"""What the demo's runtime provides to the blocks, as the LMS would: a user service with a staff flag,
and no legacy attributes stamped onto our blocks.

The blocks talk to runtime services only; these close the gaps between xblock-sdk's workbench and the
LMS here, in the demo, instead of in product code.
"""

from __future__ import annotations

import os

from xblock.reference.user_service import UserService, XBlockUser

HOCVUSO_BLOCK_TYPES = frozenset({"phone_sim", "auto_quiz"})


def staff_ids() -> frozenset[str]:
    """Demo learner ids that act as course staff (Studio editors, item statistics): HOCVUSO_DEMO_STAFF."""
    return frozenset(os.environ.get("HOCVUSO_DEMO_STAFF", "staff").split())


class DemoUserService(UserService):
    """The LMS's user service shape for the workbench's `?student=<id>`: ids and a staff flag."""

    runtime = None  # set by the workbench after construction

    def __init__(self):
        super().__init__(user=None)

    def get_current_user(self) -> XBlockUser:
        uid = str(getattr(self.runtime, "user_id", None) or "student_1")
        user = XBlockUser(is_current_user=True, full_name=uid)
        user.opt_attrs["xblock-workbench.user_id"] = uid
        user.opt_attrs["edx-platform.user_id"] = uid
        user.opt_attrs["edx-platform.user_is_staff"] = uid in staff_ids()
        user.opt_attrs["edx-platform.user_role"] = "staff" if uid in staff_ids() else "student"
        return user


def install() -> None:
    """Stop the workbench stamping our blocks with legacy attributes (a naive "now" as their `due`)."""
    from workbench.runtime import WorkbenchRuntime

    original = WorkbenchRuntime._patch_xblock
    if getattr(original, "hocvuso", False):
        return

    def patch_other_blocks(self, block):
        if block.scope_ids.block_type not in HOCVUSO_BLOCK_TYPES:
            original(self, block)

    patch_other_blocks.hocvuso = True
    WorkbenchRuntime._patch_xblock = patch_other_blocks
