from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("cabinet/questions/", views.questions, name="questions"),
    path("cabinet/questions/<int:pk>/", views.question, name="question"),
    path("cabinet/questions/<int:pk>/attachment/", views.question_attachment,
         name="attachment"),
    path("cabinet/notices/", views.notices, name="notices"),
    path("cabinet/notices/settings/", views.notice_settings, name="notice_settings"),
    path("cabinet/notices/push/", views.push_subscribe, name="push_subscribe"),
    path("cabinet/notices/push/<int:pk>/remove/", views.push_remove, name="push_remove"),
    path("questions/ask/", views.ask, name="ask"),
    path("faq/", views.faq, name="faq"),
    path("offices/", views.offices, name="offices"),
    path("outages/", views.outages, name="outages"),
    path("contacts/", views.page("support/contacts.html"), name="contacts"),
    path("safety/", views.page("support/safety.html"), name="safety"),
    path("hot-water/", views.page("support/hot_water.html"), name="hot_water"),
]
