"""`{% remembered %}`: a part of a page drawn once, then kept until the content changes.

    {% load remembered %}
    {% remembered "network-members" %}…{% endremembered %}
    {% remembered "municipality-sections" municipality.pk %}…{% endremembered %}

The part is kept under its name, the values after the name and the page's language, by
`accmr.cache.remember`: under the content version, as long as PAGE_CACHE and
DATA_CACHE_SECONDS say. A page without the page cache still skips drawing it, which is most
of what the network's pages cost (bench/RESULTS.md, issue 18). Django's `{% cache %}` would do
the same if every view passed it the content version and the lifetime.

Only around what every visitor sees the same, whatever the hour: never around a form (its
CSRF token), anything personal (a member's or a coordinator's view), or anything that
changes with the clock (opening lines, "today"), unless the part changes only by the day and
the day is one of its values (a service's week of hours and coming closures).
"""

import hashlib

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accmr.cache import remember

register = template.Library()


class RememberedNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist, self.name, self.values = nodelist, name, values

    def render(self, context):
        identity = [self.name.resolve(context), get_language()]
        identity += [str(value.resolve(context)) for value in self.values]
        digest = hashlib.sha256("\n".join(map(str, identity)).encode()).hexdigest()[:32]
        return mark_safe(  # noqa: S308 - the output of this template's own nodes
            remember(
                f"fragment:{digest}",
                lambda: self.nodelist.render(context),
                seconds=settings.DATA_CACHE_SECONDS,
            )
        )


@register.tag
def remembered(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% remembered %} needs a name")
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    return RememberedNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
