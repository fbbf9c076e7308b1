from datetime import date
from decimal import Decimal

import factory

from accounts.models import Building, Organisation, PersonalAccount, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    external_id = factory.Sequence(lambda n: f"ORG-{n}")
    kind = Organisation.Kind.LEGAL_ENTITY
    name = factory.Sequence(lambda n: f"ООО «Предприятие {n}»")
    inn = factory.Sequence(lambda n: f"{5400000000 + n}")
    access_code = factory.Sequence(lambda n: f"UL-{100000 + n}")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    external_id = factory.Sequence(lambda n: f"B-{n}")
    address = factory.Sequence(lambda n: f"г. Новосибирск, ул. Ленина, д. {n + 1}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    kind = User.Kind.INDIVIDUAL
    email = factory.Sequence(lambda n: f"person{n}@example.com")

    @classmethod
    def _create(cls, model_class, *args, password=None, **kwargs):
        user = model_class(*args, **kwargs)
        user.set_password(password)
        user.save()
        return user


class OrganisationUserFactory(UserFactory):
    kind = User.Kind.LEGAL_ENTITY
    organisation = factory.SubFactory(OrganisationFactory)


class PersonalAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalAccount

    external_id = factory.Sequence(lambda n: f"PA-{n}")
    number = factory.Sequence(lambda n: f"01-{1000000 + n:07d}")
    building = factory.SubFactory(BuildingFactory)
    flat = factory.Sequence(lambda n: str(n % 200 + 1))
    last_name = "Иванова"
    first_name = "Анна"
    middle_name = "Сергеевна"


class ManagementCompanyUserFactory(OrganisationUserFactory):
    kind = User.Kind.MANAGEMENT_COMPANY
    organisation = factory.SubFactory(OrganisationFactory,
                                      kind=Organisation.Kind.MANAGEMENT_COMPANY,
                                      access_code=factory.Sequence(lambda n: f"UK-{200000 + n}"))


def billing_history(account, *, first, months: int, paid_share=Decimal("1.00")):
    """`months` of charges for both services from `first`, each paid (a share) the next month.

    Balances are rebuilt, as the import does.
    """
    from billing.models import Charge, PaymentReceived, Service
    from billing.periods import add_months
    from billing.services import balances_rebuild

    charges, payments = [], []
    for index in range(months):
        period = add_months(first, index)
        month_total = Decimal(0)
        for service, tariff in ((Service.COLD_WATER, Decimal("45.01")),
                                (Service.SEWERAGE, Decimal("36.30"))):
            volume = Decimal("5.000") + index % 3
            amount = (volume * tariff).quantize(Decimal("0.01"))
            month_total += amount
            charges.append(Charge(account=account, period=period, service=service,
                                  volume=volume, tariff=tariff, amount=amount,
                                  external_id=f"C-{account.number}-{period:%Y%m}-{service}"))
        paid = (month_total * paid_share).quantize(Decimal("0.01"))
        if paid > 0:
            payments.append(PaymentReceived(
                account=account, paid_on=add_months(period, 1).replace(day=10), amount=paid,
                channel=PaymentReceived.Channel.BANK,
                external_id=f"P-{account.number}-{period:%Y%m}"))
    Charge.objects.bulk_create(charges)
    PaymentReceived.objects.bulk_create(payments)
    balances_rebuild(account_ids=[account.pk])


class MeterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meters.Meter"

    external_id = factory.Sequence(lambda n: f"M-{n}")
    account = factory.SubFactory(PersonalAccountFactory)
    water = "cold"
    serial = factory.Sequence(lambda n: f"{40000000 + n}")
    place = "кухня"
    installed_on = date(2022, 5, 1)
    verification_due = date(2028, 5, 1)
    initial_reading = Decimal("0")


def published_document(organisation, *, number: str, title: str, content: bytes,
                       dated=date(2026, 10, 1)):
    """An act of the organisation's contract `number`, published as staff do it."""
    from django.core.files.base import ContentFile

    from billing.documents import document_publish
    from billing.models import Contract, Document

    contract = Contract.objects.create(organisation=organisation, number=number,
                                       signed_on=date(2024, 1, 1), external_id=f"K-{number}")
    document = Document(organisation=organisation, contract=contract, kind="act",
                        title=title, dated=dated)
    document.file.save("act.pdf", ContentFile(content), save=False)
    document_publish(document=document, actor=None)
    return document
