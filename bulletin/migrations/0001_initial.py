# The bulletin's first migration is empty on purpose: each section (activities and news;
# open calls and the toolkit) adds its own migration after it.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = [("members", "0004_list_order_indexes")]
    operations = []
