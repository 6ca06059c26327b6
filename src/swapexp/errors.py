"""User-facing errors.

A :class:`SwapexpError` is a problem with the user's input (a path, a value, a
checkpoint). Entry points print its message as one line and exit non-zero,
without a traceback. Anything else is a bug and keeps its traceback.
"""


class SwapexpError(Exception):
    """An error caused by user input; its message names the problem and the fix."""

    exit_code = 2
