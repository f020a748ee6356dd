"""The `auto_quiz` XBlock: readable-XML quizzes graded only on the server (see docs/authoring/auto_quiz.md)."""

from .block import QuizBlock

__all__ = ["QuizBlock"]
