from django.urls import path

from .views import individual, organisation

app_name = "billing"

urlpatterns = [
    path("cabinet/charges/", individual.charges, name="charges"),
    path("cabinet/statement/", individual.statement, name="statement"),
    path("cabinet/receipts/", individual.receipt, name="receipts"),
    path("cabinet/contracts/<str:number>/", organisation.contract_detail, name="contract"),
    path("cabinet/documents/", organisation.document_list, name="documents"),
    path("cabinet/documents/<int:pk>/", organisation.document_detail, name="document"),
    path("cabinet/documents/<int:pk>/file/", organisation.document_download,
         name="document_file"),
    path("cabinet/documents/<int:pk>/replies/<int:reply_pk>/file/",
         organisation.reply_download, name="reply_file"),
]
