"""The Cities Network's figure on the directory-in-figures page (members.figures).

The member municipalities side by side: published services per top-level category, from the
same comparison data as the network's comparison page. Registered by NetworkConfig.ready(),
so members never imports network.
"""

from django.utils.translation import gettext as _

from members.figures import Figure
from members.models import ServiceCategory
from network.comparison import build_comparison
from network.models import Municipality


def municipalities_side_by_side() -> Figure:
    columns = list(ServiceCategory.objects.filter(parent__isnull=True).order_by("order", "slug"))
    municipalities = list(
        Municipality.objects.published().only("slug", "name_el", "name_en", "organisation_id")
    )
    comparison = build_comparison(municipalities, columns)
    return Figure(
        slug="network-municipalities",
        title=_("The Cities Network's municipalities side by side"),
        caption=_(
            "How many published services each member municipality of the Cities Network offers "
            "in each category, through its own record and its integration structures."
        ),
        kind="heat",
        row_header=_("Municipality"),
        columns=[column.name for column in comparison.columns],
        rows=[
            (row.municipality.name, [cell.count for cell in row.cells]) for row in comparison.rows
        ],
    )
