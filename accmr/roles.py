"""Roles in the back office.

- Superusers: everything, including staff accounts, groups and two-factor devices.
- Coordinators (is_staff, not superuser, in the group below): the directory's and the
  network's content, the vocabularies, visitors' problem reports, the review of proposed
  changes, member editors and their invitations, and accounts that are not staff. The
  group's exact permissions are set by accmr/migrations/0003_coordinators_group.py:
    * add/change/delete/view on organisations, locations, services, opening hours,
      closures and special hours (granted by members 0007),
      the four vocabularies, municipalities, integration structures, good practices,
      activities and news (the last two granted by bulletin's 0002 migration);
    * view/change/delete on problem reports (no add: visitors send them);
    * view/change on proposed changes (no add: editors send them; no delete: they are the
      record of each decision);
    * add/change/delete/view on editor memberships and invitations;
    * add/change/view on users, limited by accmr.admin.UserAdmin to accounts that are not
      staff; no delete (deactivate instead), nothing on groups, permissions, devices or
      the admin log.
- Member editors: no admin access at all (not staff); they use /<lang>/my/.
"""

COORDINATORS_GROUP = "Coordinators"
