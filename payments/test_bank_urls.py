from django.urls import path

from . import test_bank

app_name = "test_bank"

urlpatterns = [
    path("v2/Init", test_bank.init, name="init"),
    path("v2/GetState", test_bank.get_state, name="get_state"),
    path("v2/GetQr", test_bank.get_qr, name="get_qr"),
    path("v2/GetCardList", test_bank.get_card_list, name="get_card_list"),
    path("v2/Charge", test_bank.charge, name="charge"),
    path("v2/RemoveCard", test_bank.remove_card, name="remove_card"),
    path("sbp-app/", test_bank.sbp_app, name="sbp_app"),
    path("v3/payments", test_bank.checkout_create, name="checkout_create"),
    path("v3/payments/<str:payment_id>", test_bank.checkout_payment, name="checkout_payment"),
    path("pay/<str:payment_id>/", test_bank.card, name="card"),
    path("pay/<str:payment_id>/secure/", test_bank.secure, name="secure"),
    path("receipts/<str:payment_id>/", test_bank.receipt_page, name="receipt"),
]
