"""`manage.py check`: the payment settings name banks and tax values the code knows."""

from django.conf import settings
from django.core.checks import Error, register

from .fiscal import TAXATION_SYSTEMS, VAT_RATES
from .gateways import GATEWAYS

# What each bank cannot work without.
CREDENTIALS = {"acquiring": ("PAYMENT_GATEWAY_URL", "PAYMENT_TERMINAL_KEY",
                             "PAYMENT_TERMINAL_PASSWORD"),
               "checkout": ("PAYMENT_CHECKOUT_URL", "PAYMENT_CHECKOUT_SHOP_ID",
                            "PAYMENT_CHECKOUT_SECRET_KEY")}


@register()
def payment_settings(app_configs, **kwargs) -> list[Error]:
    errors = []
    if not settings.PAYMENT_BANKS:
        errors.append(Error("PAYMENT_BANKS is empty: the payer has no bank to pay through.",
                            id="payments.E001"))
    for bank in settings.PAYMENT_BANKS:
        if bank not in GATEWAYS:
            errors.append(Error(f"PAYMENT_BANKS names {bank!r}; known: {sorted(GATEWAYS)}.",
                                id="payments.E002"))
            continue
        errors += [Error(f"{name} is empty, and PAYMENT_BANKS names {bank}.", id="payments.E003")
                   for name in CREDENTIALS[bank] if not getattr(settings, name, "")]
    if settings.FISCAL_VAT_RATE not in VAT_RATES:
        errors.append(Error(f"FISCAL_VAT_RATE must be one of {VAT_RATES}.", id="payments.E004"))
    if settings.FISCAL_TAXATION not in TAXATION_SYSTEMS:
        errors.append(Error(f"FISCAL_TAXATION must be one of {TAXATION_SYSTEMS}.",
                            id="payments.E005"))
    return errors
