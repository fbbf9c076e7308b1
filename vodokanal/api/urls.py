from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .docs import ApiDocsView

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(authentication_classes=[],
                                               permission_classes=[]), name="schema"),
    # The split view serves its start-up script as a file: the site's CSP allows no inline one.
    path("docs/", ApiDocsView.as_view(), name="docs"),
    path("accounts/", views.AccountsView.as_view(), name="accounts"),
    path("accounts/<str:number>/balance/", views.BalanceView.as_view(), name="balance"),
    path("accounts/<str:number>/meters/", views.MetersView.as_view(), name="meters"),
    path("accounts/<str:number>/readings/", views.ReadingsView.as_view(), name="readings"),
    path("accounts/<str:number>/charges/", views.ChargesView.as_view(), name="charges"),
    path("accounts/<str:number>/payments/", views.PaymentsView.as_view(), name="payments"),
    path("accounts/<str:number>/receipts/<int:year>-<int:month>.pdf",
         views.ReceiptView.as_view(), name="receipt"),
    path("accounts/<str:number>/payment-links/", views.PaymentLinkView.as_view(),
         name="payment_links"),
    path("notices/", views.NoticesView.as_view(), name="notices"),
    path("communal-meters/", views.CommunalMetersView.as_view(), name="communal_meters"),
    path("communal-meters/readings/", views.CommunalReadingsView.as_view(),
         name="communal_readings"),
    path("flats/", views.FlatsView.as_view(), name="flats"),
    path("flats/<str:number>/readings/", views.FlatReadingsView.as_view(),
         name="flat_readings"),
]
