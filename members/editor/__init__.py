"""Member self-service: the editors' pages under /<lang>/my/ and accepting an invitation.

access.py loads an editor's records (another organisation's record is a 404) and holds what
the pages share; views/ has one module per section (dashboard, organisation, services,
hours, locations, invitations); forms.py and hours_forms.py parse and validate, never save:
the views send every edit through members.services as a proposed change.
"""
