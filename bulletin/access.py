"""Who may read what the bulletin keeps for members.

Member readers are coordinators (active staff) and the editors of ACCMR member organisations.
They see members-only calls, the Members area and the members-only contacts; nobody else does.
"""

from members.models import EditorMembership

_CACHE_ATTRIBUTE = "_bulletin_member_reader"


def is_member_reader(user) -> bool:
    """Whether `user` may read members-only information (one query, then kept on the user)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff:
        return True
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = EditorMembership.objects.filter(user=user, organisation__is_member=True).exists()
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached
