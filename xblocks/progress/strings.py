"""Every text the progress block shows, as English msgids marked for extraction (translated at use).

`_` only marks a string; the block translates through the runtime's i18n service, so babel's
extractor and the catalogue test find every string here.
"""

from __future__ import annotations

from xblocks.common.text import _

STRINGS = {
    "title": _("My progress"),
    "unavailable": _("Your progress cannot be shown here. Open this page from the course."),
    "anonymous": _("Sign in to see your progress and your certificate."),
    "learner": _("Name on the certificate: {name}"),
    "group": _("Your group: {group}"),
    "group_assigned": _("Your group was registered by your agency or employer; it cannot be changed here."),
    "group_choose": _("Choose your group"),
    "group_choose_help": _("You can choose this yourself. Civil servants, public employees and company workers: "
                           "your agency or employer registers your group; it is not chosen here."),
    "group_save": _("Save my group"),
    "group_saved": _("Your group was saved. Your progress below follows its requirements."),
    "requirements": _("Required lessons"),
    "score": _("{score} reached, {threshold} needed"),
    "met": _("Passed"),
    "not_met": _("Not yet"),
    "left_title": _("What is left"),
    "left_none": _("You have passed every required lesson."),
    "left_some": _("Pass these lessons to get your certificate:"),
    "course_score": _("Overall score: {score} reached, {threshold} needed"),
    "issuing": _("You have finished. Your certificate is being issued: open this page again in a minute."),
    "certificate": _("Your certificate"),
    "achievement": _("Certificate: {name}"),
    "issued_on": _("Issued on {date}"),
    "verify": _("Open the verification page"),
    "pdf": _("Download the certificate (PDF)"),
    "pdf_until": _("This download link works until {date}. For a new link, open this page again."),
    "qr_title": _("QR code of your certificate"),
    "qr_help": _("Anyone can scan this code (or the one printed on the PDF) to check that the certificate is "
                 "genuine and carries your name."),
    "revoked": _("This certificate was revoked on {date}."),
    "revoked_reason": _("Reason: {reason}"),
    "delivery_title": _("Sent to the VNeID app"),
    "delivery_pending": _("Waiting to be sent to the identity platform (VNeID)."),
    "delivery_sending": _("Being sent to the identity platform (VNeID)."),
    "delivery_delivered": _("Sent, and the identity platform confirmed it received it on {date}."),
    "delivery_dead": _("Not sent yet: the platform did not accept it. The course team has been told and will "
                       "send it again."),
    "delivery_none": _("This certificate is not sent to the identity platform."),
    "steps_title": _("How to find it in the VNeID app"),
    "step_1": _("Open the VNeID app on your phone and sign in with your electronic identity account."),
    "step_2": _("Open the part of the app that lists your documents and certificates."),
    "step_3": _("Look for \"{name}\". It appears there after the platform has confirmed it (see above)."),
    "steps_note": _("Menu names can differ between app versions. If you cannot find it, show this page to your "
                    "instructor or the commune's digital support team."),
    "error": _("Something went wrong. Please try again."),
    "refused_group": _("This group cannot be chosen here."),
}
