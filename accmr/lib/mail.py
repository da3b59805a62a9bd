"""An e-mail backend for a server without SMTP: the console, with no usable link in it."""

import copy

from django.core.mail.backends.console import EmailBackend as ConsoleBackend

from accmr.lib.redact import links_for_logs


class RedactingConsoleBackend(ConsoleBackend):
    """Django's console backend, but invitation and reset links show their route, not the
    token: on a server the console is the log, and a token there opens the account."""

    def write_message(self, message):
        shown = copy.copy(message)
        shown.body = links_for_logs(message.body or "")
        if getattr(message, "alternatives", None):
            shown.alternatives = [
                (links_for_logs(content), mimetype) for content, mimetype in message.alternatives
            ]
        super().write_message(shown)
