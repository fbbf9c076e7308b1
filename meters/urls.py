from django.urls import path

from . import views

app_name = "meters"

urlpatterns = [
    path("cabinet/meters/", views.meters, name="meters"),
    path("cabinet/meters/<int:pk>/", views.meter_history, name="history"),
    path("cabinet/buildings/<int:pk>/flats/", views.company_building_flats,
         name="company_flats"),
    path("cabinet/buildings/<int:pk>/flats/readings.csv", views.company_flats_form,
         name="company_flats_form"),
    path("cabinet/buildings/<int:pk>/flats/<str:number>/", views.company_flat,
         name="company_flat"),
]
