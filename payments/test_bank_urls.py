from django.urls import path

from . import test_bank

app_name = "test_bank"

urlpatterns = [
    path("v2/Init", test_bank.init, name="init"),
    path("v2/GetState", test_bank.get_state, name="get_state"),
    path("pay/<str:payment_id>/", test_bank.card, name="card"),
    path("pay/<str:payment_id>/secure/", test_bank.secure, name="secure"),
]
