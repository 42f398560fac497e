"""Every page of the dashboard. SignInRequired (security.py) closes each to signed-out users; each
view says the least role it needs (roles.needs). tests/web enumerate this list."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from csc_insight.web import (
    commentary,
    costs_page,
    delivery_pages,
    education_page,
    finance,
    people,
    plan_page,
    views,
)
from csc_insight.web import forecast as forecast_page
from csc_insight.web.forms import SignInForm

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="web/sign_in.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="sign-in",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path("", views.home, name="home"),
    path("area/<slug:area>/", views.area, name="area"),
    path("indicator/<slug:ident>/", views.indicator, name="indicator"),
    path("indicator/<slug:ident>/children/", views.children, name="children"),
    path("indicator/<slug:ident>/children.csv", views.children_csv, name="children-csv"),
    path("data/", views.data_page, name="data"),
    path("targets/", views.targets, name="targets"),
    path("commentary/", commentary.page, name="commentary"),
    path("finance/", finance.page, name="finance"),
    path("delivery/", delivery_pages.delivery, name="delivery"),
    path("plan/", plan_page.page, name="plan"),
    path("forecast/", forecast_page.page, name="forecast"),
    path("costs/", costs_page.page, name="costs"),
    path("education/", education_page.page, name="education"),
    path("users/", people.page, name="users"),
    path("users/<int:pk>/", people.person, name="user"),
    path("pack/<str:kind>/", views.pack_download, name="pack"),
    path("audit/", views.audit, name="audit"),
    path("audit.csv", views.audit_csv, name="audit-csv"),
]
