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
