from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("cabinet/pay/", views.pay, name="pay"),
    path("pay/", views.guest_pay, name="guest_pay"),
    path("profile/cards/", views.cards, name="cards"),
    path("cabinet/autopay/", views.autopay, name="autopay"),
    path("payments/<str:order_id>/", views.payment_return, name="return"),
    path("payments/<str:order_id>/sbp/", views.sbp, name="sbp"),
    path("payments/<str:order_id>/status/", views.payment_status, name="status"),
    path("payments/notifications/<str:gateway>/", views.notification, name="notification"),
]
