from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("cabinet/charges/", views.charges, name="charges"),
    path("cabinet/statement/", views.statement, name="statement"),
    path("cabinet/receipts/", views.receipt, name="receipts"),
]
