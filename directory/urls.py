from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("find-a-therapist/", views.search_page, name="search"),
    path("find-a-therapist/<slug:slug>/", views.therapist_detail, name="therapist"),
    path("clinics/<slug:slug>/", views.clinic_detail, name="clinic"),
]
