"""Every text the quiz shows to learners, authors and staff, as English msgids marked for extraction.

`_` only marks a string (so babel's extractor and the catalogue test find it); the block translates
at use with the runtime's i18n service, in the learner's language. Keeping all of them here gives
translators one file to check and lets `render.py` stay free of any framework import.
"""

from __future__ import annotations

from xblocks.common.text import LANGUAGE_CODE, _

from . import attempts

# Refusals a learner can meet (a handler's error message).
REFUSALS = {
    attempts.STALE: _("This attempt was already submitted or the page is out of date. Reload the page."),
    attempts.NO_ATTEMPTS_LEFT: _("You have used all your attempts."),
    attempts.PAST_DUE: _("The due date has passed; no more attempts are accepted."),
    attempts.WAIT: _("You can try again in {seconds} seconds."),
    attempts.NO_OPEN_ATTEMPT: _("There is no attempt in progress. Press \"Start the quiz\" first."),
    attempts.QUESTION_CLOSED: _("This question is already closed."),
    attempts.WRONG_MODE: _("This action is not available in this quiz."),
    "bad_request": _("The request could not be understood. Reload the page and try again."),
    "staff_only": _("Only course staff can see this."),
    "broken_quiz": _("This quiz cannot be shown right now. Please tell the course team."),
    "in_progress": _("Your previous answer is still being handled. Wait a moment, then try again."),
    "no_statistics": _("Item statistics are not available here: the hocvuso graders app is not installed."),
}

# What a handler announces after it succeeds (read out by the live region).
MESSAGES = {
    "started": _("The quiz has started. Answer the questions, then press \"Submit answers\"."),
    "submitted": _("Your answers were submitted."),
    "hint": _("Hint {number}: {text}"),
    "checked": _("{verdict}. Tries left: {count}."),
}

# Every UI string the renderer and the JavaScript use.
UI_STRINGS = {
    "language": LANGUAGE_CODE,
    "question_of": _("Question {number} of {total}"),
    "points": _("{points} pt"),
    "choose": _("— Choose —"),
    "your_answer": _("Your answer"),
    "number_hint": _("A number, e.g. 3,5"),
    "move_up": _("Up"),
    "move_down": _("Down"),
    "move_up_label": _("Move up: {item}"),
    "move_down_label": _("Move down: {item}"),
    "moved_to": _("{item}: now in position {position} of {total}"),
    "position": _("Position {position}"),
    "spot_help": _("Tap the picture, or focus it and use the arrow keys to move the marker, then Enter."),
    "spot_none": _("No place chosen yet."),
    "spot_chosen": _("Chosen place: {x}% from the left, {y}% from the top."),
    "hint_button": _("Show a hint ({shown} of {total} shown)"),
    "hint_label": _("Hint {number}"),
    "check": _("Check this question"),
    "tries_left": _("Tries left: {count}"),
    "submit": _("Submit answers"),
    "start": _("Start the quiz"),
    "restart": _("Try again"),
    "correct": _("Correct"),
    "partial": _("Partly correct"),
    "incorrect": _("Not correct"),
    "earned": _("{earned} of {points} points"),
    "answer_is": _("Correct answer:"),
    "key_mark": _("correct answer"),
    "your_choice": _("your choice"),
    "explanation": _("Explanation"),
    "recorded": _("Your answers have been recorded. Results will be shown after your last attempt or after "
                  "the due date."),
    "score": _("Score: {earned} of {possible} points"),
    "grade": _("Grade that counts: {earned} of {possible} points ({method})"),
    "attempts_used": _("Attempts used: {used} of {limit}"),
    "attempts_used_unlimited": _("Attempts used: {used} (no limit)"),
    "due": _("Due: {due}"),
    "intro": _("{count} questions. Answer each one, then press \"Submit answers\"."),
    "start_cost": _("Starting uses one attempt. Attempts left: {left}."),
    "no_more_attempts": _("You have used all your attempts."),
    "closed_due": _("The due date has passed; no more attempts are accepted."),
    "wait_more": _("You can try again in {seconds} seconds."),
    "method_highest": _("highest attempt"),
    "method_last": _("last attempt"),
    "method_first": _("first attempt"),
    "method_average": _("average of attempts"),
    "unanswered": _("Not answered"),
    "answered_count": _("{count} of {total} questions answered."),
    "sending": _("Sending…"),
    "offline": _("No connection. Your answers are kept and will be sent when the network is back."),
    "blank_warning": _("{count} of {total} questions have no answer yet. A blank question scores 0."),
    "submit_anyway": _("Submit anyway"),
    "keep_answering": _("Keep answering"),
    "draft_restored": _("Your answers from before were put back. They are not submitted yet."),
    "network_error": _("Could not reach the server. Check your connection and try again."),
    "stats_button": _("Item statistics (staff)"),
    "stats_csv": _("Download CSV"),
    "preview_title": _("Preview: what a learner sees"),
    "quiz": _("Quiz"),
}

# Studio editor labels (the template reads them as `t.<key>`).
STUDIO_STRINGS = {
    "display_name": _("Display name"),
    "questions_per_learner": _("Questions per learner"),
    "maximum_attempts": _("Maximum attempts"),
    "grading_method": _("Grading method"),
    "feedback_mode": _("Feedback mode"),
    "show_answer": _("Show answer"),
    "wait_between_attempts_seconds": _("Wait between attempts (seconds)"),
    "penalty_per_wrong_try": _("Penalty per wrong try"),
    "tries_per_question": _("Tries per question"),
    "shuffle_options": _("Shuffle options"),
    "problem_weight": _("Problem weight"),
    "questions_xml": _("Questions (XML)"),
    "import_gift_or_aiken": _("Import GIFT or Aiken"),
    "format": _("Format"),
    "paste_the_questions": _("Paste the questions"),
    "convert_to_xml": _("Convert to XML"),
    "import_replace": _("Replace"),
    "import_append": _("Add to the end"),
    "save": _("Save"),
    "cancel": _("Cancel"),
    "preview_what_a_learner_sees": _("Preview: what a learner sees"),
    "yes": _("Yes"),
    "no": _("No"),
}

# Studio's names for the values of the choice settings (keys are the stored values).
SETTING_CHOICES = {
    "grading_method": {
        "highest": _("Highest attempt"), "last": _("Last attempt"), "average": _("Average of attempts"),
        "first": _("First attempt"),
    },
    "feedback_mode": {
        "immediate": _("Immediate: results after each attempt"),
        "deferred": _("Deferred: results after the last attempt or the due date"),
        "tries": _("Multiple tries per question, with a penalty"),
    },
    "show_answer": {
        "never": _("Never"), "after_each": _("After each attempt"), "after_final": _("After the final attempt"),
        "after_due": _("After the due date"),
    },
}

# Column headings and summary of the staff item-statistics table.
STATS_STRINGS = {
    "item": _("Item"),
    "n": _("Learners (n)"),
    "exposure": _("Exposure"),
    "p": _("Facility (p)"),
    "r_pb": _("Discrimination r_pb (corrected)"),
    "d": _("Upper-lower D (27%)"),
    "options": _("Options (* = key)"),
    "flags": _("Flags"),
    "summary": _("{learners} learners; Cronbach's alpha = {alpha}; KR-20 = {kr20}; SEM = {sem} "
                 "({complete} learners saw every item)"),
}
