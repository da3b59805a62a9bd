"""`makemessages` without fuzzy matching.

gettext's fuzzy matching guesses a translation for a new message from a similar old one
("To coordinate the network." once received "Only coordinators see these notes."). A guess
marked fuzzy is easy to miss when several people edit the catalogues; an empty entry is not:
`make check-messages` fails on it until someone writes the real translation.
"""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    msgmerge_options = [*MakeMessagesCommand.msgmerge_options, "--no-fuzzy-matching"]
