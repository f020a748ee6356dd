"""Every string the phone_sim block itself shows, marked for translation (engine messages: engine.py)."""

from __future__ import annotations

from xblocks.common.text import _

# Messages the block itself sends (engine messages live in engine.ENGINE_MESSAGES).
MSG_MODE_NOT_OFFERED = _("This mode is not offered in this exercise.")
MSG_NO_ATTEMPTS = _("You have used all your test attempts.")
MSG_NOT_STARTED = _("Choose a mode to start the exercise first.")
MSG_BAD_REQUEST = _("The request was not understood. Reload the page and try again.")
MSG_SCENARIO_BROKEN = _("This exercise is not ready yet. Please tell the course team.")
MSG_IN_PROGRESS = _("Your previous action is still being handled. Wait a moment, then try again.")
MSG_CONFIRM_TEST = _("A test attempt is scored and uses one of your attempts: confirm to start it.")
MSG_PROJECTOR_STAFF_ONLY = _("Projector mode (\"Follow me\") is for teachers and course staff. Open the exercise "
                             "itself to learn with it.")
BLOCK_MESSAGES = (MSG_MODE_NOT_OFFERED, MSG_NO_ATTEMPTS, MSG_NOT_STARTED, MSG_BAD_REQUEST, MSG_SCENARIO_BROKEN,
                  MSG_IN_PROGRESS, MSG_CONFIRM_TEST, MSG_PROJECTOR_STAFF_ONLY)

# Strings the browser shows, translated on the server (there is no JavaScript i18n build step).
UI_STRINGS = {
    "watch": _("Watch"), "practice": _("Practice"), "test": _("Test"),
    "chooseMode": _("Choose how you want to learn:"),
    "restart": _("Start again"), "largeText": _("Large text"), "narration": _("Read aloud"),
    "pause": _("Pause"), "play": _("Play"), "task": _("Your task"), "hint": _("Hint"),
    "showMe": _("Show me"), "ok": _("OK"), "erase": _("Delete"), "accept": _("Answer"),
    "decline": _("Decline"), "back": _("Back"), "mockApp": _("(simulation)"),
    "mockNotice": _("Practice simulation: not a real app, all data is fake."),
    "success": _("Well done! You finished the exercise."),
    "failure": _("This attempt did not succeed. Read what happened, then start again."),
    "score": _("Score"), "attemptsLeft": _("Test attempts left"),
    "mistakesCount": _("Mistakes: {count} (up to {allowed} allowed)"),
    "watchAbout": _("Watch: the phone shows each step by itself."),
    "practiceAbout": _("Practice: you do it yourself, with hints. Not scored."),
    "testAbout": _("Test: you do it alone, without hints. Scored."),
    "confirmTest": _("Start the test? It is scored, gives no hints and allows up to {allowed} mistakes. {attempts}"),
    "attemptsLeftCount": _("You have {count} attempts left."),
    "attemptsUnlimited": _("You may take it as many times as you like."),
    "startTest": _("Start the test"), "notNow": _("Not now"),
    "confirmLeave": _("You are in the middle of a test. It is kept: choose Test again later to go on where you "
                      "stopped, without using another attempt."),
    "leaveTest": _("Leave the test"),
    "sending": _("Sending…"),
    "offline": _("No connection. What you did is kept and will be sent when the network is back."),
    "swipe_up": _("Swipe up"), "swipe_down": _("Swipe down"), "swipe_left": _("Swipe left"),
    "swipe_right": _("Swipe right"), "holdFinger": _("Hold"),
    "sliderHelp": _("Move with the arrow keys, then press Enter."),
    "showPassword": _("Show password"), "hidePassword": _("Hide password"),
    "holdHelp": _("To hold: Shift+Enter"), "swipeHelp": _("To swipe: arrow keys"),
    "watchDone": _("End of the demonstration. Choose Practice to try it yourself."),
    "networkError": _("Could not reach the server. Check your connection and try again."),
    "secure": _("Secure connection"), "notSecure": _("Not secure"), "address": _("Web address"),
    "phone": _("Simulated phone"), "scan": _("Scan"), "incomingCall": _("Incoming call"), "modes": _("Modes"),
    "send": _("Send"),
}
# Projector mode ("Follow me"): course staff only, nothing scored or saved. Sent to staff pages alone
# (block.py), beside UI_STRINGS, for phone_sim_projector.js.
PROJECTOR_STRINGS = {
    "projector": _("Follow me"),
    "projectorAbout": _("Show this exercise large on the projector, one step at a time. Nothing is scored."),
    "projectorNotScored": _("Projector: nothing is scored or saved."),
    "projectorKeys": _("Next step: → or Page Down or Space. Previous step: ← or Page Up."),
    "stepCount": _("Step {number}/{total}"), "previous": _("Previous"), "next": _("Next"),
    "close": _("Close"), "fullScreen": _("Full screen"),
    "projectorDone": _("Done. Now everyone tries it on their own phone."),
}

# Studio form messages (authors: English or Vietnamese).
MSG_MODES = _("Modes must be some of: watch practice test.")
MSG_NOT_NEGATIVE = _("{name} must be 0 or more.")
MSG_NUMBERS = _("Weight, mistakes and attempts must be numbers.")
STUDIO_MESSAGES = (MSG_MODES, MSG_NOT_NEGATIVE, MSG_NUMBERS)

# Studio editor (templates/studio.html reads them as `t.<key>`; studio.js gets `preview*` and the rest).
STUDIO_STRINGS = {
    "display_name": _("Display name"),
    "modes": _("Modes"),
    "weight": _("Weight"),
    "max_errors": _("Mistakes allowed (test)"),
    "max_attempts": _("Test attempts (0 = unlimited)"),
    "scenario_xml": _("Scenario XML"),
    "check": _("Check scenario"),
    "save": _("Save"),
    "cancel": _("Cancel"),
    "ok": _("The scenario is valid."),
    "saving": _("Saving…"),
    "preview": _("Preview: what a learner sees"),
    "screen": _("Screen to show"),
    "stale": _("The preview shows the last valid version: fix the problems to update it."),
    "goToLine": _("Go to line {line}"),
}
# Labels of the preview's screen picker.
PREVIEW_STEP = _("Step {number}: {task}")
PREVIEW_END = {"success": _("End, success: {title}"), "failure": _("End, failure: {title}")}
PREVIEW_SCREEN = _("Screen '{id}'")
