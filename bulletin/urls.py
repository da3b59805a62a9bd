from django.urls import path  # noqa: F401  (the sections add their routes here)

app_name = "bulletin"

urlpatterns = []
